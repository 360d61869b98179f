//! The clock of the screen: the dashboard sleeps until `ui::clock::next_change`
//! and draws then. Here the frame is drawn just before and at each instant
//! it names, walking the clock forward over several screens: the frame must
//! be the same until the instant (nothing shown goes stale) and different
//! at it (no wake-up for nothing). Statuses derived with the clock turn on
//! their own: a ready link is expired on screen at its `expiresAt`.

mod common;

use atlas_restores::app::App;
use atlas_restores::atlas::JobStatus;
use atlas_restores::poller::store::StoreData;
use atlas_restores::ui::clock::next_change;
use chrono::{DateTime, TimeDelta, Utc};
use common::screen::{lines, render_at};
use common::*;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

const WIDTH: u16 = 160;
const HEIGHT: u16 = 40;

fn frame(app: &mut App, at: DateTime<Utc>) -> String {
    lines(&render_at(app, WIDTH, HEIGHT, at)).join("\n")
}

/// Walks `steps` clock instants from `start`; returns the instants.
fn walk(app: &mut App, start: DateTime<Utc>, steps: usize) -> Vec<DateTime<Utc>> {
    let ms = TimeDelta::milliseconds(1);
    let mut now = start;
    let mut shown = frame(app, now);
    let mut instants = Vec::new();
    for _ in 0..steps {
        let Some(change) = next_change(app, now) else {
            break;
        };
        assert!(change > now, "{change} is not after {now}");
        let before = frame(app, change - ms);
        assert_eq!(
            shown, before,
            "the screen changed before {change} (last drawn at {now})"
        );
        let after = frame(app, change);
        assert_ne!(
            shown, after,
            "nothing changed at {change} (last drawn at {now})"
        );
        instants.push(change);
        shown = after;
        now = change;
    }
    instants
}

/// Two clusters, one failing: ready links with countdowns, a failed job,
/// ages in minutes.
fn busy() -> App {
    let data = StoreBuilder::new()
        .target(
            "g1",
            "alpha",
            vec![download_job(10, 1, 2), automated_job(30, 3, "zeta")],
        )
        .target("g1", "beta", vec![download_job(20, 2, 90)])
        .failing("HTTP 503 Service Unavailable", 3)
        .build();
    App::new(data)
}

#[test]
fn the_screen_changes_exactly_when_the_clock_says_and_not_between() {
    let mut app = busy();
    let start = now() + TimeDelta::milliseconds(250);
    let instants = walk(&mut app, start, 400);
    assert_eq!(instants.len(), 400, "the countdowns keep the clock going");
    // Every time shown here is in whole seconds: while a link counts down
    // by the second the screen is drawn each second, never more often, and
    // once only minutes are shown, each minute.
    let gaps: Vec<i64> = instants
        .windows(2)
        .map(|w| (w[1] - w[0]).num_milliseconds())
        .collect();
    assert!(gaps.iter().all(|gap| *gap >= 1000), "{gaps:?}");
    assert_eq!(gaps.first(), Some(&1000), "{gaps:?}");
    assert!(gaps.contains(&60_000), "{gaps:?}");
}

#[test]
fn with_only_minutes_shown_the_screen_is_drawn_each_minute_at_most() {
    // No countdown: an automated restore, polled a minute ago, the next
    // poll an hour away (never stale here).
    let built = StoreBuilder::new()
        .target("g1", "alpha", vec![automated_job(30, 3, "zeta")])
        .build();
    let mut data = (*built).clone();
    data.interval = std::time::Duration::from_secs(3600);
    let mut app = App::new(std::sync::Arc::new(data));
    let start = now() + TimeDelta::seconds(1);
    let instants = walk(&mut app, start, 30);
    assert!(!instants.is_empty());
    let gaps: Vec<TimeDelta> = instants.windows(2).map(|w| w[1] - w[0]).collect();
    assert!(
        gaps.iter().all(|gap| *gap >= TimeDelta::seconds(5)),
        "minutes shown, yet drawn after {gaps:?}"
    );
}

#[test]
fn a_ready_link_turns_expired_at_its_expiry_with_no_poll() {
    let data = StoreBuilder::new()
        .target("g1", "alpha", vec![download_job(10, 1, 2)])
        .build();
    let mut app = App::new(data);
    let expiry = minutes_from_now(2);
    let before = frame(&mut app, expiry - TimeDelta::milliseconds(1));
    assert!(before.contains("◆ ready"), "{before}");
    assert!(before.contains("◆ 1 ready"), "{before}");
    assert_eq!(
        next_change(&app, expiry - TimeDelta::milliseconds(1)),
        Some(expiry)
    );
    let after = frame(&mut app, expiry);
    assert!(after.contains("◌ expired"), "{after}");
    assert!(after.contains("◌ 1 expired"), "{after}");
    assert!(after.contains("◆ 0 ready"), "{after}");
    let counts: Vec<(JobStatus, usize)> = app.status_counts().collect();
    assert!(counts.contains(&(JobStatus::Expired, 1)), "{counts:?}");
    // `y` warns instead of copying a dead link.
    let effect = app.handle_key(KeyEvent::new(KeyCode::Char('y'), KeyModifiers::NONE));
    assert_eq!(effect, None);
    let flash = lines(&render_at(&mut app, WIDTH, HEIGHT, expiry)).join("\n");
    assert!(flash.contains("the download link expired at"), "{flash}");
}

