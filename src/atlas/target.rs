//! One watched cluster: a project (group) id and a cluster name.

/// One watched cluster.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Target {
    pub group_id: String,
    pub cluster_name: String,
}

impl Target {
    pub fn new(group_id: impl Into<String>, cluster_name: impl Into<String>) -> Target {
        Target {
            group_id: group_id.into(),
            cluster_name: cluster_name.into(),
        }
    }
}

impl std::fmt::Display for Target {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.group_id, self.cluster_name)
    }
}
