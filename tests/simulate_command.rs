//! `atlas-restores simulate` end to end: the real binary serves the demo
//! scenario, prints its base URL and credentials, and answers a digest
//! request made with what it printed, as `curl --digest` would.

use std::process::Stdio;
use std::time::Duration;

use diqwest::WithDigestAuth;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_atlas-restores");

/// The value of `NAME=value` among the printed lines.
fn value_of<'a>(lines: &'a [String], name: &str) -> &'a str {
    lines
        .iter()
        .find_map(|line| line.strip_prefix(name)?.strip_prefix('='))
        .unwrap_or_else(|| panic!("{name} not printed: {lines:?}"))
}

#[tokio::test]
async fn simulate_prints_what_curl_needs_and_serves_the_demo() {
    let mut child = Command::new(BIN)
        .args(["simulate", "--port", "0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .unwrap_or_else(|error| panic!("spawn: {error}"));
    let stdout = child.stdout.take().unwrap_or_else(|| panic!("no stdout"));
    let mut reader = BufReader::new(stdout).lines();
    let mut lines = Vec::new();
    let read = async {
        while let Ok(Some(line)) = reader.next_line().await {
            let done = line.starts_with("Ctrl-C");
            lines.push(line);
            if done {
                break;
            }
        }
    };
    tokio::time::timeout(Duration::from_secs(20), read)
        .await
        .unwrap_or_else(|_| panic!("no banner: {lines:?}"));
    let base = value_of(&lines, "MONGODB_ATLAS_BASE_URL");
    let public = value_of(&lines, "MONGODB_ATLAS_PUBLIC_API_KEY");
    let private = value_of(&lines, "MONGODB_ATLAS_PRIVATE_API_KEY");
    assert!(base.starts_with("http://127.0.0.1:"), "{base}");
    assert!(
        lines.iter().any(|line| line.contains("curl --digest -u")),
        "{lines:?}"
    );

    let response = reqwest::Client::new()
        .get(format!("{base}/api/atlas/v2/groups"))
        .header("Accept", "application/vnd.atlas.2023-01-01+json")
        .send_digest_auth((public, private))
        .await
        .unwrap_or_else(|error| panic!("{error}"));
    assert_eq!(response.status(), 200);
    let body: serde_json::Value = response.json().await.unwrap_or_default();
    assert_eq!(body["totalCount"], 3, "the demo's three projects: {body}");
    let _ = child.kill().await;
}

#[tokio::test]
async fn simulate_refuses_a_broken_scenario_with_a_clear_message() {
    let dir = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
    let path = dir.path().join("bad-scenario.json");
    std::fs::write(&path, "{\"projects\": [{\"id\": 5}]}")
        .unwrap_or_else(|error| panic!("{error}"));
    let output = Command::new(BIN)
        .args(["simulate", "--scenario"])
        .arg(&path)
        .output()
        .await
        .unwrap_or_else(|error| panic!("{error}"));
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("scenario") && stderr.contains(&path.display().to_string()),
        "{stderr}"
    );
}
