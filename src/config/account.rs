//! The user's own Atlas account as a source: credentials from the
//! environment or an Atlas CLI profile, the base URL, and what to watch
//! when the flags name nothing (our config file's targets, else the default
//! project).

use super::file::FileConfig;
use super::profile::{self, Profile};
use super::resolve::Server;
use super::targets::check_group_id;
use super::{ConfigError, GlobalArgs, Targets, missing, targets};
use super::{ENV_BASE_URL, ENV_OPS_MANAGER_URL, ENV_PROJECT_ID, ENV_SERVICE};
use super::{ENV_CLIENT_ID, ENV_CLIENT_SECRET, ENV_PRIVATE_KEY, ENV_PUBLIC_KEY};
use crate::atlas::client::{ATLAS_BASE_URL, ATLAS_GOV_BASE_URL};
use crate::atlas::{ApiKey, Credentials, ServiceAccount};

/// Credentials from the environment, else the profile (`--profile`, the
/// file's `profile`, else `default` when the environment has none); the
/// base URL ([`base_url`]); the targets ([`choose_targets`]).
pub(super) fn server(
    args: &GlobalArgs,
    env: &dyn Fn(&str) -> Option<String>,
    file: &FileConfig,
) -> Result<Server, ConfigError> {
    let env_credentials = credentials_from_env(env)?;
    let named_profile = args.profile.as_deref().or(file.profile.as_deref());
    let profile = profile::load(named_profile, env_credentials.is_none(), env)?;
    let credentials = match (env_credentials, &profile) {
        (Some(credentials), _) => credentials,
        (None, Some(profile)) => profile.credentials()?,
        (None, None) => return Err(missing("Atlas API credentials are not set")),
    };
    let base_url = base_url(args.base_url.as_deref(), env, profile.as_ref(), file);
    let default_project = default_project(env, profile.as_ref())?;
    let targets = choose_targets(args, file, default_project)?;
    Ok(Server {
        base_url,
        credentials,
        targets,
    })
}

/// `MONGODB_ATLAS_PROJECT_ID`, else the profile's `project_id`, checked
/// as a group id (the error names where it came from).
fn default_project(
    env: &dyn Fn(&str) -> Option<String>,
    profile: Option<&Profile>,
) -> Result<Option<String>, ConfigError> {
    if let Some(id) = env(ENV_PROJECT_ID) {
        check_group_id(ENV_PROJECT_ID, &id)?;
        return Ok(Some(id));
    }
    let Some((profile, id)) = profile.and_then(|p| Some((p, p.project_id.clone()?))) else {
        return Ok(None);
    };
    let source = format!(
        "project_id of Atlas CLI profile {} in {}",
        profile.name,
        profile.path.display()
    );
    check_group_id(&source, &id)?;
    Ok(Some(id))
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
        targets(&args.clusters, &args.projects, default_project)?
    } else if !file.clusters.is_empty() || !file.projects.is_empty() {
        Targets {
            clusters: file.clusters.clone(),
            projects: file.projects.clone(),
            exclude: Vec::new(),
        }
    } else {
        Targets {
            clusters: Vec::new(),
            projects: default_project.into_iter().collect(),
            exclude: Vec::new(),
        }
    };
    // The picker's saved exclusions hold whichever source names the
    // projects: `--project` expands to every cluster but those.
    Ok(Targets {
        exclude: file.exclude.clone(),
        ..targets
    })
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
