//! What a failed request means to an operator: the one-line message shown
//! for the target (the same in the dashboard and in `list`), its short code
//! for a summary, and when the poller tries again.

use std::time::Duration;

use crate::atlas::Target;
use crate::atlas::fetch::TIMEOUT_WHILE_PAGING;
use crate::atlas::{AtlasError, CredentialKind, ErrorKind, HttpFailure, TransportCause};

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

/// A word or two for `error` where a line names many failures, e.g.
/// `events-lake (503)`: the HTTP status when Atlas (or something in front
/// of it) answered with an error status, else what kind of failure it was:
/// `timeout`, `connect` (refused, unreachable, or a name that does not
/// resolve), `network` (the connection broke), `bad answer` (a 2xx body
/// that is not Atlas's), `paging`, `request`.
pub fn short_code(error: &AtlasError) -> String {
    let word = match &error.kind {
        ErrorKind::Http(failure) => return failure.status.to_string(),
        ErrorKind::Transport { cause, .. } => match cause {
            TransportCause::Timeout => "timeout",
            TransportCause::Connect => "connect",
            TransportCause::Other => "network",
        },
        ErrorKind::UnexpectedBody { .. } => "bad answer",
        ErrorKind::Paging(_) => "paging",
        ErrorKind::Request(_) => "request",
    };
    word.to_string()
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

#[cfg(test)]
mod tests {
    use super::*;

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
    fn short_codes_are_the_status_or_a_word_for_no_answer() {
        assert_eq!(
            short_code(&http(503, Some("SERVICE_UNAVAILABLE"), None, None)),
            "503"
        );
        assert_eq!(short_code(&http(401, None, None, None)), "401");
        let transport = |cause| {
            AtlasError::new(
                "t",
                ErrorKind::Transport {
                    cause,
                    message: "words".into(),
                },
            )
        };
        assert_eq!(short_code(&transport(TransportCause::Timeout)), "timeout");
        assert_eq!(short_code(&transport(TransportCause::Connect)), "connect");
        assert_eq!(short_code(&transport(TransportCause::Other)), "network");
        let garbage = ErrorKind::UnexpectedBody {
            status: 200,
            problem: "not JSON".into(),
            excerpt: "<html>".into(),
        };
        assert_eq!(short_code(&AtlasError::new("t", garbage)), "bad answer");
        let looping = ErrorKind::Paging("a loop of next links".into());
        assert_eq!(short_code(&AtlasError::new("t", looping)), "paging");
    }

    #[test]
    fn rate_limits_carry_what_atlas_asked_for() {
        let limited = |seconds| Retry::RateLimited {
            retry_after: Some(seconds * SECOND),
        };
        assert_eq!(
            retry(&http(429, Some("RATE_LIMITED"), None, Some(2))),
            limited(2)
        );
        assert_eq!(retry(&http(503, None, None, Some(7))), limited(7));
        assert_eq!(
            retry(&http(429, None, None, None)),
            Retry::RateLimited { retry_after: None }
        );
    }

    #[test]
    fn lasting_failures_are_retried_at_the_cap() {
        for status in [401, 403, 404] {
            assert_eq!(retry(&http(status, None, None, None)), Retry::Cap);
        }
    }
}
