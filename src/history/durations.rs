//! How long restores take, and when a running one should be done: a
//! finished job's duration is `finishedAt` minus its creation time (the
//! time inside its ObjectId); per cluster and delivery type, the durations
//! of the last 30 days give a count, a median (p50) and a p95; a job still
//! running gets an estimate from the median once there are enough samples.
//! Pure arithmetic: the jobs and `now` come in.

use std::collections::HashMap;

use chrono::{DateTime, TimeDelta, Utc};

use crate::atlas::{DeliveryType, JobStatus, RestoreJob, Target};

/// Only durations of jobs created this recently count.
pub const WINDOW: TimeDelta = TimeDelta::days(30);
/// An estimate needs at least this many durations of its kind.
pub const MIN_SAMPLES: usize = 3;

/// The durations of one kind of restore.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DurationStats {
    pub count: usize,
    pub p50: TimeDelta,
    pub p95: TimeDelta,
}

impl DurationStats {
    /// The stats of `durations` (nearest-rank percentiles); `None` when empty.
    pub fn of(mut durations: Vec<TimeDelta>) -> Option<DurationStats> {
        durations.sort_unstable();
        let rank = |percent: usize| {
            let index = (percent * durations.len()).div_ceil(100).saturating_sub(1);
            durations.get(index).copied()
        };
        Some(DurationStats {
            count: durations.len(),
            p50: rank(50)?,
            p95: rank(95)?,
        })
    }
}

/// When a running job should be done, going by its kind's median.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Estimate {
    /// The median's finish: created + p50.
    pub done_at: DateTime<Utc>,
    /// What it is based on.
    pub stats: DurationStats,
}

impl Estimate {
    /// Time left at `now`; negative once the job runs past the median.
    pub fn left(&self, now: DateTime<Utc>) -> TimeDelta {
        self.done_at - now
    }
}

/// The duration of `job` if it finished its work: finished, or a download
/// made ready (and perhaps expired since); failed and cancelled jobs say
/// nothing of how long a restore takes.
pub fn duration_of(job: &RestoreJob) -> Option<TimeDelta> {
    let counts = matches!(
        job.status(),
        JobStatus::Finished | JobStatus::Ready | JobStatus::Expired
    );
    let duration = job.finished_at? - job.created()?;
    (counts && duration >= TimeDelta::zero()).then_some(duration)
}

/// One cluster's durations per delivery type, before their stats.
pub type Samples = HashMap<DeliveryType, Vec<TimeDelta>>;

/// The durations of `jobs` (of one cluster) created within [`WINDOW`] of
/// `now`, per delivery type.
pub fn samples_of<'a>(
    jobs: impl IntoIterator<Item = &'a RestoreJob>,
    now: DateTime<Utc>,
) -> Samples {
    let mut samples = Samples::new();
    for job in jobs {
        let recent = job.created().is_some_and(|created| now - created <= WINDOW);
        if let (true, Some(duration)) = (recent, duration_of(job)) {
            samples
                .entry(job.delivery_type.clone())
                .or_default()
                .push(duration);
        }
    }
    samples
}

/// Duration stats per cluster and delivery type.
#[derive(Debug, Default, Clone)]
pub struct Durations {
    stats: HashMap<Target, HashMap<DeliveryType, DurationStats>>,
}

impl Durations {
    /// The stats of every cluster's jobs created within [`WINDOW`] of `now`.
    pub fn of<'a>(
        clusters: impl IntoIterator<Item = (&'a Target, &'a [RestoreJob])>,
        now: DateTime<Utc>,
    ) -> Durations {
        let jobs = clusters
            .into_iter()
            .flat_map(|(target, jobs)| jobs.iter().map(move |job| (target, job)));
        Durations::of_jobs(jobs, now)
    }

    /// The stats of `jobs`, each with its cluster, created within
    /// [`WINDOW`] of `now`.
    pub fn of_jobs<'a>(
        jobs: impl IntoIterator<Item = (&'a Target, &'a RestoreJob)>,
        now: DateTime<Utc>,
    ) -> Durations {
        let mut by_target: HashMap<&Target, Vec<&RestoreJob>> = HashMap::new();
        for (target, job) in jobs {
            by_target.entry(target).or_default().push(job);
        }
        let mut durations = Durations::default();
        for (target, jobs) in by_target {
            durations.set_target(target, [&samples_of(jobs, now)]);
        }
        durations
    }

    /// Replaces `target`'s stats with those of `samples` merged: the
    /// durations of its listed jobs and of those gone, say.
    pub fn set_target<'a>(
        &mut self,
        target: &Target,
        samples: impl IntoIterator<Item = &'a Samples>,
    ) {
        let mut merged: HashMap<&DeliveryType, Vec<TimeDelta>> = HashMap::new();
        for part in samples {
            for (delivery, durations) in part {
                merged.entry(delivery).or_default().extend(durations);
            }
        }
        let stats: HashMap<_, _> = merged
            .into_iter()
            .filter_map(|(delivery, durations)| {
                Some((delivery.clone(), DurationStats::of(durations)?))
            })
            .collect();
        if stats.is_empty() {
            self.stats.remove(target);
        } else {
            self.stats.insert(target.clone(), stats);
        }
    }

    /// The stats of `target`'s restores, by delivery type (in no order).
    pub fn of_target(
        &self,
        target: &Target,
    ) -> impl Iterator<Item = (&DeliveryType, DurationStats)> + '_ {
        self.stats
            .get(target)
            .into_iter()
            .flatten()
            .map(|(delivery, stats)| (delivery, *stats))
    }

    /// Every kind's stats, by cluster then delivery type.
    pub fn all(&self) -> Vec<(&Target, &DeliveryType, DurationStats)> {
        let mut all: Vec<_> = self
            .stats
            .iter()
            .flat_map(|(target, kinds)| {
                kinds
                    .iter()
                    .map(move |(delivery, stats)| (target, delivery, *stats))
            })
            .collect();
        all.sort_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
        all
    }

    /// The stats of `target`'s restores of `delivery` type.
    pub fn stats(&self, target: &Target, delivery: &DeliveryType) -> Option<DurationStats> {
        self.stats.get(target)?.get(delivery).copied()
    }

    /// When `job` of `target`, still in progress, should be done; `None`
    /// for a job not running or with fewer than [`MIN_SAMPLES`] of its kind.
    pub fn estimate(&self, target: &Target, job: &RestoreJob) -> Option<Estimate> {
        if job.status() != JobStatus::InProgress {
            return None;
        }
        let stats = self.stats(target, &job.delivery_type)?;
        (stats.count >= MIN_SAMPLES).then_some(())?;
        Some(Estimate {
            done_at: job.created()? + stats.p50,
            stats,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn minutes(n: i64) -> TimeDelta {
        TimeDelta::minutes(n)
    }

    #[test]
    fn percentiles_are_nearest_rank() {
        let stats = DurationStats::of([3, 1, 2].map(minutes).to_vec()).expect("three");
        assert_eq!(
            (stats.count, stats.p50, stats.p95),
            (3, minutes(2), minutes(3))
        );
        let twenty = (1..=20).map(minutes).collect();
        let stats = DurationStats::of(twenty).expect("twenty");
        assert_eq!((stats.p50, stats.p95), (minutes(10), minutes(19)));
        assert_eq!(DurationStats::of(Vec::new()), None);
    }
}
