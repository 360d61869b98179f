//! The shared state between the poller and the dashboard: one whole
//! snapshot per target, replaced atomically, and a change notification.
//!
//! The poller writes; the UI reads an immutable [`StoreData`] (an `Arc`), so
//! drawing never holds a lock and never sees half a refresh.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};

use chrono::{DateTime, Utc};
use tokio::sync::watch;

use crate::atlas::AtlasError;
use crate::atlas::failure;
use crate::atlas::fingerprint::Fingerprint;
use crate::atlas::snapshot::Snapshot;
use crate::atlas::{ClusterKind, RestoreJob, Target};
use crate::history::HistoryView;

/// The latest failure of a target's poll.
#[derive(Debug, Clone, PartialEq)]
pub struct TargetError {
    /// The operator's words, from [`failure::describe`].
    pub message: String,
    pub at: DateTime<Utc>,
    /// The short code a summary shows ([`failure::short_code`]): `503`,
    /// `timeout`, `connect`…
    pub code: String,
    /// The HTTP status, when there was an answer.
    pub status: Option<u16>,
    /// Atlas's `errorCode`, when the answer had one.
    pub error_code: Option<String>,
    /// When this run of failures began: the first failed poll since the
    /// last success (or since the target was added).
    pub since: DateTime<Utc>,
    /// Failed polls in a row, this one included.
    pub failures: u32,
}

impl TargetError {
    /// A failure known only by its words (`code` says `error`).
    pub fn new(message: impl Into<String>, at: DateTime<Utc>) -> TargetError {
        TargetError {
            message: message.into(),
            at,
            code: "error".to_string(),
            status: None,
            error_code: None,
            since: at,
            failures: 1,
        }
    }

    /// `error` of a request for `target`, at `at`.
    pub fn from_atlas(error: &AtlasError, target: &Target, at: DateTime<Utc>) -> TargetError {
        TargetError {
            code: failure::short_code(error),
            status: error.status(),
            error_code: error.error_code().map(str::to_string),
            ..TargetError::new(failure::describe(error, target), at)
        }
    }

    /// The same failure with another short code.
    pub fn with_code(self, code: impl Into<String>) -> TargetError {
        TargetError {
            code: code.into(),
            ..self
        }
    }

    /// This failure following `previous`, the target's failure before it
    /// (none after a success): the run keeps its start and counts on.
    pub fn after(self, previous: Option<&TargetError>) -> TargetError {
        match previous {
            Some(previous) => TargetError {
                since: previous.since.min(self.at),
                failures: previous.failures.saturating_add(1),
                ..self
            },
            None => self,
        }
    }
}

/// What the store knows of one target.
#[derive(Debug, Clone, PartialEq)]
pub struct TargetState {
    pub target: Target,
    /// The human name of the project, when known.
    pub project_name: Option<String>,
    /// The last complete list of jobs; a failed poll never clears it.
    pub jobs: Arc<Vec<RestoreJob>>,
    /// The answer `jobs` was read from: an answer byte for byte the same
    /// is not parsed again.
    pub answer: Arc<Fingerprint>,
    pub total_count: Option<u64>,
    /// When the last successful poll finished.
    pub fetched_at: Option<DateTime<Utc>>,
    /// Set when the latest poll failed; cleared by a success.
    pub last_error: Option<TargetError>,
    pub next_poll: Option<DateTime<Utc>>,
    pub in_flight: bool,
    /// Dedicated or Flex, as the client last learnt it (dedicated until
    /// the first poll of a cluster the listings did not name).
    pub kind: ClusterKind,
}

impl TargetState {
    pub fn new(target: Target) -> TargetState {
        TargetState {
            target,
            project_name: None,
            jobs: Arc::new(Vec::new()),
            answer: Arc::new(Fingerprint::default()),
            total_count: None,
            fetched_at: None,
            last_error: None,
            next_poll: None,
            in_flight: false,
            kind: ClusterKind::Dedicated,
        }
    }

