//! How requests prove who sent them: HTTP digest with an API key, or a
//! bearer token of a service account, renewed once when Atlas refuses it.

mod digest;
mod token;

use reqwest::{RequestBuilder, Response, StatusCode, Url};

use super::credentials::{CredentialKind, Credentials};
use super::error::AtlasError;
use super::response::transport_error;
pub use digest::{DigestSession, auth_params};
pub use token::{RENEW_BEFORE, TokenCache};

/// The credentials in use, with their per-client state (the idle digest
/// nonces, the current token).
pub enum Auth {
    Digest(DigestSession),
    Bearer(TokenCache),
}

/// A response (or why there is none) and how many HTTP round trips it took.
pub(crate) struct Sent {
    pub result: Result<Response, AtlasError>,
    pub round_trips: u32,
}

impl Auth {
    /// The state for `credentials` against the Atlas at `base`.
    pub fn new(credentials: Credentials, base: &Url) -> Result<Auth, AtlasError> {
        Ok(match credentials {
            Credentials::ApiKey(key) => {
                Auth::Digest(DigestSession::new(key.public_key, key.private_key))
            }
            Credentials::ServiceAccount(account) => Auth::Bearer(TokenCache::new(account, base)?),
        })
    }

    pub fn kind(&self) -> CredentialKind {
        match self {
            Auth::Digest(_) => CredentialKind::ApiKey,
            Auth::Bearer(_) => CredentialKind::ServiceAccount,
        }
    }

    /// Sends the request that `build` makes, authenticated: at most twice
    /// (a digest challenge or a refused nonce answered, a refused token
    /// renewed).
    pub(crate) async fn send(
        &self,
        http: &reqwest::Client,
        build: impl Fn() -> RequestBuilder,
        target: &str,
    ) -> Sent {
        match self {
            Auth::Digest(session) => session.send(build, target).await,
            Auth::Bearer(cache) => send_bearer(cache, http, build, target).await,
        }
    }
}

/// With the cached token; on a 401 once more with a fresh one (the token
/// may have expired early, or Atlas may have revoked it).
async fn send_bearer(
    cache: &TokenCache,
    http: &reqwest::Client,
    build: impl Fn() -> RequestBuilder,
    target: &str,
) -> Sent {
    let mut round_trips = 0;
    loop {
        let token = match cache.token(http, target).await {
            Ok(token) => token,
            Err(error) => {
                return Sent {
                    result: Err(error),
                    round_trips,
                };
            }
        };
        round_trips += 1;
        let sent = build().bearer_auth(token.expose()).send().await;
        let refused = sent
            .as_ref()
            .is_ok_and(|response| response.status() == StatusCode::UNAUTHORIZED);
        if refused && round_trips == 1 {
            cache.forget(&token).await;
            continue;
        }
        return Sent {
            result: sent.map_err(|error| transport_error(target, &error)),
            round_trips,
        };
    }
}
