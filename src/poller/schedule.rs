//! When each target is next due: staggered first polls, one poll in flight
//! per target, failures counted in a row, and the earliest time a target may
//! be asked again after Atlas said to wait.

use std::collections::HashMap;
use std::time::Duration;

use tokio::time::Instant;

use crate::atlas::Target;
use crate::atlas::backoff::Streak;
use crate::atlas::failure::Retry;

/// The largest gap between two targets' first polls.
pub const MAX_STAGGER: Duration = Duration::from_millis(250);

/// Healthy polls are due on this beat (counted from the schedule's start)
/// when the interval is at least as long: the polls due within one beat
/// run on one wake of the poller instead of one wake each.
pub const BEAT: Duration = Duration::from_secs(1);

pub struct Schedule {
    /// `None` while the target's poll is in flight.
    due: HashMap<Target, Option<Instant>>,
    failures: HashMap<Target, Streak>,
    /// Set by `Retry-After`: no request for the target before then, not even
    /// on a refresh the user asked for.
    not_before: HashMap<Target, Instant>,
    /// Where the beat is counted from.
    origin: Instant,
}

impl Schedule {
    /// Every target due from `start`, spread over at most one interval.
    pub fn new(targets: &[Target], interval: Duration, start: Instant) -> Schedule {
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
            not_before: HashMap::new(),
            origin: start,
        }
    }

    /// The earliest time a target that is not in flight is due.
    pub fn next_wake(&self) -> Option<Instant> {
        self.due.values().flatten().min().copied()
    }

    /// Targets due at `now`, oldest first, marked in flight.
    pub fn take_due(&mut self, now: Instant) -> Vec<Target> {
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

    /// Starts polling `target` at `at`, if it is not polled already.
    pub fn add(&mut self, target: Target, at: Instant) {
        self.due.entry(target).or_insert(Some(at));
    }

    /// Stops polling `target`; a poll of it still in flight is forgotten.
    pub fn remove(&mut self, target: &Target) {
        self.due.remove(target);
        self.failures.remove(target);
        self.not_before.remove(target);
    }

    /// How many polls of `target` failed in a row, and how many of the
    /// latest of them were rate limited.
    pub fn streak(&self, target: &Target) -> Streak {
        self.failures.get(target).copied().unwrap_or_default()
    }

    /// Records a finished poll, `failed` with how it is retried or not:
    /// due again after `wait`; after a `Retry-After` the target is not asked
    /// again before it at all.
    pub fn finished(
        &mut self,
        target: Target,
        failed: Option<Retry>,
        wait: Duration,
        now: Instant,
    ) {
        if !self.due.contains_key(&target) {
            return; // removed while its poll was in flight
        }
        match failed {
            None => {
                self.failures.remove(&target);
                self.not_before.remove(&target);
            }
            Some(retry) => {
                let streak = self.streak(&target).after(retry);
                self.failures.insert(target.clone(), streak);
                match retry {
                    Retry::RateLimited {
                        retry_after: Some(at_least),
                    } => self.not_before.insert(target.clone(), later(now, at_least)),
                    _ => self.not_before.remove(&target),
                };
            }
        }
        let mut at = later(now, wait);
        if failed.is_none() && wait >= BEAT {
            at = on_beat(self.origin, at);
        }
        self.due.insert(target, Some(at));
    }

    /// Every target not in flight due now, except where Atlas asked to wait.
    /// Makes `target` due now, unless it is in flight or Atlas asked to wait.
    pub fn refresh(&mut self, target: &Target, now: Instant) {
        let earliest = self.not_before.get(target).copied().unwrap_or(now);
        if let Some(Some(at)) = self.due.get_mut(target) {
            *at = now.max(earliest);
        }
    }

    pub fn refresh_all(&mut self, now: Instant) {
        for (target, at) in &mut self.due {
            if let Some(at) = at {
                let earliest = self.not_before.get(target).copied().unwrap_or(now);
                *at = now.max(earliest);
            }
        }
    }
}

/// `now + wait`, saturating a day out rather than overflowing the clock.
/// The first beat from `origin` at or after `at`.
fn on_beat(origin: Instant, at: Instant) -> Instant {
    let since = at.saturating_duration_since(origin);
    let beats = since.as_nanos().div_ceil(BEAT.as_nanos());
    let beats = u32::try_from(beats).unwrap_or(u32::MAX);
    origin.checked_add(BEAT.saturating_mul(beats)).unwrap_or(at)
}

