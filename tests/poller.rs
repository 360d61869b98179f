//! The background poller against the simulator: jobs evolve in the store
//! without a key press, and a failing target keeps its last good jobs.

mod common;

use std::sync::Arc;
use std::time::Duration;

use atlas_restores::atlas::Target;
use atlas_restores::atlas::{ApiKey, ApiVersion, Client, ClientSettings, JobStatus};
use atlas_restores::poller::store::{SnapshotInfo, Store, StoreData, TargetState};
use atlas_restores::poller::{Command, PollSettings, Poller};
use atlas_restores::sim::{Scenario, SimConfig, Simulator};
use common::wait_for_store;
use serde_json::json;

const GROUP: &str = "5e2211c17a3e5a48f5497de3";
const JOB: &str = "65650000aaaaaaaaaaaaaaaa";

async fn start(scenario: serde_json::Value) -> (Simulator, Arc<Store>, Poller) {
    let scenario =
        Scenario::from_json(&scenario.to_string()).unwrap_or_else(|error| panic!("{error}"));
    let targets: Vec<TargetState> = scenario
        .targets()
        .into_iter()
        .map(|(group, name)| TargetState::new(Target::new(group, name)))
        .collect();
    let sim = Simulator::start(SimConfig::new(scenario))
        .await
        .unwrap_or_else(|error| panic!("{error}"));
    let client = Client::new(ClientSettings::new(
        sim.base_url(),
        ApiVersion::V2,
        ApiKey::new(sim.public_key(), sim.private_key()),
    ))
    .unwrap_or_else(|error| panic!("{error}"));
    let interval = Duration::from_millis(50);
    let store = Store::new(targets, interval);
    let poller = Poller::spawn(
        client,
        Arc::clone(&store),
        PollSettings::every(interval),
        Vec::new(),
    );
    (sim, store, poller)
}

fn status_of(data: &StoreData, id: &str) -> Option<JobStatus> {
    data.targets
        .iter()
        .flat_map(|t| t.jobs.iter())
        .find(|job| job.id == id)
        .map(|job| job.status())
}

#[tokio::test]
async fn an_evolving_download_turns_ready_without_a_key_press() {
    let scenario = json!({"projects": [{"id": GROUP, "name": "prod", "clusters": [{"name": "orders", "jobs": [
        {"id": JOB, "created": "-1m", "deliveryType": "download", "sim": {"readyAfter": "10m"}},
    ]}]}]});
    let (sim, store, _poller) = start(scenario).await;
    wait_for_store(&store, "the job in progress", |data| {
        status_of(data, JOB) == Some(JobStatus::InProgress)
    })
    .await;
    sim.advance(Duration::from_secs(11 * 60));
    let data = wait_for_store(&store, "the job ready", |data| {
        status_of(data, JOB) == Some(JobStatus::Ready)
    })
    .await;
    let job = data.targets[0]
        .jobs
        .iter()
        .find(|job| job.id == JOB)
        .cloned();
    let job = job.unwrap_or_else(|| panic!("job gone"));
    assert!(!job.delivery_urls.is_empty());
    let expires_in = job
        .expires_at
        .zip(job.finished_at)
        .map(|(e, f)| (e - f).num_minutes());
    assert_eq!(
        expires_in,
        Some(60),
        "the link expires about an hour after it appears"
    );
    assert!(data.targets[0].fetched_at.is_some() && data.targets[0].last_error.is_none());
}

#[tokio::test]
async fn a_failing_target_keeps_its_last_jobs_and_shows_its_error() {
    let scenario = json!({"projects": [{"id": GROUP, "name": "prod", "clusters": [
        {"name": "orders", "jobs": [{"id": JOB, "created": "-1h", "deliveryType": "automated", "targetClusterName": "copy", "finishedAt": "-5m"}]},
    ]}]});
    let (sim, store, _poller) = start(scenario).await;
    wait_for_store(&store, "the first jobs", |data| {
        status_of(data, JOB) == Some(JobStatus::Finished)
    })
    .await;
    sim.set_faults(GROUP, "orders", json!([{"status": 503, "errorCode": "SERVICE_UNAVAILABLE", "detail": "Atlas is down for maintenance."}])).unwrap_or_else(|error| panic!("{error}"));
    let data = wait_for_store(&store, "the error", |data| {
        data.targets[0].last_error.is_some()
    })
    .await;
    let target = &data.targets[0];
    assert_eq!(target.jobs.len(), 1, "the last good jobs stay");
    let message = target
        .last_error
        .as_ref()
        .map(|e| e.message.clone())
        .unwrap_or_default();
    assert!(
        message.contains("503") && message.contains("Atlas is down for maintenance."),
        "{message}"
    );
    assert!(target.next_poll.is_some());

    sim.set_faults(GROUP, "orders", json!([]))
        .unwrap_or_else(|error| panic!("{error}"));
    wait_for_store(&store, "recovery", |data| {
        data.targets[0].last_error.is_none()
    })
    .await;
}

