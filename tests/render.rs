//! What the user sees: the app drawn into a `TestBackend` at a fixed instant.

mod common;

use std::time::Instant;

use atlas_restores::app::App;
use atlas_restores::atlas::snapshot::Snapshot;
use atlas_restores::poller::store::SnapshotInfo;
use atlas_restores::ui;
use common::screen::*;
use common::*;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier};

fn press(app: &mut App, code: KeyCode) {
    app.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
}

/// A realistic store: two projects, one failing cluster, every status.
fn sample_app() -> App {
    let point_in_time = job(serde_json::json!({
        "id": object_id(180, 7),
        "deliveryType": "pointInTime",
        "targetClusterName": "restore-target",
        "targetGroupId": "6600000000000000000000bb",
        "pointInTimeUTCSeconds": 1_714_550_400,
        "oplogTs": 1_714_550_400,
        "oplogInc": 3,
        "finishedAt": rfc3339(minutes_from_now(-120)),
    }));
    let data = StoreBuilder::new()
        .target(
            "6600000000000000000a1b2c",
            "orders",
            vec![
                download_job(12, 1, 238),
                automated_job(25, 2, "orders-copy"),
                flagged_job(60 * 50, 3, "expired"),
            ],
        )
        .project_name("shop")
        .target(
            "6600000000000000000d4e5f",
            "billing",
            vec![
                point_in_time,
                flagged_job(600, 4, "failed"),
                flagged_job(700, 5, "cancelled"),
            ],
        )
        .failing("503 SERVICE_UNAVAILABLE: Atlas is down for maintenance", 3)
        .snapshot(
            &format!("{:024x}", 1),
            SnapshotInfo::Loaded(Box::new(sample_snapshot())),
        )
        .build();
    App::new(data)
}

fn sample_snapshot() -> Snapshot {
    serde_json::from_value(serde_json::json!({
        "id": format!("{:024x}", 1),
        "createdAt": rfc3339(minutes_from_now(-600)),
        "snapshotType": "scheduled",
        "frequencyType": "daily",
        "status": "completed",
        "storageSizeBytes": 1_503_238_554_u64,
        "mongodVersion": "7.0.12",
    }))
    .expect("a snapshot")
}

/// One target holding `jobs`, drawn at 160×45 unless said otherwise.
fn app_with(jobs: Vec<atlas_restores::atlas::RestoreJob>) -> App {
    App::new(StoreBuilder::new().target("g", "c", jobs).build())
}

#[test]
fn the_wide_screen_lists_every_status_and_shows_detail_on_the_right() {
    let mut app = sample_app();
    let screen = render(&mut app, 160, 45);
    let text = screen_text(&screen);
    for word in [
        "◆ ready",
        "● in progress",
        "✓ finished",
        "✗ failed",
        "⊘ cancelled",
        "◌ expired",
    ] {
        assert!(text.contains(word), "a row says {word:?}");
    }
    let (table_x, table_y) = find(&screen, "┌ jobs").expect("the table");
    let (detail_x, detail_y) = find(&screen, "┌ detail").expect("the detail pane");
    assert_eq!(table_y, detail_y, "side by side");
    assert!(detail_x > table_x + 80);
    assert!(text.contains("shop/orders") && text.contains("0d4e5f/billing"));
    assert!(text.contains("1.4 GiB") && text.contains("scheduled, daily"));
}

#[test]
fn narrower_screens_put_the_detail_below_the_table() {
    for (width, height) in [(100, 30), (80, 24)] {
        let mut app = sample_app();
        let screen = render(&mut app, width, height);
        let (table_x, table_y) = find(&screen, "┌ jobs").expect("the table");
        let (detail_x, detail_y) = find(&screen, "┌ detail").expect("the detail pane");
        assert_eq!(table_x, detail_x);
        assert!(
            detail_y > table_y + 5,
            "at {width}×{height} the table keeps rows"
        );
        let text = screen_text(&screen);
        assert!(
            text.contains("◌ expired"),
            "all six rows fit at {width}×{height}"
        );
        assert!(
            text.contains(&object_id(12, 1)),
            "the detail shows the full id"
        );
    }
}

