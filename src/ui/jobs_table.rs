//! The job table. Rows are built only for the window on screen: the app
//! keeps the sorted index and the scroll offset.

use chrono::{DateTime, Utc};
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Cell, Row, Table};

use super::theme::{Theme, status_symbol};
use crate::app::labels::last_chars;
use crate::app::{App, Focus, SortColumn};
use crate::atlas::RestoreJob;
use crate::format;
use crate::store::TargetState;

const STATUS_WIDTH: u16 = 13;
const TYPE_WIDTH: u16 = 11;
const CREATED_WIDTH: u16 = 10;
const EXPIRES_WIDTH: u16 = 17;
const SHORT_ID: u16 = 8;
const FULL_ID: u16 = 24;
/// Inner width from which ids are shown whole.
const FULL_ID_FROM: u16 = 120;

pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: Theme, now: DateTime<Utc>) {
    let id_width = if area.width >= FULL_ID_FROM + 2 {
        FULL_ID
    } else {
        SHORT_ID
    };
    let selected = app.selected_row();
    let rows: Vec<Row> = app
        .visible_rows()
        .map(|(row, state, job)| {
            let style = row_style(theme, state, selected == Some(row));
            job_row(app, theme, state, job, id_width, now).style(style)
        })
        .collect();
    let widths = [
        Constraint::Length(STATUS_WIDTH),
        Constraint::Length(id_width),
        Constraint::Fill(2),
        Constraint::Length(TYPE_WIDTH),
        Constraint::Length(CREATED_WIDTH),
        Constraint::Length(EXPIRES_WIDTH),
        Constraint::Fill(1),
    ];
    let table = Table::new(rows, widths)
        .header(header_row(app, theme))
        .block(block(app, theme));
    frame.render_widget(table, area);
}

fn block(app: &App, theme: Theme) -> Block<'static> {
    let title = if app.filter().is_active() {
        format!(" jobs {} of {} ", app.row_count(), app.total_jobs())
    } else {
        format!(" jobs {} ", app.total_jobs())
    };
    Block::bordered()
        .title(title)
        .border_style(theme.border(app.focus() == Focus::Table))
}

fn header_row(app: &App, theme: Theme) -> Row<'static> {
    let sort = app.sort();
    let title = |name: &str, column: Option<SortColumn>| {
        if column == Some(sort.column) {
            format!("{name} {}", sort.arrow())
        } else {
            name.to_string()
        }
    };
    Row::new([
        title("status", Some(SortColumn::Status)),
        title("id", Some(SortColumn::Id)),
        title("cluster", Some(SortColumn::Cluster)),
        title("type", Some(SortColumn::Type)),
        title("created", Some(SortColumn::Created)),
        title("expires", Some(SortColumn::Expires)),
        title("target", None),
    ])
    .style(theme.heading())
}

fn row_style(theme: Theme, state: &TargetState, selected: bool) -> ratatui::style::Style {
    let mut style = ratatui::style::Style::new();
    if state.is_failing() {
        style = style.patch(theme.stale());
    }
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
    now: DateTime<Utc>,
) -> Row<'a> {
    let status = job.status();
    let status_cell = Line::from(vec![
        Span::styled(status_symbol(status), theme.status(status)),
        Span::raw(" "),
        Span::styled(status.word(), theme.status(status)),
    ]);
    let created = job
        .created()
        .map_or_else(|| "—".to_string(), |at| format::ago(at, now));
    Row::new([
        Cell::from(status_cell),
        Cell::from(last_chars(&job.id, usize::from(id_width))),
        Cell::from(app.cluster_label_of(state)),
        Cell::from(job.delivery_type.as_str()),
        Cell::from(created),
        expires_cell(theme, job, now),
        Cell::from(target_cluster(job)),
    ])
}

fn expires_cell(theme: Theme, job: &RestoreJob, now: DateTime<Utc>) -> Cell<'static> {
    match job.expires_at {
        Some(at) => Cell::from(Span::styled(
            format::countdown(at, now),
            theme.countdown(format::urgency(at, now)),
        )),
        None => Cell::from("—"),
    }
}

fn target_cluster(job: &RestoreJob) -> &str {
    match job.target_cluster_name.as_deref() {
        Some(name) if job.delivery_type.has_target() && !name.is_empty() => name,
        _ => "—",
    }
}
