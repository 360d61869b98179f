//! The background refresh: every target polled every interval, at most
//! [`IN_FLIGHT`] requests at a time, staggered at start, backing off on
//! failure as [`crate::atlas::failure`] says, slowing down as Atlas's rate limit
//! runs low; results written into the [`Store`] as whole snapshots, and
//! each changed answer handed to the history's writer ([`recorder`]).

mod inventory;
mod membership;
mod poll;
mod projects;
pub mod recorder;
mod schedule;
mod snapshots;
pub mod store;
mod tasks;

use std::panic::AssertUnwindSafe;
use std::sync::Arc;
use std::time::Duration;

use futures_util::FutureExt;
use tokio::sync::{Semaphore, mpsc};
use tokio::time::{Instant, sleep_until};

use crate::atlas::Client;
use crate::atlas::Target;
use crate::atlas::backoff::{self, Streak};
use crate::atlas::failure::{self, Retry};
use crate::poller::store::Store;
use membership::Membership;
pub(crate) use poll::next_poll;
use poll::{Polling, poll_target};
use projects::Listing;
use recorder::Recorder;
use schedule::Schedule;
use snapshots::fetch_snapshot;
use tasks::{Ended, Job, Tasks};

/// The standing notice after the scheduler itself failed.
pub const SCHEDULER_STOPPED: &str =
    "polling stopped: internal error (a bug; see the log); restart atlas-restores";

/// Requests in flight at once, over all targets.
pub const IN_FLIGHT: usize = 4;
/// The longest wait between two polls of a failing target.
pub const MAX_BACKOFF: Duration = Duration::from_secs(300);
/// How often the clusters of a `--project` are listed again.
pub const RELIST: Duration = Duration::from_secs(600);

/// How often to poll and how far to back off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PollSettings {
    pub interval: Duration,
    pub max_backoff: Duration,
    /// How often projects are listed again for new or deleted clusters.
    pub relist: Duration,
}

impl PollSettings {
    pub fn every(interval: Duration) -> PollSettings {
        PollSettings {
            interval,
            max_backoff: MAX_BACKOFF,
            relist: RELIST,
        }
    }

    /// How `error` is retried, the streak with it (`before` is the streak
    /// of failures in a row before it), and the wait before the next try.
    pub fn retry_after_failure(
        &self,
        error: &crate::atlas::AtlasError,
        before: Streak,
    ) -> (Retry, Streak, Duration) {
        let retry = failure::retry(error);
        let streak = before.after(retry);
        (retry, streak, self.wait_after(retry, streak))
    }

    /// The wait before the next try after a failure retried as `retry`,
    /// `streak` the failures in a row with it; jittered.
    pub fn wait_after(&self, retry: Retry, streak: Streak) -> Duration {
        backoff::wait(
            retry,
            self.interval,
            self.max_backoff,
            streak,
            backoff::jitter(),
        )
    }
}

/// What the dashboard asks of the poller.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// Poll every target now (but never before a `Retry-After`).
    RefreshAll,
    /// List every project and its clusters into the store's inventory.
    LoadInventory,
    /// Watch exactly these clusters (besides those of `--project`s).
    SetTargets(Vec<Target>),
    /// Poll one target now (after a cancel), never before a `Retry-After`.
    Refresh(Target),
    /// Fetch one snapshot's details into the store.
    FetchSnapshot {
        target: Target,
        snapshot_id: String,
        sharded: bool,
    },
}

/// A handle to the running poller; dropping it stops the poller and aborts
/// every task it started.
pub struct Poller {
    commands: mpsc::UnboundedSender<Command>,
    task: tokio::task::JoinHandle<()>,
}

impl Poller {
    /// Starts polling every target in `store`, and every cluster of
    /// `projects`, on the current runtime.
    pub fn spawn(
        client: Client,
        store: Arc<Store>,
        settings: PollSettings,
        projects: Vec<String>,
    ) -> Poller {
        let watch = Watch {
            projects,
            ..Watch::default()
        };
        Poller::spawn_watching(client, store, settings, watch)
    }

