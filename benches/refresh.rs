//! Refresh cycle: 200 clusters × 50 jobs served by the simulator with 20 ms
//! added to every answer, fetched the way the dashboard and `list` do (at
//! most 4 in flight). Measures the wall time of one steady-state cycle and,
//! from the simulator's counters, the HTTP requests per cluster.

mod support;

use std::time::{Duration, Instant};

use atlas_restores::list::fetch_all;
use atlas_restores::list::watch_list::WatchList;
use criterion::{Criterion, criterion_group, criterion_main};

const CLUSTERS: usize = 200;
const JOBS_PER_CLUSTER: usize = 50;
const LATENCY: Duration = Duration::from_millis(20);
/// Requests in flight at once, as in the poller and `list`.
const IN_FLIGHT: usize = atlas_restores::poller::IN_FLIGHT;

fn refresh_cycle(c: &mut Criterion) {
    let runtime = tokio::runtime::Runtime::new().expect("a tokio runtime");
    let sim = runtime.block_on(support::start_simulator(
        support::scenario(CLUSTERS, JOBS_PER_CLUSTER),
        LATENCY,
    ));
    let client = support::client_for(&sim);
    let watch = WatchList {
        targets: support::targets(CLUSTERS),
        ..WatchList::default()
    };
    let cycle = || async {
        let results = fetch_all(&client, &watch).await;
        assert!(results.iter().all(|r| r.result.is_ok()), "a fetch failed");
    };
    // Warm-up: the first request earns the digest nonce.
    runtime.block_on(cycle());
    let before = sim.stats();
    let started = Instant::now();
    runtime.block_on(cycle());
    let wall = started.elapsed();
    let after = sim.stats();
    report(
        wall,
        after.requests - before.requests,
        after.challenges - before.challenges,
    );
    let mut group = c.benchmark_group("refresh_cycle");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(12));
    group.bench_function("200_clusters_x_50_jobs_20ms", |b| {
        b.iter(|| runtime.block_on(cycle()));
    });
    group.finish();
}

/// Prints the figures criterion does not know: requests per cluster and the
/// ideal cycle time.
fn report(wall: Duration, requests: u64, challenges: u64) {
    let per_cluster = requests as f64 / CLUSTERS as f64;
    let rounds = CLUSTERS.div_ceil(IN_FLIGHT) as f64;
    let ideal = rounds * LATENCY.as_secs_f64() * per_cluster.max(1.0);
    println!(
        "refresh_cycle steady state: {requests} requests ({challenges} challenges) for {CLUSTERS} clusters = {per_cluster:.3} requests/cluster; one cycle {:.3} s; ideal {ideal:.3} s; ratio {:.2}",
        wall.as_secs_f64(),
        wall.as_secs_f64() / ideal
    );
}

criterion_group!(benches, refresh_cycle);
criterion_main!(benches);
