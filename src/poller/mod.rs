//! The background refresh: every target polled every interval, at most
//! [`IN_FLIGHT`] requests at a time, staggered at start, backing off on
//! failure as [`crate::atlas::failure`] says, slowing down as Atlas's rate limit
//! runs low; results written into the [`Store`] as whole snapshots.

mod inventory;
mod membership;
mod projects;
pub mod recorder;
mod schedule;
pub mod store;
mod tasks;

use std::panic::AssertUnwindSafe;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, SubsecRound, Utc};
use futures_util::FutureExt;
use tokio::sync::{Semaphore, mpsc};
use tokio::time::{Instant, sleep, sleep_until};

use crate::atlas::Target;
use crate::atlas::backoff::{self, Streak};
use crate::atlas::failure::{self, Retry};
use crate::atlas::fetch::refetch_jobs;
use crate::atlas::fingerprint::{Fingerprint, Reread};
use crate::atlas::{AtlasError, RestoreJob, SentJob};
use crate::atlas::{Client, RateLimit};
use crate::poller::store::{SnapshotInfo, Store, StoreData, TargetError};
use membership::Membership;
use projects::Listing;
use recorder::{Observation, Recorder};
use schedule::Schedule;
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

/// What a poll reads from and writes to.
struct Polling {
    client: Client,
    store: Arc<Store>,
    recorder: Option<Recorder>,
    permits: Arc<Semaphore>,
}

/// Polls one target and writes the outcome; says when it is next due.
async fn poll_target(
    Polling {
        client,
        store,
        recorder,
        permits,
    }: Polling,
    target: Target,
    settings: PollSettings,
    streak: Streak,
) -> Done {
    let Ok(_permit) = permits.acquire_owned().await else {
        return Done {
            target,
            failed: Some(Retry::Backoff),
            wait: settings.interval,
        };
    };
    let failures = streak.failures;
    let pause = pacing(client.rate_limit());
    if !pause.is_zero() {
        sleep(pause).await;
    }
    let (seen, failing) = store
        .snapshot()
        .targets
        .iter()
        .find(|state| state.target == target)
        .map(|state| (Arc::clone(&state.answer), state.is_failing()))
        .unwrap_or_default();
    // Only a failing cluster shows that its poll runs ("retrying now").
    let start = |data: &mut StoreData| data.change_target(&target, |state| state.in_flight = true);
    if failing {
        store.update(start);
    } else {
        store.update_quietly(start);
    }
    tracing::info!(target: "atlas_restores::poller", cluster = %target, failures, "poll started");
    let started = Instant::now();
    let result = read_jobs(&client, &target, &seen, recorder.as_ref()).await;
    let kind = client.kind_of(&target.group_id, &target.cluster_name);
    let duration_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
    // In whole seconds, like the times Atlas sends: every age on screen then
    // turns on the same beat, one frame a second rather than two.
    let now = Utc::now().trunc_subsecs(0);
    let (wait, failed, failure) = match &result {
        Ok(Reread::Changed(listing, _)) => {
            tracing::info!(target: "atlas_restores::poller", cluster = %target, jobs = listing.items.len(), total_count = listing.total_count, duration_ms, "poll succeeded");
            (settings.interval, None, None)
        }
        Ok(Reread::Unchanged(_)) => {
            tracing::info!(target: "atlas_restores::poller", cluster = %target, unchanged = true, duration_ms, "poll succeeded");
            (settings.interval, None, None)
        }
        Err(error) => {
            let (retry, streak, wait) = settings.retry_after_failure(error, streak);
            let failure = TargetError::from_atlas(error, &target, now);
            tracing::warn!(target: "atlas_restores::poller", cluster = %target, error = failure.message, retry_in_s = wait.as_secs(), failures = streak.failures, rate_limits = streak.rate_limits, duration_ms, "poll failed");
            (wait, Some(retry), Some(failure))
        }
    };
    // A healthy cluster answering as before changes nothing on screen but
    // its freshness, which is read when the screen is next drawn.
    let quiet = !failing && matches!(result, Ok(Reread::Unchanged(_)));
    let finish = |data: &mut StoreData| {
        data.change_target(&target, |state| {
            state.in_flight = false;
            state.next_poll = Some(next_poll(now, wait));
            state.kind = kind;
            match (result, failure) {
                (Ok(Reread::Changed(listing, answer)), _) => {
                    state.jobs = Arc::new(listing.items);
                    state.answer = Arc::new(answer);
                    state.total_count = listing.total_count;
                    state.fetched_at = Some(now);
                    state.last_error = None;
                }
                // The jobs shown are the ones this answer holds: still fresh.
                // (Unless the target was dropped and added again meanwhile:
                // its new, empty state is loaded by its next poll.)
                (Ok(Reread::Unchanged(_)), _) if Arc::ptr_eq(&state.answer, &seen) => {
                    state.fetched_at = Some(now);
                    state.last_error = None;
                }
                (Ok(Reread::Unchanged(_)), _) => {}
                (Err(_), failure) => {
                    let failure = failure.unwrap_or_else(|| TargetError::new("", now));
                    state.last_error = Some(failure.after(state.last_error.as_ref()));
                }
            }
        })
    };
    if quiet {
        store.update_quietly(finish);
    } else {
        store.update(finish);
    }
    Done {
        target,
        failed,
        wait,
    }
}

