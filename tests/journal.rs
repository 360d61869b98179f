//! The session's status changes as an operator meets them: a marker on a
//! changed row for ten minutes, the events panel (`l`), and the failures
//! counted from the dashboard's start until acknowledged (`a`). Driven by
//! store pictures handed to `App::set_data`, as the event loop does.

mod common;

use std::sync::Arc;

use atlas_restores::app::{App, Effect};
use atlas_restores::atlas::JobStatus;
use atlas_restores::poller::store::{StoreData, TargetState};
use chrono::{DateTime, TimeDelta, Utc};
use common::screen::{render_at, screen_text};
use common::*;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn press(app: &mut App, code: KeyCode) -> Option<Effect> {
    app.handle_key(KeyEvent::new(code, KeyModifiers::NONE))
}

fn seconds_from_now(seconds: i64) -> DateTime<Utc> {
    now() + TimeDelta::seconds(seconds)
}

/// `data` with every target fetched at `at`, as version `version`.
fn fetched(data: Arc<StoreData>, at: DateTime<Utc>, version: u64) -> Arc<StoreData> {
    let mut data = StoreData::clone(&data);
    for state in &mut data.targets {
        state.fetched_at = Some(at);
    }
    data.version = version;
    Arc::new(data)
}

/// The dashboard at start: `data`'s clusters not loaded yet, the clock at
/// `now()`; then their first answers (the baseline), fetched a minute ago.
fn started_on(data: Arc<StoreData>) -> App {
    let mut unloaded = StoreData::clone(&data);
    unloaded.targets = data
        .targets
        .iter()
        .map(|t| TargetState::new(t.target.clone()))
        .collect();
    let mut app = App::new(Arc::new(unloaded));
    app.set_clock(now());
    app.set_data(fetched(data, minutes_from_now(-1), 2));
    app
}

/// The five jobs, then the automated job on alpha (serial 3) failed and a
/// new download appeared on beta.
fn one_failed_one_new() -> Arc<StoreData> {
    StoreBuilder::new()
        .target(
            "g1",
            "alpha",
            vec![download_job(10, 1, 90), flagged_job(30, 3, "failed")],
        )
        .target(
            "g1",
            "beta",
            vec![
                automated_job(0, 6, "zeta"),
                download_job(20, 2, 5),
                flagged_job(40, 4, "failed"),
                flagged_job(50, 5, "cancelled"),
            ],
        )
        .build()
}

/// The screen line that shows the job `id` (by its last 8 characters).
fn row_of(screen: &str, id: &str) -> String {
    let short = &id[id.len() - 8..];
    screen
        .lines()
        .find(|line| line.contains(short))
        .unwrap_or_else(|| panic!("a row for {id} in\n{screen}"))
        .to_string()
}

#[test]
fn a_job_failing_mid_session_is_marked_listed_and_counted_until_acknowledged() {
    let mut app = started_on(five_jobs());
    assert_eq!(app.changes().len(), 0, "the first answers are the baseline");
    app.set_data(fetched(one_failed_one_new(), now(), 3));
    app.set_clock(seconds_from_now(5));

    let failures: Vec<(String, String)> = app
        .new_failures()
        .map(|f| (f.cluster.clone(), f.job_id.to_string()))
        .collect();
    assert_eq!(failures, [("alpha".to_string(), object_id(30, 3))]);

    let screen = screen_text(&render_at(&mut app, 80, 24, seconds_from_now(5)));
    assert!(
        row_of(&screen, &object_id(30, 3)).contains("✗ → failed"),
        "{screen}"
    );
    assert!(
        row_of(&screen, &object_id(0, 6)).contains("● new"),
        "{screen}"
    );
    assert!(
        row_of(&screen, &object_id(40, 4)).contains("✗ failed"),
        "unchanged"
    );

    let gone = now() + TimeDelta::minutes(10);
    assert_eq!(app.next_marker_change(seconds_from_now(5)), Some(gone));
    let later = screen_text(&render_at(&mut app, 80, 24, gone));
    assert!(
        row_of(&later, &object_id(30, 3)).contains("✗ failed"),
        "{later}"
    );
    assert!(
        row_of(&later, &object_id(0, 6)).contains("● in progress"),
        "{later}"
    );
    // The link that expired on the clock at +5 min is marked until +15.
    let expired = row_of(&later, &object_id(20, 2));
    assert!(expired.contains("◌ → expired"), "{later}");
    assert_eq!(
        app.next_marker_change(gone),
        Some(now() + TimeDelta::minutes(15))
    );

    press(&mut app, KeyCode::Char('a'));
    assert_eq!(
        app.flash().map(|f| f.text.as_str()),
        Some("acknowledged 1 new failure")
    );
    assert_eq!(app.new_failure_count(), 0);
    press(&mut app, KeyCode::Char('a'));
    assert_eq!(
        app.flash().map(|f| f.text.as_str()),
        Some("no new failures")
    );

    press(&mut app, KeyCode::Char('l'));
    let panel = screen_text(&render_at(&mut app, 100, 30, gone));
    let short = |id: String| id[id.len() - 8..].to_string();
    let failed = format!(
        "12:00:00  {}  alpha  ● in progress → ✗ failed",
        short(object_id(30, 3))
    );
    let new = format!(
        "12:00:00  {}  beta   new → ● in progress",
        short(object_id(0, 6))
    );
    assert!(
        panel.contains(&failed),
        "the panel keeps the failure:\n{panel}"
    );
    assert!(panel.contains(&new), "{panel}");
    press(&mut app, KeyCode::Char('l'));
    assert_eq!(app.events_scroll(), None, "l closes the panel");
}

