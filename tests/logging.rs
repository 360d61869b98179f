//! `--log-file`: the real binary's JSON-lines log of requests and outcomes
//! (every line an object, round trips matching what the simulator saw, no
//! private key), an unopenable path, and, in-process with a thread-local
//! subscriber, the poller's state changes and a stale nonce's two trips.

mod common;

use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use atlas_restores::atlas::Client;
use atlas_restores::atlas::Target;
use atlas_restores::poller::store::{SnapshotInfo, Store, TargetState};
use atlas_restores::poller::{Command, PollSettings, Poller};
use atlas_restores::sim::{Scenario, SimConfig, Simulator};
use serde_json::{Value, json};
use tracing::Level;
use tracing_subscriber::Layer;
use tracing_subscriber::filter::Targets;
use tracing_subscriber::layer::SubscriberExt;

const BIN: &str = env!("CARGO_BIN_EXE_atlas-restores");
const GROUP: &str = "5e2211c17a3e5a48f5497de3";
const PRIVATE_KEY: &str = "log-private-c3d4e5";
const DEADLINE: Duration = Duration::from_secs(20);

fn scenario(clusters: Value) -> Scenario {
    let scenario = json!({
        "credentials": {"publicKey": "logpub", "privateKey": PRIVATE_KEY},
        "projects": [{"id": GROUP, "name": "prod", "clusters": clusters}],
    });
    Scenario::from_json(&scenario.to_string()).unwrap_or_else(|error| panic!("{error}"))
}

fn healthy_and_broken() -> Scenario {
    scenario(json!([
        {"name": "healthy", "jobs": [{"created": "-1h", "deliveryType": "automated", "targetClusterName": "copy", "finishedAt": "-10m", "snapshotId": "5f0000000000000000000001"}]},
        {"name": "broken", "jobs": [], "faults": [{"status": 503, "errorCode": "SERVICE_UNAVAILABLE", "detail": "Down for maintenance."}]},
    ]))
}

async fn start(scenario: Scenario) -> Simulator {
    Simulator::start(SimConfig::new(scenario))
        .await
        .unwrap_or_else(|error| panic!("{error}"))
}

fn parse_lines(log: &str) -> Vec<Value> {
    log.lines()
        .map(|line| {
            let event: Value =
                serde_json::from_str(line).unwrap_or_else(|error| panic!("{error}: {line}"));
            assert!(event.is_object(), "{line}");
            event
        })
        .collect()
}

fn events<'a>(log: &'a [Value], message: &str) -> Vec<&'a Value> {
    log.iter().filter(|e| e["message"] == message).collect()
}

fn round_trips(log: &[Value]) -> u64 {
    events(log, "request")
        .iter()
        .map(|e| e["round_trips"].as_u64().unwrap_or(0))
        .sum()
}

#[tokio::test]
async fn list_logs_every_request_and_outcome_as_json_lines_without_the_private_key() {
    let sim = start(healthy_and_broken()).await;
    let dir = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
    let path = dir.path().join("list.log");
    let output = tokio::process::Command::new(BIN)
        .args(["list", "--project", GROUP, "--cluster", "healthy"])
        .args(["--cluster", "broken", "--log-file"])
        .arg(&path)
        .env_clear()
        .env("MONGODB_ATLAS_BASE_URL", sim.base_url())
        .env("MONGODB_ATLAS_PUBLIC_API_KEY", sim.public_key())
        .env("MONGODB_ATLAS_PRIVATE_API_KEY", sim.private_key())
        .output()
        .await
        .unwrap_or_else(|error| panic!("spawn: {error}"));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(!stderr.contains("round_trips"), "log on stderr: {stderr}");
    let raw = std::fs::read(&path).unwrap_or_else(|error| panic!("{error}"));
    assert!(
        !raw.windows(PRIVATE_KEY.len())
            .any(|window| window == PRIVATE_KEY.as_bytes()),
        "the private key is in the log"
    );
    let log = parse_lines(&String::from_utf8_lossy(&raw));

    let requests = events(&log, "request");
    let ok = requests
        .iter()
        .find(|e| {
            e["path"]
                .as_str()
                .unwrap_or("")
                .contains("/healthy/backup/restoreJobs")
        })
        .unwrap_or_else(|| panic!("no request to the healthy cluster: {log:#?}"));
    assert_eq!(ok["method"], "GET");
    assert_eq!(ok["status"], 200);
    assert!(ok["duration_ms"].is_u64(), "{ok}");
    assert_eq!(ok["target"], "atlas_restores::http");
    let refused = requests
        .iter()
        .find(|e| {
            e["path"]
                .as_str()
                .unwrap_or("")
                .contains("/broken/backup/restoreJobs")
        })
        .unwrap_or_else(|| panic!("no request to the broken cluster: {log:#?}"));
    assert_eq!(
        (&refused["status"], &refused["level"]),
        (&json!(503), &json!("WARN"))
    );
    for request in &requests {
        let trips = request["round_trips"].as_u64().unwrap_or(0);
        assert!((1..=3).contains(&trips), "{request}");
    }
    // Every HTTP request the simulator saw is accounted for in the log.
    assert_eq!(round_trips(&log), sim.stats().requests);

    let failed = events(&log, "fetch failed");
    assert_eq!(failed.len(), 1, "{log:#?}");
    assert_eq!(failed[0]["cluster"], format!("{GROUP}/broken"));
    assert!(
        failed[0]["error"].as_str().unwrap_or("").contains("503"),
        "{}",
        failed[0]
    );
    let succeeded = events(&log, "fetch succeeded");
    assert_eq!(succeeded.len(), 1, "{log:#?}");
    assert_eq!(succeeded[0]["jobs"], 1);
}

