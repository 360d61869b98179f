//! The job kept in view after a cancel: cancelling changes its status, so
//! in a filtered view (`7`, `status:progress`) it would leave the table and
//! the selection land on a neighbour, where `x y` again would cancel
//! another job. The filter keeps the cancelled job instead, selected and
//! marked, until the selection moves off it or the filter changes.

use super::App;
use super::filter::Pin;
use crate::atlas::{RestoreJob, Target};
use crate::poller::store::TargetState;

impl App {
    /// Keeps `id` of `target` in view whatever the filter says.
    pub(super) fn pin(&mut self, target: Target, id: String) {
        self.filter.set_pin(Some(Pin { target, id }));
    }

    /// Drops the kept job; its row goes when only the pin showed it.
    pub(super) fn unpin(&mut self) {
        if self.unpin_quietly() {
            self.refilter();
        }
    }

    /// Drops the kept job; says whether it was shown only for being kept
    /// (then the rows must be filtered again).
    pub(super) fn unpin_quietly(&mut self) -> bool {
        let outside = self.kept_outside_filter().is_some();
        self.filter.set_pin(None);
        outside
    }

    /// The kept job, while it is shown though the filter does not pass it
    /// (the table says why it is there).
    pub fn kept_outside_filter(&self) -> Option<(&TargetState, &RestoreJob)> {
        let pin = self.filter.pin()?;
        let at = (self.data.targets.iter()).position(|t| t.target == pin.target)?;
        let state = self.data.targets.get(at)?;
        let job = state.jobs.iter().find(|job| *job.id == *pin.id)?;
        let matcher = self.filter.unpinned_matcher();
        let hits = matcher.target_hits(state, self.cluster_label(at));
        let status = job.status_at(self.now);
        (!matcher.job_matches(hits, job, status)).then_some((state, job))
    }
}
