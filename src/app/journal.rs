//! The session's journal: every status change of a watched job seen since
//! the dashboard started (a job turning failed, a new job, a link expiring),
//! for the table's change markers, the events panel and the count of new
//! failures. Bounded: the log is capped, and what the watched clusters no
//! longer hold is forgotten.

use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::Arc;

use chrono::{DateTime, TimeDelta, Utc};

use crate::atlas::model::Text;
use crate::atlas::{JobStatus, RestoreJob, Target};
use crate::history::Transition;
use crate::poller::store::{StoreData, TargetState};

/// How many changes the log keeps; the oldest go first.
pub const LOG_CAPACITY: usize = 1_000;
/// How many unacknowledged failures are kept by name (more are counted).
pub const FAILURES_CAPACITY: usize = 1_000;
/// How long a row carries the marker of its latest change.
pub const MARKER_FOR: TimeDelta = TimeDelta::minutes(10);

/// One status change of one job.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// When it was seen: the `fetched_at` of the answer that showed it, or
    /// the instant the clock made it (a link's `expiresAt`).
    pub at: DateTime<Utc>,
    pub target: Target,
    /// How the table named the target then.
    pub cluster: String,
    pub job_id: Text,
    /// `None` for a job not seen before.
    pub from: Option<JobStatus>,
    pub to: JobStatus,
    /// Found by the history at start: it happened while no dashboard was
    /// watching (`at` is Atlas's time of it where it has one).
    pub while_closed: bool,
}

/// A job's latest change, for its row's marker.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Marker {
    pub at: DateTime<Utc>,
    pub from: Option<JobStatus>,
    pub to: JobStatus,
}

impl Marker {
    /// The instant the marker leaves the row.
    pub fn ends_at(&self) -> DateTime<Utc> {
        self.at.checked_add_signed(MARKER_FOR).unwrap_or(self.at)
    }

    /// Whether the row shows it at `now`.
    pub fn shown_at(&self, now: DateTime<Utc>) -> bool {
        now < self.ends_at()
    }
}

/// A job that failed this session, not yet acknowledged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewFailure {
    pub at: DateTime<Utc>,
    pub target: Target,
    pub cluster: String,
    pub job_id: Text,
}

/// What was seen of one target's jobs.
#[derive(Debug)]
struct Seen {
    /// The job list last looked at: the same list is not looked at again.
    jobs: Arc<Vec<RestoreJob>>,
    statuses: HashMap<Text, JobStatus>,
    /// The latest change of each job that had one (while its marker shows).
    marked: HashMap<Text, Marker>,
    /// The soonest `expiresAt` of a link seen ready.
    next_expiry: Option<DateTime<Utc>>,
    /// The `fetched_at` of the baseline: a link that expired before it
    /// expired before the session saw it, which is no change.
    baseline_at: DateTime<Utc>,
}

/// The changes of this session and what they were measured against.
#[derive(Debug, Default)]
pub struct Journal {
    targets: HashMap<Target, Seen>,
    log: VecDeque<Change>,
    failures: VecDeque<NewFailure>,
    /// Failures beyond [`FAILURES_CAPACITY`], counted but not named.
    unnamed_failures: usize,
    /// How many of the history's changes found at start were taken in.
    while_closed_taken: usize,
}

impl Journal {
    /// Takes in a store picture at `now`: the targets at `changed` (every
    /// target when `None`, and then the ones no longer watched are
    /// forgotten), each named by `labels` at the same position. A target's
    /// first loaded job list is the baseline and yields no change.
    pub fn observe(
        &mut self,
        data: &StoreData,
        changed: Option<&[usize]>,
        labels: &[String],
        now: DateTime<Utc>,
    ) {
        let label = |at: usize| labels.get(at).map_or("", String::as_str);
        match changed {
            Some(changed) => {
                for &at in changed {
                    if let Some(state) = data.targets.get(at) {
                        self.look_at(state, label(at), now);
                    }
                }
            }
            None => {
                for (at, state) in data.targets.iter().enumerate() {
                    self.look_at(state, label(at), now);
                }
                self.forget_unwatched(data);
            }
        }
    }

