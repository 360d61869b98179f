//! The global command-line flags: one source of settings among the
//! environment, the Atlas CLI profile and our config file.

use std::path::PathBuf;
use std::time::Duration;

use clap::Args;

use super::{ClipboardMode, Theme};
use crate::atlas::ApiVersion;

#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// A cluster to watch: GROUP_ID/CLUSTER_NAME, or CLUSTER_NAME with
    /// --project or MONGODB_ATLAS_PROJECT_ID as its group. Repeatable.
    #[arg(long = "cluster", value_name = "CLUSTER", global = true)]
    pub clusters: Vec<String>,

    /// A project (group id) whose clusters are all watched; also the group of
    /// bare --cluster names. Repeatable.
    #[arg(long = "project", value_name = "GROUP_ID", global = true)]
    pub projects: Vec<String>,

    /// Atlas base URL [env: MONGODB_ATLAS_BASE_URL, MONGODB_ATLAS_OPS_MANAGER_URL;
    /// MONGODB_ATLAS_SERVICE=cloudgov picks https://cloud.mongodbgov.com]
    /// [default: https://cloud.mongodb.com]
    #[arg(long, value_name = "URL", global = true)]
    pub base_url: Option<String>,

    /// Admin API version: v2 (versioned media types) or v1 (v1.0, deprecated).
    /// [default: v2, or `api` in the config file]
    #[arg(long, value_name = "VERSION", value_parser = parse_api, global = true)]
    pub api: Option<ApiVersion>,

    /// How often to refresh each cluster (e.g. 30s, 2m). At least 5s against
    /// real Atlas. [default: 30s, or `interval` in the config file]
    #[arg(long, value_name = "DURATION", value_parser = parse_interval, global = true)]
    pub interval: Option<Duration>,

    /// The Atlas CLI profile to read (from the Atlas CLI's config.toml).
    /// [default: `profile` in the config file, else `default` when it exists
    /// and no credentials are in the environment]
    #[arg(long, value_name = "NAME", global = true)]
    pub profile: Option<String>,

    /// Our config file. [default: $XDG_CONFIG_HOME/atlas-restores/config.toml,
    /// else ~/.config/atlas-restores/config.toml (Windows:
    /// %APPDATA%\atlas-restores\config.toml), when present]
    #[arg(long, value_name = "PATH", global = true)]
    pub config: Option<PathBuf>,

    /// Send credentials over plain http:// to a host that is not this machine
    /// (refused otherwise: anyone on the path could replay the digest).
    #[arg(long, global = true)]
    pub allow_insecure_http: bool,

    /// Run against the embedded Atlas simulator with demo data: no account needed.
    #[cfg(feature = "demo")]
    #[arg(long, global = true)]
    pub demo: bool,

    /// Colour scheme: dark, light, 16 (basic ANSI colours) or mono.
    /// NO_COLOR in the environment always means mono.
    #[arg(long, value_name = "THEME", value_parser = parse_theme, global = true)]
    pub theme: Option<Theme>,

    /// Leave the mouse to the terminal (text selection) instead of clicking
    /// rows, scrolling and sorting by header.
    #[arg(long, global = true)]
    pub no_mouse: bool,

    /// Show URLs as plain text instead of OSC 8 terminal hyperlinks
    /// (also off when TERM=dumb).
    #[arg(long, global = true)]
    pub no_hyperlinks: bool,

    /// Ring the terminal bell when a job finishes or fails, or a download
    /// link is about to expire.
    #[arg(long, global = true)]
    pub bell: bool,

    /// Send a desktop notification (OSC 9) for the same events.
    #[arg(long, global = true)]
    pub desktop_notify: bool,

    /// How long before a download link expires to warn about it
    /// [default: 10m, or `expiring_within` in the config file].
    #[arg(long, value_name = "DURATION", value_parser = parse_duration, global = true)]
    pub expiry_warning: Option<Duration>,
    /// Let `x` cancel restore jobs (after a confirmation); without it the
    /// dashboard is read-only.
    #[arg(long, global = true)]
    pub allow_cancel: bool,

    /// How `y` and `Y` copy: osc52 (an escape sequence to the terminal,
    /// works over ssh and in tmux) or command (wl-copy, xclip, xsel or pbcopy).
    #[arg(long, value_enum, value_name = "HOW", default_value_t = ClipboardMode::Osc52, global = true)]
    pub clipboard: ClipboardMode,

    /// Append a structured log (JSON lines) of every request and state
    /// change to this file. Nothing is logged without it.
    #[arg(long, value_name = "PATH", global = true)]
    pub log_file: Option<PathBuf>,

    /// The restore history file (SQLite), or `history` in the config file.
    /// [default: $XDG_STATE_HOME/atlas-restores/history.sqlite3, else
    /// ~/.local/state/atlas-restores/history.sqlite3; none with --demo]
    #[arg(
        long,
        value_name = "PATH",
        global = true,
        conflicts_with = "no_history"
    )]
    pub history: Option<PathBuf>,

    /// Keep no restore history.
    #[arg(long, global = true)]
    pub no_history: bool,
}

fn parse_api(text: &str) -> Result<ApiVersion, String> {
    text.parse()
}

fn parse_theme(text: &str) -> Result<Theme, String> {
    text.parse()
}

fn parse_duration(text: &str) -> Result<Duration, String> {
    humantime::parse_duration(text).map_err(|error| error.to_string())
}

fn parse_interval(text: &str) -> Result<Duration, String> {
    let interval = humantime::parse_duration(text).map_err(|error| error.to_string())?;
    if interval.is_zero() {
        return Err("the interval must be longer than zero".into());
    }
    Ok(interval)
}
