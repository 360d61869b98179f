//! Typed errors of the Atlas client: which request failed, how, and what
//! Atlas said. Messages never contain credentials.

use std::fmt;
use std::time::Duration;

use serde::Deserialize;

use super::credentials::CredentialKind;

/// What went wrong talking to Atlas, for one target (a cluster, a project).
#[derive(Debug, Clone, PartialEq)]
pub struct AtlasError {
    /// What was asked for, e.g. `cluster prod/orders` or `projects`.
    pub target: String,
    pub kind: ErrorKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ErrorKind {
    /// Atlas answered with an error status.
    Http(HttpFailure),
    /// No usable answer: connection refused or reset, timeout, DNS.
    Transport {
        cause: TransportCause,
        message: String,
    },
    /// A 2xx answer whose body is not what Atlas sends.
    UnexpectedBody {
        status: u16,
        problem: String,
        excerpt: String,
    },
    /// The page walk went wrong: a loop of `next` links or too many pages.
    Paging(String),
    /// The request could not even be built (bad base URL, bad name).
    Request(String),
}

/// An HTTP error status with Atlas's error envelope when the body has one.
#[derive(Debug, Clone, PartialEq)]
pub struct HttpFailure {
    pub status: u16,
    pub error_code: Option<String>,
    pub detail: Option<String>,
    /// `Retry-After`, in seconds or as an HTTP date, turned into a wait.
    pub retry_after: Option<Duration>,
    /// A short, printable excerpt of a body that is not Atlas JSON.
    pub excerpt: Option<String>,
    /// The kind of credentials the request carried, so that a 401 can
    /// name the right variables.
    pub credentials: Option<CredentialKind>,
    /// Whether the answer offered a `WWW-Authenticate: Digest` challenge: a
    /// 401 without one is not about the keys.
    pub digest_challenge: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TransportCause {
    Connect,
    Timeout,
    Other,
}

/// Atlas's error envelope: `{"error":404,"errorCode":"...","detail":"..."}`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ErrorEnvelope {
    #[serde(default)]
    pub error_code: Option<String>,
    #[serde(default)]
    pub detail: Option<String>,
    #[serde(default)]
    pub reason: Option<String>,
}

impl AtlasError {
    pub fn new(target: impl Into<String>, kind: ErrorKind) -> AtlasError {
        AtlasError {
            target: target.into(),
            kind,
        }
    }

    /// Notes which kind of credentials the refused request used.
    pub fn with_credentials(mut self, kind: CredentialKind) -> AtlasError {
        if let ErrorKind::Http(failure) = &mut self.kind {
            failure.credentials = Some(kind);
        }
        self
    }

    /// The kind of credentials Atlas refused or answered, when known.
    pub fn credentials(&self) -> Option<CredentialKind> {
        match &self.kind {
            ErrorKind::Http(failure) => failure.credentials,
            _ => None,
        }
    }

    /// The HTTP status, when Atlas answered at all.
    pub fn status(&self) -> Option<u16> {
        match &self.kind {
            ErrorKind::Http(failure) => Some(failure.status),
            ErrorKind::UnexpectedBody { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// Atlas's `errorCode`, when the body had one.
    pub fn error_code(&self) -> Option<&str> {
        match &self.kind {
            ErrorKind::Http(failure) => failure.error_code.as_deref(),
            _ => None,
        }
    }

    /// The message without the target: what went wrong.
    pub fn cause(&self) -> String {
        match &self.kind {
            ErrorKind::Http(failure) => failure.to_string(),
            ErrorKind::Transport { message, .. } => message.clone(),
            ErrorKind::UnexpectedBody {
                status,
                problem,
                excerpt,
            } => {
                if excerpt.is_empty() {
                    format!("unexpected response: {problem}, empty body ({status})")
                } else {
                    format!("unexpected response: {problem}: \"{excerpt}\" ({status})")
                }
            }
            ErrorKind::Paging(message) | ErrorKind::Request(message) => message.clone(),
        }
    }
}

impl fmt::Display for AtlasError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.target, self.cause())
    }
}

impl std::error::Error for AtlasError {}

impl HttpFailure {
    /// `404 CLUSTER_NOT_FOUND`, or `502` when Atlas sent no code: what
    /// operators paste into tickets and search for.
    pub fn status_and_code(&self) -> String {
        match &self.error_code {
            Some(code) => format!("{} {code}", self.status),
            None => self.status.to_string(),
        }
    }