    fn look_at(&mut self, state: &TargetState, cluster: &str, now: DateTime<Utc>) {
        let Some(fetched_at) = state.fetched_at else {
            return;
        };
        let Some(seen) = self.targets.get_mut(&state.target) else {
            let seen = Seen::baseline(&state.jobs, fetched_at, now);
            self.targets.insert(state.target.clone(), seen);
            return;
        };
        if Arc::ptr_eq(&seen.jobs, &state.jobs) {
            return;
        }
        // Updated in place: a changed answer mostly holds the same jobs.
        let mut changes = Vec::new();
        let mut soonest = None;
        for job in state.jobs.iter() {
            let to = job.status_at(now);
            if to == JobStatus::Ready {
                soonest = earlier(soonest, job.expires_at);
            }
            match seen.statuses.get_mut(&job.id) {
                Some(status) if *status == to => {}
                Some(status) => {
                    changes.push((job.id.clone(), Some(*status), to));
                    *status = to;
                }
                None => {
                    changes.push((job.id.clone(), None, to));
                    seen.statuses.insert(job.id.clone(), to);
                }
            }
        }
        if seen.statuses.len() != state.jobs.len() {
            let present: HashSet<&str> = state.jobs.iter().map(|job| job.id.as_str()).collect();
            seen.statuses.retain(|id, _| present.contains(id.as_str()));
        }
        seen.jobs = Arc::clone(&state.jobs);
        seen.next_expiry = soonest;
        let statuses = &seen.statuses;
        seen.marked
            .retain(|id, marker| statuses.contains_key(id) && marker.shown_at(now));
        for (job_id, from, to) in changes {
            self.note(Change {
                at: fetched_at,
                target: state.target.clone(),
                cluster: cluster.to_string(),
                job_id,
                from,
                to,
                while_closed: false,
            });
        }
    }

    /// Records a change the clock made, with no poll showing it (a ready
    /// link reaching its `expiresAt`), when the journal last saw the job
    /// `from`; returns whether it was recorded. A poll that later shows the
    /// job `to` records nothing more, and neither does a second call.
    pub fn record_clock_change(
        &mut self,
        target: &Target,
        cluster: &str,
        job_id: &str,
        (from, to): (JobStatus, JobStatus),
        at: DateTime<Utc>,
    ) -> bool {
        let Some(seen) = self.targets.get_mut(target) else {
            return false;
        };
        let Some(status) = seen.statuses.get_mut(job_id) else {
            return false;
        };
        if *status != from || from == to {
            return false;
        }
        *status = to;
        seen.next_expiry = next_expiry(&seen.jobs, &seen.statuses);
        self.note(Change {
            at,
            target: target.clone(),
            cluster: cluster.to_string(),
            job_id: job_id.into(),
            from: Some(from),
            to,
            while_closed: false,
        });
        true
    }

    /// Takes in the history's changes found at start (what happened while
    /// no dashboard watched), `all` being every one found so far: those
    /// not taken yet are logged, marked as such, and failures among them
    /// count as new. `label` names each cluster as the table does.
    pub fn take_while_closed(&mut self, all: &[Transition], label: impl Fn(&Target) -> String) {
        let fresh = all.get(self.while_closed_taken..).unwrap_or_default();
        self.while_closed_taken = all.len();
        for change in fresh {
            self.note(Change {
                at: change.atlas_at.unwrap_or(change.observed_at),
                target: change.target.clone(),
                cluster: label(&change.target),
                job_id: change.job_id.as_str().into(),
                from: change.from,
                to: change.to,
                while_closed: true,
            });
        }
    }

    /// Records every link seen ready whose `expiresAt` has come by `now` as
    /// turned expired then (no poll needed). Cheap when none has: the
    /// soonest expiry of each target is kept.
    pub fn expire_links(&mut self, now: DateTime<Utc>, label: impl Fn(&Target) -> String) {
        let due: Vec<Target> = self
            .targets
            .iter()
            .filter(|(_, seen)| seen.next_expiry.is_some_and(|at| at <= now))
            .map(|(target, _)| target.clone())
            .collect();
        for target in due {
            let Some(seen) = self.targets.get(&target) else {
                continue;
            };
            let expired: Vec<(Text, DateTime<Utc>)> = seen
                .jobs
                .iter()
                .filter(|job| seen.statuses.get(&job.id) == Some(&JobStatus::Ready))
                .filter_map(|job| job.expires_at.map(|at| (job.id.clone(), at)))
                .filter(|(_, at)| *at <= now)
                .collect();
            let baseline_at = seen.baseline_at;
            let cluster = label(&target);
            for (id, at) in expired {
                let change = (JobStatus::Ready, JobStatus::Expired);
                if at <= baseline_at {
                    self.correct_baseline(&target, &id, JobStatus::Expired);
                } else {
                    self.record_clock_change(&target, &cluster, &id, change, at);
                }
            }
        }
    }

    /// A status the baseline took with a clock behind the answer (a link
    /// already expired when first seen), put right without a change.
    fn correct_baseline(&mut self, target: &Target, job_id: &str, status: JobStatus) {
        if let Some(seen) = self.targets.get_mut(target) {
            if let Some(known) = seen.statuses.get_mut(job_id) {
                *known = status;
            }
            seen.next_expiry = next_expiry(&seen.jobs, &seen.statuses);
        }
    }

