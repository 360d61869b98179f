//! What the user sees: the app drawn into a `TestBackend` at a fixed instant.
//! This file holds the sample data; the tests are in `tests/render/`.

#[path = "render/colours.rs"]
mod colours;
mod common;
#[path = "render/detail.rs"]
mod detail;
#[path = "render/failing.rs"]
mod failing;
#[path = "render/hyperlinks.rs"]
mod hyperlinks;
#[path = "render/layout.rs"]
mod layout;
#[path = "render/panes.rs"]
mod panes;
#[path = "render/status.rs"]
mod status;

use atlas_restores::app::App;
use atlas_restores::atlas::snapshot::Snapshot;
use atlas_restores::poller::store::SnapshotInfo;
use common::screen::*;
use common::*;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

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
        .failing_http(
            503,
            "SERVICE_UNAVAILABLE",
            "Atlas is down for maintenance.",
            3,
        )
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
