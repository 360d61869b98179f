//! Where each widget goes: the attention line (when something needs
//! attention) and the header on top, status bar at the bottom, and the
//! detail pane right of the table on wide terminals, below it otherwise.

use ratatui::layout::{Constraint, Layout, Rect};

/// The smallest terminal the dashboard draws in.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 15;
/// From this width on, the detail pane sits right of the table.
pub const WIDE_FROM: u16 = 140;

const HEADER_HEIGHT: u16 = 2;
const STATUS_HEIGHT: u16 = 2;
/// Table borders and its header row.
const TABLE_CHROME: u16 = 3;

/// The areas of a normal screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Panes {
    /// Empty when nothing needs attention.
    pub attention: Rect,
    pub header: Rect,
    pub table: Rect,
    pub detail: Rect,
    pub status: Rect,
}

/// What fits in the terminal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    TooSmall,
    Panes(Panes),
}

/// The panes of a terminal of size `area`, with a row for the attention
/// line when `attention`.
pub fn screen(area: Rect, attention: bool) -> Screen {
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        return Screen::TooSmall;
    }
    let [attention, header, body, status] = Layout::vertical([
        Constraint::Length(u16::from(attention)),
        Constraint::Length(HEADER_HEIGHT),
        Constraint::Fill(1),
        Constraint::Length(STATUS_HEIGHT),
    ])
    .areas(area);
    let [table, detail] = if area.width >= WIDE_FROM {
        let detail_width = (area.width / 3).max(52);
        Layout::horizontal([Constraint::Fill(1), Constraint::Length(detail_width)]).areas(body)
    } else {
        Layout::vertical([Constraint::Percentage(50), Constraint::Fill(1)]).areas(body)
    };
    Screen::Panes(Panes {
        attention,
        header,
        table,
        detail,
        status,
    })
}

/// How many job rows the table shows in a terminal of size `area` when
/// nothing needs attention.
pub fn table_page_size(area: Rect) -> usize {
    match screen(area, false) {
        Screen::TooSmall => 1,
        Screen::Panes(panes) => table_rows(panes.table),
    }
}

/// How many job rows a table drawn in `table` shows.
pub fn table_rows(table: Rect) -> usize {
    usize::from(table.height.saturating_sub(TABLE_CHROME).max(1))
}
