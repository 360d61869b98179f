//! The one place where precedence is decided. Flags beat the environment,
//! which beats the Atlas CLI profile, which beats our config file, which
//! beats the defaults. With `--demo` the simulator is the server: it stands
//! in for the environment and the profile (never read then) as the source
//! of the base URL, the credentials and, when the flags name nothing, the
//! targets; our config file still gives the interval, API version and
//! preferences.

use std::path::PathBuf;
use std::time::Duration;

use super::file;
use super::preferences::Preferences;
use super::transport::{check_interval, check_transport, insecure_warning};
use super::{ConfigError, DEFAULT_INTERVAL, GlobalArgs, Targets, account, targets};
use crate::atlas::{ApiVersion, ClientSettings, Credentials, Target};

/// Everything a run starts from, decided once.
#[derive(Debug, Clone)]
pub struct Settings {
    pub transport: Transport,
    /// Named clusters and whole projects; empty opens the cluster picker.
    pub targets: Targets,
    pub interval: Duration,
    pub preferences: Preferences,
    /// The restore history file, or `None` to keep none.
    pub history: Option<PathBuf>,
}

/// How Atlas is reached.
#[derive(Debug, Clone)]
pub struct Transport {
    pub base_url: String,
    pub api: ApiVersion,
    pub credentials: Credentials,
    /// The warning to show when credentials go over plain `http://` off
    /// this machine (allowed by `--allow-insecure-http`).
    pub notice: Option<String>,
}

impl Transport {
    /// What [`crate::atlas::Client::new`] needs.
    pub fn client_settings(&self) -> ClientSettings {
        ClientSettings::new(self.base_url.clone(), self.api, self.credentials.clone())
    }

    /// The Atlas UI's origin (scheme, host and port of the base URL), for
    /// links to a cluster's page; `None` when the base URL has no host.
    pub fn ui_origin(&self) -> Option<String> {
        let url = reqwest::Url::parse(self.base_url.trim()).ok()?;
        url.host()?;
        Some(url.origin().ascii_serialization())
    }
}

/// A server started for `--demo` (the simulator, started by the caller:
/// configuration does not know it), its credentials and its clusters.
#[derive(Debug, Clone)]
pub struct DemoSource {
    pub base_url: String,
    pub credentials: Credentials,
    /// Watched when the flags name no cluster and no project.
    pub clusters: Vec<Target>,
}

/// The server to reach, as whom, and what on it to watch: from the user's
/// account or from the demo.
pub(super) struct Server {
    pub base_url: String,
    pub credentials: Credentials,
    pub targets: Targets,
}

impl DemoSource {
    /// The flags' targets (a bare `--cluster` needs `--project`: there is no
    /// default project), else every demo cluster; our config file's targets
    /// are for the real account and do not apply.
    fn server(self, args: &GlobalArgs) -> Result<Server, ConfigError> {
        let mut targets = targets(&args.clusters, &args.projects, None)?;
        if targets.is_empty() {
            targets = Targets {
                clusters: self.clusters,
                ..Targets::default()
            };
        }
        Ok(Server {
            base_url: self.base_url,
            credentials: self.credentials,
            targets,
        })
    }
}

/// Reads settings from the flags, `env` (the process environment, or a
/// table in tests; it also locates the config files, see
/// [`super::paths`]), the Atlas CLI profile and our config
/// file, or from `demo` in place of the environment and the profile.
pub fn resolve(
    args: &GlobalArgs,
    env: &dyn Fn(&str) -> Option<String>,
    demo: Option<DemoSource>,
) -> Result<Settings, ConfigError> {
    let set = |name: &str| env(name).filter(|value| !value.trim().is_empty());
    let file = file::load(args.config.as_deref(), &set)?;
    let is_demo = demo.is_some();
    let Server {
        base_url,
        credentials,
        targets,
    } = match demo {
        Some(demo) => demo.server(args)?,
        None => account::server(args, &set, &file)?,
    };
    let interval = args.interval.or(file.interval).unwrap_or(DEFAULT_INTERVAL);
    check_interval(interval, &base_url)?;
    check_transport(&base_url, args.allow_insecure_http)?;
    Ok(Settings {
        transport: Transport {
            notice: insecure_warning(&base_url),
            base_url,
            api: args.api.or(file.api).unwrap_or_default(),
            credentials,
        },
        targets,
        interval,
        preferences: Preferences::resolve(args, &file, env, is_demo),
        history: super::history_path(args, &file, env, is_demo),
    })
}
