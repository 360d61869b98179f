//! The scenario file's parts as serde reads them, with their defaults:
//! credentials, projects, clusters, faults and a job's `sim` key. The format
//! itself is described on the `scenario` module.

use serde::Deserialize;
use serde_json::{Map, Value};

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct Credentials {
    pub public_key: String,
    pub private_key: String,
    /// The service account's client id; none means no service account.
    #[serde(default)]
    pub client_id: Option<String>,
    #[serde(default)]
    pub client_secret: Option<String>,
}

impl Default for Credentials {
    fn default() -> Self {
        Credentials {
            public_key: "simpubkey".into(),
            private_key: "0b1e5a9c-7d43-4c1f-9e2a-5f6d8c3b2a10".into(),
            client_id: Some("mdb_sa_id_5f6d8c3b2a10simulator".into()),
            client_secret: Some("mdb_sa_sk_7d43e1c09b2f4a6e8d5c3b1a0f9e8d7c".into()),
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(super) struct ScenarioFile {
    #[serde(default)]
    pub credentials: Option<Credentials>,
    /// Each digest answer's `nc` must exceed the last one of its nonce.
    #[serde(default)]
    pub strict_nonce_count: bool,
    pub projects: Vec<ProjectSpec>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct ProjectSpec {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub org_id: Option<String>,
    #[serde(default)]
    pub created: Option<String>,
    #[serde(default)]
    pub clusters: Vec<ClusterSpec>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ClusterSpec {
    pub name: String,
    #[serde(default)]
    pub id: Option<String>,
    #[serde(default = "default_cluster_type")]
    pub cluster_type: String,
    #[serde(default = "default_state")]
    pub state_name: String,
    #[serde(default = "default_true")]
    pub backup_enabled: bool,
    #[serde(default)]
    pub paused: bool,
    #[serde(default = "default_version", rename = "mongoDBVersion")]
    pub mongodb_version: String,
    #[serde(default)]
    pub replica_set_names: Option<Vec<String>>,
    /// A Flex cluster: listed by `…/flexClusters`, its jobs in the Flex
    /// shape under `…/flexClusters/{name}/backup/restoreJobs`.
    #[serde(default)]
    pub flex: bool,
    #[serde(default)]
    pub generated_jobs: u32,
    #[serde(default)]
    pub jobs: Vec<Map<String, Value>>,
    #[serde(default)]
    pub faults: Vec<FaultSpec>,
    #[serde(default)]
    pub snapshots: Vec<Map<String, Value>>,
    #[serde(default)]
    pub missing_snapshots: Vec<String>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

fn default_cluster_type() -> String {
    "REPLICASET".into()
}
fn default_state() -> String {
    "IDLE".into()
}
fn default_true() -> bool {
    true
}
fn default_version() -> String {
    "8.0.4".into()
}

/// A fault injected into one cluster's restore-job listing.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct FaultSpec {
    pub status: Option<u16>,
    /// How many matching requests fail; absent = all of them.
    pub times: Option<u64>,
    /// `Retry-After` header value, sent as written.
    pub retry_after: Option<String>,
    #[serde(default)]
    pub delay_ms: u64,
    pub body: Option<FaultBody>,
    pub error_code: Option<String>,
    pub detail: Option<String>,
    pub on_page: Option<u64>,
    pub only_when: Option<OnlyWhen>,
    /// Not an error: the real page, its `next` link moved to this base
    /// (scheme, host and port), as a tampered or proxied answer would.
    pub next_base: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum FaultBody {
    Json,
    Malformed,
    Truncated,
    Html,
    Empty,
    /// The connection drops in the middle of the body.
    Reset,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct OnlyWhen {
    pub include_count: Option<bool>,
}

/// The simulator-only `sim` key of a job.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct JobSim {
    pub ready_after: Option<String>,
    pub fail_after: Option<String>,
    /// `"notAllowed"`: DELETE answers 405.
    pub cancel: Option<String>,
}
