//! What a failed request means to an operator: the one-line message shown
//! for the target (the same in the dashboard and in `list`), and when the
//! poller tries again.

use std::time::Duration;

use crate::atlas::Target;
use crate::atlas::fetch::TIMEOUT_WHILE_PAGING;
use crate::atlas::{AtlasError, CredentialKind, ErrorKind, HttpFailure};

/// How a failure is retried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Retry {
    /// Transient (5xx, network, garbage): exponential back-off with jitter.
    Backoff,
    /// Rate limited: `max(Retry-After, interval)`, growing only across rate
    /// limits in a row.
    RateLimited { retry_after: Option<Duration> },
    /// Will not fix itself soon (bad keys, no access, no such cluster):
    /// straight to the back-off cap, so that no retry storm hits Atlas.
    Cap,
}

/// The user's words for `error` of `target`, without the target's name:
/// the plain words, then Atlas's HTTP status and `errorCode`, e.g.
/// `cluster orders not found in project 5e22… (404 CLUSTER_NOT_FOUND)`.
/// This is the one place these messages are worded; the dashboard, `list`
/// (stderr and JSON) and the log all show it.
pub fn describe(error: &AtlasError, target: &Target) -> String {
    match &error.kind {
        ErrorKind::Http(failure) => format!(
            "{} ({})",
            plain_words(failure, target, failure.credentials),
            failure.status_and_code()
        ),
        _ => error.cause(),
    }
}

/// `credentials` is the kind the request used (an API key when unknown).
fn plain_words(
    failure: &HttpFailure,
    target: &Target,
    credentials: Option<CredentialKind>,
) -> String {
    let detail = failure.detail.as_deref().unwrap_or("");
    let credentials = credentials.unwrap_or(CredentialKind::ApiKey);
    match (failure.status, failure.error_code.as_deref()) {
        // Without a challenge the keys were never tried: a proxy, a wrong
        // base URL or a server that is not Atlas answered.
        (401, _) if credentials == CredentialKind::ApiKey && !failure.digest_challenge => {
            "the server offered no digest challenge, so the API key was never sent; \
             is the base URL Atlas?"
                .to_string()
        }
        (401, _) => {
            let [id, secret] = credentials.env_vars();
            format!("authentication failed: check {id} and {secret}")
        }
        (403, _) if !detail.is_empty() => format!("access denied: {detail}"),
        (_, Some("GROUP_NOT_FOUND")) => format!("project {} not found", target.group_id),
        (_, Some("CLUSTER_NOT_FOUND")) => format!(
            "cluster {} not found in project {}",
            target.cluster_name, target.group_id
        ),
        (429, _) => "rate limited by Atlas".to_string(),
        (_, Some(TIMEOUT_WHILE_PAGING)) => format!(
            "Atlas timed out while paging, even without the count: {}",
            failure.words()
        ),
        _ => failure.words(),
    }
}

