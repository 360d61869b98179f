//! The `simulate` subcommand: the embedded Atlas simulator in the
//! foreground, printing its base URL and credentials as environment
//! variables, until Ctrl-C.

use std::io::Write;
use std::process::ExitCode;

use crate::cli::{SimulateArgs, USAGE};
use crate::sim::{Scenario, SimConfig, Simulator};

/// Runs until Ctrl-C; exit code 2 for a scenario file that cannot be read.
pub async fn run(args: &SimulateArgs) -> color_eyre::Result<ExitCode> {
    let scenario = match &args.scenario {
        Some(path) => match Scenario::load(path) {
            Ok(scenario) => scenario,
            Err(error) => {
                eprintln!("error: {error}");
                return Ok(ExitCode::from(USAGE));
            }
        },
        None => Scenario::demo(),
    };
    let mut config = SimConfig::new(scenario);
    config.port = args.port;
    let simulator = Simulator::start(config).await?;
    let base = simulator.base_url();
    let (public_key, private_key) = (simulator.public_key(), simulator.private_key());
    println!("Atlas simulator listening on {base}");
    println!("MONGODB_ATLAS_BASE_URL={base}");
    println!("MONGODB_ATLAS_PUBLIC_API_KEY={public_key}");
    println!("MONGODB_ATLAS_PRIVATE_API_KEY={private_key}");
    if !simulator.client_id().is_empty() {
        println!("MONGODB_ATLAS_CLIENT_ID={}", simulator.client_id());
        println!("MONGODB_ATLAS_CLIENT_SECRET={}", simulator.client_secret());
    }
    println!(
        "try: curl --digest -u {public_key}:{private_key} -H 'Accept: application/vnd.atlas.2023-01-01+json' {base}/api/atlas/v2/groups"
    );
    println!("Ctrl-C stops it.");
    std::io::stdout().flush()?;
    tokio::signal::ctrl_c().await?;
    simulator.shutdown();
    Ok(ExitCode::SUCCESS)
}
