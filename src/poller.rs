//! The background refresh: every target polled every interval, at most
//! [`IN_FLIGHT`] requests at a time, staggered at start, backing off on
//! failure; results written into the [`Store`] as whole snapshots.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use tokio::sync::{Semaphore, mpsc};
use tokio::time::{Instant, sleep_until};

use crate::atlas::{AtlasError, Client, ErrorKind};
use crate::fetch::fetch_jobs;
use crate::store::{SnapshotInfo, Store, Target, TargetError};

/// Requests in flight at once, over all targets.
pub const IN_FLIGHT: usize = 4;
/// The longest wait between two polls of a failing target.
pub const MAX_BACKOFF: Duration = Duration::from_secs(300);
/// The largest gap between two targets' first polls.
const MAX_STAGGER: Duration = Duration::from_millis(250);

/// What the dashboard asks of the poller.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// Poll every target now.
    RefreshAll,
    /// Fetch one snapshot's details into the store.
    FetchSnapshot {
        target: Target,
        snapshot_id: String,
        sharded: bool,
    },
}

/// A handle to the running poller; dropping it stops the poller.
pub struct Poller {
    commands: mpsc::UnboundedSender<Command>,
    task: tokio::task::JoinHandle<()>,
}

impl Poller {
    /// Starts polling every target in `store` on the current runtime.
    pub fn spawn(client: Client, store: Arc<Store>, interval: Duration) -> Poller {
        let (commands, receiver) = mpsc::unbounded_channel();
        let task = tokio::spawn(run(client, store, interval, receiver));
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
    succeeded: bool,
    next_in: Duration,
}

/// When each target is next due, and how often it has failed in a row.
struct Schedule {
    due: HashMap<Target, Option<Instant>>,
    failures: HashMap<Target, u32>,
}

impl Schedule {
    fn new(targets: &[Target], interval: Duration, start: Instant) -> Schedule {
        let count = u32::try_from(targets.len().max(1)).unwrap_or(u32::MAX);
        let step = (interval / count).min(MAX_STAGGER);
        let due = targets
            .iter()
            .enumerate()
            .map(|(index, target)| {
                let offset = step.saturating_mul(u32::try_from(index).unwrap_or(u32::MAX));
                (target.clone(), Some(start + offset))
            })
            .collect();
        Schedule {
            due,
            failures: HashMap::new(),
        }
    }

    /// The earliest time a target that is not in flight is due.
    fn next_wake(&self) -> Option<Instant> {
        self.due.values().flatten().min().copied()
    }

    /// Targets due at `now`, marked in flight.
    fn take_due(&mut self, now: Instant) -> Vec<Target> {
        let mut due: Vec<(Instant, Target)> = self
            .due
            .iter()
            .filter_map(|(target, at)| at.filter(|at| *at <= now).map(|at| (at, target.clone())))
            .collect();
        due.sort();
        for (_, target) in &due {
            self.due.insert(target.clone(), None);
        }
        due.into_iter().map(|(_, target)| target).collect()
    }

