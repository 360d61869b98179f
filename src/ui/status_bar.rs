//! The status bar: standing notices (the history's trouble among them)
//! and a summary of the failing clusters
//! (the `!` panel has their full messages), then the sort, the filter
//! prompt while typing (with why the text does not parse) and the key
//! hints (fitted by priority, `hints.rs`).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::failing_summary;
use super::hints;
use super::theme::Theme;
use crate::app::App;

pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: Theme) {
    let lines = vec![
        super::printable_line(health_line(app, theme, usize::from(area.width))),
        super::printable_line(controls_line(app, theme, usize::from(area.width))),
    ];
    frame.render_widget(Paragraph::new(lines), area);
}

/// Standing notices and the projects not listed, then the failing
/// clusters' summary fitted into what is left of `width` columns, or a
/// quiet all-clear; last, the project names not loaded (ids stand in).
pub(super) fn health_line(app: &App, theme: Theme, width: usize) -> Line<'static> {
    let data = app.data();
    let mut spans: Vec<Span<'static>> = data
        .notices
        .iter()
        .map(|notice| Span::styled(format!(" ⚠ {notice} "), theme.warning()))
        .collect();
    if let Some(warning) = data.history.state.warning() {
        spans.push(Span::styled(format!(" ⚠ {warning} "), theme.warning()));
    }
    for (group_id, error) in &data.project_errors {
        let text = format!(" ⚠ project {group_id}: {} ", error.message);
        spans.push(Span::styled(text, theme.error()));
    }
    let items: Vec<String> = app
        .failing_clusters()
        .iter()
        .map(failing_summary::item)
        .collect();
    let room = width.saturating_sub(spans.iter().map(Span::width).sum());
    match failing_summary::fit(&items, room) {
        Some(summary) => {
            spans.push(Span::styled(summary, theme.warning()));
            spans.push(Span::styled(failing_summary::DETAILS, theme.muted()));
        }
        None => {
            let text = format!(" ✓ {} polled fine", all_clusters(data.targets.len()));
            spans.push(Span::styled(text, theme.ok()));
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

/// The sort, the filters, a flash, then the key hints: what must not go
/// (`? help`, `q quit`) is kept whatever the width, the rest is cut.
fn controls_line(app: &App, theme: Theme, width: usize) -> Line<'static> {
    let sort = app.sort();
    let mut spans = vec![Span::raw(format!(
        " sort: {} {}",
        sort.column.word(),
        sort.arrow()
    ))];
    // The header names the filters in force; here is the prompt.
    if app.is_typing_filter() {
        let filter = app.filter();
        spans.push(Span::styled(
            format!(
                "  filter: \"{}▏\" ({} of {})",
                filter.text(),
                app.row_count(),
                app.total_jobs()
            ),
            theme.warning(),
        ));
        if let Some(error) = filter.error() {
            spans.push(Span::styled(format!("  ✗ {error}"), theme.error()));
        }
    }
    // A flash leaves only the hints that always show.
    let flash = super::flash::span(app, theme);
    let flashing = flash.is_some();
    spans.extend(flash);
    let shown = hints::of(app);
    hints::cut_spans(&mut spans, width.saturating_sub(hints::required(&shown)));
    let used: usize = spans.iter().map(Span::width).sum();
    let room = if flashing {
        0
    } else {
        width.saturating_sub(used + hints::GAP.len())
    };
    let text = format!("{}{}", hints::GAP, hints::fit(&shown, room));
    spans.push(Span::styled(text, theme.muted()));
    Line::from(spans)
}

/// `all 8 clusters`, or `the cluster` when there is one.
pub(super) fn all_clusters(count: usize) -> String {
    if count == 1 {
        "the cluster".to_string()
    } else {
        format!("all {count} clusters")
    }
}
