//! The real binary with config files: an Atlas CLI profile (in a temporary
//! `XDG_CONFIG_HOME`) standing in for every MONGODB_ATLAS_* variable, a
//! profile whose secrets are in the keyring, our own config file's targets
//! and interval, and a typo in it.

mod common;

use std::path::PathBuf;

use atlas_restores::sim::{Scenario, SimConfig, Simulator};
use common::cli::{BIN, run};
use serde_json::{Value, json};
use tokio::process::Command;

const GROUP: &str = "5e2211c17a3e5a48f5497de3";

/// A fresh directory to serve as `XDG_CONFIG_HOME`, removed on drop.
struct ConfigHome(tempfile::TempDir);

impl ConfigHome {
    fn new(name: &str) -> ConfigHome {
        let dir = tempfile::Builder::new()
            .prefix(&format!("atlas-restores-e2e-{name}-"))
            .tempdir()
            .unwrap_or_else(|error| panic!("{error}"));
        ConfigHome(dir)
    }

    fn write(&self, relative: &str, text: &str) -> PathBuf {
        let path = self.0.path().join(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).unwrap_or_else(|error| panic!("{error}"));
        }
        std::fs::write(&path, text).unwrap_or_else(|error| panic!("{error}"));
        path
    }
}

async fn simulator() -> Simulator {
    let text = json!({"projects": [{"id": GROUP, "name": "prod", "clusters": [
        {"name": "orders", "generatedJobs": 2, "jobs": []},
        {"name": "billing", "generatedJobs": 3, "jobs": []},
    ]}]});
    let scenario = Scenario::from_json(&text.to_string()).unwrap_or_else(|error| panic!("{error}"));
    Simulator::start(SimConfig::new(scenario))
        .await
        .unwrap_or_else(|error| panic!("{error}"))
}

/// The binary with nothing but `PATH` and `XDG_CONFIG_HOME` in its
/// environment.
fn atlas_restores(home: &ConfigHome, args: &[&str]) -> Command {
    let mut command = Command::new(BIN);
    command
        .args(args)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("XDG_CONFIG_HOME", home.0.path());
    command
}

fn clusters_listed(stdout: &str) -> Vec<String> {
    let document: Value = serde_json::from_str(stdout).unwrap_or_default();
    let clusters = document["clusters"].as_array().cloned().unwrap_or_default();
    let mut names: Vec<String> = clusters
        .iter()
        .map(|c| c["clusterName"].as_str().unwrap_or_default().to_string())
        .collect();
    names.sort();
    names
}

#[tokio::test]
async fn the_default_atlas_cli_profile_is_enough_to_list() {
    let sim = simulator().await;
    let home = ConfigHome::new("profile");
    home.write(
        "atlascli/config.toml",
        &format!(
            "[default]\npublic_api_key = {:?}\nprivate_api_key = {:?}\nproject_id = {GROUP:?}\n\
             ops_manager_url = {:?}\noutput = \"json\"\n",
            sim.public_key(),
            sim.private_key(),
            sim.base_url()
        ),
    );
    let (output, stdout, stderr) = run(atlas_restores(&home, &["list", "-o", "json"])).await;
    assert!(output.status.success(), "{stderr}");
    assert_eq!(
        clusters_listed(&stdout),
        ["billing", "orders"],
        "the profile's project"
    );
    let bare = atlas_restores(&home, &["list", "-o", "json", "--cluster", "orders"]);
    let (output, stdout, stderr) = run(bare).await;
    assert!(output.status.success(), "{stderr}");
    assert_eq!(clusters_listed(&stdout), ["orders"]);
}

#[tokio::test]
async fn a_service_account_profile_lists_with_a_bearer_token() {
    let sim = simulator().await;
    let home = ConfigHome::new("saprofile");
    home.write(
        "atlascli/config.toml",
        &format!(
            "[robot]\nclient_id = {:?}\nclient_secret = {:?}\nops_manager_url = {:?}\n",
            sim.client_id(),
            sim.client_secret(),
            sim.base_url()
        ),
    );
    let args = [
        "list",
        "-o",
        "json",
        "--profile",
        "robot",
        "--project",
        GROUP,
    ];
    let (output, stdout, stderr) = run(atlas_restores(&home, &args)).await;
    assert!(output.status.success(), "{stderr}");
    assert_eq!(clusters_listed(&stdout), ["billing", "orders"]);
    let stats = sim.stats();
    assert_eq!(stats.token_requests, 1, "{stats:?}");
    assert_eq!(stats.challenges, 0, "{stats:?}");
}

#[tokio::test]
async fn a_profile_without_secrets_exits_2_pointing_at_the_keyring() {
    let home = ConfigHome::new("keyring");
    home.write(
        "atlascli/config.toml",
        "[default]\npublic_api_key = \"abcdefgh\"\nproject_id = \"5e2211c17a3e5a48f5497de3\"\n",
    );
    let (output, stdout, stderr) = run(atlas_restores(&home, &["list"])).await;
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stdout.is_empty());
    for needle in [
        "keyring",
        "atlascli_default",
        "MONGODB_ATLAS_PUBLIC_API_KEY",
        "MONGODB_ATLAS_PRIVATE_API_KEY",
        "MONGODB_ATLAS_CLIENT_ID",
        "MONGODB_ATLAS_CLIENT_SECRET",
    ] {
        assert!(stderr.contains(needle), "{needle}: {stderr}");
    }
}

#[tokio::test]
async fn our_config_file_names_the_targets_and_the_interval() {
    let sim = simulator().await;
    let home = ConfigHome::new("own");
    home.write(
        "atlas-restores/config.toml",
        &format!(
            "clusters = [\"{GROUP}/billing\"]\ninterval = \"10s\"\nbase_url = {:?}\n\
             theme = \"dark\"\n[notifications]\nbell = true\non = [\"failed\"]\n",
            sim.base_url()
        ),
    );
    let mut command = atlas_restores(&home, &["list", "-o", "json"]);
    command
        .env("MONGODB_ATLAS_PUBLIC_API_KEY", sim.public_key())
        .env("MONGODB_ATLAS_PRIVATE_API_KEY", sim.private_key());
    let (output, stdout, stderr) = run(command).await;
    assert!(output.status.success(), "{stderr}");
    assert_eq!(clusters_listed(&stdout), ["billing"]);
}

#[tokio::test]
async fn a_typo_in_our_config_file_names_the_file_and_the_key() {
    let home = ConfigHome::new("typo");
    let path = home.write("elsewhere.toml", "clusters = []\nintervall = \"30s\"\n");
    let path_text = path.display().to_string();
    let mut command = atlas_restores(&home, &["list", "--config", &path_text, "--demo"]);
    command.env("MONGODB_ATLAS_PUBLIC_API_KEY", "p");
    let (output, _, stderr) = run(command).await;
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains(&path_text) && stderr.contains("intervall"),
        "{stderr}"
    );
    let bad_value = home.write(
        "atlas-restores/config.toml",
        "[notifications]\nexpiring_within = \"soon\"\n",
    );
    let (output, _, stderr) = run(atlas_restores(&home, &["list", "--project", GROUP])).await;
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains(&bad_value.display().to_string())
            && stderr.contains("notifications.expiring_within"),
        "{stderr}"
    );
}
