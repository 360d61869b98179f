//! The selected job: named by its target and id so that it is found again
//! when the index is rebuilt (new data, sort or filter), and its detail
//! shown from the top when it changes.

use super::App;
use crate::atlas::{RestoreJob, Target};
use crate::poller::store::TargetState;

/// A job named so that it can be found again in a new store picture.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct JobKey {
    target: Target,
    id: String,
}

impl App {
    pub fn selected_job(&self) -> Option<(&TargetState, &RestoreJob)> {
        let at = self.index.get(self.cursor.selected)?;
        self.job_at(*at)
    }

    /// The selected row number, when there is a row.
    pub fn selected_row(&self) -> Option<usize> {
        (self.cursor.selected < self.index.len()).then_some(self.cursor.selected)
    }

    /// Selects the row of the job selected before the index changed.
    pub(super) fn follow_selection(&mut self) {
        let row = self
            .selected
            .as_ref()
            .and_then(|key| self.row_of(key))
            .unwrap_or(self.cursor.selected);
        self.select_row(row);
    }

    /// Selects `row` (clamped) and remembers which job that is.
    pub(super) fn select_row(&mut self, row: usize) {
        self.cursor.select(row, self.index.len());
        let key = self.selected_job().map(|(state, job)| JobKey {
            target: state.target.clone(),
            id: job.id.clone(),
        });
        if key != self.selected {
            self.detail_scroll = 0;
            self.selected = key;
        }
    }

    fn row_of(&self, key: &JobKey) -> Option<usize> {
        let target = self
            .data
            .targets
            .iter()
            .position(|t| t.target == key.target)?;
        let jobs = &self.data.targets.get(target)?.jobs;
        self.index.iter().position(|at| {
            at.target == target && jobs.get(at.job).is_some_and(|job| job.id == key.id)
        })
    }
}
