//! HTTP Digest authentication as Atlas does it: the `WWW-Authenticate`
//! challenge (realm "MMS Public API", qop auth, MD5, no opaque) and the
//! verification of `Authorization: Digest` headers, with a bounded table of
//! the nonces we issued and the `nc` values used with each.
//!
//! Refusals: wrong user/realm/uri/response → 401 `stale=false`; a nonce that
//! is expired (older than the nonce lifetime on the simulator clock) or no
//! longer known, with an otherwise correct response → 401 `stale=true`; an
//! `nc` already used with that nonce (a replay), or too far below the
//! highest one to be remembered → 401 `stale=false`. As RFC 7616 allows, `nc`
//! values need not arrive in order: a client with several requests in flight
//! on one nonce sends them concurrently, and they may overtake each other.
//! In strict mode (the scenario's `strictNonceCount`, like Apache's
//! `AuthDigestNcCheck On`) each `nc` must exceed the highest seen with its
//! nonce, so counts that overtake each other are refused.

use crate::atlas::auth::auth_params;
use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use chrono::{DateTime, TimeDelta, Utc};
use md5::{Digest, Md5};

pub const REALM: &str = "MMS Public API";
/// Most nonces kept; the oldest are dropped beyond this.
const MAX_NONCES: usize = 10_000;