#[test]
fn the_table_fits_its_columns_to_the_width() {
    let long_target = "a-very-long-restore-target-cluster-name";
    let data = StoreBuilder::new()
        .target(
            "6600000000000000000a1b2c",
            "orders-analytics-eu-west",
            vec![automated_job(5, 1, long_target)],
        )
        .project_name("commerce")
        .target(
            "6600000000000000000d4e5f",
            "billing",
            vec![automated_job(9, 2, "copy")],
        )
        .build();

    let wide = screen_text(&render(&mut App::new(data.clone()), 200, 45));
    assert!(wide.contains("commerce/orders-analytics-eu-west"), "{wide}");
    assert!(
        wide.contains("target") && wide.contains("a-very-long-restore"),
        "{wide}"
    );

    let narrow = render(&mut App::new(data), 80, 24);
    let table_header = lines(&narrow)
        .into_iter()
        .find(|line| line.contains("status"))
        .unwrap_or_default();
    assert!(
        !table_header.contains("target"),
        "no room for the target at 80 columns: {table_header}"
    );
    let row = lines(&narrow)
        .into_iter()
        .find(|line| line.contains("00000001"))
        .unwrap_or_default();
    assert!(
        row.contains("orders-analyt…"),
        "the name is cut with an ellipsis: {row}"
    );
    assert!(!row.contains("commerce/"), "the project goes first: {row}");
}

#[test]
fn the_sorted_column_carries_the_arrow() {
    let mut app = sample_app();
    assert!(screen_text(&render(&mut app, 160, 45)).contains("created ▼"));
    app.handle_key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::NONE));
    let text = screen_text(&render(&mut app, 160, 45));
    assert!(text.contains("expires ▲") && !text.contains("created ▼"));
    assert!(text.contains("sort: expires ▲"));
    app.handle_key(KeyEvent::new(KeyCode::Char('S'), KeyModifiers::SHIFT));
    assert!(screen_text(&render(&mut app, 160, 45)).contains("expires ▼"));
}

#[test]
fn the_detail_countdown_turns_yellow_under_an_hour_and_red_under_ten_minutes() {
    use atlas_restores::config::Theme;
    let themes = [
        (
            Theme::Basic16,
            [Color::Reset, Color::Yellow, Color::LightRed],
        ),
        (
            Theme::Dark,
            [Color::Reset, Color::Indexed(220), Color::Indexed(196)],
        ),
        (
            Theme::Light,
            [Color::Reset, Color::Indexed(130), Color::Indexed(160)],
        ),
    ];
    for (theme, colors) in themes {
        let cases = [(238, "in 3h 58m 0s"), (45, "in 45m 0s"), (5, "in 5m 0s")];
        for ((minutes, words), color) in cases.into_iter().zip(colors) {
            let mut app = app_with(vec![download_job(10, 1, minutes)]);
            app.set_theme(theme);
            let screen = render(&mut app, 160, 45);
            assert_eq!(fg_at(&screen, words), color, "{theme:?} {words}");
        }
    }
}

#[test]
fn a_past_expiry_counts_up() {
    let mut app = app_with(vec![download_job(90, 1, -5)]);
    let text = screen_text(&render(&mut app, 160, 45));
    assert!(text.contains("expired 5m ago"));
}

#[test]
fn tiny_terminals_get_a_message_and_no_size_panics() {
    let mut app = sample_app();
    for (width, height) in [(59, 30), (100, 14)] {
        let text = screen_text(&render(&mut app, width, height));
        assert!(
            text.contains("terminal too small (need 60×15)"),
            "{width}×{height}"
        );
    }
    let text = screen_text(&render(&mut app, 60, 15));
    assert!(!text.contains("too small"));
    // Two threads share the 12,000 sizes; each reuses one terminal.
    std::thread::scope(|scope| {
        for half in 0..2_u16 {
            scope.spawn(move || draw_every_size(half));
        }
    });
}

