//! The private key, the client secret and the access token never leave the
//! process: not in `list`'s output or errors for any fault, not on the
//! dashboard's screen, not in `Debug`. Every capture is searched for each
//! secret and for every 8-byte piece of it.

mod common;

use atlas_restores::atlas::{ApiKey, ApiVersion, Client, ClientSettings, ServiceAccount};
use atlas_restores::sim::{Scenario, SimConfig, Simulator};
use common::terminal::Run;
use serde_json::{Value, json};
use tokio::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_atlas-restores");
const GROUP: &str = "5e2211c17a3e5a48f5497de3";
const PRIVATE_KEY: &str = "PRIVATE-0p3r4t0r-k3y-7f3a9c1e-SECRET";
const WRONG_KEY: &str = "WRONG-pr1v4t3-k3y-55d0e8b2-SECRET";
const CLIENT_ID: &str = "mdb_sa_id_leaky";
const CLIENT_SECRET: &str = "mdb_sa_sk_c113nt-s3cr3t-0a9b8c7d";
/// Every access token the simulator issues starts with this.
const TOKEN_PREFIX: &str = "simtok_";

/// Every fault the simulator can inject, one cluster each, plus a healthy one.
fn scenario() -> Scenario {
    let faults = [
        json!({"status": 403, "errorCode": "IP_ADDRESS_NOT_ON_ACCESS_LIST", "detail": "IP address 203.0.113.9 is not allowed."}),
        json!({"status": 429, "errorCode": "RATE_LIMITED", "retryAfter": "42"}),
        json!({"status": 500, "errorCode": "TIMEOUT_WHILE_PAGING"}),
        json!({"status": 503, "errorCode": "SERVICE_UNAVAILABLE"}),
        json!({"body": "malformed"}),
        json!({"body": "truncated"}),
        json!({"body": "html", "status": 502}),
        json!({"body": "empty"}),
        json!({"status": 503, "onPage": 2}),
    ];
    let mut clusters: Vec<Value> = faults
        .iter()
        .enumerate()
        .map(|(i, fault)| json!({"name": format!("fault{i}"), "generatedJobs": if i == 8 { 600 } else { 3 }, "jobs": [], "faults": [fault]}))
        .collect();
    clusters.push(json!({"name": "healthy", "generatedJobs": 3, "jobs": []}));
    let text = json!({
        "credentials": {"publicKey": "leakpub1", "privateKey": PRIVATE_KEY,
                        "clientId": CLIENT_ID, "clientSecret": CLIENT_SECRET},
        "projects": [{"id": GROUP, "name": "prod", "clusters": clusters}],
    });
    Scenario::from_json(&text.to_string()).unwrap_or_else(|error| panic!("{error}"))
}

/// Panics when any 8-byte piece of a key appears in `captured`.
fn assert_no_key(what: &str, captured: &[u8]) {
    for key in [PRIVATE_KEY, WRONG_KEY, CLIENT_SECRET] {
        for piece in key.as_bytes().windows(8) {
            let found = captured.windows(piece.len()).any(|window| window == piece);
            assert!(
                !found,
                "{what} shows {:?} of a private key",
                String::from_utf8_lossy(piece)
            );
        }
    }
}

/// Panics when an access token appears in `captured`.
fn assert_no_token(what: &str, captured: &[u8]) {
    let prefix = TOKEN_PREFIX.as_bytes();
    let found = captured
        .windows(prefix.len())
        .any(|window| window == prefix);
    assert!(!found, "{what} shows an access token");
}

async fn list(sim: &Simulator, private_key: &str, output: &str) -> std::process::Output {
    list_with(
        sim,
        output,
        &[
            ("MONGODB_ATLAS_PUBLIC_API_KEY", sim.public_key()),
            ("MONGODB_ATLAS_PRIVATE_API_KEY", private_key),
        ],
    )
    .await
}

async fn list_with(
    sim: &Simulator,
    output: &str,
    credentials: &[(&str, &str)],
) -> std::process::Output {
    let clusters: Vec<String> = (0..9)
        .map(|i| format!("fault{i}"))
        .chain(["healthy".into(), "ghost".into()])
        .collect();
    let mut command = Command::new(BIN);
    command.args(["list", "--output", output, "--project", GROUP]);
    for cluster in &clusters {
        command.args(["--cluster", cluster]);
    }
    command
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("MONGODB_ATLAS_BASE_URL", sim.base_url())
        .envs(credentials.iter().copied());
    command
        .output()
        .await
        .unwrap_or_else(|error| panic!("{error}"))
}

