//! Projects and clusters (dedicated and Flex): what `--project` and the
//! cluster picker list.

use serde::Deserialize;

use super::ClusterKind;
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
    /// Which list it came from: `…/clusters` or `…/flexClusters`.
    #[serde(skip)]
    pub kind: ClusterKind,
}

/// One Flex cluster as `GET /groups/{g}/flexClusters` lists it
/// (`FlexClusterDescription20241113`): no `paused`, and its backup
/// setting inside `backupSettings`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FlexCluster {
    pub name: String,
    #[serde(default, deserialize_with = "lenient_string")]
    pub cluster_type: Option<String>,
    #[serde(default, deserialize_with = "lenient_string")]
    pub state_name: Option<String>,
    #[serde(default)]
    pub backup_settings: Option<FlexBackupSettings>,
}

/// `backupSettings` of a Flex cluster.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct FlexBackupSettings {
    #[serde(default, deserialize_with = "lenient_bool")]
    pub enabled: bool,
}

impl From<FlexCluster> for Cluster {
    fn from(flex: FlexCluster) -> Cluster {
        Cluster {
            name: flex.name,
            cluster_type: flex.cluster_type,
            state_name: flex.state_name,
            // Flex clusters are always backed up; the setting says so.
            backup_enabled: flex.backup_settings.is_none_or(|b| b.enabled),
            paused: false,
            kind: ClusterKind::Flex,
        }
    }
}
