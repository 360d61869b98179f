//! The failing clusters: the footer's summary (sorted by label, short
//! codes, `+N more` when narrow) and the `!` panel with every cluster's
//! whole story; what they ask of the clock and of the redraw check.

use std::sync::Arc;

use atlas_restores::app::{App, Effect};
use atlas_restores::atlas::{AtlasError, ErrorKind, Target, TransportCause};
use atlas_restores::poller::store::{StoreData, TargetError};
use atlas_restores::ui;
use chrono::TimeDelta;

use super::*;

/// The footer's first line (the second from the bottom), trimmed.
fn footer(app: &mut App, width: u16) -> String {
    let screen = render(app, width, 45);
    let lines = lines(&screen);
    lines
        .iter()
        .rev()
        .nth(1)
        .map(|line| line.trim_end().to_string())
        .unwrap_or_default()
}

fn timed_out(target: &str, at_minutes: i64) -> TargetError {
    let error = AtlasError::new(
        "cluster",
        ErrorKind::Transport {
            cause: TransportCause::Timeout,
            message: "timed out".into(),
        },
    );
    TargetError::from_atlas(
        &error,
        &Target::new("g", target),
        minutes_from_now(at_minutes),
    )
}

/// Three failing clusters of one project (a 503, a 401 and a timeout) and
/// a healthy one, in an order that is not the labels'; the errors landed
/// at `at` minutes from now (one each).
fn three_failing(at: [i64; 3]) -> Arc<StoreData> {
    let mut data = StoreData::clone(
        &StoreBuilder::new()
            .target("g", "zulu", vec![])
            .failing_http(401, "UNAUTHORIZED", "bad key", 2)
            .target("g", "healthy", vec![])
            .target("g", "alpha", vec![])
            .failing_http(503, "SERVICE_UNAVAILABLE", "Maintenance.", 2)
            .target("g", "mike", vec![])
            .failing_with(timed_out("mike", -1), 2)
            .build(),
    );
    let failing = data
        .targets
        .iter_mut()
        .filter_map(|t| t.last_error.as_mut());
    for (error, at) in failing.zip(at) {
        error.at = minutes_from_now(at);
        error.since = error.at;
    }
    Arc::new(data)
}

#[test]
fn the_summary_is_sorted_by_label_with_short_codes_whatever_failed_last() {
    let expected = " ⚠ 3 clusters failing: alpha (503), mike (timeout), zulu (401) · ! details";
    let mut app = App::new(three_failing([-1, -2, -3]));
    assert_eq!(footer(&mut app, 160), expected);
    // The next poll's errors land the other way round: nothing moves.
    let _ = app.set_data(three_failing([-3, -2, -1]));
    assert_eq!(footer(&mut app, 160), expected);
    let labels: Vec<&str> = app.failing_clusters().iter().map(|f| f.label).collect();
    assert_eq!(labels, ["alpha", "mike", "zulu"]);
}

#[test]
fn a_narrow_footer_counts_the_clusters_it_cannot_name() {
    let mut app = App::new(three_failing([-1, -1, -1]));
    assert_eq!(
        footer(&mut app, 60),
        " ⚠ 3 clusters failing: alpha (503), +2 more · ! details"
    );
    assert_eq!(
        footer(&mut app, 71),
        " ⚠ 3 clusters failing: alpha (503), mike (timeout), +1 more · ! details"
    );
}

#[test]
fn same_named_clusters_of_two_projects_are_told_apart() {
    let data = StoreBuilder::new()
        .target("6600000000000000000000aa", "orders", vec![])
        .project_name("shop")
        .failing_http(503, "SERVICE_UNAVAILABLE", "down", 1)
        .target("6600000000000000000d4e5f", "orders", vec![])
        .failing_http(404, "CLUSTER_NOT_FOUND", "gone", 1)
        .build();
    let mut app = App::new(data);
    assert_eq!(
        footer(&mut app, 160),
        " ⚠ 2 clusters failing: 0d4e5f/orders (404), shop/orders (503) · ! details"
    );
}

/// One cluster failing for 4 polls since 11:55, last fetched at 11:57,
/// retried at 12:00:42; a healthy one beside it.
fn one_failing() -> App {
    let mut error = TargetError::from_atlas(
        &AtlasError::new(
            "cluster",
            ErrorKind::Http(atlas_restores::atlas::HttpFailure {
                status: 503,
                error_code: Some("SERVICE_UNAVAILABLE".into()),
                detail: Some("The service is down for maintenance; please retry later.".into()),
                retry_after: None,
                excerpt: None,
                credentials: None,
                digest_challenge: true,
            }),
        ),
        &Target::new("g", "events-lake"),
        minutes_from_now(-1),
    );
    error.since = minutes_from_now(-5);
    error.failures = 4;
    let data = StoreBuilder::new()
        .target("g", "reporting", vec![])
        .target("g", "events-lake", vec![])
        .failing_with(error, 3)
        .next_poll(now() + TimeDelta::seconds(42))
        .build();
    App::new(data)
}

#[test]
fn the_panel_tells_the_whole_story_of_each_failing_cluster() {
    let mut app = one_failing();
    let effect = app.handle_key(KeyEvent::new(KeyCode::Char('!'), KeyModifiers::NONE));
    assert_eq!(effect, None);
    let text = screen_text(&render(&mut app, 120, 40));
    for shown in [
        "failing clusters: 1",
        "⚠ events-lake",
        "The service is down for maintenance; please retry later. (503 SERVICE_UNAVAILABLE)",
        "HTTP status   503",
        "Atlas code    SERVICE_UNAVAILABLE",
        "last success  11:57:00 UTC, 3m ago",
        "failing since 11:55:00 UTC, 5m ago (4 failed polls in a row)",
        "next retry    retrying in 42s",
    ] {
        assert!(text.contains(shown), "{shown:?} in\n{text}");
    }
    // The footer says the same in short, and the panel counts down.
    assert!(text.contains("⚠ 1 cluster failing: events-lake (503) · ! details"));
    let later = screen_text(&render_at(
        &mut app,
        120,
        40,
        now() + TimeDelta::seconds(50),
    ));
    assert!(later.contains("next retry    retrying now"), "{later}");
}

