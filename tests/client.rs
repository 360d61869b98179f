//! The Atlas client against the simulator over real HTTP with real digest
//! auth: credentials, API versions, pages, lossless jobs, mapped errors.

use atlas_restores::atlas::{
    ApiKey, ApiVersion, AtlasError, Client, ClientSettings, ErrorKind, JobStatus,
};
use atlas_restores::sim::{Scenario, SimConfig, Simulator};
use serde_json::{Value, json};

const GROUP: &str = "5e2211c17a3e5a48f5497de3";
const OTHER_GROUP: &str = "6f3322d28b4f6b59a6508ef4";

fn scenario(clusters: Value) -> Scenario {
    let text = json!({
        "credentials": {"publicKey": "testpub", "privateKey": "test-private-4f1d"},
        "projects": [{"id": GROUP, "name": "prod", "orgId": OTHER_GROUP, "clusters": clusters}],
    })
    .to_string();
    Scenario::from_json(&text).unwrap_or_else(|error| panic!("scenario: {error}"))
}

async fn start(clusters: Value) -> Simulator {
    Simulator::start(SimConfig::new(scenario(clusters)))
        .await
        .unwrap_or_else(|error| panic!("simulator: {error}"))
}

fn client(sim: &Simulator, api: ApiVersion, private_key: &str) -> Client {
    Client::new(ClientSettings::new(
        sim.base_url(),
        api,
        ApiKey::new(sim.public_key(), private_key),
    ))
    .unwrap_or_else(|error| panic!("client: {error}"))
}

fn good_client(sim: &Simulator, api: ApiVersion) -> Client {
    client(sim, api, sim.private_key())
}

fn orders_with(jobs: Value) -> Value {
    json!([{"name": "orders", "clusterType": "REPLICASET", "stateName": "IDLE", "backupEnabled": true, "jobs": jobs}])
}

#[tokio::test]
async fn digest_auth_with_the_right_key_lists_jobs() {
    let sim = start(orders_with(json!([{"created": "-1h", "deliveryType": "automated", "targetClusterName": "copy", "targetGroupId": GROUP, "finishedAt": "-30m"}]))).await;
    let listing = good_client(&sim, ApiVersion::V2)
        .list_restore_jobs(GROUP, "orders", true)
        .await;
    let listing = listing.unwrap_or_else(|error| panic!("{error}"));
    assert_eq!(listing.items.len(), 1);
    assert_eq!(listing.items[0].status(), JobStatus::Finished);
    assert_eq!(listing.total_count, Some(1));
}

#[tokio::test]
async fn the_client_reads_atlas_rate_limit_headers() {
    let sim = start(orders_with(json!([]))).await;
    let client = good_client(&sim, ApiVersion::V2);
    assert_eq!(client.rate_limit(), None, "nothing known before a request");
    for _ in 0..3 {
        let listed = client.list_restore_jobs(GROUP, "orders", true).await;
        assert!(listed.is_ok());
    }
    let limit = client
        .rate_limit()
        .unwrap_or_else(|| panic!("RateLimit-* headers were read"));
    assert_eq!(limit.limit, 100);
    assert!(limit.remaining < 100, "{limit:?}");
}

#[tokio::test]
async fn a_wrong_private_key_is_a_typed_401_that_does_not_show_the_key() {
    let sim = start(orders_with(json!([]))).await;
    let wrong = client(&sim, ApiVersion::V2, "wrong-secret-77aa");
    let error = wrong.list_restore_jobs(GROUP, "orders", true).await.err();
    let error = error.unwrap_or_else(|| panic!("a wrong key must fail"));
    assert_eq!(error.status(), Some(401));
    assert!(matches!(error.kind, ErrorKind::Http(_)));
    let shown = format!("{error} {error:?} {wrong:?}");
    assert!(!shown.contains("wrong-secret-77aa"), "{shown}");
    assert!(!shown.contains(sim.private_key()), "{shown}");
}

#[tokio::test]
async fn v1_serves_the_string_delivery_url_and_v2_an_array() {
    let jobs = json!([{"created": "-10m", "deliveryType": "download", "deliveryUrl": "https://dl.example/restore.tar.gz", "finishedAt": "-5m", "expiresAt": "+55m"}]);
    let sim = start(orders_with(jobs)).await;
    for api in [ApiVersion::V1, ApiVersion::V2] {
        let listing = good_client(&sim, api)
            .list_sent_restore_jobs(GROUP, "orders", true)
            .await;
        let job = listing
            .unwrap_or_else(|error| panic!("{api:?}: {error}"))
            .items
            .remove(0);
        assert_eq!(
            *job.delivery_urls,
            ["https://dl.example/restore.tar.gz"],
            "{api:?}"
        );
        assert_eq!(job.status(), JobStatus::Ready, "{api:?}");
        let shape = job
            .raw_value()
            .get("deliveryUrl")
            .cloned()
            .unwrap_or_default();
        match api {
            ApiVersion::V1 => assert!(shape.is_string(), "v1 keeps the string: {shape}"),
            ApiVersion::V2 => assert!(shape.is_array(), "v2 sends an array: {shape}"),
        }
    }
}

