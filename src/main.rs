//! The `atlas-restores` binary: parse the command line, report errors with
//! color-eyre, and dispatch to the dashboard, `list` or `simulate`.

use std::io::Write;
use std::process::ExitCode;

use atlas_restores::cli::launch::{Launch, launch};
use atlas_restores::cli::{Cli, Command, ListArgs, USAGE};
use atlas_restores::cli::{docs, logging};
use atlas_restores::config::{self, ConfigError};
use atlas_restores::list::watch_list;
use atlas_restores::{dashboard, list};
use clap::Parser;

fn main() -> color_eyre::Result<ExitCode> {
    color_eyre::install()?;
    let cli = Cli::parse();
    let runtime = tokio::runtime::Runtime::new()?;
    let code = runtime.block_on(run(cli));
    // Exit now: a blocking read of the terminal or a DNS lookup still
    // running must not hold the process open after the user quit.
    runtime.shutdown_timeout(std::time::Duration::from_millis(200));
    code
}

async fn run(cli: Cli) -> color_eyre::Result<ExitCode> {
    if let Err(error) = logging::install(cli.global.log_file.as_deref()) {
        eprintln!("error: {error}");
        return Ok(ExitCode::from(USAGE));
    }
    match &cli.command {
        #[cfg(feature = "demo")]
        Some(Command::Simulate(args)) => return atlas_restores::cli::simulate::run(args).await,
        Some(Command::Completions(args)) => {
            docs::write_completions(args.shell, &mut std::io::stdout().lock())?;
            return Ok(ExitCode::SUCCESS);
        }
        Some(Command::Man) => {
            docs::write_man_page(&mut std::io::stdout().lock())?;
            return Ok(ExitCode::SUCCESS);
        }
        _ => {}
    }
    let env = |name: &str| std::env::var(name).ok();
    let launch = match launch(&cli.global, &env).await {
        Ok(launch) => launch,
        Err(ConfigError(message)) => {
            eprintln!("error: {message}");
            return Ok(ExitCode::from(USAGE));
        }
    };
    if let Some(notice) = &launch.settings.transport.notice {
        eprintln!("{notice}");
    }
    match &cli.command {
        Some(Command::List(args)) => list_once(&launch, args).await,
        _ => {
            dashboard::run(launch.client.clone(), &launch.settings).await?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

async fn list_once(launch: &Launch, args: &ListArgs) -> color_eyre::Result<ExitCode> {
    let targets = &launch.settings.targets;
    if targets.is_empty() {
        eprintln!("error: {}", config::nothing_to_watch());
        return Ok(ExitCode::from(USAGE));
    }
    let watch = watch_list::expand(&launch.client, targets).await;
    let results = list::fetch_all(&launch.client, &watch).await;
    let now = chrono::Utc::now();
    let (mut out, mut err) = (std::io::stdout().lock(), std::io::stderr().lock());
    let complete = list::print(&results, &watch, args.output, now, &mut out, &mut err)?;
    out.flush()?;
    Ok(if complete {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
