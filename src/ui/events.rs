//! The events panel (`l`): this session's status changes, newest first,
//! each with its time (UTC), job, cluster and `from → to`.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use super::shorten;
use super::theme::{Theme, status_symbol};
use crate::app::App;
use crate::app::journal::Change;
use crate::app::labels::last_chars;
use crate::atlas::JobStatus;

const POPUP_WIDTH: u16 = 100;
/// The job id is shown by its last characters, as the narrow table does.
const ID_CHARS: usize = 8;

/// Draws the panel over `area`, scrolled by `scroll` changes.
pub fn draw(frame: &mut Frame, area: Rect, app: &App, scroll: usize, theme: Theme) {
    let count = app.changes().len();
    // As tall as the changes (or the empty text) need, within the screen.
    let wanted = u16::try_from(count.max(1) + 2).unwrap_or(u16::MAX);
    let popup = area.centered(
        Constraint::Length(area.width.min(POPUP_WIDTH)),
        Constraint::Length(wanted.min(area.height.saturating_sub(2))),
    );
    let rows = usize::from(popup.height.saturating_sub(2));
    let first = scroll.min(count.saturating_sub(rows));
    let shown: Vec<&Change> = app.changes().skip(first).take(rows).collect();
    let cluster_width = shown
        .iter()
        .map(|change| shorten::columns(&change.cluster))
        .max()
        .unwrap_or(0)
        .min(shorten::LABEL_CAP);
    let lines: Vec<Line> = if shown.is_empty() {
        vec![Line::styled(empty_text(app), theme.muted())]
    } else {
        shown
            .iter()
            .map(|change| super::printable_line(change_line(change, cluster_width, theme)))
            .collect()
    };
    let title = format!(" status changes this session: {count} (UTC, newest first) ");
    let block = Block::bordered().title(title).title_bottom(Line::styled(
        " j/k PgUp/PgDn scroll · Esc closes ",
        theme.muted(),
    ));
    frame.render_widget(Clear, popup);
    frame.render_widget(Paragraph::new(lines).block(block), popup);
}

fn empty_text(app: &App) -> String {
    match app.started() {
        Some(at) => format!(
            " no changes since the dashboard started at {} UTC",
            at.format("%H:%M:%S")
        ),
        None => " no changes since the dashboard started".to_string(),
    }
}

/// ` 12:04:31  a4f3c2d1  orders-prod  ◆ ready → ◌ expired`
fn change_line(change: &Change, cluster_width: usize, theme: Theme) -> Line<'static> {
    let cluster = shorten::label(&change.cluster, cluster_width);
    let pad = cluster_width.saturating_sub(shorten::columns(&cluster));
    let mut spans = vec![
        Span::raw(format!(" {}  ", change.at.format("%H:%M:%S"))),
        Span::styled(
            format!("{:<ID_CHARS$}  ", last_chars(&change.job_id, ID_CHARS)),
            theme.label(),
        ),
        Span::raw(format!("{cluster}{:pad$}  ", "")),
    ];
    match change.from {
        Some(from) => spans.push(status_span(from, theme)),
        None => spans.push(Span::styled("new", theme.heading())),
    }
    spans.push(Span::raw(" → "));
    spans.push(status_span(change.to, theme));
    if change.while_closed {
        let day = change.at.format("%d %b");
        spans.push(Span::styled(
            format!("  (while closed, {day})"),
            theme.muted(),
        ));
    }
    Line::from(spans)
}

fn status_span(status: JobStatus, theme: Theme) -> Span<'static> {
    Span::styled(
        format!("{} {}", status_symbol(status), status.word()),
        theme.status(status),
    )
}