    /// Dedicated or Flex (its [`ClusterKind::word`] is what a filter matches).
    pub fn kind(&self) -> ClusterKind {
        self.kind
    }

    /// The cluster's name as the detail pane shows it: `name (Flex)` for
    /// a Flex cluster.
    pub fn cluster_text(&self) -> std::borrow::Cow<'_, str> {
        match self.kind {
            ClusterKind::Dedicated => self.target.cluster_name.as_str().into(),
            ClusterKind::Flex => format!("{} (Flex)", self.target.cluster_name).into(),
        }
    }

    /// Failing now: the latest poll ended in an error.
    pub fn is_failing(&self) -> bool {
        self.last_error.is_some()
    }
}

/// What is known of a snapshot the detail pane asked for.
#[derive(Debug, Clone, PartialEq)]
pub enum SnapshotInfo {
    Loading,
    Loaded(Box<Snapshot>),
    /// Atlas answered 404 `SNAPSHOT_NOT_FOUND`.
    Missing,
    Failed(String),
}

/// The projects and clusters the key can see, for the cluster picker.
#[derive(Debug, Clone, Default, PartialEq)]
pub enum Inventory {
    #[default]
    NotLoaded,
    Loading,
    Loaded(Vec<ProjectClusters>),
    Failed(String),
}

/// One project and its clusters (or why they could not be listed).
#[derive(Debug, Clone, PartialEq)]
pub struct ProjectClusters {
    pub project: crate::atlas::inventory::Project,
    pub clusters: Result<Vec<crate::atlas::inventory::Cluster>, String>,
}

/// An immutable picture of everything the poller knows.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StoreData {
    pub targets: Vec<TargetState>,
    /// Snapshot details by snapshot id.
    pub snapshots: HashMap<String, SnapshotInfo>,
    /// Bumped on every change; lets the UI skip work when nothing changed.
    pub version: u64,
    /// How often targets are polled, for the header.
    pub interval: std::time::Duration,
    /// Standing warnings for the status bar (e.g. credentials over plain
    /// http), set at start.
    pub notices: Vec<String>,
    /// Why the projects' human names could not be listed (they are retried
    /// with back-off; group ids are shown until then).
    pub names_error: Option<TargetError>,
    /// Projects whose clusters could not be listed, by group id.
    pub project_errors: std::collections::BTreeMap<String, TargetError>,
    /// What the cluster picker offers.
    pub inventory: Inventory,
    /// The projects watched whole (`--project`): the picker saves which
    /// of their clusters are left out.
    pub projects: Vec<String>,
    /// The restore history: kept or not, jobs gone from Atlas's lists,
    /// what happened while the dashboard was closed.
    pub history: HistoryView,
}

impl StoreData {
    /// Whether `other` holds the same job lists, names, snapshots, notices
    /// and inventory, differing at most in when targets were polled, are
    /// due, or failed: the poller's bookkeeping, which the screen shows
    /// only as text (see `ui::poll_text`). Every field is named, so a new
    /// one must be placed on one side or the other.
    pub fn same_apart_from_polling(&self, other: &StoreData) -> bool {
        let StoreData {
            targets,
            snapshots,
            version: _,
            interval,
            notices,
            names_error: _,
            project_errors,
            inventory,
            projects,
            history,
        } = self;
        let same_targets = targets.len() == other.targets.len()
            && targets.iter().zip(&other.targets).all(|(a, b)| {
                let TargetState {
                    target,
                    project_name,
                    jobs,
                    answer: _,
                    total_count: _,
                    fetched_at: _,
                    last_error: _,
                    next_poll: _,
                    in_flight: _,
                    kind,
                } = a;
                *target == b.target
                    && *project_name == b.project_name
                    && Arc::ptr_eq(jobs, &b.jobs)
                    && *kind == b.kind
            });
        same_targets
            && *interval == other.interval
            && *notices == other.notices
            && *project_errors == other.project_errors
            && *snapshots == other.snapshots
            && *inventory == other.inventory
            && *projects == other.projects
            && history.same_as(&other.history)
    }

