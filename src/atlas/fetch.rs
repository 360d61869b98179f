//! Fetching one target's restore jobs the way both the poller and `list`
//! do it: a whole listing, retried without the count when Atlas times out
//! counting.

use crate::atlas::Target;
use crate::atlas::fingerprint::{Fingerprint, Reread};
use crate::atlas::pages::Listing;
use crate::atlas::{AtlasError, Client, RestoreJob};

/// Atlas's answer when counting a big listing takes too long.
pub const TIMEOUT_WHILE_PAGING: &str = "TIMEOUT_WHILE_PAGING";

/// Every restore job of `target`. A `TIMEOUT_WHILE_PAGING` failure is
/// retried once with `includeCount=false`, as its detail asks.
pub async fn fetch_jobs(
    client: &Client,
    target: &Target,
) -> Result<Listing<RestoreJob>, AtlasError> {
    match client
        .list_restore_jobs(&target.group_id, &target.cluster_name, true)
        .await
    {
        Err(error) if error.error_code() == Some(TIMEOUT_WHILE_PAGING) => {
            client
                .list_restore_jobs(&target.group_id, &target.cluster_name, false)
                .await
        }
        other => other,
    }
}

/// `target`'s restore jobs again, unparsed when unchanged since `seen`
/// (see [`Client::reread_restore_jobs`]); retried without the count like
/// [`fetch_jobs`].
pub async fn refetch_jobs(
    client: &Client,
    target: &Target,
    seen: &Fingerprint,
) -> Result<Reread<RestoreJob>, AtlasError> {
    let (group, cluster) = (&target.group_id, &target.cluster_name);
    match client.reread_restore_jobs(group, cluster, true, seen).await {
        Err(error) if error.error_code() == Some(TIMEOUT_WHILE_PAGING) => {
            client
                .reread_restore_jobs(group, cluster, false, seen)
                .await
        }
        other => other,
    }
}
