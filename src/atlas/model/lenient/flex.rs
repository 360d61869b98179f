//! A Flex cluster's job (`FlexBackupRestoreJob20241113`) read into the
//! common fields where they mean the same thing: `restoreFinishedDate` is
//! when it finished, `expirationDate` when its link expires, `snapshotUrl`
//! its delivery URL, `snapshotFinishedDate` when its snapshot was taken,
//! `targetDeploymentItemName` and `targetProjectId` where it restores to;
//! `status` is kept as Atlas's. Fields the common job has no place for
//! (`restoreScheduledDate`, `instanceName`, `projectId`) and the dedicated
//! names are skipped; `list` keeps every byte of them ([`crate::atlas::SentJob`]).

use serde::de::MapAccess;

use super::job::{JobFields, JobKey};
use super::scalar::{scalar, skip};
use super::shapes::List;
use crate::atlas::model::{DeliveryType, FlexStatus};

/// Reads the value of `key` of a Flex job into `job`.
pub(super) fn read<'de, A: MapAccess<'de>>(
    job: &mut JobFields,
    key: JobKey,
    map: &mut A,
) -> Result<(), A::Error> {
    match key {
        JobKey::Id => job.id = scalar(map)?.text(),
        JobKey::DeliveryType => {
            job.delivery_type = scalar(map)?.as_str().map(DeliveryType::parse_flex);
        }
        JobKey::SnapshotId => job.snapshot_id = scalar(map)?.text(),
        JobKey::Status => {
            job.flex = Some(
                scalar(map)?
                    .as_str()
                    .map_or(FlexStatus::Other, FlexStatus::parse),
            );
        }
        JobKey::SnapshotUrl => {
            job.delivery_urls = scalar(map)?
                .text()
                .filter(|url| !url.is_empty())
                .into_iter()
                .collect();
        }
        JobKey::ExpirationDate => job.expires_at = scalar(map)?.date(),
        JobKey::RestoreFinishedDate => job.finished_at = scalar(map)?.date(),
        JobKey::SnapshotFinishedDate => job.timestamp = scalar(map)?.date(),
        JobKey::TargetDeploymentItemName => job.target_cluster_name = scalar(map)?.text(),
        JobKey::TargetProjectId => job.target_group_id = scalar(map)?.text(),
        JobKey::Links => job.links = map.next_value::<List<_>>()?.boxed(),
        _ => skip(map)?,
    }
    Ok(())
}
