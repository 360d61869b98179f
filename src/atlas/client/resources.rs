//! The Atlas resources atlas-restores reads (restore jobs, snapshots,
//! clusters, projects) and cancels (restore jobs), and their URLs. A Flex
//! cluster's jobs are read from the Flex API ([`super::kinds`]).

use reqwest::{Method, Url};
use serde::de::DeserializeOwned;

use super::Client;
use super::api::Resource;
use super::kinds::FLEX_CANNOT_CANCEL;
use crate::atlas::error::{AtlasError, ErrorKind};
use crate::atlas::fingerprint::{Fingerprint, Reread};
use crate::atlas::inventory::{Cluster, Project};
use crate::atlas::model::{Flex, RestoreJob, SentJob};
use crate::atlas::pages::Listing;
use crate::atlas::snapshot::Snapshot;
use crate::atlas::{ApiVersion, ClusterKind};

/// A restore job as a listing reads it: the dashboard's compact
/// [`RestoreJob`], or `list`'s [`SentJob`] that keeps the text as sent.
pub trait ListedJob: DeserializeOwned {
    fn id(&self) -> &str;
}

impl ListedJob for RestoreJob {
    fn id(&self) -> &str {
        &self.id
    }
}

impl ListedJob for SentJob {
    fn id(&self) -> &str {
        &self.id
    }
}

impl Client {
    /// Every restore job of a cluster, all pages, each id once; from the
    /// Flex API when the cluster is a Flex cluster ([`Client::kind_of`]).
    pub async fn list_restore_jobs(
        &self,
        group_id: &str,
        cluster_name: &str,
        include_count: bool,
    ) -> Result<Listing<RestoreJob>, AtlasError> {
        self.by_kind(group_id, cluster_name, |kind| {
            self.list_jobs(kind, group_id, cluster_name, include_count)
        })
        .await
    }

    /// Every restore job of a cluster with its text as sent (for `list`).
    pub async fn list_sent_restore_jobs(
        &self,
        group_id: &str,
        cluster_name: &str,
        include_count: bool,
    ) -> Result<Listing<SentJob>, AtlasError> {
        self.by_kind(group_id, cluster_name, |kind| {
            self.list_jobs(kind, group_id, cluster_name, include_count)
        })
        .await
    }

    /// The restore jobs of a cluster again: [`Reread::Unchanged`], parsing
    /// nothing, when every page is byte for byte what `seen` recorded.
    pub async fn reread_restore_jobs<T: ListedJob>(
        &self,
        group_id: &str,
        cluster_name: &str,
        include_count: bool,
        seen: &Fingerprint,
    ) -> Result<Reread<T>, AtlasError>
    where
        Flex<T>: DeserializeOwned,
    {
        self.by_kind(group_id, cluster_name, |kind| {
            self.reread_jobs(kind, group_id, cluster_name, include_count, seen)
        })
        .await
    }

    async fn reread_jobs<T: ListedJob>(
        &self,
        kind: ClusterKind,
        group_id: &str,
        cluster_name: &str,
        include_count: bool,
        seen: &Fingerprint,
    ) -> Result<Reread<T>, AtlasError>
    where
        Flex<T>: DeserializeOwned,
    {
        let (target, url) = self.restore_jobs_url(kind, group_id, cluster_name, include_count)?;
        let reread = match kind {
            ClusterKind::Dedicated => {
                self.walk_since(&target, url, Resource::Backup, seen)
                    .await?
            }
            ClusterKind::Flex => {
                match self
                    .walk_since::<Flex<T>>(&target, url, Resource::Flex, seen)
                    .await?
                {
                    Reread::Changed(listing, fingerprint) => {
                        Reread::Changed(unwrap_flex(listing), fingerprint)
                    }
                    Reread::Unchanged(fingerprint) => Reread::Unchanged(fingerprint),
                }
            }
        };
        Ok(match reread {
            Reread::Changed(listing, fingerprint) => {
                Reread::Changed(each_id_once(listing), fingerprint)
            }
            unchanged => unchanged,
        })
    }

    async fn list_jobs<T: ListedJob>(
        &self,
        kind: ClusterKind,
        group_id: &str,
        cluster_name: &str,
        include_count: bool,
    ) -> Result<Listing<T>, AtlasError>
    where
        Flex<T>: DeserializeOwned,
    {
        let (target, url) = self.restore_jobs_url(kind, group_id, cluster_name, include_count)?;
        let listing = match kind {
            ClusterKind::Dedicated => self.walk(&target, url, Resource::Backup).await?,
            ClusterKind::Flex => {
                unwrap_flex(self.walk::<Flex<T>>(&target, url, Resource::Flex).await?)
            }
        };
        Ok(each_id_once(listing))
    }

    /// The first page of a cluster's restore jobs, and what errors call it.
    fn restore_jobs_url(
        &self,
        kind: ClusterKind,
        group_id: &str,
        cluster_name: &str,
        include_count: bool,
    ) -> Result<(String, Url), AtlasError> {
        let target = match kind {
            ClusterKind::Dedicated => format!("cluster {group_id}/{cluster_name}"),
            ClusterKind::Flex => format!("Flex cluster {group_id}/{cluster_name}"),
        };
        let mut url = self.backup_url(kind, &target, group_id, cluster_name, &["restoreJobs"])?;
        url.query_pairs_mut()
            .append_pair("itemsPerPage", "500")
            .append_pair("pageNum", "1");
        if !include_count {
            url.query_pairs_mut().append_pair("includeCount", "false");
        }
        Ok((target, url))
    }

