//! The terminal the dashboard owns: set up and restored (mouse capture
//! included, on panics too), frames drawn whole inside a synchronized
//! update, and raw sequences (bell, OSC 9) written between frames.

use std::io::{self, Write};

use chrono::{DateTime, Utc};
use crossterm::event::{DisableMouseCapture, EnableMouseCapture};
use crossterm::terminal::{BeginSynchronizedUpdate, EndSynchronizedUpdate};
use ratatui::DefaultTerminal;

use crate::app::App;
use crate::ui;

/// Enters the alternate screen in raw mode, with mouse capture if asked.
/// A panic of the thread that draws restores the terminal (ratatui's hook)
/// after releasing the mouse; a panic of a background task is only logged,
/// because its task set reports it (the poller shows it on the status bar)
/// and the dashboard goes on drawing.
pub fn init(mouse: bool) -> io::Result<DefaultTerminal> {
    let terminal = ratatui::init();
    if mouse {
        crossterm::execute!(io::stdout(), EnableMouseCapture)?;
    }
    let drawing_thread = std::thread::current().id();
    let restore = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if std::thread::current().id() != drawing_thread {
            // Where, never the payload: it may quote a job's text.
            let at = info.location().map(ToString::to_string).unwrap_or_default();
            tracing::error!(target: "atlas_restores::dashboard", at, "background task panicked");
            return;
        }
        if mouse {
            let _ = crossterm::execute!(io::stdout(), DisableMouseCapture);
        }
        restore(info);
    }));
    Ok(terminal)
}

/// Leaves the terminal as it was found.
pub fn restore(mouse: bool) {
    if mouse {
        let _ = crossterm::execute!(io::stdout(), DisableMouseCapture);
    }
    ratatui::restore();
}

/// Writes `sequence` (a bell, an OSC 9 notification) straight to the
/// terminal, between frames.
pub fn write_raw(sequence: &str) -> io::Result<()> {
    let mut out = io::stdout();
    out.write_all(sequence.as_bytes())?;
    out.flush()
}

/// Draws one frame inside a synchronized update, so that terminals and tmux
/// show it whole, then tells the app what the frame showed.
pub fn draw(terminal: &mut DefaultTerminal, app: &mut App, now: DateTime<Utc>) -> io::Result<()> {
    let mut facts = None;
    crossterm::queue!(io::stdout(), BeginSynchronizedUpdate)?;
    terminal.draw(|frame| facts = Some(ui::draw(frame, app, now)))?;
    crossterm::execute!(io::stdout(), EndSynchronizedUpdate)?;
    io::stdout().flush()?;
    if let Some(facts) = facts {
        app.set_layout(facts);
    }
    Ok(())
}
