//! How long restores take, from everything the dashboard knows: the jobs
//! Atlas lists now and those the history remembers after they left the
//! list. Durations feed the rows' ETAs, the detail pane and the timeline.

use chrono::{DateTime, Utc};

use crate::history::Durations;
use crate::poller::store::StoreData;

/// The duration stats of every job in `data`, listed or gone, at `now`.
pub fn durations_of(data: &StoreData, now: DateTime<Utc>) -> Durations {
    let listed = data
        .targets
        .iter()
        .flat_map(|state| state.jobs.iter().map(move |job| (&state.target, job)));
    let gone = data
        .history
        .gone
        .iter()
        .map(|past| (&past.target, &past.job));
    Durations::of_jobs(listed.chain(gone), now)
}
