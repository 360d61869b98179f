//! The HTTP client for the Atlas Admin API: digest auth, versioned media
//! types, typed errors, and the resources atlas-restores reads.

use std::fmt;
use std::time::{Duration, Instant};

use chrono::Utc;
use reqwest::header::ACCEPT;
use reqwest::{Method, StatusCode, Url};
use serde::de::DeserializeOwned;

use super::auth::Auth;
use super::credentials::Credentials;
use super::error::{AtlasError, ErrorKind, TransportCause};
use super::inventory::{Cluster, Project};
use super::model::RestoreJob;
use super::pages::{Listing, PageWalk};
use super::snapshot::Snapshot;

use super::response::{
    RateLimit, http_failure, read_capped, read_rate_limit, transport_error, unexpected_body,
};

/// Default base URL of commercial Atlas.
pub const ATLAS_BASE_URL: &str = "https://cloud.mongodb.com";
/// Base URL of Atlas for Government (`MONGODB_ATLAS_SERVICE=cloudgov`).
pub const ATLAS_GOV_BASE_URL: &str = "https://cloud.mongodbgov.com";

/// Which Admin API generation to speak.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ApiVersion {
    #[default]
    V2,
    V1,
}

/// The resource families whose v2 media type versions differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Resource {
    /// Restore jobs, snapshots and projects: `2023-01-01`.
    Backup,
    /// The clusters list: `2024-08-05`.
    Clusters,
}

impl ApiVersion {
    fn path_prefix(self) -> [&'static str; 3] {
        match self {
            ApiVersion::V2 => ["api", "atlas", "v2"],
            ApiVersion::V1 => ["api", "atlas", "v1.0"],
        }
    }

    fn accept(self, resource: Resource) -> &'static str {
        match (self, resource) {
            (ApiVersion::V1, _) => "application/json",
            (ApiVersion::V2, Resource::Backup) => "application/vnd.atlas.2023-01-01+json",
            (ApiVersion::V2, Resource::Clusters) => "application/vnd.atlas.2024-08-05+json",
        }
    }
}

impl std::str::FromStr for ApiVersion {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text {
            "v2" | "2" => Ok(ApiVersion::V2),
            "v1" | "v1.0" | "1" => Ok(ApiVersion::V1),
            other => Err(format!("unknown API version {other:?}: use v2 or v1")),
        }
    }
}

/// How to reach Atlas.
#[derive(Debug, Clone)]
pub struct ClientSettings {
    pub base_url: String,
    pub api: ApiVersion,
    pub credentials: Credentials,
    /// The longest one request may take, connection included.
    pub request_timeout: Duration,
}

impl ClientSettings {
    pub fn new(
        base_url: impl Into<String>,
        api: ApiVersion,
        credentials: impl Into<Credentials>,
    ) -> ClientSettings {
        ClientSettings {
            base_url: base_url.into(),
            api,
            credentials: credentials.into(),
            request_timeout: Duration::from_secs(30),
        }
    }
}

/// A successful answer: the body and the headers the poller cares about.
pub(crate) struct Answer {
    pub body: Vec<u8>,
    pub status: u16,
}

/// The Atlas Admin API client. Cheap to clone; clones share the connection
/// pool and the digest nonce or the service account's token.
#[derive(Clone)]
pub struct Client {
    http: reqwest::Client,
    base: Url,
    api: ApiVersion,
    /// The public key or the client id: fine to show.
    public_id: String,
    auth: std::sync::Arc<Auth>,
    rate_limit: std::sync::Arc<std::sync::Mutex<Option<RateLimit>>>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base", &self.base.as_str())
            .field("api", &self.api)
            .field("auth", &self.auth.kind())
            .field("id", &self.public_id)
            .finish_non_exhaustive()
    }
}

