//! The timeline (`t`): a picture of the restores instead of the job list.
//! One lane per watched cluster on a shared time axis ending at now; each
//! job a bar from its creation to its finish (or now), its fill and colour
//! its status, a download's expiry window dotted after it; jobs gone from
//! Atlas's lists (the history) drawn too, dimmed. Beside each lane the
//! restores over the span, the failure rate and the p50/p95 duration; under
//! the lanes the axis and a caption naming the selected job, whose bar is
//! highlighted and whose lane is always in view (lanes go by pages).

pub mod axis;
mod caption;
mod columns;
pub mod lanes;
pub mod paint;
pub mod side;

use std::collections::HashMap;
use std::ops::Range;

use chrono::{DateTime, Utc};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use crate::app::{App, TimelineSpan};
use crate::atlas::printable::printable;
use crate::atlas::{JobStatus, RestoreJob, Target};
use crate::ui::border::Border;
use crate::ui::format;
use crate::ui::grid::draw_line;
use crate::ui::theme::Theme;
use axis::Axis;
use columns::Columns;
use lanes::{Lane, LaneJob, lay_out};
use side::LaneStats;

/// At most this many sub-rows per lane.
const MAX_ROWS: u16 = 3;

/// Draws the timeline of `span` in `area` at `now`; returns the axis's
/// columns (the redraw clock needs them).
pub fn draw(
    buf: &mut Buffer,
    area: Rect,
    app: &App,
    span: TimelineSpan,
    theme: Theme,
    now: DateTime<Utc>,
) -> u16 {
    let inner = Border::inner(area);
    let columns = Columns::of(app, inner, span);
    let axis = Axis::at(span, columns.track.width, now);
    let lanes_height = inner.height.saturating_sub(2);
    let page = Page::of(app, &axis, lanes_height, now);
    let title = title(span, inner.width);
    let shown = (page.range.len() < page.total).then(|| {
        let Range { start, end } = page.range;
        format!(" lanes {}-{end} of {} ", start + 1, page.total)
    });
    Border::new(title)
        .right_title(shown.map(Line::from))
        .render(area, buf);
    let ticks = axis.ticks(span);
    let tick_columns: Vec<u16> = ticks.iter().map(|(column, _)| *column).collect();
    let mut y = inner.y;
    for (at, (lane, jobs)) in page.range.clone().zip(&page.lanes) {
        let rows = lane.rows.min(inner.y + lanes_height - y);
        if rows == 0 {
            break;
        }
        paint::lane(buf, columns.track, y, lane, rows, &tick_columns, theme);
        let selected = page.selected == Some(at);
        draw_label(
            buf,
            inner.x,
            y,
            app.cluster_label(at),
            selected,
            columns.label,
            theme,
        );
        let created = jobs.iter().map(|job| (job.created, job.status));
        let stats = LaneStats::count(created, span, axis.end);
        let target = app.data().targets.get(at).map(|state| &state.target);
        draw_side(buf, &columns, y, (app, target), &stats, theme);
        y += rows;
    }
    if inner.height >= 2 {
        let axis_y = inner.y + lanes_height;
        let utc = Line::styled("UTC", theme.muted());
        draw_line(buf, inner.x, axis_y, &utc, columns.label);
        paint::axis(buf, columns.track, axis_y, &ticks, theme);
        let heading = Line::styled(columns.heading(span), theme.muted());
        draw_line(buf, columns.side_x, axis_y, &heading, columns.side_width);
    }
    if inner.height >= 1 {
        let caption = caption::caption(app, theme, now);
        let y = inner.y + inner.height - 1;
        draw_line(buf, inner.x, y, &caption, inner.width);
    }
    axis.cells
}

/// The next instant after `now` at which the timeline would read
/// differently: the axis moves a column, the caption's running time
/// turns, or a remembered download link expires. `None` unless it shows.
pub fn changes_at(app: &App, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    let span = app.timeline()?;
    let axis = app
        .timeline_cells()
        .map(|cells| Axis::changes_at(span, cells, now));
    let running = app
        .selected_job()
        .filter(|(_, job)| job.status_at(now) == JobStatus::InProgress)
        .and_then(|(_, job)| job.created())
        .map(|created| format::running_for_changes_at(created, now));
    let gone_expiry = app
        .data()
        .history
        .gone
        .iter()
        .filter_map(|past| past.job.expires_at())
        .filter(|at| *at > now)
        .min();
    [axis, running, gone_expiry].into_iter().flatten().min()
}

/// The lanes on screen, each laid out, with its jobs; of `total`.
struct Page {
    range: Range<usize>,
    /// The selected job's lane.
    selected: Option<usize>,
    lanes: Vec<(Lane, Vec<LaneJob>)>,
    total: usize,
}

