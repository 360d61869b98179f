//! The detail pane's rows about the job itself, human first: its status,
//! what and where it is, its times with how long it took (or has been
//! running), the target with its project's name, and the point in time.

use std::borrow::Cow;

use chrono::{DateTime, Utc};
use ratatui::text::Span;

use super::wrap::Row;
use crate::app::App;
use crate::app::labels::project_label;
use crate::atlas::model::DesiredTimestamp;
use crate::atlas::{JobStatus, RestoreJob};
use crate::poller::store::TargetState;
use crate::ui::alert::Alert;
use crate::ui::format;
use crate::ui::theme::{Theme, status_symbol};

/// A label and a plain value.
pub fn field<'a>(theme: Theme, label: &'static str, value: impl Into<Cow<'a, str>>) -> Row<'a> {
    Row::field(
        Span::styled(label, theme.label()),
        vec![Span::raw(value.into())],
    )
}

/// A label and styled spans.
pub fn styled<'a>(theme: Theme, label: &'static str, value: Vec<Span<'a>>) -> Row<'a> {
    Row::field(Span::styled(label, theme.label()), value)
}

/// A section's heading.
pub fn heading<'a>(theme: Theme, text: impl Into<Cow<'a, str>>) -> Row<'a> {
    Row::text(0, vec![Span::styled(text.into(), theme.heading())])
}

pub fn or_dash(text: &str) -> &str {
    if text.is_empty() { "—" } else { text }
}

/// The poll error, the status, what and where the job is.
pub fn identity<'a>(
    rows: &mut Vec<Row<'a>>,
    app: &App,
    theme: Theme,
    state: &'a TargetState,
    job: &'a RestoreJob,
    now: DateTime<Utc>,
) {
    if let Some(error) = &state.last_error {
        let text = format!(
            "⚠ latest poll failed {}: {}",
            format::ago(error.at, now),
            error.message
        );
        rows.push(Row::text(0, vec![Span::styled(text, theme.error())]));
    }
    let status = job.status_at(now);
    let status_style = match Alert::of(job, now, app.expiry_warning()) {
        Some(Alert::Failed) => theme.alert(Alert::Failed),
        _ => theme.status(status),
    };
    let status_text = format!("{} {}", status_symbol(status), status.word());
    rows.push(styled(
        theme,
        "status",
        vec![Span::styled(status_text, status_style)],
    ));
    rows.push(field(theme, "id", or_dash(&job.id)));
    rows.push(field(theme, "type", job.delivery_type.as_str()));
    rows.push(field(theme, "cluster", state.cluster_text()));
    rows.push(field(theme, "project", project_text(state)));
}

fn project_text(state: &TargetState) -> String {
    match state.project_name.as_deref() {
        Some(name) if !name.is_empty() => format!("{name} ({})", state.target.group_id),
        _ => format!("{} ({})", project_label(state), state.target.group_id),
    }
}

/// Created, finished, how long it took or has been running (with the ETA
/// or how long such restores usually take), and the expiry with its
/// countdown to the second.
pub fn times<'a>(
    rows: &mut Vec<Row<'a>>,
    app: &App,
    theme: Theme,
    state: &TargetState,
    job: &RestoreJob,
    now: DateTime<Utc>,
) {
    let created = job.created();
    rows.push(field(theme, "created", dated(created, now)));
    if let Some(finished) = job.finished_at {
        rows.push(field(theme, "finished", dated(Some(finished), now)));
    }
    if let Some(text) = duration_text(job, now) {
        rows.push(field(theme, "duration", text));
    }
    super::eta::rows(rows, app, theme, state, job, now);
    rows.push(expiry(app, theme, job, now));
}

/// `took 23m 10s` once finished, `running for 12m` while in progress; the
/// creation time comes from the job's ObjectId.
pub fn duration_text(job: &RestoreJob, now: DateTime<Utc>) -> Option<String> {
    let created = job.created()?;
    if let Some(finished) = job.finished_at {
        let took = (finished - created).num_seconds();
        return Some(format!("took {}", format::duration(took)));
    }
    (job.status_at(now) == JobStatus::InProgress).then(|| format::running_for(created, now))
}

pub fn dated(at: Option<DateTime<Utc>>, now: DateTime<Utc>) -> String {
    match at {
        Some(at) => format!("{} ({})", format::date(at), format::relative(at, now)),
        None => "—".to_string(),
    }
}

/// The expiry date and countdown; a link expiring within the warning has
/// the alert's emphasis and a `⚠`.
fn expiry<'a>(app: &App, theme: Theme, job: &RestoreJob, now: DateTime<Utc>) -> Row<'a> {
    let Some(at) = job.expires_at else {
        return field(theme, "expires", "—");
    };
    let countdown = format::countdown_exact(at, now);
    let countdown = if Alert::of(job, now, app.expiry_warning()) == Some(Alert::LinkExpiring) {
        Span::styled(format!("⚠ {countdown}"), theme.alert(Alert::LinkExpiring))
    } else {
        Span::styled(countdown, theme.countdown(format::urgency(at, now)))
    };
    styled(
        theme,
        "expires",
        vec![Span::raw(format!("{}  ", format::date(at))), countdown],
    )
}

/// Where an automated or point-in-time restore goes: the cluster, in its
/// project named when the dashboard knows the name (it watches that
/// project), else by id.
pub fn target<'a>(rows: &mut Vec<Row<'a>>, app: &App, theme: Theme, job: &'a RestoreJob) {
    if job.target_cluster_name.is_none() && job.target_group_id.is_none() {
        return;
    }
    let cluster = job.target_cluster_name.as_deref().unwrap_or("—");
    let project = match job.target_group_id.as_deref() {
        None => String::new(),
        Some(id) => match project_name(app, id) {
            Some(name) => format!(" in {name} ({id})"),
            None => format!(" in project {id}"),
        },
    };
    rows.push(field(theme, "target", format!("{cluster}{project}")));
}

/// The human name of the project `group_id`, when a watched cluster is in it.
fn project_name<'a>(app: &'a App, group_id: &str) -> Option<&'a str> {
    app.data()
        .targets
        .iter()
        .filter(|state| state.target.group_id == group_id)
        .find_map(|state| state.project_name.as_deref())
        .filter(|name| !name.is_empty())
}

pub fn point_in_time<'a>(rows: &mut Vec<Row<'a>>, theme: Theme, job: &'a RestoreJob) {
    if let Some(seconds) = job.point_in_time_utc_seconds {
        rows.push(field(theme, "point in time", seconds_and_date(seconds)));
    }
    if let Some(ts) = job.oplog_ts {
        let inc = job
            .oplog_inc
            .map_or_else(|| "—".to_string(), |i| i.to_string());
        rows.push(field(
            theme,
            "oplog",
            format!("ts {}, inc {inc}", seconds_and_date(ts)),
        ));
    } else if let Some(inc) = job.oplog_inc {
        rows.push(field(theme, "oplog", format!("inc {inc}")));
    }
    if let Some(desired) = &job.desired_timestamp {
        rows.push(field(theme, "desired", desired_text(desired)));
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