    /// The plain words of the answer: Atlas's detail, a quoted excerpt of a
    /// body that is not Atlas JSON, or the status's reason phrase.
    pub fn words(&self) -> String {
        // A body that is not Atlas's error envelope (a proxy's HTML page,
        // nothing at all) is quoted, short and on one line.
        if let Some(excerpt) = &self.excerpt {
            return match excerpt.as_str() {
                "" => "unexpected response, empty body".to_string(),
                text => format!("unexpected response: \"{text}\""),
            };
        }
        match &self.detail {
            Some(detail) if !detail.trim().is_empty() => detail.clone(),
            _ => reqwest::StatusCode::from_u16(self.status)
                .ok()
                .and_then(|status| status.canonical_reason())
                .unwrap_or("error")
                .to_string(),
        }
    }
}

impl fmt::Display for HttpFailure {
    /// `words (status code)`, e.g. `Maintenance. (503 SERVICE_UNAVAILABLE)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.words(), self.status_and_code())
    }
}

/// The first `max` characters of a body, on one line, control characters
/// and bidi overrides replaced, so that it can be shown safely in a terminal.
/// Work is bounded by `max`, not by the body: blank runs collapse as they
/// are read and reading stops once the excerpt is full.
pub fn excerpt(body: &[u8], max: usize) -> String {
    let mut out = String::new();
    let mut count = 0;
    let mut last_space = true;
    let chars = body.utf8_chunks().flat_map(|chunk| {
        let bad = (!chunk.invalid().is_empty()).then_some(char::REPLACEMENT_CHARACTER);
        chunk.valid().chars().chain(bad)
    });
    for c in chars {
        let c = if c.is_whitespace() || crate::atlas::printable::is_unsafe(c) {
            ' '
        } else {
            c
        };
        if c == ' ' && last_space {
            continue;
        }
        if count >= max {
            out.push('…');
            break;
        }
        last_space = c == ' ';
        out.push(c);
        count += 1;
    }
    out.trim_end().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_body_that_is_not_atlas_json_is_an_unexpected_response() {
        let html = HttpFailure {
            status: 502,
            error_code: None,
            detail: None,
            retry_after: None,
            excerpt: Some(excerpt(b"<html>\r\n<title>502 Bad Gateway</title>", 120)),
            credentials: None,
            digest_challenge: false,
        };
        assert_eq!(
            html.to_string(),
            "unexpected response: \"<html> <title>502 Bad Gateway</title>\" (502)"
        );
        let empty = HttpFailure {
            excerpt: Some(String::new()),
            credentials: None,
            ..html
        };
        assert_eq!(empty.to_string(), "unexpected response, empty body (502)");
    }

    #[test]
    fn excerpt_is_one_safe_line_and_capped() {
        assert_eq!(
            excerpt(b"<html>\n  <b>502</b>\x1b[31m", 100),
            "<html> <b>502</b> [31m"
        );
        assert_eq!(excerpt(b"abcdef", 3), "abc…");
        assert_eq!(excerpt(b"", 10), "");
        assert_eq!(excerpt(&[0xff, 0xfe, b'x'], 10), "��x");
    }

    #[test]
    fn http_failure_names_status_code_and_detail() {
        let error = AtlasError::new(
            "cluster prod/orders",
            ErrorKind::Http(HttpFailure {
                status: 404,
                error_code: Some("CLUSTER_NOT_FOUND".into()),
                detail: Some("No cluster named orders exists in group 1.".into()),
                retry_after: None,
                excerpt: None,
                credentials: None,
                digest_challenge: false,
            }),
        );
        assert_eq!(
            error.to_string(),
            "cluster prod/orders: No cluster named orders exists in group 1. (404 CLUSTER_NOT_FOUND)"
        );
    }
}
