//! A token bucket per public key on the simulator clock, for the
//! `RateLimit-Limit` / `RateLimit-Remaining` headers and 429 when empty.
//!
//! By default capacity 100, refilled at 10 tokens per second: a dashboard
//! polling a handful of clusters every few seconds never runs dry, a tight
//! loop of more than 100 requests within ten seconds does. Soak tests and
//! benchmarks configure a bigger bucket.

use std::collections::HashMap;

use chrono::{DateTime, Utc};

/// The size of each key's bucket and how fast it refills.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RateLimitConfig {
    pub limit: u32,
    pub refill_per_second: f64,
}

impl Default for RateLimitConfig {
    fn default() -> Self {
        RateLimitConfig {
            limit: 100,
            refill_per_second: 10.0,
        }
    }
}

pub struct RateLimiter {
    config: RateLimitConfig,
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
    pub fn new(config: RateLimitConfig) -> RateLimiter {
        RateLimiter {
            config,
            buckets: HashMap::new(),
        }
    }

    pub fn limit(&self) -> u32 {
        self.config.limit
    }

    pub fn take(&mut self, key: &str, now: DateTime<Utc>) -> Taken {
        let (tokens, last) = self
            .buckets
            .entry(key.to_string())
            .or_insert((f64::from(self.config.limit), now));
        let elapsed = (now - *last).num_milliseconds().max(0) as f64 / 1000.0;
        *tokens =
            (*tokens + elapsed * self.config.refill_per_second).min(f64::from(self.config.limit));
        *last = now;
        if *tokens >= 1.0 {
            *tokens -= 1.0;
            Taken::Remaining(tokens.floor() as u32)
        } else {
            let refill = self.config.refill_per_second.max(f64::MIN_POSITIVE);
            Taken::RetryAfter(((1.0 - *tokens) / refill).ceil().clamp(1.0, 86_400.0) as u64)
        }
    }
}