fn later(now: Instant, wait: Duration) -> Instant {
    now.checked_add(wait)
        .unwrap_or_else(|| now + Duration::from_secs(86_400))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn targets(n: usize) -> Vec<Target> {
        (0..n).map(|i| Target::new("g", format!("c{i}"))).collect()
    }

    #[test]
    fn healthy_polls_fall_due_together_on_the_beat() {
        let start = Instant::now();
        let interval = Duration::from_secs(30);
        let mut schedule = Schedule::new(&targets(3), interval, start);
        let first = schedule.take_due(start + MAX_STAGGER * 2);
        assert_eq!(first.len(), 3);
        // Answers land 40 ms apart; the three are due again together, on
        // the first beat at least one interval later.
        for (n, target) in first.into_iter().enumerate() {
            let landed = start + Duration::from_millis(300 + 40 * n as u64);
            schedule.finished(target, None, interval, landed);
        }
        let beat = start + Duration::from_secs(31);
        assert_eq!(schedule.next_wake(), Some(beat));
        assert_eq!(schedule.take_due(beat).len(), 3, "one wake for all three");
        // A sub-second interval is not stretched to the beat (failures
        // keep their exact back-off: see the tests below).
        let quick = Duration::from_millis(300);
        let mut fast = Schedule::new(&targets(1), quick, start);
        let only = fast.take_due(start);
        for target in only {
            fast.finished(target, None, quick, start + Duration::from_millis(10));
        }
        assert_eq!(fast.next_wake(), Some(start + Duration::from_millis(310)));
    }

    #[test]
    fn first_polls_are_staggered_and_capped() {
        let start = Instant::now();
        let mut schedule = Schedule::new(&targets(3), Duration::from_secs(30), start);
        assert_eq!(schedule.take_due(start), vec![Target::new("g", "c0")]);
        assert_eq!(schedule.take_due(start + MAX_STAGGER).len(), 1);
        assert_eq!(schedule.take_due(start + MAX_STAGGER * 2).len(), 1);
        assert_eq!(schedule.next_wake(), None, "all three in flight");
    }

    #[test]
    fn a_refresh_never_fires_before_retry_after() {
        let start = Instant::now();
        let mut schedule = Schedule::new(&targets(2), Duration::from_secs(1), start);
        let both = schedule.take_due(start + Duration::from_secs(1));
        assert_eq!(both.len(), 2);
        let limited = both[0].clone();
        let wait = Duration::from_secs(42);
        let retry = Retry::RateLimited {
            retry_after: Some(wait),
        };
        schedule.finished(limited.clone(), Some(retry), wait, start);
        schedule.finished(both[1].clone(), None, Duration::from_secs(1), start);
        assert_eq!(schedule.streak(&limited).failures, 1);
        schedule.refresh_all(start + Duration::from_secs(2));
        let now = schedule.take_due(start + Duration::from_secs(2));
        assert_eq!(
            now,
            vec![both[1].clone()],
            "the healthy one refreshes; the rate-limited one waits"
        );
        assert_eq!(schedule.next_wake(), Some(start + wait));
    }

    #[test]
    fn a_removed_target_stays_removed_when_its_poll_returns() {
        let start = Instant::now();
        let mut schedule = Schedule::new(&targets(1), Duration::from_secs(1), start);
        let target = Target::new("g", "c0");
        assert_eq!(schedule.take_due(start), vec![target.clone()]);
        schedule.remove(&target);
        schedule.finished(target.clone(), None, Duration::from_secs(1), start);
        assert_eq!(schedule.next_wake(), None);
        schedule.add(Target::new("g", "new"), start);
        assert_eq!(schedule.take_due(start), vec![Target::new("g", "new")]);
    }

    #[test]
    fn success_clears_the_failure_count() {
        let start = Instant::now();
        let mut schedule = Schedule::new(&targets(1), Duration::from_secs(1), start);
        let target = Target::new("g", "c0");
        let limited = Retry::RateLimited { retry_after: None };
        let (two, four) = (Duration::from_secs(2), Duration::from_secs(4));
        schedule.finished(target.clone(), Some(limited), two, start);
        schedule.finished(target.clone(), Some(limited), four, start);
        assert_eq!(
            schedule.streak(&target),
            Streak {
                failures: 2,
                rate_limits: 2
            }
        );
        schedule.finished(target.clone(), Some(Retry::Backoff), four, start);
        assert_eq!(
            schedule.streak(&target),
            Streak {
                failures: 3,
                rate_limits: 0
            },
            "a server error ends the run of rate limits"
        );
        schedule.finished(target.clone(), None, Duration::from_secs(1), start);
        assert_eq!(schedule.streak(&target), Streak::default());
    }
}
