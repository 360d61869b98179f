//! Our own config file (`config.toml`): targets (and the clusters of
//! watched projects to leave out), interval, API version, base URL, Atlas
//! CLI profile, theme, notifications and the history file. Every key is
//! checked; an unknown key is an error, so that typos do not pass silently.

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Deserialize;

use super::ConfigError;
use super::paths;
use super::preferences::{NotificationRules, NotifyOn, Theme};
use super::targets;
use crate::atlas::ApiVersion;
use crate::atlas::Target;

/// The file as written: every key optional, none unknown.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    clusters: Option<Vec<String>>,
    projects: Option<Vec<String>>,
    exclude: Option<Vec<String>>,
    interval: Option<String>,
    api: Option<String>,
    base_url: Option<String>,
    profile: Option<String>,
    theme: Option<String>,
    notifications: Option<RawNotifications>,
    history: Option<RawHistory>,
}

/// `history = false`, `history = true` or `history = "PATH"`.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum RawHistory {
    Kept(bool),
    At(String),
}

/// The config file's `history` key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HistoryKey {
    /// `history = false`: keep none.
    Off,
    /// `history = true`: in the state folder.
    Default,
    /// `history = "PATH"`.
    At(PathBuf),
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawNotifications {
    bell: Option<bool>,
    desktop: Option<bool>,
    expiring_within: Option<String>,
    on: Option<Vec<String>>,
}

/// The file, checked. Empty when there is no file.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FileConfig {
    pub path: Option<PathBuf>,
    pub clusters: Vec<Target>,
    pub projects: Vec<String>,
    /// Clusters of watched projects not to watch (the picker's `w` saves
    /// them); they apply whichever source names the projects.
    pub exclude: Vec<Target>,
    pub interval: Option<Duration>,
    pub api: Option<ApiVersion>,
    pub base_url: Option<String>,
    pub profile: Option<String>,
    pub theme: Option<Theme>,
    pub notifications: NotificationRules,
    pub history: Option<HistoryKey>,
}

