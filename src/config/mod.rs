//! Decides, in one place ([`resolve`]), what to watch, how to reach Atlas
//! and how the dashboard behaves, from (strongest first) the flags, the
//! environment, an Atlas CLI profile and our own config file, or the demo
//! simulator in place of the account; with one clear message when
//! something is missing or wrong.

mod account;
mod file;
mod flags;
mod history;
mod paths;
mod preferences;
mod profile;
mod resolve;
pub mod saved_targets;
mod targets;
mod transport;

use std::fmt;
use std::time::Duration;

use crate::atlas::Target;
pub use account::{base_url, env_base_url};
pub use file::{FileConfig, load as load_file};
pub use flags::GlobalArgs;
pub use history::history_path;
pub use paths::{atlas_cli_config, config_home_hint, history_file, own_config, set as env_set};
pub use preferences::{ClipboardMode, DEFAULT_EXPIRING_WITHIN, NotificationRules, NotifyOn};
pub use preferences::{Preferences, Theme};
pub use profile::{DEFAULT_PROFILE, Profile};
pub use resolve::{DemoSource, Settings, Transport, resolve};
pub use targets::targets;
pub use transport::{insecure_warning, is_loopback};

pub const ENV_PUBLIC_KEY: &str = "MONGODB_ATLAS_PUBLIC_API_KEY";
pub const ENV_PRIVATE_KEY: &str = "MONGODB_ATLAS_PRIVATE_API_KEY";
pub const ENV_CLIENT_ID: &str = "MONGODB_ATLAS_CLIENT_ID";
pub const ENV_CLIENT_SECRET: &str = "MONGODB_ATLAS_CLIENT_SECRET";
pub const ENV_PROJECT_ID: &str = "MONGODB_ATLAS_PROJECT_ID";
pub const ENV_BASE_URL: &str = "MONGODB_ATLAS_BASE_URL";
pub const ENV_OPS_MANAGER_URL: &str = "MONGODB_ATLAS_OPS_MANAGER_URL";
pub const ENV_SERVICE: &str = "MONGODB_ATLAS_SERVICE";

/// The shortest interval allowed against a server that is not on loopback.
pub const MIN_REMOTE_INTERVAL: Duration = Duration::from_secs(5);
/// The interval when neither `--interval` nor the config file sets one.
pub const DEFAULT_INTERVAL: Duration = Duration::from_secs(30);

/// The clusters named one by one, and the projects whose every cluster is
/// watched but those excluded.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Targets {
    pub clusters: Vec<Target>,
    pub projects: Vec<String>,
    /// Clusters of `projects` not watched (the config file's `exclude`).
    pub exclude: Vec<Target>,
}

impl Targets {
    /// Nothing named: the dashboard opens its cluster picker.
    pub fn is_empty(&self) -> bool {
        self.clusters.is_empty() && self.projects.is_empty()
    }
}

/// A problem with the command line, environment or a config file (exit
/// code 2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError(pub String);

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ConfigError {}

/// For `list`, which has no picker: no cluster and no project named.
pub fn nothing_to_watch() -> ConfigError {
    missing("nothing to watch")
}

/// The way to try it without an account, in builds that have it.
const DEMO_HINT: &str = if cfg!(feature = "demo") {
    "\nTo try atlas-restores without an account: atlas-restores --demo"
} else {
    ""
};

fn missing(what: &str) -> ConfigError {
    ConfigError(format!(
        "{what}.\n\
         Set {ENV_PUBLIC_KEY} and {ENV_PRIVATE_KEY} to an API key with the Project Backup Manager \
         or Project Read Only role (or {ENV_CLIENT_ID} and {ENV_CLIENT_SECRET} for a service \
         account, or use an Atlas CLI profile with --profile), and name what to watch with \
         --cluster GROUP_ID/CLUSTER_NAME or --project GROUP_ID (or {ENV_PROJECT_ID}, or \
         `clusters` and `projects` in the config file).{DEMO_HINT}"
    ))
}

#[cfg(test)]
mod precedence_tests;
