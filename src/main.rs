//! The `atlas-restores` binary: parse the command line, report errors with
//! color-eyre, and dispatch to the dashboard, `list` or `simulate`.

use std::process::ExitCode;

use atlas_restores::cli::exits::{self, unless_closed};
use atlas_restores::cli::launch::launch;
use atlas_restores::cli::{Cli, Command, USAGE};
use atlas_restores::cli::{docs, history_once, list_once, logging};
use atlas_restores::config::ConfigError;
use atlas_restores::dashboard;
use clap::Parser;

fn main() -> color_eyre::Result<ExitCode> {
    exits::install_reports()?;
    let cli = Cli::parse();
    // One thread: the work is waiting on sockets and the terminal, and a
    // page is parsed in about a millisecond, so worker threads would only
    // add wake-ups between them (a tenth of the steady-state CPU, measured).
    // Blocking effects (clipboard, browser, export) use the blocking pool.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
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
            unless_closed(docs::write_completions(
                args.shell,
                &mut std::io::stdout().lock(),
            ))?;
            return Ok(ExitCode::SUCCESS);
        }
        Some(Command::Man) => {
            unless_closed(docs::write_man_page(&mut std::io::stdout().lock()))?;
            return Ok(ExitCode::SUCCESS);
        }
        Some(Command::History(args)) => {
            let env = |name: &str| std::env::var(name).ok();
            return history_once::run(&cli.global, args, &env);
        }
        Some(Command::List(_)) => {}
        None => {
            if let Err(message) = exits::require_terminal() {
                eprintln!("{message}");
                return Ok(ExitCode::from(USAGE));
            }
        }
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
        Some(Command::List(args)) => list_once::run(&launch, args).await,
        _ => {
            dashboard::run(launch.client.clone(), &launch.settings).await?;
            Ok(ExitCode::SUCCESS)
        }
    }
}
