//! The signals that end the dashboard like `q`: SIGTERM, SIGINT, and SIGHUP
//! when the ssh session drops.

use std::io;

/// SIGTERM, SIGINT and SIGHUP (the ssh session dropped) end the dashboard
/// like `q`, with the terminal restored.
pub struct Signals {
    #[cfg(unix)]
    terminate: tokio::signal::unix::Signal,
    #[cfg(unix)]
    hangup: tokio::signal::unix::Signal,
    #[cfg(unix)]
    interrupt: tokio::signal::unix::Signal,
}

impl Signals {
    #[cfg(unix)]
    pub fn new() -> io::Result<Signals> {
        use tokio::signal::unix::{SignalKind, signal};
        Ok(Signals {
            terminate: signal(SignalKind::terminate())?,
            hangup: signal(SignalKind::hangup())?,
            interrupt: signal(SignalKind::interrupt())?,
        })
    }

    /// Waits for a signal; names it.
    #[cfg(unix)]
    pub async fn recv(&mut self) -> &'static str {
        tokio::select! {
            _ = self.terminate.recv() => "signal SIGTERM",
            _ = self.hangup.recv() => "signal SIGHUP",
            _ = self.interrupt.recv() => "signal SIGINT",
        }
    }

    #[cfg(not(unix))]
    pub fn new() -> io::Result<Signals> {
        Ok(Signals {})
    }

    #[cfg(not(unix))]
    pub async fn recv(&mut self) -> &'static str {
        std::future::pending::<&'static str>().await
    }
}
