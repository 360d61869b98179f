//! Precedence of flags, environment, Atlas CLI profile and our config
//! file, with a fresh temporary directory as `XDG_CONFIG_HOME` per test and
//! the environment passed in as a table (never mutated). By topic: the
//! account's sources here, then the dashboard's preferences and `--demo`.

mod demo;
mod exclude;
mod preferences;

use std::path::{Path, PathBuf};

use clap::Parser;

use super::*;
use crate::atlas::client::{ATLAS_BASE_URL, ATLAS_GOV_BASE_URL};
use crate::atlas::{ApiKey, ApiVersion, CredentialKind};

/// A fresh empty directory under the system temp dir, removed on drop.
struct TempHome(tempfile::TempDir);

impl TempHome {
    fn new(name: &str) -> TempHome {
        let dir = tempfile::Builder::new()
            .prefix(&format!("atlas-restores-cfg-{name}-"))
            .tempdir()
            .unwrap_or_else(|e| panic!("{e}"));
        TempHome(dir)
    }

    fn path(&self) -> &Path {
        self.0.path()
    }

    fn write(&self, relative: &str, text: &str) -> PathBuf {
        let path = self.path().join(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).unwrap_or_else(|e| panic!("{e}"));
        }
        std::fs::write(&path, text).unwrap_or_else(|e| panic!("{e}"));
        path
    }

    fn atlascli(&self, text: &str) -> PathBuf {
        self.write("atlascli/config.toml", text)
    }

    fn own(&self, text: &str) -> PathBuf {
        self.write("atlas-restores/config.toml", text)
    }

    fn env<'a>(&'a self, pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |name| {
            if name == "XDG_CONFIG_HOME" {
                return Some(self.path().display().to_string());
            }
            pairs
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v.to_string())
        }
    }
}

/// The global flags alone, as the real command line parses them.
#[derive(Parser)]
struct Flags {
    #[command(flatten)]
    global: GlobalArgs,
}

fn args(flags: &[&str]) -> GlobalArgs {
    let argv = std::iter::once("atlas-restores").chain(flags.iter().copied());
    Flags::try_parse_from(argv)
        .unwrap_or_else(|e| panic!("{e}"))
        .global
}

fn resolved(
    home: &TempHome,
    flags: &[&str],
    env: &[(&str, &str)],
) -> Result<Settings, ConfigError> {
    resolve(&args(flags), &home.env(env), None)
}

const PROFILES: &str = r#"
[default]
public_api_key = "profpub"
private_api_key = "profpriv"
project_id = "00000000000000000000bf01"
ops_manager_url = "https://om.example"

[sa]
client_id = "mdb_sa_id_x"
client_secret = "mdb_sa_sk_x"
service = "cloudgov"

[nosecrets]
public_api_key = "kr"
"#;

const ENV_KEY: [(&str, &str); 2] = [(ENV_PUBLIC_KEY, "envpub"), (ENV_PRIVATE_KEY, "envpriv")];

#[test]
fn the_default_profile_supplies_keys_project_and_url_when_the_env_has_none() {
    let home = TempHome::new("default");
    home.atlascli(PROFILES);
    let settings = resolved(&home, &[], &[]).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(settings.transport.credentials.public_id(), "profpub");
    assert_eq!(settings.transport.base_url, "https://om.example");
    assert_eq!(
        settings.targets.projects,
        vec!["00000000000000000000bf01".to_string()],
        "the profile's project is watched"
    );
    assert_eq!(settings.interval, DEFAULT_INTERVAL);
    assert_eq!(settings.transport.api, ApiVersion::V2);
    let bare = resolved(&home, &["--cluster", "orders"], &[]).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        bare.targets.clusters,
        vec![Target::new("00000000000000000000bf01", "orders")]
    );
    assert!(bare.targets.projects.is_empty());
}

