//! The process's entry: the command line (clap definitions; the global
//! flags are settings and live in [`crate::config::GlobalArgs`]), how a run
//! starts, completions and the man page, the log file and, with the `demo`
//! feature, the `simulate` subcommand.

pub mod docs;
pub mod exits;
pub mod history_once;
pub mod launch;
pub mod list_once;
pub mod logging;
#[cfg(feature = "demo")]
pub mod simulate;

use clap::{Args, Parser, Subcommand};

pub use crate::config::GlobalArgs;
use crate::list::OutputFormat;

/// Exit code for a usage or configuration problem.
pub const USAGE: u8 = 2;

/// A live terminal dashboard for MongoDB Atlas Cloud Backup restore jobs.
///
/// Credentials come from the environment (MONGODB_ATLAS_PUBLIC_API_KEY and
/// MONGODB_ATLAS_PRIVATE_API_KEY, or MONGODB_ATLAS_CLIENT_ID and
/// MONGODB_ATLAS_CLIENT_SECRET) or an Atlas CLI profile, never from flags,
/// so they stay out of `ps`.
#[cfg_attr(
    feature = "demo",
    doc = "Try it without an account: `atlas-restores --demo`."
)]
#[derive(Debug, Parser)]
#[command(name = "atlas-restores", version, about, long_about)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Fetch every restore job of the targets once and print them.
    List(ListArgs),
    /// Print what the restore history remembers (offline): status changes
    /// since a time, and each cluster's restore durations.
    History(HistoryArgs),
    /// Run the embedded Atlas simulator in the foreground.
    #[cfg(feature = "demo")]
    Simulate(SimulateArgs),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    Completions(CompletionsArgs),
    /// Print the man page (roff) on standard output.
    Man,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Output format.
    #[arg(long, short, value_enum, default_value_t = OutputFormat::Table)]
    pub output: OutputFormat,
}

#[derive(Debug, Args)]
pub struct HistoryArgs {
    /// How far back to list status changes (e.g. 2h, 7d).
    #[arg(long, value_name = "DURATION", default_value = "7d", value_parser = parse_since)]
    pub since: std::time::Duration,

    /// Output format.
    #[arg(long, short, value_enum, default_value_t = OutputFormat::Table)]
    pub output: OutputFormat,
}

fn parse_since(text: &str) -> Result<std::time::Duration, String> {
    humantime::parse_duration(text).map_err(|error| error.to_string())
}

#[cfg(feature = "demo")]
#[derive(Debug, Args)]
pub struct SimulateArgs {
    /// Port on 127.0.0.1 (0 picks a free one).
    #[arg(long, default_value_t = 0)]
    pub port: u16,

    /// Scenario file (JSON); the built-in demo scenario when absent.
    #[arg(long, value_name = "FILE")]
    pub scenario: Option<std::path::PathBuf>,
}
