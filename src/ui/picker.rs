//! The cluster picker popup: every cluster of every project (a Flex
//! cluster's type says `Flex`), the chosen ones ticked, each with its job
//! count and polling state (ok, failing with its code, not yet polled, not
//! watched), with its filter and keys.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use super::format;
use super::printable_line;
use super::theme::Theme;
use crate::app::{App, Picker, PickerRow, Polling};
use crate::atlas::ClusterKind;
use crate::poller::store::Inventory;

const POPUP_WIDTH: u16 = 110;
/// Lines of the popup that are not cluster rows: borders, filter, hints.
const CHROME: u16 = 4;

pub fn draw(frame: &mut Frame, area: Rect, app: &App, picker: &Picker, theme: Theme) {
    let popup = area.centered(
        Constraint::Length(area.width.saturating_sub(4).min(POPUP_WIDTH)),
        Constraint::Length(area.height.saturating_sub(2)),
    );
    let rows_room = usize::from(popup.height.saturating_sub(CHROME));
    let mut lines = match &app.data().inventory {
        Inventory::NotLoaded | Inventory::Loading => vec![Line::styled(
            " listing projects and clusters…",
            theme.muted(),
        )],
        Inventory::Failed(message) => vec![Line::styled(
            format!(" cannot list projects: {message}"),
            theme.error(),
        )],
        Inventory::Loaded(projects) => {
            let mut lines: Vec<Line> = window(&app.picker_rows(), picker.selected_row, rows_room)
                .map(|(at, row)| row_line(row, at == picker.selected_row, theme))
                .collect();
            if lines.is_empty() {
                lines.push(Line::styled(" no clusters match", theme.muted()));
            }
            let failed = projects
                .iter()
                .filter_map(|p| p.clusters.as_ref().err().map(|e| (&p.project, e)));
            for (project, error) in failed {
                lines.push(Line::styled(
                    format!(" {}: cannot list its clusters: {error}", project.name),
                    theme.error(),
                ));
            }
            lines
        }
    };
    lines.truncate(rows_room);
    let cursor = if picker.typing_filter { "▏" } else { "" };
    lines.push(Line::styled(
        format!(" filter: \"{}{cursor}\"", picker.filter),
        theme.warning(),
    ));
    lines.push(Line::styled(
        " Space toggle · / filter · Enter apply · w apply and save · Esc cancel",
        theme.muted(),
    ));
    let title = format!(" pick clusters to watch ({} chosen) ", picker.chosen.len());
    frame.render_widget(Clear, popup);
    let lines: Vec<Line> = lines.into_iter().map(printable_line).collect();
    frame.render_widget(
        Paragraph::new(lines).block(Block::bordered().title(title)),
        popup,
    );
}

/// The rows that fit in `room` lines, scrolled so that `selected` shows.
fn window<'a, 'r>(
    rows: &'a [PickerRow<'r>],
    selected: usize,
    room: usize,
) -> impl Iterator<Item = (usize, &'a PickerRow<'r>)> {
    let start = selected.saturating_sub(room.saturating_sub(1));
    rows.iter().enumerate().skip(start).take(room)
}

fn row_line<'a>(row: &PickerRow<'_>, selected: bool, theme: Theme) -> Line<'a> {
    let tick = if row.chosen { "[x]" } else { "[ ]" };
    let cluster = row.cluster;
    let backup = if cluster.backup_enabled {
        "backup on"
    } else {
        "backup off"
    };
    let jobs = row
        .job_count()
        .map_or_else(|| "—".to_string(), |count| format::plural(count, "job"));
    let (polling, polling_style) = match row.polling() {
        Polling::Ok => ("ok".to_string(), theme.muted()),
        Polling::Failing(code) => (format!("failing ({code})"), theme.error()),
        Polling::NotYetPolled => ("not yet polled".to_string(), theme.muted()),
        Polling::NotWatched => ("not watched".to_string(), theme.muted()),
    };
    let name = format!(
        " {tick} {:<40} {jobs:>9}  ",
        format!("{}/{}", row.project_name, cluster.name)
    );
    let rest = format!(
        "  {:<11} {:<10} {backup}{}",
        match cluster.kind {
            ClusterKind::Flex => "Flex",
            ClusterKind::Dedicated => cluster.cluster_type.as_deref().unwrap_or("—"),
        },
        cluster.state_name.as_deref().unwrap_or("—"),
        if cluster.paused { ", paused" } else { "" },
    );
    let base = if selected {
        theme.selected()
    } else {
        ratatui::style::Style::new()
    };
    Line::from(vec![
        Span::styled(name, base),
        Span::styled(format!("{polling:<16}"), base.patch(polling_style)),
        Span::styled(rest, base),
    ])
}
