//! The history's writer: a thread of its own that takes each changed
//! answer from the polls and records it in the SQLite file, so that
//! neither the polls nor drawing ever wait on the disk. It publishes what
//! the dashboard shows of the history in the store: whether the file is
//! kept (or why not), the jobs gone from Atlas's lists, and what changed
//! while no dashboard was watching.
//!
//! Bad storage costs nothing but the history: a file that cannot be
//! opened or written turns the state to failing (the status bar says so)
//! and the dashboard goes on from memory; the latest answer of each
//! cluster not yet written is kept and tried again every [`RETRY`] until
//! it is.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::thread::JoinHandle;
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde_json::value::RawValue;

use crate::atlas::model::Text;
use crate::atlas::{JobStatus, RestoreJob, SentJob, Target};
use crate::history::{
    HistoryError, HistoryFile, HistoryState, HistoryView, NoticeKey, Observed, PastJob, WINDOW,
};
use crate::poller::store::Store;

/// How often a write that failed is tried again.
pub const RETRY: Duration = Duration::from_secs(5);
/// How many changes found at start are kept for the screen.
const WHILE_CLOSED_CAPACITY: usize = 1_000;
/// How far back the notifications already sent are read at start.
const NOTIFIED_WINDOW: chrono::TimeDelta = chrono::TimeDelta::days(7);
const HISTORY: &str = "atlas_restores::history";

/// One job of a changed answer, as the file records it.
#[derive(Debug)]
pub struct Observation {
    /// Inline (an ObjectId needs no heap).
    pub job_id: Text,
    pub status: JobStatus,
    pub raw: Box<RawValue>,
    pub atlas_at: Option<DateTime<Utc>>,
}

impl Observation {
    /// `job` as polled at `at`, split into its typed view (for the store)
    /// and what the history records.
    pub fn split(job: SentJob, at: DateTime<Utc>) -> (RestoreJob, Observation) {
        let (job, raw) = job.into_parts();
        let status = job.status_at(at);
        let atlas_at = match status {
            JobStatus::Expired => job.expires_at,
            JobStatus::Finished | JobStatus::Ready | JobStatus::Failed | JobStatus::Cancelled => {
                job.finished_at
            }
            _ => None,
        };
        let observation = Observation {
            job_id: job.id.clone(),
            status,
            raw,
            atlas_at,
        };
        (job, observation)
    }
}

enum Message {
    Polled {
        target: Target,
        jobs: Vec<Observation>,
        at: DateTime<Utc>,
    },
    Notified(Vec<NoticeKey>, DateTime<Utc>),
    Close,
}

/// A handle to the writer: polls send it their changed answers. Cloned
/// freely; the thread ends when [`RecorderThread::close`] is called.
#[derive(Clone)]
pub struct Recorder {
    sender: Sender<Message>,
}

impl Recorder {
    /// Records that `target` listed `jobs` at `at`.
    pub fn polled(&self, target: &Target, jobs: Vec<Observation>, at: DateTime<Utc>) {
        // The writer lives until the dashboard closes it; a send fails only
        // while the process shuts down.
        let _ = self.sender.send(Message::Polled {
            target: target.clone(),
            jobs,
            at,
        });
    }

    /// Records that the notifications `sent` went out at `at`.
    pub fn notified(&self, sent: Vec<NoticeKey>, at: DateTime<Utc>) {
        if !sent.is_empty() {
            let _ = self.sender.send(Message::Notified(sent, at));
        }
    }
}

/// The writer's thread, owned by whoever started it.
pub struct RecorderThread {
    recorder: Recorder,
    thread: Option<JoinHandle<()>>,
}

