//! Resolves what to watch and how to reach Atlas from flags and the
//! environment (flag beats env), with one clear message when something is
//! missing.

use std::fmt;
use std::time::Duration;

use crate::atlas::client::{ATLAS_BASE_URL, ATLAS_GOV_BASE_URL};
use crate::atlas::{ApiKey, ApiVersion};
use crate::cli::GlobalArgs;
use crate::store::Target;

pub const ENV_PUBLIC_KEY: &str = "MONGODB_ATLAS_PUBLIC_API_KEY";
pub const ENV_PRIVATE_KEY: &str = "MONGODB_ATLAS_PRIVATE_API_KEY";
pub const ENV_PROJECT_ID: &str = "MONGODB_ATLAS_PROJECT_ID";
pub const ENV_BASE_URL: &str = "MONGODB_ATLAS_BASE_URL";
pub const ENV_OPS_MANAGER_URL: &str = "MONGODB_ATLAS_OPS_MANAGER_URL";
pub const ENV_SERVICE: &str = "MONGODB_ATLAS_SERVICE";

/// The shortest interval allowed against a server that is not on loopback.
pub const MIN_REMOTE_INTERVAL: Duration = Duration::from_secs(5);

/// Everything needed to talk to Atlas and what to watch.
#[derive(Debug, Clone)]
pub struct Settings {
    pub base_url: String,
    pub api: ApiVersion,
    pub key: ApiKey,
    pub targets: Targets,
    pub interval: Duration,
}

/// The clusters named one by one, and the projects whose every cluster is
/// watched. The dashboard opens its cluster picker when both are empty.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Targets {
    pub clusters: Vec<Target>,
    pub projects: Vec<String>,
}

impl Targets {
    pub fn is_empty(&self) -> bool {
        self.clusters.is_empty() && self.projects.is_empty()
    }
}

/// A problem with the command line or environment (exit code 2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError(pub String);

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ConfigError {}

