//! The restore job as the dashboard keeps it: a compact typed view of the
//! fields we use, without the JSON text (that lives in [`SentJob`], for
//! `list --output json` only).
//!
//! Parsing is lenient field by field: a field with an unexpected shape is
//! treated as absent. The typed view is read in one pass over the job's
//! text, skipping unknown fields. Texts of up to 24 bytes (ObjectIds,
//! cluster names) are kept inline ([`Text`]); link hrefs that repeat from
//! job to job (the cluster's, the project's) are shared ([`shared`]).

mod atlas_json;
mod flex;
mod lenient;
mod sent;
mod shared;

use std::fmt;
use std::sync::Arc;

use chrono::{DateTime, Datelike, Utc};
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;

pub use flex::FlexStatus;
pub use sent::SentJob;

/// A text of a job: up to 24 bytes inline, longer ones on the heap; reads
/// as a `&str`.
pub type Text = compact_str::CompactString;

/// One Cloud Backup restore job. Two jobs are equal when every field we
/// model is: what the dashboard shows and exports (the text as sent is
/// compared by [`SentJob`]).
#[derive(Debug, Clone, PartialEq)]
pub struct RestoreJob {
    pub id: Text,
    pub delivery_type: DeliveryType,
    pub snapshot_id: Option<Text>,
    /// When the source snapshot was taken.
    pub timestamp: Option<DateTime<Utc>>,
    pub target_cluster_name: Option<Text>,
    pub target_group_id: Option<Text>,
    /// `deliveryUrl`: a single string in the old v1.0 docs, an array in the spec.
    pub delivery_urls: Box<[Text]>,
    pub components: Box<[Component]>,
    pub private_download_urls: Box<[PrivateDownloadUrl]>,
    pub cancelled: bool,
    pub expired: bool,
    pub failed: bool,
    pub expires_at: Option<DateTime<Utc>>,
    pub finished_at: Option<DateTime<Utc>>,
    /// Only in the old v1.0 docs; v2 traffic has no `createdAt`.
    pub created_at: Option<DateTime<Utc>>,
    /// Rare (point-in-time restores), so boxed: 8 bytes when absent.
    pub desired_timestamp: Option<Box<DesiredTimestamp>>,
    pub oplog_ts: Option<i64>,
    pub oplog_inc: Option<i64>,
    pub point_in_time_utc_seconds: Option<i64>,
    pub links: Box<[Link]>,
    /// A Flex cluster's job: Atlas's `status`. `None` for a dedicated
    /// cluster's job.
    pub flex: Option<FlexStatus>,
}

/// `deliveryType`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DeliveryType {
    Automated,
    Download,
    PointInTime,
    /// A Flex job's `RESTORE`: onto a cluster, like `automated`.
    Restore,
    /// A value this version does not know, kept as sent.
    Other(Box<str>),
    /// No `deliveryType` at all.
    Missing,
}

/// One shard's part of a sharded cluster's restore.
#[derive(Debug, Clone, PartialEq)]
pub struct Component {
    pub replica_set_name: Option<Text>,
    /// Null once used or expired.
    pub download_url: Option<Text>,
    pub private_download_urls: Box<[PrivateDownloadUrl]>,
}

/// A download URL reachable over a private endpoint.
#[derive(Debug, Clone, PartialEq)]
pub struct PrivateDownloadUrl {
    pub delivery_url: Text,
    pub endpoint_id: Option<Text>,
}

/// `desiredTimestamp`: the point in time asked for; every part may be null.
#[derive(Debug, Clone, PartialEq)]
pub struct DesiredTimestamp {
    pub date: Option<DateTime<Utc>>,
    pub increment: Option<i64>,
    pub time: Option<i64>,
}

