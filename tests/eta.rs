//! A running restore's ETA as an operator sees it, with the clock passed
//! in: the row's `~8m left` in the expires column and the detail pane's ETA
//! and what it is based on, once its cluster and delivery type have three
//! finished restores; why not with two; `due now` and `~2m over` past the
//! median, `⚠` and the warning colour past the p95; the minute it changes at;
//! new polls and the history's gone jobs moving it.

mod common;

use std::sync::Arc;

use atlas_restores::app::App;
use atlas_restores::atlas::{RestoreJob, Target};
use atlas_restores::history::PastJob;
use atlas_restores::poller::store::StoreData;
use atlas_restores::ui::clock::next_change;
use chrono::{DateTime, TimeDelta, Utc};
use common::screen::{detail_text, fg_at, find, lines, render_at};
use common::*;
use ratatui::buffer::Buffer;
use serde_json::json;

const WIDTH: u16 = 160;
const HEIGHT: u16 = 40;

/// An automated restore of the `alpha` cluster onto `zeta`, created
/// `minutes_ago`, that took `took` minutes.
fn finished(minutes_ago: i64, serial: u32, took: i64) -> RestoreJob {
    job(json!({
        "id": object_id(minutes_ago, serial),
        "deliveryType": "automated",
        "targetClusterName": "zeta",
        "targetGroupId": "6600000000000000000000aa",
        "finishedAt": rfc3339(minutes_from_now(took - minutes_ago)),
    }))
}

/// `alpha` with a restore running for 12 minutes and finished ones that
/// took `took` minutes each (a day apart).
fn alpha(took: &[i64]) -> Vec<RestoreJob> {
    let mut jobs = vec![automated_job(12, 1, "zeta")];
    for (n, took) in (2..).zip(took) {
        jobs.push(finished(i64::from(n) * 24 * 60, n, *took));
    }
    jobs
}

fn app_of(jobs: Vec<RestoreJob>) -> App {
    App::new(StoreBuilder::new().target("g1", "alpha", jobs).build())
}

fn screen(app: &mut App, at: DateTime<Utc>) -> (Buffer, String) {
    let buffer = render_at(app, WIDTH, HEIGHT, at);
    let text = lines(&buffer).join("\n");
    (buffer, text)
}

/// Whether the detail pane says `words` (wrapped or not: spaces are not
/// compared).
fn detail_says(buffer: &Buffer, words: &str) -> bool {
    let squash = |text: &str| text.replace(' ', "");
    let left = find(buffer, "┌ detail").map_or(0, |(x, _)| x);
    squash(&detail_text(buffer, left)).contains(&squash(words))
}

/// The running job's table row (the table's part of the screen line).
fn running_row(text: &str) -> &str {
    text.lines()
        .filter_map(|line| line.split('│').nth(1))
        .find(|row| row.contains("● in progress") && row.contains("00000001"))
        .unwrap_or_else(|| panic!("the running row:\n{text}"))
}

#[test]
fn three_finished_restores_give_the_row_and_the_detail_an_eta() {
    // 10, 20 and 30 minutes: a 20m median, so 8 of them left.
    let mut app = app_of(alpha(&[10, 20, 30]));
    let (buffer, text) = screen(&mut app, now());
    assert!(running_row(&text).contains("~8m left"), "{text}");
    assert!(
        detail_says(&buffer, "ETA ~8m left (done ~12:08 UTC)"),
        "{text}"
    );
    assert!(
        detail_says(
            &buffer,
            "based on median of 3 automated restores of this cluster in 30 days (p95 30m)"
        ),
        "{text}"
    );
}

#[test]
fn two_finished_restores_are_not_enough_and_the_detail_says_so() {
    let mut app = app_of(alpha(&[10, 20]));
    let (buffer, text) = screen(&mut app, now());
    let row = running_row(&text);
    assert!(!row.contains("left") && row.contains('—'), "{row}");
    let why = "ETA not yet: 2 of 3 finished automated restores (this cluster, 30 days)";
    assert!(detail_says(&buffer, why), "{text}");
    // A failed restore says nothing of how long one takes.
    let mut with_failure = alpha(&[10, 20]);
    with_failure.push(job(json!({
        "id": object_id(5 * 24 * 60, 9),
        "deliveryType": "automated",
        "failed": true,
        "finishedAt": rfc3339(minutes_from_now(5 - 5 * 24 * 60)),
    })));
    let mut app = app_of(with_failure);
    let (buffer, text) = screen(&mut app, now());
    assert!(detail_says(&buffer, why), "{text}");
}

