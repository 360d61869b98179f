//! Data builders shared by the benchmarks: store pictures of a big
//! organisation's jobs, simulator scenarios, and a client for a simulator.
#![allow(dead_code)]

use std::sync::Arc;
use std::time::Duration;

use atlas_restores::atlas::Target;
use atlas_restores::atlas::{ApiKey, ApiVersion, Client, ClientSettings, RestoreJob};
use atlas_restores::poller::store::{StoreData, TargetState};
use atlas_restores::sim::{RateLimitConfig, Scenario, SimConfig, Simulator};
use chrono::{DateTime, TimeDelta, Utc};
use serde_json::json;

/// Jobs per cluster in the store pictures: one full Atlas page.
pub const JOBS_PER_TARGET: usize = 500;

/// The instant every frame is drawn at: 2024-05-01 12:00:00 UTC.
pub fn now() -> DateTime<Utc> {
    DateTime::from_timestamp(1_714_564_800, 0).expect("a valid fixed instant")
}

fn rfc3339(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// Job `serial`: a mix of downloads (some expiring soon), automated
/// restores, running and failed jobs, created a few minutes apart.
pub fn job(serial: usize) -> RestoreJob {
    let created = now() - TimeDelta::minutes(i64::try_from(serial % 100_000).unwrap_or(0) * 3);
    let id = format!("{:08x}{serial:016x}", created.timestamp());
    let snapshot = format!("{:024x}", serial * 7 + 1);
    let value = match serial % 4 {
        0 => json!({
            "id": id, "deliveryType": "download", "snapshotId": snapshot,
            "deliveryUrl": [format!("https://restore.example.net/{serial}/restore.tar.gz")],
            "expiresAt": rfc3339(now() + TimeDelta::minutes(i64::try_from(serial % 240).unwrap_or(0))),
            "finishedAt": rfc3339(created + TimeDelta::minutes(4)),
        }),
        1 => json!({
            "id": id, "deliveryType": "automated", "snapshotId": snapshot,
            "targetClusterName": format!("restore-{}", serial % 13),
            "targetGroupId": "6600000000000000000000aa",
            "finishedAt": rfc3339(created + TimeDelta::minutes(9)),
        }),
        2 => json!({
            "id": id, "deliveryType": "automated", "snapshotId": snapshot,
            "targetClusterName": "staging", "targetGroupId": "6600000000000000000000bb",
        }),
        _ => json!({
            "id": id, "deliveryType": "download", "snapshotId": snapshot, "failed": true,
        }),
    };
    RestoreJob::from_value(value).expect("a job object")
}

/// A store picture with `jobs` jobs, [`JOBS_PER_TARGET`] per cluster,
/// clusters spread over ten projects.
pub fn store_with_jobs(jobs: usize) -> Arc<StoreData> {
    Arc::new(store_of(jobs, JOBS_PER_TARGET))
}

/// A store picture (version 1) with `jobs` jobs, `per_cluster` a cluster,
/// clusters spread over ten projects, all polled 20 s ago.
pub fn store_of(jobs: usize, per_cluster: usize) -> StoreData {
    let targets = jobs.div_ceil(per_cluster).max(1);
    let mut data = StoreData {
        version: 1,
        interval: Duration::from_secs(30),
        ..StoreData::default()
    };
    for t in 0..targets {
        let group = format!("66{:022x}", t % 10);
        let mut state = TargetState::new(Target::new(group, format!("cluster-{t:04}")));
        state.project_name = Some(format!("project-{}", t % 10));
        let first = t * per_cluster;
        let last = (first + per_cluster).min(jobs);
        state.jobs = Arc::new((first..last).map(job).collect());
        state.fetched_at = Some(now() - TimeDelta::seconds(20));
        data.targets.push(state);
    }
    data
}

/// The group id of project `p` in [`scenario`].
pub fn group_id(p: usize) -> String {
    format!("65{p:022x}")
}

/// A scenario of `clusters` clusters (50 a project), each with
/// `jobs_per_cluster` generated jobs.
pub fn scenario(clusters: usize, jobs_per_cluster: usize) -> Scenario {
    let projects: Vec<_> = (0..clusters.div_ceil(50))
        .map(|p| {
            let names: Vec<_> = (p * 50..((p + 1) * 50).min(clusters))
                .map(|c| json!({"name": format!("c{c:04}"), "generatedJobs": jobs_per_cluster}))
                .collect();
            json!({"id": group_id(p), "name": format!("p{p}"), "clusters": names})
        })
        .collect();
    let text = json!({"projects": projects}).to_string();
    Scenario::from_json(&text).expect("a valid scenario")
}

/// Every cluster of [`scenario`]`(clusters, _)`.
pub fn targets(clusters: usize) -> Vec<Target> {
    (0..clusters)
        .map(|c| Target::new(group_id(c / 50), format!("c{c:04}")))
        .collect()
}

/// Starts a simulator for `scenario` with `latency` added to each answer and
/// a rate limit no benchmark reaches.
pub async fn start_simulator(scenario: Scenario, latency: Duration) -> Simulator {
    let mut config = SimConfig::new(scenario);
    config.latency = latency;
    config.rate_limit = RateLimitConfig {
        limit: 1_000_000,
        refill_per_second: 1e6,
    };
    Simulator::start(config)
        .await
        .expect("the simulator starts")
}

/// A client of `sim` with its keys.
pub fn client_for(sim: &Simulator) -> Client {
    let key = ApiKey::new(sim.public_key(), sim.private_key());
    Client::new(ClientSettings::new(sim.base_url(), ApiVersion::V2, key)).expect("a client")
}
