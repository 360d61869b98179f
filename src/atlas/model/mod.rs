//! The restore job as Atlas sends it: a typed view for the fields we use, and
//! the raw JSON text kept beside it so that nothing Atlas sends is lost.
//!
//! Parsing is lenient field by field: a field with an unexpected shape is
//! treated as absent in the typed view but stays in the raw text. The typed
//! view is read in one pass over the job's text, skipping unknown fields;
//! the text itself is kept as sent (a [`RawValue`]), not as a `Value` tree.

mod lenient;

use std::fmt;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;
use serde_json::value::RawValue;

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
    raw: RawJson,
}

/// A job's JSON text exactly as sent. Two texts are equal when they are the
/// same text or, failing that, the same JSON value (as the object map was).
#[derive(Clone)]
struct RawJson(Box<RawValue>);

impl PartialEq for RawJson {
    fn eq(&self, other: &RawJson) -> bool {
        let (mine, theirs) = (self.0.get(), other.0.get());
        mine == theirs
            || serde_json::from_str::<Value>(mine).ok()
                == serde_json::from_str::<Value>(theirs).ok()
    }
}

impl fmt::Debug for RawJson {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.0.get(), f)
    }
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
    fn parse(value: Option<&str>) -> DeliveryType {
        match value {
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
        if !value.is_object() {
            return Err(JobShapeError::NotAnObject);
        }
        let raw =
            serde_json::value::to_raw_value(&value).map_err(|_| JobShapeError::NotAnObject)?;
        RestoreJob::from_raw(raw).map_err(|_| JobShapeError::NotAnObject)
    }

    /// Reads a job from its JSON text, keeping the text as it is.
    pub fn from_raw(raw: Box<RawValue>) -> Result<RestoreJob, serde_json::Error> {
        let mut deserializer = serde_json::Deserializer::from_str(raw.get());
        let fields = serde::Deserializer::deserialize_map(&mut deserializer, lenient::JobVisitor)?;
        Ok(fields.into_job(RawJson(raw)))
    }

    /// The JSON object exactly as Atlas sent it, as text.
    pub fn raw_json(&self) -> &str {
        self.raw.0.get()
    }

    /// The JSON object Atlas sent, parsed again (for rare uses: export).
    pub fn raw_value(&self) -> Value {
        serde_json::from_str(self.raw.0.get()).unwrap_or(Value::Null)
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

impl Serialize for RestoreJob {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.raw.0.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for RestoreJob {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = Box::<RawValue>::deserialize(deserializer)?;
        RestoreJob::from_raw(raw).map_err(serde::de::Error::custom)
    }
}