/// Draws at every size from 1×1 to 200×60 whose width has parity `half`,
/// with the help overlay open over the full screen.
fn draw_every_size(half: u16) {
    let mut app = sample_app();
    press(&mut app, KeyCode::Char('?'));
    let mut terminal = Terminal::new(TestBackend::new(1, 1)).expect("a test terminal");
    for width in (1..=200).filter(|w| w % 2 == half) {
        for height in 1..=60 {
            terminal.backend_mut().resize(width, height);
            app.set_page_size(ui::table_page_size(Rect::new(0, 0, width, height)));
            terminal
                .draw(|frame| {
                    ui::draw(frame, &app, now());
                })
                .expect("a frame");
        }
    }
}

#[test]
fn a_failing_cluster_is_flagged_in_the_header_and_explained_below() {
    let mut app = sample_app();
    let screen = render(&mut app, 160, 45);
    let text = screen_text(&screen);
    assert!(lines(&screen)[0].contains("⚠ 1 of 2 clusters failing"));
    let status_bar = &lines(&screen)[43];
    assert!(status_bar.contains("billing (stale 3m): 503 SERVICE_UNAVAILABLE"));
    assert!(text.contains("updated 1m ago · every 30s"));
}

#[test]
fn a_hundred_thousand_jobs_draw_quickly() {
    let jobs = (0..100_000)
        .map(|n| download_job(i64::from(n % 5000), n, 60))
        .collect();
    let started = Instant::now();
    let mut app = app_with(jobs);
    press(&mut app, KeyCode::Char('G'));
    let screen = render(&mut app, 160, 45);
    let elapsed = started.elapsed();
    let text = screen_text(&screen);
    assert!(text.contains("jobs 100000"));
    assert!(
        text.contains(&object_id(4999, 4999)),
        "the oldest job, last in the table, is selected"
    );
    assert!(elapsed.as_secs() < 5, "took {elapsed:?}");
}

#[test]
fn long_values_wrap_in_full_in_the_detail_pane() {
    let url = format!(
        "https://restore.example.net/{}/é-restore.tar.gz",
        "x".repeat(300)
    );
    let long = job(serde_json::json!({
        "id": "é",
        "deliveryType": "download",
        "deliveryUrl": url,
        "components": [{"replicaSetName": "shard-0", "downloadUrl": "https://shard0.example.net/a.tgz",
                        "privateDownloadDeliveryUrls": [{"deliveryUrl": "https://private0.example.net/a", "endpointId": "vpce-0"}]}],
        "privateDownloadDeliveryUrls": [{"deliveryUrl": "https://private.example.net/b", "endpointId": "vpce-1"}],
        "links": [
            {"rel": "self", "href": "https://cloud.mongodb.com/self-link"},
            {"rel": "https://cloud.mongodb.com/snapshot", "href": "https://cloud.mongodb.com/snap-link"}
        ],
    }));
    let mut app = app_with(vec![long]);
    let screen = render(&mut app, 200, 60);
    let (left, _) = find(&screen, "┌ detail").expect("the detail pane");
    let detail = detail_text(&screen, left);
    for wanted in [
        url.as_str(),
        "shard-0",
        "https://shard0.example.net/a.tgz",
        "vpce-0",
        "vpce-1",
        "https://private.example.net/b",
    ] {
        assert!(detail.contains(wanted), "{wanted:?} in the detail");
    }
    let snapshot_link = detail.find("snap-link").expect("the snapshot link");
    let self_link = detail.find("self-link").expect("the self link");
    assert!(snapshot_link < self_link, "the snapshot link comes first");
}

#[test]
fn point_in_time_fields_read_as_dates() {
    let mut app = sample_app();
    press(&mut app, KeyCode::Char('j'));
    press(&mut app, KeyCode::Char('j'));
    let text = screen_text(&render(&mut app, 160, 45));
    assert!(text.contains("1714550400 (2024-05-01 08:00:00 UTC)"));
    assert!(text.contains("inc 3"));
    assert!(text.contains("restore-target"));
    assert!(
        text.contains("latest poll failed"),
        "the detail says the cluster is failing"
    );
}

