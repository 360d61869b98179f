//! A typed job written back as JSON in Atlas's own field names: every field
//! we model that is present (what the dashboard's export writes); a Flex
//! cluster's job in the Flex names. Fields we
//! do not model are not kept in the dashboard; `list --output json` gives
//! the objects exactly as sent ([`super::SentJob`]).

use chrono::{DateTime, SecondsFormat, Utc};
use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};

use super::{
    Component, DeliveryType, DesiredTimestamp, FlexStatus, PrivateDownloadUrl, RestoreJob,
};

/// A date as Atlas writes it: RFC 3339 in UTC with `Z`, fractional seconds
/// only when there are any.
struct Date(DateTime<Utc>);

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0.to_rfc3339_opts(SecondsFormat::AutoSi, true))
    }
}

/// Writes `key` only when `value` is present.
fn entry<M: SerializeMap, T: Serialize>(
    map: &mut M,
    key: &str,
    value: Option<T>,
) -> Result<(), M::Error> {
    match value {
        Some(value) => map.serialize_entry(key, &value),
        None => Ok(()),
    }
}

/// Writes `key` only when `items` is not empty.
fn list<M: SerializeMap, T: Serialize>(
    map: &mut M,
    key: &str,
    items: &[T],
) -> Result<(), M::Error> {
    entry(map, key, (!items.is_empty()).then_some(items))
}

impl Serialize for RestoreJob {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if let Some(status) = self.flex {
            return serialize_flex(self, status, serializer);
        }
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("id", &self.id)?;
        let delivery_type = match &self.delivery_type {
            DeliveryType::Missing => None,
            other => Some(other.as_str()),
        };
        entry(&mut map, "deliveryType", delivery_type)?;
        entry(&mut map, "snapshotId", self.snapshot_id.as_deref())?;
        entry(&mut map, "timestamp", self.timestamp.map(Date))?;
        entry(
            &mut map,
            "targetClusterName",
            self.target_cluster_name.as_deref(),
        )?;
        entry(&mut map, "targetGroupId", self.target_group_id.as_deref())?;
        list(&mut map, "deliveryUrl", &self.delivery_urls)?;
        list(&mut map, "components", &self.components)?;
        list(
            &mut map,
            "privateDownloadDeliveryUrls",
            &self.private_download_urls,
        )?;
        map.serialize_entry("cancelled", &self.cancelled)?;
        map.serialize_entry("expired", &self.expired)?;
        map.serialize_entry("failed", &self.failed)?;
        entry(&mut map, "expiresAt", self.expires_at.map(Date))?;
        entry(&mut map, "finishedAt", self.finished_at.map(Date))?;
        entry(&mut map, "createdAt", self.created_at.map(Date))?;
        entry(
            &mut map,
            "desiredTimestamp",
            self.desired_timestamp.as_deref(),
        )?;
        entry(&mut map, "oplogTs", self.oplog_ts)?;
        entry(&mut map, "oplogInc", self.oplog_inc)?;
        entry(
            &mut map,
            "pointInTimeUTCSeconds",
            self.point_in_time_utc_seconds,
        )?;
        list(&mut map, "links", &self.links)?;
        map.end()
    }
}

/// A Flex cluster's job in its own names (`FlexBackupRestoreJob20241113`).
fn serialize_flex<S: Serializer>(
    job: &RestoreJob,
    status: FlexStatus,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    let mut map = serializer.serialize_map(None)?;
    map.serialize_entry("id", &job.id)?;
    entry(&mut map, "deliveryType", job.delivery_type.as_flex())?;
    entry(&mut map, "snapshotId", job.snapshot_id.as_deref())?;
    entry(&mut map, "status", status.as_atlas())?;
    entry(&mut map, "snapshotFinishedDate", job.timestamp.map(Date))?;
    entry(&mut map, "restoreFinishedDate", job.finished_at.map(Date))?;
    entry(&mut map, "expirationDate", job.expires_at.map(Date))?;
    entry(
        &mut map,
        "snapshotUrl",
        job.delivery_urls.first().map(|url| url.as_str()),
    )?;
    entry(
        &mut map,
        "targetDeploymentItemName",
        job.target_cluster_name.as_deref(),
    )?;
    entry(&mut map, "targetProjectId", job.target_group_id.as_deref())?;
    list(&mut map, "links", &job.links)?;
    map.end()
}

impl Serialize for Component {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        entry(&mut map, "replicaSetName", self.replica_set_name.as_deref())?;
        entry(&mut map, "downloadUrl", self.download_url.as_deref())?;
        list(
            &mut map,
            "privateDownloadDeliveryUrls",
            &self.private_download_urls,
        )?;
        map.end()
    }
}

impl Serialize for PrivateDownloadUrl {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("deliveryUrl", &self.delivery_url)?;
        entry(&mut map, "endpointId", self.endpoint_id.as_deref())?;
        map.end()
    }
}

impl Serialize for DesiredTimestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        entry(&mut map, "date", self.date.map(Date))?;
        entry(&mut map, "increment", self.increment)?;
        entry(&mut map, "time", self.time)?;
        map.end()
    }
}
