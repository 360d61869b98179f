//! How the real binary ends where a careful operator runs it: `list` piped
//! into `head`, the dashboard started without a terminal (cron, `ssh host`
//! without `-t`), an error report on a stderr that is not a terminal, and
//! `list` meeting a short `Retry-After`.

mod common;

use std::process::Stdio;

use atlas_restores::sim::Simulator;
use common::cli::{atlas_restores, run};
use common::servers::{against, one_project};
use serde_json::{Value, json};
use tokio::io::AsyncReadExt;

const GROUP: &str = "5e2211c17a3e5a48f5497de3";

async fn simulator(clusters: Value) -> Simulator {
    one_project(GROUP, clusters).await
}

/// `atlas-restores list ARGS` against `sim`, every cluster of the project.
fn list(sim: &Simulator, args: &[&str]) -> tokio::process::Command {
    against(sim, &[&["list", "--project", GROUP], args].concat())
}

#[tokio::test]
async fn list_into_a_reader_that_stops_early_ends_quietly() {
    let sim = simulator(json!([{"name": "big", "generatedJobs": 1500, "jobs": []}])).await;
    let (whole, stdout, stderr) = run(list(&sim, &["--output", "json"])).await;
    assert!(whole.status.success(), "{stderr}");
    assert!(
        stdout.len() > 1 << 20,
        "the document ({} bytes) is far bigger than a pipe holds, so the reader's close is met",
        stdout.len()
    );
    for output in ["json", "table", "csv"] {
        let mut child = list(&sim, &["--output", output])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|error| panic!("spawn: {error}"));
        let mut reader = child.stdout.take().unwrap_or_else(|| panic!("no stdout"));
        let mut first = [0u8; 10];
        reader
            .read_exact(&mut first)
            .await
            .unwrap_or_else(|error| panic!("{output}: read: {error}"));
        drop(reader); // `| head -c 10`
        let ended = child
            .wait_with_output()
            .await
            .unwrap_or_else(|error| panic!("wait: {error}"));
        let stderr = String::from_utf8_lossy(&ended.stderr);
        assert_eq!(stderr, "", "{output}: no error text");
        assert!(
            ended.status.success(),
            "{output}: exit 0 after a closed pipe, not {:?}",
            ended.status
        );
    }
}

#[tokio::test]
async fn the_dashboard_without_a_terminal_says_so_and_exits_2() {
    let started = std::time::Instant::now();
    let output = atlas_restores(&["--demo"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .output();
    let output = tokio::time::timeout(std::time::Duration::from_secs(20), output)
        .await
        .unwrap_or_else(|_| panic!("still running after {:?}", started.elapsed()))
        .unwrap_or_else(|error| panic!("spawn: {error}"));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(
        stderr,
        "atlas-restores needs a terminal; use 'atlas-restores list' to print jobs\n"
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty(), "no escape sequences written");
}

#[tokio::test]
async fn an_error_report_on_a_pipe_has_no_colours() {
    for args in [&["man"][..], &["completions", "bash"]] {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap_or_else(|error| panic!("/dev/full: {error}"));
        let child = atlas_restores(args)
            .stdin(Stdio::null())
            .stdout(Stdio::from(full))
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|error| panic!("spawn: {error}"));
        let output = child
            .wait_with_output()
            .await
            .unwrap_or_else(|error| panic!("wait: {error}"));
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{args:?}: {stderr}");
        assert!(
            stderr.contains("No space left on device"),
            "{args:?}: {stderr}"
        );
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert!(
            !stderr.contains('\u{1b}'),
            "{args:?}: colour codes on a pipe: {stderr:?}"
        );
    }
}

fn restore_job_fault(retry_after: &str, times: u64) -> Value {
    json!([{"name": "orders", "jobs": [
        {"created": "-1h", "deliveryType": "automated", "targetClusterName": "copy", "finishedAt": "-30m"},
    ], "faults": [{"status": 429, "errorCode": "RATE_LIMITED", "retryAfter": retry_after, "times": times}]}])
}

/// The `Retry-After` waits `list` logged, in milliseconds.
fn logged_waits(log: &std::path::Path) -> Vec<u64> {
    let text =
        std::fs::read_to_string(log).unwrap_or_else(|error| panic!("{}: {error}", log.display()));
    text.lines()
        .filter_map(|line| serde_json::from_str::<Value>(line).ok())
        .filter_map(|event| event["wait_ms"].as_u64())
        .collect()
}

#[tokio::test]
async fn list_waits_out_one_short_retry_after_per_cluster() {
    let dir = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
    let cases = [
        // (Retry-After, 429s in a row, exit, waits, listing requests)
        ("1", 1, 0, vec![1000], 2),
        ("1", 2, 1, vec![1000], 2),
        ("11", 1, 1, vec![], 1),
    ];
    for (index, (retry_after, times, code, waits, requests)) in cases.into_iter().enumerate() {
        let sim = simulator(restore_job_fault(retry_after, times)).await;
        let log = dir.path().join(format!("{index}.log"));
        let log_text = log.to_string_lossy().into_owned();
        let (output, stdout, stderr) = run(list(&sim, &["--log-file", &log_text])).await;
        let case = format!("Retry-After {retry_after}, {times} time(s)");
        assert_eq!(output.status.code(), Some(code), "{case}: {stderr}");
        assert_eq!(logged_waits(&log), waits, "{case}");
        assert_eq!(
            sim.stats().restore_job_list_requests,
            requests,
            "{case}: asked again once at most"
        );
        if code == 0 {
            assert!(
                stdout.contains("finished") && stderr.is_empty(),
                "{case}: {stdout}{stderr}"
            );
        } else {
            assert!(stderr.contains("rate limited by Atlas"), "{case}: {stderr}");
        }
    }
}