#[test]
fn env_keys_beat_the_profile_and_skip_the_implicit_default() {
    let home = TempHome::new("envwins");
    home.atlascli(PROFILES);
    let settings = resolved(
        &home,
        &["--cluster", "0000000000000000000000a0/c"],
        &ENV_KEY,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(settings.transport.credentials.public_id(), "envpub");
    assert_eq!(
        settings.transport.base_url, ATLAS_BASE_URL,
        "the default profile is not read"
    );
    let named = resolved(&home, &["--profile", "default", "--cluster", "c"], &ENV_KEY);
    let named = named.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        named.transport.credentials.public_id(),
        "envpub",
        "env beats even a named profile"
    );
    assert_eq!(
        named.targets.clusters,
        vec![Target::new("00000000000000000000bf01", "c")]
    );
    let env_project = [
        ENV_KEY[0],
        ENV_KEY[1],
        (ENV_PROJECT_ID, "00000000000000000000e001"),
    ];
    let project = resolved(
        &home,
        &["--profile", "default", "--cluster", "c"],
        &env_project,
    );
    assert_eq!(
        project.map(|s| s.targets.clusters),
        Ok(vec![Target::new("00000000000000000000e001", "c")])
    );
}

#[test]
fn a_service_account_profile_picks_bearer_auth_and_the_gov_cloud() {
    let home = TempHome::new("sa");
    home.atlascli(PROFILES);
    let settings = resolved(
        &home,
        &["--profile", "sa", "--project", "0000000000000000000000a0"],
        &[],
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        settings.transport.credentials.kind(),
        CredentialKind::ServiceAccount
    );
    assert_eq!(settings.transport.base_url, ATLAS_GOV_BASE_URL);
    let flag = resolved(
        &home,
        &[
            "--profile",
            "sa",
            "--project",
            "0000000000000000000000a0",
            "--base-url",
            "https://f.example",
        ],
        &[],
    );
    assert_eq!(
        flag.map(|s| s.transport.base_url),
        Ok("https://f.example".into())
    );
}

#[test]
fn env_service_account_beats_an_env_api_key() {
    let home = TempHome::new("envsa");
    let both = [
        ENV_KEY[0],
        ENV_KEY[1],
        (ENV_CLIENT_ID, "id"),
        (ENV_CLIENT_SECRET, "sk"),
    ];
    let settings = resolved(&home, &["--project", "0000000000000000000000a0"], &both)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        settings.transport.credentials.kind(),
        CredentialKind::ServiceAccount
    );
    let half = resolved(
        &home,
        &["--project", "0000000000000000000000a0"],
        &[(ENV_CLIENT_ID, "id")],
    );
    assert!(half.is_err_and(|e| e.0.contains(ENV_CLIENT_SECRET)));
}

#[test]
fn a_profile_without_secrets_points_at_the_keyring() {
    let home = TempHome::new("keyring");
    home.atlascli(PROFILES);
    let error = resolved(
        &home,
        &[
            "--profile",
            "nosecrets",
            "--project",
            "0000000000000000000000a0",
        ],
        &[],
    );
    assert!(error.is_err_and(|e| e.0.contains("keyring") && e.0.contains(ENV_PRIVATE_KEY)));
    let unknown = resolved(
        &home,
        &["--profile", "nope", "--project", "0000000000000000000000a0"],
        &[],
    );
    assert!(unknown.is_err_and(|e| e.0.contains("\"nope\"")));
    let empty = TempHome::new("nofile");
    let absent = resolved(
        &empty,
        &["--profile", "x", "--project", "0000000000000000000000a0"],
        &[],
    );
    assert!(absent.is_err_and(|e| e.0.contains("atlascli")));
}