/// How `error` is retried.
pub fn retry(error: &AtlasError) -> Retry {
    let ErrorKind::Http(failure) = &error.kind else {
        return match error.kind {
            ErrorKind::Request(_) => Retry::Cap,
            _ => Retry::Backoff,
        };
    };
    match failure.status {
        429 => Retry::RateLimited {
            retry_after: failure.retry_after,
        },
        401 | 403 | 404 => Retry::Cap,
        _ if failure.retry_after.is_some() => Retry::RateLimited {
            retry_after: failure.retry_after,
        },
        _ => Retry::Backoff,
    }
}

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
    use crate::atlas::TransportCause;

    const SECOND: Duration = Duration::from_secs(1);

    fn http(
        status: u16,
        code: Option<&str>,
        detail: Option<&str>,
        retry_after: Option<u64>,
    ) -> AtlasError {
        AtlasError::new(
            "t",
            ErrorKind::Http(HttpFailure {
                status,
                error_code: code.map(str::to_string),
                detail: detail.map(str::to_string),
                retry_after: retry_after.map(Duration::from_secs),
                excerpt: None,
                credentials: None,
                digest_challenge: status == 401,
            }),
        )
    }

    fn target() -> Target {
        Target::new("5e2211c17a3e5a48f5497de3", "orders")
    }

    #[test]
    fn messages_say_what_to_do() {
        let table = [
            (
                http(401, Some("UNAUTHORIZED"), None, None),
                "authentication failed: check MONGODB_ATLAS_PUBLIC_API_KEY and MONGODB_ATLAS_PRIVATE_API_KEY (401 UNAUTHORIZED)",
            ),
            (
                http(
                    403,
                    Some("IP_ADDRESS_NOT_ON_ACCESS_LIST"),
                    Some("IP address 203.0.113.7 is not allowed to access this resource."),
                    None,
                ),
                "access denied: IP address 203.0.113.7 is not allowed to access this resource. (403 IP_ADDRESS_NOT_ON_ACCESS_LIST)",
            ),
            (
                http(404, Some("GROUP_NOT_FOUND"), Some("No group"), None),
                "project 5e2211c17a3e5a48f5497de3 not found (404 GROUP_NOT_FOUND)",
            ),
            (
                http(404, Some("CLUSTER_NOT_FOUND"), Some("No cluster"), None),
                "cluster orders not found in project 5e2211c17a3e5a48f5497de3 (404 CLUSTER_NOT_FOUND)",
            ),
            (
                http(429, Some("RATE_LIMITED"), Some("slow down"), Some(42)),
                "rate limited by Atlas (429 RATE_LIMITED)",
            ),
            (
                http(
                    500,
                    Some("TIMEOUT_WHILE_PAGING"),
                    Some("Retry with includeCount=false."),
                    None,
                ),
                "Atlas timed out while paging, even without the count: Retry with includeCount=false. (500 TIMEOUT_WHILE_PAGING)",
            ),
            (
                http(503, Some("SERVICE_UNAVAILABLE"), Some("down"), None),
                "down (503 SERVICE_UNAVAILABLE)",
            ),
            (http(502, None, None, None), "Bad Gateway (502)"),
        ];
        for (error, expected) in table {
            assert_eq!(describe(&error, &target()), expected);
        }
        let token_refused = http(401, Some("UNAUTHORIZED"), None, None)
            .with_credentials(CredentialKind::ServiceAccount);
        assert_eq!(
            describe(&token_refused, &target()),
            "authentication failed: check MONGODB_ATLAS_CLIENT_ID and MONGODB_ATLAS_CLIENT_SECRET (401 UNAUTHORIZED)"
        );
        let mut unchallenged = http(401, None, None, None);
        if let ErrorKind::Http(failure) = &mut unchallenged.kind {
            failure.digest_challenge = false;
        }
        let unchallenged = describe(&unchallenged, &target());
        assert_eq!(
            unchallenged,
            "the server offered no digest challenge, so the API key was never sent; is the base URL Atlas? (401)"
        );
        assert!(!unchallenged.contains("check"), "not about the keys");
        let refused = AtlasError::new(
            "t",
            ErrorKind::Transport {
                cause: TransportCause::Connect,
                message: "cannot connect: Connection refused".into(),
            },
        );
        assert_eq!(
            describe(&refused, &target()),
            "cannot connect: Connection refused"
        );
    }

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
        for status in [401, 403, 404] {
            let error = http(status, None, None, None);
            assert_eq!(retry(&error), Retry::Cap);
            assert_eq!(
                wait(retry(&error), 30 * SECOND, 300 * SECOND, failed(1), 0.0),
                300 * SECOND
            );
        }
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
        let limit = retry(&http(429, Some("RATE_LIMITED"), None, Some(2)));
        assert_eq!(limit, limited(2));
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
        let unavailable = retry(&http(503, None, None, Some(7)));
        assert_eq!(unavailable, limited(7));
        let no_header = retry(&http(429, None, None, None));
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
