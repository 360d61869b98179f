//! The detail pane: every field of the selected job, long values wrapped
//! rather than cut, the live expiry countdown, and the source snapshot.

use chrono::{DateTime, Utc};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

use super::alert::Alert;
use super::shorten;
use super::theme::{Theme, status_symbol};
use crate::app::labels::project_label;
use crate::app::{App, Focus};
use crate::atlas::RestoreJob;
use crate::atlas::model::{DesiredTimestamp, Text};
use crate::atlas::printable::printable;
use crate::atlas::snapshot::Snapshot;
use crate::poller::store::{SnapshotInfo, TargetState};
use crate::ui::format;

const LABEL_WIDTH: usize = 13;

/// Draws the pane; returns how far it can scroll.
pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: Theme, now: DateTime<Utc>) -> usize {
    let block = Block::bordered()
        .title(title(app, area.width))
        .border_style(theme.border(app.focus() == Focus::Detail));
    let inner = block.inner(area);
    let lines = match app.selected_job() {
        Some((state, job)) => job_lines(app, theme, state, job, now),
        None => vec![Line::styled("no job selected", theme.muted())],
    };
    let paragraph = Paragraph::new(lines).wrap(Wrap { trim: false });
    // Scrolling stops once the last line is at the bottom of the pane.
    let limit = paragraph
        .line_count(inner.width)
        .saturating_sub(usize::from(inner.height));
    let scroll = app.detail_scroll().min(limit);
    let paragraph = paragraph
        .block(block)
        .scroll((u16::try_from(scroll).unwrap_or(u16::MAX), 0));
    frame.render_widget(paragraph, area);
    limit
}

/// ` detail · project/cluster ` of the selected job, the label shortened to
/// fit the border.
fn title(app: &App, width: u16) -> String {
    let Some((state, _)) = app.selected_job() else {
        return " detail ".to_string();
    };
    let room = usize::from(width)
        .saturating_sub(14)
        .min(shorten::LABEL_CAP);
    let label = shorten::label(app.cluster_label_of(state), room);
    printable(&format!(" detail · {label} ")).into_owned()
}

fn job_lines<'a>(
    app: &'a App,
    theme: Theme,
    state: &'a TargetState,
    job: &'a RestoreJob,
    now: DateTime<Utc>,
) -> Vec<Line<'a>> {
    let mut lines = Vec::new();
    if let Some(error) = &state.last_error {
        let text = format!(
            "⚠ latest poll failed {}: {}",
            format::ago(error.at, now),
            error.message
        );
        lines.push(Line::styled(text, theme.error()));
    }
    let status = job.status_at(now);
    let alert = Alert::of(job, now, app.expiry_warning());
    let status_style = match alert {
        Some(Alert::Failed) => theme.alert(Alert::Failed),
        _ => theme.status(status),
    };
    lines.push(field(theme, "id", text_or_dash(&job.id)));
    lines.push(Line::from(vec![
        label(theme, "status"),
        Span::styled(
            format!("{} {}", status_symbol(status), status.word()),
            status_style,
        ),
    ]));
    lines.push(field(theme, "type", job.delivery_type.as_str()));
    lines.push(field(theme, "cluster", state.cluster_text()));
    lines.push(field(theme, "project", project_text(state)));
    lines.push(field(theme, "created", dated(job.created(), now)));
    lines.push(field(theme, "finished", dated(job.finished_at, now)));
    lines.push(field(theme, "snapshot at", dated(job.timestamp, now)));
    lines.push(expiry_line(theme, job, alert, now));
    push_target(&mut lines, theme, job);
    push_point_in_time(&mut lines, theme, job);
    lines.push(field(
        theme,
        "snapshot id",
        job.snapshot_id.as_deref().unwrap_or("—"),
    ));
    push_urls(&mut lines, theme, job);
    push_links(&mut lines, theme, job);
    push_snapshot(&mut lines, app, theme, job, now);
    lines.into_iter().map(super::printable_line).collect()
}

fn label(theme: Theme, name: &str) -> Span<'static> {
    Span::styled(format!("{name:<LABEL_WIDTH$}"), theme.label())
}

fn field<'a>(theme: Theme, name: &str, value: impl Into<std::borrow::Cow<'a, str>>) -> Line<'a> {
    Line::from(vec![label(theme, name), Span::raw(value.into())])
}

