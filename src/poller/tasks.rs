//! The poller's tasks in one [`JoinSet`] the scheduler owns: polls, the
//! project watcher, inventory loads and snapshot fetches. Dropping the
//! scheduler aborts them all; finished polls come back through
//! [`Tasks::join_next`], and a task that panicked comes back as the job it
//! was doing, so that the scheduler can log it and carry on.

use std::collections::HashMap;
use std::future::Future;

use chrono::Utc;
use tokio::task::{Id, JoinSet};
use tokio::time::Instant;

use super::schedule::Schedule;
use super::{Done, PollSettings};
use crate::atlas::Target;
use crate::atlas::failure::Retry;
use crate::poller::store::{Inventory, SnapshotInfo, Store, TargetError};

/// What the screen says where a task panicked (the log has the panic).
pub const PANICKED: &str = "internal error (a bug; see the log)";

/// What a task was spawned to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Job {
    Poll(Target),
    /// Lists the `--project`s' clusters and the projects' names.
    Watcher,
    Inventory,
    Snapshot(String),
}

/// How a task ended.
pub enum Ended {
    Polled(Done),
    /// Anything but a poll, done.
    Finished,
    Panicked(Job),
}

/// The running tasks, and what each one does.
#[derive(Default)]
pub struct Tasks {
    set: JoinSet<Option<Done>>,
    jobs: HashMap<Id, Job>,
}

impl Tasks {
    pub fn spawn_poll(
        &mut self,
        target: Target,
        poll: impl Future<Output = Done> + Send + 'static,
    ) {
        let handle = self.set.spawn(async move { Some(poll.await) });
        self.jobs.insert(handle.id(), Job::Poll(target));
    }

    pub fn spawn(&mut self, job: Job, work: impl Future<Output = ()> + Send + 'static) {
        let handle = self.set.spawn(async move {
            work.await;
            None
        });
        self.jobs.insert(handle.id(), job);
    }

    /// The next task to end; `None` while none runs. Cancel safe.
    pub async fn join_next(&mut self) -> Option<Ended> {
        let ended = self.set.join_next_with_id().await?;
        let (id, outcome) = match ended {
            Ok((id, outcome)) => (id, Ok(outcome)),
            Err(error) => (error.id(), Err(error)),
        };
        let job = self.jobs.remove(&id);
        Some(match (outcome, job) {
            (Ok(Some(done)), _) => Ended::Polled(done),
            (Err(error), Some(job)) if error.is_panic() => {
                // Never the panic's payload: it may quote a job's text.
                tracing::error!(target: "atlas_restores::poller", ?job, "task panicked");
                Ended::Panicked(job)
            }
            // Done, or aborted (only ever by dropping the set).
            _ => Ended::Finished,
        })
    }
}

/// After `job` panicked: a poll counts as a failure, backed off like a
/// server error; a load or fetch shows the error instead of loading for
/// ever; a dead project watcher is a standing notice.
pub fn recover(job: Job, store: &Store, schedule: &mut Schedule, settings: PollSettings) {
    match job {
        Job::Poll(target) => {
            let streak = schedule.streak(&target).after(Retry::Backoff);
            let wait = settings.wait_after(Retry::Backoff, streak);
            let now = Utc::now();
            store.update_target(&target, |state| {
                state.in_flight = false;
                state.next_poll = Some(super::next_poll(now, wait));
                let failure = TargetError::new(PANICKED, now).with_code("internal");
                state.last_error = Some(failure.after(state.last_error.as_ref()));
            });
            schedule.finished(target, Some(Retry::Backoff), wait, Instant::now());
        }
        Job::Watcher => store.update(|data| {
            data.notices
                .push(format!("{PANICKED}: projects are no longer listed again"));
        }),
        Job::Inventory => store.update(|data| data.inventory = Inventory::Failed(PANICKED.into())),
        Job::Snapshot(id) => store.update(|data| {
            data.snapshots
                .insert(id, SnapshotInfo::Failed(PANICKED.into()));
        }),
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use tokio::sync::oneshot;

    use super::*;

    fn done(target: Target) -> Done {
        Done {
            target,
            failed: None,
            wait: Duration::from_secs(1),
        }
    }

    #[tokio::test]
    async fn each_ending_comes_back_as_what_the_task_was_doing() {
        let mut tasks = Tasks::default();
        let target = Target::new("g", "c");
        tasks.spawn_poll(target.clone(), async move { done(target) });
        tasks.spawn(Job::Snapshot("s1".into()), async {});
        let broken = Target::new("g", "broken");
        tasks.spawn_poll(broken.clone(), async { panic!("a bug") });
        let mut polled = Vec::new();
        let mut finished = 0;
        let mut panicked = Vec::new();
        while let Some(ended) = tasks.join_next().await {
            match ended {
                Ended::Polled(done) => polled.push(done.target),
                Ended::Finished => finished += 1,
                Ended::Panicked(job) => panicked.push(job),
            }
        }
        assert_eq!(polled, vec![Target::new("g", "c")]);
        assert_eq!(finished, 1);
        assert_eq!(panicked, vec![Job::Poll(broken)]);
        assert!(tasks.jobs.is_empty(), "no job outlives its task");
    }

    #[tokio::test]
    async fn dropping_the_tasks_aborts_every_one_of_them() {
        let mut tasks = Tasks::default();
        let (held, released) = oneshot::channel::<()>();
        tasks.spawn(Job::Watcher, async move {
            let _held = held;
            std::future::pending::<()>().await;
        });
        drop(tasks);
        let closed = tokio::time::timeout(Duration::from_secs(5), released).await;
        assert!(
            matches!(closed, Ok(Err(_))),
            "the task was aborted and dropped what it held"
        );
    }

    #[test]
    fn a_panicked_poll_is_a_failure_shown_and_backed_off() {
        let target = Target::new("g", "c");
        let mut state = crate::poller::store::TargetState::new(target.clone());
        state.in_flight = true;
        let store = Store::new(vec![state], Duration::from_secs(30));
        let start = Instant::now();
        let mut schedule = Schedule::new(
            std::slice::from_ref(&target),
            Duration::from_secs(30),
            start,
        );
        assert_eq!(schedule.take_due(start), vec![target.clone()]);
        let settings = PollSettings::every(Duration::from_secs(30));
        recover(Job::Poll(target.clone()), &store, &mut schedule, settings);
        let data = store.snapshot();
        assert!(!data.targets[0].in_flight);
        assert_eq!(
            data.targets[0]
                .last_error
                .as_ref()
                .map(|e| e.message.as_str()),
            Some(PANICKED)
        );
        assert_eq!(schedule.streak(&target).failures, 1);
        let wake = schedule.next_wake();
        assert!(
            wake.is_some_and(|at| at >= start + Duration::from_secs(48)),
            "backed off like a server error, not polled again at once: {wake:?}"
        );
        recover(Job::Snapshot("s1".into()), &store, &mut schedule, settings);
        recover(Job::Inventory, &store, &mut schedule, settings);
        let data = store.snapshot();
        assert_eq!(
            data.snapshots.get("s1"),
            Some(&SnapshotInfo::Failed(PANICKED.into()))
        );
        assert_eq!(data.inventory, Inventory::Failed(PANICKED.into()));
    }
}
