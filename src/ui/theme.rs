//! Colours and symbols. Every status has its own symbol so the table reads
//! without colour; three colour schemes and a monochrome one (`NO_COLOR`).
//!
//! Each colour scheme is made for one background, and on it every colour
//! has a WCAG contrast of at least 4.5:1 while the six statuses differ both
//! in hue and in brightness (`tests/colour_contrast.rs` measures them with
//! xterm's RGB values, see [`super::contrast`]):
//! - dark: xterm's default black `#000000`. The selection bar, 235
//!   (`#262626`), is checked too, which also covers the usual dark themes'
//!   backgrounds (`#1e1e1e`, `#282828`, `#282c34` are darker or as dark).
//!   236 would cost the failed red its 4.5:1 on the bar.
//! - light: white `#ffffff`, with the selection bar 255 (`#eeeeee`).
//! - 16 colours: xterm's 16 ANSI colours on black. There is no grey for a
//!   quiet selection bar, so the selection is bold and underlined; dark red,
//!   blue and magenta fall below 4.5:1 on black, so only their bright
//!   versions are used, and expired is white (dark grey is as bright as the
//!   red).
//!
//! Alerts (a failed job, a link expiring within the warning) colour the
//! whole row and make it bold; the selection is quieter: a faint bar and
//! bold. In monochrome, alerts are reverse video and the selection bold and
//! underlined. Mono sets no colour at all: under `NO_COLOR` crossterm
//! writes a colour change as a bare `ESC [ m`, which also resets bold,
//! underline and reverse.

use ratatui::style::{Color, Modifier, Style};

use super::alert::Alert;
use crate::atlas::JobStatus;
use crate::config::Theme as ThemeName;
use crate::ui::format::Urgency;

/// The colour of every role in one scheme, and what it is made for.
#[derive(Debug, Clone, Copy)]
struct Palette {
    /// The terminal background the colours are chosen for (never drawn).
    background: Color,
    /// The selected row's background; `None`: bold and underlined instead.
    selection: Option<Color>,
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

impl Palette {
    /// Every foreground colour, named by its role.
    fn foregrounds(&self) -> Vec<(&'static str, Color)> {
        // Destructured so that a new role cannot be left out.
        let Palette {
            background: _,
            selection: _,
            in_progress,
            ready,
            finished,
            failed,
            cancelled,
            expired,
            soon,
            imminent,
            label,
            muted,
            warning,
            ok,
            focus,
        } = *self;
        vec![
            ("in progress", in_progress),
            ("ready", ready),
            ("finished", finished),
            ("failed", failed),
            ("cancelled", cancelled),
            ("expired", expired),
            ("soon", soon),
            ("imminent", imminent),
            ("label", label),
            ("muted", muted),
            ("warning", warning),
            ("ok", ok),
            ("focus", focus),
        ]
    }
}

const DARK: Palette = Palette {
    background: Color::Black,
    selection: Some(Color::Indexed(235)),
    in_progress: Color::Indexed(44),
    ready: Color::Indexed(84),
    finished: Color::Indexed(153),
    failed: Color::Indexed(203),
    cancelled: Color::Indexed(213),
    expired: Color::Indexed(248),
    soon: Color::Indexed(220),
    imminent: Color::Indexed(202),
    label: Color::Indexed(110),
    muted: Color::Indexed(246),
    warning: Color::Indexed(214),
    ok: Color::Indexed(78),
    focus: Color::Indexed(44),
};

const LIGHT: Palette = Palette {
    background: Color::White,
    selection: Some(Color::Indexed(255)),
    in_progress: Color::Indexed(23),
    ready: Color::Indexed(28),
    finished: Color::Indexed(19),
    failed: Color::Indexed(88),
    cancelled: Color::Indexed(90),
    expired: Color::Indexed(241),
    soon: Color::Indexed(130),
    imminent: Color::Indexed(124),
    label: Color::Indexed(24),
    muted: Color::Indexed(242),
    warning: Color::Indexed(130),
    ok: Color::Indexed(28),
    focus: Color::Indexed(25),
};

const BASIC16: Palette = Palette {
    background: Color::Black,
    selection: None,
    in_progress: Color::Yellow,
    ready: Color::LightGreen,
    finished: Color::Cyan,
    failed: Color::LightRed,
    cancelled: Color::LightMagenta,
    expired: Color::White,
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

    /// The terminal background the colours are made for; `None` in mono.
    pub fn background(self) -> Option<Color> {
        self.palette.map(|p| p.background)
    }

    /// The selected row's background, if the selection has one.
    pub fn selection_background(self) -> Option<Color> {
        self.palette.and_then(|p| p.selection)
    }

    /// Every foreground colour the theme draws with, named by its role.
    pub fn foregrounds(self) -> Vec<(&'static str, Color)> {
        self.palette.map(|p| p.foregrounds()).unwrap_or_default()
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

    /// The emphasis of something that needs attention (a whole table row,
    /// a count, the detail's status): its colour and bold, or in mono
    /// reverse video and bold. Louder than [`Theme::selected`].
    pub fn alert(self, alert: Alert) -> Style {
        let style = match (&self.palette, alert) {
            (None, _) => Style::new().add_modifier(Modifier::REVERSED),
            (Some(p), Alert::Failed) => Style::new().fg(p.failed),
            (Some(p), Alert::LinkExpiring) => Style::new().fg(p.imminent),
        };
        style.add_modifier(Modifier::BOLD)
    }

    /// Rows of a target whose latest poll failed.
    pub fn stale(self) -> Style {
        Style::new().add_modifier(Modifier::DIM)
    }

    /// The selected row: a faint bar and bold, or bold and underlined where
    /// there is no bar (16 colours, mono). It sets no foreground, so an
    /// alert's colour stays.
    pub fn selected(self) -> Style {
        match self.selection_background() {
            Some(bar) => Style::new().bg(bar).add_modifier(Modifier::BOLD),
            None => Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
        }
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
