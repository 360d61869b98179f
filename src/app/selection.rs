//! The selected job: named by its target and id so that it is found again
//! when the index is rebuilt (new data, sort or filter), its detail shown
//! from the top when it changes, and its snapshot asked for once.

use super::{App, Effect};
use crate::atlas::{ClusterKind, RestoreJob, Target};
use crate::poller::store::TargetState;

/// A job named so that it can be found again in a new store picture.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct JobKey {
    target: Target,
    id: String,
}

impl App {
    /// The fetch of the selected job's snapshot, once, when the store has
    /// not got it. Keys, the mouse and [`App::set_data`] return it already;
    /// call it for an app built on a picture that holds jobs.
    pub fn fetch_selected_snapshot(&mut self) -> Option<Effect> {
        let (state, job) = self.selected_job()?;
        // A Flex snapshot is another resource (and shape): not fetched.
        if job.kind() == ClusterKind::Flex {
            return None;
        }
        let snapshot_id = job.snapshot_id.as_deref().filter(|id| !id.is_empty())?;
        if self.data.snapshots.contains_key(snapshot_id) || self.asked.contains(snapshot_id) {
            return None;
        }
        let (target, sharded) = (state.target.clone(), !job.components.is_empty());
        let snapshot_id = snapshot_id.to_string();
        self.asked.insert(&snapshot_id);
        Some(Effect::FetchSnapshot {
            target,
            snapshot_id,
            sharded,
        })
    }

    /// Runs `change` (a key, a click); its effect, else the fetch of the
    /// snapshot of the job the selection moved to. No change both moves the
    /// selection and has an effect of its own.
    pub(super) fn moving(
        &mut self,
        change: impl FnOnce(&mut App) -> Option<Effect>,
    ) -> Option<Effect> {
        let before = self.selected.clone();
        let effect = change(self);
        if effect.is_none() && self.selected != before {
            return self.fetch_selected_snapshot();
        }
        effect
    }

    pub fn selected_job(&self) -> Option<(&TargetState, &RestoreJob)> {
        let at = self.index.get(self.cursor.selected)?;
        self.job_at(at)
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

    /// Selects `row` (clamped) and remembers which job that is; a job kept
    /// in view ([`App::pin`]) is let go once another is selected.
    pub(super) fn select_row(&mut self, row: usize) {
        self.cursor.select(row, self.index.len());
        let key = self.selected_job().map(|(state, job)| JobKey {
            target: state.target.clone(),
            id: job.id.to_string(),
        });
        if key != self.selected {
            self.detail_scroll = 0;
            self.selected = key;
        }
        let kept = self.filter.pin().is_some_and(|pin| {
            (self.selected.as_ref()).is_some_and(|key| key.target == pin.target && key.id == pin.id)
        });
        if self.filter.pin().is_some() && !kept {
            self.unpin();
        }
    }

    fn row_of(&self, key: &JobKey) -> Option<usize> {
        let target = self
            .data
            .targets
            .iter()
            .position(|t| t.target == key.target)?;
        let jobs = &self.data.targets.get(target)?.jobs;
        self.index.refs().position(|at| {
            at.target == target && jobs.get(at.job).is_some_and(|job| job.id == key.id)
        })
    }
}
