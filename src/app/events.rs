//! What the app makes of the session's journal: the rows' change markers,
//! the events panel (`l`) and its scrolling, and the new failures counted
//! until acknowledged (`a`).

use chrono::{DateTime, Utc};
use crossterm::event::KeyEvent;

use super::journal::{Change, Marker, NewFailure};
use super::keys::{self, Command};
use super::{App, Flash, Mode};
use crate::atlas::{RestoreJob, Target};
use crate::poller::store::TargetState;

impl App {
    /// The marker of `job`'s latest change, while it shows at `now`.
    pub fn change_marker(
        &self,
        state: &TargetState,
        job: &RestoreJob,
        now: DateTime<Utc>,
    ) -> Option<Marker> {
        self.journal.marker(&state.target, &job.id, now)
    }

    /// The soonest instant after `now` at which a change marker leaves its
    /// row: the frame must be drawn again then.
    pub fn next_marker_change(&self, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        self.journal.next_marker_change(now)
    }

    /// The session's changes, newest first.
    pub fn changes(&self) -> impl ExactSizeIterator<Item = &Change> + DoubleEndedIterator {
        self.journal.changes().iter().rev()
    }

    /// The failures seen since the dashboard started and not acknowledged,
    /// oldest first (at most [`journal::FAILURES_CAPACITY`](super::journal::FAILURES_CAPACITY)
    /// of them; [`App::new_failure_count`] counts them all).
    pub fn new_failures(&self) -> impl ExactSizeIterator<Item = &NewFailure> + DoubleEndedIterator {
        self.journal.new_failures().iter()
    }

    pub fn new_failure_count(&self) -> usize {
        self.journal.new_failure_count()
    }

    /// Tells the journal the clock moved.
    pub(super) fn journal_clock(&mut self) {
        let (data, labels) = (&self.data, &self.labels);
        let label = |target: &Target| super::labels::label_of(data, labels, target).to_string();
        self.journal.clock(self.now, label);
    }

    /// `a`: the new failures are acknowledged (the events panel still
    /// lists them).
    pub(super) fn acknowledge_failures(&mut self) {
        let flash = match self.journal.acknowledge() {
            0 => Flash::info("no new failures"),
            1 => Flash::info("acknowledged 1 new failure"),
            count => Flash::info(format!("acknowledged {count} new failures")),
        };
        self.set_flash(flash);
    }

    /// How far the events panel is scrolled, while it is open.
    pub fn events_scroll(&self) -> Option<usize> {
        match self.mode {
            Mode::Events(scroll) => Some(scroll),
            _ => None,
        }
    }

    /// A key while the events panel is open: the movement keys scroll it,
    /// Esc, `l` and `q` close it, other keys do nothing.
    pub(super) fn handle_events_key(&mut self, scroll: usize, key: &KeyEvent) {
        let last = self.journal.changes().len().saturating_sub(1);
        let page = self.cursor.page.max(1);
        let scroll = match keys::lookup(keys::BINDINGS, key) {
            Some(Command::Back | Command::Events | Command::Quit) => return,
            Some(Command::Down) => scroll.saturating_add(1),
            Some(Command::Up) => scroll.saturating_sub(1),
            Some(Command::PageDown) => scroll.saturating_add(page),
            Some(Command::PageUp) => scroll.saturating_sub(page),
            Some(Command::First) => 0,
            Some(Command::Last) => last,
            _ => scroll,
        };
        self.scroll_events_to(scroll);
    }

    /// Opens the events panel scrolled to `scroll` changes (at most to the
    /// oldest).
    pub(super) fn scroll_events_to(&mut self, scroll: usize) {
        let last = self.journal.changes().len().saturating_sub(1);
        self.mode = Mode::Events(scroll.min(last));
    }
}
