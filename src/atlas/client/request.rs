//! Sending one request: auth, the versioned `Accept` header, the capped
//! body, the rate-limit headers, every failure as an [`AtlasError`], and
//! one `request` log event that never holds a credential. Reading one
//! resource or walking every page is built on it.

use std::time::Instant;

use chrono::Utc;
use reqwest::header::ACCEPT;
use reqwest::{Method, StatusCode, Url};
use serde::de::DeserializeOwned;

use super::Client;
use super::api::Resource;
use crate::atlas::error::{AtlasError, ErrorKind, TransportCause};
use crate::atlas::fingerprint::{Fingerprint, Reread};
use crate::atlas::pages::{Listing, PageWalk};
use crate::atlas::response::{
    http_failure, read_capped, read_rate_limit, transport_error, unexpected_body,
};

/// A successful answer: the body and the headers the poller cares about.
pub(crate) struct Answer {
    pub body: Vec<u8>,
    pub status: u16,
}

impl Client {
    /// Reads one resource from `url`.
    pub(super) async fn get_one<T: DeserializeOwned>(
        &self,
        target: &str,
        url: Url,
        resource: Resource,
    ) -> Result<T, AtlasError> {
        let answer = self.send(target, Method::GET, url, resource).await?;
        serde_json::from_slice(&answer.body).map_err(|error| {
            unexpected_body(target, answer.status, &error.to_string(), &answer.body)
        })
    }

    /// Reads every page from `first` on, following the `next` links.
    pub(super) async fn walk<T: DeserializeOwned>(
        &self,
        target: &str,
        first: Url,
        resource: Resource,
    ) -> Result<Listing<T>, AtlasError> {
        let mut walk = PageWalk::new(target, &self.base);
        let mut next = Some(first);
        while let Some(url) = next {
            walk.visit(&url)?;
            let answer = self.send(target, Method::GET, url, resource).await?;
            next = walk.add_page(&answer.body, answer.status)?;
        }
        Ok(walk.finish())
    }

    /// Reads every page from `first` on, like [`Client::walk`], but parses
    /// nothing while each page's bytes are those `seen` recorded: an answer
    /// unchanged since then comes back as [`Reread::Unchanged`] unparsed.
    pub(super) async fn walk_since<T: DeserializeOwned>(
        &self,
        target: &str,
        first: Url,
        resource: Resource,
        seen: &Fingerprint,
    ) -> Result<Reread<T>, AtlasError> {
        let mut walk = PageWalk::new(target, &self.base);
        let mut fingerprint = Fingerprint::starting_at(&first);
        // The pages read so far while every one matched, not yet parsed.
        let mut unparsed: Option<Vec<Answer>> = Some(Vec::new());
        let mut next = Some(first.clone());
        while let Some(url) = next {
            walk.visit(&url)?;
            let answer = self.send(target, Method::GET, url, resource).await?;
            let page = fingerprint.page_count();
            let known = unparsed
                .as_ref()
                .and_then(|_| seen.known_next(&first, page, &answer.body));
            next = match (known, unparsed.as_mut()) {
                (Some(known_next), Some(held)) => {
                    fingerprint.push(&answer.body, known_next.as_ref());
                    held.push(answer);
                    known_next
                }
                _ => {
                    // Changed: what was held is parsed after all, in order.
                    for held in unparsed.take().into_iter().flatten() {
                        walk.add_page(&held.body, held.status)?;
                    }
                    let next = walk.add_page(&answer.body, answer.status)?;
                    fingerprint.push(&answer.body, next.as_ref());
                    next
                }
            };
        }
        Ok(match unparsed {
            Some(_) => Reread::Unchanged(fingerprint),
            None => Reread::Changed(walk.finish(), fingerprint),
        })
    }

    /// Sends one request with digest auth and turns every failure into an
    /// [`AtlasError`] for `target`; logs it as one `request` event.
    pub(crate) async fn send(
        &self,
        target: &str,
        method: Method,
        url: Url,
        resource: Resource,
    ) -> Result<Answer, AtlasError> {
        let started = Instant::now();
        let logged = LoggedRequest {
            method: method.clone(),
            path: path_and_query(&url),
        };
        let accept = self.api.accept(resource);
        let build = || {
            self.http
                .request(method.clone(), url.clone())
                .header(ACCEPT, accept)
        };
        let sent = self.auth.send(&self.http, build, target).await;
        let round_trips = sent.round_trips;
        let response = match sent.result {
            Ok(response) => response,
            Err(error) => {
                logged.log(None, Some(&error), started, round_trips);
                return Err(error);
            }
        };
        let status = response.status();
        let headers = response.headers().clone();
        let body = match read_capped(response).await {
            Ok(body) => body,
            Err(error) => {
                let error = transport_error(target, &error);
                logged.log(Some(status), Some(&error), started, round_trips);
                return Err(error);
            }
        };
        logged.log(Some(status), None, started, round_trips);
        if let Some(rate_limit) = read_rate_limit(&headers) {
            *self
                .rate_limit
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner()) = Some(rate_limit);
        }
        if status.is_success() {
            return Ok(Answer {
                body,
                status: status.as_u16(),
            });
        }
        Err(AtlasError::new(
            target,
            ErrorKind::Http(http_failure(status, &headers, &body, Utc::now())),
        )
        .with_credentials(self.auth.kind()))
    }
}

/// What the `request` log event says of a request: built from the method
/// and URL only, never from headers, so no credential can reach the log.
struct LoggedRequest {
    method: Method,
    path: String,
}

impl LoggedRequest {
    fn log(
        &self,
        status: Option<StatusCode>,
        error: Option<&AtlasError>,
        started: Instant,
        round_trips: u32,
    ) {
        let duration_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
        let status = status.map(|status| status.as_u16());
        let error = error.map(error_kind);
        if error.is_some() || status.is_none_or(|status| status >= 400) {
            tracing::warn!(target: "atlas_restores::http", method = %self.method, path = %self.path, status, error_kind = error, duration_ms, round_trips, "request");
        } else {
            tracing::info!(target: "atlas_restores::http", method = %self.method, path = %self.path, status, duration_ms, round_trips, "request");
        }
    }
}

/// The URL's path and query: never its scheme, host or user info.
fn path_and_query(url: &Url) -> String {
    match url.query() {
        Some(query) => format!("{}?{query}", url.path()),
        None => url.path().to_string(),
    }
}

/// A short, secret-free name for why a request failed.
fn error_kind(error: &AtlasError) -> &'static str {
    match &error.kind {
        ErrorKind::Transport { cause, .. } => match cause {
            TransportCause::Timeout => "timeout",
            TransportCause::Connect => "connect",
            TransportCause::Other => "transport",
        },
        ErrorKind::Request(_) => "request",
        ErrorKind::Http(_) => "http",
        ErrorKind::UnexpectedBody { .. } => "unexpected body",
        ErrorKind::Paging(_) => "paging",
    }
}