#[test]
fn past_the_median_it_is_due_then_over_and_past_the_p95_a_warning() {
    let mut app = app_of(alpha(&[10, 20, 30]));
    let (buffer, _) = screen(&mut app, now());
    let muted = fg_at(&buffer, "~8m left");
    let (_, text) = screen(&mut app, minutes_from_now(8));
    assert!(running_row(&text).contains("due now"), "{text}");
    let (buffer, text) = screen(&mut app, minutes_from_now(10));
    assert!(running_row(&text).contains("~2m over"), "{text}");
    assert!(
        detail_says(&buffer, "ETA ~2m over (median done ~12:08 UTC)"),
        "{text}"
    );
    let (buffer, text) = screen(&mut app, minutes_from_now(18) - TimeDelta::seconds(1));
    assert!(running_row(&text).contains("~9m over"), "{text}");
    let over = fg_at(&buffer, "~9m over");
    assert_ne!(over, muted, "an overrun is not muted as an estimate is");
    // Created 12 minutes ago, the p95 is 30m: 18 minutes on it has run
    // longer than 95% of its kind.
    let (buffer, text) = screen(&mut app, minutes_from_now(18));
    assert!(running_row(&text).contains("⚠ ~10m over"), "{text}");
    let warning = atlas_restores::ui::theme::Theme::new(app.theme())
        .warning()
        .fg;
    assert_eq!(Some(fg_at(&buffer, "⚠ ~10m over")), warning);
    assert!(
        detail_says(
            &buffer,
            "ETA ⚠ ~10m over (median done ~12:08 UTC; p95 passed)"
        ),
        "{text}"
    );
}

#[test]
fn the_eta_changes_at_the_minute_and_the_clock_wakes_for_it() {
    let mut app = app_of(alpha(&[10, 20, 30]));
    // Done at 12:08:00; at 12:06:59.999 a little over 61 s are left.
    let done = minutes_from_now(8);
    let before = done - TimeDelta::seconds(61) + TimeDelta::milliseconds(1);
    let (_, text) = screen(&mut app, before);
    assert!(running_row(&text).contains("~2m left"), "{text}");
    let minute = done - TimeDelta::seconds(60);
    assert_eq!(next_change(&app, before), Some(minute));
    let (_, text) = screen(&mut app, minute);
    assert!(running_row(&text).contains("~1m left"), "{text}");
    let (_, text) = screen(&mut app, done - TimeDelta::milliseconds(1));
    assert!(running_row(&text).contains("~1m left"), "{text}");
    assert_eq!(
        next_change(&app, done - TimeDelta::milliseconds(1)),
        Some(done)
    );
    let (_, text) = screen(&mut app, done);
    assert!(running_row(&text).contains("due now"), "{text}");
}

/// `data` with a new version and `change` made.
fn next(data: &Arc<StoreData>, change: impl FnOnce(&mut StoreData)) -> Arc<StoreData> {
    let mut picture = StoreData::clone(data);
    picture.version += 1;
    change(&mut picture);
    Arc::new(picture)
}

#[test]
fn a_poll_with_new_durations_and_the_historys_gone_jobs_move_the_eta() {
    let data = StoreBuilder::new()
        .target("g1", "alpha", alpha(&[10, 20]))
        .target("g1", "beta", vec![finished(100, 20, 1)])
        .build();
    let mut app = App::new(Arc::clone(&data));
    let (buffer, text) = screen(&mut app, now());
    assert!(detail_says(&buffer, "not yet: 2 of 3"), "{text}");
    // A third restore of alpha that left Atlas's list, from the history.
    let alpha_target = Target::new("g1", "alpha");
    let gone = PastJob {
        target: alpha_target,
        job: finished(3 * 24 * 60, 30, 30),
        gone_at: now(),
    };
    let data = next(&data, |picture| {
        picture.history.gone = Arc::new(vec![Arc::new(gone)])
    });
    app.set_data(Arc::clone(&data));
    let (_, text) = screen(&mut app, now());
    assert!(running_row(&text).contains("~8m left"), "{text}");
    // Another cluster's poll changes nothing of alpha's.
    let data = next(&data, |picture| {
        picture.targets[1].jobs = Arc::new(vec![finished(100, 20, 1), finished(200, 21, 1)]);
    });
    app.set_data(Arc::clone(&data));
    let (_, text) = screen(&mut app, now());
    assert!(running_row(&text).contains("~8m left"), "{text}");
    // Two quick ones listed: 5, 6, 10, 20, 30 has a 10m median, passed.
    let data = next(&data, |picture| {
        let mut jobs = alpha(&[10, 20]);
        jobs.push(finished(7 * 24 * 60, 40, 5));
        jobs.push(finished(8 * 24 * 60, 41, 6));
        picture.targets[0].jobs = Arc::new(jobs);
    });
    app.set_data(data);
    let (buffer, text) = screen(&mut app, now());
    assert!(running_row(&text).contains("~2m over"), "{text}");
    assert!(
        detail_says(&buffer, "median of 5 automated restores"),
        "{text}"
    );
}