/// A link of the `links` array. A job's hrefs are [`shared`] with the
/// jobs read just before it; its Atlas rels are static texts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Link {
    pub href: Arc<str>,
    pub rel: Text,
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
    fn parse(value: &str) -> DeliveryType {
        match value {
            "automated" => DeliveryType::Automated,
            "download" => DeliveryType::Download,
            "pointInTime" => DeliveryType::PointInTime,
            other => DeliveryType::Other(other.into()),
        }
    }

    /// A Flex job's `deliveryType`: `DOWNLOAD` or `RESTORE`.
    fn parse_flex(value: &str) -> DeliveryType {
        match value {
            "DOWNLOAD" => DeliveryType::Download,
            "RESTORE" => DeliveryType::Restore,
            other => DeliveryType::Other(other.into()),
        }
    }

    /// The word as a Flex job spells it (`None` when absent).
    fn as_flex(&self) -> Option<&str> {
        match self {
            DeliveryType::Download => Some("DOWNLOAD"),
            DeliveryType::Restore => Some("RESTORE"),
            DeliveryType::Missing => None,
            other => Some(other.as_str()),
        }
    }

    /// The word as Atlas spells it (`—` when absent).
    pub fn as_str(&self) -> &str {
        match self {
            DeliveryType::Automated => "automated",
            DeliveryType::Download => "download",
            DeliveryType::PointInTime => "pointInTime",
            DeliveryType::Restore => "restore",
            DeliveryType::Other(other) => other,
            DeliveryType::Missing => "—",
        }
    }

    /// Automated and point-in-time restores go onto a target cluster.
    pub fn has_target(&self) -> bool {
        matches!(
            self,
            DeliveryType::Automated | DeliveryType::PointInTime | DeliveryType::Restore
        )
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
        RestoreJob::deserialize(value).map_err(|_| JobShapeError::NotAnObject)
    }

    /// Reads a Flex cluster's job from one element of `results`.
    pub fn from_flex_value(value: Value) -> Result<RestoreJob, JobShapeError> {
        if !value.is_object() {
            return Err(JobShapeError::NotAnObject);
        }
        Flex::<RestoreJob>::deserialize(value)
            .map(|flex| flex.0)
            .map_err(|_| JobShapeError::NotAnObject)
    }

    /// Status. A Flex job's is Atlas's `status`, mapped
    /// ([`FlexStatus`]). Otherwise the first match wins: cancelled, failed,
    /// expired, a download with a URL is ready, `finishedAt` set is
    /// finished, else in progress.
    pub fn status(&self) -> JobStatus {
        if let Some(status) = self.flex.and_then(|flex| self.flex_status(flex)) {
            status
        } else if self.cancelled {
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

    /// The status at `now`: as [`RestoreJob::status`], except that a ready
    /// download whose `expiresAt` has come is expired (its link is dead),
    /// whatever the last answer from Atlas said.
    pub fn status_at(&self, now: DateTime<Utc>) -> JobStatus {
        match self.status() {
            JobStatus::Ready if self.expires_at.is_some_and(|at| at <= now) => JobStatus::Expired,
            status => status,
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
            .map(Text::as_str)
            .chain(shard_urls)
            .filter(|url| !url.is_empty())
            .collect()
    }

    /// `createdAt` when present, else the time inside the ObjectId `id`.
    pub fn created(&self) -> Option<DateTime<Utc>> {
        self.created_at.or_else(|| object_id_time(&self.id))
    }

    /// When the restore finished (a Flex job's `restoreFinishedDate`).
    pub fn finished_at(&self) -> Option<DateTime<Utc>> {
        self.finished_at
    }

    /// When the download link expires (a Flex job's `expirationDate`).
    pub fn expires_at(&self) -> Option<DateTime<Utc>> {
        self.expires_at
    }

    /// The delivery URLs (a Flex job's `snapshotUrl`).
    pub fn delivery_urls(&self) -> &[Text] {
        &self.delivery_urls
    }

    /// The cluster restored onto (a Flex job's `targetDeploymentItemName`).
    pub fn target_cluster(&self) -> Option<&str> {
        self.target_cluster_name.as_deref()
    }

    /// The project restored into (a Flex job's `targetProjectId`).
    pub fn target_project(&self) -> Option<&str> {
        self.target_group_id.as_deref()
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
        .map(|link| &*link.href)
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

/// Parses an RFC 3339 date, with or without fractional seconds. A date
/// whose UTC year falls outside 0000–9999 (`9999-12-31T23:00:00-05:00`) is
/// not one: it could not be written back as RFC 3339 in UTC.
pub fn parse_date(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text)
        .ok()
        .map(|date| date.with_timezone(&Utc))
        .filter(|date| (0..=9999).contains(&date.year()))
}

/// Reads a job object in one pass; anything else is refused.
impl<'de> Deserialize<'de> for RestoreJob {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer
            .deserialize_map(lenient::JobVisitor::DEDICATED)
            .map(lenient::JobFields::into_job)
    }
}

/// A job read from a Flex cluster's listing (`FlexBackupRestoreJob20241113`):
/// its fields are read by their Flex names.
#[derive(Debug, Clone, PartialEq)]
pub struct Flex<T>(pub T);

impl<'de> Deserialize<'de> for Flex<RestoreJob> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer
            .deserialize_map(lenient::JobVisitor::FLEX)
            .map(|fields| Flex(fields.into_job()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A structural guard; the real figure is the measured resident memory
    /// (README, Performance).
    #[test]
    fn a_job_stays_compact() {
        assert!(
            std::mem::size_of::<RestoreJob>() <= 296,
            "RestoreJob is {} bytes",
            std::mem::size_of::<RestoreJob>()
        );
        assert_eq!(std::mem::size_of::<Text>(), 24);
        assert_eq!(std::mem::size_of::<Link>(), 40);
    }
}
