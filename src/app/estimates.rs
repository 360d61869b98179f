//! How long restores take, from everything the dashboard knows: the jobs
//! Atlas lists now and those the history remembers after they left the
//! list. Durations feed the rows' ETAs, the detail pane and the timeline.
//!
//! Kept up to date by change: each cluster's samples are kept, and a new
//! store picture recomputes only the clusters whose job lists changed (all
//! of them when the jobs gone from Atlas's lists change, which is rare).
//! The 30-day window is applied when a cluster's samples are taken.

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use super::App;
use crate::atlas::{RestoreJob, Target};
use crate::history::{Durations, Estimate, Samples, samples_of};
use crate::poller::store::{StoreData, TargetState};

/// The duration stats and the samples they come from.
#[derive(Debug, Default)]
pub struct Estimates {
    /// The samples of each target's listed jobs, in the store's order.
    listed: Vec<Samples>,
    /// The samples of the jobs gone from each target's list.
    gone: HashMap<Target, Samples>,
    durations: Durations,
}

impl Estimates {
    /// The stats of every job in `data`, listed or gone, at `now`.
    pub fn build(data: &StoreData, now: DateTime<Utc>) -> Estimates {
        let listed = data
            .targets
            .iter()
            .map(|state| samples_of(state.jobs.iter(), now))
            .collect();
        let mut estimates = Estimates {
            listed,
            gone: gone_samples(data, now),
            durations: Durations::default(),
        };
        estimates.restat_all(data);
        estimates
    }

    /// Follows a new picture of the same targets in the same order: the
    /// targets at `changed` have new job lists, and the gone jobs changed
    /// when `gone_changed`.
    pub fn update(
        &mut self,
        data: &StoreData,
        changed: &[usize],
        gone_changed: bool,
        now: DateTime<Utc>,
    ) {
        if self.listed.len() != data.targets.len() {
            *self = Estimates::build(data, now);
            return;
        }
        for &at in changed {
            if let (Some(samples), Some(state)) = (self.listed.get_mut(at), data.targets.get(at)) {
                *samples = samples_of(state.jobs.iter(), now);
            }
        }
        if gone_changed {
            self.gone = gone_samples(data, now);
            self.restat_all(data);
            return;
        }
        for &at in changed {
            self.restat(data, at);
        }
    }

    pub fn durations(&self) -> &Durations {
        &self.durations
    }

    fn restat_all(&mut self, data: &StoreData) {
        self.durations = Durations::default();
        for at in 0..data.targets.len() {
            self.restat(data, at);
        }
        // Gone jobs of clusters no longer watched still count.
        for (target, samples) in &self.gone {
            if !data.targets.iter().any(|state| state.target == *target) {
                self.durations.set_target(target, [samples]);
            }
        }
    }

    /// Recomputes the stats of the target at `at` from its samples.
    fn restat(&mut self, data: &StoreData, at: usize) {
        let (Some(state), Some(listed)) = (data.targets.get(at), self.listed.get(at)) else {
            return;
        };
        let gone = self.gone.get(&state.target);
        let parts = [Some(listed), gone].into_iter().flatten();
        self.durations.set_target(&state.target, parts);
    }
}

/// The samples of the jobs gone from the lists, per target.
fn gone_samples(data: &StoreData, now: DateTime<Utc>) -> HashMap<Target, Samples> {
    let mut jobs: HashMap<&Target, Vec<&RestoreJob>> = HashMap::new();
    for past in data.history.gone.iter() {
        jobs.entry(&past.target).or_default().push(&past.job);
    }
    jobs.into_iter()
        .map(|(target, jobs)| (target.clone(), samples_of(jobs, now)))
        .collect()
}

impl App {
    /// How long restores take, per cluster and delivery type: the jobs
    /// listed and those the history remembers.
    pub fn durations(&self) -> &Durations {
        self.estimates.durations()
    }

    /// When `job` of `state`, in progress, should be done; `None` when it
    /// is not running or its kind has too few durations.
    pub fn estimate(&self, state: &TargetState, job: &RestoreJob) -> Option<Estimate> {
        self.durations().estimate(&state.target, job)
    }
}
