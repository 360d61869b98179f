//! The shared digest session as one request sees it, counting the HTTP
//! round trips diqwest makes for that request.
//!
//! diqwest does not report them, but each extra one follows a call into the
//! session: a refused cached nonce is cleared before the request is sent
//! again without it, and a challenge is stored just before it is answered.
//! So the count is one, plus one per clear, plus one per store.

use std::sync::atomic::{AtomicU32, Ordering};

use diqwest::session::CachedContextGuard;
use diqwest::{DigestAuthCredentials, DigestAuthSession};

pub(crate) struct CountedSession<'a> {
    session: &'a DigestAuthSession,
    extra: AtomicU32,
}

impl<'a> CountedSession<'a> {
    pub(crate) fn new(session: &'a DigestAuthSession) -> CountedSession<'a> {
        CountedSession {
            session,
            extra: AtomicU32::new(0),
        }
    }

    pub(crate) fn round_trips(&self) -> u32 {
        1 + self.extra.load(Ordering::Relaxed)
    }
}

impl DigestAuthCredentials for &CountedSession<'_> {
    fn username(&self) -> &str {
        self.session.username()
    }

    fn password(&self) -> &str {
        self.session.password()
    }

    fn cached_context<'h>(
        &self,
        host: &'h str,
    ) -> diqwest::error::Result<Option<CachedContextGuard<'_, 'h>>> {
        self.session.cached_context(host)
    }

    fn store_context(&self, host: &str, www_authenticate: &str) -> diqwest::error::Result<()> {
        self.extra.fetch_add(1, Ordering::Relaxed);
        self.session.store_context(host, www_authenticate)
    }

    fn clear_context(&self, host: &str) -> diqwest::error::Result<()> {
        self.extra.fetch_add(1, Ordering::Relaxed);
        self.session.clear_context(host)
    }
}
