//! Mouse input, already located by the UI: a row clicked, a column header
//! clicked, the wheel turned.

use super::{App, Focus, Sort, SortColumn};

/// Rows moved by one notch of the wheel.
const WHEEL_ROWS: isize = 3;

impl App {
    /// A click on the `visible`-th row on screen selects it.
    pub fn click_row(&mut self, visible: usize) {
        let row = self.cursor.offset.saturating_add(visible);
        if row < self.index.len() {
            self.focus = Focus::Table;
            self.select_row(row);
        }
    }

    /// A click on a header sorts by it; on the sorted header, reverses.
    pub fn click_header(&mut self, column: SortColumn) {
        let sort = if self.sort.column == column {
            self.sort.reversed()
        } else {
            Sort::by(column)
        };
        self.set_sort(sort);
    }

    /// The wheel moves the selection (or scrolls the focused detail pane):
    /// `notches` down, negative for up.
    pub fn wheel(&mut self, notches: isize) {
        self.move_by(notches.saturating_mul(WHEEL_ROWS));
    }
}