    /// As [`Poller::spawn`], watching as `watch` says: the projects, the
    /// clusters of theirs left out (the config file's `exclude`), and the
    /// history each changed answer is recorded in.
    pub fn spawn_watching(
        client: Client,
        store: Arc<Store>,
        settings: PollSettings,
        watch: Watch,
    ) -> Poller {
        let (commands, receiver) = mpsc::unbounded_channel();
        store.update(|data| data.projects.clone_from(&watch.projects));
        let task = tokio::spawn(async move {
            let scheduler = run(client, Arc::clone(&store), settings, watch, receiver);
            // A bug in the scheduler must not leave the dashboard showing
            // old data as if it were fresh: it says polling stopped.
            if AssertUnwindSafe(scheduler).catch_unwind().await.is_err() {
                tracing::error!(target: "atlas_restores::poller", "scheduler panicked");
                store.update(|data| data.notices.push(SCHEDULER_STOPPED.to_string()));
            }
        });
        Poller { commands, task }
    }

    pub fn send(&self, command: Command) {
        // The poller lives as long as this handle; a send fails only while
        // the process shuts down, when nothing is left to refresh.
        let _ = self.commands.send(command);
    }
}

impl Drop for Poller {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// How one poll ended, reported back to the scheduler.
struct Done {
    target: Target,
    /// How a failed poll is retried (its `Retry-After` is honoured whatever
    /// happens); `None` after a success.
    failed: Option<Retry>,
    wait: Duration,
}

/// What the poller watches besides the store's targets, and where it
/// records what it sees.
#[derive(Default)]
pub struct Watch {
    /// The projects watched whole (`--project`).
    pub projects: Vec<String>,
    /// Their clusters left out.
    pub excluded: Vec<Target>,
    /// The history's writer, if the history is kept.
    pub recorder: Option<Recorder>,
}

async fn run(
    client: Client,
    store: Arc<Store>,
    settings: PollSettings,
    Watch {
        projects,
        excluded,
        recorder,
    }: Watch,
    mut commands: mpsc::UnboundedReceiver<Command>,
) {
    let targets: Vec<Target> = store
        .snapshot()
        .targets
        .iter()
        .map(|t| t.target.clone())
        .collect();
    let mut membership = Membership::new(targets.iter().cloned(), excluded);
    let mut schedule = Schedule::new(&targets, settings.interval, Instant::now());
    let permits = Arc::new(Semaphore::new(IN_FLIGHT));
    // Dropped with this task (when the `Poller` is), aborting every task.
    let mut tasks = Tasks::default();
    let (listing_sender, mut listings) = mpsc::unbounded_channel::<Listing>();
    let watcher = projects::watch(
        client.clone(),
        Arc::clone(&store),
        projects,
        settings,
        listing_sender,
    );
    tasks.spawn(Job::Watcher, watcher);
    loop {
        for target in schedule.take_due(Instant::now()) {
            let streak = schedule.streak(&target);
            let poll = poll_target(
                Polling {
                    client: client.clone(),
                    store: Arc::clone(&store),
                    recorder: recorder.clone(),
                    permits: Arc::clone(&permits),
                },
                target.clone(),
                settings,
                streak,
            );
            tasks.spawn_poll(target, poll);
        }
        let wake = schedule.next_wake();
        tokio::select! {
            () = sleep_until(wake.unwrap_or_else(Instant::now)), if wake.is_some() => {}
            Some(listing) = listings.recv() => membership.apply(listing, &store, &mut schedule),
            Some(ended) = tasks.join_next() => match ended {
                Ended::Polled(finished) => {
                    schedule.finished(finished.target, finished.failed, finished.wait, Instant::now());
                }
                Ended::Panicked(job) => tasks::recover(job, &store, &mut schedule, settings),
                Ended::Finished => {}
            },
            command = commands.recv() => match command {
                Some(Command::RefreshAll) => schedule.refresh_all(Instant::now()),
                Some(Command::LoadInventory) => {
                    tasks.spawn(Job::Inventory, inventory::load(client.clone(), Arc::clone(&store), Arc::clone(&permits)));
                }
                Some(Command::SetTargets(targets)) => membership.set_named(targets, &store, &mut schedule),
                Some(Command::Refresh(target)) => schedule.refresh(&target, Instant::now()),
                Some(Command::FetchSnapshot { target, snapshot_id, sharded }) => {
                    let job = Job::Snapshot(snapshot_id.clone());
                    let fetch = fetch_snapshot(client.clone(), Arc::clone(&store), target, snapshot_id, sharded, Arc::clone(&permits));
                    tasks.spawn(job, fetch);
                }
                None => return,
            },
        }
    }
}
