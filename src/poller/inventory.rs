//! Lists every project the key can see and each project's clusters, for the
//! cluster picker; at most as many requests at once as the poller allows.

use std::sync::Arc;

use futures_util::StreamExt;
use tokio::sync::Semaphore;

use crate::atlas::Client;
use crate::poller::store::{Inventory, ProjectClusters, Store};

pub async fn load(client: Client, store: Arc<Store>, permits: Arc<Semaphore>) {
    store.update(|data| data.inventory = Inventory::Loading);
    let projects = {
        let Ok(_permit) = permits.acquire().await else {
            return;
        };
        client.list_projects().await
    };
    let inventory = match projects {
        Err(error) => Inventory::Failed(error.cause()),
        Ok(projects) => {
            let listed = futures_util::stream::iter(projects)
                .map(|project| {
                    let (client, permits) = (client.clone(), Arc::clone(&permits));
                    async move {
                        let Ok(_permit) = permits.acquire().await else {
                            return ProjectClusters {
                                project,
                                clusters: Err("shutting down".into()),
                            };
                        };
                        let clusters = client
                            .list_project_clusters(&project.id)
                            .await
                            .map_err(|error| error.cause());
                        ProjectClusters { project, clusters }
                    }
                })
                .buffered(super::IN_FLIGHT)
                .collect()
                .await;
            Inventory::Loaded(listed)
        }
    };
    store.update(|data| data.inventory = inventory);
}
