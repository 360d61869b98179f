//! What the history adds to the dashboard's picture of Atlas: whether the
//! file is being kept (and why not), the jobs that left Atlas's lists, and
//! what happened while the dashboard was closed. The history's writer
//! publishes it in the store; the view reads it like any other state.

use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::Arc;

use chrono::{DateTime, Utc};

use super::{HistoryErrorKind, NoticeKey, Transition};
use crate::atlas::{RestoreJob, Target};

/// The history as the dashboard sees it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HistoryView {
    pub state: HistoryState,
    /// Jobs the file holds that Atlas no longer lists, created within
    /// [`super::WINDOW`] when the file was opened or since, oldest first;
    /// each shared, so that a cluster's update copies none of the others.
    pub gone: Arc<Vec<Arc<PastJob>>>,
    /// Status changes that happened while no dashboard watched: a target's
    /// first answer this session compared with what the file held, in the
    /// order they were found.
    pub while_closed: Arc<Vec<Transition>>,
    /// The notifications the file says were sent lately (by this dashboard
    /// before a restart, or by another on the same file): not sent again.
    pub notified: Arc<HashSet<NoticeKey>>,
}

impl HistoryView {
    /// Whether `other` shows the same: the same state and the very same
    /// lists.
    pub fn same_as(&self, other: &HistoryView) -> bool {
        self.state == other.state
            && Arc::ptr_eq(&self.gone, &other.gone)
            && Arc::ptr_eq(&self.while_closed, &other.while_closed)
            && Arc::ptr_eq(&self.notified, &other.notified)
    }
}

/// Whether the history is kept.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum HistoryState {
    /// `--no-history` (or the demo without `--history`).
    #[default]
    Off,
    /// The file is being opened: what it says was announced is not known
    /// yet, so nothing is announced until it is.
    Opening { path: PathBuf },
    /// Every change is written to the file at `path`.
    Kept { path: PathBuf },
    /// The file could not be opened or written: the dashboard goes on from
    /// memory and the status bar says why. Writing is tried again with the
    /// next change.
    Failing {
        path: PathBuf,
        kind: HistoryErrorKind,
        /// The error in full, for the log and the events panel.
        message: String,
        since: DateTime<Utc>,
    },
}

impl HistoryState {
    /// Whether the file is still being opened.
    pub fn is_opening(&self) -> bool {
        matches!(self, HistoryState::Opening { .. })
    }

    /// The warning for the status bar, when the file is failing.
    pub fn warning(&self) -> Option<String> {
        match self {
            HistoryState::Failing { kind, .. } => Some(format!(
                "history not saved: {}; going on from memory",
                kind.words()
            )),
            HistoryState::Off | HistoryState::Opening { .. } | HistoryState::Kept { .. } => None,
        }
    }
}

/// A job that left Atlas's list, as the file last had it.
#[derive(Debug, Clone, PartialEq)]
pub struct PastJob {
    pub target: Target,
    pub job: RestoreJob,
    pub gone_at: DateTime<Utc>,
}
