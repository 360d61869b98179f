//! The timeline view's state (`t`): whether the body shows the timeline
//! instead of the job list, and its span (`+`/`-` zoom through 6 h, 24 h,
//! 7 d). The selection is the list's own: the movement keys move it while
//! the timeline shows, and the list keeps it when the timeline closes.

use chrono::TimeDelta;

use super::keys::Command;
use super::{App, Focus};

/// How much time the timeline's axis covers, ending at now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TimelineSpan {
    SixHours,
    #[default]
    Day,
    Week,
}

impl TimelineSpan {
    /// The span's length.
    pub fn length(self) -> TimeDelta {
        match self {
            TimelineSpan::SixHours => TimeDelta::hours(6),
            TimelineSpan::Day => TimeDelta::hours(24),
            TimelineSpan::Week => TimeDelta::days(7),
        }
    }

    /// How the screen names it.
    pub fn name(self) -> &'static str {
        match self {
            TimelineSpan::SixHours => "6h",
            TimelineSpan::Day => "24h",
            TimelineSpan::Week => "7d",
        }
    }

    /// `+`: a shorter span (6 h stays 6 h).
    pub fn zoomed_in(self) -> TimelineSpan {
        match self {
            TimelineSpan::Week => TimelineSpan::Day,
            TimelineSpan::Day | TimelineSpan::SixHours => TimelineSpan::SixHours,
        }
    }

    /// `-`: a longer span (7 d stays 7 d).
    pub fn zoomed_out(self) -> TimelineSpan {
        match self {
            TimelineSpan::SixHours => TimelineSpan::Day,
            TimelineSpan::Day | TimelineSpan::Week => TimelineSpan::Week,
        }
    }
}

/// The timeline's state; its span is kept while it is closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(super) struct Timeline {
    pub(super) shown: bool,
    pub(super) span: TimelineSpan,
    /// The axis's columns as last drawn (the redraw clock needs them).
    pub(super) cells: Option<u16>,
}

impl App {
    /// The timeline's span while the timeline shows instead of the list.
    pub fn timeline(&self) -> Option<TimelineSpan> {
        self.timeline.shown.then_some(self.timeline.span)
    }

    /// The timeline axis's columns as the last frame drew them.
    pub fn timeline_cells(&self) -> Option<u16> {
        self.timeline.cells
    }

    /// `t`: the timeline instead of the list, or the list again. The
    /// movement keys act on the selection there, so the table has focus.
    pub(super) fn toggle_timeline(&mut self) {
        self.timeline.shown = !self.timeline.shown;
        if self.timeline.shown {
            self.focus = Focus::Table;
            self.unzoom();
        }
    }

    /// A command while the timeline shows, before the key map runs it:
    /// `t`, Esc and `q` go back to the list (`q` does not quit here),
    /// `+`/`-` zoom; the keys that act on the detail pane or the filter go
    /// back to the list first. Says whether the command is done.
    pub(super) fn timeline_command(&mut self, command: Command) -> bool {
        if !self.timeline.shown {
            // Zooming means nothing to the list.
            return matches!(command, Command::ZoomIn | Command::ZoomOut);
        }
        match command {
            Command::Timeline | Command::Back | Command::Quit => {
                self.timeline.shown = false;
                true
            }
            Command::ZoomIn => {
                self.timeline.span = self.timeline.span.zoomed_in();
                true
            }
            Command::ZoomOut => {
                self.timeline.span = self.timeline.span.zoomed_out();
                true
            }
            Command::FocusDetail
            | Command::ToggleFocus
            | Command::ZoomDetail
            | Command::StartFilter => {
                self.timeline.shown = false;
                false
            }
            _ => false,
        }
    }
}
