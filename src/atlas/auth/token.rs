//! Service-account tokens: fetched from `{base}/api/oauth/token` with the
//! client id and secret, reused until shortly before they expire, and
//! renewed early when Atlas refuses one. Tokens are [`Secret`]s. Expiry
//! is kept on tokio's clock, so that tests can pause and advance it.

use std::time::Duration;

use reqwest::header::{ACCEPT, CONTENT_TYPE};
use reqwest::{StatusCode, Url};
use serde::Deserialize;
use tokio::time::Instant;

use super::super::credentials::{CredentialKind, Secret, ServiceAccount};
use super::super::error::{AtlasError, ErrorKind};
use super::super::response::{http_failure, read_capped, transport_error, unexpected_body};

/// How long before its expiry a token is renewed.
pub const RENEW_BEFORE: Duration = Duration::from_secs(60);
/// The longest token lifetime believed: a server that claims more (up to
/// 2^64 seconds) would otherwise overflow the clock.
const LONGEST_LIFETIME: Duration = Duration::from_secs(24 * 3600);
/// The lifetime assumed when the reply does not say.
const DEFAULT_LIFETIME: Duration = Duration::from_secs(3600);

/// One service account's current token.
pub struct TokenCache {
    account: ServiceAccount,
    token_url: Url,
    current: tokio::sync::Mutex<Option<Token>>,
}

struct Token {
    value: Secret,
    renew_at: Instant,
}

/// The OAuth reply; deliberately not `Debug`.
#[derive(Deserialize)]
struct TokenReply {
    access_token: String,
    #[serde(default)]
    token_type: Option<String>,
    #[serde(default)]
    expires_in: Option<u64>,
}

impl TokenCache {
    /// A cache that fetches tokens from `base`'s `/api/oauth/token`.
    pub fn new(account: ServiceAccount, base: &Url) -> Result<TokenCache, AtlasError> {
        let mut token_url = base.clone();
        token_url
            .path_segments_mut()
            .map_err(|()| {
                AtlasError::new(
                    "base URL",
                    ErrorKind::Request("base URL cannot take a path".into()),
                )
            })?
            .pop_if_empty()
            .extend(["api", "oauth", "token"]);
        Ok(TokenCache {
            account,
            token_url,
            current: tokio::sync::Mutex::new(None),
        })
    }

    pub fn client_id(&self) -> &str {
        &self.account.client_id
    }

    /// A token to send now: the cached one until [`RENEW_BEFORE`] its
    /// expiry, else a fresh one. Concurrent callers share one fetch.
    pub async fn token(&self, http: &reqwest::Client, target: &str) -> Result<Secret, AtlasError> {
        let mut current = self.current.lock().await;
        if let Some(token) = current.as_ref().filter(|t| Instant::now() < t.renew_at) {
            return Ok(token.value.clone());
        }
        let token = self.fetch(http, target).await?;
        let value = token.value.clone();
        *current = Some(token);
        Ok(value)
    }

    /// Forgets `refused` (after a 401) unless another request already
    /// replaced it.
    pub async fn forget(&self, refused: &Secret) {
        let mut current = self.current.lock().await;
        if current.as_ref().is_some_and(|t| t.value == *refused) {
            *current = None;
        }
    }

    async fn fetch(&self, http: &reqwest::Client, target: &str) -> Result<Token, AtlasError> {
        let response = http
            .post(self.token_url.clone())
            .basic_auth(
                &self.account.client_id,
                Some(self.account.client_secret.expose()),
            )
            .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(ACCEPT, "application/json")
            .body("grant_type=client_credentials")
            .send()
            .await
            .map_err(|error| transport_error(target, &error))?;
        let status = response.status();
        let headers = response.headers().clone();
        let body = read_capped(response)
            .await
            .map_err(|error| transport_error(target, &error))?;
        if !status.is_success() {
            let failure = http_failure(status, &headers, &body, chrono::Utc::now());
            return Err(AtlasError::new(target, ErrorKind::Http(failure))
                .with_credentials(CredentialKind::ServiceAccount));
        }
        let started = Instant::now();
        parse_reply(target, status, &body).map(|(value, lifetime)| Token {
            value,
            renew_at: started + renew_after(lifetime.min(LONGEST_LIFETIME)),
        })
    }
}

/// The token and its lifetime. The body is never quoted in an error: it
/// may hold a token.
fn parse_reply(
    target: &str,
    status: StatusCode,
    body: &[u8],
) -> Result<(Secret, Duration), AtlasError> {
    let not_a_token = |problem: &str| unexpected_body(target, status.as_u16(), problem, b"");
    let reply: TokenReply = serde_json::from_slice(body)
        .map_err(|_| not_a_token("the OAuth token reply is not the JSON Atlas sends"))?;
    let bearer = reply
        .token_type
        .as_deref()
        .is_none_or(|kind| kind.eq_ignore_ascii_case("bearer"));
    if !bearer || reply.access_token.trim().is_empty() {
        return Err(not_a_token("the OAuth token reply has no bearer token"));
    }
    let lifetime = reply
        .expires_in
        .map_or(DEFAULT_LIFETIME, Duration::from_secs);
    Ok((Secret::new(reply.access_token), lifetime))
}

/// Renew [`RENEW_BEFORE`] the expiry, or half-way through a short lifetime.
fn renew_after(lifetime: Duration) -> Duration {
    if lifetime > RENEW_BEFORE * 2 {
        lifetime - RENEW_BEFORE
    } else {
        lifetime / 2
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_renewed_a_minute_early_or_half_way() {
        assert_eq!(
            renew_after(Duration::from_secs(3600)),
            Duration::from_secs(3540)
        );
        assert_eq!(
            renew_after(Duration::from_secs(60)),
            Duration::from_secs(30)
        );
    }

    #[test]
    fn replies_that_are_not_bearer_tokens_are_refused_without_quoting_them() {
        let ok = parse_reply(
            "t",
            StatusCode::OK,
            br#"{"access_token":"abc","token_type":"Bearer","expires_in":10}"#,
        );
        assert!(ok.is_ok_and(|(_, lifetime)| lifetime == Duration::from_secs(10)));
        let mac = parse_reply(
            "t",
            StatusCode::OK,
            br#"{"access_token":"s3cr3t-tok","token_type":"mac"}"#,
        );
        assert!(mac.is_err_and(|e| !e.to_string().contains("s3cr3t")));
        assert!(parse_reply("t", StatusCode::OK, b"<html>").is_err());
    }
}