    /// Applies `change` to one target's state, if it is watched.
    pub fn change_target(&mut self, target: &Target, change: impl FnOnce(&mut TargetState)) {
        if let Some(state) = self.targets.iter_mut().find(|t| &t.target == target) {
            change(state);
        }
    }

    /// The newest successful refresh over all targets.
    pub fn last_success(&self) -> Option<DateTime<Utc>> {
        self.targets.iter().filter_map(|t| t.fetched_at).max()
    }

    pub fn failing_count(&self) -> usize {
        self.targets.iter().filter(|t| t.is_failing()).count()
    }

    /// How many distinct projects the targets span.
    pub fn project_count(&self) -> usize {
        let mut groups: Vec<&str> = self
            .targets
            .iter()
            .map(|t| t.target.group_id.as_str())
            .collect();
        groups.sort_unstable();
        groups.dedup();
        groups.len()
    }
}

/// The shared store: the current [`StoreData`] and a version channel that
/// wakes the UI on every change.
pub struct Store {
    data: Mutex<Arc<StoreData>>,
    changed: watch::Sender<u64>,
}

impl Store {
    pub fn new(targets: Vec<TargetState>, interval: std::time::Duration) -> Arc<Store> {
        let data = StoreData {
            targets,
            interval,
            ..StoreData::default()
        };
        let (changed, _) = watch::channel(0);
        Arc::new(Store {
            data: Mutex::new(Arc::new(data)),
            changed,
        })
    }

    /// The current picture; cheap (an `Arc` clone).
    pub fn snapshot(&self) -> Arc<StoreData> {
        Arc::clone(&self.lock())
    }

    /// A receiver that wakes on every change.
    pub fn subscribe(&self) -> watch::Receiver<u64> {
        self.changed.subscribe()
    }

    /// Applies `change` to a copy of the data, publishes it, and wakes readers.
    pub fn update(&self, change: impl FnOnce(&mut StoreData)) {
        let version = {
            let mut guard = self.lock();
            let data = Arc::make_mut(&mut guard);
            change(data);
            data.version += 1;
            data.version
        };
        self.changed.send_replace(version);
    }

    /// Applies `change` to one target's state, if it is watched.
    pub fn update_target(&self, target: &Target, change: impl FnOnce(&mut TargetState)) {
        self.update(|data| data.change_target(target, change));
    }

    /// Applies `change` and publishes it like [`Store::update`], but wakes
    /// no reader: for bookkeeping the screen does not show by itself (a
    /// healthy cluster's poll starting, or answering as before). Readers
    /// see it in the next picture they take.
    pub fn update_quietly(&self, change: impl FnOnce(&mut StoreData)) {
        let mut guard = self.lock();
        let data = Arc::make_mut(&mut guard);
        change(data);
        data.version += 1;
    }

    /// The version of the current picture (quiet changes included).
    pub fn version(&self) -> u64 {
        self.lock().version
    }

    fn lock(&self) -> MutexGuard<'_, Arc<StoreData>> {
        // A panic while holding the lock cannot leave the Arc half-written:
        // the data is replaced whole, so a poisoned lock is still sound.
        self.data
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_update_publishes_a_new_version_and_keeps_old_snapshots_intact() {
        let store = Store::new(
            vec![TargetState::new(Target::new("g", "c"))],
            std::time::Duration::from_secs(30),
        );
        let receiver = store.subscribe();
        let before = store.snapshot();
        store.update_target(&Target::new("g", "c"), |state| state.in_flight = true);
        let after = store.snapshot();
        assert!(!before.targets[0].in_flight);
        assert!(after.targets[0].in_flight);
        assert_eq!(*receiver.borrow(), after.version);
        assert!(after.version > before.version);
    }
}
