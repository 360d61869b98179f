//! Reading Atlas's answers: bodies read with a cap, error statuses turned
//! into typed failures with Atlas's envelope or a safe excerpt,
//! `Retry-After` and rate-limit headers, and transport errors named briefly.

use std::time::Duration;

use chrono::{DateTime, Utc};
use digest_auth::WwwAuthenticateHeader;
use reqwest::StatusCode;
use reqwest::header::{HeaderMap, RETRY_AFTER, WWW_AUTHENTICATE};

use super::error::{AtlasError, ErrorEnvelope, ErrorKind, HttpFailure, TransportCause, excerpt};

/// Atlas's rate-limit headers of the latest successful answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimit {
    pub limit: u64,
    pub remaining: u64,
}

/// Largest response body read into memory; Atlas pages are far smaller.
const MAX_BODY_BYTES: usize = 64 * 1024 * 1024;
/// How much of a body that is not Atlas JSON an error message quotes.
const EXCERPT_CHARS: usize = 120;
/// The longest `Retry-After` honoured.
pub const MAX_RETRY_AFTER: Duration = Duration::from_secs(3600);

pub(crate) fn http_failure(
    status: StatusCode,
    headers: &HeaderMap,
    body: &[u8],
    now: DateTime<Utc>,
) -> HttpFailure {
    let envelope = serde_json::from_slice::<ErrorEnvelope>(body).ok();
    let retry_after = headers
        .get(RETRY_AFTER)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| parse_retry_after(value, now));
    let error_code = envelope
        .as_ref()
        .and_then(|e| e.error_code.clone())
        .or_else(|| {
            headers
                .get("x-error-code")
                .and_then(|value| value.to_str().ok())
                .map(str::to_string)
        });
    let detail = envelope
        .as_ref()
        .and_then(|e| e.detail.clone().or(e.reason.clone()));
    HttpFailure {
        status: status.as_u16(),
        excerpt: envelope.is_none().then(|| excerpt(body, EXCERPT_CHARS)),
        credentials: None,
        digest_challenge: digest_challenge(headers).is_some(),
        error_code,
        detail,
        retry_after,
    }
}

/// The first `Digest` challenge of a 401 that can be answered (one that
/// parses, with its realm and nonce). A 401 may carry several challenges, in
/// one header or in many; the client answers this one, and messages say
/// "no digest challenge" exactly when there is none.
pub(crate) fn digest_challenge(headers: &HeaderMap) -> Option<WwwAuthenticateHeader> {
    headers
        .get_all(WWW_AUTHENTICATE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(digest_starts)
        .find_map(|challenge| WwwAuthenticateHeader::parse(challenge).ok())
}

/// The parameters of each `Digest` challenge in one header value: one may
/// start at the value's start or after a comma, and the scheme's name is
/// matched without regard to case.
fn digest_starts(value: &str) -> impl Iterator<Item = &str> {
    std::iter::once(0)
        .chain(value.match_indices(',').map(|(at, _)| at + 1))
        .map(move |at| value[at..].trim_start())
        .filter_map(|rest| {
            let scheme = rest.get(..7)?;
            scheme
                .eq_ignore_ascii_case("digest ")
                .then(|| rest.get(7..))
                .flatten()
        })
}

pub(crate) fn read_rate_limit(headers: &HeaderMap) -> Option<RateLimit> {
    let number = |name: &str| headers.get(name)?.to_str().ok()?.trim().parse::<u64>().ok();
    Some(RateLimit {
        limit: number("ratelimit-limit")?,
        remaining: number("ratelimit-remaining")?,
    })
}

/// `Retry-After` as delay-seconds or an HTTP date, as a wait from `now`,
/// capped at [`MAX_RETRY_AFTER`]: a server asking for years must not stop
/// the polling, nor overflow the poller's clock arithmetic.
pub fn parse_retry_after(value: &str, now: DateTime<Utc>) -> Option<Duration> {
    let value = value.trim();
    let wait = if let Ok(seconds) = value.parse::<u64>() {
        Duration::from_secs(seconds)
    } else {
        let date = DateTime::parse_from_rfc2822(value).ok()?;
        let wait = date.with_timezone(&Utc) - now;
        wait.to_std().unwrap_or(Duration::ZERO)
    };
    Some(wait.min(MAX_RETRY_AFTER))
}

pub(crate) fn unexpected_body(target: &str, status: u16, problem: &str, body: &[u8]) -> AtlasError {
    AtlasError::new(
        target,
        ErrorKind::UnexpectedBody {
            status,
            problem: problem.to_string(),
            excerpt: excerpt(body, EXCERPT_CHARS),
        },
    )
}

pub(crate) async fn read_capped(
    mut response: reqwest::Response,
) -> Result<Vec<u8>, reqwest::Error> {
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await? {
        let room = MAX_BODY_BYTES.saturating_sub(body.len());
        body.extend_from_slice(&chunk[..chunk.len().min(room)]);
        if room < chunk.len() {
            break;
        }
    }
    Ok(body)
}

pub(crate) fn transport_error(target: &str, error: &reqwest::Error) -> AtlasError {
    let cause = if error.is_timeout() {
        TransportCause::Timeout
    } else if error.is_connect() {
        TransportCause::Connect
    } else {
        TransportCause::Other
    };
    AtlasError::new(
        target,
        ErrorKind::Transport {
            cause,
            message: describe_transport(error, cause),
        },
    )
}

/// A short cause: the innermost error's words, without the URL (which can
/// be long) but with what kind of failure it was.
fn describe_transport(error: &reqwest::Error, cause: TransportCause) -> String {
    let mut innermost: &dyn std::error::Error = error;
    while let Some(source) = innermost.source() {
        innermost = source;
    }
    let words = innermost.to_string();
    match cause {
        TransportCause::Timeout => "timed out".to_string(),
        TransportCause::Connect => format!("cannot connect: {words}"),
        TransportCause::Other => format!("connection failed: {words}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    #[test]
    fn a_digest_challenge_is_told_from_none_and_from_other_schemes() {
        let with = |values: &[&'static str]| {
            let mut headers = HeaderMap::new();
            for value in values {
                headers.append(WWW_AUTHENTICATE, HeaderValue::from_static(value));
            }
            digest_challenge(&headers).is_some()
        };
        assert!(with(&[
            "Digest realm=\"MMS Public API\", nonce=\"n\", qop=\"auth\""
        ]));
        assert!(with(&[
            "Basic realm=\"x\"",
            "digest realm=\"y\", nonce=\"n\""
        ]));
        assert!(with(&["Bearer, Digest realm=\"y\", nonce=\"n\""]));
        assert!(!with(&[]));
        assert!(!with(&["Basic realm=\"proxy\""]));
        assert!(!with(&["Bearer realm=\"digest \""]));
    }

    #[test]
    fn retry_after_reads_seconds_and_http_dates() {
        let now = DateTime::parse_from_rfc3339("2015-10-21T07:27:00Z")
            .map(|d| d.with_timezone(&Utc))
            .ok()
            .unwrap_or_default();
        assert_eq!(parse_retry_after("42", now), Some(Duration::from_secs(42)));
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now),
            Some(Duration::from_secs(60))
        );
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:26:00 GMT", now),
            Some(Duration::ZERO)
        );
        assert_eq!(parse_retry_after("soon", now), None);
    }
}
