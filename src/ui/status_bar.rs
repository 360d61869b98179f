//! The status bar: failing clusters with their newest error and how stale
//! their data is, then the sort, the filters and the key hints.

use chrono::{DateTime, Utc};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::theme::Theme;
use crate::app::App;
use crate::poller::store::TargetState;
use crate::ui::format;

pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: Theme, now: DateTime<Utc>) {
    let lines = vec![
        super::printable_line(health_line(app, theme, now)),
        super::printable_line(controls_line(app, theme)),
    ];
    frame.render_widget(Paragraph::new(lines), area);
}

/// Standing notices, then every failing target, newest error first, or a
/// quiet all-clear; last, the project names not loaded (ids stand in).
pub(super) fn health_line(app: &App, theme: Theme, now: DateTime<Utc>) -> Line<'static> {
    let data = app.data();
    let mut spans: Vec<Span<'static>> = data
        .notices
        .iter()
        .map(|notice| Span::styled(format!(" ⚠ {notice} "), theme.warning()))
        .collect();
    for (group_id, error) in &data.project_errors {
        let text = format!(" ⚠ project {group_id}: {} ", error.message);
        spans.push(Span::styled(text, theme.error()));
    }
    let mut failing: Vec<&TargetState> = data.targets.iter().filter(|t| t.is_failing()).collect();
    if failing.is_empty() {
        let text = format!(" ✓ all {} clusters polled fine", data.targets.len());
        spans.push(Span::styled(text, theme.ok()));
    }
    failing.sort_by_key(|t| std::cmp::Reverse(t.last_error.as_ref().map(|e| e.at)));
    for state in failing {
        spans.push(Span::styled(
            format!(" ⚠ {}", state.target.cluster_name),
            theme.warning(),
        ));
        spans.push(Span::raw(format!(" ({})", staleness(state, now))));
        if let Some(error) = &state.last_error {
            let text = format!(": {}, {} ", error.message, retry(state, now));
            spans.push(Span::styled(text, theme.error()));
        }
    }
    if let Some(error) = &data.names_error {
        let text = format!(
            " ⚠ project names: {}; showing ids until they load ",
            error.message
        );
        spans.push(Span::styled(text, theme.warning()));
    }
    Line::from(spans)
}

/// `retrying in 42s`, or `retrying now` while the next poll runs.
fn retry(state: &TargetState, now: DateTime<Utc>) -> String {
    match state.next_poll {
        Some(at) if !state.in_flight && at > now => {
            format!("retrying {}", format::countdown(at, now))
        }
        _ => "retrying now".to_string(),
    }
}

fn staleness(state: &TargetState, now: DateTime<Utc>) -> String {
    match state.fetched_at {
        Some(at) => format!("stale {}", format::age(at, now)),
        None => "never loaded".to_string(),
    }
}

fn controls_line(app: &App, theme: Theme) -> Line<'static> {
    let sort = app.sort();
    let mut spans = vec![Span::raw(format!(
        " sort: {} {}",
        sort.column.word(),
        sort.arrow()
    ))];
    let filter = app.filter();
    if app.is_typing_filter() || !filter.text.is_empty() {
        let cursor = if app.is_typing_filter() { "▏" } else { "" };
        spans.push(Span::styled(
            format!(
                "  filter: \"{}{cursor}\" ({} of {})",
                filter.text,
                app.row_count(),
                app.total_jobs()
            ),
            theme.warning(),
        ));
    }
    if let Some(status) = filter.status {
        spans.push(Span::styled(
            format!("  status: {}", status.word()),
            theme.status(status),
        ));
    }
    if let Some(flash) = super::flash::span(app, theme) {
        spans.push(flash);
        return Line::from(spans);
    }
    let hints = if app.is_typing_filter() {
        "   Enter keep · Esc clear · Backspace delete"
    } else {
        "   ? help · / filter · s sort · 0-6 status · Tab detail · r refresh · q quit"
    };
    spans.push(Span::styled(hints, theme.muted()));
    Line::from(spans)
}
