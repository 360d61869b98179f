//! The header: how much is watched, jobs per status, freshness, the active
//! filters, and a loud marker when clusters are failing.

use chrono::{DateTime, Utc};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::alert::Alert;
use super::theme::{Theme, status_symbol};
use crate::app::App;
use crate::atlas::JobStatus;
use crate::ui::format::{self, plural};

/// From this width on, the header names the program and spaces things out.
const ROOMY_FROM: u16 = 100;

pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: Theme, now: DateTime<Utc>) {
    let roomy = area.width >= ROOMY_FROM;
    let lines = vec![
        summary_line(app, theme, roomy, usize::from(area.width), now),
        status_counts_line(app, theme, roomy),
    ];
    frame.render_widget(Paragraph::new(lines), area);
}

/// The program's name when `titled`, the failing marker, how much is
/// watched, the freshness, the interval and the filters in force; when that
/// is wider than `width`, the interval goes first, then how much is watched.
pub(super) fn summary_line(
    app: &App,
    theme: Theme,
    titled: bool,
    width: usize,
    now: DateTime<Utc>,
) -> Line<'static> {
    let data = app.data();
    let mut spans = vec![Span::raw(" ")];
    if titled {
        spans.push(Span::styled("atlas-restores · ", theme.heading()));
    }
    let failing = data.failing_count();
    if failing > 0 {
        let marker = format!("⚠ {failing} of {} clusters failing", data.targets.len());
        spans.push(Span::styled(marker, theme.warning()));
        spans.push(Span::raw(" · "));
    }
    let watched = Span::raw(format!(
        "{}, {} · ",
        plural(data.targets.len(), "cluster"),
        plural(data.project_count(), "project")
    ));
    let freshness = match (app.silent_since(now), data.last_success()) {
        (Some(since), last) => {
            let what = if last.is_some() {
                "not updated"
            } else {
                "nothing loaded"
            };
            let text = format!("⚠ {what} for {}", format::age(since, now));
            Span::styled(text, theme.warning())
        }
        (None, Some(at)) => Span::raw(format!("updated {}", format::freshness(at, now))),
        (None, None) => Span::raw("updated never"),
    };
    let interval = Span::raw(format!(" · {}", format::interval(data.interval)));
    let filters = app
        .filter()
        .describe()
        .map(|filters| [Span::raw(" · "), Span::styled(filters, theme.warning())]);
    let used: usize = spans.iter().map(Span::width).sum();
    let needed = |parts: &[&Span]| used + parts.iter().map(|s| s.width()).sum::<usize>();
    let filter_width = filters.iter().flatten().map(Span::width).sum::<usize>();
    let all = needed(&[&watched, &freshness, &interval]) + filter_width;
    let without_interval = needed(&[&watched, &freshness]) + filter_width;
    let keep_interval = all <= width;
    let keep_watched = keep_interval || without_interval <= width;
    if keep_watched {
        spans.push(watched);
    }
    spans.push(freshness);
    if keep_interval {
        spans.push(interval);
    }
    spans.extend(filters.into_iter().flatten());
    Line::from(spans)
}

/// The next instant after `now` at which the header reads differently:
/// its freshness, or the stale warning's age, or the warning's start.
pub fn changes_at(app: &App, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    if let Some(since) = app.silent_since(now) {
        return Some(format::ago_changes_at(since, now));
    }
    let last = app.data().last_success();
    let turns_stale = last
        .or(app.started())
        .and_then(|since| since.checked_add_signed(app.stale_limit()));
    let freshness = last.map(|at| format::freshness_changes_at(at, now));
    freshness.into_iter().chain(turns_stale).min()
}

/// Jobs per status, failed ones with the alert's emphasis; narrow terminals
/// leave out the zeros and the spacing.
fn status_counts_line(app: &App, theme: Theme, roomy: bool) -> Line<'static> {
    let gap = if roomy { "  " } else { " " };
    let mut spans = vec![Span::raw(" ")];
    for (status, count) in app.status_counts() {
        if count == 0 && !roomy {
            continue;
        }
        let style = if count == 0 {
            theme.muted()
        } else if status == JobStatus::Failed {
            theme.alert(Alert::Failed)
        } else {
            theme.status(status)
        };
        let text = format!("{} {count} {}{gap}", status_symbol(status), status.word());
        spans.push(Span::styled(text, style));
    }
    Line::from(spans)
}