impl Page {
    /// The page of lanes that holds the selected job's lane, in `height`
    /// rows. Lanes get as many sub-rows (up to [`MAX_ROWS`]) as let them
    /// all fit; when even one row each does not fit, one row each, and
    /// only the page's lanes are looked at.
    fn of(app: &App, axis: &Axis, height: u16, now: DateTime<Utc>) -> Page {
        let data = app.data();
        let total = data.targets.len();
        let selected = app
            .selected_job()
            .and_then(|(state, _)| data.targets.iter().position(|t| std::ptr::eq(t, state)));
        let keep = selected.unwrap_or(0);
        if total > usize::from(height) {
            let per_page = usize::from(height.max(1));
            let start = keep / per_page * per_page;
            let range = start..(start + per_page).min(total);
            let lanes = lane_jobs(app, range.clone(), axis, now)
                .into_iter()
                .map(|jobs| (lay_out(&jobs, axis, 1, axis.end), jobs))
                .collect();
            return Page {
                range,
                selected,
                lanes,
                total,
            };
        }
        let jobs = lane_jobs(app, 0..total, axis, now);
        let mut laid: Vec<Lane> = jobs
            .iter()
            .map(|jobs| lay_out(jobs, axis, MAX_ROWS, axis.end))
            .collect();
        let fits = |cap: u16| {
            let rows: u32 = laid.iter().map(|lane| u32::from(lane.rows.min(cap))).sum();
            rows <= u32::from(height)
        };
        let cap = (1..=MAX_ROWS).rev().find(|cap| fits(*cap)).unwrap_or(1);
        for (lane, jobs) in laid.iter_mut().zip(&jobs) {
            if lane.rows > cap {
                *lane = lay_out(jobs, axis, cap, axis.end);
            }
        }
        let range = page_of(&laid, height, keep);
        let lanes = laid
            .into_iter()
            .zip(jobs)
            .skip(range.start)
            .take(range.len())
            .collect();
        Page {
            range,
            selected,
            lanes,
            total,
        }
    }
}

/// The jobs of the lanes in `range` that show on `axis`: those Atlas
/// lists, then those the history remembers after they left its lists.
fn lane_jobs(app: &App, range: Range<usize>, axis: &Axis, now: DateTime<Utc>) -> Vec<Vec<LaneJob>> {
    let data = app.data();
    let (start, end) = (axis.start(), axis.end);
    let shows = |job: &LaneJob| job.created < end && job.reach(end) >= start;
    let selected = app
        .selected_job()
        .map(|(state, job)| (&state.target, &job.id));
    let is_selected = |target: &Target, job: &RestoreJob| {
        selected.is_some_and(|(t, id)| t == target && *id == job.id)
    };
    let targets = data.targets.get(range.clone()).unwrap_or_default();
    let mut lanes: Vec<Vec<LaneJob>> = targets
        .iter()
        .map(|state| {
            let jobs = state.jobs.iter().filter_map(|job| {
                let selected = is_selected(&state.target, job);
                LaneJob::of(job, now, selected, false).filter(shows)
            });
            jobs.collect()
        })
        .collect();
    if data.history.gone.is_empty() {
        return lanes;
    }
    let lane_of: HashMap<&Target, usize> = targets
        .iter()
        .enumerate()
        .map(|(at, state)| (&state.target, at))
        .collect();
    for past in data.history.gone.iter() {
        // Only the page's clusters' jobs are looked at.
        let Some(lane) = lane_of.get(&past.target).and_then(|at| lanes.get_mut(*at)) else {
            continue;
        };
        if let Some(job) = LaneJob::of(&past.job, now, false, true).filter(shows) {
            lane.push(job);
        }
    }
    lanes
}

/// The lanes shown: the page (lanes packed from the first into `height`
/// rows, page after page) that holds lane `keep`.
fn page_of(lanes: &[Lane], height: u16, keep: usize) -> Range<usize> {
    let mut start = 0;
    let mut used = 0u16;
    for (at, lane) in lanes.iter().enumerate() {
        if used > 0 && used.saturating_add(lane.rows) > height {
            if keep < at {
                return start..at;
            }
            start = at;
            used = 0;
        }
        used = used.saturating_add(lane.rows);
    }
    start..lanes.len()
}

/// `timeline · 24h`, and the fills' legend when it fits.
fn title(span: TimelineSpan, width: u16) -> String {
    let name = format!(" timeline · {} · +/- zoom ", span.name());
    let legend = format!("{name}· {} ", paint::legend());
    if legend.chars().count() + 16 <= usize::from(width) {
        legend
    } else {
        name
    }
}

/// The lane's label on its first row, the selected job's lane marked.
fn draw_label(
    buf: &mut Buffer,
    x: u16,
    y: u16,
    label: &str,
    selected: bool,
    width: u16,
    theme: Theme,
) {
    let (mark, style) = if selected {
        ("›", theme.selected())
    } else {
        (" ", theme.label())
    };
    let line = Line::from(vec![
        Span::styled(mark, style),
        Span::styled(printable(label), style),
    ]);
    draw_line(buf, x, y, &line, width);
}

/// The side column on the lane's first row: `stats` and the durations of
/// the lane's cluster, `target`.
fn draw_side(
    buf: &mut Buffer,
    columns: &Columns,
    y: u16,
    (app, target): (&App, Option<&Target>),
    stats: &LaneStats,
    theme: Theme,
) {
    let mut spans = Vec::new();
    if columns.sparkline {
        spans.push(Span::styled(stats.sparkline(), theme.label()));
        spans.push(Span::raw(" "));
    }
    if columns.rate {
        let style = if stats.failed > 0 {
            theme.error()
        } else {
            theme.muted()
        };
        spans.push(Span::styled(stats.failure_rate(), style));
        spans.push(Span::raw(" "));
    }
    if columns.durations {
        let durations = target.and_then(|target| side::lane_durations(app.durations(), target));
        spans.push(Span::raw(side::durations_text(durations)));
    }
    draw_line(
        buf,
        columns.side_x,
        y,
        &Line::from(spans),
        columns.side_width,
    );
}
