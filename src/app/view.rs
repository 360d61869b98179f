//! What the last frame showed, as drawing reports it back: how many table
//! rows fit and how far the detail pane scrolls. Paging and the jump to the
//! end of the detail use these; the table's window follows the selection.

use super::App;
use crate::atlas::RestoreJob;
use crate::poller::store::TargetState;

/// Facts about a drawn frame that only drawing knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ViewFacts {
    /// Job rows the table shows.
    pub table_rows: usize,
    /// How far the detail pane scrolls; `None` when the terminal was too
    /// small to draw it or the pane is hidden (the last limit stays).
    pub detail_scroll_limit: Option<usize>,
    /// The help overlay's scrolling, while it is drawn.
    pub help: Option<super::HelpFacts>,
    /// The timeline axis's columns, while the timeline is drawn.
    pub timeline_cells: Option<u16>,
}

impl App {
    /// What the frame just drawn reports; the event loop gives it after
    /// each draw.
    pub fn set_layout(&mut self, facts: ViewFacts) {
        self.set_page_size(facts.table_rows);
        if let Some(limit) = facts.detail_scroll_limit {
            self.detail_scroll_limit = limit;
            self.detail_scroll = self.detail_scroll.min(limit);
        }
        if let Some(help) = facts.help {
            self.set_help_facts(help);
        }
        if facts.timeline_cells.is_some() {
            self.timeline.cells = facts.timeline_cells;
        }
    }

    /// Rows visible in the table (as [`App::set_layout`] sets it).
    pub fn set_page_size(&mut self, rows: usize) {
        self.cursor.set_page(rows, self.index.len());
    }

    /// The rows on screen: row number, target and job.
    pub fn visible_rows(&self) -> impl Iterator<Item = (usize, &TargetState, &RestoreJob)> {
        self.visible_rows_in(self.cursor.page)
    }

    /// The row numbers a table of `page` rows shows, as
    /// [`App::visible_rows_in`] gives them.
    pub fn table_window(&self, page: usize) -> std::ops::Range<usize> {
        let mut cursor = self.cursor;
        cursor.set_page(page, self.index.len());
        cursor.window(self.index.len())
    }

    /// The rows a table of `page` rows shows: the window as it will be once
    /// the app is told that page size, so that a frame drawn after a resize
    /// is whole at once.
    pub fn visible_rows_in(
        &self,
        page: usize,
    ) -> impl Iterator<Item = (usize, &TargetState, &RestoreJob)> {
        let window = self.table_window(page);
        let start = window.start;
        self.index
            .rows_in(window)
            .enumerate()
            .filter_map(move |(at, job)| {
                let (state, job) = self.job_at(job)?;
                Some((start + at, state, job))
            })
    }
}
