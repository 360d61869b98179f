//! The help overlay's keys: `j`/`k` (and the arrows), PgUp/PgDn, `g`/`G`
//! scroll it; `q`, Esc and `?` close it; other keys do nothing while it
//! is open. How far it scrolls and how many lines a page holds, the last
//! frame reports (the text wraps to the terminal's width).

use crossterm::event::KeyEvent;

use super::keys::{self, Command};
use super::{App, Mode};

/// What the frame says of the open help overlay.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HelpFacts {
    /// How far it scrolls: its lines less those it shows.
    pub scroll_limit: usize,
    /// The lines it shows at once.
    pub rows: usize,
}

impl Default for HelpFacts {
    /// Before the first frame: unbounded (drawing clamps anyway).
    fn default() -> HelpFacts {
        HelpFacts {
            scroll_limit: usize::MAX,
            rows: 1,
        }
    }
}

impl App {
    /// How far the help overlay is scrolled, while it is open.
    pub fn help_scroll(&self) -> Option<usize> {
        match self.mode {
            Mode::Help(scroll) => Some(scroll),
            _ => None,
        }
    }

    /// A key while the help is open.
    pub(super) fn handle_help_key(&mut self, scroll: usize, key: &KeyEvent) {
        let HelpFacts { scroll_limit, rows } = self.help_facts;
        let page = rows.saturating_sub(1).max(1);
        let scroll = match keys::lookup(keys::BINDINGS, key) {
            Some(Command::Back | Command::Help | Command::Quit) => return,
            Some(Command::Down) => scroll.saturating_add(1),
            Some(Command::Up) => scroll.saturating_sub(1),
            Some(Command::PageDown) => scroll.saturating_add(page),
            Some(Command::PageUp) => scroll.saturating_sub(page),
            Some(Command::First) => 0,
            Some(Command::Last) => scroll_limit,
            _ => scroll,
        };
        self.scroll_help_to(scroll);
    }

    /// Keeps the help open, scrolled to `scroll` lines (at most to its end
    /// as last drawn).
    pub(super) fn scroll_help_to(&mut self, scroll: usize) {
        self.mode = Mode::Help(scroll.min(self.help_facts.scroll_limit));
    }

    /// What the frame just drawn says of the help overlay.
    pub(super) fn set_help_facts(&mut self, facts: HelpFacts) {
        self.help_facts = facts;
        if let Mode::Help(scroll) = self.mode {
            self.mode = Mode::Help(scroll.min(facts.scroll_limit));
        }
    }
}
