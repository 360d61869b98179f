//! Key handling: a key becomes a command through the key map, and each
//! command changes the view state.

use crossterm::event::KeyEvent;

use super::filter::StatusSet;
use super::keys::{self, Command, FilterCommand};
use super::{App, Effect, Focus, Mode};
use crate::atlas::JobStatus;

impl App {
    /// Applies one key; returns what the event loop must do, if anything.
    pub fn handle_key(&mut self, key: KeyEvent) -> Option<Effect> {
        if !keys::is_press(&key) {
            return None;
        }
        self.moving(|app| app.dispatch_key(&key))
    }

    /// The mode is taken for the key's handling (leaving [`Mode::Normal`])
    /// and each handler sets the mode its key leads to.
    fn dispatch_key(&mut self, key: &KeyEvent) -> Option<Effect> {
        if is_quit(key) {
            return Some(Effect::Quit);
        }
        match std::mem::take(&mut self.mode) {
            Mode::Normal => {
                let command = keys::lookup(keys::BINDINGS, key)?;
                if self.timeline_command(command) {
                    return None;
                }
                self.run(command, key)
            }
            Mode::Filter => self.handle_filter_key(key),
            Mode::Help(scroll) => {
                self.handle_help_key(scroll, key);
                None
            }
            Mode::Picker(picker) => self.handle_picker_key(picker, key),
            Mode::Confirm(request) => self.answer_cancel(request, key),
            Mode::Failing { first } => {
                self.handle_failing_key(first, key);
                None
            }
            Mode::Events(scroll) => {
                self.handle_events_key(scroll, key);
                None
            }
        }
    }

    /// Enter keeps the filter and Esc clears it, both back to the table;
    /// other keys edit it and typing goes on.
    fn handle_filter_key(&mut self, key: &KeyEvent) -> Option<Effect> {
        let command = keys::lookup(keys::FILTER_BINDINGS, key);
        if !matches!(command, Some(FilterCommand::Keep | FilterCommand::Clear)) {
            self.mode = Mode::Filter;
        }
        match command {
            // A text that does not parse stays open, its error showing.
            Some(FilterCommand::Keep) if self.filter.error().is_some() => self.mode = Mode::Filter,
            Some(FilterCommand::Keep) => {}
            Some(FilterCommand::Clear) => self.set_filter_text(String::new()),
            Some(FilterCommand::DeleteChar) => {
                let mut text = self.filter.text().to_string();
                text.pop();
                self.set_filter_text(text);
            }
            Some(FilterCommand::Quit) => return Some(Effect::Quit),
            None => {
                if let Some(c) = keys::typed_char(key) {
                    let mut text = self.filter.text().to_string();
                    text.push(c);
                    self.set_filter_text(text);
                }
            }
        }
        None
    }

    fn run(&mut self, command: Command, key: &KeyEvent) -> Option<Effect> {
        match command {
            Command::Down => self.move_by(1),
            Command::Up => self.move_by(-1),
            Command::PageDown => self.move_by(self.page_delta(1)),
            Command::PageUp => self.move_by(-self.page_delta(1)),
            Command::HalfPageDown => self.move_by(self.page_delta(2)),
            Command::HalfPageUp => self.move_by(-self.page_delta(2)),
            Command::First => self.move_to_end(false),
            Command::Last => self.move_to_end(true),
            Command::NextSort => self.set_sort(self.sort().next_column()),
            Command::ReverseSort => self.set_sort(self.sort().reversed()),
            Command::StartFilter => {
                self.mode = Mode::Filter;
                self.focus = Focus::Table;
            }
            Command::ToggleStatus => self.toggle_status_of_digit(key),
            Command::ActiveStatuses => {
                let active = StatusSet::ACTIVE;
                let again = self.filter.statuses() == active;
                self.set_statuses(if again { StatusSet::default() } else { active });
            }
            Command::AllStatuses => self.set_statuses(StatusSet::default()),
            Command::FocusDetail => {
                self.show_detail();
                self.focus = Focus::Detail;
            }
            Command::HideDetail => self.toggle_detail(),
            Command::ZoomDetail => self.toggle_zoom(),
            Command::ToggleFocus => self.toggle_focus(),
            Command::ApiLinks => self.toggle_api_links(),
            Command::Back => self.back(),
            Command::Refresh => return Some(Effect::RefreshAll),
            Command::PickClusters => return Some(self.open_picker()),
            Command::CopyUrls => return self.copy_urls(),
            Command::CopyId => return self.copy_id(),
            Command::Open => return self.open_url(),
            Command::Cancel => return self.ask_cancel(),
            Command::Export => return self.export_rows(),
            Command::Events => self.mode = Mode::Events(0),
            Command::Acknowledge => self.acknowledge_failures(),
            Command::Timeline => self.toggle_timeline(),
            // Only the timeline zooms (`timeline_command`).
            Command::ZoomIn | Command::ZoomOut => {}
            Command::Help => self.mode = Mode::Help(0),
            Command::Failing => self.mode = Mode::Failing { first: 0 },
            Command::Quit => return Some(Effect::Quit),
        }
        None
    }

