//! When the screen next changes by the clock alone: the earliest instant
//! after `now` at which any time shown (a countdown, an age, the header's
//! freshness, the attention line, a running job's ETA) reads differently,
//! a status turns with an expiry, or a warning starts. The event loop sleeps until then, so a
//! screen showing seconds is drawn each second, one showing minutes each
//! minute, and a screen with no time on it not at all.
//!
//! It follows what `ui::draw` shows, widget by widget; the frame test in
//! `tests/clock.rs` checks that the frame is the same until the instant and
//! different at it.

use chrono::{DateTime, Utc};

use super::{attention, detail, eta, failing, format, header, timeline};
use crate::app::App;
use crate::atlas::RestoreJob;

/// The next instant after `now` at which the frame drawn for `app` would
/// differ with nothing else happening; `None` when it never would.
pub fn next_change(app: &App, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    // The timeline shows instead of the table and the detail pane.
    let list = app.timeline().is_none();
    let rows = app
        .visible_rows()
        .filter(|_| list)
        .filter_map(|(_, state, job)| {
            let marker = app.change_marker(state, job, now).map(|m| m.ends_at());
            // The ETA is in the expires cell of a job with no expiry.
            let eta = app
                .estimate(state, job)
                .filter(|_| job.expires_at.is_none())
                .map(|estimate| eta::changes_at(&estimate, now));
            row_changes_at(job, now)
                .into_iter()
                .chain(marker)
                .chain(eta)
                .min()
        });
    let detail = app
        .selected_job()
        .filter(|_| list)
        .and_then(|(state, job)| detail::changes_at(app, state, job, now));
    [
        attention::changes_at(app, now),
        header::changes_at(app, now),
        app.statuses_valid_until(),
        failing::next_change(app, now),
        detail,
        timeline::changes_at(app, now),
    ]
    .into_iter()
    .flatten()
    .chain(rows)
    .filter(|at| *at > now)
    .min()
}

/// A table row: its age and its countdown (a running job's ETA is in the
/// same column: see above).
fn row_changes_at(job: &RestoreJob, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    let created = job.created().map(|at| format::ago_changes_at(at, now));
    let expires = job
        .expires_at
        .map(|at| format::countdown_changes_at(at, now));
    created.into_iter().chain(expires).min()
}
