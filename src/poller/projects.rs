//! Keeps the watch list fresh: the projects' human names, and every cluster
//! of each `--project`, listed at start and again every few minutes, so that
//! a new cluster appears and a deleted one goes without a restart.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use tokio::sync::mpsc;
use tokio::time::{Instant, sleep_until};

use super::PollSettings;
use crate::atlas::Target;
use crate::atlas::backoff::Streak;
use crate::atlas::{AtlasError, Client};
use crate::poller::store::{Store, TargetError};

/// What the project watcher tells the scheduler.
#[derive(Debug, Clone, PartialEq)]
pub enum Listing {
    /// Every cluster of a project, as Atlas lists it now.
    Clusters {
        group_id: String,
        names: Vec<String>,
    },
    /// The human names of the projects the key can see.
    Names(HashMap<String, String>),
}

/// Lists names and clusters every `relist`, retrying failures with back-off;
/// ends when the scheduler is gone.
pub async fn watch(
    client: Client,
    store: Arc<Store>,
    projects: Vec<String>,
    settings: PollSettings,
    listings: mpsc::UnboundedSender<Listing>,
) {
    // `None` stands for the project names; `Some(id)` for one project.
    let mut due: BTreeMap<Option<String>, (Instant, Streak)> = std::iter::once(None)
        .chain(projects.into_iter().map(Some))
        .map(|key| (key, (Instant::now(), Streak::default())))
        .collect();
    loop {
        let Some(next) = due.values().map(|(at, _)| *at).min() else {
            return;
        };
        sleep_until(next).await;
        let ready: Vec<Option<String>> = due
            .iter()
            .filter(|(_, (at, _))| *at <= Instant::now())
            .map(|(key, _)| key.clone())
            .collect();
        for key in ready {
            let streak = due.get(&key).map(|(_, streak)| *streak).unwrap_or_default();
            let outcome = match &key {
                None => client.list_projects().await.map(|projects| {
                    Listing::Names(projects.into_iter().map(|p| (p.id, p.name)).collect())
                }),
                Some(group_id) => client
                    .list_project_clusters(group_id)
                    .await
                    .map(|clusters| Listing::Clusters {
                        group_id: group_id.clone(),
                        names: clusters.into_iter().map(|c| c.name).collect(),
                    }),
            };
            let next = match outcome {
                Ok(listing) => {
                    if listings.send(listing).is_err() {
                        return;
                    }
                    record_error(&store, key.as_deref(), None);
                    (Instant::now() + settings.relist, Streak::default())
                }
                Err(error) => {
                    let (_, streak, wait) = settings.retry_after_failure(&error, streak);
                    let project = key.as_deref().unwrap_or("(all, for their names)");
                    tracing::warn!(target: "atlas_restores::poller", project, error = %error, retry_in_s = wait.as_secs(), failures = streak.failures, "project listing failed");
                    record_error(&store, key.as_deref(), Some(&error));
                    (Instant::now() + wait, streak)
                }
            };
            due.insert(key, next);
        }
    }
}

/// Shows (or clears) why a project, or the projects' names (`None`), could
/// not be listed.
fn record_error(store: &Store, group_id: Option<&str>, error: Option<&AtlasError>) {
    let Some(group_id) = group_id else {
        return record_names_error(store, error);
    };
    let known = store.snapshot().project_errors.contains_key(group_id);
    if error.is_none() && !known {
        return;
    }
    store.update(|data| match error {
        Some(error) => {
            let at = chrono::Utc::now();
            let error = TargetError::from_atlas(error, &Target::new(group_id, ""), at);
            data.project_errors.insert(group_id.to_string(), error);
        }
        None => {
            data.project_errors.remove(group_id);
        }
    });
}

/// Shows (or clears) why the projects' names are missing: a footer note,
/// while the group ids stand in for the names.
fn record_names_error(store: &Store, error: Option<&AtlasError>) {
    if error.is_none() && store.snapshot().names_error.is_none() {
        return;
    }
    store.update(|data| {
        data.names_error = error
            .map(|error| TargetError::from_atlas(error, &Target::new("", ""), chrono::Utc::now()));
    });
}