#[tokio::test]
async fn a_snapshot_is_fetched_on_request_and_a_missing_one_is_marked_missing() {
    let scenario = json!({"projects": [{"id": GROUP, "name": "prod", "clusters": [{"name": "orders",
    "missingSnapshots": ["5f0000000000000000000002"],
    "jobs": [
        {"id": JOB, "created": "-1h", "deliveryType": "automated", "snapshotId": "5f0000000000000000000001", "timestamp": "-2h", "targetClusterName": "copy"},
        {"created": "-2h", "deliveryType": "automated", "snapshotId": "5f0000000000000000000002", "targetClusterName": "copy"},
    ]}]}]});
    let (_sim, store, poller) = start(scenario).await;
    let target = Target::new(GROUP, "orders");
    for id in ["5f0000000000000000000001", "5f0000000000000000000002"] {
        poller.send(Command::FetchSnapshot {
            target: target.clone(),
            snapshot_id: id.into(),
            sharded: false,
        });
    }
    let data = wait_for_store(&store, "both snapshots", |data| {
        data.snapshots
            .values()
            .filter(|info| !matches!(info, SnapshotInfo::Loading))
            .count()
            == 2
    })
    .await;
    assert!(matches!(
        data.snapshots.get("5f0000000000000000000001"),
        Some(SnapshotInfo::Loaded(_))
    ));
    assert_eq!(
        data.snapshots.get("5f0000000000000000000002"),
        Some(&SnapshotInfo::Missing)
    );
}

#[tokio::test]
async fn a_watched_project_gains_and_loses_clusters_without_a_restart() {
    let scenario = json!({"projects": [{"id": GROUP, "name": "prod", "clusters": [
        {"name": "orders", "generatedJobs": 2, "jobs": []},
        {"name": "billing", "generatedJobs": 1, "jobs": []},
    ]}]});
    let scenario =
        Scenario::from_json(&scenario.to_string()).unwrap_or_else(|error| panic!("{error}"));
    let sim = Simulator::start(SimConfig::new(scenario))
        .await
        .unwrap_or_else(|error| panic!("{error}"));
    let key = ApiKey::new(sim.public_key(), sim.private_key());
    let client = Client::new(ClientSettings::new(sim.base_url(), ApiVersion::V2, key))
        .unwrap_or_else(|error| panic!("{error}"));
    let store = Store::new(Vec::new(), Duration::from_millis(50));
    let settings = PollSettings {
        relist: Duration::from_millis(100),
        ..PollSettings::every(Duration::from_millis(50))
    };
    let projects = vec![GROUP.to_string(), "6f3322d28b4f6b59a6508ef4".to_string()];
    let _poller = Poller::spawn(client, Arc::clone(&store), settings, projects);
    let names = |data: &StoreData| {
        data.targets
            .iter()
            .map(|t| t.target.cluster_name.clone())
            .collect::<Vec<_>>()
    };

    let data = wait_for_store(&store, "both clusters with their jobs", |data| {
        names(data) == ["billing", "orders"] && data.targets.iter().all(|t| t.fetched_at.is_some())
    })
    .await;
    assert!(
        data.targets
            .iter()
            .all(|t| t.project_name.as_deref() == Some("prod")),
        "project names are looked up"
    );
    let unknown = data
        .project_errors
        .get("6f3322d28b4f6b59a6508ef4")
        .map(|e| e.message.clone());
    assert_eq!(
        unknown.as_deref(),
        Some("project 6f3322d28b4f6b59a6508ef4 not found (404 GROUP_NOT_FOUND)")
    );

    sim.add_cluster(
        GROUP,
        json!({"name": "search", "generatedJobs": 3, "jobs": []}),
    )
    .unwrap_or_else(|error| panic!("{error}"));
    let data = wait_for_store(&store, "the new cluster", |data| {
        data.targets
            .iter()
            .any(|t| t.target.cluster_name == "search" && t.jobs.len() == 3)
    })
    .await;
    assert_eq!(names(&data), ["billing", "orders", "search"]);

    sim.remove_cluster(GROUP, "billing")
        .unwrap_or_else(|error| panic!("{error}"));
    wait_for_store(&store, "the deleted cluster gone", |data| {
        names(data) == ["orders", "search"]
    })
    .await;
}

#[tokio::test]
async fn the_picker_lists_every_cluster_and_changes_the_watch_list_live() {
    use atlas_restores::poller::store::Inventory;
    let scenario = json!({"projects": [
        {"id": GROUP, "name": "prod", "clusters": [{"name": "orders", "generatedJobs": 1, "jobs": []}, {"name": "billing", "generatedJobs": 2, "jobs": []}]},
        {"id": "6f3322d28b4f6b59a6508ef4", "name": "staging", "clusters": [{"name": "search", "generatedJobs": 3, "jobs": []}]},
    ]});
    let (sim, store, poller) = start(scenario).await;
    poller.send(Command::LoadInventory);
    let data = wait_for_store(&store, "the inventory", |data| {
        matches!(data.inventory, Inventory::Loaded(_))
    })
    .await;
    let Inventory::Loaded(projects) = &data.inventory else {
        unreachable!("matched above")
    };
    let listed: Vec<(String, usize)> = projects
        .iter()
        .map(|p| {
            (
                p.project.name.clone(),
                p.clusters.as_ref().map(Vec::len).unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(
        listed,
        [("prod".to_string(), 2), ("staging".to_string(), 1)]
    );

    let chosen = vec![
        Target::new(GROUP, "orders"),
        Target::new("6f3322d28b4f6b59a6508ef4", "search"),
    ];
    poller.send(Command::SetTargets(chosen));
    let data = wait_for_store(&store, "the new watch list loaded", |data| {
        let names: Vec<&str> = data
            .targets
            .iter()
            .map(|t| t.target.cluster_name.as_str())
            .collect();
        names == ["orders", "search"] && data.targets.iter().all(|t| t.fetched_at.is_some())
    })
    .await;
    assert_eq!(data.targets[1].jobs.len(), 3);
    drop(sim);
}
