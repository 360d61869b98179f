//! The line under the timeline's axis naming the selected job: the end of
//! its id, its cluster, its status, how long it took or has been running.

use chrono::{DateTime, Utc};
use ratatui::text::{Line, Span};

use crate::app::App;
use crate::atlas::JobStatus;
use crate::atlas::printable::printable;
use crate::ui::format;
use crate::ui::theme::{Theme, status_symbol};

/// The selected job in a line: id (its end), cluster, status, how long it
/// took or has been running.
pub fn caption(app: &App, theme: Theme, now: DateTime<Utc>) -> Line<'static> {
    let Some((state, job)) = app.selected_job() else {
        return Line::styled(" no job selected", theme.muted());
    };
    let status = job.status_at(now);
    let id = crate::app::labels::last_chars(&job.id, 8);
    let took = match (job.created(), job.finished_at(), status) {
        (Some(created), _, JobStatus::InProgress) => format::running_for(created, now),
        (Some(created), Some(finished), _) => {
            format!(
                "took {}",
                format::duration((finished - created).num_seconds())
            )
        }
        _ => String::new(),
    };
    let mut spans = vec![
        Span::styled(format!("› …{}", printable(id)), theme.heading()),
        Span::raw(" · "),
        Span::styled(
            printable(app.cluster_label_of(state)).into_owned(),
            theme.label(),
        ),
        Span::raw(" · "),
        Span::styled(
            format!("{} {}", status_symbol(status), status.word()),
            theme.status(status),
        ),
    ];
    if !took.is_empty() {
        spans.push(Span::raw(" · "));
        spans.push(Span::raw(took));
    }
    Line::from(spans)
}
