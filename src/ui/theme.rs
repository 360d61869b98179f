//! Colours and symbols. Every status has its own symbol so the table reads
//! without colour; the monochrome theme (`NO_COLOR`) marks the selection by
//! reverse video only.

use ratatui::style::{Color, Modifier, Style};

use crate::atlas::JobStatus;
use crate::format::Urgency;

/// The styles of one colour scheme.
#[derive(Debug, Clone, Copy)]
pub struct Theme {
    color: bool,
}

impl Theme {
    pub fn new(monochrome: bool) -> Theme {
        Theme { color: !monochrome }
    }

    fn fg(self, color: Color) -> Style {
        if self.color {
            Style::new().fg(color)
        } else {
            Style::new()
        }
    }

    pub fn status(self, status: JobStatus) -> Style {
        self.fg(match status {
            JobStatus::InProgress => Color::Cyan,
            JobStatus::Ready => Color::Green,
            JobStatus::Finished => Color::Blue,
            JobStatus::Failed => Color::Red,
            JobStatus::Cancelled => Color::Magenta,
            JobStatus::Expired => Color::DarkGray,
        })
    }

    pub fn countdown(self, urgency: Urgency) -> Style {
        match urgency {
            Urgency::Calm => Style::new(),
            Urgency::Soon => self.fg(Color::Yellow),
            Urgency::Imminent => self.fg(Color::Red).add_modifier(Modifier::BOLD),
            Urgency::Expired => self.fg(Color::DarkGray),
        }
    }

    /// Rows of a target whose latest poll failed.
    pub fn stale(self) -> Style {
        Style::new().add_modifier(Modifier::DIM)
    }

    pub fn selected(self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }

    pub fn heading(self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }

    pub fn label(self) -> Style {
        self.fg(Color::Cyan)
    }

    pub fn muted(self) -> Style {
        self.fg(Color::DarkGray)
    }

    pub fn warning(self) -> Style {
        self.fg(Color::Yellow).add_modifier(Modifier::BOLD)
    }

    pub fn error(self) -> Style {
        self.fg(Color::Red)
    }

    pub fn ok(self) -> Style {
        self.fg(Color::Green)
    }

    pub fn border(self, focused: bool) -> Style {
        match (focused, self.color) {
            (true, true) => Style::new().fg(Color::Cyan),
            (true, false) => Style::new().add_modifier(Modifier::BOLD),
            (false, _) => Style::new(),
        }
    }
}

/// A distinct single-width symbol per status.
pub fn status_symbol(status: JobStatus) -> &'static str {
    match status {
        JobStatus::InProgress => "●",
        JobStatus::Ready => "◆",
        JobStatus::Finished => "✓",
        JobStatus::Failed => "✗",
        JobStatus::Cancelled => "⊘",
        JobStatus::Expired => "◌",
    }
}
