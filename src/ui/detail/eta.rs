//! The detail pane's words on how long the job should take: for a running
//! job its ETA from its kind's median and what that is based on, or why
//! there is none yet; for a finished one, how its kind usually goes. The
//! numbers come from `App::durations`, computed when job lists change.

use chrono::{DateTime, Utc};
use ratatui::text::Span;

use super::sections::{field, styled};
use super::wrap::Row;
use crate::app::App;
use crate::atlas::{JobStatus, RestoreJob};
use crate::history::{MIN_SAMPLES, duration_of};
use crate::poller::store::TargetState;
use crate::ui::eta;
use crate::ui::format::plural;
use crate::ui::theme::Theme;

/// Sub-rows sit this far in, under the row they explain.
const SUB: usize = 2;

/// `ETA  ~14m left (done ~14:32 UTC)` and `based on  median of 12
/// automated restores of this cluster in 30 days (p95 25m)` for a running
/// job; `ETA  not yet: …` while its kind has too few durations; `usual
/// median 10m, p95 25m (…)` under a finished job's duration once its kind
/// has as many as an estimate needs.
pub fn rows<'a>(
    rows: &mut Vec<Row<'a>>,
    app: &App,
    theme: Theme,
    state: &TargetState,
    job: &RestoreJob,
    now: DateTime<Utc>,
) {
    let kind = job.delivery_type.as_str();
    let stats = app.durations().stats(&state.target, &job.delivery_type);
    if job.status_at(now) == JobStatus::InProgress {
        let Some(estimate) = app.estimate(state, job) else {
            let count = stats.map_or(0, |stats| stats.count);
            let why = if count >= MIN_SAMPLES {
                "none: the job's id carries no creation time".to_string()
            } else {
                format!(
                    "not yet: {count} of {} (this cluster, 30 days)",
                    plural(MIN_SAMPLES, &format!("finished {kind} restore"))
                )
            };
            rows.push(field(theme, "ETA", why));
            return;
        };
        let words = eta::flagged(&estimate, now);
        let style = if eta::is_late(&estimate, now) {
            theme.warning()
        } else {
            ratatui::style::Style::default()
        };
        let finish = if eta::is_late(&estimate, now) {
            format!(" (median done {}; p95 passed)", eta::done_at(&estimate))
        } else if eta::is_over(&estimate, now) {
            format!(" (median done {})", eta::done_at(&estimate))
        } else {
            format!(" (done {})", eta::done_at(&estimate))
        };
        rows.push(styled(
            theme,
            "ETA",
            vec![Span::styled(words, style), Span::raw(finish)],
        ));
        let stats = estimate.stats;
        let based = format!(
            "median of {} of this cluster in 30 days (p95 {})",
            plural(stats.count, &format!("{kind} restore")),
            eta::short(stats.p95),
        );
        rows.push(field(theme, "based on", based).indented(SUB));
        return;
    }
    let Some(stats) = stats.filter(|stats| stats.count >= MIN_SAMPLES) else {
        return;
    };
    if duration_of(job).is_some() {
        let usual = format!(
            "median {}, p95 {} ({} of this cluster in 30 days)",
            eta::short(stats.p50),
            eta::short(stats.p95),
            plural(stats.count, &format!("{kind} restore")),
        );
        rows.push(field(theme, "usual", usual).indented(SUB));
    }
}
