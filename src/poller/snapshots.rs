//! Fetching one snapshot's details for the detail pane, into the store
//! (loading, loaded, missing or failed), logged without secrets.

use std::sync::Arc;

use tokio::sync::Semaphore;

use crate::atlas::{Client, Target};
use crate::poller::store::{SnapshotInfo, Store};

pub(super) async fn fetch_snapshot(
    client: Client,
    store: Arc<Store>,
    target: Target,
    snapshot_id: String,
    sharded: bool,
    permits: Arc<Semaphore>,
) {
    store.update(|data| {
        data.snapshots
            .insert(snapshot_id.clone(), SnapshotInfo::Loading);
    });
    let Ok(_permit) = permits.acquire_owned().await else {
        return;
    };
    let info = match client
        .get_snapshot(
            &target.group_id,
            &target.cluster_name,
            &snapshot_id,
            sharded,
        )
        .await
    {
        Ok(snapshot) => SnapshotInfo::Loaded(Box::new(snapshot)),
        Err(error) if error.status() == Some(404) => SnapshotInfo::Missing,
        Err(error) => SnapshotInfo::Failed(error.cause()),
    };
    log_snapshot(&target, &snapshot_id, &info);
    store.update(|data| {
        data.snapshots.insert(snapshot_id, info);
    });
}

fn log_snapshot(target: &Target, snapshot_id: &str, info: &SnapshotInfo) {
    const POLLER: &str = "atlas_restores::poller";
    match info {
        SnapshotInfo::Loaded(_) | SnapshotInfo::Loading => {
            tracing::info!(target: POLLER, cluster = %target, snapshot_id, "snapshot fetched");
        }
        SnapshotInfo::Missing => {
            tracing::warn!(target: POLLER, cluster = %target, snapshot_id, "snapshot missing");
        }
        SnapshotInfo::Failed(message) => {
            tracing::warn!(target: POLLER, cluster = %target, snapshot_id, error = message, "snapshot failed");
        }
    }
}