/// One cluster polled at a 30 s interval, last `polled` ago.
fn polled_every_30s(polled: TimeDelta, version: u64) -> std::sync::Arc<StoreData> {
    let built = StoreBuilder::new()
        .target("g1", "alpha", vec![automated_job(30, 3, "zeta")])
        .version(version)
        .build();
    let mut data = (*built).clone();
    data.interval = std::time::Duration::from_secs(30);
    data.targets[0].fetched_at = Some(now() - polled);
    std::sync::Arc::new(data)
}

#[test]
fn the_header_turns_into_a_stale_warning_after_two_intervals() {
    // Polled 61 s ago at a 30 s interval: stale at once.
    let mut app = App::new(polled_every_30s(TimeDelta::seconds(61), 1));
    let screen = frame(&mut app, now());
    assert!(screen.contains("⚠ not updated for 1m"), "{screen}");
    assert!(
        screen.contains("◌ 1 cluster not updated for 1m"),
        "{screen}"
    );
    // Fresh data: the warning goes, and comes back when the time is up.
    app.set_data(polled_every_30s(TimeDelta::zero(), 2));
    // Two intervals, and the second poll times are rounded down to.
    let later = now() + TimeDelta::seconds(60);
    let screen = frame(&mut app, later);
    assert!(screen.contains("updated 1m ago"), "{screen}");
    assert!(!screen.contains("not updated"), "{screen}");
    assert_eq!(
        next_change(&app, later),
        Some(now() + TimeDelta::seconds(61))
    );
    let screen = frame(&mut app, now() + TimeDelta::seconds(61));
    assert!(screen.contains("⚠ not updated for 1m"), "{screen}");
}

#[test]
fn expiry_order_is_the_soonest_live_link_first() {
    let data = StoreBuilder::new()
        .target(
            "g1",
            "alpha",
            vec![
                automated_job(30, 1, "zeta"),
                download_job(10, 2, 90),
                download_job(20, 3, -5),
                download_job(40, 4, 2),
                download_job(50, 5, -60),
            ],
        )
        .build();
    let mut app = App::new(data);
    app.set_clock(now());
    app.handle_key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::NONE));
    let serials = |app: &App| -> Vec<String> {
        row_ids(app)
            .iter()
            .map(|id| {
                id.trim_start_matches('0')
                    .chars()
                    .last()
                    .map(String::from)
                    .unwrap_or_default()
            })
            .collect()
    };
    assert_eq!(app.sort().arrow(), "▲");
    // Live soonest first (2 min, 90 min), then expired most recent first
    // (5 min ago, an hour ago), then no expiry.
    assert_eq!(serials(&app), ["4", "2", "3", "5", "1"]);
    // Two minutes on, the soonest link has expired and moves among them.
    app.set_clock(minutes_from_now(2));
    assert_eq!(serials(&app), ["2", "4", "3", "5", "1"]);
}

/// A restore of `alpha` onto `zeta` created `ago` before `now`, finished
/// after `took` unless `None`.
fn alpha_job(
    ago: TimeDelta,
    serial: u32,
    took: Option<TimeDelta>,
) -> atlas_restores::atlas::RestoreJob {
    let created = now() - ago;
    let mut value = serde_json::json!({
        "id": format!("{:08x}{serial:016x}", created.timestamp()),
        "deliveryType": "automated",
        "targetClusterName": "zeta",
    });
    if let Some(took) = took {
        value["finishedAt"] = serde_json::json!(rfc3339(created + took));
    }
    job(value)
}

#[test]
fn a_running_jobs_eta_wakes_the_screen_each_minute_and_at_its_p95() {
    // Running for 12m 30s; three took 10m 10s, 20m 10s and 30m 30s: done
    // 7m 40s from now by the median, past the p95 at 18m. Its age turns at
    // :30 past each minute, its ETA at :40, the p95's `⚠` at :00.
    let took = |minutes: i64, seconds: i64| {
        Some(TimeDelta::minutes(minutes) + TimeDelta::seconds(seconds))
    };
    let day = TimeDelta::days(1);
    let built = StoreBuilder::new()
        .target(
            "g1",
            "alpha",
            vec![
                alpha_job(TimeDelta::seconds(12 * 60 + 30), 1, None),
                alpha_job(day, 2, took(10, 10)),
                alpha_job(day * 2, 3, took(20, 10)),
                alpha_job(day * 3, 4, took(30, 30)),
            ],
        )
        .build();
    let mut data = (*built).clone();
    data.interval = std::time::Duration::from_secs(3600);
    let data = std::sync::Arc::new(data);
    let done = now() + TimeDelta::seconds(7 * 60 + 40);
    let late = now() + TimeDelta::minutes(18);
    let eta_minutes: Vec<_> = (1..=7)
        .map(|k| done - TimeDelta::minutes(k))
        .chain([done, late])
        .collect();
    // With the job selected (its detail pane has the ETA too), and not.
    for keys in [&[][..], &[KeyCode::Down][..]] {
        let mut app = App::new(std::sync::Arc::clone(&data));
        for &key in keys {
            app.handle_key(KeyEvent::new(key, KeyModifiers::NONE));
        }
        let instants = walk(&mut app, now() + TimeDelta::seconds(1), 60);
        for at in &eta_minutes {
            assert!(instants.contains(at), "{at} in {instants:?} after {keys:?}");
        }
        let screen = frame(&mut app, late);
        assert!(screen.contains("⚠ ~10m over"), "{screen}");
    }
}