pub fn md5_hex(text: &str) -> String {
    let digest = Md5::digest(text.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// How many `nc` values below the highest seen are remembered per nonce;
/// older ones are refused as replays.
const NC_WINDOW: u32 = 128;

struct NonceState {
    issued: DateTime<Utc>,
    used: NcWindow,
}

/// The `nc` values used with one nonce: the highest, and a bitmap of the
/// [`NC_WINDOW`] values below it (bit `k` is `highest - 1 - k`).
#[derive(Default)]
struct NcWindow {
    highest: u32,
    below: u128,
}

impl NcWindow {
    /// Records `nc`; false when it was used before or is too old to tell,
    /// or (`strict`) is not above the highest seen.
    fn accept(&mut self, nc: u32, strict: bool) -> bool {
        if nc == 0 || (strict && nc <= self.highest) {
            return false;
        }
        if nc > self.highest {
            let shift = nc - self.highest;
            self.below = if shift > NC_WINDOW {
                0
            } else {
                let moved = self.below.checked_shl(shift).unwrap_or(0);
                // The old highest becomes bit `shift - 1` (when there was one).
                let old_highest = if self.highest > 0 {
                    1u128 << (shift - 1)
                } else {
                    0
                };
                moved | old_highest
            };
            self.highest = nc;
            return true;
        }
        let distance = self.highest - nc;
        if distance == 0 || distance > NC_WINDOW {
            return false;
        }
        let bit = 1u128 << (distance - 1);
        let fresh = self.below & bit == 0;
        self.below |= bit;
        fresh
    }
}

/// Issues challenges and verifies answers for one key pair.
pub struct DigestAuth {
    user: String,
    password: String,
    lifetime: TimeDelta,
    strict_nc: bool,
    secret: String,
    counter: AtomicU64,
    nonces: Mutex<HashMap<String, NonceState>>,
}

/// Why a request was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Refusal {
    pub stale: bool,
}

impl DigestAuth {
    pub fn new(
        user: &str,
        password: &str,
        lifetime: std::time::Duration,
        strict_nc: bool,
    ) -> DigestAuth {
        let now = Utc::now();
        DigestAuth {
            user: user.to_string(),
            password: password.to_string(),
            lifetime: TimeDelta::from_std(lifetime).unwrap_or(TimeDelta::MAX),
            strict_nc,
            secret: md5_hex(&format!(
                "{}:{}:{}",
                now.timestamp_nanos_opt().unwrap_or_default(),
                std::process::id(),
                user
            )),
            counter: AtomicU64::new(0),
            nonces: Mutex::new(HashMap::new()),
        }
    }

    /// A fresh nonce and the `WWW-Authenticate` header value carrying it.
    pub fn challenge(&self, now: DateTime<Utc>, stale: bool) -> String {
        let n = self.counter.fetch_add(1, Ordering::Relaxed);
        let nonce = md5_hex(&format!("{}:{n}:{}", self.secret, now.timestamp_micros()));
        if let Ok(mut table) = self.nonces.lock() {
            let horizon = now - self.lifetime - self.lifetime;
            table.retain(|_, s| s.issued > horizon);
            if table.len() >= MAX_NONCES {
                let oldest = table
                    .iter()
                    .min_by_key(|(_, s)| s.issued)
                    .map(|(k, _)| k.clone());
                if let Some(k) = oldest {
                    table.remove(&k);
                }
            }
            table.insert(
                nonce.clone(),
                NonceState {
                    issued: now,
                    used: NcWindow::default(),
                },
            );
        }
        format!(
            "Digest realm=\"{REALM}\", domain=\"\", nonce=\"{nonce}\", algorithm=MD5, qop=\"auth\", stale={stale}"
        )
    }

    /// Checks an `Authorization` header for a request `method` on `uri`
    /// (path and query as the request line has them).
    pub fn verify(
        &self,
        header: Option<&str>,
        method: &str,
        uri: &str,
        now: DateTime<Utc>,
    ) -> Result<(), Refusal> {
        let bad = Refusal { stale: false };
        let header = header.ok_or(bad)?;
        let params = header
            .trim_start()
            .strip_prefix("Digest ")
            .map(auth_params)
            .ok_or(bad)?;
        let get = |k: &str| {
            params
                .iter()
                .find(|(n, _)| n.eq_ignore_ascii_case(k))
                .map(|(_, v)| v.as_str())
        };
        let (user, realm, nonce, got_uri, response) = (
            get("username").ok_or(bad)?,
            get("realm").ok_or(bad)?,
            get("nonce").ok_or(bad)?,
            get("uri").ok_or(bad)?,
            get("response").ok_or(bad)?,
        );
        let (qop, nc_text, cnonce) = (
            get("qop").ok_or(bad)?,
            get("nc").ok_or(bad)?,
            get("cnonce").ok_or(bad)?,
        );
        let algorithm_ok = get("algorithm").is_none_or(|a| a.eq_ignore_ascii_case("MD5"));
        if user != self.user || realm != REALM || qop != "auth" || got_uri != uri || !algorithm_ok {
            return Err(bad);
        }
        let nc = u32::from_str_radix(nc_text, 16).map_err(|_| bad)?;
        let ha1 = md5_hex(&format!("{}:{REALM}:{}", self.user, self.password));
        let ha2 = md5_hex(&format!("{method}:{uri}"));
        let expected = md5_hex(&format!("{ha1}:{nonce}:{nc_text}:{cnonce}:{qop}:{ha2}"));
        if !expected.eq_ignore_ascii_case(response) {
            return Err(bad);
        }
        let mut table = self.nonces.lock().map_err(|_| bad)?;
        let state = table.get_mut(nonce).ok_or(Refusal { stale: true })?;
        if now - state.issued > self.lifetime {
            return Err(Refusal { stale: true });
        }
        if !state.used.accept(nc, self.strict_nc) {
            return Err(bad);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nc_values_may_arrive_out_of_order_but_only_once() {
        let mut window = NcWindow::default();
        for nc in [2, 1, 4, 3, 7, 5] {
            assert!(window.accept(nc, false), "nc {nc}");
        }
        for nc in [0, 1, 2, 3, 4, 5, 7] {
            assert!(!window.accept(nc, false), "replayed nc {nc}");
        }
        assert!(window.accept(6, false));
        assert!(window.accept(7 + NC_WINDOW, false));
        assert!(!window.accept(6, false), "forgotten, so refused");
        assert!(window.accept(8, false));
        assert!(window.accept(7 + NC_WINDOW + 500, false));
        assert!(!window.accept(7 + NC_WINDOW, false));
    }

    #[test]
    fn strict_nc_values_must_rise() {
        let mut window = NcWindow::default();
        assert!(window.accept(2, true));
        assert!(!window.accept(1, true), "overtaken");
        assert!(!window.accept(2, true), "replayed");
        assert!(!window.accept(0, true));
        assert!(window.accept(3, true));
        assert!(
            window.accept(9, true),
            "a gap is allowed, only the order counts"
        );
    }

    #[test]
    fn parses_quoted_params() {
        let p = auth_params(r#"username="a", realm="MMS Public API", nc=00000001, uri="/x?a=1,b""#);
        assert_eq!(p[1], ("realm".into(), "MMS Public API".into()));
        assert_eq!(p[2], ("nc".into(), "00000001".into()));
        assert_eq!(p[3], ("uri".into(), "/x?a=1,b".into()));
    }
}
