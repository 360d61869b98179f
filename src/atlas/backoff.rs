//! When to try again after a failure: exponential back-off from the
//! interval to a cap, rate limits that wait at least what Atlas asked, and
//! jitter so that targets that failed together do not retry together.

use std::time::Duration;

use super::failure::Retry;

/// A target's failures in a row: of every kind, and the rate limits among
/// the latest of them (reset by any other failure or a success).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Streak {
    pub failures: u32,
    pub rate_limits: u32,
}

impl Streak {
    /// The streak after one more failure retried as `retry`.
    pub fn after(self, retry: Retry) -> Streak {
        Streak {
            failures: self.failures.saturating_add(1),
            rate_limits: match retry {
                Retry::RateLimited { .. } => self.rate_limits.saturating_add(1),
                _ => 0,
            },
        }
    }
}

/// The wait before the next poll after a failure retried as `retry`, with
/// `streak` the failures in a row (this one included). `jitter` in
/// `0.0..=1.0` spreads targets that failed together so that they do not
/// retry in the same instant.
///
/// A rate limit waits `max(Retry-After, interval)`, doubled for each further
/// rate limit in a row, lengthened by up to a fifth for jitter (never
/// sooner than Atlas asked, never past the cap unless Atlas asked for
/// more); other failures in between do not make it grow.
pub fn wait(
    retry: Retry,
    interval: Duration,
    max_backoff: Duration,
    streak: Streak,
    jitter: f64,
) -> Duration {
    let jitter = jitter.clamp(0.0, 1.0);
    let cap = max_backoff.max(interval);
    let doubled =
        |base: Duration, times: u32| base.saturating_mul(2u32.saturating_pow(times.min(20)));
    let spread = |wait: Duration| wait.mul_f64(1.0 - 0.2 * jitter).max(interval);
    match retry {
        Retry::Backoff => spread(doubled(interval, streak.failures).min(cap)),
        Retry::Cap => spread(cap),
        Retry::RateLimited { retry_after } => {
            let floor = retry_after.unwrap_or_default().max(interval);
            let ceiling = cap.max(floor);
            let grown = doubled(floor, streak.rate_limits.saturating_sub(1)).min(ceiling);
            let extra = grown.mul_f64(0.2 * jitter);
            if grown + extra <= ceiling {
                grown + extra
            } else {
                grown.saturating_sub(extra).max(floor)
            }
        }
    }
}

/// A number in `0.0..1.0` that differs from call to call, for jitter (from
/// `fastrand`'s thread-local generator: fast, and seeded differently in each
/// process and thread).
pub fn jitter() -> f64 {
    fastrand::f64()
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECOND: Duration = Duration::from_secs(1);

    #[test]
    fn transient_failures_back_off_exponentially_from_the_interval_to_the_cap() {
        let (interval, cap) = (30 * SECOND, 300 * SECOND);
        let waits: Vec<u64> = (1..=6)
            .map(|n| wait(Retry::Backoff, interval, cap, failed(n), 0.0).as_secs())
            .collect();
        assert_eq!(waits, [60, 120, 240, 300, 300, 300]);
        let jittered = wait(Retry::Backoff, interval, cap, failed(1), 1.0);
        assert_eq!(jittered, 48 * SECOND, "jitter shortens by at most a fifth");
        assert!(wait(Retry::Backoff, interval, cap, failed(1), 1.0) >= interval);
    }

    #[test]
    fn lasting_failures_go_straight_to_the_cap() {
        assert_eq!(
            wait(Retry::Cap, 30 * SECOND, 300 * SECOND, failed(1), 0.0),
            300 * SECOND
        );
    }

    /// A streak of `n` failures that were not rate limits.
    fn failed(n: u32) -> Streak {
        Streak {
            failures: n,
            rate_limits: 0,
        }
    }

    /// The streak after `retries` in a row, from none.
    fn streak(retries: &[Retry]) -> Streak {
        retries
            .iter()
            .fold(Streak::default(), |streak, retry| streak.after(*retry))
    }

    fn limited(seconds: u32) -> Retry {
        Retry::RateLimited {
            retry_after: Some(seconds * SECOND),
        }
    }

    #[test]
    fn a_rate_limit_waits_the_longer_of_retry_after_and_the_interval() {
        let limit = limited(2);
        let once = streak(&[limit]);
        assert_eq!(
            wait(limit, 3 * SECOND, 300 * SECOND, once, 0.0),
            3 * SECOND,
            "Retry-After: 2 at a 3 s interval: 3 s, not 12 s"
        );
        assert_eq!(
            wait(limit, 30 * SECOND, 300 * SECOND, once, 0.0),
            30 * SECOND
        );
        assert_eq!(
            wait(limited(42), 5 * SECOND, 300 * SECOND, once, 0.0),
            42 * SECOND
        );
        for jitter in [0.0, 0.5, 1.0] {
            let waited = wait(limited(42), 5 * SECOND, 300 * SECOND, once, jitter);
            assert!(
                (42 * SECOND..=50400 * SECOND / 1000).contains(&waited),
                "never sooner than asked, at most a fifth later: {waited:?}"
            );
        }
        assert_eq!(
            wait(limited(900), 30 * SECOND, 300 * SECOND, once, 0.5),
            900 * SECOND,
            "Retry-After past the cap is honoured, not shortened"
        );
        let no_header = Retry::RateLimited { retry_after: None };
        assert_eq!(
            wait(
                no_header,
                30 * SECOND,
                300 * SECOND,
                streak(&[no_header]),
                0.0
            ),
            30 * SECOND
        );
    }

    #[test]
    fn rate_limits_grow_only_while_they_come_in_a_row() {
        let (interval, cap) = (30 * SECOND, 300 * SECOND);
        let limit = limited(2);
        let at = |streak: Streak| wait(limit, interval, cap, streak, 0.0).as_secs();
        let two = streak(&[limit, limit]);
        assert_eq!(at(two), 60);
        assert_eq!(
            at(streak(&[limit])) + at(two),
            90,
            "two short 429s hide a cluster 90 s, not 6 minutes"
        );
        let waits: Vec<u64> = (1..=6).map(|n| at(streak(&vec![limit; n]))).collect();
        assert_eq!(waits, [30, 60, 120, 240, 300, 300]);
        let broken = streak(&[limit, limit, Retry::Backoff, limit]);
        assert_eq!(broken.failures, 4);
        assert_eq!(at(broken), 30, "a 5xx in between starts the count again");
        assert_eq!(
            wait(
                Retry::Backoff,
                interval,
                cap,
                streak(&[limit, Retry::Backoff]),
                0.0
            ),
            120 * SECOND,
            "other failures still back off over the whole streak"
        );
        let at_cap = streak(&[limit; 6]);
        let spread = wait(limit, interval, cap, at_cap, 1.0);
        assert_eq!(spread, 240 * SECOND, "at the cap jitter shortens");
    }

    #[test]
    fn jitter_is_a_fraction_that_spreads_targets_out() {
        let draws: Vec<f64> = (0..1000).map(|_| jitter()).collect();
        assert!(draws.iter().all(|j| (0.0..1.0).contains(j)));
        // Targets that failed together must not retry together: the draws
        // cover the range (each tenth of it at least once in 1000 draws;
        // the chance that a fair generator misses one is below 1e-40).
        for tenth in 0..10 {
            let low = f64::from(tenth) / 10.0;
            assert!(
                draws.iter().any(|j| (low..low + 0.1).contains(j)),
                "no draw in [{low}, {})",
                low + 0.1
            );
        }
    }
}
