//! Large and odd data on screen: megabyte ids, escapes and bidi overrides in
//! every string Atlas sends, names in every script, dates at the ends of
//! time, no jobs at all and a hundred thousand. The dashboard must draw it
//! all without panic, and nothing from the network may steer the terminal.

mod common;

use std::time::Instant;

use atlas_restores::app::App;
use atlas_restores::atlas::RestoreJob;
use atlas_restores::atlas::printable::is_unsafe;
use atlas_restores::atlas::snapshot::Snapshot;
use atlas_restores::poller::store::{SnapshotInfo, StoreData};
use chrono::{DateTime, Utc};
use common::screen::*;
use common::*;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use proptest::prelude::*;
use ratatui::buffer::Buffer;
use serde_json::json;

const SIZES: [(u16, u16); 2] = [(200, 50), (80, 24)];
/// Terminal escapes, line breaks and a right-to-left override, as sent.
const ESCAPES: &str = "\u{1b}[31mred\u{1b}[0m\r\n\t\u{7}\u{9b}2J\u{202e}evil";
const MEGABYTE: usize = 1 << 20;

fn press(app: &mut App, code: KeyCode) {
    app.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
}

fn hex_id() -> String {
    "0123456789abcdef".repeat(MEGABYTE / 16)
}

/// A megabyte of accents, CJK, emoji, combining marks, RTL text and escapes.
fn multibyte_id() -> String {
    let piece = format!("é漢😀e\u{301}שלום{ESCAPES}👩\u{200d}👩\u{200d}👧");
    piece.repeat(MEGABYTE / piece.len() + 1)
}

fn with_dates(mut job: RestoreJob, at: DateTime<Utc>) -> RestoreJob {
    job.created_at = Some(at);
    job.finished_at = Some(at);
    job.timestamp = Some(at);
    job.expires_at = Some(at);
    job
}

/// Every odd job, each with a distinct serial in the last id digits.
fn hostile_jobs() -> Vec<RestoreJob> {
    let escaped = job(json!({
        "id": format!("{ESCAPES}{}", object_id(5, 1)),
        "deliveryType": format!("\u{1b}]52;c;cHduZWQ=\u{7}{ESCAPES}"),
        "deliveryUrl": [format!("https://x.example.net/{ESCAPES}")],
        "snapshotId": format!("snap{ESCAPES}"),
        "targetClusterName": format!("target{ESCAPES}"),
        "targetGroupId": format!("group{ESCAPES}"),
        "components": [{"replicaSetName": format!("rs{ESCAPES}"), "downloadUrl": format!("https://s{ESCAPES}"),
                        "privateDownloadDeliveryUrls": [{"deliveryUrl": ESCAPES, "endpointId": ESCAPES}]}],
        "privateDownloadDeliveryUrls": [{"deliveryUrl": ESCAPES, "endpointId": ESCAPES}],
        "links": [{"rel": ESCAPES, "href": ESCAPES}],
        "expiresAt": "9999-12-31T23:59:59Z",
    }));
    let extremes = json!({
        "deliveryType": "pointInTime",
        "oplogTs": i64::MIN, "oplogInc": i64::MAX,
        "pointInTimeUTCSeconds": i64::MAX,
        "desiredTimestamp": {"date": "0000-01-01T00:00:00Z", "increment": i64::MIN, "time": i64::MIN},
    });
    let mut jobs = vec![
        job(
            json!({"id": hex_id(), "deliveryType": "download", "expiresAt": "1970-01-01T00:00:00Z"}),
        ),
        job(
            json!({"id": multibyte_id(), "deliveryType": "automated", "targetClusterName": "データベース"}),
        ),
        escaped,
        with_dates(
            job(json!({"id": object_id(1, 2)})),
            DateTime::<Utc>::MIN_UTC,
        ),
        with_dates(
            job(json!({"id": object_id(1, 3)})),
            DateTime::<Utc>::MAX_UTC,
        ),
        with_dates(
            job(json!({"id": object_id(1, 4)})),
            DateTime::<Utc>::UNIX_EPOCH,
        ),
        job(
            json!({"id": object_id(1, 5), "expiresAt": "9999-12-31T23:59:59-23:59",
                   "createdAt": "0000-01-01T00:00:00+23:59", "deliveryType": "download"}),
        ),
    ];
    for (serial, seconds) in [(6, i64::MIN), (7, i64::MAX)] {
        let mut value = extremes.clone();
        value["id"] = json!(object_id(1, serial));
        value["oplogTs"] = json!(seconds);
        jobs.push(job(value));
    }
    jobs
}

