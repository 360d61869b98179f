//! How a run starts: from the flags, environment and config files to a
//! client and what to watch, against real Atlas or, with `--demo`, against the embedded
//! simulator started in-process. Nothing here waits for Atlas.

use std::time::Duration;

use crate::atlas::{ApiKey, Client, ClientSettings};
use crate::cli::GlobalArgs;
use crate::config::{self, ConfigError, NotificationRules, Targets, Theme};
use crate::sim::{Scenario, SimConfig, Simulator};

/// A client, what it watches, and the simulator behind it in demo mode.
pub struct Launch {
    pub client: Client,
    /// Named clusters and whole projects.
    pub targets: Targets,
    pub interval: Duration,
    /// The colour theme named in the config file.
    pub theme: Option<Theme>,
    pub notifications: NotificationRules,
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
        demo_settings(args, env).await?
    } else {
        (config::resolve(args, env)?, None)
    };
    let client = Client::new(ClientSettings::new(
        settings.base_url.clone(),
        settings.api,
        settings.credentials.clone(),
    ))
    .map_err(|error| ConfigError(error.to_string()))?;
    let notices = config::insecure_warning(&settings.base_url)
        .into_iter()
        .collect();
    Ok(Launch {
        client,
        targets: settings.targets,
        interval: settings.interval,
        theme: settings.theme,
        notifications: settings.notifications,
        notices,
        simulator,
    })
}

/// The simulator's keys and clusters; the config file's interval, API
/// version and preferences.
async fn demo_settings(
    args: &GlobalArgs,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<(config::Settings, Option<Simulator>), ConfigError> {
    let file = config::load_file(args, env)?;
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
                .map(|(group, name)| crate::atlas::Target::new(group, name))
                .collect(),
            projects: Vec::new(),
        };
    }
    let settings = config::Settings {
        base_url: simulator.base_url(),
        api: args.api.or(file.api).unwrap_or_default(),
        credentials: ApiKey::new(simulator.public_key(), simulator.private_key()).into(),
        targets,
        interval: args
            .interval
            .or(file.interval)
            .unwrap_or(config::DEFAULT_INTERVAL),
        theme: file.theme,
        notifications: file.notifications,
    };
    Ok((settings, Some(simulator)))
}