/// `--config PATH` (which must exist), else the usual place (if any file
/// is there).
pub fn load(
    explicit: Option<&Path>,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<FileConfig, ConfigError> {
    let path = match explicit {
        Some(path) => path.to_path_buf(),
        None => match paths::own_config(env) {
            Some(path) if path.is_file() => path,
            _ => return Ok(FileConfig::default()),
        },
    };
    let text = std::fs::read_to_string(&path).map_err(|error| {
        ConfigError(format!(
            "cannot read config file {}: {error}",
            path.display()
        ))
    })?;
    parse(&text, &path)
}

/// Parses and checks the text of the file at `path`.
pub fn parse(text: &str, path: &Path) -> Result<FileConfig, ConfigError> {
    let shown = path.display();
    let raw: Raw = toml::from_str(text).map_err(|error| {
        ConfigError(format!(
            "config file {shown}: {}",
            error.to_string().trim_end()
        ))
    })?;
    let bad = |key: &str, problem: String| {
        ConfigError(format!("config file {shown}: key `{key}`: {problem}"))
    };
    let notifications = raw
        .notifications
        .map(|n| notification_rules(n, &bad))
        .transpose()?
        .unwrap_or_default();
    Ok(FileConfig {
        path: Some(path.to_path_buf()),
        clusters: clusters("clusters", raw.clusters.unwrap_or_default(), &bad)?,
        exclude: clusters("exclude", raw.exclude.unwrap_or_default(), &bad)?,
        projects: projects(raw.projects.unwrap_or_default(), &bad)?,
        interval: raw
            .interval
            .map(|text| duration(&text).map_err(|problem| bad("interval", problem)))
            .transpose()?,
        api: raw
            .api
            .map(|text| text.parse().map_err(|problem| bad("api", problem)))
            .transpose()?,
        base_url: raw
            .base_url
            .map(|url| base_url(&url).map_err(|problem| bad("base_url", problem)))
            .transpose()?,
        profile: raw
            .profile
            .map(|name| nonblank(name).map_err(|problem| bad("profile", problem)))
            .transpose()?,
        theme: raw
            .theme
            .map(|name| name.parse().map_err(|problem| bad("theme", problem)))
            .transpose()?,
        notifications,
        history: raw
            .history
            .map(|history| match history {
                RawHistory::Kept(false) => Ok(HistoryKey::Off),
                RawHistory::Kept(true) => Ok(HistoryKey::Default),
                RawHistory::At(path) => nonblank(path)
                    .map(|path| HistoryKey::At(PathBuf::from(path)))
                    .map_err(|problem| bad("history", problem)),
            })
            .transpose()?,
    })
}

type Bad<'a> = dyn Fn(&str, String) -> ConfigError + 'a;

/// The `GROUP_ID/CLUSTER_NAME` list of `key`, checked, without repeats.
fn clusters(key: &str, specs: Vec<String>, bad: &Bad) -> Result<Vec<Target>, ConfigError> {
    let mut targets = Vec::new();
    for spec in specs {
        let (group, name) = spec
            .split_once('/')
            .ok_or_else(|| bad(key, format!("{spec:?} is not GROUP_ID/CLUSTER_NAME")))?;
        targets::check_group_id(&format!("{spec:?}: group id"), group)
            .and_then(|()| targets::check_cluster_name(&format!("{spec:?}: cluster name"), name))
            .map_err(|error| bad(key, error.0))?;
        let target = Target::new(group, name);
        if !targets.contains(&target) {
            targets.push(target);
        }
    }
    Ok(targets)
}

fn projects(ids: Vec<String>, bad: &Bad) -> Result<Vec<String>, ConfigError> {
    let mut projects = Vec::new();
    for id in ids {
        targets::check_group_id("project", &id).map_err(|error| bad("projects", error.0))?;
        if !projects.contains(&id) {
            projects.push(id);
        }
    }
    Ok(projects)
}

fn notification_rules(raw: RawNotifications, bad: &Bad) -> Result<NotificationRules, ConfigError> {
    let defaults = NotificationRules::default();
    let expiring_within = raw
        .expiring_within
        .map(|text| {
            duration(&text).map_err(|problem| bad("notifications.expiring_within", problem))
        })
        .transpose()?
        .unwrap_or(defaults.expiring_within);
    let on = match raw.on {
        Some(events) => events
            .iter()
            .map(|event| event.parse::<NotifyOn>())
            .collect::<Result<Vec<_>, _>>()
            .map_err(|problem| bad("notifications.on", problem))?,
        None => defaults.on,
    };
    Ok(NotificationRules {
        bell: raw.bell.unwrap_or(defaults.bell),
        desktop: raw.desktop.unwrap_or(defaults.desktop),
        expiring_within,
        on,
    })
}

/// A humantime duration longer than zero.
fn duration(text: &str) -> Result<Duration, String> {
    let parsed = humantime::parse_duration(text.trim())
        .map_err(|error| format!("{text:?} is not a duration such as 30s or 2m: {error}"))?;
    if parsed.is_zero() {
        return Err("must be longer than zero".into());
    }
    Ok(parsed)
}

fn base_url(url: &str) -> Result<String, String> {
    let url = url.trim();
    let parsed =
        reqwest::Url::parse(url).map_err(|error| format!("{url:?} is not a URL: {error}"))?;
    if !matches!(parsed.scheme(), "http" | "https") || parsed.host().is_none() {
        return Err(format!("{url:?} is not an http(s) URL with a host"));
    }
    Ok(url.to_string())
}

fn nonblank(text: String) -> Result<String, String> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err("must not be empty".into());
    }
    Ok(trimmed.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(text: &str) -> Result<FileConfig, ConfigError> {
        parse(text, Path::new("/etc/x/config.toml"))
    }

    #[test]
    fn every_key_is_read() {
        let text = r#"
            clusters = ["0000000000000000000000a1/orders", "0000000000000000000000a1/orders", "0000000000000000000000a2/billing"]
            projects = ["0000000000000000000000a3"]
            exclude = ["0000000000000000000000a3/search"]
            interval = "1m"
            api = "v1"
            base_url = "https://cloud.mongodbgov.com"
            profile = "prod"
            theme = "16"
            [notifications]
            bell = true
            desktop = true
            expiring_within = "15m"
            on = ["failed", "expiring"]
        "#;
        let config = parsed(text).unwrap_or_else(|error| panic!("{error}"));
        assert_eq!(
            config.clusters,
            vec![
                Target::new("0000000000000000000000a1", "orders"),
                Target::new("0000000000000000000000a2", "billing")
            ]
        );
        assert_eq!(
            config.projects,
            vec!["0000000000000000000000a3".to_string()]
        );
        assert_eq!(
            config.exclude,
            vec![Target::new("0000000000000000000000a3", "search")]
        );
        assert_eq!(config.interval, Some(Duration::from_secs(60)));
        assert_eq!(config.api, Some(ApiVersion::V1));
        assert_eq!(
            config.base_url.as_deref(),
            Some("https://cloud.mongodbgov.com")
        );
        assert_eq!(config.profile.as_deref(), Some("prod"));
        assert_eq!(config.theme, Some(Theme::Basic16));
        let rules = config.notifications;
        assert!(rules.bell && rules.desktop);
        assert_eq!(rules.expiring_within, Duration::from_secs(900));
        assert_eq!(rules.on, vec![NotifyOn::Failed, NotifyOn::Expiring]);
        assert!(rules.wants(NotifyOn::Failed) && !rules.wants(NotifyOn::Finished));
    }

    #[test]
    fn an_empty_file_changes_nothing() {
        let config = parsed("").unwrap_or_else(|error| panic!("{error}"));
        assert_eq!(config.notifications, NotificationRules::default());
        assert!(config.clusters.is_empty() && config.interval.is_none());
    }

    #[test]
    fn errors_name_the_file_and_the_key() {
        let cases = [
            ("intervall = \"30s\"", "intervall"),
            ("interval = \"fast\"", "`interval`"),
            ("interval = \"0s\"", "`interval`"),
            ("interval = 30", "interval"),
            ("api = \"v3\"", "`api`"),
            ("theme = \"solarized\"", "`theme`"),
            ("clusters = [\"orders\"]", "`clusters`"),
            ("projects = [\"a b\"]", "`projects`"),
            ("exclude = [\"orders\"]", "`exclude`"),
            ("projects = [\"g3\"]", "\"g3\" is not a project id"),
            (
                "clusters = [\"5e2211c17a3e5a48f5497de3/bad_name\"]",
                "\"bad_name\" is not a cluster name",
            ),
            (
                "clusters = [\"5E2211C17A3E5A48F5497DE3/orders\"]",
                "\"5E2211C17A3E5A48F5497DE3\" is not a project id",
            ),
            ("base_url = \"ftp://x\"", "`base_url`"),
            ("profile = \" \"", "`profile`"),
            ("[notifications]\nbel = true", "bel"),
            ("[notifications]\non = [\"done\"]", "`notifications.on`"),
            (
                "[notifications]\nexpiring_within = \"soon\"",
                "`notifications.expiring_within`",
            ),
            ("clusters = [", "config.toml"),
        ];
        for (text, key) in cases {
            let message = parsed(text).err().map(|e| e.0).unwrap_or_default();
            assert!(message.contains("/etc/x/config.toml"), "{text}: {message}");
            assert!(message.contains(key), "{text}: {message}");
        }
    }
}
