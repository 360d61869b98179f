//! The detail pane: expiry countdowns, long values wrapped in full under
//! their first character, durations, the target's project, the Atlas link,
//! the folded API links, the scroll position, and the snapshot's states.

use super::*;

#[test]
fn a_past_expiry_counts_up() {
    let mut app = app_with(vec![download_job(90, 1, -5)]);
    let text = screen_text(&render(&mut app, 160, 45));
    assert!(text.contains("expired 5m ago"));
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
    press(&mut app, KeyCode::Char('L'));
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

/// The detail pane's box (its borders included) as text.
fn pane(screen: &ratatui::buffer::Buffer) -> String {
    let (left, top) = find(screen, "┌ detail").expect("the detail pane");
    let mut pane = Vec::new();
    for line in lines(screen).iter().skip(usize::from(top)) {
        let line: String = line.chars().skip(usize::from(left)).collect();
        let bottom = line.starts_with('└');
        pane.push(line);
        if bottom {
            break;
        }
    }
    pane.join("\n")
}

/// A ready download with two long URLs, taken from the snapshot of a
/// sharded cluster, with its four API links.
pub fn two_url_download() -> atlas_restores::atlas::RestoreJob {
    job(serde_json::json!({
        "id": object_id(40, 1),
        "deliveryType": "download",
        "snapshotId": format!("{:024x}", 1),
        "deliveryUrl": [
            "https://restore-a.example.net/backup/orders/restore-66322b.tar.gz?token=abcdefghijklmnop",
            "https://restore-b.example.net/backup/orders/restore-66322c.tar.gz?token=qrstuvwxyz012345",
        ],
        "finishedAt": rfc3339(minutes_from_now(-17)),
        "expiresAt": rfc3339(minutes_from_now(43)),
        "links": [
            {"rel": "self", "href": "https://cloud.mongodb.com/api/atlas/v2/groups/g/clusters/c/backup/restoreJobs/1"},
            {"rel": "https://cloud.mongodb.com/snapshot", "href": "https://cloud.mongodb.com/api/atlas/v2/groups/g/clusters/c/backup/snapshots/1"},
            {"rel": "https://cloud.mongodb.com/cluster", "href": "https://cloud.mongodb.com/api/atlas/v2/groups/g/clusters/c"},
            {"rel": "https://cloud.mongodb.com/group", "href": "https://cloud.mongodb.com/api/atlas/v2/groups/g"},
        ],
    }))
}

pub fn atlas_app(jobs: Vec<atlas_restores::atlas::RestoreJob>) -> App {
    let mut app = App::new(
        StoreBuilder::new()
            .target("6600000000000000000a1b2c", "orders", jobs)
            .project_name("shop")
            .build(),
    );
    app.set_atlas_ui(Some("https://cloud.mongodb.com".to_string()));
    app
}

#[test]
fn a_ready_download_at_a_narrow_width_hangs_its_urls() {
    let mut app = atlas_app(vec![two_url_download()]);
    let screen = render(&mut app, 160, 45);
    let text = pane(&screen);
    insta::assert_snapshot!("detail_ready_two_urls_narrow", text);
    for line in text.lines().filter(|line| line.contains("token=")) {
        assert!(
            line.starts_with("│  ") || line.starts_with("│    "),
            "a URL's lines never start at column 0: {line:?}"
        );
    }
    assert!(text.contains("took 23m 0s"), "finished: how long it took");
    assert!(text.contains("4 API links · L expands"));
    assert!(!text.contains("restoreJobs/1"), "folded until L");
    assert!(text.contains("in Atlas       https://"));
    let (left, _) = find(&screen, "┌ detail").expect("the pane");
    assert!(
        detail_text(&screen, left).contains(
            "https://cloud.mongodb.com/v2/6600000000000000000a1b2c#/clusters/detail/orders"
        ),
        "the cluster's page on the configured Atlas host"
    );
}

#[test]
fn l_expands_the_api_links_and_folds_them_again() {
    let mut app = atlas_app(vec![two_url_download()]);
    press(&mut app, KeyCode::Char('L'));
    let text = pane(&render(&mut app, 160, 45));
    insta::assert_snapshot!("detail_api_links_expanded", text);
    assert!(text.contains("4 API links · L folds"));
    let snapshot = text
        .find("  snapshot     https://")
        .expect("the snapshot link listed");
    let own = text
        .find("  self         https://")
        .expect("the job's own link listed");
    assert!(snapshot < own, "the snapshot's link first");
    press(&mut app, KeyCode::Char('L'));
    let text = pane(&render(&mut app, 160, 45));
    insta::assert_snapshot!("detail_api_links_folded", text);
    assert!(text.contains("4 API links · L expands"));
}

#[test]
fn an_automated_restore_in_progress_says_how_long_it_has_run_and_where_it_goes() {
    let running = job(serde_json::json!({
        "id": object_id(12, 2),
        "deliveryType": "automated",
        "targetClusterName": "orders-copy",
        "targetGroupId": "6600000000000000000a1b2c",
    }));
    let mut app = atlas_app(vec![running]);
    let text = pane(&render(&mut app, 160, 45));
    insta::assert_snapshot!("detail_in_progress", text);
    assert!(text.contains("duration       running for 12m"));
    assert!(
        text.contains("target         orders-copy in shop")
            && text.contains("               (6600000000000000000a1b2c)"),
        "the target's project by name, its id hanging under the value"
    );
    let later = pane(&render_at(&mut app, 160, 45, minutes_from_now(60)));
    assert!(later.contains("running for 1h"), "the clock moves it");
}

#[test]
fn a_target_in_a_project_not_watched_is_named_by_id() {
    let mut app = sample_app();
    let text = pane(&render(&mut app, 160, 45));
    assert!(!text.contains("target "), "a download has no target");
    press(&mut app, KeyCode::Char('j'));
    press(&mut app, KeyCode::Char('j'));
    let text = pane(&render(&mut app, 160, 45));
    assert!(text.contains("target         restore-target in project"));
    assert!(text.contains("               6600000000000000000000bb"));
    assert!(text.contains("duration       took "), "{text}");
}

#[test]
fn labels_never_touch_their_values() {
    let mut app = sample_app();
    press(&mut app, KeyCode::Char('j'));
    press(&mut app, KeyCode::Char('j'));
    let text = screen_text(&render(&mut app, 160, 45));
    assert!(text.contains("point in time  1714550400 (2024-05-01 08:00:00 UTC)"));
    assert!(!text.contains("point in time1"));
}

/// The border line of the detail pane.
fn pane_top(screen: &ratatui::buffer::Buffer) -> String {
    pane(screen).lines().next().unwrap_or_default().to_string()
}

/// How many lines the pane has inside its borders, and how many of them
/// hold text (blank lines at the end fill the pane).
fn pane_lines(screen: &ratatui::buffer::Buffer) -> (usize, usize) {
    let text = pane(screen);
    let inside: Vec<&str> = text.lines().filter(|line| line.starts_with('│')).collect();
    let used = inside
        .iter()
        .rposition(|line| line.trim_matches(['│', ' ']).chars().count() > 0)
        .map_or(0, |at| at + 1);
    (inside.len(), used)
}

#[test]
fn a_pane_that_does_not_fit_shows_where_it_is_scrolled_to() {
    let mut app = atlas_app(vec![two_url_download()]);
    let (_, total) = pane_lines(&render(&mut app, 100, 60));
    let screen = render(&mut app, 100, 16);
    let (shown, _) = pane_lines(&screen);
    assert!(shown < total, "{shown} of {total} lines fit");
    let top = pane_top(&screen);
    assert!(top.contains(&format!(" 1-{shown}/{total} ")), "{top:?}");
    app.handle_key(KeyEvent::new(KeyCode::Tab, KeyModifiers::NONE));
    press(&mut app, KeyCode::Char('j'));
    press(&mut app, KeyCode::Char('j'));
    let top = pane_top(&render(&mut app, 100, 16));
    assert!(
        top.contains(&format!(" 3-{}/{total} ", shown + 2)),
        "{top:?}"
    );
    let everything = pane_top(&render(&mut app, 100, 60));
    assert!(
        !everything.contains('/'),
        "no position when all fits: {everything:?}"
    );
}
