//! The job table. Rows are built only for the window on screen: the app
//! keeps the sorted index and the scroll offset.

use chrono::{DateTime, Utc};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Cell, Row, Table};

use super::alert::Alert;
use super::theme::{Theme, status_symbol};
use crate::app::journal::Marker;
use crate::app::labels::last_chars;
use crate::app::{App, Focus, SortColumn};
use crate::atlas::printable::printable;
use crate::atlas::{JobStatus, RestoreJob};
use crate::poller::store::TargetState;
use crate::ui::format;

const STATUS_WIDTH: u16 = 13;
const TYPE_WIDTH: u16 = 11;
const CREATED_WIDTH: u16 = 10;
const EXPIRES_WIDTH: u16 = 17;
const SHORT_ID: u16 = 8;
const FULL_ID: u16 = 24;
/// Inner width from which ids are shown whole.
const FULL_ID_FROM: u16 = 120;
/// Inner width from which the target column is shown; narrower, the
/// detail pane still names the target.
const TARGET_FROM: u16 = 100;
/// Space between columns, as ratatui's `Table` leaves it by default.
const COLUMN_SPACING: u16 = 1;

/// The sort column of each table column, left to right (the target
/// column sorts nothing).
const SORT_OF_COLUMN: [Option<SortColumn>; 7] = [
    Some(SortColumn::Status),
    Some(SortColumn::Id),
    Some(SortColumn::Cluster),
    Some(SortColumn::Type),
    Some(SortColumn::Created),
    Some(SortColumn::Expires),
    None,
];

/// The columns of a table drawn in `area`: their constraints, and where
/// each lands (x and width, relative to the table's inner left edge).
struct Columns {
    id_width: u16,
    show_target: bool,
    constraints: Vec<Constraint>,
    spans: Vec<Rect>,
}

impl Columns {
    fn of(area: Rect) -> Columns {
        let id_width = if area.width >= FULL_ID_FROM + 2 {
            FULL_ID
        } else {
            SHORT_ID
        };
        let inner_width = area.width.saturating_sub(2);
        let show_target = inner_width >= TARGET_FROM;
        let mut constraints = vec![
            Constraint::Length(STATUS_WIDTH),
            Constraint::Length(id_width),
            Constraint::Fill(2),
            Constraint::Length(TYPE_WIDTH),
            Constraint::Length(CREATED_WIDTH),
            Constraint::Length(EXPIRES_WIDTH),
        ];
        if show_target {
            constraints.push(Constraint::Fill(1));
        }
        let spans = Layout::horizontal(constraints.clone())
            .spacing(COLUMN_SPACING)
            .split(Rect::new(0, 0, inner_width, 1))
            .to_vec();
        Columns {
            id_width,
            show_target,
            constraints,
            spans,
        }
    }

    fn width(&self, column: usize) -> u16 {
        self.spans.get(column).map_or(0, |c| c.width)
    }
}

/// What a mouse click on the table at (`x`, `y`) hits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hit {
    /// The `n`-th row on screen (0 is the first row under the header).
    Row(usize),
    /// A column header, and the sort it stands for.
    Header(SortColumn),
}

/// Which row or header of a table drawn in `area` is at (`x`, `y`).
pub fn hit(area: Rect, x: u16, y: u16) -> Option<Hit> {
    let inner = Block::bordered().inner(area);
    if x < inner.x || x >= inner.right() || y < inner.y || y >= inner.bottom() {
        return None;
    }
    if y == inner.y {
        let relative = x - inner.x;
        let columns = Columns::of(area);
        let column = columns
            .spans
            .iter()
            .position(|span| relative >= span.x && relative < span.right())?;
        return SORT_OF_COLUMN
            .get(column)
            .copied()
            .flatten()
            .map(Hit::Header);
    }
    Some(Hit::Row(usize::from(y - inner.y - 1)))
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
    let columns = Columns::of(area);
    let (id_width, show_target) = (columns.id_width, columns.show_target);
    let fit = Fit {
        cluster: columns.width(2),
        target: columns.width(6),
    };
    let selected = app.selected_row();
    let rows: Vec<Row> = app
        .visible_rows_in(page)
        .map(|(row, state, job)| {
            let alert = Alert::of(job, now, app.expiry_warning());
            let style = row_style(theme, state, alert, selected == Some(row));
            job_row(app, theme, state, job, id_width, fit, now).style(style)
        })
        .collect();
    let block = block(app, theme);
    let inner = block.inner(area);
    let below_header = Rect {
        y: inner.y.saturating_add(1),
        height: inner.height.saturating_sub(1).min(1),
        ..inner
    };
    let table = Table::new(rows, columns.constraints)
        .column_spacing(COLUMN_SPACING)
        .header(header_row(app, theme, show_target))
        .block(block);
    frame.render_widget(table, area);
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

/// The widths that the cluster and target cells must fit into.
#[derive(Clone, Copy)]
struct Fit {
    cluster: u16,
    target: u16,
}

fn block(app: &App, theme: Theme) -> Block<'static> {
    Block::bordered()
        .title(position::title(app))
        .border_style(theme.border(app.focus() == Focus::Table))
}