fn heading(theme: Theme, text: String) -> Line<'static> {
    Line::styled(text, theme.heading())
}

fn indented(text: &str, depth: usize) -> Line<'_> {
    Line::from(vec![Span::raw("  ".repeat(depth)), Span::raw(text)])
}

fn text_or_dash(text: &str) -> &str {
    if text.is_empty() { "—" } else { text }
}

fn project_text(state: &TargetState) -> String {
    match state.project_name.as_deref() {
        Some(name) if !name.is_empty() => format!("{name} ({})", state.target.group_id),
        _ => format!("{} ({})", project_label(state), state.target.group_id),
    }
}

fn dated(at: Option<DateTime<Utc>>, now: DateTime<Utc>) -> String {
    match at {
        Some(at) => format!("{} ({})", format::date(at), format::relative(at, now)),
        None => "—".to_string(),
    }
}

/// The expiry date and countdown; a link expiring within the warning has
/// the alert's emphasis and a `⚠`.
fn expiry_line<'a>(
    theme: Theme,
    job: &RestoreJob,
    alert: Option<Alert>,
    now: DateTime<Utc>,
) -> Line<'a> {
    let Some(at) = job.expires_at else {
        return field(theme, "expires", "—");
    };
    let countdown = format::countdown_exact(at, now);
    let countdown = if alert == Some(Alert::LinkExpiring) {
        Span::styled(format!("⚠ {countdown}"), theme.alert(Alert::LinkExpiring))
    } else {
        Span::styled(countdown, theme.countdown(format::urgency(at, now)))
    };
    Line::from(vec![
        label(theme, "expires"),
        Span::raw(format!("{}  ", format::date(at))),
        countdown,
    ])
}

fn push_target<'a>(lines: &mut Vec<Line<'a>>, theme: Theme, job: &'a RestoreJob) {
    if job.target_cluster_name.is_none() && job.target_group_id.is_none() {
        return;
    }
    lines.push(field(
        theme,
        "target",
        job.target_cluster_name.as_deref().unwrap_or("—"),
    ));
    lines.push(field(
        theme,
        "target proj",
        job.target_group_id.as_deref().unwrap_or("—"),
    ));
}

fn push_point_in_time<'a>(lines: &mut Vec<Line<'a>>, theme: Theme, job: &'a RestoreJob) {
    if let Some(seconds) = job.point_in_time_utc_seconds {
        lines.push(field(theme, "point in time", seconds_and_date(seconds)));
    }
    if let Some(ts) = job.oplog_ts {
        let inc = job
            .oplog_inc
            .map_or_else(|| "—".to_string(), |i| i.to_string());
        lines.push(field(
            theme,
            "oplog",
            format!("ts {}, inc {inc}", seconds_and_date(ts)),
        ));
    } else if let Some(inc) = job.oplog_inc {
        lines.push(field(theme, "oplog", format!("inc {inc}")));
    }
    if let Some(desired) = &job.desired_timestamp {
        lines.push(field(theme, "desired", desired_text(desired)));
    }
}

fn seconds_and_date(seconds: i64) -> String {
    match format::unix_date(seconds) {
        Some(date) => format!("{seconds} ({date})"),
        None => seconds.to_string(),
    }
}

fn desired_text(desired: &DesiredTimestamp) -> String {
    let date = desired.date.map_or_else(|| "—".to_string(), format::date);
    let increment = desired
        .increment
        .map_or_else(|| "—".to_string(), |i| i.to_string());
    let time = desired
        .time
        .map_or_else(|| "—".to_string(), seconds_and_date);
    format!("date {date}, increment {increment}, time {time}")
}

