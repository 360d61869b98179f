//! Resolves what to watch and how to reach Atlas, from (strongest first)
//! the flags, the environment, an Atlas CLI profile and our own config
//! file, with one clear message when something is missing or wrong.

mod file;
mod flags;
mod paths;
mod preferences;
mod profile;
pub mod saved_targets;
mod targets;
mod transport;

use std::fmt;
use std::time::Duration;

use crate::atlas::Target;
use crate::atlas::client::{ATLAS_BASE_URL, ATLAS_GOV_BASE_URL};
use crate::atlas::{ApiKey, ApiVersion, Credentials, ServiceAccount};
pub use file::FileConfig;
pub use flags::GlobalArgs;
pub use paths::{atlas_cli_config, own_config};
pub use preferences::{ClipboardMode, DEFAULT_EXPIRING_WITHIN, NotificationRules, NotifyOn, Theme};
pub use profile::{DEFAULT_PROFILE, Profile};
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

/// Everything needed to talk to Atlas, what to watch, and the dashboard's
/// preferences.
#[derive(Debug, Clone)]
pub struct Settings {
    pub base_url: String,
    pub api: ApiVersion,
    pub credentials: Credentials,
    pub targets: Targets,
    pub interval: Duration,
    /// The colour theme named in the config file.
    pub theme: Option<Theme>,
    pub notifications: NotificationRules,
}

/// The clusters named one by one, and the projects whose every cluster is
/// watched.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Targets {
    pub clusters: Vec<Target>,
    pub projects: Vec<String>,
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

/// Reads settings from the flags, `env` (the process environment, or a
/// table in tests; it also locates the config files through
/// `XDG_CONFIG_HOME` and `HOME`), the Atlas CLI profile and our config file.
pub fn resolve(
    args: &GlobalArgs,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<Settings, ConfigError> {
    let env = |name: &str| env(name).filter(|value| !value.trim().is_empty());
    let file = file::load(args.config.as_deref(), &env)?;
    let env_credentials = credentials_from_env(&env)?;
    let named_profile = args.profile.as_deref().or(file.profile.as_deref());
    let profile = profile::load(named_profile, env_credentials.is_none(), &env)?;
    let credentials = match (env_credentials, &profile) {
        (Some(credentials), _) => credentials,
        (None, Some(profile)) => profile.credentials()?,
        (None, None) => return Err(missing("Atlas API credentials are not set")),
    };
    let base_url = base_url(args.base_url.as_deref(), &env, profile.as_ref(), &file);
    let default_project = env(ENV_PROJECT_ID).or_else(|| profile.as_ref()?.project_id.clone());
    let targets = choose_targets(args, &file, default_project)?;
    let interval = args.interval.or(file.interval).unwrap_or(DEFAULT_INTERVAL);
    transport::check_interval(interval, &base_url)?;
    transport::check_transport(&base_url, args.allow_insecure_http)?;
    Ok(Settings {
        base_url,
        api: args.api.or(file.api).unwrap_or_default(),
        credentials,
        targets,
        interval,
        theme: file.theme,
        notifications: file.notifications,
    })
}

/// Our config file alone, for `--demo`: its interval, API version and
/// preferences apply; credentials and targets come from the simulator.
pub fn load_file(
    args: &GlobalArgs,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<FileConfig, ConfigError> {
    file::load(args.config.as_deref(), env)
}

/// A service account (`MONGODB_ATLAS_CLIENT_ID` and `..._SECRET`) or else
/// an API key from the environment; a half-set pair is an error.
fn credentials_from_env(
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<Option<Credentials>, ConfigError> {
    let account = pair(env, ENV_CLIENT_ID, ENV_CLIENT_SECRET)?
        .map(|(id, secret)| Credentials::from(ServiceAccount::new(id, secret)));
    let key = pair(env, ENV_PUBLIC_KEY, ENV_PRIVATE_KEY)?
        .map(|(public, private)| Credentials::from(ApiKey::new(public, private)));
    Ok(account.or(key))
}

fn pair(
    env: &dyn Fn(&str) -> Option<String>,
    id: &str,
    secret: &str,
) -> Result<Option<(String, String)>, ConfigError> {
    match (env(id), env(secret)) {
        (Some(id), Some(secret)) => Ok(Some((id.trim().into(), secret.trim().into()))),
        (None, None) => Ok(None),
        (Some(_), None) => Err(ConfigError(format!("{id} is set but {secret} is not"))),
        (None, Some(_)) => Err(ConfigError(format!("{secret} is set but {id} is not"))),
    }
}

/// Flags' targets replace the file's; with neither, the default project
/// (`MONGODB_ATLAS_PROJECT_ID` or the profile's `project_id`) is watched.
fn choose_targets(
    args: &GlobalArgs,
    file: &FileConfig,
    default_project: Option<String>,
) -> Result<Targets, ConfigError> {
    let targets = if !args.clusters.is_empty() || !args.projects.is_empty() {
        targets::targets(&args.clusters, &args.projects, default_project)?
    } else if !file.clusters.is_empty() || !file.projects.is_empty() {
        Targets {
            clusters: file.clusters.clone(),
            projects: file.projects.clone(),
        }
    } else {
        Targets {
            clusters: Vec::new(),
            projects: default_project.into_iter().collect(),
        }
    };
    Ok(targets)
}

/// For `list`, which has no picker: no cluster and no project named.
pub fn nothing_to_watch() -> ConfigError {
    missing("nothing to watch")
}

fn missing(what: &str) -> ConfigError {
    ConfigError(format!(
        "{what}.\n\
         Set {ENV_PUBLIC_KEY} and {ENV_PRIVATE_KEY} to an API key with the Project Backup Manager \
         or Project Read Only role (or {ENV_CLIENT_ID} and {ENV_CLIENT_SECRET} for a service \
         account, or use an Atlas CLI profile with --profile), and name what to watch with \
         --cluster GROUP_ID/CLUSTER_NAME or --project GROUP_ID (or {ENV_PROJECT_ID}, or \
         `clusters` and `projects` in the config file).\n\
         To try atlas-restores without an account: atlas-restores --demo"
    ))
}

/// Flag, then the environment ([`env_base_url`]), then the profile's
/// `ops_manager_url` or `service`, then the config file, then Atlas.
pub fn base_url(
    flag: Option<&str>,
    env: &dyn Fn(&str) -> Option<String>,
    profile: Option<&Profile>,
    file: &FileConfig,
) -> String {
    flag.map(str::to_string)
        .or_else(|| env_base_url(env))
        .or_else(|| profile?.base_url())
        .or_else(|| file.base_url.clone())
        .unwrap_or_else(|| ATLAS_BASE_URL.to_string())
        .trim()
        .to_string()
}

/// `MONGODB_ATLAS_BASE_URL`, then `MONGODB_ATLAS_OPS_MANAGER_URL`, then the
/// government cloud when `MONGODB_ATLAS_SERVICE=cloudgov`.
pub fn env_base_url(env: &dyn Fn(&str) -> Option<String>) -> Option<String> {
    env(ENV_BASE_URL)
        .or_else(|| env(ENV_OPS_MANAGER_URL))
        .or_else(|| {
            (env(ENV_SERVICE).as_deref() == Some("cloudgov"))
                .then(|| ATLAS_GOV_BASE_URL.to_string())
        })
}

#[cfg(test)]
mod precedence_tests;
