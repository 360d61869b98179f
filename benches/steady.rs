//! Steady state: one refresh cycle of 100 clusters × 400 jobs through the
//! real poller, client and store, with an `App` taking every store change
//! as the dashboard does, against the simulator over loopback.
//!
//! - `unchanged`: every answer byte for byte the one before;
//! - `one_changed`: one cluster's answer changed (a download of its turned
//!   ready), the rest unchanged.
//!
//! Criterion times the CPU a cycle costs this side of the socket: the
//! simulator runs on a runtime of its own whose threads (named `sim`) are
//! left out, and every other thread's time on CPU is read from
//! `/proc/self/task/*/schedstat` (nanoseconds). Also printed: the time from
//! the changed answer reaching the store to the app's updated index
//! (`App::set_data`), as a median.

mod support;

use std::sync::Arc;
use std::time::{Duration, Instant};

use atlas_restores::app::App;
use atlas_restores::poller::store::{Store, StoreData, TargetState};
use atlas_restores::poller::{Command, PollSettings, Poller};
use atlas_restores::sim::Scenario;
use criterion::{Criterion, criterion_group, criterion_main};
use serde_json::json;

const CLUSTERS: usize = 100;
const JOBS_PER_CLUSTER: usize = 400;
/// Threads of the simulator's runtime, whose CPU is not counted.
const SIM_THREADS: &str = "sim";
/// How long a cycle waits for a store change before looking again (an
/// unchanged answer is stored quietly) and asking again for the clusters
/// it is still missing.
const QUIET: Duration = Duration::from_millis(50);

/// 100 clusters of 400 jobs: cluster 0 holds 400 downloads turning ready
/// a minute apart (so each simulated minute changes its answer, and only
/// its), the others 400 finished restores each.
fn scenario() -> Scenario {
    let evolving: Vec<_> = (0..JOBS_PER_CLUSTER)
        .map(|n| {
            json!({"id": format!("6565{n:020x}"), "created": "-1d", "deliveryType": "download",
                   "sim": {"readyAfter": format!("{}m", n + 1)}})
        })
        .collect();
    let clusters: Vec<_> = (0..CLUSTERS)
        .map(|c| match c {
            0 => json!({"name": "c0000", "jobs": evolving}),
            _ => json!({"name": format!("c{c:04}"), "generatedJobs": JOBS_PER_CLUSTER}),
        })
        .collect();
    let text = json!({"projects": [
        {"id": support::group_id(0), "name": "p0", "clusters": clusters[..50].to_vec()},
        {"id": support::group_id(1), "name": "p1", "clusters": clusters[50..].to_vec()},
    ]});
    Scenario::from_json(&text.to_string()).expect("a valid scenario")
}

/// Nanoseconds on CPU of every thread of this process but the simulator's.
fn cpu_ns() -> u64 {
    let Ok(tasks) = std::fs::read_dir("/proc/self/task") else {
        return 0;
    };
    tasks
        .flatten()
        .filter(|task| {
            let comm = std::fs::read_to_string(task.path().join("comm")).unwrap_or_default();
            comm.trim() != SIM_THREADS
        })
        .filter_map(|task| {
            let stat = std::fs::read_to_string(task.path().join("schedstat")).ok()?;
            stat.split_whitespace().next()?.parse::<u64>().ok()
        })
        .sum()
}

/// The dashboard's side of the benchmark: the store, the poller, the app.
struct Dashboard {
    runtime: tokio::runtime::Runtime,
    store: Arc<Store>,
    poller: Poller,
    app: App,
    /// How long each `App::set_data` that took a changed job list took.
    index_updates: Vec<Duration>,
}

