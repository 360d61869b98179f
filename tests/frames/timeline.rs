//! The timeline (`t`) over the demo: one lane per cluster, a bar per job,
//! at 24 h and 7 d, in the dark and mono themes, at the smallest size, with
//! the selection moved (its bar marked, its lane labelled, the caption
//! naming it), and with jobs the history remembers after they left
//! Atlas's lists. Snapshots under `tests/frames/snapshots/`.

use super::*;
use atlas_restores::history::PastJob;

/// The demo's timeline at `width`×`height` in `theme` after `keys` (`t`
/// first), as a dump without the simulator's port.
async fn timeline(width: u16, height: u16, theme: Theme, keys: &[KeyCode]) -> String {
    let demo = Demo::start().await;
    let mut all = vec![KeyCode::Char('t')];
    all.extend_from_slice(keys);
    let mut app = demo.app(theme, &all).await;
    assert!(app.timeline().is_some(), "t shows the timeline");
    demo.without_port(&frame_dump(&render_at(&mut app, width, height, drawn())))
}

/// The screen's text: the dump's part above the styles.
fn text(dump: &str) -> &str {
    dump.split("\nstyles (").next().unwrap_or_default()
}

/// The caption line: the selected job named.
fn caption(dump: &str) -> &str {
    text(dump)
        .lines()
        .find(|line| line.contains("│› …"))
        .unwrap_or_default()
}

#[tokio::test]
async fn timeline_120x40_dark_24h() {
    let dump = timeline(120, 40, Theme::Dark, &[]).await;
    let screen = text(&dump);
    assert!(screen.contains("timeline · 24h"), "{dump}");
    for lane in ["prod/orders-prod", "staging/search-staging"] {
        assert!(screen.contains(lane), "a lane for {lane}:\n{dump}");
    }
    assert!(screen.contains("p50/p95"), "{dump}");
    assert!(
        !caption(&dump).is_empty(),
        "the caption names the job:\n{dump}"
    );
    insta::assert_snapshot!("timeline_120x40_dark_24h", dump);
}

#[tokio::test]
async fn timeline_200x50_mono_7d() {
    let dump = timeline(200, 50, Theme::Mono, &[KeyCode::Char('-')]).await;
    let screen = text(&dump);
    assert!(screen.contains("timeline · 7d"), "{dump}");
    assert!(screen.contains("per day"), "{dump}");
    // Without colour every status has its own fill.
    assert!(
        screen.contains("▒ in progress ▓ ready █ finished"),
        "the legend:\n{dump}"
    );
    insta::assert_snapshot!("timeline_200x50_mono_7d", dump);
}

#[tokio::test]
async fn timeline_60x15_dark_pages_lanes() {
    let dump = timeline(60, 15, Theme::Dark, &[KeyCode::Char('G')]).await;
    let screen = text(&dump);
    assert!(screen.contains("lanes "), "not every lane fits:\n{dump}");
    assert!(screen.contains(" of 8"), "{dump}");
    assert!(!caption(&dump).is_empty(), "{dump}");
    insta::assert_snapshot!("timeline_60x15_dark", dump);
}

#[tokio::test]
async fn timeline_120x40_dark_6h_selection_moved() {
    let keys = [
        KeyCode::Char('+'),
        KeyCode::Char('j'),
        KeyCode::Char('j'),
        KeyCode::Char('j'),
    ];
    let dump = timeline(120, 40, Theme::Dark, &keys).await;
    assert!(text(&dump).contains("timeline · 6h"), "{dump}");
    assert!(
        text(&dump).contains('◀') || text(&dump).contains('▶'),
        "{dump}"
    );
    insta::assert_snapshot!("timeline_120x40_dark_6h_selected", dump);
}

#[tokio::test]
async fn timeline_120x40_mono_with_gone_jobs() {
    let demo = Demo::start().await;
    let mut data = StoreData::clone(&demo.picture());
    let target = data.targets[1].target.clone();
    let gone = |hours_ago: i64, took: i64, serial: u32, extra: serde_json::Value| {
        let created = fetched() - TimeDelta::hours(hours_ago);
        let mut value = serde_json::json!({
            "id": format!("{:08x}{serial:016x}", created.timestamp()),
            "deliveryType": "automated",
            "finishedAt": common::rfc3339(created + TimeDelta::minutes(took)),
        });
        if let (Some(value), Some(extra)) = (value.as_object_mut(), extra.as_object()) {
            value.extend(extra.clone());
        }
        Arc::new(PastJob {
            target: target.clone(),
            job: common::job(value),
            gone_at: fetched() - TimeDelta::hours(1),
        })
    };
    data.history.gone = Arc::new(vec![
        gone(20, 90, 1, serde_json::json!({})),
        gone(16, 45, 2, serde_json::json!({"failed": true})),
        gone(12, 300, 3, serde_json::json!({})),
    ]);
    let mut app = demo.app(Theme::Mono, &[KeyCode::Char('t')]).await;
    let fetch = app.set_data(Arc::new(data));
    assert_eq!(fetch, None, "the same job stays selected");
    let dump = demo.without_port(&frame_dump(&render_at(&mut app, 120, 40, drawn())));
    // The failed one, and the five hours' bar (longer than any listed job).
    let lane = text(&dump)
        .lines()
        .skip_while(|line| !line.contains("prod/payments-prod"))
        .take(3)
        .collect::<Vec<_>>()
        .join("\n");
    assert!(lane.contains("╳╳╳"), "{lane}");
    assert!(lane.contains(&"█".repeat(15)), "{lane}");
    // Dimmed: history, not what Atlas lists now.
    assert!(dump.contains("+DIM \"╳╳╳"), "{dump}");
    insta::assert_snapshot!("timeline_120x40_mono_gone", dump);
}
