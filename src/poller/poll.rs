//! One poll of one target: wait for a request slot (and for Atlas's rate
//! limit), read the jobs again (unparsed when unchanged; with their text
//! for the history when it is kept and they changed), and write the
//! outcome into the store, quietly when nothing on screen changes.

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, SubsecRound, Utc};
use tokio::sync::Semaphore;
use tokio::time::{Instant, sleep};

use super::recorder::{Observation, Recorder};
use super::{Done, PollSettings};
use crate::atlas::Target;
use crate::atlas::backoff::Streak;
use crate::atlas::failure::Retry;
use crate::atlas::fetch::refetch_jobs;
use crate::atlas::fingerprint::{Fingerprint, Reread};
use crate::atlas::{AtlasError, Client, RateLimit, RestoreJob, SentJob};
use crate::poller::store::{Store, StoreData, TargetError};

/// What a poll reads from and writes to.
pub(super) struct Polling {
    pub(super) client: Client,
    pub(super) store: Arc<Store>,
    pub(super) recorder: Option<Recorder>,
    pub(super) permits: Arc<Semaphore>,
}

/// Polls one target and writes the outcome; says when it is next due.
pub(super) async fn poll_target(
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
pub(crate) fn next_poll(now: DateTime<Utc>, wait: Duration) -> DateTime<Utc> {
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
