//! How a run starts: with `--demo`, the embedded simulator first (started
//! in-process, one more source of credentials and targets); then the
//! settings from every source; then the client. Nothing here waits for
//! Atlas.

use crate::atlas::Client;
use crate::config::{self, ConfigError, DemoSource, GlobalArgs, Settings};
#[cfg(feature = "demo")]
use crate::sim::{Scenario, SimConfig, Simulator};

/// A client, the settings it was built from, and the simulator behind it
/// in demo mode.
pub struct Launch {
    pub client: Client,
    pub settings: Settings,
    /// Kept alive for as long as the run lasts.
    #[cfg(feature = "demo")]
    pub simulator: Option<Simulator>,
}

/// Starts the demo simulator if asked, resolves the settings and builds
/// the client.
pub async fn launch(
    args: &GlobalArgs,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<Launch, ConfigError> {
    #[cfg(feature = "demo")]
    let (simulator, demo) = if args.demo {
        let (simulator, demo) = start_demo().await?;
        (Some(simulator), Some(demo))
    } else {
        (None, None)
    };
    #[cfg(not(feature = "demo"))]
    let demo: Option<DemoSource> = None;
    let settings = config::resolve(args, env, demo)?;
    let client = Client::new(settings.transport.client_settings())
        .map_err(|error| ConfigError(error.to_string()))?;
    Ok(Launch {
        client,
        settings,
        #[cfg(feature = "demo")]
        simulator,
    })
}

/// The simulator with the demo scenario, its keys and all its clusters.
#[cfg(feature = "demo")]
async fn start_demo() -> Result<(Simulator, DemoSource), ConfigError> {
    let scenario = Scenario::demo();
    let clusters = scenario
        .targets()
        .into_iter()
        .map(|(group, name)| crate::atlas::Target::new(group, name))
        .collect();
    let simulator = Simulator::start(SimConfig::new(scenario))
        .await
        .map_err(|error| ConfigError(format!("cannot start the demo simulator: {error}")))?;
    let demo = DemoSource {
        base_url: simulator.base_url(),
        credentials: crate::atlas::ApiKey::new(simulator.public_key(), simulator.private_key())
            .into(),
        clusters,
    };
    Ok((simulator, demo))
}
