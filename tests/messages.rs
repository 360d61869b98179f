//! Honest error messages through the real binary: Atlas's own words with
//! its HTTP status and `errorCode`, the same in `list`'s stderr, its JSON
//! and the log; and a 401 that offered no digest challenge is not blamed
//! on the keys.

mod common;

use std::sync::{Arc, Mutex};

use atlas_restores::sim::Simulator;
use common::cli::{atlas_restores, run};
use common::servers::{against, one_project, raw_server};
use serde_json::{Value, json};

const GROUP: &str = "5e2211c17a3e5a48f5497de3";

async fn start(clusters: Value) -> Simulator {
    one_project(GROUP, clusters).await
}

fn list(sim: &Simulator, args: &[&str]) -> tokio::process::Command {
    against(sim, &[&["list", "--project", GROUP], args].concat())
}

#[tokio::test]
async fn a_missing_cluster_is_named_with_status_and_code_on_stderr_in_json_and_in_the_log() {
    let sim = start(json!([{"name": "orders", "jobs": []}])).await;
    let dir = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
    let log_path = dir.path().join("list.log");
    let log_arg = log_path.to_string_lossy().into_owned();
    let args = [
        "--cluster",
        "orders",
        "--cluster",
        "NoSuchCluster",
        "--output",
        "json",
        "--log-file",
        &log_arg,
    ];
    let (output, stdout, stderr) = run(list(&sim, &args)).await;
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    let expected =
        format!("cluster NoSuchCluster not found in project {GROUP} (404 CLUSTER_NOT_FOUND)");
    assert_eq!(
        stderr.trim(),
        format!("error: cluster {GROUP}/NoSuchCluster: {expected}")
    );
    let document: Value =
        serde_json::from_str(&stdout).unwrap_or_else(|error| panic!("{error}: {stdout}"));
    let missing = document["clusters"]
        .as_array()
        .and_then(|clusters| {
            clusters
                .iter()
                .find(|c| c["clusterName"] == "NoSuchCluster")
        })
        .cloned()
        .unwrap_or_default();
    assert_eq!(missing["error"], json!(expected), "{stdout}");
    let log = std::fs::read_to_string(&log_path).unwrap_or_else(|error| panic!("{error}"));
    let failed: Vec<Value> = log
        .lines()
        .filter_map(|line| serde_json::from_str::<Value>(line).ok())
        .filter(|event| event["message"] == "fetch failed")
        .collect();
    assert_eq!(failed.len(), 1, "{log}");
    assert_eq!(failed[0]["error"], json!(expected), "{log}");
}

#[tokio::test]
async fn a_401_without_a_digest_challenge_says_so_instead_of_blaming_the_keys() {
    // The simulator checks the digest answer, then the cluster's fault
    // answers 401 with no `WWW-Authenticate`, as a proxy in front of Atlas
    // or a server that is not Atlas would.
    let sim = start(json!([
        {"name": "orders", "jobs": [], "faults": [{"status": 401, "errorCode": "UNAUTHORIZED", "detail": "Unauthorized."}]},
    ]))
    .await;
    for format in ["table", "json"] {
        let (output, stdout, stderr) =
            run(list(&sim, &["--cluster", "orders", "--output", format])).await;
        assert_eq!(output.status.code(), Some(1), "{stderr}");
        let expected = "the server offered no digest challenge, so the API key was never sent; \
                        is the base URL Atlas? (401 UNAUTHORIZED)";
        assert_eq!(
            stderr.trim(),
            format!("error: cluster {GROUP}/orders: {expected}")
        );
        assert!(!stderr.contains("check MONGODB_ATLAS"), "{stderr}");
        if format == "json" {
            let document: Value = serde_json::from_str(&stdout).unwrap_or_default();
            assert_eq!(document["clusters"][0]["error"], json!(expected));
        }
    }
}

#[tokio::test]
async fn wrong_keys_still_say_check_your_keys_with_the_status() {
    let sim = start(json!([{"name": "orders", "jobs": []}])).await;
    let mut command = list(&sim, &["--cluster", "orders"]);
    command.env("MONGODB_ATLAS_PRIVATE_API_KEY", "not-the-private-key");
    let (output, _, stderr) = run(command).await;
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(
            "authentication failed: check MONGODB_ATLAS_PUBLIC_API_KEY and MONGODB_ATLAS_PRIVATE_API_KEY (401"
        ),
        "{stderr}"
    );
    assert!(!stderr.contains("not-the-private-key"), "{stderr}");
}

/// A server on loopback that answers every request with a 401 asking for
/// `Basic` credentials, as a proxy in front of the real server might; its
/// base URL and the heads of the requests it got.
async fn basic_only_server() -> (String, Arc<Mutex<Vec<String>>>) {
    let reply = "HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm=\"proxy\"\r\n\
                 Content-Length: 0\r\nConnection: close\r\n\r\n";
    let heads = Arc::new(Mutex::new(Vec::new()));
    let recorded = Arc::clone(&heads);
    let base = raw_server("127.0.0.1", reply.to_string(), move |head| {
        recorded
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(head);
    })
    .await;
    (base, heads)
}

#[tokio::test]
async fn a_401_asking_for_basic_credentials_is_not_blamed_on_the_keys() {
    let (base, heads) = basic_only_server().await;
    let cluster = format!("{GROUP}/orders");
    let mut command = atlas_restores(&["list", "--cluster", &cluster]);
    command
        .env("MONGODB_ATLAS_BASE_URL", &base)
        .env("MONGODB_ATLAS_PUBLIC_API_KEY", "pub")
        .env("MONGODB_ATLAS_PRIVATE_API_KEY", "private-never-sent");
    let (output, _, stderr) = run(command).await;
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("offered no digest challenge") && stderr.contains("(401)"),
        "{stderr}"
    );
    assert!(!stderr.contains("check MONGODB_ATLAS"), "{stderr}");
    let heads = heads.lock().unwrap_or_else(|p| p.into_inner()).clone();
    assert!(!heads.is_empty(), "the proxy was asked");
    assert!(
        heads
            .iter()
            .all(|head| !head.to_ascii_lowercase().contains("authorization:")
                && !head.contains("private-never-sent")),
        "no credentials went to a server that offered no digest challenge: {heads:?}"
    );
}
