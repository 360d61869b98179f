//! Flex clusters on the simulator: their listing entry
//! (`FlexClusterDescription20241113`), their restore jobs
//! (`FlexBackupRestoreJob20241113`) as they evolve on the simulator clock.

use chrono::{DateTime, TimeDelta, Utc};
use serde_json::{Map, Value, json};

use super::jobs::Job;
use super::times::{date_field, rfc3339};
use super::world::Cluster;

/// The Flex API's only version.
pub const VERSION: &str = "2024-11-13";

/// `…/groups/{group}/flexClusters/{name}` under `base`.
fn cluster_href(base: &str, group: &str, name: &str) -> String {
    format!("{base}/groups/{group}/flexClusters/{name}")
}

/// A Flex cluster as `GET …/flexClusters` lists it.
pub fn render_cluster(cluster: &Cluster, base: &str, group: &str) -> Value {
    let mut o = cluster.spec.extra.clone();
    let s = &cluster.spec;
    let fields = json!({
        "backupSettings": {"enabled": s.backup_enabled},
        "clusterType": "REPLICASET",
        "groupId": group,
        "id": cluster.id,
        "links": [{"href": cluster_href(base, group, &s.name), "rel": "self"}],
        "mongoDBVersion": s.mongodb_version,
        "name": s.name,
        "providerSettings": {
            "backingProviderName": "AWS",
            "providerName": "FLEX",
            "regionName": "US_EAST_1",
        },
        "stateName": s.state_name,
        "terminationProtectionEnabled": false,
        "versionReleaseSystem": "LTS",
    });
    if let Value::Object(f) = fields {
        o.extend(f);
    }
    o.sort_keys();
    Value::Object(o)
}

/// A Flex job at `now`: `RUNNING` (or the scenario's `PENDING`/`QUEUED`)
/// until `readyAfter`/`failAfter`; then `FAILED`, or `COMPLETED` with
/// `restoreFinishedDate` and, for a download, a `snapshotUrl` that
/// expires an hour later and is withdrawn when it has.
pub fn render_job(job: &Job, now: DateTime<Utc>, base: &str, group: &str, name: &str) -> Value {
    let mut o = job.raw.clone();
    let download = o.get("deliveryType").and_then(Value::as_str) == Some("DOWNLOAD");
    let running = |at: Option<DateTime<Utc>>| at.is_some_and(|t| now < t);
    if running(job.ready_at) || running(job.fail_at) {
        let waiting = matches!(
            o.get("status").and_then(Value::as_str),
            Some("PENDING" | "QUEUED")
        );
        if !waiting {
            o.insert("status".into(), "RUNNING".into());
        }
        for field in ["restoreFinishedDate", "snapshotUrl", "expirationDate"] {
            o.remove(field);
        }
    } else if job.fail_at.is_some() {
        o.insert("status".into(), "FAILED".into());
        o.remove("snapshotUrl");
        o.remove("expirationDate");
    } else if let Some(t) = job.ready_at {
        o.insert("status".into(), "COMPLETED".into());
        o.entry("restoreFinishedDate")
            .or_insert_with(|| rfc3339(t).into());
        if download {
            o.entry("snapshotUrl")
                .or_insert_with(|| job.download_url(None).into());
            o.entry("expirationDate")
                .or_insert_with(|| rfc3339(t + TimeDelta::hours(1)).into());
        }
    }
    if download && date_field(&o, "expirationDate").is_some_and(|t| t <= now) {
        o.remove("snapshotUrl");
    }
    o.entry("instanceName").or_insert_with(|| name.into());
    o.entry("projectId").or_insert_with(|| group.into());
    let href = format!(
        "{}/backup/restoreJobs/{}",
        cluster_href(base, group, name),
        job.id
    );
    o.insert("links".into(), json!([{"href": href, "rel": "self"}]));
    o.sort_keys();
    Value::Object(o)
}

/// The `n`th generated job of a Flex cluster: a completed restore onto
/// the cluster itself.
pub fn generated_job(
    id: &str,
    snapshot_id: &str,
    created: DateTime<Utc>,
    taken: DateTime<Utc>,
    group: &str,
    name: &str,
) -> Map<String, Value> {
    let raw = json!({
        "deliveryType": "RESTORE",
        "id": id,
        "restoreFinishedDate": rfc3339(created + TimeDelta::minutes(9)),
        "restoreScheduledDate": rfc3339(created),
        "snapshotFinishedDate": rfc3339(taken),
        "snapshotId": snapshot_id,
        "status": "COMPLETED",
        "targetDeploymentItemName": name,
        "targetProjectId": group,
    });
    match raw {
        Value::Object(raw) => raw,
        _ => Map::new(),
    }
}
