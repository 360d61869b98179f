//! How the process meets its surroundings on the way in and out: error
//! reports coloured only on a terminal, the dashboard refused without one,
//! and a reader that closed the pipe ending output quietly.

use std::io::{self, IsTerminal};

/// What the dashboard says when stdin or stdout is not a terminal (cron,
/// `ssh host atlas-restores` without `-t`, a pipe).
pub const NEEDS_A_TERMINAL: &str =
    "atlas-restores needs a terminal; use 'atlas-restores list' to print jobs";

/// Installs color-eyre's error and panic reports, in colour only when
/// stderr is a terminal.
pub fn install_reports() -> color_eyre::Result<()> {
    use color_eyre::config::{HookBuilder, Theme};
    let theme = if io::stderr().is_terminal() {
        Theme::dark()
    } else {
        Theme::new()
    };
    HookBuilder::default().theme(theme).install()
}

/// `Err` with the message to print when the dashboard cannot run here:
/// both stdin (keys) and stdout (the screen) must be a terminal. Checked
/// before anything starts, so no raw mode is entered and nothing panics.
pub fn require_terminal() -> Result<(), &'static str> {
    if io::stdin().is_terminal() && io::stdout().is_terminal() {
        Ok(())
    } else {
        Err(NEEDS_A_TERMINAL)
    }
}

/// `result` of writing to stdout, with a closed pipe (`… | head`) counted
/// as done: the reader has what it wanted, and no error is shown.
pub fn unless_closed(result: io::Result<()>) -> io::Result<()> {
    match result {
        Err(error) if error.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_closed_pipe_is_forgiven() {
        let closed = io::Error::from(io::ErrorKind::BrokenPipe);
        assert!(unless_closed(Err(closed)).is_ok());
        let full = io::Error::from(io::ErrorKind::StorageFull);
        assert_eq!(
            unless_closed(Err(full)).map_err(|e| e.kind()),
            Err(io::ErrorKind::StorageFull)
        );
    }
}