/// Targets named in Japanese, Arabic and emoji with joiners, one failing
/// with an escape-laden message, snapshots whose details carry escapes.
fn hostile_store() -> std::sync::Arc<StoreData> {
    let snapshot: Snapshot = serde_json::from_value(json!({
        "id": "s", "status": ESCAPES, "mongodVersion": ESCAPES, "snapshotType": ESCAPES,
        "createdAt": "9999-12-31T23:59:59Z",
    }))
    .expect("a snapshot");
    let mut jobs = hostile_jobs();
    let (first, rest) = jobs.split_at_mut(1);
    first[0].snapshot_id = Some("loaded".into());
    rest[0].snapshot_id = Some("failed".into());
    StoreBuilder::new()
        .target("6600000000000000000000aa", "データベース-本番", jobs)
        .project_name("مشروع 👩‍👩‍👧‍👦")
        .target(
            &format!("group{ESCAPES}"),
            "قاعدة\u{200d}البيانات\u{200b}",
            vec![download_job(1, 99, 10)],
        )
        .failing(&format!("HTTP 500: {ESCAPES}"), 3)
        .target("6600000000000000000000cc", &format!("c{ESCAPES}"), vec![])
        .snapshot("loaded", SnapshotInfo::Loaded(Box::new(snapshot)))
        .snapshot("failed", SnapshotInfo::Failed(ESCAPES.to_string()))
        .build()
}

/// Fails when a cell holds a character that steers the terminal.
fn assert_safe(buffer: &Buffer, context: &str) {
    for (at, cell) in buffer.content().iter().enumerate() {
        let symbol = cell.symbol();
        assert!(
            !symbol.chars().any(is_unsafe),
            "{context}: cell {at} holds {symbol:?}"
        );
    }
}

/// Draws `app` at every size, plain, with the help open and with a filter
/// typed, and visits every row with the detail pane scrolled to its end.
fn draw_every_way(mut app: App, context: &str) {
    for (width, height) in SIZES {
        let context = format!("{context} at {width}×{height}");
        assert_safe(&render(&mut app, width, height), &context);
        let rows = app.row_count();
        for _ in 0..rows {
            press(&mut app, KeyCode::Tab);
            press(&mut app, KeyCode::End);
            assert_safe(&render(&mut app, width, height), &context);
            press(&mut app, KeyCode::Tab);
            press(&mut app, KeyCode::Down);
            assert_safe(&render(&mut app, width, height), &context);
        }
        press(&mut app, KeyCode::Char('?'));
        assert_safe(
            &render(&mut app, width, height),
            &format!("{context}, help"),
        );
        press(&mut app, KeyCode::Esc);
        press(&mut app, KeyCode::Char('!'));
        assert_safe(
            &render(&mut app, width, height),
            &format!("{context}, failing clusters"),
        );
        press(&mut app, KeyCode::Esc);
        for c in "/é漢".chars() {
            press(&mut app, KeyCode::Char(c));
        }
        assert_safe(
            &render(&mut app, width, height),
            &format!("{context}, filter"),
        );
        press(&mut app, KeyCode::Esc);
        press(&mut app, KeyCode::Char('g'));
    }
}

#[test]
fn hostile_strings_and_dates_draw_without_reaching_the_terminal() {
    draw_every_way(App::new(hostile_store()), "hostile store");
}

#[test]
fn escapes_are_shown_as_replacement_marks_not_dropped() {
    let mut app = App::new(hostile_store());
    press(&mut app, KeyCode::Char('s'));
    press(&mut app, KeyCode::Char('s'));
    press(&mut app, KeyCode::Char('s'));
    press(&mut app, KeyCode::Char('s'));
    press(&mut app, KeyCode::Char('s')); // sorted by id: the escaped id first
    press(&mut app, KeyCode::Char('g'));
    let text = screen_text(&render(&mut app, 200, 50));
    // The id's column shows its end: each control a mark, the CR LF tab
    // blanks.
    assert!(text.contains("red�[0m   ��2J�evil"), "{text}");
    // The failing cluster's message is read whole in the `!` panel.
    press(&mut app, KeyCode::Char('!'));
    let panel = screen_text(&render(&mut app, 200, 50));
    assert!(panel.contains("failing clusters: 1"), "{panel}");
    assert!(panel.contains("   HTTP 500: �[31mred"), "{panel}");
}

#[test]
fn a_megabyte_id_is_shortened_in_the_table_and_wrapped_in_the_detail() {
    let id = hex_id();
    let mut app = App::new(
        StoreBuilder::new()
            .target(
                "g",
                "c",
                vec![job(json!({"id": id, "deliveryType": "download"}))],
            )
            .build(),
    );
    let screen = render(&mut app, 200, 50);
    let (left, _) = find(&screen, "┌ detail").expect("the detail pane");
    let row = lines(&screen)
        .into_iter()
        .find(|line| line.contains("│● in progress"))
        .unwrap_or_default();
    let table_part: String = row.chars().take(usize::from(left)).collect();
    assert!(table_part.contains(&id[id.len() - 24..]), "{table_part}");
    assert!(!table_part.contains(&id[id.len() - 40..]), "{table_part}");
    let detail = detail_text(&screen, left);
    assert!(detail.contains(&id[..1000]), "the id wraps over many lines");
    let narrow = render(&mut app, 80, 24);
    assert!(screen_text(&narrow).contains(&id[id.len() - 8..]));
    let detail = detail_text(&narrow, 0);
    assert!(
        detail.contains(&id[..100]),
        "the detail wraps at 80 columns too"
    );
}

