//! Cancelling restore jobs against the simulator over real HTTP: the
//! client's DELETE, and the words the dashboard's flash shows for each of
//! Atlas's answers.

use atlas_restores::atlas::Target;
use atlas_restores::atlas::{ApiKey, ApiVersion, Client, ClientSettings, ErrorKind, JobStatus};
use atlas_restores::dashboard::effects::cancel::cancel_job;
use atlas_restores::sim::{Scenario, SimConfig, Simulator};
use serde_json::json;

const GROUP: &str = "5e2211c17a3e5a48f5497de3";
const RUNNING: &str = "65650000aaaaaaaaaaaa0001";
const FINISHED: &str = "65640000bbbbbbbbbbbb0002";
const SHARDED: &str = "65630000cccccccccccc0003";

async fn start() -> Simulator {
    let text = json!({"projects": [{"id": GROUP, "name": "prod", "clusters": [
        {"name": "orders", "jobs": [
            {"id": RUNNING, "deliveryType": "download", "sim": {"readyAfter": "30m"}},
            {"id": FINISHED, "deliveryType": "automated", "targetClusterName": "copy", "targetGroupId": GROUP, "finishedAt": "-1h"},
            {"id": SHARDED, "deliveryType": "automated", "targetClusterName": "copy", "targetGroupId": GROUP, "sim": {"readyAfter": "30m", "cancel": "notAllowed"}},
        ]},
    ]}]});
    let scenario = Scenario::from_json(&text.to_string()).unwrap_or_else(|e| panic!("{e}"));
    Simulator::start(SimConfig::new(scenario))
        .await
        .unwrap_or_else(|e| panic!("simulator: {e}"))
}

fn client(sim: &Simulator, api: ApiVersion) -> Client {
    let key = ApiKey::new(sim.public_key(), sim.private_key());
    Client::new(ClientSettings::new(sim.base_url(), api, key)).unwrap_or_else(|e| panic!("{e}"))
}

async fn status_of(client: &Client, id: &str) -> JobStatus {
    let job = client.get_restore_job(GROUP, "orders", id).await;
    job.unwrap_or_else(|e| panic!("{e}")).status()
}

#[tokio::test]
async fn cancelling_a_running_job_answers_204_and_the_job_is_then_cancelled() {
    let sim = start().await;
    for api in [ApiVersion::V2, ApiVersion::V1] {
        let client = client(&sim, api);
        if api == ApiVersion::V1 {
            // Cancelled already by the v2 round; cancelling again is refused.
            let again = client.cancel_restore_job(GROUP, "orders", RUNNING).await;
            assert_eq!(again.err().and_then(|e| e.status()), Some(400));
            continue;
        }
        assert_eq!(status_of(&client, RUNNING).await, JobStatus::InProgress);
        let cancelled = client.cancel_restore_job(GROUP, "orders", RUNNING).await;
        assert!(cancelled.is_ok(), "{cancelled:?}");
        assert_eq!(status_of(&client, RUNNING).await, JobStatus::Cancelled);
    }
}

#[tokio::test]
async fn a_refused_cancel_is_a_typed_error_with_atlas_code() {
    let sim = start().await;
    let client = client(&sim, ApiVersion::V2);
    let error = client
        .cancel_restore_job(GROUP, "orders", SHARDED)
        .await
        .err()
        .unwrap_or_else(|| panic!("a sharded restore cannot be cancelled"));
    let ErrorKind::Http(failure) = &error.kind else {
        panic!("an HTTP error: {error:?}");
    };
    assert_eq!(failure.status, 405);
    assert_eq!(
        failure.error_code.as_deref(),
        Some("ATLAS_BACKUP_CANCEL_SHARD_RESTORE_JOB_NOT_ALLOWED")
    );
    assert_eq!(status_of(&client, SHARDED).await, JobStatus::InProgress);
    let missing = client
        .cancel_restore_job(GROUP, "orders", "65600000000000000000ffff")
        .await;
    assert_eq!(missing.err().and_then(|e| e.status()), Some(404));
}

#[tokio::test]
async fn the_flash_says_cancel_requested_or_gives_atlas_error() {
    let sim = start().await;
    let client = client(&sim, ApiVersion::V2);
    let target = Target::new(GROUP, "orders");
    let done = cancel_job(&client, &target, RUNNING).await;
    assert_eq!(
        done,
        Ok(format!(
            "cancel requested for restore job {RUNNING} of orders"
        ))
    );
    let finished = cancel_job(&client, &target, FINISHED).await;
    let message = finished.err().unwrap_or_default();
    assert!(
        message.starts_with(&format!(
            "cannot cancel {FINISHED}: 400 CANNOT_CANCEL_RESTORE_JOB: "
        )),
        "{message}"
    );
    assert!(message.contains("cannot be cancelled"), "{message}");
    let sharded = cancel_job(&client, &target, SHARDED).await;
    let message = sharded.err().unwrap_or_default();
    assert!(
        message.starts_with(&format!(
            "cannot cancel {SHARDED}: 405 ATLAS_BACKUP_CANCEL_SHARD_RESTORE_JOB_NOT_ALLOWED: Cannot cancel"
        )),
        "{message}"
    );
    assert!(!message.contains(sim.private_key()));
}
