//! The job object itself: every typed field of a restore job, read in one
//! pass and turned into a [`RestoreJob`]; a Flex job's fields by their
//! own names ([`super::flex`]).

use std::fmt;

use serde::de::{MapAccess, Visitor};

use super::scalar::{scalar, skip};
use super::shapes::{List, Object, Url};
use crate::atlas::model::{
    Component, DateTime, DeliveryType, DesiredTimestamp, FlexStatus, Link, PrivateDownloadUrl,
    RestoreJob, Text, Utc,
};

keys!(pub(super) JobKey {
    Id = "id",
    DeliveryType = "deliveryType",
    SnapshotId = "snapshotId",
    Timestamp = "timestamp",
    TargetClusterName = "targetClusterName",
    TargetGroupId = "targetGroupId",
    DeliveryUrl = "deliveryUrl",
    Components = "components",
    PrivateDownloadDeliveryUrls = "privateDownloadDeliveryUrls",
    Cancelled = "cancelled",
    Expired = "expired",
    Failed = "failed",
    ExpiresAt = "expiresAt",
    FinishedAt = "finishedAt",
    CreatedAt = "createdAt",
    DesiredTimestamp = "desiredTimestamp",
    OplogTs = "oplogTs",
    OplogInc = "oplogInc",
    PointInTimeUtcSeconds = "pointInTimeUTCSeconds",
    Links = "links",
    Status = "status",
    SnapshotUrl = "snapshotUrl",
    ExpirationDate = "expirationDate",
    RestoreFinishedDate = "restoreFinishedDate",
    SnapshotFinishedDate = "snapshotFinishedDate",
    TargetDeploymentItemName = "targetDeploymentItemName",
    TargetProjectId = "targetProjectId",
});

/// Every typed field of a job, read from its object.
#[derive(Default)]
pub(in crate::atlas::model) struct JobFields {
    pub(super) id: Option<Text>,
    pub(super) delivery_type: Option<DeliveryType>,
    pub(super) snapshot_id: Option<Text>,
    pub(super) timestamp: Option<DateTime<Utc>>,
    pub(super) target_cluster_name: Option<Text>,
    pub(super) target_group_id: Option<Text>,
    pub(super) delivery_urls: Box<[Text]>,
    pub(super) components: Box<[Component]>,
    pub(super) private_download_urls: Box<[PrivateDownloadUrl]>,
    pub(super) cancelled: bool,
    pub(super) expired: bool,
    pub(super) failed: bool,
    pub(super) expires_at: Option<DateTime<Utc>>,
    pub(super) finished_at: Option<DateTime<Utc>>,
    pub(super) created_at: Option<DateTime<Utc>>,
    pub(super) desired_timestamp: Option<Box<DesiredTimestamp>>,
    pub(super) oplog_ts: Option<i64>,
    pub(super) oplog_inc: Option<i64>,
    pub(super) point_in_time_utc_seconds: Option<i64>,
    pub(super) links: Box<[Link]>,
    pub(super) flex: Option<FlexStatus>,
}

impl JobFields {
    pub(in crate::atlas::model) fn into_job(self) -> RestoreJob {
        RestoreJob {
            id: self.id.unwrap_or_default(),
            delivery_type: self.delivery_type.unwrap_or(DeliveryType::Missing),
            snapshot_id: self.snapshot_id,
            timestamp: self.timestamp,
            target_cluster_name: self.target_cluster_name,
            target_group_id: self.target_group_id,
            delivery_urls: self.delivery_urls,
            components: self.components,
            private_download_urls: self.private_download_urls,
            cancelled: self.cancelled,
            expired: self.expired,
            failed: self.failed,
            expires_at: self.expires_at,
            finished_at: self.finished_at,
            created_at: self.created_at,
            desired_timestamp: self.desired_timestamp,
            oplog_ts: self.oplog_ts,
            oplog_inc: self.oplog_inc,
            point_in_time_utc_seconds: self.point_in_time_utc_seconds,
            links: self.links,
            flex: self.flex,
        }
    }
}

/// Reads a job object; anything else is refused. A dedicated cluster's
/// job skips the Flex names (real traffic carries some, e.g.
/// `targetDeploymentItemName`), and a Flex job the dedicated ones.
pub(in crate::atlas::model) struct JobVisitor {
    flex: bool,
}

impl JobVisitor {
    pub(in crate::atlas::model) const DEDICATED: JobVisitor = JobVisitor { flex: false };
    pub(in crate::atlas::model) const FLEX: JobVisitor = JobVisitor { flex: true };
}

impl<'de> Visitor<'de> for JobVisitor {
    type Value = JobFields;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a restore job object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<JobFields, A::Error> {
        let mut job = JobFields::default();
        if self.flex {
            job.flex = Some(FlexStatus::Missing);
            while let Some(key) = map.next_key::<JobKey>()? {
                super::flex::read(&mut job, key, &mut map)?;
            }
            return Ok(job);
        }
        while let Some(key) = map.next_key::<JobKey>()? {
            match key {
                JobKey::Id => job.id = scalar(&mut map)?.text(),
                JobKey::DeliveryType => {
                    job.delivery_type = scalar(&mut map)?.as_str().map(DeliveryType::parse);
                }
                JobKey::SnapshotId => job.snapshot_id = scalar(&mut map)?.text(),
                JobKey::Timestamp => job.timestamp = scalar(&mut map)?.date(),
                JobKey::TargetClusterName => {
                    job.target_cluster_name = scalar(&mut map)?.text();
                }
                JobKey::TargetGroupId => job.target_group_id = scalar(&mut map)?.text(),
                JobKey::DeliveryUrl => {
                    job.delivery_urls = map
                        .next_value::<List<Url>>()?
                        .0
                        .into_iter()
                        .map(|url| url.0)
                        .collect();
                }
                JobKey::Components => job.components = map.next_value::<List<_>>()?.boxed(),
                JobKey::PrivateDownloadDeliveryUrls => {
                    job.private_download_urls = map.next_value::<List<_>>()?.boxed();
                }
                JobKey::Cancelled => job.cancelled = scalar(&mut map)?.flag(),
                JobKey::Expired => job.expired = scalar(&mut map)?.flag(),
                JobKey::Failed => job.failed = scalar(&mut map)?.flag(),
                JobKey::ExpiresAt => job.expires_at = scalar(&mut map)?.date(),
                JobKey::FinishedAt => job.finished_at = scalar(&mut map)?.date(),
                JobKey::CreatedAt => job.created_at = scalar(&mut map)?.date(),
                JobKey::DesiredTimestamp => {
                    job.desired_timestamp = map.next_value::<Object<_>>()?.0.map(Box::new);
                }
                JobKey::OplogTs => job.oplog_ts = scalar(&mut map)?.integer(),
                JobKey::OplogInc => job.oplog_inc = scalar(&mut map)?.integer(),
                JobKey::PointInTimeUtcSeconds => {
                    job.point_in_time_utc_seconds = scalar(&mut map)?.integer();
                }
                JobKey::Links => job.links = map.next_value::<List<_>>()?.boxed(),
                JobKey::Status
                | JobKey::SnapshotUrl
                | JobKey::ExpirationDate
                | JobKey::RestoreFinishedDate
                | JobKey::SnapshotFinishedDate
                | JobKey::TargetDeploymentItemName
                | JobKey::TargetProjectId
                | JobKey::Other => skip(&mut map)?,
            }
        }
        Ok(job)
    }
}