impl Client {
    pub fn new(settings: ClientSettings) -> Result<Client, AtlasError> {
        let base = Url::parse(&settings.base_url)
            .ok()
            .filter(|url| matches!(url.scheme(), "http" | "https") && url.host().is_some())
            .ok_or_else(|| {
                AtlasError::new(
                    "base URL",
                    ErrorKind::Request(format!(
                        "{:?} is not an http(s) URL with a host",
                        settings.base_url
                    )),
                )
            })?;
        let http = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(10).min(settings.request_timeout))
            .timeout(settings.request_timeout)
            .user_agent(concat!("atlas-restores/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|error| {
                AtlasError::new("HTTP client", ErrorKind::Request(error.to_string()))
            })?;
        let public_id = settings.credentials.public_id().to_string();
        let auth = Auth::new(settings.credentials, &base)?;
        Ok(Client {
            http,
            base,
            api: settings.api,
            public_id,
            auth: std::sync::Arc::new(auth),
            rate_limit: std::sync::Arc::default(),
        })
    }

    /// `RateLimit-Limit` and `RateLimit-Remaining` of the latest answer
    /// that carried them.
    pub fn rate_limit(&self) -> Option<RateLimit> {
        *self
            .rate_limit
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    pub fn api(&self) -> ApiVersion {
        self.api
    }

    pub fn base_url(&self) -> &str {
        self.base.as_str()
    }

    /// Every restore job of a cluster, all pages, each id once.
    pub async fn list_restore_jobs(
        &self,
        group_id: &str,
        cluster_name: &str,
        include_count: bool,
    ) -> Result<Listing<RestoreJob>, AtlasError> {
        let target = format!("cluster {group_id}/{cluster_name}");
        let mut url = self.backup_url(&target, group_id, cluster_name, &["restoreJobs"])?;
        url.query_pairs_mut()
            .append_pair("itemsPerPage", "500")
            .append_pair("pageNum", "1");
        if !include_count {
            url.query_pairs_mut().append_pair("includeCount", "false");
        }
        let mut listing: Listing<RestoreJob> = self.walk(&target, url, Resource::Backup).await?;
        let mut seen = std::collections::HashSet::new();
        listing
            .items
            .retain(|job| job.id.is_empty() || seen.insert(job.id.clone()));
        Ok(listing)
    }

    /// One restore job.
    pub async fn get_restore_job(
        &self,
        group_id: &str,
        cluster_name: &str,
        job_id: &str,
    ) -> Result<RestoreJob, AtlasError> {
        let target = format!("restore job {job_id} of cluster {group_id}/{cluster_name}");
        let url = self.backup_url(&target, group_id, cluster_name, &["restoreJobs", job_id])?;
        self.get_one(&target, url, Resource::Backup).await
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
        let url = self.backup_url(&target, group_id, cluster_name, &["restoreJobs", job_id])?;
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
        let url = self.backup_url(&target, group_id, cluster_name, path)?;
        self.get_one(&target, url, Resource::Backup).await
    }

    /// Every cluster of a project.
    pub async fn list_clusters(&self, group_id: &str) -> Result<Vec<Cluster>, AtlasError> {
        let target = format!("clusters of project {group_id}");
        let mut url = self.url(&target, &["groups", group_id, "clusters"])?;
        url.query_pairs_mut().append_pair("itemsPerPage", "500");
        Ok(self.walk(&target, url, Resource::Clusters).await?.items)
    }

    /// Every project the key can see.
    pub async fn list_projects(&self) -> Result<Vec<Project>, AtlasError> {
        let target = "projects";
        let mut url = self.url(target, &["groups"])?;
        url.query_pairs_mut().append_pair("itemsPerPage", "500");
        Ok(self.walk(target, url, Resource::Backup).await?.items)
    }

    /// `…/groups/{group}/clusters/{cluster}/backup/{rest…}`.
    fn backup_url(
        &self,
        target: &str,
        group_id: &str,
        cluster_name: &str,
        rest: &[&str],
    ) -> Result<Url, AtlasError> {
        let mut segments = vec!["groups", group_id, "clusters", cluster_name, "backup"];
        segments.extend_from_slice(rest);
        self.url(target, &segments)
    }

    fn url(&self, target: &str, segments: &[&str]) -> Result<Url, AtlasError> {
        let mut url = self.base.clone();
        url.path_segments_mut()
            .map_err(|()| {
                AtlasError::new(
                    target,
                    ErrorKind::Request("base URL cannot take a path".into()),
                )
            })?
            .pop_if_empty()
            .extend(self.api.path_prefix())
            .extend(segments);
        Ok(url)
    }

    async fn get_one<T: DeserializeOwned>(
        &self,
        target: &str,
        url: Url,
        resource: Resource,
    ) -> Result<T, AtlasError> {
        let answer = self.send(target, Method::GET, url, resource).await?;
        serde_json::from_slice(&answer.body).map_err(|error| {
            unexpected_body(target, answer.status, &error.to_string(), &answer.body)
        })
    }

    async fn walk<T: DeserializeOwned>(
        &self,
        target: &str,
        first: Url,
        resource: Resource,
    ) -> Result<Listing<T>, AtlasError> {
        let mut walk = PageWalk::new(target);
        let mut next = Some(first);
        while let Some(url) = next {
            walk.visit(&url)?;
            let answer = self.send(target, Method::GET, url, resource).await?;
            next = walk.add_page(&answer.body, answer.status)?;
        }
        Ok(walk.finish())
    }

    /// Sends one request with digest auth and turns every failure into an
    /// [`AtlasError`] for `target`; logs it as one `request` event.
    pub(crate) async fn send(
        &self,
        target: &str,
        method: Method,
        url: Url,
        resource: Resource,
    ) -> Result<Answer, AtlasError> {
        let started = Instant::now();
        let logged = LoggedRequest {
            method: method.clone(),
            path: path_and_query(&url),
        };
        let accept = self.api.accept(resource);
        let build = || {
            self.http
                .request(method.clone(), url.clone())
                .header(ACCEPT, accept)
        };
        let sent = self.auth.send(&self.http, build, target).await;
        let round_trips = sent.round_trips;
        let response = match sent.result {
            Ok(response) => response,
            Err(error) => {
                logged.log(None, Some(&error), started, round_trips);
                return Err(error);
            }
        };
        let status = response.status();
        let headers = response.headers().clone();
        let body = match read_capped(response).await {
            Ok(body) => body,
            Err(error) => {
                let error = transport_error(target, &error);
                logged.log(Some(status), Some(&error), started, round_trips);
                return Err(error);
            }
        };
        logged.log(Some(status), None, started, round_trips);
        if let Some(rate_limit) = read_rate_limit(&headers) {
            *self
                .rate_limit
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner()) = Some(rate_limit);
        }
        if status.is_success() {
            return Ok(Answer {
                body,
                status: status.as_u16(),
            });
        }
        Err(AtlasError::new(
            target,
            ErrorKind::Http(http_failure(status, &headers, &body, Utc::now())),
        )
        .with_credentials(self.auth.kind()))
    }
}

