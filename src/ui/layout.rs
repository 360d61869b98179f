//! Where each widget goes: the attention line (when something needs
//! attention) and the header on top, status bar at the bottom, and the
//! detail pane right of the table on wide terminals, below it otherwise;
//! hidden (the table fills the body) or zoomed (the pane fills it).

use ratatui::layout::{Constraint, Layout, Rect};

use crate::app::{App, DetailView};

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
    /// Empty when the detail pane is zoomed.
    pub table: Rect,
    /// Empty when the detail pane is hidden.
    pub detail: Rect,
    pub status: Rect,
    /// The table's page: the rows it shows, or while the pane is zoomed
    /// those it shows beside the pane (so the window stays put).
    pub table_rows: usize,
}

/// What fits in the terminal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    TooSmall,
    Panes(Panes),
}

/// The panes of a terminal of size `area`, with a row for the attention
/// line when `attention`, and the detail pane as `detail` says.
pub fn screen(area: Rect, attention: bool, view: DetailView) -> Screen {
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
    let [beside, pane] = if area.width >= WIDE_FROM {
        let detail_width = (area.width / 3).max(52);
        Layout::horizontal([Constraint::Fill(1), Constraint::Length(detail_width)]).areas(body)
    } else {
        Layout::vertical([Constraint::Percentage(50), Constraint::Fill(1)]).areas(body)
    };
    let (table, detail) = match view {
        DetailView::Shown => (beside, pane),
        DetailView::Hidden => (body, Rect::default()),
        DetailView::Zoomed => (Rect::default(), body),
    };
    let table_rows = match view {
        DetailView::Zoomed => table_rows(beside),
        _ => table_rows(table),
    };
    Screen::Panes(Panes {
        attention,
        header,
        table,
        detail,
        status,
        table_rows,
    })
}

/// How many job rows the table of `app` shows in a terminal of size
/// `area` (with the attention line if it shows at the app's clock, and
/// the detail pane where the app has it).
pub fn table_page_size(area: Rect, app: &App) -> usize {
    let attention = super::attention::shown(app, app.now());
    match screen(area, attention, app.detail_view()) {
        Screen::TooSmall => 1,
        Screen::Panes(panes) => panes.table_rows,
    }
}

/// How many job rows a table drawn in `table` shows.
pub fn table_rows(table: Rect) -> usize {
    usize::from(table.height.saturating_sub(TABLE_CHROME).max(1))
}
