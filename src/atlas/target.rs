//! One watched cluster: a project (group) id and a cluster name; and the
//! kind of cluster it is (dedicated or Flex), which decides the API its
//! restore jobs are read from.

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

/// Which Atlas API a cluster's restore jobs live under. Not part of a
/// [`Target`]'s identity: a cluster named on the command line is learnt
/// to be Flex from Atlas's answer, and stays the same target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum ClusterKind {
    /// `…/clusters/{name}/backup/restoreJobs` (M10 and up).
    #[default]
    Dedicated,
    /// `…/flexClusters/{name}/backup/restoreJobs` (version 2024-11-13).
    Flex,
}

impl ClusterKind {
    /// The word shown and written: `dedicated` or `flex`.
    pub fn word(self) -> &'static str {
        match self {
            ClusterKind::Dedicated => "dedicated",
            ClusterKind::Flex => "flex",
        }
    }

    /// The other kind: where Atlas's "wrong API" answer sends a request.
    pub fn other(self) -> ClusterKind {
        match self {
            ClusterKind::Dedicated => ClusterKind::Flex,
            ClusterKind::Flex => ClusterKind::Dedicated,
        }
    }
}

impl std::fmt::Display for ClusterKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.word())
    }
}
