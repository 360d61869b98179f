//! Ids are checked before any request, through the real binary: a group id
//! that is not 24 lowercase hex digits, or a cluster name Atlas would not
//! allow, from any source (flags, `MONGODB_ATLAS_PROJECT_ID`, the Atlas CLI
//! profile's `project_id`, our config file) exits 2 naming the bad value,
//! and the server sees no request at all.

mod common;

use atlas_restores::sim::{Scenario, SimConfig, Simulator};
use common::cli::run;
use common::servers::against;
use serde_json::json;

const GROUP: &str = "5e2211c17a3e5a48f5497de3";

async fn simulator() -> Simulator {
    let text = json!({"projects": [{"id": GROUP, "name": "prod", "clusters": [
        {"name": "orders", "generatedJobs": 2, "jobs": []},
    ]}]});
    let scenario = Scenario::from_json(&text.to_string()).unwrap_or_else(|error| panic!("{error}"));
    Simulator::start(SimConfig::new(scenario))
        .await
        .unwrap_or_else(|error| panic!("{error}"))
}

/// Runs `list ARGS` against `sim` with `env` (and a config home in `home`),
/// and checks that it exits 2 before sending anything, with one error line
/// naming `bad` and `source`.
async fn refused(
    sim: &Simulator,
    home: &std::path::Path,
    args: &[&str],
    env: &[(&str, &str)],
    source: &str,
    bad: &str,
) {
    let mut command = against(sim, &[&["list"], args].concat());
    command.env("XDG_CONFIG_HOME", home);
    for (name, value) in env {
        command.env(name, value);
    }
    let before = sim.stats().requests;
    let (output, stdout, stderr) = run(command).await;
    assert_eq!(output.status.code(), Some(2), "{args:?} {env:?}: {stderr}");
    assert!(stdout.is_empty(), "{stdout}");
    assert!(
        stderr.contains(&format!("{bad:?}")) && stderr.contains(source),
        "{args:?} {env:?}: names {source} and {bad:?}: {stderr}"
    );
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
    assert_eq!(sim.stats().requests, before, "no request before the check");
}

#[tokio::test]
async fn bad_ids_on_the_command_line_exit_2_before_any_request() {
    let sim = simulator().await;
    let home = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
    let home = home.path();
    let too_long = "a".repeat(65);
    let cases: Vec<(Vec<String>, &str, &str)> = vec![
        (vec!["--project".into(), "g1".into()], "--project", "g1"),
        (
            vec!["--project".into(), GROUP.to_uppercase()],
            "--project",
            "5E2211C17A3E5A48F5497DE3",
        ),
        (
            vec!["--cluster".into(), format!("{GROUP}/No_Such")],
            "cluster name",
            "No_Such",
        ),
        (
            vec!["--cluster".into(), format!("{GROUP}/{too_long}")],
            "at most 64 characters",
            &too_long,
        ),
        (
            vec!["--cluster".into(), "6600000000000000000a1b2/orders".into()],
            "group id",
            "6600000000000000000a1b2",
        ),
        (
            vec!["--project".into(), GROUP.into(), "--cluster=-orders".into()],
            "--cluster",
            "-orders",
        ),
    ];
    for (args, source, bad) in &cases {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        refused(&sim, home, &args, &[], source, bad).await;
    }
}

#[tokio::test]
async fn a_bad_default_project_from_the_environment_or_the_profile_is_named() {
    let sim = simulator().await;
    let home = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
    refused(
        &sim,
        home.path(),
        &["--cluster", "orders"],
        &[("MONGODB_ATLAS_PROJECT_ID", "my-project")],
        "MONGODB_ATLAS_PROJECT_ID",
        "my-project",
    )
    .await;
    let profile = home.path().join("atlascli").join("config.toml");
    std::fs::create_dir_all(home.path().join("atlascli")).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(
        &profile,
        "[default]\nproject_id = \"5e2211c17a3e5a48f5497de\"\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    refused(
        &sim,
        home.path(),
        &["--profile", "default", "--cluster", "orders"],
        &[],
        "project_id of Atlas CLI profile default",
        "5e2211c17a3e5a48f5497de",
    )
    .await;
}

#[tokio::test]
async fn bad_ids_in_our_config_file_are_named_with_the_file_and_key() {
    let sim = simulator().await;
    let home = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
    let path = home.path().join("targets.toml");
    let path_text = path.to_string_lossy().into_owned();
    for (text, key, bad) in [
        (
            format!("clusters = [\"{GROUP}/orders\", \"{GROUP}/bad.name\"]\n"),
            "`clusters`",
            "bad.name",
        ),
        ("projects = [\"prod\"]\n".to_string(), "`projects`", "prod"),
    ] {
        std::fs::write(&path, text).unwrap_or_else(|e| panic!("{e}"));
        refused(&sim, home.path(), &["--config", &path_text], &[], key, bad).await;
    }
}

#[tokio::test]
async fn valid_ids_from_every_source_still_list() {
    let sim = simulator().await;
    let home = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
    let mut command = against(&sim, &["list", "--cluster", "orders"]);
    command
        .env("XDG_CONFIG_HOME", home.path())
        .env("MONGODB_ATLAS_PROJECT_ID", GROUP);
    let (output, stdout, stderr) = run(command).await;
    assert!(output.status.success(), "{stderr}");
    assert!(stdout.contains("orders"), "{stdout}");
}
