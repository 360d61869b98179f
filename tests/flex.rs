//! Flex clusters end to end, over HTTP against the simulator and through
//! the real binary: discovery (`--project` lists both kinds, marked), a
//! named Flex cluster found by Atlas's 400 and remembered, the way back,
//! no switch on any other error, Flex jobs across pages, the Flex media
//! type, a mixed project polled into one store, and `list`'s kind in JSON,
//! CSV and the table. The status mapping and the countdown are in
//! `flex/statuses.rs`, the detail pane and the picker in `flex/screen.rs`.

mod common;

#[path = "flex/screen.rs"]
mod screen;
#[path = "flex/statuses.rs"]
mod statuses;

use std::sync::Arc;
use std::time::Duration;

use atlas_restores::atlas::client::FLEX_MEDIA_TYPE;
use atlas_restores::atlas::{ApiKey, ApiVersion, Client, ClientSettings, ClusterKind};
use atlas_restores::poller::store::Store;
use atlas_restores::poller::{PollSettings, Poller};
use atlas_restores::sim::{Scenario, SimConfig, Simulator};
use chrono::{DateTime, Utc};
use common::cli::{atlas_restores, run};
use serde_json::{Value, json};

const G: &str = "5e2211c17a3e5a48f5497de3";
/// The simulator's start: 2026-12-03 12:00:00 UTC.
const START: i64 = 1_796_392_800;

fn start_time() -> DateTime<Utc> {
    DateTime::from_timestamp(START, 0).unwrap_or_default()
}

/// Project G: the dedicated `orders`, the Flex `sandbox` with one job of
/// every status, and the Flex `bigflex` with 1,100 jobs (three pages).
fn mixed() -> Value {
    json!({"projects": [{"id": G, "name": "prod", "clusters": [
        {"name": "orders", "jobs": [{"id": "65650000aaaaaaaaaaaaaaaa", "created": "-1h",
            "deliveryType": "automated", "targetClusterName": "copy", "finishedAt": "-40m"}]},
        {"name": "sandbox", "flex": true, "jobs": statuses::flex_jobs()},
        {"name": "bigflex", "flex": true, "generatedJobs": 1100},
    ]}]})
}

/// A simulator pinned at [`START`]: it moves only when advanced.
async fn simulator(scenario: Value) -> Simulator {
    simulator_from(scenario, Some(start_time())).await
}

async fn simulator_from(scenario: Value, start: Option<DateTime<Utc>>) -> Simulator {
    let scenario = Scenario::from_json(&scenario.to_string()).unwrap_or_else(|e| panic!("{e}"));
    let mut config = SimConfig::new(scenario);
    config.start = start;
    Simulator::start(config)
        .await
        .unwrap_or_else(|e| panic!("{e}"))
}

fn client(sim: &Simulator) -> Client {
    Client::new(ClientSettings::new(
        sim.base_url(),
        ApiVersion::V2,
        ApiKey::new(sim.public_key(), sim.private_key()),
    ))
    .unwrap_or_else(|e| panic!("{e}"))
}

/// Restore-job listings the simulator answered (pages and refusals).
fn listings(sim: &Simulator) -> u64 {
    sim.stats().restore_job_list_requests
}

/// `atlas-restores ARGS` pointed at `sim`.
async fn list(sim: &Simulator, args: &[&str]) -> (bool, String, String) {
    let mut command = atlas_restores(args);
    command
        .env("MONGODB_ATLAS_BASE_URL", sim.base_url())
        .env("MONGODB_ATLAS_PUBLIC_API_KEY", sim.public_key())
        .env("MONGODB_ATLAS_PRIVATE_API_KEY", sim.private_key());
    let (output, stdout, stderr) = run(command).await;
    (output.status.success(), stdout, stderr)
}

