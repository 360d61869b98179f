//! A Flex cluster on screen: its ready download in the detail pane under
//! the dedicated labels, counting down and expired at `expirationDate`
//! with no poll, no snapshot section waiting for ever, and the picker
//! marking Flex clusters.

use std::sync::Arc;

use atlas_restores::app::App;
use atlas_restores::atlas::inventory::{Cluster, Project};
use atlas_restores::atlas::{ClusterKind, RestoreJob};
use atlas_restores::poller::store::{Inventory, ProjectClusters};
use chrono::TimeDelta;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use serde_json::json;

use super::common::screen::{detail_text, find, render, render_at, screen_text};
use super::common::{StoreBuilder, minutes_from_now, now, object_id, rfc3339};

const GROUP: &str = "6600000000000000000a1b2c";
const URL: &str = "https://restore-flex.example.net/abc/sandbox.tar.gz";

fn ready_download() -> RestoreJob {
    RestoreJob::from_flex_value(json!({
        "id": object_id(30, 1),
        "deliveryType": "DOWNLOAD",
        "status": "COMPLETED",
        "snapshotId": "6600000000000000000000ff",
        "snapshotFinishedDate": rfc3339(minutes_from_now(-180)),
        "restoreFinishedDate": rfc3339(minutes_from_now(-10)),
        "snapshotUrl": URL,
        "expirationDate": rfc3339(minutes_from_now(30)),
        "targetDeploymentItemName": "ignored-for-a-download",
        "targetProjectId": GROUP,
    }))
    .unwrap_or_else(|e| panic!("{e}"))
}

/// One Flex cluster `sandbox` (known as Flex, as after its first poll).
fn flex_app() -> App {
    let built = StoreBuilder::new()
        .target(GROUP, "sandbox", vec![ready_download()])
        .build();
    let mut data = (*built).clone();
    data.targets[0].kind = ClusterKind::Flex;
    App::new(Arc::new(data))
}

fn detail(app: &mut App, at: chrono::DateTime<chrono::Utc>) -> String {
    let screen = render_at(app, 200, 60, at);
    let (left, _) = find(&screen, "┌ detail").expect("the detail pane");
    detail_text(&screen, left)
}

#[test]
fn a_flex_download_shows_under_the_dedicated_labels_and_expires_on_time() {
    let mut app = flex_app();
    let text = detail(&mut app, now());
    for wanted in [
        "sandbox (Flex)",
        "ready",
        "download",
        URL,
        "in 30m",
        "10m ago",
    ] {
        assert!(text.contains(wanted), "{wanted:?} in\n{text}");
    }
    assert!(
        !text.contains("loading"),
        "no snapshot waits for ever:\n{text}"
    );
    let at = minutes_from_now(30) - TimeDelta::seconds(1);
    assert!(detail(&mut app, at).contains("in 1s"));
    let expired = detail(&mut app, minutes_from_now(30));
    assert!(expired.contains("expired"), "{expired}");
    assert!(!expired.contains("ready"), "{expired}");
}

#[test]
fn the_picker_marks_flex_clusters() {
    let cluster = |name: &str, kind| Cluster {
        name: name.into(),
        cluster_type: Some("REPLICASET".into()),
        state_name: Some("IDLE".into()),
        backup_enabled: true,
        paused: false,
        kind,
    };
    let built = StoreBuilder::new().target(GROUP, "orders", vec![]).build();
    let mut data = (*built).clone();
    data.inventory = Inventory::Loaded(vec![ProjectClusters {
        project: Project {
            id: GROUP.into(),
            name: "prod".into(),
            org_id: None,
        },
        clusters: Ok(vec![
            cluster("orders", ClusterKind::Dedicated),
            cluster("sandbox", ClusterKind::Flex),
        ]),
    }]);
    let mut app = App::new(Arc::new(data));
    app.handle_key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::NONE));
    let text = screen_text(&render(&mut app, 160, 45));
    let row = |name: &str| {
        text.lines()
            .find(|l| l.contains(&format!("prod/{name} ")))
            .unwrap_or_else(|| panic!("no {name} row in\n{text}"))
            .to_string()
    };
    assert!(row("sandbox").contains(" Flex "), "{}", row("sandbox"));
    assert!(row("orders").contains("REPLICASET"), "{}", row("orders"));
    assert!(!row("orders").contains("Flex"));
}
