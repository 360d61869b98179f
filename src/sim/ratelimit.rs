//! A token bucket per public key on the simulator clock, for the
//! `RateLimit-Limit` / `RateLimit-Remaining` headers and 429 when empty.
//!
//! Capacity 100, refilled at 10 tokens per second: a dashboard polling a
//! handful of clusters every few seconds never runs dry, a tight loop of more
//! than 100 requests within ten seconds does.

use std::collections::HashMap;

use chrono::{DateTime, Utc};

pub const LIMIT: u32 = 100;
const REFILL_PER_SEC: f64 = 10.0;

#[derive(Default)]
pub struct RateLimiter {
    buckets: HashMap<String, (f64, DateTime<Utc>)>,
}

/// The result of taking one token.
pub enum Taken {
    /// Tokens left after this request.
    Remaining(u32),
    /// Empty: seconds until the next token.
    RetryAfter(u64),
}

impl RateLimiter {
    pub fn take(&mut self, key: &str, now: DateTime<Utc>) -> Taken {
        let (tokens, last) = self
            .buckets
            .entry(key.to_string())
            .or_insert((f64::from(LIMIT), now));
        let elapsed = (now - *last).num_milliseconds().max(0) as f64 / 1000.0;
        *tokens = (*tokens + elapsed * REFILL_PER_SEC).min(f64::from(LIMIT));
        *last = now;
        if *tokens >= 1.0 {
            *tokens -= 1.0;
            Taken::Remaining(tokens.floor() as u32)
        } else {
            Taken::RetryAfter(((1.0 - *tokens) / REFILL_PER_SEC).ceil().max(1.0) as u64)
        }
    }
}