#[test]
fn the_events_panel_says_when_nothing_changed_and_closes_with_esc_or_q() {
    let mut app = started_on(five_jobs());
    press(&mut app, KeyCode::Char('l'));
    let screen = screen_text(&render_at(&mut app, 100, 30, now()));
    assert!(
        screen.contains("no changes since the dashboard started at 12:00:00 UTC"),
        "{screen}"
    );
    assert_eq!(
        press(&mut app, KeyCode::Char('q')),
        None,
        "q closes, not quits"
    );
    assert_eq!(app.events_scroll(), None);
    press(&mut app, KeyCode::Char('l'));
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.events_scroll(), None);
}

#[test]
fn the_events_panel_lists_newest_first_and_scrolls() {
    let mut app = started_on(five_jobs());
    // Twenty new jobs on alpha, each a second apart in its own answer.
    let mut jobs = vec![download_job(10, 1, 90), automated_job(30, 3, "zeta")];
    for serial in 0..20 {
        jobs.insert(0, automated_job(1, 100 + serial, "zeta"));
        let data = StoreBuilder::new()
            .target("g1", "alpha", jobs.clone())
            .target("g1", "beta", five_jobs().targets[1].jobs.to_vec())
            .build();
        let at = seconds_from_now(i64::from(serial));
        app.set_data(fetched(data, at, 10 + u64::from(serial)));
    }
    assert_eq!(app.changes().len(), 20);
    press(&mut app, KeyCode::Char('l'));
    let first_line = |app: &mut App| {
        let screen = screen_text(&render_at(app, 100, 16, seconds_from_now(30)));
        let line = screen
            .lines()
            .find(|l| l.contains("new →"))
            .map(str::to_string);
        line.unwrap_or_else(|| panic!("a change listed:\n{screen}"))
    };
    assert!(first_line(&mut app).contains("12:00:19"), "newest first");
    press(&mut app, KeyCode::Char('j'));
    press(&mut app, KeyCode::Char('j'));
    assert!(first_line(&mut app).contains("12:00:17"));
    press(&mut app, KeyCode::Char('k'));
    assert!(first_line(&mut app).contains("12:00:18"));
    press(&mut app, KeyCode::Char('G'));
    let last_page = screen_text(&render_at(&mut app, 100, 16, seconds_from_now(30)));
    assert!(
        last_page.contains("12:00:00"),
        "the oldest at the end:\n{last_page}"
    );
    press(&mut app, KeyCode::Char('g'));
    assert!(first_line(&mut app).contains("12:00:19"));
    let selected = app.selected_row();
    app.wheel(1);
    assert!(
        first_line(&mut app).contains("12:00:16"),
        "the wheel scrolls the panel"
    );
    assert_eq!(app.selected_row(), selected, "not the table under it");
}

#[test]
fn a_link_expiring_on_the_clock_is_one_change_also_when_the_poll_confirms_it() {
    // Beta's download (serial 2) expires five minutes after `now()`.
    let mut app = started_on(five_jobs());
    let expiry = minutes_from_now(5);
    app.set_clock(expiry + TimeDelta::seconds(1));
    let changes: Vec<(Option<JobStatus>, JobStatus, DateTime<Utc>)> =
        app.changes().map(|c| (c.from, c.to, c.at)).collect();
    assert_eq!(
        changes,
        [(Some(JobStatus::Ready), JobStatus::Expired, expiry)]
    );
    let screen = screen_text(&render_at(&mut app, 80, 24, expiry + TimeDelta::seconds(1)));
    assert!(
        row_of(&screen, &object_id(20, 2)).contains("◌ → expired"),
        "{screen}"
    );
    // The next answers carry the same job (Atlas still says ready) beside
    // a new one: only the new one is news.
    let mut beta = five_jobs().targets[1].jobs.to_vec();
    beta.insert(0, automated_job(0, 7, "zeta"));
    let polled = StoreBuilder::new()
        .target("g1", "alpha", five_jobs().targets[0].jobs.to_vec())
        .target("g1", "beta", beta)
        .build();
    app.set_data(fetched(polled, expiry + TimeDelta::seconds(30), 5));
    assert_eq!(app.changes().len(), 2);
    assert_eq!(app.changes().next().map(|c| c.from), Some(None));
}

#[test]
fn a_new_failed_job_counts_as_a_new_failure() {
    let mut app = started_on(five_jobs());
    let mut beta = five_jobs().targets[1].jobs.to_vec();
    beta.insert(0, flagged_job(0, 8, "failed"));
    let data = StoreBuilder::new()
        .target("g1", "alpha", five_jobs().targets[0].jobs.to_vec())
        .target("g1", "beta", beta)
        .build();
    app.set_data(fetched(data, now(), 3));
    let failures: Vec<String> = app.new_failures().map(|f| f.job_id.to_string()).collect();
    assert_eq!(failures, [object_id(0, 8)]);
    assert_eq!(
        app.new_failures().next().map(|f| f.cluster.as_str()),
        Some("beta")
    );
}

#[test]
fn a_dashboard_opened_on_loaded_clusters_takes_them_as_the_baseline() {
    let mut app = App::new(five_jobs());
    app.set_clock(now());
    assert_eq!(app.changes().len(), 0);
    app.set_data(fetched(one_failed_one_new(), now(), 3));
    assert_eq!(app.changes().len(), 2);
}