#[test]
fn a_long_message_wraps_inside_the_panel() {
    let long = "word ".repeat(60);
    let data = StoreBuilder::new()
        .target("g", "c", vec![])
        .failing_with(TargetError::new(long.trim_end(), minutes_from_now(-1)), 1)
        .build();
    let mut app = App::new(data);
    press(&mut app, KeyCode::Char('!'));
    let screen = render(&mut app, 80, 24);
    let words: usize = lines(&screen)
        .iter()
        .map(|line| line.matches("word").count())
        .sum();
    assert_eq!(words, 60, "every word shown, none cut at the border");
}

#[test]
fn the_panel_closes_with_esc_bang_or_q_and_q_does_not_quit() {
    for close in [KeyCode::Esc, KeyCode::Char('!'), KeyCode::Char('q')] {
        let mut app = one_failing();
        press(&mut app, KeyCode::Char('!'));
        assert!(app.failing_panel().is_some());
        let effect = app.handle_key(KeyEvent::new(close, KeyModifiers::NONE));
        assert_ne!(effect, Some(Effect::Quit), "{close:?}");
        assert!(app.failing_panel().is_none(), "{close:?} closes it");
        let text = screen_text(&render(&mut app, 120, 40));
        assert!(!text.contains("failing clusters:"), "{close:?}");
    }
}

#[test]
fn with_nothing_failing_the_panel_says_all_is_well() {
    let mut app = app_with(vec![]);
    press(&mut app, KeyCode::Char('!'));
    let text = screen_text(&render(&mut app, 120, 40));
    assert!(text.contains("failing clusters: 0"), "{text}");
    assert!(text.contains("✓ the cluster polled fine"), "{text}");
}

#[test]
fn j_and_k_scroll_the_panel_by_cluster() {
    let mut builder = StoreBuilder::new();
    for n in 0..9 {
        builder = builder
            .target(
                "g",
                &format!("cluster-{n}"),
                vec![automated_job(10, n, "copy")],
            )
            .failing_http(503, "SERVICE_UNAVAILABLE", "down", 1);
    }
    let mut app = App::new(builder.build());
    press(&mut app, KeyCode::Char('!'));
    let text = screen_text(&render(&mut app, 120, 30));
    assert!(text.contains("⚠ cluster-0") && !text.contains("⚠ cluster-8"));
    assert!(text.contains(" 1–3 of 9 · j/k scroll"), "{text}");
    for _ in 0..20 {
        press(&mut app, KeyCode::Char('j'));
    }
    let text = screen_text(&render(&mut app, 120, 30));
    assert!(text.contains("⚠ cluster-8") && !text.contains("⚠ cluster-7"));
    assert!(text.contains(" 9–9 of 9"), "{text}");
    press(&mut app, KeyCode::Char('k'));
    let text = screen_text(&render(&mut app, 120, 30));
    assert!(
        text.contains("⚠ cluster-7") && text.contains(" 8–9 of 9"),
        "{text}"
    );
    press(&mut app, KeyCode::Char('g'));
    let text = screen_text(&render(&mut app, 120, 30));
    assert!(text.contains(" 1–3 of 9"), "{text}");
    // The wheel scrolls the panel, not the table behind it.
    let selected = app.selected_job().map(|(_, job)| job.id.clone());
    assert!(selected.is_some());
    let _ = app.wheel(2);
    let text = screen_text(&render(&mut app, 120, 30));
    assert!(text.contains(" 3–5 of 9"), "{text}");
    assert_eq!(app.selected_job().map(|(_, job)| job.id.clone()), selected);
}

#[test]
fn only_the_open_panel_ticks_and_asks_for_redraws_of_retry_times() {
    let mut app = one_failing();
    let at = now();
    assert_eq!(ui::failing::next_change(&app, at), None);
    // A new retry time alone does not change the footer.
    let mut retried = StoreData::clone(app.data());
    retried.targets[1].next_poll = Some(at + TimeDelta::seconds(90));
    let retried = Arc::new(retried);
    let mut later = App::new(Arc::clone(&retried));
    assert_eq!(ui::poll_text(&app, at), ui::poll_text(&later, at));

    press(&mut app, KeyCode::Char('!'));
    press(&mut later, KeyCode::Char('!'));
    assert_ne!(
        ui::poll_text(&app, at),
        ui::poll_text(&later, at),
        "the panel shows it"
    );
    // `retrying in 42s` is the first text to change: `in 41s` a second
    // later, then each second.
    let second = TimeDelta::seconds(1);
    assert_eq!(ui::failing::next_change(&app, at), Some(at + second));
    assert_eq!(
        ui::failing::next_change(&app, at + second),
        Some(at + second * 2)
    );
    // Once retrying now, the ages: the last success (3m ago) turns 4m.
    let due = at + TimeDelta::seconds(42);
    assert_eq!(
        ui::failing::next_change(&app, due),
        Some(at + TimeDelta::minutes(1))
    );
}

#[test]
fn a_cluster_failing_another_way_changes_the_summary() {
    let app = one_failing();
    let mut other = StoreData::clone(app.data());
    if let Some(error) = other.targets[1].last_error.as_mut() {
        error.code = "timeout".into();
    }
    let other = App::new(Arc::new(other));
    assert_ne!(ui::poll_text(&app, now()), ui::poll_text(&other, now()));
}
