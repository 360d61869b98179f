//! Service accounts as Atlas serves them: `POST /api/oauth/token` with
//! `Authorization: Basic base64(clientId:clientSecret)` and the form body
//! `grant_type=client_credentials` issues a bearer token that expires after
//! the configured lifetime on the simulator clock; API routes accept
//! `Authorization: Bearer <token>` while it lives.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use chrono::{DateTime, TimeDelta, Utc};
use serde_json::json;

use super::digest::md5_hex;
use super::errors::ApiError;

/// Most live tokens kept; the ones expiring first are dropped beyond this.
const MAX_TOKENS: usize = 10_000;

/// The service account's credentials and the tokens issued to it.
pub struct OAuth {
    /// `Basic` credentials expected, base64 of `clientId:clientSecret`;
    /// `None` when the scenario has no service account.
    expected_basic: Option<String>,
    lifetime: TimeDelta,
    secret: String,
    counter: AtomicU64,
    tokens: Mutex<HashMap<String, DateTime<Utc>>>,
}

impl OAuth {
    pub fn new(client: Option<(&str, &str)>, lifetime: std::time::Duration) -> OAuth {
        OAuth {
            expected_basic: client
                .map(|(id, secret)| BASE64.encode(format!("{id}:{secret}").as_bytes())),
            lifetime: TimeDelta::from_std(lifetime).unwrap_or(TimeDelta::MAX),
            secret: md5_hex(&format!(
                "{}:{}",
                Utc::now().timestamp_micros(),
                std::process::id()
            )),
            counter: AtomicU64::new(0),
            tokens: Mutex::new(HashMap::new()),
        }
    }

    /// Answers a token request: the token reply, or the error to send.
    pub fn issue(
        &self,
        authorization: Option<&str>,
        body: &[u8],
        now: DateTime<Utc>,
    ) -> Result<serde_json::Value, ApiError> {
        let grant = String::from_utf8_lossy(body);
        let client_credentials = grant
            .split('&')
            .any(|pair| pair.trim() == "grant_type=client_credentials");
        if !client_credentials {
            return Err(ApiError::new(
                400,
                "INVALID_GRANT_TYPE",
                "Only grant_type=client_credentials is supported.",
            ));
        }
        let given = authorization.and_then(|value| value.strip_prefix("Basic "));
        let known = self.expected_basic.as_deref();
        if given.is_none() || given.map(str::trim) != known {
            return Err(invalid_client());
        }
        let token = self.mint(now);
        Ok(json!({
            "access_token": token,
            "token_type": "Bearer",
            "expires_in": self.lifetime.num_seconds(),
        }))
    }

    /// Whether `token` was issued here and has not expired.
    pub fn accepts(&self, token: &str, now: DateTime<Utc>) -> bool {
        self.tokens
            .lock()
            .map(|tokens| tokens.get(token).is_some_and(|expiry| now < *expiry))
            .unwrap_or(false)
    }

    fn mint(&self, now: DateTime<Utc>) -> String {
        let n = self.counter.fetch_add(1, Ordering::Relaxed);
        let token = format!("simtok_{}", md5_hex(&format!("{}:{n}", self.secret)));
        if let Ok(mut tokens) = self.tokens.lock() {
            tokens.retain(|_, expiry| *expiry > now);
            if tokens.len() >= MAX_TOKENS {
                let first = tokens
                    .iter()
                    .min_by_key(|(_, e)| **e)
                    .map(|(k, _)| k.clone());
                if let Some(first) = first {
                    tokens.remove(&first);
                }
            }
            tokens.insert(token.clone(), now + self.lifetime);
        }
        token
    }
}

fn invalid_client() -> ApiError {
    ApiError::new(401, "UNAUTHORIZED", "Invalid client credentials.")
}

/// The 401 for a bearer token that is unknown or expired.
pub fn invalid_token() -> ApiError {
    ApiError::new(401, "UNAUTHORIZED", "Invalid or expired access token.")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_expire_on_the_simulator_clock() {
        let oauth = OAuth::new(Some(("id", "sk")), std::time::Duration::from_secs(60));
        let now = Utc::now();
        let basic = format!("Basic {}", BASE64.encode(b"id:sk"));
        let reply = oauth.issue(Some(&basic), b"grant_type=client_credentials", now);
        let token = reply.map(|r| r["access_token"].as_str().unwrap_or_default().to_string());
        let token = token.unwrap_or_default();
        assert!(oauth.accepts(&token, now + TimeDelta::seconds(59)));
        assert!(!oauth.accepts(&token, now + TimeDelta::seconds(60)));
        assert!(!oauth.accepts("forged", now));
        let wrong = format!("Basic {}", BASE64.encode(b"id:nope"));
        let refused = oauth.issue(Some(&wrong), b"grant_type=client_credentials", now);
        assert!(refused.is_err_and(|e| e.status.as_u16() == 401));
        let bad_grant = oauth.issue(Some(&basic), b"grant_type=password", now);
        assert!(bad_grant.is_err_and(|e| e.status.as_u16() == 400));
    }
}