#[tokio::test]
async fn an_unopenable_log_file_exits_2_naming_the_path() {
    let path = "/nonexistent-dir/x.log";
    let output = tokio::process::Command::new(BIN)
        .args(["list", "--demo", "--log-file", path])
        .env_clear()
        .output()
        .await
        .unwrap_or_else(|error| panic!("spawn: {error}"));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains(path), "{stderr}");
    assert!(output.stdout.is_empty());
}

/// Log lines written in-process, for a thread-local subscriber.
#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Vec<u8>>>);

impl Write for Capture {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        let mut buffer = self.0.lock().unwrap_or_else(|p| p.into_inner());
        buffer.extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Capture {
    /// Routes this thread's events into the capture as the binary's log
    /// would; the tests run on current-thread runtimes, so every task of
    /// the test logs here and no other test does.
    fn install(&self) -> tracing::subscriber::DefaultGuard {
        let capture = self.clone();
        let layer = tracing_subscriber::fmt::layer()
            .json()
            .flatten_event(true)
            .with_writer(move || capture.clone())
            .with_filter(Targets::new().with_target("atlas_restores", Level::INFO));
        tracing::subscriber::set_default(tracing_subscriber::registry().with(layer))
    }

    fn events(&self) -> Vec<Value> {
        let bytes = self.0.lock().unwrap_or_else(|p| p.into_inner()).clone();
        parse_lines(&String::from_utf8_lossy(&bytes))
    }
}

fn client(sim: &Simulator) -> Client {
    common::servers::client_of(sim)
}

#[tokio::test]
async fn the_poller_logs_each_poll_and_snapshot_outcome() {
    let capture = Capture::default();
    let _guard = capture.install();
    let sim = start(healthy_and_broken()).await;
    let (healthy, broken) = (Target::new(GROUP, "healthy"), Target::new(GROUP, "broken"));
    let targets = vec![
        TargetState::new(healthy.clone()),
        TargetState::new(broken.clone()),
    ];
    let interval = Duration::from_secs(60);
    let store = Store::new(targets, interval);
    let poller = Poller::spawn(
        client(&sim),
        Arc::clone(&store),
        PollSettings::every(interval),
        Vec::new(),
    );
    poller.send(Command::FetchSnapshot {
        target: healthy,
        snapshot_id: "5f0000000000000000000001".into(),
        sharded: false,
    });
    let mut changes = store.subscribe();
    let settled = async {
        loop {
            let data = store.snapshot();
            let polled = data.targets[0].fetched_at.is_some() && data.targets[1].is_failing();
            let snapshot = matches!(
                data.snapshots.get("5f0000000000000000000001"),
                Some(SnapshotInfo::Loaded(_))
            );
            if polled && snapshot {
                return;
            }
            if changes.changed().await.is_err() {
                panic!("store closed");
            }
        }
    };
    tokio::time::timeout(DEADLINE, settled)
        .await
        .unwrap_or_else(|_| panic!("timed out: {:#?}", store.snapshot()));
    drop(poller);

    let log = capture.events();
    let broken = broken.to_string();
    assert_eq!(events(&log, "poll started").len(), 2, "{log:#?}");
    let succeeded = events(&log, "poll succeeded");
    assert_eq!(succeeded.len(), 1, "{log:#?}");
    assert_eq!(succeeded[0]["target"], "atlas_restores::poller");
    assert_eq!(
        (&succeeded[0]["jobs"], &succeeded[0]["total_count"]),
        (&json!(1), &json!(1))
    );
    assert!(succeeded[0]["duration_ms"].is_u64());
    let failed = events(&log, "poll failed");
    assert_eq!(failed.len(), 1, "{log:#?}");
    assert_eq!(failed[0]["cluster"], broken.as_str());
    assert_eq!(failed[0]["failures"], 1);
    assert!(
        failed[0]["retry_in_s"].as_u64().unwrap_or(0) >= 1,
        "{}",
        failed[0]
    );
    let message = failed[0]["error"].as_str().unwrap_or("");
    assert!(
        message.contains("503") && message.contains("Down for maintenance."),
        "{message}"
    );
    assert_eq!(events(&log, "snapshot fetched").len(), 1, "{log:#?}");
}

#[tokio::test]
async fn round_trips_count_the_challenge_and_a_stale_nonce() {
    let capture = Capture::default();
    let _guard = capture.install();
    let sim = start(scenario(json!([{"name": "healthy", "jobs": []}]))).await;
    let client = client(&sim);
    let list = || client.list_restore_jobs(GROUP, "healthy", true);
    list().await.unwrap_or_else(|error| panic!("{error}"));
    list().await.unwrap_or_else(|error| panic!("{error}"));
    // Past the nonce lifetime the cached nonce is refused as stale.
    sim.advance(Duration::from_secs(3600));
    list().await.unwrap_or_else(|error| panic!("{error}"));

    let log = capture.events();
    let trips: Vec<u64> = events(&log, "request")
        .iter()
        .map(|e| e["round_trips"].as_u64().unwrap_or(0))
        .collect();
    assert_eq!(trips, [2, 1, 2], "{log:#?}");
    assert_eq!(round_trips(&log), sim.stats().requests);
}
