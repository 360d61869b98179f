//! Projects and clusters: what `--project` and the cluster picker list.

use serde::Deserialize;

use super::snapshot::{lenient_bool, lenient_string};

/// One Atlas project (a "group" in the API).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Project {
    pub id: String,
    #[serde(default)]
    pub name: String,
    #[serde(default, deserialize_with = "lenient_string")]
    pub org_id: Option<String>,
}

/// One cluster of a project.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Cluster {
    pub name: String,
    #[serde(default, deserialize_with = "lenient_string")]
    pub cluster_type: Option<String>,
    #[serde(default, deserialize_with = "lenient_string")]
    pub state_name: Option<String>,
    #[serde(default, deserialize_with = "lenient_bool")]
    pub backup_enabled: bool,
    #[serde(default, deserialize_with = "lenient_bool")]
    pub paused: bool,
}
