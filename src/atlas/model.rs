//! The restore job as Atlas sends it: a typed view for the fields we use, and
//! the raw JSON object kept beside it so that nothing Atlas sends is lost.
//!
//! Parsing is lenient field by field: a field with an unexpected shape is
//! treated as absent in the typed view but stays in the raw object.

use std::fmt;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

/// One Cloud Backup restore job.
#[derive(Debug, Clone, PartialEq)]
pub struct RestoreJob {
    pub id: String,
    pub delivery_type: DeliveryType,
    pub snapshot_id: Option<String>,
    /// When the source snapshot was taken.
    pub timestamp: Option<DateTime<Utc>>,
    pub target_cluster_name: Option<String>,
    pub target_group_id: Option<String>,
    /// `deliveryUrl`: a single string in the old v1.0 docs, an array in the spec.
    pub delivery_urls: Vec<String>,
    pub components: Vec<Component>,
    pub private_download_urls: Vec<PrivateDownloadUrl>,
    pub cancelled: bool,
    pub expired: bool,
    pub failed: bool,
    pub expires_at: Option<DateTime<Utc>>,
    pub finished_at: Option<DateTime<Utc>>,
    /// Only in the old v1.0 docs; v2 traffic has no `createdAt`.
    pub created_at: Option<DateTime<Utc>>,
    pub desired_timestamp: Option<DesiredTimestamp>,
    pub oplog_ts: Option<i64>,
    pub oplog_inc: Option<i64>,
    pub point_in_time_utc_seconds: Option<i64>,
    pub links: Vec<Link>,
    raw: Map<String, Value>,
}

/// `deliveryType`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DeliveryType {
    Automated,
    Download,
    PointInTime,
    /// A value this version does not know, kept as sent.
    Other(String),
    /// No `deliveryType` at all.
    Missing,
}

/// One shard's part of a sharded cluster's restore.
#[derive(Debug, Clone, PartialEq)]
pub struct Component {
    pub replica_set_name: Option<String>,
    /// Null once used or expired.
    pub download_url: Option<String>,
    pub private_download_urls: Vec<PrivateDownloadUrl>,
}

/// A download URL reachable over a private endpoint.
#[derive(Debug, Clone, PartialEq)]
pub struct PrivateDownloadUrl {
    pub delivery_url: String,
    pub endpoint_id: Option<String>,
}

/// `desiredTimestamp`: the point in time asked for; every part may be null.
#[derive(Debug, Clone, PartialEq)]
pub struct DesiredTimestamp {
    pub date: Option<DateTime<Utc>>,
    pub increment: Option<i64>,
    pub time: Option<i64>,
}

/// A link of the `links` array.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Link {
    pub href: String,
    pub rel: String,
}

/// The derived status of a job (Atlas has no status field).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum JobStatus {
    InProgress,
    Ready,
    Finished,
    Failed,
    Cancelled,
    Expired,
}

/// The reasons a JSON value is not a restore job at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JobShapeError {
    NotAnObject,
}

impl fmt::Display for JobShapeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            JobShapeError::NotAnObject => f.write_str("a restore job is not a JSON object"),
        }
    }
}

impl std::error::Error for JobShapeError {}

impl JobStatus {
    pub const ALL: [JobStatus; 6] = [
        JobStatus::InProgress,
        JobStatus::Ready,
        JobStatus::Finished,
        JobStatus::Failed,
        JobStatus::Cancelled,
        JobStatus::Expired,
    ];

    /// The word shown to the user.
    pub fn word(self) -> &'static str {
        match self {
            JobStatus::InProgress => "in progress",
            JobStatus::Ready => "ready",
            JobStatus::Finished => "finished",
            JobStatus::Failed => "failed",
            JobStatus::Cancelled => "cancelled",
            JobStatus::Expired => "expired",
        }
    }
}

impl fmt::Display for JobStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.word())
    }
}

