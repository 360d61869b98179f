//! The detail pane: expiry countdowns, long values wrapped in full,
//! point-in-time fields, and the snapshot's loading states.

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