/// `target`'s jobs again, as [`refetch_jobs`]; when the history is kept, a
/// changed answer is read with each job's text, and handed to `recorder`.
async fn read_jobs(
    client: &Client,
    target: &Target,
    seen: &Fingerprint,
    recorder: Option<&Recorder>,
) -> Result<Reread<RestoreJob>, AtlasError> {
    let Some(recorder) = recorder else {
        return refetch_jobs(client, target, seen).await;
    };
    Ok(match refetch_jobs::<SentJob>(client, target, seen).await? {
        Reread::Unchanged(fingerprint) => Reread::Unchanged(fingerprint),
        Reread::Changed(listing, fingerprint) => {
            let at = Utc::now().trunc_subsecs(0);
            let (items, observed) = listing
                .items
                .into_iter()
                .map(|job| Observation::split(job, at))
                .unzip();
            recorder.polled(target, observed, at);
            let listing = crate::atlas::pages::Listing {
                items,
                total_count: listing.total_count,
            };
            Reread::Changed(listing, fingerprint)
        }
    })
}

/// When a target waiting `wait` from `now` is polled next, for the screen.
fn next_poll(now: DateTime<Utc>, wait: Duration) -> DateTime<Utc> {
    chrono::TimeDelta::from_std(wait)
        .ok()
        .and_then(|wait| now.checked_add_signed(wait))
        .unwrap_or(now)
}

/// A pause before a request when Atlas says few requests remain: none while
/// more than a fifth of the bucket is left, then growing to 2 s at empty.
pub fn pacing(rate_limit: Option<RateLimit>) -> Duration {
    let Some(RateLimit { limit, remaining }) = rate_limit else {
        return Duration::ZERO;
    };
    let threshold = (limit / 5).max(5);
    if remaining >= threshold {
        return Duration::ZERO;
    }
    let missing = threshold - remaining;
    Duration::from_millis(2_000 * missing / threshold)
}

async fn fetch_snapshot(
    client: Client,
    store: Arc<Store>,
    target: Target,
    snapshot_id: String,
    sharded: bool,
    permits: Arc<Semaphore>,
) {
    store.update(|data| {
        data.snapshots
            .insert(snapshot_id.clone(), SnapshotInfo::Loading);
    });
    let Ok(_permit) = permits.acquire_owned().await else {
        return;
    };
    let info = match client
        .get_snapshot(
            &target.group_id,
            &target.cluster_name,
            &snapshot_id,
            sharded,
        )
        .await
    {
        Ok(snapshot) => SnapshotInfo::Loaded(Box::new(snapshot)),
        Err(error) if error.status() == Some(404) => SnapshotInfo::Missing,
        Err(error) => SnapshotInfo::Failed(error.cause()),
    };
    log_snapshot(&target, &snapshot_id, &info);
    store.update(|data| {
        data.snapshots.insert(snapshot_id, info);
    });
}

fn log_snapshot(target: &Target, snapshot_id: &str, info: &SnapshotInfo) {
    const POLLER: &str = "atlas_restores::poller";
    match info {
        SnapshotInfo::Loaded(_) | SnapshotInfo::Loading => {
            tracing::info!(target: POLLER, cluster = %target, snapshot_id, "snapshot fetched");
        }
        SnapshotInfo::Missing => {
            tracing::warn!(target: POLLER, cluster = %target, snapshot_id, "snapshot missing");
        }
        SnapshotInfo::Failed(message) => {
            tracing::warn!(target: POLLER, cluster = %target, snapshot_id, error = message, "snapshot failed");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pacing_slows_down_only_as_the_bucket_empties() {
        let at = |remaining| {
            pacing(Some(RateLimit {
                limit: 100,
                remaining,
            }))
        };
        assert_eq!(pacing(None), Duration::ZERO);
        assert_eq!(at(100), Duration::ZERO);
        assert_eq!(at(20), Duration::ZERO);
        assert_eq!(at(10), Duration::from_secs(1));
        assert_eq!(at(0), Duration::from_secs(2));
        assert!(at(19) < at(15) && at(15) < at(5));
    }
}
