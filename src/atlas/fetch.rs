//! Fetching one target's restore jobs the way both the poller and `list`
//! do it: a whole listing, retried without the count when Atlas times out
//! counting.

use std::future::Future;

use crate::atlas::Target;
use crate::atlas::fingerprint::{Fingerprint, Reread};
use crate::atlas::pages::Listing;
use serde::de::DeserializeOwned;

use crate::atlas::client::ListedJob;
use crate::atlas::model::Flex;
use crate::atlas::{AtlasError, Client, SentJob};

/// Atlas's answer when counting a big listing takes too long.
pub const TIMEOUT_WHILE_PAGING: &str = "TIMEOUT_WHILE_PAGING";

/// Every restore job of `target`, each with its text as sent (for `list`).
/// A `TIMEOUT_WHILE_PAGING` failure is retried once with
/// `includeCount=false`, as its detail asks.
pub async fn fetch_sent_jobs(
    client: &Client,
    target: &Target,
) -> Result<Listing<SentJob>, AtlasError> {
    with_count_or_without(|count| {
        client.list_sent_restore_jobs(&target.group_id, &target.cluster_name, count)
    })
    .await
}

async fn with_count_or_without<T, F: Future<Output = Result<T, AtlasError>>>(
    list: impl Fn(bool) -> F,
) -> Result<T, AtlasError> {
    match list(true).await {
        Err(error) if error.error_code() == Some(TIMEOUT_WHILE_PAGING) => list(false).await,
        other => other,
    }
}

/// `target`'s restore jobs again, unparsed when unchanged since `seen`
/// (see [`Client::reread_restore_jobs`]); retried without the count like
/// [`fetch_sent_jobs`].
pub async fn refetch_jobs<T: ListedJob>(
    client: &Client,
    target: &Target,
    seen: &Fingerprint,
) -> Result<Reread<T>, AtlasError>
where
    Flex<T>: DeserializeOwned,
{
    with_count_or_without(|count| {
        client.reread_restore_jobs(&target.group_id, &target.cluster_name, count, seen)
    })
    .await
}