#[test]
fn snapshot_states_read_plainly() {
    let cases = [
        (None, "loading…"),
        (
            Some(SnapshotInfo::Missing),
            "snapshot not found (deleted or expired)",
        ),
        (
            Some(SnapshotInfo::Failed("HTTP 500".to_string())),
            "could not load: HTTP 500",
        ),
    ];
    for (info, words) in cases {
        let mut builder = StoreBuilder::new();
        if let Some(info) = info {
            builder = builder.snapshot(&format!("{:024x}", 1), info);
        }
        let mut app = App::new(
            builder
                .target("g", "c", vec![download_job(10, 1, 60)])
                .build(),
        );
        assert!(
            screen_text(&render(&mut app, 160, 45)).contains(words),
            "{words}"
        );
    }
}

#[test]
fn help_lists_every_key_binding() {
    let mut app = sample_app();
    press(&mut app, KeyCode::Char('?'));
    let text = screen_text(&render(&mut app, 160, 45));
    for binding in atlas_restores::app::keys::BINDINGS {
        assert!(text.contains(binding.help), "help shows {:?}", binding.help);
    }
}

#[test]
fn monochrome_draws_no_colour_and_reverses_the_selection() {
    let mut app = sample_app();
    app.set_theme(atlas_restores::config::Theme::Mono);
    let screen = render(&mut app, 160, 45);
    assert!(
        screen
            .content()
            .iter()
            .all(|cell| cell.fg == Color::Reset && cell.bg == Color::Reset)
    );
    let (_, row) = find(&screen, "◆ ready       ").expect("the selected row");
    let cell = screen.cell((2, row)).expect("a cell");
    assert!(cell.modifier.contains(Modifier::REVERSED));
}

#[test]
fn the_filter_and_its_count_show_in_the_status_bar() {
    let mut app = sample_app();
    for c in "/orders".chars() {
        press(&mut app, KeyCode::Char(c));
    }
    let text = screen_text(&render(&mut app, 160, 45));
    assert!(text.contains("filter: \"orders▏\" (3 of 6)"));
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Char('2'));
    let text = screen_text(&render(&mut app, 160, 45));
    assert!(text.contains("filter: \"orders\" (1 of 6)") && text.contains("status: ready"));
    assert!(text.contains("jobs 1 of 6"));
}

#[test]
fn rows_of_a_failing_cluster_are_dimmed() {
    let mut app = sample_app();
    let screen = render(&mut app, 160, 45);
    let dimmed = |needle: &str| {
        let (x, y) = find(&screen, needle).unwrap_or_else(|| panic!("{needle:?} on screen"));
        screen
            .cell((x, y))
            .is_some_and(|cell| cell.modifier.contains(Modifier::DIM))
    };
    assert!(dimmed("0d4e5f/billing"), "billing failed its latest poll");
    assert!(!dimmed("shop/orders"));
}

#[test]
fn standing_notices_show_in_the_status_bar() {
    let built = StoreBuilder::new()
        .target("g", "c", vec![automated_job(5, 1, "copy")])
        .build();
    let mut data = (*built).clone();
    data.notices = vec![
        "warning: credentials are sent over plain http:// to http://atlas.example (--allow-insecure-http)".into(),
    ];
    let text = screen_text(&render(&mut App::new(std::sync::Arc::new(data)), 160, 45));
    let status = text.lines().rev().nth(1).unwrap_or_default();
    assert!(
        status.contains("plain http://") && status.contains("all 1 clusters polled fine"),
        "{status}"
    );
}

#[test]
fn a_project_that_cannot_be_listed_is_named_in_the_status_bar() {
    let built = StoreBuilder::new().build();
    let mut data = (*built).clone();
    data.project_errors.insert(
        "6600000000000000000d4e5f".into(),
        atlas_restores::poller::store::TargetError {
            message: "authentication failed (HTTP 401): check MONGODB_ATLAS_PUBLIC_API_KEY and MONGODB_ATLAS_PRIVATE_API_KEY".into(),
            at: now(),
        },
    );
    let text = screen_text(&render(&mut App::new(std::sync::Arc::new(data)), 200, 45));
    let status = text.lines().rev().nth(1).unwrap_or_default();
    assert!(
        status.contains("project 6600000000000000000d4e5f: authentication failed"),
        "{status}"
    );
}