#[tokio::test]
async fn all_1234_jobs_over_three_pages_come_back_once_each() {
    let clusters = json!([{"name": "big", "generatedJobs": 1234, "jobs": []}]);
    let sim = start(clusters).await;
    let before = sim.stats().restore_job_list_requests;
    let listing = good_client(&sim, ApiVersion::V2)
        .list_restore_jobs(GROUP, "big", true)
        .await;
    let listing = listing.unwrap_or_else(|error| panic!("{error}"));
    assert_eq!(listing.items.len(), 1234);
    assert_eq!(listing.total_count, Some(1234));
    let mut ids: Vec<&str> = listing.items.iter().map(|job| job.id.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), 1234);
    assert_eq!(
        sim.stats().restore_job_list_requests - before,
        3,
        "500 a page"
    );
}

#[tokio::test]
async fn jobs_come_back_exactly_as_the_server_sent_them() {
    let jobs = json!([{"created": "-2h", "deliveryType": "automated", "targetClusterName": "copy", "targetGroupId": GROUP,
        "targetDeploymentItemName": "atlas-copy-shard-0", "futureField": {"nested": [1, "two", null, {"deep": 2.5}]}}]);
    let sim = start(orders_with(jobs)).await;
    let listing = good_client(&sim, ApiVersion::V2)
        .list_sent_restore_jobs(GROUP, "orders", true)
        .await;
    let job = listing
        .unwrap_or_else(|error| panic!("{error}"))
        .items
        .remove(0);

    let url = format!(
        "{}/api/atlas/v2/groups/{GROUP}/clusters/orders/backup/restoreJobs",
        sim.base_url()
    );
    let page = raw_get(&sim, &url).await;
    let sent = page["results"][0].clone();
    assert_eq!(
        serde_json::to_string(&job).ok(),
        serde_json::to_string(&sent).ok()
    );
    assert_eq!(sent["futureField"]["nested"][3]["deep"], json!(2.5));
}

#[tokio::test]
async fn not_found_codes_are_mapped() {
    let jobs = json!([{"created": "-1h", "deliveryType": "download", "snapshotId": "5f0000000000000000000001", "finishedAt": "-50m"}]);
    let clusters =
        json!([{"name": "orders", "jobs": jobs, "missingSnapshots": ["5f0000000000000000000001"]}]);
    let sim = start(clusters).await;
    let client = good_client(&sim, ApiVersion::V2);
    let code = |result: Result<_, AtlasError>| {
        result
            .err()
            .and_then(|e| e.error_code().map(str::to_string))
    };

    let no_group = client.list_restore_jobs(OTHER_GROUP, "orders", true).await;
    assert_eq!(code(no_group.map(|_| ())), Some("GROUP_NOT_FOUND".into()));
    let no_cluster = client.list_restore_jobs(GROUP, "nope", true).await;
    let no_cluster = no_cluster.map(|_| ()).err();
    assert_eq!(no_cluster.as_ref().map(AtlasError::status), Some(Some(404)));
    assert_eq!(
        no_cluster.as_ref().and_then(|e| e.error_code()),
        Some("CLUSTER_NOT_FOUND")
    );
    assert!(no_cluster.is_some_and(|e| e.to_string().contains("nope")));
    let no_snapshot = client
        .get_snapshot(GROUP, "orders", "5f0000000000000000000001", false)
        .await;
    assert_eq!(
        code(no_snapshot.map(|_| ())),
        Some("SNAPSHOT_NOT_FOUND".into())
    );
}

#[tokio::test]
async fn one_job_a_snapshot_projects_and_clusters() {
    let jobs = json!([{"id": "65650000aaaaaaaaaaaaaaaa", "created": "-1h", "deliveryType": "automated", "targetClusterName": "copy", "targetGroupId": GROUP}]);
    let sim = start(orders_with(jobs)).await;
    let client = good_client(&sim, ApiVersion::V2);

    let job = client
        .get_restore_job(GROUP, "orders", "65650000aaaaaaaaaaaaaaaa")
        .await;
    let job = job.unwrap_or_else(|error| panic!("{error}"));
    let snapshot_id = job.snapshot_id.as_deref().unwrap_or_default().to_string();
    let snapshot = client
        .get_snapshot(GROUP, "orders", &snapshot_id, false)
        .await;
    assert_eq!(snapshot.map(|s| s.id).ok(), Some(snapshot_id));

    let projects = client.list_projects().await.unwrap_or_default();
    assert_eq!(
        projects.iter().map(|p| p.name.as_str()).collect::<Vec<_>>(),
        ["prod"]
    );
    let clusters = client.list_clusters(GROUP).await.unwrap_or_default();
    assert_eq!(
        clusters.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(),
        ["orders"]
    );
    assert!(clusters[0].backup_enabled);
}

/// A GET with digest auth and the v2 media type, straight through reqwest.
async fn raw_get(sim: &Simulator, url: &str) -> Value {
    use diqwest::WithDigestAuth;
    let response = reqwest::Client::new()
        .get(url)
        .header("Accept", "application/vnd.atlas.2023-01-01+json")
        .send_digest_auth((sim.public_key(), sim.private_key()))
        .await
        .unwrap_or_else(|error| panic!("{error}"));
    response
        .json()
        .await
        .unwrap_or_else(|error| panic!("{error}"))
}