impl DeliveryType {
    fn parse(value: Option<&Value>) -> DeliveryType {
        match value.and_then(Value::as_str) {
            Some("automated") => DeliveryType::Automated,
            Some("download") => DeliveryType::Download,
            Some("pointInTime") => DeliveryType::PointInTime,
            Some(other) => DeliveryType::Other(other.to_string()),
            None => DeliveryType::Missing,
        }
    }

    /// The word as Atlas spells it (`—` when absent).
    pub fn as_str(&self) -> &str {
        match self {
            DeliveryType::Automated => "automated",
            DeliveryType::Download => "download",
            DeliveryType::PointInTime => "pointInTime",
            DeliveryType::Other(other) => other,
            DeliveryType::Missing => "—",
        }
    }

    /// Automated and point-in-time restores go onto a target cluster.
    pub fn has_target(&self) -> bool {
        matches!(self, DeliveryType::Automated | DeliveryType::PointInTime)
    }
}

impl fmt::Display for DeliveryType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl RestoreJob {
    /// Reads a job from one element of `results`.
    pub fn from_value(value: Value) -> Result<RestoreJob, JobShapeError> {
        match value {
            Value::Object(raw) => Ok(RestoreJob::from_map(raw)),
            _ => Err(JobShapeError::NotAnObject),
        }
    }

    fn from_map(raw: Map<String, Value>) -> RestoreJob {
        let field = |name: &str| raw.get(name);
        RestoreJob {
            id: string(field("id")).unwrap_or_default(),
            delivery_type: DeliveryType::parse(field("deliveryType")),
            snapshot_id: string(field("snapshotId")),
            timestamp: date(field("timestamp")),
            target_cluster_name: string(field("targetClusterName")),
            target_group_id: string(field("targetGroupId")),
            delivery_urls: delivery_urls(field("deliveryUrl")),
            components: array(field("components"))
                .filter_map(Component::from_value)
                .collect(),
            private_download_urls: private_urls(field("privateDownloadDeliveryUrls")),
            cancelled: flag(field("cancelled")),
            expired: flag(field("expired")),
            failed: flag(field("failed")),
            expires_at: date(field("expiresAt")),
            finished_at: date(field("finishedAt")),
            created_at: date(field("createdAt")),
            desired_timestamp: field("desiredTimestamp").and_then(DesiredTimestamp::from_value),
            oplog_ts: integer(field("oplogTs")),
            oplog_inc: integer(field("oplogInc")),
            point_in_time_utc_seconds: integer(field("pointInTimeUTCSeconds")),
            links: array(field("links")).filter_map(Link::from_value).collect(),
            raw,
        }
    }

    /// The JSON object exactly as Atlas sent it.
    pub fn raw(&self) -> &Map<String, Value> {
        &self.raw
    }

    /// Status, first match wins: cancelled, failed, expired, a download with
    /// a URL is ready, `finishedAt` set is finished, else in progress.
    pub fn status(&self) -> JobStatus {
        if self.cancelled {
            JobStatus::Cancelled
        } else if self.failed {
            JobStatus::Failed
        } else if self.expired {
            JobStatus::Expired
        } else if self.delivery_type == DeliveryType::Download && self.has_download_url() {
            JobStatus::Ready
        } else if self.finished_at.is_some() {
            JobStatus::Finished
        } else {
            JobStatus::InProgress
        }
    }

    /// Whether any delivery URL or shard download URL is present.
    pub fn has_download_url(&self) -> bool {
        self.delivery_urls.iter().any(|url| !url.is_empty())
            || self
                .components
                .iter()
                .any(|c| c.download_url.as_deref().is_some_and(|url| !url.is_empty()))
    }

    /// Every URL a user can download from: delivery URLs, then shard URLs.
    pub fn download_urls(&self) -> Vec<&str> {
        let shard_urls = self
            .components
            .iter()
            .filter_map(|c| c.download_url.as_deref());
        self.delivery_urls
            .iter()
            .map(String::as_str)
            .chain(shard_urls)
            .filter(|url| !url.is_empty())
            .collect()
    }