fn header_row(app: &App, theme: Theme, show_target: bool) -> Row<'static> {
    let sort = app.sort();
    let title = |name: &str, column: Option<SortColumn>| {
        if column == Some(sort.column) {
            format!("{name} {}", sort.arrow())
        } else {
            name.to_string()
        }
    };
    let mut titles = vec![
        title("status", Some(SortColumn::Status)),
        title("id", Some(SortColumn::Id)),
        title("cluster", Some(SortColumn::Cluster)),
        title("type", Some(SortColumn::Type)),
        title("created", Some(SortColumn::Created)),
        title("expires", Some(SortColumn::Expires)),
    ];
    if show_target {
        titles.push(title("target", None));
    }
    Row::new(titles).style(theme.heading())
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

fn job_row<'a>(
    app: &'a App,
    theme: Theme,
    state: &'a TargetState,
    job: &'a RestoreJob,
    id_width: u16,
    fit: Fit,
    now: DateTime<Utc>,
) -> Row<'a> {
    let status = job.status_at(now);
    let status_cell = status_line(status, app.change_marker(state, job, now), theme);
    let created = job
        .created()
        .map_or_else(|| "—".to_string(), |at| format::ago(at, now));
    let label = app.cluster_label_of(state);
    let cluster = if label.chars().count() <= usize::from(fit.cluster) {
        label.to_string()
    } else {
        ellipsize(&state.target.cluster_name, fit.cluster)
    };
    let mut cells = vec![
        Cell::from(status_cell),
        Cell::from(printable(last_chars(&job.id, usize::from(id_width)))),
        Cell::from(printable(&cluster).into_owned()),
        Cell::from(printable(job.delivery_type.as_str())),
        Cell::from(created),
        expires_cell(theme, job, app.expiry_warning(), now),
    ];
    if fit.target > 0 {
        let target = ellipsize(target_cluster(job), fit.target);
        cells.push(Cell::from(printable(&target).into_owned()));
    }
    Row::new(cells)
}

/// The status cell: its symbol and word, or for 10 minutes after the job
/// changed, its symbol and the change (`new`, `→ failed`) in bold.
fn status_line(status: JobStatus, marker: Option<Marker>, theme: Theme) -> Line<'static> {
    let style = theme.status(status);
    let word = match marker {
        Some(marker) if marker.to == status => {
            let change = match marker.from {
                None => "new".to_string(),
                Some(_) => format!("→ {}", status.word()),
            };
            let width = STATUS_WIDTH.saturating_sub(2);
            Span::styled(ellipsize(&change, width), style.patch(theme.heading()))
        }
        _ => Span::styled(status.word(), style),
    };
    Line::from(vec![
        Span::styled(status_symbol(status), style),
        Span::raw(" "),
        word,
    ])
}

/// `text` cut to `width` characters, with `…` when it had to be cut.
fn ellipsize(text: &str, width: u16) -> String {
    let width = usize::from(width);
    if text.chars().count() <= width {
        return text.to_string();
    }
    let mut cut: String = text.chars().take(width.saturating_sub(1)).collect();
    if width > 0 {
        cut.push('…');
    }
    cut
}

/// The countdown; a link expiring within the warning reads `⚠ in 5m 0s`
/// in the imminent style, whatever its urgency.
fn expires_cell(
    theme: Theme,
    job: &RestoreJob,
    warning: chrono::TimeDelta,
    now: DateTime<Utc>,
) -> Cell<'static> {
    let Some(at) = job.expires_at else {
        return Cell::from("—");
    };
    let countdown = format::countdown(at, now);
    if Alert::of(job, now, warning) == Some(Alert::LinkExpiring) {
        let style = theme.countdown(format::Urgency::Imminent);
        return Cell::from(Span::styled(format!("⚠ {countdown}"), style));
    }
    Cell::from(Span::styled(
        countdown,
        theme.countdown(format::urgency(at, now)),
    ))
}

fn target_cluster(job: &RestoreJob) -> &str {
    match job.target_cluster_name.as_deref() {
        Some(name) if job.delivery_type.has_target() && !name.is_empty() => name,
        _ => "—",
    }
}

mod position;

#[cfg(test)]
mod row_style_tests;
