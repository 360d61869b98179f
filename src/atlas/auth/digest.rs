//! HTTP digest auth (RFC 7616) with nonce discipline: a strict server never
//! sees a nonce count it has seen, or a smaller one, for the same nonce.
//!
//! Each request in flight takes a nonce of its own from a small pool of idle
//! ones (keyed by origin), answers it with the next count, and gives it back
//! only after the response has arrived. So the counts of one nonce reach
//! the server one at a time and in order, however many requests run at
//! once. A pool holds as many nonces as requests were ever in flight at the
//! same time (the poller's 4, `list`'s concurrency): in steady state each
//! request costs one round trip.
//!
//! A response's `Authentication-Info: nextnonce="..."` (RFC 7616 §3.5) is
//! followed: the nonce is replaced and its count starts again at 1. Apache
//! sends one in the last 30 s of a nonce's life and then expects the count
//! of the new one.
//!
//! Without an idle nonce the request goes out without credentials and the
//! 401's challenge is answered (two round trips). When a nonce is refused,
//! the refusal's own challenge is answered once: `stale=true` (the nonce
//! expired) and a nonce the server forgot or would not count again both
//! cost two round trips, never three. Only a refusal of that fresh answer,
//! or a 401 without a digest challenge, goes back to the caller.

use std::sync::Mutex;

use digest_auth::{AuthContext, HttpMethod, WwwAuthenticateHeader};
use reqwest::header::{AUTHORIZATION, HeaderValue};
use reqwest::{RequestBuilder, Response, StatusCode};

use super::super::credentials::Secret;
use super::super::error::{AtlasError, ErrorKind};
use super::super::response::{digest_challenge, transport_error};
use super::Sent;

/// Most idle nonces kept; more requests than this in flight at once would
/// be unusual, and the least recently used nonce is dropped.
const MAX_IDLE: usize = 16;

/// The key pair and the idle nonces, each with the last count it was sent
/// with.
pub struct DigestSession {
    user: String,
    password: Secret,
    idle: Mutex<Vec<Nonce>>,
}

/// One server nonce (a parsed challenge) and the origin that issued it.
struct Nonce {
    origin: String,
    challenge: WwwAuthenticateHeader,
}

/// What one request needs to compute its answers.
struct Target {
    origin: String,
    uri: String,
    method: String,
    body: Option<Vec<u8>>,
}

impl DigestSession {
    pub fn new(user: String, password: Secret) -> DigestSession {
        DigestSession {
            user,
            password,
            idle: Mutex::new(Vec::new()),
        }
    }

    /// Sends the request that `build` makes, answering a digest challenge
    /// as the module comment describes.
    pub(crate) async fn send(&self, build: impl Fn() -> RequestBuilder, target: &str) -> Sent {
        let request = match build().build() {
            Ok(request) => request,
            Err(error) => {
                return Sent {
                    result: Err(transport_error(target, &error)),
                    round_trips: 0,
                };
            }
        };
        let url = request.url();
        let uri = match url.query() {
            Some(query) => format!("{}?{query}", url.path()),
            None => url.path().to_string(),
        };
        let request_target = Target {
            origin: url.origin().ascii_serialization(),
            uri,
            method: request.method().as_str().to_string(),
            body: request
                .body()
                .and_then(|body| body.as_bytes())
                .map(<[u8]>::to_vec),
        };
        let (result, round_trips) = self.exchange(&build, &request_target, target).await;
        Sent {
            result,
            round_trips,
        }
    }