    /// `createdAt` when present, else the time inside the ObjectId `id`.
    pub fn created(&self) -> Option<DateTime<Utc>> {
        self.created_at.or_else(|| object_id_time(&self.id))
    }

    /// The href of the first link whose `rel` ends in `/{name}` or is `name`.
    pub fn link(&self, name: &str) -> Option<&str> {
        find_link(&self.links, name)
    }
}

/// The href of the first link whose `rel`'s last path segment is `name`.
pub fn find_link<'a>(links: &'a [Link], name: &str) -> Option<&'a str> {
    links
        .iter()
        .find(|link| link.rel.rsplit('/').next() == Some(name))
        .map(|link| link.href.as_str())
}

/// The creation time held in the first 8 hex digits of an ObjectId.
pub fn object_id_time(id: &str) -> Option<DateTime<Utc>> {
    let prefix = id.get(..8)?;
    if id.len() != 24 || !id.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let seconds = u32::from_str_radix(prefix, 16).ok()?;
    DateTime::from_timestamp(i64::from(seconds), 0)
}

/// Parses an RFC 3339 date, with or without fractional seconds.
pub fn parse_date(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text)
        .ok()
        .map(|date| date.with_timezone(&Utc))
}

impl Component {
    fn from_value(value: &Value) -> Option<Component> {
        let object = value.as_object()?;
        Some(Component {
            replica_set_name: string(object.get("replicaSetName")),
            download_url: string(object.get("downloadUrl")),
            private_download_urls: private_urls(object.get("privateDownloadDeliveryUrls")),
        })
    }
}

impl PrivateDownloadUrl {
    fn from_value(value: &Value) -> Option<PrivateDownloadUrl> {
        let object = value.as_object()?;
        Some(PrivateDownloadUrl {
            delivery_url: string(object.get("deliveryUrl"))?,
            endpoint_id: string(object.get("endpointId")),
        })
    }
}

impl DesiredTimestamp {
    fn from_value(value: &Value) -> Option<DesiredTimestamp> {
        let object = value.as_object()?;
        Some(DesiredTimestamp {
            date: date(object.get("date")),
            increment: integer(object.get("increment")),
            time: integer(object.get("time")),
        })
    }
}

impl Link {
    fn from_value(value: &Value) -> Option<Link> {
        let object = value.as_object()?;
        Some(Link {
            href: string(object.get("href"))?,
            rel: string(object.get("rel")).unwrap_or_default(),
        })
    }
}

fn string(value: Option<&Value>) -> Option<String> {
    value.and_then(Value::as_str).map(str::to_string)
}

fn flag(value: Option<&Value>) -> bool {
    value.and_then(Value::as_bool).unwrap_or(false)
}

fn integer(value: Option<&Value>) -> Option<i64> {
    value.and_then(Value::as_i64)
}

fn date(value: Option<&Value>) -> Option<DateTime<Utc>> {
    value.and_then(Value::as_str).and_then(parse_date)
}

fn array(value: Option<&Value>) -> std::slice::Iter<'_, Value> {
    match value {
        Some(Value::Array(items)) => items.iter(),
        _ => [].iter(),
    }
}

fn delivery_urls(value: Option<&Value>) -> Vec<String> {
    match value {
        Some(Value::String(url)) if !url.is_empty() => vec![url.clone()],
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_string)
            .collect(),
        _ => Vec::new(),
    }
}

fn private_urls(value: Option<&Value>) -> Vec<PrivateDownloadUrl> {
    array(value)
        .filter_map(PrivateDownloadUrl::from_value)
        .collect()
}

impl Serialize for RestoreJob {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.raw.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for RestoreJob {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = Map::<String, Value>::deserialize(deserializer)?;
        Ok(RestoreJob::from_map(raw))
    }
}