#[tokio::test]
async fn list_never_shows_the_key_whatever_fails() {
    let sim = Simulator::start(SimConfig::new(scenario()))
        .await
        .unwrap_or_else(|error| panic!("{error}"));
    for (key, output) in [
        (PRIVATE_KEY, "table"),
        (PRIVATE_KEY, "json"),
        (WRONG_KEY, "table"),
        (WRONG_KEY, "json"),
    ] {
        let result = list(&sim, key, output).await;
        assert_eq!(result.status.code(), Some(1), "some targets fail");
        let stderr = String::from_utf8_lossy(&result.stderr);
        let failures = stderr
            .lines()
            .filter(|line| line.starts_with("error: cluster"))
            .count();
        let expected = if key == WRONG_KEY { 11 } else { 10 };
        assert_eq!(failures, expected, "one line per failed cluster:\n{stderr}");
        assert_no_key(&format!("list {output} stdout"), &result.stdout);
        assert_no_key(&format!("list {output} stderr"), &result.stderr);
    }
}

#[tokio::test]
async fn list_never_shows_the_client_secret_or_the_token() {
    let sim = Simulator::start(SimConfig::new(scenario()))
        .await
        .unwrap_or_else(|error| panic!("{error}"));
    for (secret, output) in [
        (CLIENT_SECRET, "table"),
        (CLIENT_SECRET, "json"),
        ("mdb_sa_sk_WRONG-0f0f0f0f", "table"),
    ] {
        let credentials = [
            ("MONGODB_ATLAS_CLIENT_ID", CLIENT_ID),
            ("MONGODB_ATLAS_CLIENT_SECRET", secret),
        ];
        let result = list_with(&sim, output, &credentials).await;
        assert_eq!(result.status.code(), Some(1), "some targets fail");
        let stderr = String::from_utf8_lossy(&result.stderr);
        if secret == CLIENT_SECRET {
            assert!(
                !stderr.contains("healthy"),
                "the service account works:\n{stderr}"
            );
        } else {
            assert!(stderr.contains("MONGODB_ATLAS_CLIENT_SECRET"), "{stderr}");
            assert!(!stderr.contains("WRONG-0f0f"), "{stderr}");
        }
        for (what, captured) in [("stdout", &result.stdout), ("stderr", &result.stderr)] {
            assert_no_key(&format!("list {output} {what}"), captured);
            assert_no_token(&format!("list {output} {what}"), captured);
        }
    }
    assert!(sim.stats().token_requests >= 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_dashboard_never_shows_the_key() {
    let sim = Simulator::start(SimConfig::new(scenario()))
        .await
        .unwrap_or_else(|error| panic!("{error}"));
    let run = Run::start(
        sim,
        &format!("--project {GROUP} --interval 200ms"),
        &[],
        (200, 50),
        false,
    )
    .await;
    let screen = run
        .tmux
        .wait_for("every cluster failing but one", |s| {
            s.contains("9 of 10 clusters failing")
        })
        .await;
    assert_no_key("the dashboard", screen.as_bytes());
    for key in ["Tab", "j", "j", "?", "Escape", "/", "f"] {
        run.tmux.keys(&[key]);
        assert_no_key("the dashboard", run.tmux.screen().as_bytes());
    }
    run.tmux.keys(&["C-c"]);
    assert_eq!(run.exit_status().await, "0");

    let wrong = Simulator::start(SimConfig::new(scenario()))
        .await
        .unwrap_or_else(|error| panic!("{error}"));
    let env = [("MONGODB_ATLAS_PRIVATE_API_KEY", WRONG_KEY.to_string())];
    let args = format!("--project {GROUP} --cluster healthy --cluster fault0");
    let run = Run::start(wrong, &args, &env, (200, 50), false).await;
    let screen = run
        .tmux
        .wait_for("authentication failed", |s| {
            s.contains("authentication failed")
        })
        .await;
    assert_no_key("the dashboard with a wrong key", screen.as_bytes());
    run.tmux.keys(&["q"]);
    assert_eq!(run.exit_status().await, "0");
}

#[tokio::test]
async fn debug_output_hides_the_key() {
    let settings = ClientSettings::new(
        "https://cloud.mongodb.com",
        ApiVersion::V2,
        ApiKey::new("leakpub1", PRIVATE_KEY),
    );
    let client = Client::new(settings.clone()).unwrap_or_else(|error| panic!("{error}"));
    let account = ClientSettings::new(
        "https://cloud.mongodb.com",
        ApiVersion::V2,
        ServiceAccount::new(CLIENT_ID, CLIENT_SECRET),
    );
    let sa_client = Client::new(account.clone()).unwrap_or_else(|error| panic!("{error}"));
    let shown = format!(
        "{settings:?} {client:?} {:?} {account:?} {sa_client:?}",
        settings.credentials
    );
    assert!(
        shown.contains("leakpub1"),
        "the public key is fine to show: {shown}"
    );
    assert_no_key("Debug output", shown.as_bytes());
}