fn push_urls<'a>(lines: &mut Vec<Line<'a>>, theme: Theme, job: &'a RestoreJob) {
    let urls: Vec<&Text> = job.delivery_urls.iter().filter(|u| !u.is_empty()).collect();
    if !urls.is_empty() {
        lines.push(heading(theme, format!("delivery URLs ({})", urls.len())));
        lines.extend(urls.into_iter().map(|url| indented(url, 1)));
    }
    if !job.components.is_empty() {
        lines.push(heading(theme, format!("shards ({})", job.components.len())));
    }
    let no_url = if job.status() == crate::atlas::JobStatus::InProgress {
        "no download URL yet"
    } else {
        "no download URL (used or expired)"
    };
    for component in &job.components {
        lines.push(indented(
            component
                .replica_set_name
                .as_deref()
                .unwrap_or("(no replica set name)"),
            1,
        ));
        let url = component.download_url.as_deref().unwrap_or(no_url);
        lines.push(indented(url, 2));
        push_private_urls(lines, &component.private_download_urls, 2);
    }
    if !job.private_download_urls.is_empty() {
        lines.push(heading(theme, "private download URLs".to_string()));
        push_private_urls(lines, &job.private_download_urls, 1);
    }
}

fn push_private_urls<'a>(
    lines: &mut Vec<Line<'a>>,
    urls: &'a [crate::atlas::model::PrivateDownloadUrl],
    depth: usize,
) {
    for url in urls {
        let endpoint = url.endpoint_id.as_deref().unwrap_or("—");
        lines.push(Line::raw(format!(
            "{}private, endpoint {endpoint}",
            "  ".repeat(depth)
        )));
        lines.push(indented(&url.delivery_url, depth + 1));
    }
}

/// Every link with its rel, the snapshot link first.
fn push_links<'a>(lines: &mut Vec<Line<'a>>, theme: Theme, job: &'a RestoreJob) {
    if job.links.is_empty() {
        return;
    }
    lines.push(heading(theme, "links".to_string()));
    let is_snapshot = |rel: &str| rel.rsplit('/').next() == Some("snapshot");
    let snapshot_links = job.links.iter().filter(|l| is_snapshot(&l.rel));
    let other_links = job.links.iter().filter(|l| !is_snapshot(&l.rel));
    for link in snapshot_links.chain(other_links) {
        lines.push(Line::styled(
            format!("  {}", text_or_dash(&link.rel)),
            theme.muted(),
        ));
        lines.push(indented(&link.href, 2));
    }
}

fn push_snapshot<'a>(
    lines: &mut Vec<Line<'a>>,
    app: &App,
    theme: Theme,
    job: &RestoreJob,
    now: DateTime<Utc>,
) {
    // A Flex snapshot is not fetched (see `App::fetch_selected_snapshot`).
    let Some(id) = job.snapshot_id.as_deref().filter(|id| !id.is_empty()) else {
        return;
    };
    if job.kind() == crate::atlas::ClusterKind::Flex {
        return;
    }
    lines.push(heading(theme, "snapshot".to_string()));
    match app.data().snapshots.get(id) {
        None | Some(SnapshotInfo::Loading) => lines.push(indented("loading…", 1)),
        Some(SnapshotInfo::Missing) => {
            lines.push(Line::styled(
                "  snapshot not found (deleted or expired)",
                theme.muted(),
            ));
        }
        Some(SnapshotInfo::Failed(message)) => {
            lines.push(Line::styled(
                format!("  could not load: {message}"),
                theme.error(),
            ));
        }
        Some(SnapshotInfo::Loaded(snapshot)) => lines.extend(snapshot_lines(theme, snapshot, now)),
    }
}

fn snapshot_lines(theme: Theme, snapshot: &Snapshot, now: DateTime<Utc>) -> Vec<Line<'static>> {
    let or_dash = |value: &Option<String>| value.clone().unwrap_or_else(|| "—".to_string());
    let kind = [
        &snapshot.snapshot_type,
        &snapshot.frequency_type,
        &snapshot.kind,
    ]
    .into_iter()
    .flatten()
    .cloned()
    .collect::<Vec<_>>()
    .join(", ");
    vec![
        field(theme, "  taken", dated(snapshot.created_at, now)),
        field(
            theme,
            "  type",
            if kind.is_empty() {
                "—".to_string()
            } else {
                kind
            },
        ),
        field(theme, "  status", or_dash(&snapshot.status)),
        field(
            theme,
            "  size",
            snapshot
                .storage_size_bytes
                .map_or_else(|| "—".to_string(), format::size),
        ),
        field(theme, "  mongod", or_dash(&snapshot.mongod_version)),
        field(theme, "  expires", dated(snapshot.expires_at, now)),
    ]
}
