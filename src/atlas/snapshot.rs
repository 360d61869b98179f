//! A Cloud Backup snapshot, as much of it as the detail pane shows.

use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde_json::{Map, Value};

/// One backup snapshot (`GET .../backup/snapshots/{id}`).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Snapshot {
    #[serde(default)]
    pub id: String,
    #[serde(default, deserialize_with = "lenient_date")]
    pub created_at: Option<DateTime<Utc>>,
    #[serde(default, deserialize_with = "lenient_date")]
    pub expires_at: Option<DateTime<Utc>>,
    /// `scheduled` or `onDemand`.
    #[serde(default, deserialize_with = "lenient_string")]
    pub snapshot_type: Option<String>,
    /// `hourly`, `daily`, `weekly`, `monthly`, `yearly`.
    #[serde(default, deserialize_with = "lenient_string")]
    pub frequency_type: Option<String>,
    #[serde(default, deserialize_with = "lenient_string")]
    pub status: Option<String>,
    #[serde(default, deserialize_with = "lenient_u64")]
    pub storage_size_bytes: Option<u64>,
    #[serde(default, deserialize_with = "lenient_string")]
    pub mongod_version: Option<String>,
    /// `replicaSet` or `shardedCluster`.
    #[serde(default, rename = "type", deserialize_with = "lenient_string")]
    pub kind: Option<String>,
    #[serde(default, deserialize_with = "lenient_string")]
    pub replica_set_name: Option<String>,
    #[serde(flatten)]
    pub other: Map<String, Value>,
}

pub(crate) fn lenient_date<'de, D>(deserializer: D) -> Result<Option<DateTime<Utc>>, D::Error>
where
    D: serde::Deserializer<'de>,
{
    let value = Value::deserialize(deserializer)?;
    Ok(value.as_str().and_then(super::model::parse_date))
}

pub(crate) fn lenient_string<'de, D>(deserializer: D) -> Result<Option<String>, D::Error>
where
    D: serde::Deserializer<'de>,
{
    let value = Value::deserialize(deserializer)?;
    Ok(value.as_str().map(str::to_string))
}

pub(crate) fn lenient_u64<'de, D>(deserializer: D) -> Result<Option<u64>, D::Error>
where
    D: serde::Deserializer<'de>,
{
    let value = Value::deserialize(deserializer)?;
    Ok(value.as_u64())
}

pub(crate) fn lenient_bool<'de, D>(deserializer: D) -> Result<bool, D::Error>
where
    D: serde::Deserializer<'de>,
{
    let value = Value::deserialize(deserializer)?;
    Ok(value.as_bool().unwrap_or(false))
}
