//! Dedicated or Flex: which API a cluster's restore jobs are read from.
//! The kind comes from the project's cluster lists (`…/clusters` and
//! `…/flexClusters`, remembered here), or from Atlas's own answer: the
//! dedicated endpoints answer a Flex cluster with `400
//! CANNOT_USE_FLEX_CLUSTER_IN_CLUSTER_API`, the Flex endpoints a dedicated
//! one with `400 CANNOT_USE_NON_FLEX_CLUSTER_IN_FLEX_API` (the Atlas CLI and
//! the Terraform provider switch on exactly these codes). No other error
//! switches: a 404 or a 500 says nothing about the kind.

use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex};

use super::Client;
use super::api::{ApiVersion, Resource};
use crate::atlas::error::AtlasError;
use crate::atlas::inventory::{Cluster, FlexCluster};
use crate::atlas::{ClusterKind, Target};

/// The dedicated endpoints' answer for a Flex cluster.
pub const FLEX_IN_CLUSTER_API: &str = "CANNOT_USE_FLEX_CLUSTER_IN_CLUSTER_API";
/// The Flex endpoints' answer for a dedicated cluster.
pub const NON_FLEX_IN_FLEX_API: &str = "CANNOT_USE_NON_FLEX_CLUSTER_IN_FLEX_API";
/// Why a Flex cluster's job is not cancelled.
pub const FLEX_CANNOT_CANCEL: &str = "Atlas has no way to cancel a Flex cluster's restore job";

/// The kinds learnt so far, shared by the clones of a client. One entry
/// per cluster ever listed or asked for: a few bytes each.
pub(super) type Kinds = Arc<Mutex<HashMap<Target, ClusterKind>>>;

impl Client {
    /// The kind of `group_id/cluster_name` as last learnt; dedicated until
    /// a listing or Atlas says otherwise.
    pub fn kind_of(&self, group_id: &str, cluster_name: &str) -> ClusterKind {
        self.kinds
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .get(&Target::new(group_id, cluster_name))
            .copied()
            .unwrap_or_default()
    }

    fn remember_kind(&self, target: Target, kind: ClusterKind) {
        self.kinds
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .insert(target, kind);
    }

    pub(super) fn remember_kinds(&self, group_id: &str, clusters: &[Cluster]) {
        let mut kinds = self
            .kinds
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        for cluster in clusters {
            kinds.insert(Target::new(group_id, cluster.name.as_str()), cluster.kind);
        }
    }

    /// `read` with the cluster's kind; once more with the other kind (now
    /// remembered) when Atlas answers that it is the other kind.
    pub(super) async fn by_kind<T, F, Fut>(
        &self,
        group_id: &str,
        cluster_name: &str,
        read: F,
    ) -> Result<T, AtlasError>
    where
        F: Fn(ClusterKind) -> Fut,
        Fut: Future<Output = Result<T, AtlasError>>,
    {
        let kind = self.kind_of(group_id, cluster_name);
        match read(kind).await {
            Err(error) if says_other_kind(kind, &error) => {
                let other = kind.other();
                tracing::info!(target: "atlas_restores::http", group_id, cluster = cluster_name, kind = other.word(), error_code = error.error_code(), "Atlas says the cluster is of the other kind; switching API");
                self.remember_kind(Target::new(group_id, cluster_name), other);
                read(other).await
            }
            other => other,
        }
    }

    /// Every Flex cluster of a project (`…/flexClusters`), remembered as
    /// Flex.
    pub async fn list_flex_clusters(&self, group_id: &str) -> Result<Vec<Cluster>, AtlasError> {
        let target = format!("Flex clusters of project {group_id}");
        let mut url = self.url_under(
            &target,
            ApiVersion::V2.path_prefix(),
            &["groups", group_id, "flexClusters"],
        )?;
        url.query_pairs_mut().append_pair("itemsPerPage", "500");
        let listed = self
            .walk::<FlexCluster>(&target, url, Resource::Flex)
            .await?;
        let clusters: Vec<Cluster> = listed.items.into_iter().map(Cluster::from).collect();
        self.remember_kinds(group_id, &clusters);
        Ok(clusters)
    }

    /// Every cluster of a project: the dedicated ones, then the Flex ones.
    pub async fn list_project_clusters(&self, group_id: &str) -> Result<Vec<Cluster>, AtlasError> {
        let mut clusters = self.list_clusters(group_id).await?;
        clusters.extend(self.list_flex_clusters(group_id).await?);
        Ok(clusters)
    }
}

/// Whether `error`, read as `kind`, is Atlas saying the cluster is the
/// other kind.
fn says_other_kind(kind: ClusterKind, error: &AtlasError) -> bool {
    let code = match kind {
        ClusterKind::Dedicated => FLEX_IN_CLUSTER_API,
        ClusterKind::Flex => NON_FLEX_IN_FLEX_API,
    };
    error.status() == Some(400) && error.error_code() == Some(code)
}
