//! `atlas-restores history` through the binary, offline, over a real SQLite
//! file written by the history itself: the status changes since a time and
//! the durations per cluster, as a table, JSON and CSV; the default file in
//! the state folder; a missing file said plainly.

mod common;

use atlas_restores::atlas::{JobStatus, Target};
use atlas_restores::history::{HistoryFile, Observed};
use chrono::{DateTime, TimeDelta, Utc};
use common::cli::{atlas_restores, run};
use serde_json::Value;

const GROUP: &str = "5e2211c17a3e5a48f5497de3";

/// A job id whose ObjectId time is `created`.
fn id(created: DateTime<Utc>, n: u32) -> String {
    format!("{:08x}{:016x}", created.timestamp(), n)
}

/// A history of `orders`: three automated restores that took 10, 20 and
/// 15 minutes, one of them failing over and back; `billing`: one running.
fn write_history(path: &std::path::Path, now: DateTime<Utc>) -> Vec<String> {
    let mut history = HistoryFile::open(path).expect("created");
    let orders = Target::new(GROUP, "orders");
    let minutes = TimeDelta::minutes;
    let starts = [
        now - TimeDelta::days(3),
        now - TimeDelta::days(2),
        now - TimeDelta::hours(5),
    ];
    let ids: Vec<String> = starts
        .iter()
        .enumerate()
        .map(|(n, at)| id(*at, n as u32))
        .collect();
    let took = [10, 20, 15];
    let running: Vec<String> = ids
        .iter()
        .map(|id| format!(r#"{{"id":"{id}","deliveryType":"automated"}}"#))
        .collect();
    let finished: Vec<String> = ids
        .iter()
        .zip(starts.iter().zip(took))
        .map(|(id, (start, took))| {
            let done = (*start + minutes(took)).to_rfc3339();
            format!(r#"{{"id":"{id}","deliveryType":"automated","finishedAt":"{done}"}}"#)
        })
        .collect();
    let observed = |raws: &[String], status: JobStatus| -> Vec<(String, String, JobStatus)> {
        ids.iter()
            .cloned()
            .zip(raws.iter().cloned())
            .map(|(id, raw)| (id, raw, status))
            .collect()
    };
    let record =
        |history: &mut HistoryFile, jobs: &[(String, String, JobStatus)], at: DateTime<Utc>| {
            let jobs: Vec<Observed> = jobs
                .iter()
                .map(|(id, raw, status)| Observed {
                    job_id: id,
                    status: *status,
                    raw,
                    atlas_at: None,
                })
                .collect();
            history.record(&orders, &jobs, at).expect("recorded");
        };
    record(
        &mut history,
        &observed(&running, JobStatus::InProgress),
        now - TimeDelta::days(3),
    );
    record(
        &mut history,
        &observed(&finished, JobStatus::Finished),
        now - TimeDelta::hours(1),
    );
    let billing = Target::new(GROUP, "billing");
    let other = id(now - TimeDelta::minutes(3), 9);
    let raw = format!(r#"{{"id":"{other}","deliveryType":"download"}}"#);
    let job = Observed {
        job_id: &other,
        status: JobStatus::InProgress,
        raw: &raw,
        atlas_at: None,
    };
    history
        .record(&billing, &[job], now - TimeDelta::minutes(2))
        .expect("recorded");
    ids
}

#[tokio::test]
async fn history_prints_changes_and_durations_as_json_csv_and_a_table() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let path = dir.path().join("history.sqlite3");
    let ids = write_history(&path, Utc::now());
    let file = path.to_str().expect("utf-8");

    let (status, stdout, stderr) = run(atlas_restores(&[
        "history",
        "--history",
        file,
        "--output",
        "json",
    ]))
    .await;
    assert!(status.status.success(), "{stderr}");
    let report: Value = serde_json::from_str(&stdout).expect("JSON");
    let changes = report["transitions"].as_array().expect("transitions");
    assert_eq!(
        changes.len(),
        7,
        "three new then finished in orders, one new in billing: {stdout}"
    );
    let finished: Vec<&Value> = changes.iter().filter(|c| c["to"] == "finished").collect();
    assert_eq!(finished.len(), 3);
    assert!(
        finished
            .iter()
            .all(|c| c["from"] == "in progress" && c["clusterName"] == "orders")
    );
    let durations = report["durations"].as_array().expect("durations");
    assert_eq!(
        durations.len(),
        1,
        "only orders finished anything: {stdout}"
    );
    let orders = &durations[0];
    assert_eq!(
        (
            orders["count"].as_u64(),
            orders["p50Seconds"].as_i64(),
            orders["p95Seconds"].as_i64()
        ),
        (Some(3), Some(900), Some(1200))
    );

    let (_, narrowed, _) = run(atlas_restores(&[
        "history",
        "--history",
        file,
        "--output",
        "json",
        "--since",
        "30m",
        "--cluster",
        &format!("{GROUP}/billing"),
    ]))
    .await;
    let narrowed: Value = serde_json::from_str(&narrowed).expect("JSON");
    let only = narrowed["transitions"].as_array().expect("transitions");
    assert_eq!(only.len(), 1, "{narrowed}");
    assert_eq!(
        (only[0]["clusterName"].as_str(), only[0]["from"].is_null()),
        (Some("billing"), true)
    );

    let (_, csv, _) = run(atlas_restores(&[
        "history",
        "--history",
        file,
        "--output",
        "csv",
    ]))
    .await;
    let mut sections = csv.split("\r\n\r\n");
    let changes_csv = sections.next().expect("the changes");
    assert!(
        changes_csv.starts_with("observed_at,group_id,cluster,job_id,from,to,atlas_at\r\n"),
        "{csv}"
    );
    assert_eq!(
        changes_csv.lines().count(),
        8,
        "a header and seven changes: {csv}"
    );
    let durations_csv = sections.next().expect("the durations");
    assert_eq!(
        durations_csv.lines().nth(1),
        Some(format!("{GROUP},orders,automated,3,900,1200").as_str()),
        "{csv}"
    );

    let (_, table, _) = run(atlas_restores(&["history", "--history", file])).await;
    assert!(table.contains("status changes since"), "{table}");
    let row = table
        .lines()
        .find(|line| line.contains(&ids[0]) && line.contains("finished"))
        .expect("a change row");
    assert!(
        row.contains(&format!("{GROUP}/orders")) && row.contains("in progress"),
        "{row}"
    );
    let stats = table
        .lines()
        .find(|line| line.contains("automated"))
        .expect("a durations row");
    assert!(
        stats.contains("15m") && stats.contains("20m"),
        "p50 and p95 in words: {stats}"
    );
}

/// `atlas-restores ARGS` with `dir` as its state folder.
fn in_state(args: &[&str], dir: &tempfile::TempDir) -> tokio::process::Command {
    let mut command = atlas_restores(args);
    command.env("XDG_STATE_HOME", dir.path());
    command
}

#[tokio::test]
async fn history_reads_the_state_folder_by_default_and_says_when_there_is_none() {
    let state = tempfile::tempdir().expect("a temp dir");
    let (status, _, stderr) = run(in_state(&["history"], &state)).await;
    assert!(!status.status.success());
    assert!(
        stderr.contains("no history at") && stderr.contains("atlas-restores/history.sqlite3"),
        "{stderr}"
    );

    let folder = state.path().join("atlas-restores");
    std::fs::create_dir_all(&folder).expect("a folder");
    write_history(&folder.join("history.sqlite3"), Utc::now());
    let (status, stdout, stderr) = run(in_state(&["history", "-o", "json"], &state)).await;
    assert!(status.status.success(), "{stderr}");
    assert!(stdout.contains("\"transitions\""), "{stdout}");

    let (status, _, stderr) = run(in_state(&["history", "--cluster", "orders"], &state)).await;
    assert_eq!(
        status.status.code(),
        Some(2),
        "a bare cluster name is a usage error: {stderr}"
    );
}
