//! Mouse input, already located by the UI: a row clicked, a column header
//! clicked, the wheel turned. Each returns the fetch of the snapshot of a
//! newly selected job, when it needs one.

use super::{App, Effect, Focus, Sort, SortColumn};

/// Rows moved by one notch of the wheel.
const WHEEL_ROWS: isize = 3;

impl App {
    /// A click on the `visible`-th row on screen selects it.
    pub fn click_row(&mut self, visible: usize) -> Option<Effect> {
        let row = self.cursor.offset.saturating_add(visible);
        self.moving(|app| {
            if row < app.index.len() {
                app.focus = Focus::Table;
                app.select_row(row);
            }
            None
        })
    }

    /// A click on a header sorts by it; on the sorted header, reverses.
    pub fn click_header(&mut self, column: SortColumn) -> Option<Effect> {
        let sort = if self.sort().column == column {
            self.sort().reversed()
        } else {
            Sort::by(column)
        };
        self.moving(|app| {
            app.set_sort(sort);
            None
        })
    }

    /// The wheel moves the selection (or scrolls the focused detail pane,
    /// the failing-clusters panel by a cluster a notch, or the events panel
    /// or the help while it is open): `notches` down, negative for up.
    pub fn wheel(&mut self, notches: isize) -> Option<Effect> {
        if self.scroll_failing_panel(notches) {
            return None;
        }
        if let Some(scroll) = self.help_scroll() {
            let scroll = scroll.saturating_add_signed(notches.saturating_mul(WHEEL_ROWS));
            self.scroll_help_to(scroll);
            return None;
        }
        if let Some(scroll) = self.events_scroll() {
            let scroll = scroll.saturating_add_signed(notches.saturating_mul(WHEEL_ROWS));
            self.scroll_events_to(scroll);
            return None;
        }
        self.moving(|app| {
            app.move_by(notches.saturating_mul(WHEEL_ROWS));
            None
        })
    }
}