    /// One restore job.
    pub async fn get_restore_job(
        &self,
        group_id: &str,
        cluster_name: &str,
        job_id: &str,
    ) -> Result<RestoreJob, AtlasError> {
        self.by_kind(group_id, cluster_name, |kind| async move {
            let target = format!("restore job {job_id} of cluster {group_id}/{cluster_name}");
            let url = self.backup_url(
                kind,
                &target,
                group_id,
                cluster_name,
                &["restoreJobs", job_id],
            )?;
            match kind {
                ClusterKind::Dedicated => self.get_one(&target, url, Resource::Backup).await,
                ClusterKind::Flex => {
                    let Flex(job) = self.get_one(&target, url, Resource::Flex).await?;
                    Ok(job)
                }
            }
        })
        .await
    }

    /// Asks Atlas to cancel a restore job: 204 with no body when accepted;
    /// Atlas's error (e.g. 405 `ATLAS_BACKUP_CANCEL_SHARD_RESTORE_JOB_NOT_ALLOWED`)
    /// otherwise.
    pub async fn cancel_restore_job(
        &self,
        group_id: &str,
        cluster_name: &str,
        job_id: &str,
    ) -> Result<(), AtlasError> {
        let target = format!("restore job {job_id} of cluster {group_id}/{cluster_name}");
        if self.kind_of(group_id, cluster_name) == ClusterKind::Flex {
            return Err(AtlasError::new(
                target,
                ErrorKind::Request(FLEX_CANNOT_CANCEL.into()),
            ));
        }
        let path = &["restoreJobs", job_id];
        let url = self.backup_url(
            ClusterKind::Dedicated,
            &target,
            group_id,
            cluster_name,
            path,
        )?;
        self.send(&target, Method::DELETE, url, Resource::Backup)
            .await
            .map(|_| ())
    }

    /// One snapshot of a replica set cluster, or of a sharded cluster.
    pub async fn get_snapshot(
        &self,
        group_id: &str,
        cluster_name: &str,
        snapshot_id: &str,
        sharded: bool,
    ) -> Result<Snapshot, AtlasError> {
        let target = format!("snapshot {snapshot_id} of cluster {group_id}/{cluster_name}");
        let path: &[&str] = if sharded {
            &["snapshots", "shardedCluster", snapshot_id]
        } else {
            &["snapshots", snapshot_id]
        };
        let url = self.backup_url(
            ClusterKind::Dedicated,
            &target,
            group_id,
            cluster_name,
            path,
        )?;
        self.get_one(&target, url, Resource::Backup).await
    }

    /// Every dedicated cluster of a project (`…/clusters`), remembered as
    /// dedicated.
    pub async fn list_clusters(&self, group_id: &str) -> Result<Vec<Cluster>, AtlasError> {
        let target = format!("clusters of project {group_id}");
        let mut url = self.url(&target, &["groups", group_id, "clusters"])?;
        url.query_pairs_mut().append_pair("itemsPerPage", "500");
        let clusters: Vec<Cluster> = self.walk(&target, url, Resource::Clusters).await?.items;
        self.remember_kinds(group_id, &clusters);
        Ok(clusters)
    }

    /// Every project the key can see.
    pub async fn list_projects(&self) -> Result<Vec<Project>, AtlasError> {
        let target = "projects";
        let mut url = self.url(target, &["groups"])?;
        url.query_pairs_mut().append_pair("itemsPerPage", "500");
        Ok(self.walk(target, url, Resource::Backup).await?.items)
    }

    /// `…/groups/{group}/clusters/{cluster}/backup/{rest…}`; for a Flex
    /// cluster `…/v2/groups/{group}/flexClusters/{cluster}/backup/{rest…}`
    /// (the Flex API exists in v2 only).
    fn backup_url(
        &self,
        kind: ClusterKind,
        target: &str,
        group_id: &str,
        cluster_name: &str,
        rest: &[&str],
    ) -> Result<Url, AtlasError> {
        let (clusters, prefix) = match kind {
            ClusterKind::Dedicated => ("clusters", self.api.path_prefix()),
            ClusterKind::Flex => ("flexClusters", ApiVersion::V2.path_prefix()),
        };
        let mut segments = vec!["groups", group_id, clusters, cluster_name, "backup"];
        segments.extend_from_slice(rest);
        self.url_under(target, prefix, &segments)
    }

    fn url(&self, target: &str, segments: &[&str]) -> Result<Url, AtlasError> {
        self.url_under(target, self.api.path_prefix(), segments)
    }

    /// A URL under `prefix` (`api/atlas/v2`, say) on the configured base.
    pub(super) fn url_under(
        &self,
        target: &str,
        prefix: [&str; 3],
        segments: &[&str],
    ) -> Result<Url, AtlasError> {
        let mut url = self.base.clone();
        url.path_segments_mut()
            .map_err(|()| {
                AtlasError::new(
                    target,
                    ErrorKind::Request("base URL cannot take a path".into()),
                )
            })?
            .pop_if_empty()
            .extend(prefix)
            .extend(segments);
        Ok(url)
    }
}

/// The jobs of a Flex listing, as jobs.
fn unwrap_flex<T>(listing: Listing<Flex<T>>) -> Listing<T> {
    Listing {
        items: listing.items.into_iter().map(|Flex(job)| job).collect(),
        total_count: listing.total_count,
    }
}

/// The listing with each job id once (the first of a repeated id wins;
/// a page boundary moving under a listing repeats jobs).
fn each_id_once<T: ListedJob>(mut listing: Listing<T>) -> Listing<T> {
    let before = listing.items.len();
    let mut seen = std::collections::HashSet::new();
    listing
        .items
        .retain(|job| job.id().is_empty() || seen.insert(job.id().to_owned()));
    if listing.items.len() < before {
        listing.items.shrink_to_fit();
    }
    listing
}