    fn refresh_all(&mut self, now: Instant) {
        for at in self.due.values_mut().flatten() {
            *at = now;
        }
    }
}

async fn run(
    client: Client,
    store: Arc<Store>,
    interval: Duration,
    mut commands: mpsc::UnboundedReceiver<Command>,
) {
    let targets: Vec<Target> = store
        .snapshot()
        .targets
        .iter()
        .map(|t| t.target.clone())
        .collect();
    let mut schedule = Schedule::new(&targets, interval, Instant::now());
    let permits = Arc::new(Semaphore::new(IN_FLIGHT));
    let (done_sender, mut done) = mpsc::unbounded_channel::<Done>();
    loop {
        for target in schedule.take_due(Instant::now()) {
            let failures = schedule.failures.get(&target).copied().unwrap_or(0);
            let job = poll_target(
                client.clone(),
                Arc::clone(&store),
                target,
                interval,
                failures,
                Arc::clone(&permits),
            );
            let done_sender = done_sender.clone();
            tokio::spawn(async move {
                let _ = done_sender.send(job.await);
            });
        }
        let wake = schedule.next_wake();
        tokio::select! {
            () = sleep_until(wake.unwrap_or_else(far_future)), if wake.is_some() => {}
            Some(finished) = done.recv() => {
                let at = Instant::now().checked_add(finished.next_in).unwrap_or_else(far_future);
                if finished.succeeded {
                    schedule.failures.remove(&finished.target);
                } else {
                    *schedule.failures.entry(finished.target.clone()).or_default() += 1;
                }
                schedule.due.insert(finished.target, Some(at));
            }
            command = commands.recv() => match command {
                Some(Command::RefreshAll) => schedule.refresh_all(Instant::now()),
                Some(Command::FetchSnapshot { target, snapshot_id, sharded }) => {
                    tokio::spawn(fetch_snapshot(client.clone(), Arc::clone(&store), target, snapshot_id, sharded, Arc::clone(&permits)));
                }
                None => return,
            },
        }
    }
}

fn far_future() -> Instant {
    Instant::now() + Duration::from_secs(86_400)
}

/// Polls one target and writes the outcome; returns when it is next due.
async fn poll_target(
    client: Client,
    store: Arc<Store>,
    target: Target,
    interval: Duration,
    failures: u32,
    permits: Arc<Semaphore>,
) -> Done {
    let Ok(_permit) = permits.acquire_owned().await else {
        return Done {
            target,
            succeeded: false,
            next_in: interval,
        };
    };
    store.update_target(&target, |state| state.in_flight = true);
    let result = fetch_jobs(&client, &target).await;
    let succeeded = result.is_ok();
    let next_in = match &result {
        Ok(_) => interval,
        Err(error) => backoff(interval, failures + 1, error),
    };
    let now = Utc::now();
    let next_poll = chrono::TimeDelta::from_std(next_in)
        .ok()
        .and_then(|wait| now.checked_add_signed(wait))
        .unwrap_or(now);
    store.update_target(&target, |state| {
        state.in_flight = false;
        state.next_poll = Some(next_poll);
        match result {
            Ok(listing) => {
                state.jobs = Arc::new(listing.items);
                state.total_count = listing.total_count;
                state.fetched_at = Some(Utc::now());
                state.last_error = None;
            }
            Err(error) => {
                state.last_error = Some(TargetError {
                    message: error.cause(),
                    at: Utc::now(),
                });
            }
        }
    });
    Done {
        target,
        succeeded,
        next_in,
    }
}

/// The wait after the `failures`-th failure in a row: doubling from the
/// interval up to [`MAX_BACKOFF`], never shorter than Atlas's `Retry-After`.
pub fn backoff(interval: Duration, failures: u32, error: &AtlasError) -> Duration {
    let doubled = interval.saturating_mul(2u32.saturating_pow(failures.min(16)));
    let wait = doubled.min(MAX_BACKOFF.max(interval));
    match &error.kind {
        ErrorKind::Http(failure) => wait.max(failure.retry_after.unwrap_or_default()),
        _ => wait,
    }
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
    store.update(|data| {
        data.snapshots.insert(snapshot_id, info);
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::atlas::HttpFailure;

    fn http(status: u16, retry_after: Option<u64>) -> AtlasError {
        AtlasError::new(
            "t",
            ErrorKind::Http(HttpFailure {
                status,
                error_code: None,
                detail: None,
                retry_after: retry_after.map(Duration::from_secs),
                excerpt: None,
            }),
        )
    }

    #[test]
    fn backoff_doubles_up_to_the_cap_and_honours_retry_after() {
        let interval = Duration::from_secs(30);
        assert_eq!(
            backoff(interval, 1, &http(503, None)),
            Duration::from_secs(60)
        );
        assert_eq!(
            backoff(interval, 2, &http(503, None)),
            Duration::from_secs(120)
        );
        assert_eq!(backoff(interval, 9, &http(503, None)), MAX_BACKOFF);
        assert_eq!(
            backoff(interval, 1, &http(429, Some(600))),
            Duration::from_secs(600)
        );
    }

    #[test]
    fn first_polls_are_staggered_and_capped() {
        let start = Instant::now();
        let targets: Vec<Target> = (0..3).map(|i| Target::new("g", format!("c{i}"))).collect();
        let mut schedule = Schedule::new(&targets, Duration::from_secs(30), start);
        assert_eq!(schedule.take_due(start), vec![Target::new("g", "c0")]);
        assert_eq!(schedule.take_due(start + MAX_STAGGER).len(), 1);
        assert_eq!(schedule.take_due(start + MAX_STAGGER * 2).len(), 1);
        assert_eq!(schedule.next_wake(), None);
    }
}
