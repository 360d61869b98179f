//! Which resource a request's path names (after `/api/atlas/v2/` or
//! `/api/atlas/v1.0/`), and the v2 media type versions it serves.

use super::flex;

pub(super) enum Route {
    Groups,
    Group(String),
    Clusters(String),
    Cluster(String, String),
    Snapshots(String, String),
    Jobs(String, String),
    Job(String, String, String),
    Snapshot(String, String, String),
    FlexClusters(String),
    FlexCluster(String, String),
    FlexJobs(String, String),
    FlexJob(String, String, String),
}

impl Route {
    pub(super) fn parse(segments: &[&str]) -> Option<Route> {
        let s = |i: usize| segments.get(i).map(|v| v.to_string());
        match segments {
            ["groups"] => Some(Route::Groups),
            ["groups", _] => Some(Route::Group(s(1)?)),
            ["groups", _, "clusters"] => Some(Route::Clusters(s(1)?)),
            ["groups", _, "clusters", _] => Some(Route::Cluster(s(1)?, s(3)?)),
            ["groups", _, "clusters", _, "backup", "snapshots"] => {
                Some(Route::Snapshots(s(1)?, s(3)?))
            }
            ["groups", _, "clusters", _, "backup", "restoreJobs"] => {
                Some(Route::Jobs(s(1)?, s(3)?))
            }
            ["groups", _, "clusters", _, "backup", "restoreJobs", _] => {
                Some(Route::Job(s(1)?, s(3)?, s(6)?))
            }
            ["groups", _, "clusters", _, "backup", "snapshots", _] => {
                Some(Route::Snapshot(s(1)?, s(3)?, s(6)?))
            }
            [
                "groups",
                _,
                "clusters",
                _,
                "backup",
                "snapshots",
                "shardedCluster",
                _,
            ] => Some(Route::Snapshot(s(1)?, s(3)?, s(7)?)),
            ["groups", _, "flexClusters"] => Some(Route::FlexClusters(s(1)?)),
            ["groups", _, "flexClusters", _] => Some(Route::FlexCluster(s(1)?, s(3)?)),
            ["groups", _, "flexClusters", _, "backup", "restoreJobs"] => {
                Some(Route::FlexJobs(s(1)?, s(3)?))
            }
            ["groups", _, "flexClusters", _, "backup", "restoreJobs", _] => {
                Some(Route::FlexJob(s(1)?, s(3)?, s(6)?))
            }
            _ => None,
        }
    }

    /// The v2 API versions this resource serves.
    pub(super) fn versions(&self) -> &'static [&'static str] {
        match self {
            Route::Clusters(_) | Route::Cluster(..) => &["2024-08-05", "2023-02-01", "2023-01-01"],
            Route::FlexClusters(_)
            | Route::FlexCluster(..)
            | Route::FlexJobs(..)
            | Route::FlexJob(..) => &[flex::VERSION],
            _ => &["2023-01-01"],
        }
    }
}