#[test]
fn no_jobs_at_all_says_so() {
    let cases = [
        ("no targets", StoreBuilder::new().build()),
        (
            "no jobs",
            StoreBuilder::new().target("g", "c", vec![]).build(),
        ),
        ("huge total", {
            let mut data = (*StoreBuilder::new().target("g", "c", vec![]).build()).clone();
            data.targets[0].total_count = Some(1 << 31);
            std::sync::Arc::new(data)
        }),
    ];
    for (name, data) in cases {
        for (width, height) in SIZES {
            let mut app = App::new(data.clone());
            let screen = render(&mut app, width, height);
            assert_safe(&screen, name);
            let text = screen_text(&screen);
            assert!(
                text.contains("no restore jobs"),
                "{name} {width}×{height}:\n{text}"
            );
            assert!(text.contains("no job selected"), "{name}");
        }
        draw_every_way(App::new(data), name);
    }
}

#[test]
fn a_filter_that_matches_nothing_says_so() {
    let mut app = App::new(StoreBuilder::new().target("g", "c", hostile_jobs()).build());
    for c in "/zzzz-no-such-job".chars() {
        press(&mut app, KeyCode::Char(c));
    }
    let text = screen_text(&render(&mut app, 200, 50));
    assert!(text.contains("no jobs match"), "{text}");
}

#[test]
fn a_hundred_thousand_odd_jobs_draw() {
    let names = ["データベース", "قاعدة", "👩‍👩‍👧‍👦", "e\u{301}"];
    let jobs: Vec<RestoreJob> = (0..100_000_u32)
        .map(|n| {
            let name = names[n as usize % names.len()];
            job(json!({
                "id": format!("{}{name}{ESCAPES}", object_id(i64::from(n % 5000), n)),
                "deliveryType": "automated",
                "targetClusterName": name,
                "expiresAt": "9999-12-31T23:59:59Z",
            }))
        })
        .collect();
    let mut app = App::new(StoreBuilder::new().target("g", names[0], jobs).build());
    for (width, height) in SIZES {
        let started = Instant::now();
        let screen = render(&mut app, width, height);
        let elapsed = started.elapsed();
        assert_safe(&screen, "100,000 jobs");
        assert!(
            screen_text(&screen).contains("/100000 "),
            "the title counts every job"
        );
        assert!(elapsed.as_secs() < 10, "a frame took {elapsed:?}");
        press(&mut app, KeyCode::Char('G'));
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn any_jobs_draw_safely(values in prop::collection::vec(hostile::job_object(), 1..4)) {
        let jobs: Vec<RestoreJob> = values.into_iter().filter_map(|v| RestoreJob::from_value(v).ok()).collect();
        let mut app = App::new(StoreBuilder::new().target("g", "c", jobs).build());
        for (width, height) in SIZES {
            let screen = render(&mut app, width, height);
            prop_assert!(!screen.content().iter().any(|cell| cell.symbol().chars().any(is_unsafe)));
            press(&mut app, KeyCode::Down);
        }
    }
}

#[test]
fn the_list_command_prints_no_escapes_either() {
    use atlas_restores::atlas::pages::Listing;
    use atlas_restores::atlas::{AtlasError, ErrorKind};
    use atlas_restores::atlas::{ClusterKind, SentJob, Target};
    use atlas_restores::list::OutputFormat;
    use atlas_restores::list::watch_list::WatchList;
    use atlas_restores::list::{TargetResult, print};

    let target = |name: &str| Target::new("g", name);
    let results = vec![
        TargetResult {
            target: target(&format!("c{ESCAPES}")),
            kind: ClusterKind::Dedicated,
            result: Ok(Listing {
                items: hostile_jobs().into_iter().map(SentJob::from).collect(),
                total_count: Some(1 << 31),
            }),
        },
        TargetResult {
            target: target("d"),
            kind: ClusterKind::Flex,
            result: Err(AtlasError::new(
                "cluster g/d",
                ErrorKind::Paging(ESCAPES.into()),
            )),
        },
    ];
    let watch = WatchList {
        targets: results.iter().map(|r| r.target.clone()).collect(),
        ..WatchList::default()
    };
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let printed = print(
        &results,
        &watch,
        OutputFormat::Table,
        now(),
        &mut out,
        &mut err,
    );
    assert!(matches!(printed, Ok(false)));
    for text in [out, err] {
        let text = String::from_utf8_lossy(&text);
        let unsafe_chars = text.chars().filter(|&c| c != '\n' && is_unsafe(c));
        assert_eq!(unsafe_chars.count(), 0, "{text:?}");
    }
}
