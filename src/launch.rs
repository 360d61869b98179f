//! How a run starts: from the flags and environment to a client and what to
//! watch, against real Atlas or, with `--demo`, against the embedded
//! simulator started in-process. Nothing here waits for Atlas.

use std::time::Duration;

use crate::atlas::{ApiKey, Client, ClientSettings};
use crate::cli::GlobalArgs;
use crate::config::{self, ConfigError, Targets};
use crate::sim::{Scenario, SimConfig, Simulator};

/// A client, what it watches, and the simulator behind it in demo mode.
pub struct Launch {
    pub client: Client,
    /// Named clusters and whole projects.
    pub targets: Targets,
    pub interval: Duration,
    /// Warnings for the user, such as credentials over plain http.
    pub notices: Vec<String>,
    /// Kept alive for as long as the run lasts.
    pub simulator: Option<Simulator>,
}

/// Resolves the settings and starts the demo simulator if asked.
pub async fn launch(
    args: &GlobalArgs,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<Launch, ConfigError> {
    let (settings, simulator) = if args.demo {
        demo_settings(args).await?
    } else {
        (config::resolve(args, env)?, None)
    };
    let client = Client::new(ClientSettings::new(
        settings.base_url.clone(),
        settings.api,
        settings.key.clone(),
    ))
    .map_err(|error| ConfigError(error.to_string()))?;
    let notices = config::insecure_warning(&settings.base_url)
        .into_iter()
        .collect();
    Ok(Launch {
        client,
        targets: settings.targets,
        interval: settings.interval,
        notices,
        simulator,
    })
}

async fn demo_settings(
    args: &GlobalArgs,
) -> Result<(config::Settings, Option<Simulator>), ConfigError> {
    let scenario = Scenario::demo();
    let all_clusters = scenario.targets();
    let simulator = Simulator::start(SimConfig::new(scenario))
        .await
        .map_err(|error| ConfigError(format!("cannot start the demo simulator: {error}")))?;
    let mut targets = config::targets(&args.clusters, &args.projects, None)?;
    if targets.clusters.is_empty() && targets.projects.is_empty() {
        targets = Targets {
            clusters: all_clusters
                .into_iter()
                .map(|(group, name)| crate::store::Target::new(group, name))
                .collect(),
            projects: Vec::new(),
        };
    }
    let settings = config::Settings {
        base_url: simulator.base_url(),
        api: args.api,
        key: ApiKey::new(simulator.public_key(), simulator.private_key()),
        targets,
        interval: args.interval,
    };
    Ok((settings, Some(simulator)))
}