/// A GET with digest auth and `accept`: the status and the body.
async fn get(sim: &Simulator, path: &str, accept: &str) -> (u16, Value) {
    use diqwest::WithDigestAuth;
    let response = reqwest::Client::new()
        .get(format!("{}{path}", sim.base_url()))
        .header("Accept", accept)
        .send_digest_auth((sim.public_key(), sim.private_key()))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn a_project_lists_its_flex_clusters_beside_the_dedicated_ones() {
    let sim = simulator(mixed()).await;
    let client = client(&sim);
    let clusters = client
        .list_project_clusters(G)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let kinds: Vec<(&str, ClusterKind)> =
        clusters.iter().map(|c| (c.name.as_str(), c.kind)).collect();
    assert_eq!(
        kinds,
        [
            ("orders", ClusterKind::Dedicated),
            ("sandbox", ClusterKind::Flex),
            ("bigflex", ClusterKind::Flex),
        ]
    );
    assert!(clusters.iter().all(|c| c.backup_enabled));
    // Listed, the kinds are known: the first read goes straight to the
    // Flex API, one request.
    assert_eq!(client.kind_of(G, "sandbox"), ClusterKind::Flex);
    let before = listings(&sim);
    let jobs = client.list_restore_jobs(G, "sandbox", true).await;
    assert!(jobs.is_ok_and(|jobs| jobs.items.len() == statuses::COUNT));
    assert_eq!(listings(&sim) - before, 1);
}

#[tokio::test]
async fn a_named_flex_cluster_is_found_by_atlas_400_and_remembered() {
    let sim = simulator(mixed()).await;
    let client = client(&sim);
    assert_eq!(client.kind_of(G, "sandbox"), ClusterKind::Dedicated);
    let before = listings(&sim);
    let listing = client
        .list_restore_jobs(G, "sandbox", true)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(listing.items.len(), statuses::COUNT);
    assert!(listing.items.iter().all(|j| j.kind() == ClusterKind::Flex));
    assert_eq!(
        listings(&sim) - before,
        2,
        "the cluster API's 400, then the Flex API"
    );
    assert_eq!(client.kind_of(G, "sandbox"), ClusterKind::Flex);
    let before = listings(&sim);
    let again = client.list_restore_jobs(G, "sandbox", true).await;
    assert!(again.is_ok());
    assert_eq!(listings(&sim) - before, 1, "remembered: no second 400");
}

#[tokio::test]
async fn a_cluster_thought_flex_is_read_as_dedicated_on_the_flex_api_400() {
    let sim = simulator(mixed()).await;
    let client = client(&sim);
    let listed = client.list_project_clusters(G).await;
    assert!(listed.is_ok());
    // Deleted and made again as a dedicated cluster under the same name.
    sim.remove_cluster(G, "sandbox")
        .unwrap_or_else(|e| panic!("{e}"));
    let job = json!({"id": "65660000bbbbbbbbbbbbbbbb", "created": "-2h",
        "deliveryType": "automated", "targetClusterName": "copy", "finishedAt": "-1h"});
    sim.add_cluster(G, json!({"name": "sandbox", "jobs": [job]}))
        .unwrap_or_else(|e| panic!("{e}"));
    let listing = client
        .list_restore_jobs(G, "sandbox", true)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(listing.items.len(), 1);
    assert_eq!(listing.items[0].kind(), ClusterKind::Dedicated);
    assert_eq!(client.kind_of(G, "sandbox"), ClusterKind::Dedicated);
}

#[tokio::test]
async fn no_other_error_switches_the_api() {
    let sim = simulator(mixed()).await;
    let client = client(&sim);
    let before = listings(&sim);
    let missing = client.list_restore_jobs(G, "nope", true).await;
    assert_eq!(
        missing
            .err()
            .and_then(|e| e.error_code().map(str::to_string)),
        Some("CLUSTER_NOT_FOUND".to_string())
    );
    assert_eq!(
        listings(&sim) - before,
        1,
        "a 404 is not a reason to try Flex"
    );
    assert_eq!(client.kind_of(G, "nope"), ClusterKind::Dedicated);
    let refusal = json!([{"status": 400, "errorCode": "INVALID_QUERY_PARAMETER",
        "detail": "Invalid query parameter itemsPerPage."}]);
    sim.set_faults(G, "orders", refusal)
        .unwrap_or_else(|e| panic!("{e}"));
    let before = listings(&sim);
    let refused = client.list_restore_jobs(G, "orders", true).await;
    assert_eq!(refused.err().and_then(|e| e.status()), Some(400));
    assert_eq!(listings(&sim) - before, 1, "another 400 is not either");
    assert_eq!(client.kind_of(G, "orders"), ClusterKind::Dedicated);
}

#[tokio::test]
async fn flex_jobs_are_read_across_pages() {
    let sim = simulator(mixed()).await;
    let client = client(&sim);
    assert!(client.list_flex_clusters(G).await.is_ok());
    let before = listings(&sim);
    let listing = client
        .list_restore_jobs(G, "bigflex", true)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(listings(&sim) - before, 3, "500 + 500 + 100");
    assert_eq!(listing.total_count, Some(1100));
    let ids: std::collections::HashSet<&str> =
        listing.items.iter().map(|j| j.id.as_str()).collect();
    assert_eq!(ids.len(), 1100, "every job once");
    let now = start_time();
    assert!(listing.items.iter().all(|j| {
        j.kind() == ClusterKind::Flex
            && j.status_at(now) == atlas_restores::atlas::JobStatus::Finished
            && j.target_cluster() == Some("bigflex")
    }));
}

#[tokio::test]
async fn the_flex_endpoints_answer_only_their_own_media_type() {
    let sim = simulator(mixed()).await;
    let clusters = format!("/api/atlas/v2/groups/{G}/flexClusters");
    let jobs = format!("{clusters}/sandbox/backup/restoreJobs");
    let (status, page) = get(&sim, &clusters, FLEX_MEDIA_TYPE).await;
    assert_eq!(status, 200);
    assert_eq!(page["totalCount"], 2);
    assert_eq!(get(&sim, &jobs, FLEX_MEDIA_TYPE).await.0, 200);
    for other in [
        "application/vnd.atlas.2023-01-01+json",
        "application/vnd.atlas.2024-08-05+json",
        "application/json",
    ] {
        let (status, body) = get(&sim, &jobs, other).await;
        assert_eq!(
            (status, &body["errorCode"]),
            (406, &json!("INVALID_VERSION_DATE")),
            "{other}"
        );
        assert_eq!(get(&sim, &clusters, other).await.0, 406, "{other}");
    }
    // The wrong API, each way: Atlas's own codes.
    let v2 = "application/vnd.atlas.2023-01-01+json";
    let (status, body) = get(
        &sim,
        &format!("/api/atlas/v2/groups/{G}/clusters/sandbox/backup/restoreJobs"),
        v2,
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(body["errorCode"], "CANNOT_USE_FLEX_CLUSTER_IN_CLUSTER_API");
    let (status, body) = get(
        &sim,
        &format!("/api/atlas/v2/groups/{G}/flexClusters/orders/backup/restoreJobs"),
        FLEX_MEDIA_TYPE,
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(body["errorCode"], "CANNOT_USE_NON_FLEX_CLUSTER_IN_FLEX_API");
    // The dedicated cluster list leaves Flex clusters out.
    let (_, dedicated) = get(
        &sim,
        &format!("/api/atlas/v2/groups/{G}/clusters"),
        "application/vnd.atlas.2024-08-05+json",
    )
    .await;
    assert_eq!(dedicated["results"].as_array().map(Vec::len), Some(1));
}

#[tokio::test]
async fn a_mixed_project_is_polled_into_one_store() {
    let sim = simulator(mixed()).await;
    let store = Arc::new(Store::new(Vec::new(), Duration::from_millis(50)));
    let _poller = Poller::spawn(
        client(&sim),
        Arc::clone(&store),
        PollSettings::every(Duration::from_millis(50)),
        vec![G.to_string()],
    );
    let data = common::wait_for_store(&store, "every cluster polled", |data| {
        data.targets.len() == 3 && data.targets.iter().all(|t| t.fetched_at.is_some())
    })
    .await;
    for state in &data.targets {
        let expected = match state.target.cluster_name.as_str() {
            "orders" => ClusterKind::Dedicated,
            _ => ClusterKind::Flex,
        };
        assert_eq!(state.kind(), expected, "{}", state.target);
        assert!(state.jobs.iter().all(|job| job.kind() == expected));
        assert!(state.last_error.is_none(), "{:?}", state.last_error);
    }
    let jobs: usize = data.targets.iter().map(|t| t.jobs.len()).sum();
    assert_eq!(jobs, 1 + statuses::COUNT + 1100);
}

#[tokio::test]
async fn list_shows_the_kind_in_json_csv_and_the_table() {
    // `list` reads statuses at the real time: the simulator starts at it
    // (the ready link has half an hour to go).
    let sim = simulator_from(mixed(), None).await;
    let (ok, stdout, stderr) = list(&sim, &["list", "--project", G, "--output", "json"]).await;
    assert!(ok, "{stderr}");
    let document: Value = serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}"));
    let kinds: Vec<(String, String)> = document["clusters"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|c| (c["clusterName"].to_string(), c["kind"].to_string()))
        .collect();
    assert_eq!(
        kinds,
        [
            ("\"bigflex\"".into(), "\"flex\"".into()),
            ("\"orders\"".into(), "\"dedicated\"".into()),
            ("\"sandbox\"".into(), "\"flex\"".into()),
        ]
    );
    // Each Flex job byte for byte as the Flex API serves it.
    let (_, served) = get(
        &sim,
        &format!("/api/atlas/v2/groups/{G}/flexClusters/sandbox/backup/restoreJobs"),
        FLEX_MEDIA_TYPE,
    )
    .await;
    let text = stdout.as_str();
    for job in served["results"].as_array().into_iter().flatten() {
        assert!(text.contains(&job.to_string()), "not as sent: {job}");
    }

    let (ok, csv, stderr) = list(
        &sim,
        &[
            "list",
            "--cluster",
            &format!("{G}/sandbox"),
            "--output",
            "csv",
        ],
    )
    .await;
    assert!(ok, "{stderr}");
    let mut lines = csv.lines();
    assert!(lines.next().is_some_and(|h| h.ends_with(",kind")), "{csv}");
    let rows: Vec<&str> = lines.collect();
    assert_eq!(rows.len(), statuses::COUNT);
    assert!(rows.iter().all(|row| row.ends_with(",flex")), "{csv}");
    assert!(
        rows.iter().any(|row| row.contains(",download,ready,")),
        "{csv}"
    );

    let (ok, table, stderr) = list(&sim, &["list", "--project", G]).await;
    assert!(ok, "{stderr}");
    let header = table.lines().next().unwrap_or_default();
    assert!(header.contains("KIND"), "{header}");
    let kind_of = |cluster: &str| {
        table
            .lines()
            .filter(|l| l.split_whitespace().nth(1) == Some(cluster))
            .map(|l| l.split_whitespace().nth(2).unwrap_or_default().to_string())
            .collect::<std::collections::BTreeSet<_>>()
    };
    assert_eq!(kind_of("sandbox"), ["flex".to_string()].into());
    assert_eq!(kind_of("orders"), ["dedicated".to_string()].into());
}