    /// A page of the table divided by `parts` (at least one row).
    fn page_delta(&self, parts: usize) -> isize {
        let rows = (self.cursor.page / parts).max(1);
        isize::try_from(rows).unwrap_or(isize::MAX)
    }

    /// Moves the selection, or scrolls the detail pane when it has focus.
    pub(super) fn move_by(&mut self, delta: isize) {
        match self.focus {
            Focus::Table => self.select_row(self.cursor.selected.saturating_add_signed(delta)),
            Focus::Detail => {
                let scroll = self.detail_scroll.saturating_add_signed(delta);
                self.detail_scroll = scroll.min(self.detail_scroll_limit);
            }
        }
    }

    fn move_to_end(&mut self, last: bool) {
        match (self.focus, last) {
            (Focus::Table, false) => self.select_row(0),
            (Focus::Table, true) => self.select_row(self.index.len().saturating_sub(1)),
            (Focus::Detail, false) => self.detail_scroll = 0,
            (Focus::Detail, true) => {
                self.detail_scroll = self.detail_scroll_limit.min(u16::MAX.into())
            }
        }
    }

    fn toggle_focus(&mut self) {
        if self.unzoom() {
            return;
        }
        self.show_detail();
        self.focus = match self.focus {
            Focus::Table => Focus::Detail,
            Focus::Detail => Focus::Table,
        };
    }

    /// Esc: leave the zoomed or focused detail pane, else drop the filter text.
    fn back(&mut self) {
        if self.unzoom() {
            return;
        }
        if self.focus == Focus::Detail {
            self.focus = Focus::Table;
        } else if !self.filter.text().is_empty() {
            self.set_filter_text(String::new());
        }
    }

    /// `1`…`6`: the digit's status in or out of the status filter.
    fn toggle_status_of_digit(&mut self, key: &KeyEvent) {
        let digit = match key.code {
            crossterm::event::KeyCode::Char(c) => c.to_digit(10),
            _ => None,
        };
        let status = digit
            .and_then(|d| usize::try_from(d).ok())
            .and_then(|d| d.checked_sub(1))
            .and_then(|at| JobStatus::ALL.get(at).copied());
        if let Some(status) = status {
            self.set_statuses(self.filter.statuses().toggled(status));
        }
    }

    /// A new status filter; the job kept in view is let go.
    fn set_statuses(&mut self, statuses: StatusSet) {
        if statuses != self.filter.statuses() {
            self.unpin_quietly();
            self.filter.set_statuses(statuses);
            self.refilter();
        }
    }

    pub(super) fn set_sort(&mut self, sort: super::Sort) {
        self.index.set_sort(&self.data, sort);
        self.follow_selection();
    }

    /// A new filter text, parsed once. A query that narrows the one before
    /// (one more character, one more term) filters the rows already
    /// sorted; Backspace returns to the rows kept for the shorter text;
    /// anything else filters the kept keys again. Terms that do not parse
    /// (yet) are left out (the prompt shows why).
    fn set_filter_text(&mut self, text: String) {
        if self.filter.text() == text {
            return;
        }
        let before = self.filter.query().clone();
        let unpinned = self.unpin_quietly();
        self.filter.set_text(text);
        let query = self.filter.query();
        if unpinned {
            self.refilter();
        } else if *query == before {
            // Not a new query (spaces, or a term that does not parse yet).
        } else if query.narrows(&before) {
            self.index
                .narrow(&self.data, &self.labels, &self.filter, before);
            self.follow_selection();
        } else if self.index.widen(query) {
            self.follow_selection();
        } else {
            self.refilter();
        }
    }
}

/// The key that quits from any mode (Ctrl-c).
fn is_quit(key: &KeyEvent) -> bool {
    keys::lookup(keys::FILTER_BINDINGS, key) == Some(FilterCommand::Quit)
}
