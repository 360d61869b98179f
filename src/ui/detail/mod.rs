//! The detail pane, human first: status, times with the duration, the
//! target with its project's name, the delivery URLs as terminal
//! hyperlinks, the cluster in the Atlas UI, the snapshot, and the API links
//! last, folded. The rows are laid out on the pane's width once per frame
//! (that layout also gives the scroll limit), and the border shows the
//! scroll position when they do not fit.

mod eta;
mod hyperlink;
mod sections;
mod snapshot;
mod urls;
pub mod wrap;

use chrono::{DateTime, Utc};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::border::Border;
use super::format;
use super::theme::Theme;
use crate::app::{App, Focus};
use crate::atlas::RestoreJob;
use crate::poller::store::TargetState;
use wrap::{Laid, Row};

pub use hyperlink::{cell_symbol as hyperlink_cell, is_linkable};

/// ` detail · project/cluster ` of the selected job, the label shortened to
/// fit the border.
fn title(app: &App, width: u16) -> String {
    let Some((state, _)) = app.selected_job() else {
        return " detail ".to_string();
    };
    let room = usize::from(width)
        .saturating_sub(14)
        .min(super::shorten::LABEL_CAP);
    let label = super::shorten::label(app.cluster_label_of(state), room);
    crate::atlas::printable::printable(&format!(" detail · {label} ")).into_owned()
}

/// Draws the pane; returns how far it can scroll.
pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: Theme, now: DateTime<Utc>) -> usize {
    let border =
        Border::new(title(app, area.width)).style(theme.border(app.focus() == Focus::Detail));
    let inner = Border::inner(area);
    let rows = match app.selected_job() {
        Some((state, job)) => rows(app, theme, state, job, now),
        None => vec![Row::text(
            0,
            vec![Span::styled("no job selected", theme.muted())],
        )],
    };
    let laid = wrap::lay_out(&rows, inner.width);
    let height = usize::from(inner.height);
    // Scrolling stops once the last line is at the bottom of the pane.
    let limit = laid.len().saturating_sub(height);
    let scroll = app.detail_scroll().min(limit);
    let shown = laid.get(scroll..).unwrap_or_default();
    let shown = shown.get(..height.min(shown.len())).unwrap_or_default();
    let position = position(scroll, shown.len(), laid.len());
    let border = border.right_title(position.map(|text| Line::from(text).right_aligned()));
    frame.render_widget(&border, area);
    let buf = frame.buffer_mut();
    for (y, laid) in (inner.top()..inner.bottom()).zip(shown) {
        let row = Rect {
            y,
            height: 1,
            ..inner
        };
        super::grid::draw_row(buf, row, &laid.line);
    }
    if app.detail_options().hyperlinks {
        link_cells(frame, inner, shown, &rows);
    }
    limit
}

/// `3-20/41`: the lines shown and how many there are, when not all fit.
fn position(scroll: usize, shown: usize, total: usize) -> Option<String> {
    (shown < total).then(|| format!(" {}-{}/{total} ", scroll + 1, scroll + shown))
}

/// Turns the cells of every link shown into OSC 8 hyperlinks.
fn link_cells(frame: &mut Frame, inner: Rect, shown: &[Laid], rows: &[Row]) {
    let buffer = frame.buffer_mut();
    for (y, laid) in (inner.y..).zip(shown) {
        let Some(part) = laid.link else {
            continue;
        };
        let Some(url) = rows.get(part.row).and_then(|row| row.link.as_deref()) else {
            continue;
        };
        let id = format!("atlas-restores-{}", part.row);
        let x = inner.x.saturating_add(part.start);
        hyperlink::mark(buffer, inner, (x, y, part.width), url, &id);
    }
}

/// Every row of the pane for `job`, in order, made printable.
fn rows<'a>(
    app: &'a App,
    theme: Theme,
    state: &'a TargetState,
    job: &'a RestoreJob,
    now: DateTime<Utc>,
) -> Vec<Row<'a>> {
    let mut rows = Vec::new();
    sections::identity(&mut rows, app, theme, state, job, now);
    sections::times(&mut rows, app, theme, state, job, now);
    sections::target(&mut rows, app, theme, job);
    sections::point_in_time(&mut rows, theme, job);
    urls::delivery(&mut rows, theme, job);
    urls::atlas_page(&mut rows, app, theme, &state.target);
    snapshot::snapshot(&mut rows, app, theme, job, now);
    snapshot::api_links(&mut rows, app, theme, job);
    rows.into_iter().map(printable).collect()
}

/// `row` with every span made printable (see [`super::printable_line`]);
/// each character stays one character, so widths hold.
fn printable(row: Row<'_>) -> Row<'_> {
    fn clean(span: Span<'_>) -> Span<'_> {
        let Line { mut spans, .. } = super::printable_line(Line::from(span));
        spans.pop().unwrap_or_default()
    }
    Row {
        label: row.label.map(clean),
        value: row.value.into_iter().map(clean).collect(),
        ..row
    }
}

/// The next instant after `now` at which the pane for `job` reads
/// differently by the clock alone: the poll error's age, its dates, how
/// long it has run, its ETA, its countdown to the second, its snapshot's
/// dates.
pub fn changes_at(
    app: &App,
    state: &TargetState,
    job: &RestoreJob,
    now: DateTime<Utc>,
) -> Option<DateTime<Utc>> {
    let error = state
        .last_error
        .as_ref()
        .map(|error| format::ago_changes_at(error.at, now));
    let dates = [job.created(), job.finished_at]
        .into_iter()
        .flatten()
        .chain(snapshot::dates(app, job))
        .map(|at| format::relative_changes_at(at, now));
    let running = job
        .created()
        .filter(|_| job.finished_at.is_none())
        .filter(|_| job.status_at(now) == crate::atlas::JobStatus::InProgress)
        .map(|created| format::running_for_changes_at(created, now));
    let countdown = job
        .expires_at
        .map(|at| format::countdown_exact_changes_at(at, now));
    let eta = app
        .estimate(state, job)
        .map(|estimate| crate::ui::eta::changes_at(&estimate, now));
    dates
        .chain(error)
        .chain(running)
        .chain(countdown)
        .chain(eta)
        .min()
}
