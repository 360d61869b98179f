//! What a Flex cluster's restore job (`FlexBackupRestoreJob20241113`)
//! adds to the common job: Atlas's own `status`, and how it maps onto the
//! dashboard's statuses. Its other fields are read into the common fields
//! where they mean the same thing (see `lenient::flex`).

use super::{DeliveryType, JobStatus, RestoreJob};
use crate::atlas::ClusterKind;

/// `status` of a Flex restore job.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FlexStatus {
    Pending,
    Queued,
    Running,
    Failed,
    Completed,
    /// A value this version does not know (kept as sent by `list`).
    Other,
    /// No `status` at all.
    Missing,
}

impl FlexStatus {
    pub(super) fn parse(text: &str) -> FlexStatus {
        match text {
            "PENDING" => FlexStatus::Pending,
            "QUEUED" => FlexStatus::Queued,
            "RUNNING" => FlexStatus::Running,
            "FAILED" => FlexStatus::Failed,
            "COMPLETED" => FlexStatus::Completed,
            _ => FlexStatus::Other,
        }
    }

    /// As Atlas spells it; `None` for an unknown or missing status.
    pub fn as_atlas(self) -> Option<&'static str> {
        match self {
            FlexStatus::Pending => Some("PENDING"),
            FlexStatus::Queued => Some("QUEUED"),
            FlexStatus::Running => Some("RUNNING"),
            FlexStatus::Failed => Some("FAILED"),
            FlexStatus::Completed => Some("COMPLETED"),
            FlexStatus::Other | FlexStatus::Missing => None,
        }
    }
}

impl RestoreJob {
    /// Which kind of cluster the job was read from.
    pub fn kind(&self) -> ClusterKind {
        match self.flex {
            Some(_) => ClusterKind::Flex,
            None => ClusterKind::Dedicated,
        }
    }

    /// A Flex job's status: PENDING, QUEUED and RUNNING are in progress;
    /// FAILED failed; COMPLETED is a ready download while its `snapshotUrl`
    /// is there (expired without it), a finished restore otherwise. An
    /// unknown or missing status is read from the fields, as for a
    /// dedicated job.
    pub(super) fn flex_status(&self, status: FlexStatus) -> Option<JobStatus> {
        match status {
            FlexStatus::Pending | FlexStatus::Queued | FlexStatus::Running => {
                Some(JobStatus::InProgress)
            }
            FlexStatus::Failed => Some(JobStatus::Failed),
            FlexStatus::Completed if self.delivery_type == DeliveryType::Download => {
                Some(if self.has_download_url() {
                    JobStatus::Ready
                } else {
                    JobStatus::Expired
                })
            }
            FlexStatus::Completed => Some(JobStatus::Finished),
            FlexStatus::Other | FlexStatus::Missing => None,
        }
    }
}