impl RecorderThread {
    /// Starts the writer of the history at `path`, publishing into
    /// `store`; the file is opened on the writer's thread.
    pub fn start(path: PathBuf, store: Arc<Store>) -> RecorderThread {
        // Before any poll can answer: the dashboard holds its announcements
        // until the file says what was announced already.
        let opening = HistoryState::Opening { path: path.clone() };
        store.update_quietly(|data| data.history.state = opening);
        let (sender, receiver) = mpsc::channel();
        let thread = std::thread::Builder::new()
            .name("history".to_string())
            .spawn(move || Writer::new(path, store).run(&receiver))
            .map_err(|error| {
                tracing::warn!(target: HISTORY, error = %error, "history thread not started");
            })
            .ok();
        RecorderThread {
            recorder: Recorder { sender },
            thread,
        }
    }

    pub fn recorder(&self) -> Recorder {
        self.recorder.clone()
    }

    /// Writes what is queued, then ends the thread.
    pub fn close(mut self) {
        let _ = self.recorder.sender.send(Message::Close);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// The writer's state, on its own thread.
struct Writer {
    path: PathBuf,
    store: Arc<Store>,
    file: Option<HistoryFile>,
    /// Clusters recorded this session: a cluster's first record is what
    /// changed while the dashboard was closed.
    recorded: HashSet<Target>,
    /// Per cluster, its latest answer not yet written.
    pending: HashMap<Target, (Vec<Observation>, DateTime<Utc>)>,
    /// Notifications not yet written.
    pending_notices: Vec<(Vec<NoticeKey>, DateTime<Utc>)>,
    view: HistoryView,
    /// The view as last put in the store.
    published: HistoryView,
}

impl Writer {
    fn new(path: PathBuf, store: Arc<Store>) -> Writer {
        let published = store.snapshot().history.clone();
        Writer {
            view: published.clone(),
            published,
            path,
            store,
            file: None,
            recorded: HashSet::new(),
            pending: HashMap::new(),
            pending_notices: Vec::new(),
        }
    }

    fn run(mut self, messages: &Receiver<Message>) {
        self.open(Utc::now());
        self.publish();
        loop {
            let message = if self.pending.is_empty() && self.pending_notices.is_empty() {
                messages.recv().map_err(|_| RecvTimeoutError::Disconnected)
            } else {
                messages.recv_timeout(RETRY)
            };
            match message {
                Ok(Message::Polled { target, jobs, at }) => {
                    self.pending.insert(target, (jobs, at));
                    self.write_pending();
                }
                Ok(Message::Notified(sent, at)) => {
                    self.pending_notices.push((sent, at));
                    self.write_pending();
                }
                Err(RecvTimeoutError::Timeout) => self.write_pending(),
                Ok(Message::Close) | Err(RecvTimeoutError::Disconnected) => return,
            }
        }
    }

    /// Opens the file, reading what the screen needs of it; on failure the
    /// state says why.
    fn open(&mut self, now: DateTime<Utc>) {
        let opened = HistoryFile::open(&self.path).and_then(|file| {
            let gone = file.gone_since(now - WINDOW, None)?;
            let sent = file.notified_since(now - NOTIFIED_WINDOW)?;
            Ok((file, gone, sent))
        });
        match opened {
            Ok((file, gone, sent)) => {
                tracing::info!(target: HISTORY, gone = gone.len(), notified = sent.len(), "history opened");
                self.file = Some(file);
                self.view.state = HistoryState::Kept {
                    path: self.path.clone(),
                };
                self.view.gone = Arc::new(gone.into_iter().map(Arc::new).collect());
                self.view.notified = Arc::new(sent.into_iter().collect());
            }
            Err(error) => self.failed(&error, now),
        }
    }

    /// Writes every answer waiting (each cluster's latest) and every
    /// notification; stops at the first failure (the rest wait for the
    /// next try).
    fn write_pending(&mut self) {
        let now = Utc::now();
        if self.file.is_none() {
            self.open(now);
            if self.file.is_none() {
                // Still failing: the state says why; everything waits.
                self.publish();
                return;
            }
        }
        let targets: Vec<Target> = self.pending.keys().cloned().collect();
        for target in targets {
            let Some((jobs, at)) = self.pending.remove(&target) else {
                continue;
            };
            match self.write(&target, &jobs, at) {
                Ok(()) => {}
                Err(error) => {
                    self.pending.insert(target, (jobs, at));
                    self.failed(&error, now);
                    self.publish();
                    return;
                }
            }
        }
        while let Some((sent, at)) = self.pending_notices.first() {
            let Some(file) = self.file.as_mut() else {
                return;
            };
            if let Err(error) = file.record_notified(sent, *at) {
                self.failed(&error, now);
                self.publish();
                return;
            }
            self.pending_notices.remove(0);
        }
        if !matches!(self.view.state, HistoryState::Kept { .. }) {
            tracing::info!(target: HISTORY, "history written again");
            self.view.state = HistoryState::Kept {
                path: self.path.clone(),
            };
        }
        // Only what changed reaches the store (the state, the lists).
        self.publish();
    }

    /// Records one answer, updating the view's lists.
    fn write(
        &mut self,
        target: &Target,
        jobs: &[Observation],
        at: DateTime<Utc>,
    ) -> Result<(), HistoryError> {
        let Some(file) = self.file.as_mut() else {
            return Err(HistoryError::closed());
        };
        let observed: Vec<Observed<'_>> = jobs
            .iter()
            .map(|job| Observed {
                job_id: &job.job_id,
                status: job.status,
                raw: job.raw.get(),
                atlas_at: job.atlas_at,
            })
            .collect();
        let recorded = file.record(target, &observed, at)?;
        let first = self.recorded.insert(target.clone());
        tracing::debug!(target: HISTORY, cluster = %target, transitions = recorded.transitions.len(), updated = recorded.updated, gone = recorded.gone, "recorded");
        if first && !recorded.new_cluster && !recorded.transitions.is_empty() {
            let mut while_closed = self.view.while_closed.as_ref().clone();
            while_closed.extend(recorded.transitions.iter().cloned());
            let excess = while_closed.len().saturating_sub(WHILE_CLOSED_CAPACITY);
            while_closed.drain(..excess);
            self.view.while_closed = Arc::new(while_closed);
        }
        // Read back only when this cluster's jobs left the list or came back.
        if recorded.gone > 0 || recorded.returned > 0 {
            let fresh = file.gone_since(at - WINDOW, Some(target))?;
            // The others' jobs are shared, not copied.
            let mut gone: Vec<Arc<PastJob>> = self
                .view
                .gone
                .iter()
                .filter(|past| &past.target != target)
                .cloned()
                .collect();
            gone.extend(fresh.into_iter().map(Arc::new));
            gone.sort_by_key(|past| past.gone_at);
            self.view.gone = Arc::new(gone);
        }
        Ok(())
    }

    fn failed(&mut self, error: &HistoryError, now: DateTime<Utc>) {
        let since = match &self.view.state {
            HistoryState::Failing { since, kind, .. } if *kind == error.kind() => *since,
            _ => now,
        };
        if !matches!(&self.view.state, HistoryState::Failing { kind, .. } if *kind == error.kind())
        {
            tracing::warn!(target: HISTORY, error = %error, "history not written");
        }
        // A file that failed is opened again for the next try: a damaged or
        // replaced file is read afresh.
        if error.kind() != crate::history::HistoryErrorKind::Locked {
            self.file = None;
        }
        self.view.state = HistoryState::Failing {
            path: self.path.clone(),
            kind: error.kind(),
            message: error.to_string(),
            since,
        };
    }

    /// Puts the view in the store, when it changed: a failing file tried
    /// again in vain wakes no one.
    fn publish(&mut self) {
        if self.view.same_as(&self.published) {
            return;
        }
        self.published = self.view.clone();
        let view = self.view.clone();
        self.store.update(|data| data.history = view);
    }
}
