//! Snapshot objects: listed in the scenario, or derived from the jobs that
//! name them (`snapshotId`, `timestamp`); ids in `missingSnapshots` are 404
//! and left out of the cluster's snapshot list.

use chrono::{DateTime, TimeDelta, Utc};
use serde_json::{Value, json};

use super::digest::md5_hex;
use super::jobs::LinkCtx;
use super::times::{date_field, rfc3339};
use super::world::{Cluster, object_id};

/// The snapshot `id` of `cluster` as served, or `None` when unknown/missing.
pub fn find(cluster: &Cluster, id: &str, ctx: &LinkCtx) -> Option<Value> {
    if cluster.spec.missing_snapshots.iter().any(|m| m == id) {
        return None;
    }
    let listed = cluster
        .snapshots
        .iter()
        .find(|s| s.get("id").and_then(Value::as_str) == Some(id));
    let job = cluster
        .jobs
        .iter()
        .find(|j| j.raw.get("snapshotId").and_then(Value::as_str) == Some(id));
    let taken = match (listed, job) {
        (Some(s), _) => date_field(s, "createdAt"),
        (None, Some(j)) => date_field(&j.raw, "timestamp"),
        (None, None) => return None,
    };
    let taken = taken
        .or_else(|| job.map(|j| j.created - TimeDelta::hours(1)))
        .unwrap_or(DateTime::UNIX_EPOCH);
    let mut snap = derive(cluster, id, taken, ctx);
    if let (Some(listed), Value::Object(o)) = (listed, &mut snap) {
        o.extend(listed.clone());
        o.sort_keys();
    }
    Some(snap)
}

/// Every snapshot of `cluster` as served, newest first: the scenario's
/// `snapshots` and those the jobs name, each once.
pub fn list(cluster: &Cluster, ctx: &LinkCtx) -> Vec<Value> {
    let listed = cluster
        .snapshots
        .iter()
        .filter_map(|s| s.get("id").and_then(Value::as_str));
    let named = cluster
        .jobs
        .iter()
        .filter_map(|j| j.raw.get("snapshotId").and_then(Value::as_str));
    let mut seen = std::collections::HashSet::new();
    let mut snaps: Vec<Value> = listed
        .chain(named)
        .filter(|id| seen.insert(*id))
        .filter_map(|id| find(cluster, id, ctx))
        .collect();
    let created = |s: &Value| s["createdAt"].as_str().unwrap_or("").to_string();
    let id = |s: &Value| s["id"].as_str().unwrap_or("").to_string();
    snaps.sort_by(|a, b| created(b).cmp(&created(a)).then_with(|| id(b).cmp(&id(a))));
    snaps
}

fn derive(cluster: &Cluster, id: &str, taken: DateTime<Utc>, ctx: &LinkCtx) -> Value {
    let h = md5_hex(id);
    let pick = u64::from_str_radix(&h[..8], 16).unwrap_or_default();
    let on_demand = pick.is_multiple_of(6);
    let (frequency, keep_days) = match pick % 4 {
        0 => ("hourly", 2),
        1 => ("daily", 7),
        2 => ("weekly", 28),
        _ => ("monthly", 365),
    };
    let size = 1_073_741_824 + (pick % 48) * 1_000_000_000 + pick % 1_000_000;
    let mut o = json!({
        "cloudProvider": "AWS",
        "createdAt": rfc3339(taken),
        "expiresAt": rfc3339(taken + TimeDelta::days(keep_days)),
        "frequencyType": frequency,
        "id": id,
        "links": [
            {"href": ctx.snapshot_href(id), "rel": "self"},
            {"href": ctx.cluster_href(), "rel": ctx.rel("cluster")},
        ],
        "mongodVersion": cluster.spec.mongodb_version,
        "policyItems": [object_id(taken, &format!("policy:{frequency}"))],
        "snapshotType": if on_demand { "onDemand" } else { "scheduled" },
        "status": "completed",
        "storageSizeBytes": size,
        "type": if cluster.sharded() { "shardedCluster" } else { "replicaSet" },
    });
    if cluster.sharded() {
        let members: Vec<Value> = cluster
            .replica_set_names
            .iter()
            .map(|rs| {
                json!({
                    "cloudProvider": "AWS",
                    "id": object_id(taken, &format!("{id}/{rs}")),
                    "replicaSetName": rs,
                })
            })
            .collect();
        o["members"] = Value::Array(members);
        o["snapshotIds"] = o["members"]
            .as_array()
            .map(|m| m.iter().map(|m| m["id"].clone()).collect())
            .unwrap_or_default();
    } else if let Some(rs) = cluster.replica_set_names.first() {
        o["replicaSetName"] = Value::from(rs.as_str());
    }
    o
}