#[test]
fn the_config_file_fills_in_below_flags_env_and_profile() {
    let home = TempHome::new("own");
    home.own(
        "clusters = [\"0000000000000000000000a1/a\"]\nprojects = [\"0000000000000000000000a2\"]\ninterval = \"1m\"\napi = \"v1\"\n\
         base_url = \"https://file.example\"\nprofile = \"sa\"\ntheme = \"light\"\n",
    );
    home.atlascli(PROFILES);
    let settings = resolved(&home, &[], &[]).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        settings.transport.credentials.kind(),
        CredentialKind::ServiceAccount,
        "profile from the file"
    );
    assert_eq!(
        settings.transport.base_url, ATLAS_GOV_BASE_URL,
        "the profile beats the file"
    );
    assert_eq!(
        settings.targets.clusters,
        vec![Target::new("0000000000000000000000a1", "a")]
    );
    assert_eq!(
        settings.targets.projects,
        vec!["0000000000000000000000a2".to_string()]
    );
    assert_eq!(settings.interval, Duration::from_secs(60));
    assert_eq!(settings.transport.api, ApiVersion::V1);
    assert_eq!(settings.preferences.theme, Theme::Light);
    let flags = resolved(
        &home,
        &[
            "--interval",
            "2m",
            "--api",
            "v2",
            "--cluster",
            "0000000000000000000000a9/z",
        ],
        &ENV_KEY,
    );
    let flags = flags.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(flags.interval, Duration::from_secs(120));
    assert_eq!(flags.transport.api, ApiVersion::V2);
    assert_eq!(
        flags.targets.clusters,
        vec![Target::new("0000000000000000000000a9", "z")],
        "flags replace the file's targets"
    );
    assert!(flags.targets.projects.is_empty());
    assert_eq!(flags.transport.credentials.public_id(), "envpub");
    assert_eq!(
        flags.transport.base_url, ATLAS_GOV_BASE_URL,
        "the file's profile is still read"
    );
}

#[test]
fn an_explicit_config_path_must_exist_and_its_typos_are_named() {
    let home = TempHome::new("explicit");
    let missing = home.path().join("absent.toml");
    let flags = [
        "--config",
        missing.to_str().unwrap_or_default(),
        "--project",
        "0000000000000000000000a0",
    ];
    assert!(resolved(&home, &flags, &ENV_KEY).is_err_and(|e| e.0.contains("absent.toml")));
    let typo = home.write("typo.toml", "projets = [\"0000000000000000000000a0\"]\n");
    let flags = [
        "--config",
        path_str(&typo),
        "--project",
        "0000000000000000000000a0",
    ];
    let error = resolved(&home, &flags, &ENV_KEY)
        .err()
        .map(|e| e.0)
        .unwrap_or_default();
    assert!(
        error.contains(path_str(&typo)) && error.contains("projets"),
        "{error}"
    );
}

fn path_str(path: &Path) -> &str {
    path.to_str()
        .unwrap_or_else(|| panic!("{} is not UTF-8", path.display()))
}

#[test]
fn base_url_precedence() {
    let none = |_: &str| None;
    let file = FileConfig::default();
    assert_eq!(
        base_url(None, &none, None, &file),
        "https://cloud.mongodb.com"
    );
    let gov = |name: &str| (name == ENV_SERVICE).then(|| "cloudgov".to_string());
    assert_eq!(
        base_url(None, &gov, None, &file),
        "https://cloud.mongodbgov.com"
    );
    let both = |name: &str| match name {
        ENV_OPS_MANAGER_URL => Some("https://om.example".to_string()),
        ENV_BASE_URL => Some("https://base.example".to_string()),
        _ => None,
    };
    assert_eq!(base_url(None, &both, None, &file), "https://base.example");
    assert_eq!(
        base_url(Some("http://127.0.0.1:9"), &both, None, &file),
        "http://127.0.0.1:9"
    );
    let from_file = FileConfig {
        base_url: Some("https://file.example".into()),
        ..FileConfig::default()
    };
    assert_eq!(
        base_url(None, &none, None, &from_file),
        "https://file.example"
    );
}

#[test]
fn missing_credentials_name_the_variables_and_the_demo() {
    let message = missing("Atlas API credentials are not set").0;
    assert!(message.contains(ENV_PUBLIC_KEY) && message.contains(ENV_PRIVATE_KEY));
    assert!(message.contains(ENV_CLIENT_ID) && message.contains("--profile"));
    assert_eq!(message.contains("--demo"), cfg!(feature = "demo"));
}
