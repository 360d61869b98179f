//! The terminal the dashboard owns: set up and restored (mouse capture
//! included, on panics too), frames drawn whole inside a synchronized
//! update and written in one go, and raw sequences (bell, OSC 9) written
//! between frames.
//!
//! A frame costs one `write` and no other system call: ratatui flushes
//! after its diff and again after hiding the cursor, and asks the terminal
//! its size before every frame; here its output is held until the frame is
//! whole ([`FrameWriter`]), and the size comes from the resize events
//! ([`resize`]), so an unchanged terminal is never asked again.

use std::cell::Cell;
use std::io::{self, Write};
use std::rc::Rc;

use chrono::{DateTime, Utc};
use crossterm::cursor::Show;
use crossterm::event::{DisableMouseCapture, EnableMouseCapture};
use crossterm::terminal::{BeginSynchronizedUpdate, EndSynchronizedUpdate, EnterAlternateScreen};
use ratatui::backend::CrosstermBackend;
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};

use crate::app::App;
use crate::ui;

/// The dashboard's terminal.
pub struct Screen {
    terminal: Terminal<CrosstermBackend<FrameWriter>>,
    /// Shared with the writer: whether a frame is being drawn.
    in_frame: Rc<Cell<bool>>,
}

/// Terminal output held while a frame is drawn and written whole when it
/// ends; outside a frame, a flush writes at once.
pub struct FrameWriter {
    pending: Vec<u8>,
    in_frame: Rc<Cell<bool>>,
}

impl Write for FrameWriter {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        self.pending.extend_from_slice(data);
        Ok(data.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if self.in_frame.get() || self.pending.is_empty() {
            return Ok(());
        }
        let mut out = io::stdout().lock();
        let written = out.write_all(&self.pending).and_then(|()| out.flush());
        self.pending.clear();
        written
    }
}

/// Enters the alternate screen in raw mode, with mouse capture if asked.
/// A panic of the thread that draws restores the terminal (cursor shown,
/// mouse released) before the report; a panic of a background task is only
/// logged, because its task set reports it (the poller shows it on the
/// status bar) and the dashboard goes on drawing.
pub fn init(mouse: bool) -> io::Result<Screen> {
    let drawing_thread = std::thread::current().id();
    let report = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if std::thread::current().id() != drawing_thread {
            // Where, never the payload: it may quote a job's text.
            let at = info.location().map(ToString::to_string).unwrap_or_default();
            tracing::error!(target: "atlas_restores::dashboard", at, "background task panicked");
            return;
        }
        restore(mouse);
        report(info);
    }));
    crossterm::terminal::enable_raw_mode()?;
    crossterm::execute!(io::stdout(), EnterAlternateScreen)?;
    if mouse {
        crossterm::execute!(io::stdout(), EnableMouseCapture)?;
    }
    let (width, height) = crossterm::terminal::size()?;
    let options = TerminalOptions {
        viewport: Viewport::Fixed(Rect::new(0, 0, width, height)),
    };
    let in_frame = Rc::new(Cell::new(false));
    let writer = FrameWriter {
        pending: Vec::new(),
        in_frame: Rc::clone(&in_frame),
    };
    let terminal = Terminal::with_options(CrosstermBackend::new(writer), options)?;
    Ok(Screen { terminal, in_frame })
}

/// Leaves the terminal as it was found, cursor shown.
pub fn restore(mouse: bool) {
    if mouse {
        let _ = crossterm::execute!(io::stdout(), DisableMouseCapture);
    }
    let _ = crossterm::execute!(io::stdout(), Show);
    ratatui::restore();
}

impl Screen {
    /// The terminal is now `width` × `height`: the next frame is drawn
    /// whole at that size.
    pub fn resize(&mut self, width: u16, height: u16) -> io::Result<()> {
        self.terminal.resize(Rect::new(0, 0, width, height))
    }

    /// The size of the terminal, as the last resize event told.
    pub fn area(&mut self) -> Rect {
        self.terminal.get_frame().area()
    }

    /// Draws one frame inside a synchronized update, so that terminals and
    /// tmux show it whole, writes it in one go, then tells the app what the
    /// frame showed.
    pub fn draw(&mut self, app: &mut App, now: DateTime<Utc>) -> io::Result<()> {
        let mut facts = None;
        self.in_frame.set(true);
        let drawn = crossterm::queue!(self.terminal.backend_mut(), BeginSynchronizedUpdate)
            .and_then(|()| {
                let frame = self
                    .terminal
                    .draw(|frame| facts = Some(ui::draw(frame, app, now)));
                frame.map(|_| ())
            })
            .and_then(|()| crossterm::queue!(self.terminal.backend_mut(), EndSynchronizedUpdate));
        self.in_frame.set(false);
        drawn?;
        self.terminal.backend_mut().flush()?;
        if let Some(facts) = facts {
            app.set_layout(facts);
        }
        Ok(())
    }
}

/// Writes `sequence` (a bell, an OSC 9 notification) straight to the
/// terminal, between frames.
pub fn write_raw(sequence: &str) -> io::Result<()> {
    let mut out = io::stdout();
    out.write_all(sequence.as_bytes())?;
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_frame_is_held_until_it_ends_and_a_flush_outside_one_writes() {
        let in_frame = Rc::new(Cell::new(true));
        let mut writer = FrameWriter {
            pending: Vec::new(),
            in_frame: Rc::clone(&in_frame),
        };
        writer.write_all(b"\x1b[0m").expect("held in memory");
        writer.flush().expect("held in memory");
        assert_eq!(writer.pending, b"\x1b[0m", "held while the frame is drawn");
        in_frame.set(false);
        // Outside a frame the flush writes to stdout (the test's), emptying it.
        writer.flush().expect("stdout takes it");
        assert!(writer.pending.is_empty());
    }
}