impl Dashboard {
    /// Polls every cluster once (after the simulator moved on by `advance`)
    /// and feeds the app each store change until all of them are in.
    fn cycle(&mut self) {
        let before = self.store.snapshot();
        let fresh = |data: &StoreData| {
            data.targets
                .iter()
                .zip(&before.targets)
                .all(|(now, then)| now.fetched_at > then.fetched_at && !now.in_flight)
        };
        let mut changes = self.store.subscribe();
        self.poller.send(Command::RefreshAll);
        loop {
            let data = self.store.snapshot();
            let jobs_changed = data
                .targets
                .iter()
                .zip(&self.app.data().targets)
                .any(|(a, b)| !Arc::ptr_eq(&a.jobs, &b.jobs));
            let started = Instant::now();
            let _ = self.app.set_data(Arc::clone(&data));
            if jobs_changed {
                self.index_updates.push(started.elapsed());
            }
            if fresh(&data) {
                return;
            }
            let quiet = self
                .runtime
                .block_on(async { tokio::time::timeout(QUIET, changes.changed()).await });
            if quiet.is_err() {
                // A poll that landed just before `RefreshAll` may not have
                // been reaped by the scheduler yet, which then skipped it
                // as in flight: ask for the ones left behind.
                let left = data.targets.iter().zip(&before.targets);
                let behind = |(now, then): &(&TargetState, &TargetState)| {
                    now.fetched_at <= then.fetched_at && !now.in_flight
                };
                for (now, _) in left.filter(behind) {
                    self.poller.send(Command::Refresh(now.target.clone()));
                }
            }
        }
    }
}

fn steady(c: &mut Criterion) {
    let sim_runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .thread_name(SIM_THREADS)
        .enable_all()
        .build()
        .expect("a runtime for the simulator");
    let sim = sim_runtime.block_on(support::start_simulator(scenario(), Duration::ZERO));
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name("poller")
        .enable_all()
        .build()
        .expect("a runtime for the poller");
    let targets: Vec<TargetState> = support::targets(CLUSTERS)
        .into_iter()
        .map(TargetState::new)
        .collect();
    // Polled only when asked: every cycle is one `RefreshAll`.
    let interval = Duration::from_secs(3600);
    let store = Store::new(targets, interval);
    let poller = {
        let _entered = runtime.enter();
        Poller::spawn(
            support::client_for(&sim),
            Arc::clone(&store),
            PollSettings::every(interval),
            Vec::new(),
        )
    };
    let app = App::new(store.snapshot());
    let mut dashboard = Dashboard {
        runtime,
        store,
        poller,
        app,
        index_updates: Vec::new(),
    };
    // Loaded once (all parsed), then once more (unchanged, digest warm).
    dashboard.cycle();
    dashboard.cycle();
    assert_eq!(dashboard.app.total_jobs(), CLUSTERS * JOBS_PER_CLUSTER);
    dashboard.index_updates.clear();

    let mut group = c.benchmark_group("steady_100_clusters_x_400_jobs");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(20));
    group.bench_function("cycle_cpu_unchanged", |b| {
        b.iter_custom(|cycles| {
            let before = cpu_ns();
            for _ in 0..cycles {
                dashboard.cycle();
            }
            Duration::from_nanos(cpu_ns() - before)
        });
    });
    assert!(
        dashboard.index_updates.is_empty(),
        "an unchanged answer replaced a job list"
    );
    group.bench_function("cycle_cpu_one_changed", |b| {
        b.iter_custom(|cycles| {
            let mut spent = 0;
            for _ in 0..cycles {
                sim.advance(Duration::from_secs(60));
                let before = cpu_ns();
                dashboard.cycle();
                spent += cpu_ns() - before;
            }
            Duration::from_nanos(spent)
        });
    });
    group.finish();
    let mut updates = std::mem::take(&mut dashboard.index_updates);
    updates.sort();
    let median = updates.get(updates.len() / 2).copied().unwrap_or_default();
    println!(
        "steady: index update after one cluster of {JOBS_PER_CLUSTER} changed, {} jobs loaded: median {:.3} ms over {} changes",
        CLUSTERS * JOBS_PER_CLUSTER,
        median.as_secs_f64() * 1e3,
        updates.len()
    );
    drop(dashboard);
    drop(sim);
}

criterion_group!(benches, steady);
criterion_main!(benches);