    /// The app's clock moved to `now`: records the links that expired by
    /// `now`.
    pub fn clock(&mut self, now: DateTime<Utc>, label: impl Fn(&Target) -> String) {
        self.expire_links(now, label);
    }

    /// The soonest instant a link seen ready expires, after which
    /// [`Journal::expire_links`] has something to record.
    #[cfg(test)]
    pub fn next_expiry(&self) -> Option<DateTime<Utc>> {
        self.targets.values().filter_map(|s| s.next_expiry).min()
    }

    fn note(&mut self, change: Change) {
        if let Some(seen) = self.targets.get_mut(&change.target) {
            let marker = Marker {
                at: change.at,
                from: change.from,
                to: change.to,
            };
            seen.marked.insert(change.job_id.clone(), marker);
        }
        if change.to == JobStatus::Failed {
            if self.failures.len() == FAILURES_CAPACITY {
                self.failures.pop_front();
                self.unnamed_failures += 1;
            }
            self.failures.push_back(NewFailure {
                at: change.at,
                target: change.target.clone(),
                cluster: change.cluster.clone(),
                job_id: change.job_id.clone(),
            });
        }
        if self.log.len() == LOG_CAPACITY {
            self.log.pop_front();
        }
        self.log.push_back(change);
    }

    fn forget_unwatched(&mut self, data: &StoreData) {
        let watched: HashSet<&Target> = data.targets.iter().map(|t| &t.target).collect();
        self.targets.retain(|target, _| watched.contains(target));
        self.failures
            .retain(|failure| watched.contains(&failure.target));
    }

    /// The changes kept, oldest first.
    pub fn changes(&self) -> &VecDeque<Change> {
        &self.log
    }

    /// The latest change of `job_id` of `target`, while its marker shows.
    pub fn marker(&self, target: &Target, job_id: &str, now: DateTime<Utc>) -> Option<Marker> {
        let seen = self.targets.get(target)?;
        if seen.marked.is_empty() {
            return None;
        }
        seen.marked
            .get(job_id)
            .copied()
            .filter(|marker| marker.shown_at(now))
    }

    /// The soonest instant after `now` at which a shown marker goes.
    pub fn next_marker_change(&self, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        self.targets
            .values()
            .flat_map(|seen| seen.marked.values())
            .map(Marker::ends_at)
            .filter(|&ends| ends > now)
            .min()
    }

    /// The failures not yet acknowledged, oldest first.
    pub fn new_failures(&self) -> &VecDeque<NewFailure> {
        &self.failures
    }

    /// How many failures are unacknowledged (also those beyond the cap).
    pub fn new_failure_count(&self) -> usize {
        self.failures.len() + self.unnamed_failures
    }

    /// Forgets the new failures (the log keeps them); returns how many.
    pub fn acknowledge(&mut self) -> usize {
        let count = self.new_failure_count();
        self.failures.clear();
        self.unnamed_failures = 0;
        count
    }

    /// How many jobs are remembered over all targets (for tests of
    /// pruning).
    #[cfg(test)]
    pub fn remembered_jobs(&self) -> usize {
        self.targets.values().map(|seen| seen.statuses.len()).sum()
    }

    /// How many targets are remembered.
    #[cfg(test)]
    pub fn remembered_targets(&self) -> usize {
        self.targets.len()
    }
}

impl Seen {
    /// The first loaded list: every status taken in silently.
    fn baseline(jobs: &Arc<Vec<RestoreJob>>, at: DateTime<Utc>, now: DateTime<Utc>) -> Seen {
        let statuses: HashMap<Text, JobStatus> = jobs
            .iter()
            .map(|job| (job.id.clone(), job.status_at(now)))
            .collect();
        Seen {
            next_expiry: next_expiry(jobs, &statuses),
            jobs: Arc::clone(jobs),
            statuses,
            marked: HashMap::new(),
            baseline_at: at,
        }
    }
}

/// The earlier of two instants, either of which may be unknown.
fn earlier(a: Option<DateTime<Utc>>, b: Option<DateTime<Utc>>) -> Option<DateTime<Utc>> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// The soonest expiry of the jobs seen ready.
fn next_expiry(jobs: &[RestoreJob], statuses: &HashMap<Text, JobStatus>) -> Option<DateTime<Utc>> {
    jobs.iter()
        .filter(|job| statuses.get(&job.id) == Some(&JobStatus::Ready))
        .filter_map(|job| job.expires_at)
        .min()
}
