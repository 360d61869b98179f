//! The selected row and the scroll window of the table, kept consistent with
//! each other and with the number of rows.

/// Selected row, first visible row, and how many rows fit on screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cursor {
    pub selected: usize,
    pub offset: usize,
    pub page: usize,
}

impl Default for Cursor {
    fn default() -> Cursor {
        Cursor {
            selected: 0,
            offset: 0,
            page: 10,
        }
    }
}

impl Cursor {
    /// Selects `row` (clamped to the last of `len` rows) and scrolls to it.
    pub fn select(&mut self, row: usize, len: usize) {
        self.selected = row.min(len.saturating_sub(1));
        self.scroll_into_view(len);
    }

    pub fn set_page(&mut self, rows: usize, len: usize) {
        self.page = rows.max(1);
        self.scroll_into_view(len);
    }

    /// The rows on screen, as a range of row numbers.
    pub fn window(&self, len: usize) -> std::ops::Range<usize> {
        let start = self.offset.min(len);
        start..start.saturating_add(self.page).min(len)
    }

    fn scroll_into_view(&mut self, len: usize) {
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset.saturating_add(self.page) {
            self.offset = self.selected + 1 - self.page;
        }
        // Never leave empty space below the last row when rows could fill it.
        self.offset = self.offset.min(len.saturating_sub(self.page));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_window_follows_the_selection_both_ways() {
        let mut cursor = Cursor::default();
        cursor.set_page(5, 100);
        cursor.select(12, 100);
        assert_eq!(cursor.window(100), 8..13);
        cursor.select(2, 100);
        assert_eq!(cursor.window(100), 2..7);
        cursor.select(0, 100);
        assert_eq!((cursor.selected, cursor.offset), (0, 0));
        cursor.select(1000, 100);
        assert_eq!((cursor.selected, cursor.window(100)), (99, 95..100));
    }

    #[test]
    fn an_empty_table_has_an_empty_window() {
        let mut cursor = Cursor::default();
        cursor.select(3, 0);
        assert_eq!((cursor.selected, cursor.window(0)), (0, 0..0));
    }
}