/// Reads settings from the flags and `env` (the process environment, or a
/// table in tests).
pub fn resolve(
    args: &GlobalArgs,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<Settings, ConfigError> {
    let env = |name: &str| env(name).filter(|value| !value.trim().is_empty());
    let base_url = base_url(args.base_url.as_deref(), &env);
    let key = match (env(ENV_PUBLIC_KEY), env(ENV_PRIVATE_KEY)) {
        (Some(public_key), Some(private_key)) => ApiKey::new(public_key.trim(), private_key.trim()),
        _ => return Err(missing("Atlas API credentials are not set")),
    };
    let targets = targets(&args.clusters, &args.projects, env(ENV_PROJECT_ID))?;
    check_interval(args.interval, &base_url)?;
    check_transport(&base_url, args.allow_insecure_http)?;
    Ok(Settings {
        base_url,
        api: args.api,
        key,
        targets,
        interval: args.interval,
    })
}

/// For `list`, which has no picker: no cluster and no project named.
pub fn nothing_to_watch() -> ConfigError {
    missing("nothing to watch")
}

fn missing(what: &str) -> ConfigError {
    ConfigError(format!(
        "{what}.\n\
         Set {ENV_PUBLIC_KEY} and {ENV_PRIVATE_KEY} to an API key with the Project Backup Manager \
         or Project Read Only role, and name what to watch with --cluster GROUP_ID/CLUSTER_NAME \
         or --project GROUP_ID (or {ENV_PROJECT_ID}).\n\
         To try atlas-restores without an account: atlas-restores --demo"
    ))
}

/// Flag, then `MONGODB_ATLAS_BASE_URL`, then `MONGODB_ATLAS_OPS_MANAGER_URL`,
/// then the government cloud when `MONGODB_ATLAS_SERVICE=cloudgov`.
pub fn base_url(flag: Option<&str>, env: &dyn Fn(&str) -> Option<String>) -> String {
    flag.map(str::to_string)
        .or_else(|| env(ENV_BASE_URL))
        .or_else(|| env(ENV_OPS_MANAGER_URL))
        .or_else(|| {
            (env(ENV_SERVICE).as_deref() == Some("cloudgov"))
                .then(|| ATLAS_GOV_BASE_URL.to_string())
        })
        .unwrap_or_else(|| ATLAS_BASE_URL.to_string())
        .trim()
        .to_string()
}

/// `--cluster GROUP/NAME` names its group; a bare `--cluster NAME` takes the
/// one `--project` (or `MONGODB_ATLAS_PROJECT_ID`), and that project then
/// only supplies the group. Every other `--project` is watched whole.
pub fn targets(
    clusters: &[String],
    projects: &[String],
    env_project: Option<String>,
) -> Result<Targets, ConfigError> {
    for project in projects {
        check_name("--project", project)?;
    }
    let mut result = Targets::default();
    let mut project_is_group_only = false;
    for spec in clusters {
        let target = match spec.split_once('/') {
            Some((group, name)) => {
                check_name("--cluster group id", group)?;
                check_name("--cluster name", name)?;
                Target::new(group, name)
            }
            None => {
                check_name("--cluster", spec)?;
                let group = match projects {
                    [one] => one.clone(),
                    [] => env_project.clone().ok_or_else(|| {
                        ConfigError(format!(
                            "--cluster {spec} has no project: write GROUP_ID/{spec}, or add --project GROUP_ID, \
                             or set {ENV_PROJECT_ID}"
                        ))
                    })?,
                    _ => {
                        return Err(ConfigError(format!(
                            "--cluster {spec} is ambiguous with several --project flags: write GROUP_ID/{spec}"
                        )));
                    }
                };
                project_is_group_only = true;
                Target::new(group, spec)
            }
        };
        if !result.clusters.contains(&target) {
            result.clusters.push(target);
        }
    }
    if !project_is_group_only {
        for project in projects {
            if !result.projects.contains(project) {
                result.projects.push(project.clone());
            }
        }
    }
    Ok(result)
}

fn check_name(what: &str, value: &str) -> Result<(), ConfigError> {
    let bad = value.is_empty() || value.contains('/') || value.chars().any(char::is_whitespace);
    if bad {
        return Err(ConfigError(format!("{what} {value:?} is not a valid name")));
    }
    Ok(())
}

/// Real Atlas is polled at most every 5 s; loopback servers at any pace.
fn check_interval(interval: Duration, base_url: &str) -> Result<(), ConfigError> {
    if interval < MIN_REMOTE_INTERVAL && !is_loopback(base_url) {
        return Err(ConfigError(format!(
            "--interval {} is too short for a remote Atlas: use at least 5s",
            humantime::format_duration(interval)
        )));
    }
    Ok(())
}

/// Plain `http://` is refused off this machine unless explicitly allowed.
fn check_transport(base_url: &str, allow_insecure_http: bool) -> Result<(), ConfigError> {
    if insecure_warning(base_url).is_some() && !allow_insecure_http {
        return Err(ConfigError(format!(
            "refusing to send Atlas credentials over plain http:// to {base_url}: use https://, \
             or pass --allow-insecure-http if you really mean it"
        )));
    }
    Ok(())
}

/// The warning to show when credentials go over plain `http://` to a host
/// that is not this machine; `None` when the transport is fine.
pub fn insecure_warning(base_url: &str) -> Option<String> {
    let plain = base_url.trim().to_ascii_lowercase().starts_with("http://");
    (plain && !is_loopback(base_url)).then(|| {
        format!(
            "warning: credentials are sent over plain http:// to {base_url} (--allow-insecure-http)"
        )
    })
}

/// Whether the URL's host is on this machine.
pub fn is_loopback(url: &str) -> bool {
    let Ok(url) = reqwest::Url::parse(url) else {
        return false;
    };
    let Some(host) = url.host_str() else {
        return false;
    };
    let host = host.trim_start_matches('[').trim_end_matches(']');
    match host.parse::<std::net::IpAddr>() {
        Ok(std::net::IpAddr::V6(ip)) => {
            ip.is_loopback() || ip.to_ipv4_mapped().is_some_and(|v4| v4.is_loopback())
        }
        Ok(ip) => ip.is_loopback(),
        Err(_) => host.eq_ignore_ascii_case("localhost"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env_of(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let pairs: Vec<(String, String)> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |name| {
            pairs
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
        }
    }

    #[test]
    fn base_url_precedence() {
        let none = env_of(&[]);
        assert_eq!(base_url(None, &none), "https://cloud.mongodb.com");
        let gov = env_of(&[(ENV_SERVICE, "cloudgov")]);
        assert_eq!(base_url(None, &gov), "https://cloud.mongodbgov.com");
        let both = env_of(&[
            (ENV_OPS_MANAGER_URL, "https://om.example"),
            (ENV_BASE_URL, "https://base.example"),
            (ENV_SERVICE, "cloudgov"),
        ]);
        assert_eq!(base_url(None, &both), "https://base.example");
        let om = env_of(&[(ENV_OPS_MANAGER_URL, "https://om.example")]);
        assert_eq!(base_url(None, &om), "https://om.example");
        assert_eq!(
            base_url(Some("http://127.0.0.1:9"), &both),
            "http://127.0.0.1:9"
        );
    }

    #[test]
    fn cluster_specs() {
        let t = targets(&["g1/a".into(), "b".into()], &["g2".into()], None);
        assert_eq!(
            t,
            Ok(Targets {
                clusters: vec![Target::new("g1", "a"), Target::new("g2", "b")],
                projects: vec![],
            })
        );
        let from_env = targets(&["b".into()], &[], Some("g3".into()));
        assert_eq!(
            from_env.map(|t| t.clusters),
            Ok(vec![Target::new("g3", "b")])
        );
        assert!(targets(&["b".into()], &[], None).is_err());
        assert!(targets(&["b".into()], &["p".into(), "q".into()], None).is_err());
        assert!(targets(&["g/".into()], &[], None).is_err());
        let whole = targets(&["g1/a".into()], &["p".into()], None);
        assert_eq!(whole.map(|t| t.projects), Ok(vec!["p".to_string()]));
    }

    #[test]
    fn interval_floor_applies_only_off_loopback() {
        let short = Duration::from_millis(50);
        assert!(check_interval(short, "http://127.0.0.1:8080").is_ok());
        assert!(check_interval(short, "http://localhost:1").is_ok());
        assert!(check_interval(short, "https://cloud.mongodb.com").is_err());
        assert!(check_interval(Duration::from_secs(5), "https://cloud.mongodb.com").is_ok());
    }

    #[test]
    fn plain_http_is_refused_off_this_machine_unless_allowed() {
        let refused = check_transport("http://atlas.example.com", false);
        assert!(refused.is_err_and(|e| e.0.contains("--allow-insecure-http")));
        assert!(check_transport("http://atlas.example.com", true).is_ok());
        assert!(check_transport("http://127.0.0.1:8080", false).is_ok());
        assert!(check_transport("http://[::1]:8080", false).is_ok());
        assert!(check_transport("http://[::ffff:127.0.0.1]:8080", false).is_ok());
        assert!(check_transport("http://[::ffff:192.0.2.1]:8080", false).is_err());
        assert!(check_transport("http://localhost.example.com", false).is_err());
        assert!(check_transport("https://cloud.mongodb.com", false).is_ok());
        assert!(
            insecure_warning("http://atlas.example.com")
                .is_some_and(|w| w.contains("plain http://"))
        );
        assert_eq!(insecure_warning("HTTPS://cloud.mongodb.com"), None);
    }

    #[test]
    fn missing_credentials_name_the_variables_and_the_demo() {
        let message = missing("Atlas API credentials are not set").0;
        assert!(message.contains(ENV_PUBLIC_KEY) && message.contains(ENV_PRIVATE_KEY));
        assert!(message.contains("--demo"));
    }
}
