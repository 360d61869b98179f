//! Endurance: twenty clusters polled every 50 ms for a minute while random
//! faults come and go. Memory and the number of tasks stay flat, and every
//! cluster recovers once the faults stop.

use std::sync::Arc;
use std::time::{Duration, Instant};

use atlas_restores::atlas::Target;
use atlas_restores::atlas::{ApiKey, ApiVersion, Client, ClientSettings};
use atlas_restores::poller::store::{Store, TargetState};
use atlas_restores::poller::{PollSettings, Poller};
use atlas_restores::sim::{RateLimitConfig, Scenario, SimConfig, Simulator};
use serde_json::{Value, json};

const GROUP: &str = "5e2211c17a3e5a48f5497de3";
const TARGETS: usize = 20;
const JOBS: usize = 30;
const SOAK: Duration = Duration::from_secs(60);
const WARM_UP: Duration = Duration::from_secs(10);
/// A leak of one job list per poll would grow by hundreds of MB in a minute.
const RSS_GROWTH_BOUND_KB: u64 = 48 * 1024;
/// Polls waiting for a permit, open connections, the server and the poller:
/// a fixed number per target, whatever the time.
const TASK_BOUND: usize = 3 * TARGETS + 16;

/// A small deterministic generator, so that a failing run can be replayed.
struct XorShift(u64);

impl XorShift {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        usize::try_from(self.0 % n as u64).unwrap_or(0)
    }
}

fn random_faults(rng: &mut XorShift) -> Value {
    let kinds = [
        json!([]),
        json!([{"status": 503, "times": 3}]),
        json!([{"status": 500, "errorCode": "UNEXPECTED_ERROR"}]),
        json!([{"status": 429, "errorCode": "RATE_LIMITED", "retryAfter": "1"}]),
        json!([{"body": "malformed"}]),
        json!([{"body": "truncated"}]),
        json!([{"body": "html", "status": 502}]),
        json!([{"body": "empty"}]),
        json!([{"status": 503, "delayMs": 120}]),
        json!([{"status": 500, "errorCode": "TIMEOUT_WHILE_PAGING", "onlyWhen": {"includeCount": true}}]),
        json!([{"status": 403, "errorCode": "IP_ADDRESS_NOT_ON_ACCESS_LIST", "detail": "IP 203.0.113.9"}]),
    ];
    kinds[rng.below(kinds.len())].clone()
}

fn resident_kb() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find(|line| line.starts_with("VmRSS:"))
        .and_then(|line| line.split_whitespace().nth(1))
        .and_then(|kb| kb.parse().ok())
        .unwrap_or(0)
}

fn alive_tasks() -> usize {
    tokio::runtime::Handle::current()
        .metrics()
        .num_alive_tasks()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_minute_of_random_faults_leaves_memory_and_tasks_flat_and_everything_recovers() {
    let clusters: Vec<Value> = (0..TARGETS)
        .map(|i| json!({"name": format!("c{i:02}"), "generatedJobs": JOBS, "jobs": []}))
        .collect();
    let scenario = json!({"projects": [{"id": GROUP, "name": "soak", "clusters": clusters}]});
    let scenario =
        Scenario::from_json(&scenario.to_string()).unwrap_or_else(|error| panic!("{error}"));
    let mut config = SimConfig::new(scenario);
    config.rate_limit = RateLimitConfig {
        limit: 1_000_000,
        refill_per_second: 1_000_000.0,
    };
    let sim = Simulator::start(config)
        .await
        .unwrap_or_else(|error| panic!("{error}"));
    let key = ApiKey::new(sim.public_key(), sim.private_key());
    let mut settings = ClientSettings::new(sim.base_url(), ApiVersion::V2, key);
    settings.request_timeout = Duration::from_secs(2);
    let client = Client::new(settings).unwrap_or_else(|error| panic!("{error}"));
    let targets: Vec<Target> = (0..TARGETS)
        .map(|i| Target::new(GROUP, format!("c{i:02}")))
        .collect();
    let interval = Duration::from_millis(50);
    let store = Store::new(
        targets.iter().cloned().map(TargetState::new).collect(),
        interval,
    );
    let poll = PollSettings {
        max_backoff: Duration::from_secs(1),
        ..PollSettings::every(interval)
    };
    let _poller = Poller::spawn(client, Arc::clone(&store), poll, Vec::new());

    let mut rng = XorShift(0x5eed_a71a_5eed_a71a);
    let start = Instant::now();
    let mut warm_rss: Option<u64> = None;
    let mut peak_rss = 0;
    let mut peak_tasks = 0;
    while start.elapsed() < SOAK {
        let target = &targets[rng.below(TARGETS)];
        sim.set_faults(GROUP, &target.cluster_name, random_faults(&mut rng))
            .unwrap_or_else(|error| panic!("{error}"));
        tokio::time::sleep(Duration::from_millis(100)).await;
        peak_tasks = peak_tasks.max(alive_tasks());
        if start.elapsed() >= WARM_UP {
            let rss = resident_kb();
            let warm = *warm_rss.get_or_insert(rss);
            peak_rss = peak_rss.max(rss.saturating_sub(warm));
        }
    }
    let requests = sim.stats().restore_job_list_requests;
    assert!(
        requests > 2_000,
        "the soak really polled: {requests} listing requests"
    );
    assert!(
        peak_rss <= RSS_GROWTH_BOUND_KB,
        "resident memory grew by {peak_rss} kB after warm-up"
    );
    assert!(peak_tasks <= TASK_BOUND, "{peak_tasks} tasks alive at once");

    for target in &targets {
        sim.set_faults(GROUP, &target.cluster_name, json!([]))
            .unwrap_or_else(|error| panic!("{error}"));
    }
    let healed = Instant::now();
    let healed_at = chrono::Utc::now();
    let mut changes = store.subscribe();
    loop {
        let data = store.snapshot();
        let recovered = data.targets.iter().all(|t| {
            t.last_error.is_none()
                && t.fetched_at.is_some_and(|at| at > healed_at)
                && t.jobs.len() == JOBS
        });
        if recovered {
            break;
        }
        let failing: Vec<String> = data
            .targets
            .iter()
            .filter_map(|t| {
                t.last_error
                    .as_ref()
                    .map(|e| format!("{}: {}", t.target.cluster_name, e.message))
            })
            .collect();
        assert!(
            healed.elapsed() < Duration::from_secs(20),
            "not recovered: {failing:?}"
        );
        let _ = tokio::time::timeout(Duration::from_secs(1), changes.changed()).await;
    }
    println!(
        "soak: {requests} listing requests, RSS growth ≤ {peak_rss} kB after warm-up, ≤ {peak_tasks} tasks alive"
    );
}
