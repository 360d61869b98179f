//! Turns the configured targets into the list of clusters to fetch once
//! (for `list`): `--project` expands into every cluster of the project, and
//! project names are looked up for the table. The dashboard keeps its list
//! fresh in the poller instead.

use std::collections::HashMap;

use crate::atlas::Target;
use crate::atlas::{AtlasError, Client};
use crate::config::Targets;

/// The clusters to watch, with the names of their projects where known.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct WatchList {
    pub targets: Vec<Target>,
    pub project_names: HashMap<String, String>,
    /// Projects (group ids) whose clusters could not be listed.
    pub errors: Vec<(String, AtlasError)>,
}

impl WatchList {
    pub fn project_name(&self, group_id: &str) -> Option<String> {
        self.project_names.get(group_id).cloned()
    }
}

/// Expands `targets` against Atlas. Named clusters come first, in the order
/// given; then each project's clusters, sorted by name.
pub async fn expand(client: &Client, targets: &Targets) -> WatchList {
    let mut list = WatchList {
        targets: targets.clusters.clone(),
        ..WatchList::default()
    };
    for project in &targets.projects {
        match client.list_project_clusters(project).await {
            Ok(clusters) => {
                let mut names: Vec<String> = clusters.into_iter().map(|c| c.name).collect();
                names.sort();
                for name in names {
                    let target = Target::new(project.clone(), name);
                    if !list.targets.contains(&target) {
                        list.targets.push(target);
                    }
                }
            }
            Err(error) => list.errors.push((project.clone(), error)),
        }
    }
    // Names are a nicety: a key without the right to list projects still
    // watches its clusters, shown by group id.
    if let Ok(projects) = client.list_projects().await {
        list.project_names = projects.into_iter().map(|p| (p.id, p.name)).collect();
    }
    list
}
