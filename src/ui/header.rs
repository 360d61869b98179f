//! The header: how much is watched, jobs per status, freshness, and a loud
//! marker when clusters are failing.

use chrono::{DateTime, Utc};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::alert::Alert;
use super::theme::{Theme, status_symbol};
use crate::app::App;
use crate::atlas::JobStatus;
use crate::ui::format;

/// From this width on, the header names the program and spaces things out.
const ROOMY_FROM: u16 = 100;

pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: Theme, now: DateTime<Utc>) {
    let roomy = area.width >= ROOMY_FROM;
    let lines = vec![
        summary_line(app, theme, roomy, now),
        status_counts_line(app, theme, roomy),
    ];
    frame.render_widget(Paragraph::new(lines), area);
}

pub(super) fn summary_line(
    app: &App,
    theme: Theme,
    titled: bool,
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
    spans.push(Span::raw(format!(
        "{}, {} · ",
        plural(data.targets.len(), "cluster"),
        plural(data.project_count(), "project")
    )));
    let updated = match data.last_success() {
        Some(at) => format!("updated {}", format::freshness(at, now)),
        None => "updated never".to_string(),
    };
    spans.push(Span::raw(format!(
        "{updated} · {}",
        format::interval(data.interval)
    )));
    Line::from(spans)
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

fn plural(count: usize, noun: &str) -> String {
    if count == 1 {
        format!("1 {noun}")
    } else {
        format!("{count} {noun}s")
    }
}
