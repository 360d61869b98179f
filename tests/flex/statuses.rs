//! A Flex cluster's jobs as the dashboard sees them: each Atlas `status`
//! mapped onto the dashboard's statuses, the ready download's countdown
//! and its expiry at `expirationDate` (on screen, and when the simulator
//! withdraws the link), the fields under the dedicated job's names, the
//! export, and the cancel key refused.

use atlas_restores::app::App;
use atlas_restores::app::export::{ExportRequest, ExportedJob, document};
use atlas_restores::atlas::{ClusterKind, DeliveryType, JobStatus, RestoreJob};
use atlas_restores::ui::format;
use chrono::TimeDelta;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use serde_json::{Value, json};

use super::{G, simulator, start_time};

/// How many jobs [`flex_jobs`] holds.
pub const COUNT: usize = 7;

const PENDING: &str = "65600001aaaaaaaaaaaa0001";
const QUEUED: &str = "65600002aaaaaaaaaaaa0002";
const RUNNING: &str = "65600003aaaaaaaaaaaa0003";
const FAILED: &str = "65600004aaaaaaaaaaaa0004";
const RESTORED: &str = "65600005aaaaaaaaaaaa0005";
const READY: &str = "65600006aaaaaaaaaaaa0006";
const GONE: &str = "65600007aaaaaaaaaaaa0007";
const URL: &str = "https://restore-flex.sim.mongodb.net:27017/abc/sandbox.tar.gz";

/// One Flex job of every status (scenario format: times relative to the
/// simulator's start).
pub fn flex_jobs() -> Value {
    json!([
        {"id": PENDING, "deliveryType": "DOWNLOAD", "status": "PENDING", "restoreScheduledDate": "-1m"},
        {"id": QUEUED, "deliveryType": "DOWNLOAD", "status": "QUEUED", "sim": {"readyAfter": "5m"}},
        {"id": RUNNING, "deliveryType": "RESTORE", "status": "RUNNING",
         "targetDeploymentItemName": "sandbox-copy", "targetProjectId": G},
        {"id": FAILED, "deliveryType": "RESTORE", "status": "FAILED",
         "targetDeploymentItemName": "sandbox-copy", "targetProjectId": G},
        {"id": RESTORED, "deliveryType": "RESTORE", "status": "COMPLETED",
         "restoreFinishedDate": "-2h", "snapshotFinishedDate": "-5h",
         "targetDeploymentItemName": "sandbox-copy", "targetProjectId": G},
        {"id": READY, "deliveryType": "DOWNLOAD", "status": "COMPLETED",
         "restoreFinishedDate": "-10m", "snapshotUrl": URL, "expirationDate": "+30m"},
        {"id": GONE, "deliveryType": "DOWNLOAD", "status": "COMPLETED",
         "restoreFinishedDate": "-3h", "expirationDate": "-2h"},
    ])
}

/// The sandbox's jobs as the client reads them now.
async fn sandbox(sim: &atlas_restores::sim::Simulator) -> Vec<RestoreJob> {
    super::client(sim)
        .list_restore_jobs(G, "sandbox", true)
        .await
        .unwrap_or_else(|e| panic!("{e}"))
        .items
}

fn find<'a>(jobs: &'a [RestoreJob], id: &str) -> &'a RestoreJob {
    jobs.iter()
        .find(|j| j.id == id)
        .unwrap_or_else(|| panic!("no job {id}"))
}

#[tokio::test]
async fn each_flex_status_maps_onto_the_dashboard_statuses() {
    let sim = simulator(super::mixed()).await;
    let jobs = sandbox(&sim).await;
    let now = start_time();
    let statuses: Vec<(&str, JobStatus)> =
        [PENDING, QUEUED, RUNNING, FAILED, RESTORED, READY, GONE]
            .iter()
            .map(|id| (*id, find(&jobs, id).status_at(now)))
            .collect();
    assert_eq!(
        statuses,
        [
            (PENDING, JobStatus::InProgress),
            (QUEUED, JobStatus::InProgress),
            (RUNNING, JobStatus::InProgress),
            (FAILED, JobStatus::Failed),
            (RESTORED, JobStatus::Finished),
            (READY, JobStatus::Ready),
            (GONE, JobStatus::Expired),
        ]
    );
    // The Flex fields under the dedicated job's names.
    let restored = find(&jobs, RESTORED);
    assert_eq!(restored.delivery_type, DeliveryType::Restore);
    assert_eq!(restored.finished_at(), Some(now - TimeDelta::hours(2)));
    assert_eq!(restored.timestamp, Some(now - TimeDelta::hours(5)));
    assert_eq!(restored.target_cluster(), Some("sandbox-copy"));
    assert_eq!(restored.target_project(), Some(G));
    let ready = find(&jobs, READY);
    assert_eq!(
        ready
            .delivery_urls()
            .iter()
            .map(|u| u.as_str())
            .collect::<Vec<_>>(),
        [URL]
    );
    assert_eq!(ready.download_urls(), [URL]);
    assert_eq!(ready.expires_at(), Some(now + TimeDelta::minutes(30)));
    assert!(jobs.iter().all(|j| j.kind() == ClusterKind::Flex));
}