/// What the `request` log event says of a request: built from the method
/// and URL only, never from headers, so no credential can reach the log.
struct LoggedRequest {
    method: Method,
    path: String,
}

impl LoggedRequest {
    fn log(
        &self,
        status: Option<StatusCode>,
        error: Option<&AtlasError>,
        started: Instant,
        round_trips: u32,
    ) {
        let duration_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
        let status = status.map(|status| status.as_u16());
        let error = error.map(error_kind);
        if error.is_some() || status.is_none_or(|status| status >= 400) {
            tracing::warn!(target: "atlas_restores::http", method = %self.method, path = %self.path, status, error_kind = error, duration_ms, round_trips, "request");
        } else {
            tracing::info!(target: "atlas_restores::http", method = %self.method, path = %self.path, status, duration_ms, round_trips, "request");
        }
    }
}

/// The URL's path and query: never its scheme, host or user info.
fn path_and_query(url: &Url) -> String {
    match url.query() {
        Some(query) => format!("{}?{query}", url.path()),
        None => url.path().to_string(),
    }
}

/// A short, secret-free name for why a request failed.
fn error_kind(error: &AtlasError) -> &'static str {
    match &error.kind {
        ErrorKind::Transport { cause, .. } => match cause {
            TransportCause::Timeout => "timeout",
            TransportCause::Connect => "connect",
            TransportCause::Other => "transport",
        },
        ErrorKind::Request(_) => "request",
        ErrorKind::Http(_) => "http",
        ErrorKind::UnexpectedBody { .. } => "unexpected body",
        ErrorKind::Paging(_) => "paging",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn v2_and_v1_media_types() {
        assert_eq!(
            ApiVersion::V2.accept(Resource::Backup),
            "application/vnd.atlas.2023-01-01+json"
        );
        assert_eq!(
            ApiVersion::V2.accept(Resource::Clusters),
            "application/vnd.atlas.2024-08-05+json"
        );
        assert_eq!(
            ApiVersion::V1.accept(Resource::Clusters),
            "application/json"
        );
    }
}
