//! The job table. Rows are built only for the window on screen (the app
//! keeps the sorted index and the scroll offset), and the columns are sized
//! to what that window holds (`columns.rs`); the mouse finds the headers
//! where the frame drew them.

use chrono::{DateTime, Utc};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::Block;

use super::alert::Alert;
use super::border::Border;
use super::grid::{Grid, GridRow};
use super::theme::Theme;
use crate::app::{App, Focus, SortColumn};
use crate::atlas::RestoreJob;
use crate::poller::store::TargetState;
use cells::RowText;
pub use columns::Column;
use columns::{Columns, Widest};

mod cells;
pub mod columns;
mod position;

/// What a mouse click on the table at (`x`, `y`) hits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hit {
    /// The `n`-th row on screen (0 is the first row under the header).
    Row(usize),
    /// A column header, and the sort it stands for.
    Header(SortColumn),
}

/// Which row or header of the table drawn in `area` with `page` rows at
/// `now` is at (`x`, `y`): the columns are those the frame drew.
pub fn hit(area: Rect, app: &App, page: usize, now: DateTime<Utc>, x: u16, y: u16) -> Option<Hit> {
    let inner = Block::bordered().inner(area);
    if x < inner.x || x >= inner.right() || y < inner.y || y >= inner.bottom() {
        return None;
    }
    if y == inner.y {
        let theme = Theme::new(app.theme());
        let (columns, _) = window(app, theme, inner.width, page, now);
        return columns.at(x - inner.x)?.sort().map(Hit::Header);
    }
    Some(Hit::Row(usize::from(y - inner.y - 1)))
}

/// A row of the window: its number, its job and what it shows.
struct WindowRow<'a> {
    row: usize,
    state: &'a TargetState,
    job: &'a RestoreJob,
    text: RowText<'a>,
}

/// The rows of the window of `page` rows, and the columns sized to them
/// (and to the headers) in a table `inner` columns wide.
fn window<'a>(
    app: &'a App,
    theme: Theme,
    inner: u16,
    page: usize,
    now: DateTime<Utc>,
) -> (Columns, Vec<WindowRow<'a>>) {
    let mut widest = Widest::default();
    for column in Column::ALL {
        widest.hold(column, super::shorten::columns(&header_title(app, column)));
    }
    let rows: Vec<_> = app
        .visible_rows_in(page)
        .map(|(row, state, job)| {
            let text = RowText::of(app, theme, state, job, now);
            text.measure(&mut widest);
            WindowRow {
                row,
                state,
                job,
                text,
            }
        })
        .collect();
    (Columns::allocate(&widest, inner), rows)
}

/// Draws the table with `page` job rows (what fits in `area`).
pub fn draw(
    frame: &mut Frame,
    area: Rect,
    app: &App,
    page: usize,
    theme: Theme,
    now: DateTime<Utc>,
) {
    let block = block(app, theme);
    let inner = Border::inner(area);
    let (columns, texts) = window(app, theme, inner.width, page, now);
    let selected = app.selected_row();
    let rows: Vec<GridRow> = texts
        .into_iter()
        .map(|shown| {
            let alert = Alert::of(shown.job, now, app.expiry_warning());
            let style = row_style(theme, shown.state, alert, selected == Some(shown.row));
            shown.text.into_row(&columns).style(style)
        })
        .collect();
    let below_header = Rect {
        y: inner.y.saturating_add(1),
        height: inner.height.saturating_sub(1).min(1),
        ..inner
    };
    let rects = columns.rects();
    let header = header_row(app, theme, &columns);
    frame.render_widget(Grid::new(block, &rects, header).rows(rows), area);
    position::draw_scrollbar(frame, area, app, page, theme);
    if app.row_count() == 0 {
        let message = Line::styled(empty_message(app), theme.muted());
        frame.render_widget(message, below_header);
    }
}

/// What an empty table says instead of rows.
pub(super) fn empty_message(app: &App) -> &'static str {
    let targets = &app.data().targets;
    if app.total_jobs() > 0 {
        "no jobs match the filter"
    } else if targets.is_empty() {
        "no restore jobs: no clusters are watched"
    } else if targets.iter().any(|t| t.fetched_at.is_none()) {
        "no restore jobs loaded yet"
    } else {
        "no restore jobs on the watched clusters"
    }
}

fn block(app: &App, theme: Theme) -> Border<'static> {
    Border::new(position::title(app)).style(theme.border(app.focus() == Focus::Table))
}

/// A column's header: its title, with the sort's arrow on the sorted one.
fn header_title(app: &App, column: Column) -> String {
    let sort = app.sort();
    if column.sort() == Some(sort.column) {
        format!("{} {}", column.title(), sort.arrow())
    } else {
        column.title().to_string()
    }
}

fn header_row(app: &App, theme: Theme, columns: &Columns) -> GridRow<'static> {
    let titles: Vec<Line> = columns
        .shown()
        .map(|(column, _)| Line::from(header_title(app, column)))
        .collect();
    GridRow::new(titles).style(theme.heading())
}

/// A row's style: an alert's emphasis on every cell, else dimmed when its
/// cluster's latest poll failed (an alert stays at full strength, its job
/// failed or its link expires whatever the poller's trouble), then the
/// selection, which keeps the alert's colour.
fn row_style(theme: Theme, state: &TargetState, alert: Option<Alert>, selected: bool) -> Style {
    let mut style = match alert {
        Some(alert) => theme.alert(alert),
        None if state.is_failing() => theme.stale(),
        None => Style::new(),
    };
    if selected {
        style = style.patch(theme.selected());
    }
    style
}

#[cfg(test)]
mod row_style_tests;