#[tokio::test]
async fn a_ready_flex_download_counts_down_and_expires_at_its_expiration_date() {
    let sim = simulator(super::mixed()).await;
    let jobs = sandbox(&sim).await;
    let ready = find(&jobs, READY);
    let now = start_time();
    let expires = now + TimeDelta::minutes(30);
    assert_eq!(format::countdown(expires, now), "in 30m");
    assert_eq!(format::countdown_exact(expires, now), "in 30m 0s");
    let second_before = expires - TimeDelta::seconds(1);
    assert_eq!(ready.status_at(second_before), JobStatus::Ready);
    assert_eq!(format::countdown(expires, second_before), "in 1s");
    // At the instant itself, without a poll: expired.
    assert_eq!(ready.status_at(expires), JobStatus::Expired);
    // And Atlas (the simulator) withdraws the link once it has expired.
    sim.advance(std::time::Duration::from_secs(31 * 60));
    let later = sandbox(&sim).await;
    let withdrawn = find(&later, READY);
    assert!(withdrawn.delivery_urls().is_empty());
    assert_eq!(withdrawn.status(), JobStatus::Expired);
    // The queued download became ready in the meantime, with an hour to go.
    let queued = find(&later, QUEUED);
    assert_eq!(queued.status_at(sim.now()), JobStatus::Ready);
    let finished = queued.finished_at().unwrap_or_default();
    assert_eq!(queued.expires_at(), Some(finished + TimeDelta::hours(1)));
}

fn flex_job(value: Value) -> RestoreJob {
    RestoreJob::from_flex_value(value).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn an_export_names_the_kind_and_writes_a_flex_job_in_its_own_names() {
    let ready = flex_job(
        json!({"id": READY, "deliveryType": "DOWNLOAD", "status": "COMPLETED",
        "snapshotUrl": URL, "expirationDate": "2026-12-04T14:30:00Z",
        "restoreFinishedDate": "2026-12-04T13:50:00Z", "unknown": 1}),
    );
    let request = ExportRequest {
        filter_text: String::new(),
        statuses: Vec::new(),
        jobs: vec![ExportedJob {
            group_id: G.into(),
            cluster_name: "sandbox".into(),
            job: ready,
        }],
    };
    let exported = document(&request, start_time());
    let job = &exported["jobs"][0];
    assert_eq!(job["kind"], "flex");
    assert_eq!(
        job["job"],
        json!({"id": READY, "deliveryType": "DOWNLOAD", "status": "COMPLETED",
            "restoreFinishedDate": "2026-12-04T13:50:00Z",
            "expirationDate": "2026-12-04T14:30:00Z", "snapshotUrl": URL})
    );
}

#[test]
fn x_on_a_flex_job_says_atlas_cannot_cancel_it() {
    let running = flex_job(json!({"id": RUNNING, "deliveryType": "RESTORE", "status": "RUNNING"}));
    let data = super::common::StoreBuilder::new()
        .target(G, "sandbox", vec![running])
        .build();
    let mut app = App::new(data);
    app.set_allow_cancel(true);
    let effect = app.handle_key(KeyEvent::new(KeyCode::Char('x'), KeyModifiers::NONE));
    assert_eq!(effect, None);
    assert!(app.confirming().is_none(), "no confirmation asked");
    let flash = app.flash().map(|f| f.text.clone()).unwrap_or_default();
    assert!(
        flash.contains("cannot") || flash.contains("no way"),
        "{flash}"
    );
    assert!(flash.contains("Flex"), "{flash}");
}