    async fn exchange(
        &self,
        build: &impl Fn() -> RequestBuilder,
        request: &Target,
        target: &str,
    ) -> (Result<Response, AtlasError>, u32) {
        let mut nonce = self.take(&request.origin);
        let mut answered_fresh = false;
        let mut round_trips = 0;
        loop {
            let mut builder = build();
            if let Some(nonce) = nonce.as_mut() {
                match self.answer(nonce, request) {
                    Ok(value) => builder = builder.header(AUTHORIZATION, value),
                    Err(error) => return (Err(digest_failure(target, &error)), round_trips),
                }
            }
            round_trips += 1;
            // On a transport error the nonce is dropped: the server may or
            // may not have counted that answer.
            let response = match builder.send().await {
                Ok(response) => response,
                Err(error) => return (Err(transport_error(target, &error)), round_trips),
            };
            if response.status() != StatusCode::UNAUTHORIZED {
                if let Some(mut nonce) = nonce {
                    if let Some(next) = next_nonce(&response) {
                        nonce.challenge.nonce = next;
                        nonce.challenge.nc = 0;
                    }
                    self.give_back(nonce);
                }
                return (Ok(response), round_trips);
            }
            // Refused. The refusal's fresh challenge is answered once.
            let fresh = digest_challenge(response.headers());
            match fresh {
                Some(challenge) if !answered_fresh => {
                    answered_fresh = true;
                    nonce = Some(Nonce {
                        origin: request.origin.clone(),
                        challenge,
                    });
                }
                _ => return (Ok(response), round_trips),
            }
        }
    }

    /// The most recently used idle nonce of `origin`, now this request's.
    fn take(&self, origin: &str) -> Option<Nonce> {
        let mut idle = self.idle.lock().ok()?;
        let at = idle.iter().rposition(|nonce| nonce.origin == origin)?;
        Some(idle.remove(at))
    }

    fn give_back(&self, nonce: Nonce) {
        if let Ok(mut idle) = self.idle.lock() {
            if idle.len() >= MAX_IDLE {
                idle.remove(0);
            }
            idle.push(nonce);
        }
    }

    /// The `Authorization` value for `request` with the next count of
    /// `nonce`.
    fn answer(&self, nonce: &mut Nonce, request: &Target) -> Result<HeaderValue, String> {
        let context = AuthContext::new_with_method(
            self.user.as_str(),
            self.password.expose(),
            request.uri.as_str(),
            request.body.as_deref(),
            HttpMethod::from(request.method.as_str()),
        );
        let answer = nonce
            .challenge
            .respond(&context)
            .map_err(|error| error.to_string())?;
        HeaderValue::from_str(&answer.to_header_string()).map_err(|error| error.to_string())
    }
}

/// The `nextnonce` of an `Authentication-Info` header, if any.
fn next_nonce(response: &Response) -> Option<String> {
    let info = response
        .headers()
        .get("authentication-info")?
        .to_str()
        .ok()?;
    auth_params(info)
        .into_iter()
        .find(|(name, _)| name.eq_ignore_ascii_case("nextnonce"))
        .map(|(_, value)| value)
        .filter(|value| !value.is_empty())
}

/// `name=value` pairs, values as tokens or quoted strings (with `\`
/// escapes), separated by commas: the parameters of a digest challenge or
/// answer (the simulator reads answers with it too).
pub fn auth_params(text: &str) -> Vec<(String, String)> {
    let mut pairs = Vec::new();
    let mut chars = text.chars().peekable();
    loop {
        while chars.next_if(|c| *c == ',' || c.is_whitespace()).is_some() {}
        let name: String = std::iter::from_fn(|| chars.next_if(|c| *c != '=')).collect();
        if chars.next().is_none() {
            return pairs;
        }
        let mut value = String::new();
        if chars.next_if_eq(&'"').is_some() {
            while let Some(c) = chars.next() {
                match c {
                    '"' => break,
                    '\\' => value.extend(chars.next()),
                    c => value.push(c),
                }
            }
        } else {
            value.extend(std::iter::from_fn(|| chars.next_if(|c| *c != ',')));
        }
        pairs.push((name.trim().to_string(), value.trim().to_string()));
    }
}

fn digest_failure(target: &str, error: &str) -> AtlasError {
    AtlasError::new(
        target,
        ErrorKind::Request(format!("digest authentication failed: {error}")),
    )
}

#[cfg(test)]
mod tests {
    use super::auth_params;

    #[test]
    fn reads_apaches_authentication_info() {
        let info = r#"rspauth="789e", nextnonce="IsZa=df7f", cnonce="a\"b", nc=00000001, qop=auth"#;
        let pairs = auth_params(info);
        assert_eq!(pairs[1], ("nextnonce".into(), "IsZa=df7f".into()));
        assert_eq!(pairs[2], ("cnonce".into(), "a\"b".into()));
        assert_eq!(pairs[4], ("qop".into(), "auth".into()));
        assert_eq!(pairs.len(), 5);
    }
}
