//! Colours and symbols. Every status has its own symbol so the table reads
//! without colour; three colour schemes (dark, light, 16 colours) and a
//! monochrome one (`NO_COLOR`) that marks the selection by reverse video.

use ratatui::style::{Color, Modifier, Style};

use crate::atlas::JobStatus;
use crate::config::Theme as ThemeName;
use crate::ui::format::Urgency;

/// The colour of every role in one scheme.
#[derive(Debug, Clone, Copy)]
struct Palette {
    in_progress: Color,
    ready: Color,
    finished: Color,
    failed: Color,
    cancelled: Color,
    expired: Color,
    soon: Color,
    imminent: Color,
    label: Color,
    muted: Color,
    warning: Color,
    ok: Color,
    focus: Color,
}

const DARK: Palette = Palette {
    in_progress: Color::Indexed(45),
    ready: Color::Indexed(84),
    finished: Color::Indexed(75),
    failed: Color::Indexed(203),
    cancelled: Color::Indexed(176),
    expired: Color::Indexed(245),
    soon: Color::Indexed(220),
    imminent: Color::Indexed(196),
    label: Color::Indexed(110),
    muted: Color::Indexed(244),
    warning: Color::Indexed(214),
    ok: Color::Indexed(78),
    focus: Color::Indexed(45),
};

const LIGHT: Palette = Palette {
    in_progress: Color::Indexed(25),
    ready: Color::Indexed(28),
    finished: Color::Indexed(24),
    failed: Color::Indexed(160),
    cancelled: Color::Indexed(127),
    expired: Color::Indexed(243),
    soon: Color::Indexed(130),
    imminent: Color::Indexed(160),
    label: Color::Indexed(24),
    muted: Color::Indexed(242),
    warning: Color::Indexed(130),
    ok: Color::Indexed(28),
    focus: Color::Indexed(25),
};

const BASIC16: Palette = Palette {
    in_progress: Color::Cyan,
    ready: Color::Green,
    finished: Color::Blue,
    failed: Color::Red,
    cancelled: Color::Magenta,
    expired: Color::DarkGray,
    soon: Color::Yellow,
    imminent: Color::LightRed,
    label: Color::Cyan,
    muted: Color::DarkGray,
    warning: Color::Yellow,
    ok: Color::Green,
    focus: Color::Cyan,
};

/// The styles of one colour scheme.
#[derive(Debug, Clone, Copy)]
pub struct Theme {
    palette: Option<Palette>,
}

impl Theme {
    pub fn new(name: ThemeName) -> Theme {
        let palette = match name {
            ThemeName::Dark => Some(DARK),
            ThemeName::Light => Some(LIGHT),
            ThemeName::Basic16 => Some(BASIC16),
            ThemeName::Mono => None,
        };
        Theme { palette }
    }

    fn fg(self, role: impl Fn(&Palette) -> Color) -> Style {
        match &self.palette {
            Some(palette) => Style::new().fg(role(palette)),
            None => Style::new(),
        }
    }

    pub fn status(self, status: JobStatus) -> Style {
        self.fg(|p| match status {
            JobStatus::InProgress => p.in_progress,
            JobStatus::Ready => p.ready,
            JobStatus::Finished => p.finished,
            JobStatus::Failed => p.failed,
            JobStatus::Cancelled => p.cancelled,
            JobStatus::Expired => p.expired,
        })
    }

    pub fn countdown(self, urgency: Urgency) -> Style {
        match urgency {
            Urgency::Calm => Style::new(),
            Urgency::Soon => self.fg(|p| p.soon),
            Urgency::Imminent => self.fg(|p| p.imminent).add_modifier(Modifier::BOLD),
            Urgency::Expired => self.fg(|p| p.expired),
        }
    }

    /// What must be acted on now: a link about to expire.
    pub fn urgent(self) -> Style {
        self.countdown(Urgency::Imminent)
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
        self.fg(|p| p.label)
    }

    pub fn muted(self) -> Style {
        self.fg(|p| p.muted)
    }

    pub fn warning(self) -> Style {
        self.fg(|p| p.warning).add_modifier(Modifier::BOLD)
    }

    pub fn error(self) -> Style {
        self.fg(|p| p.failed)
    }

    pub fn ok(self) -> Style {
        self.fg(|p| p.ok)
    }

    pub fn border(self, focused: bool) -> Style {
        match (focused, &self.palette) {
            (true, Some(palette)) => Style::new().fg(palette.focus),
            (true, None) => Style::new().add_modifier(Modifier::BOLD),
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
