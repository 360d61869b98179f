//! The restore history: the first write of an organisation's 40,000 jobs
//! (80 clusters of 500, as the simulator serves them, JSON text and all)
//! into a new SQLite file, and the steady state, the same answers recorded
//! again, which must write nothing (checked: the WAL does not grow).
//! In the dashboard an answer byte for byte the same is not even parsed,
//! so it never reaches the history at all; this measures the next line of
//! defence, an answer re-sent with nothing changed.

mod support;

use std::path::Path;
use std::time::Duration;

use atlas_restores::atlas::fetch::fetch_sent_jobs;
use atlas_restores::atlas::{JobStatus, Target};
use atlas_restores::history::{HistoryFile, Observed};
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};

const CLUSTERS: usize = 80;

/// Each cluster's jobs as the history records them: id, status, text.
type Answers = Vec<(Target, Vec<(String, JobStatus, String)>)>;

fn served() -> Answers {
    let runtime = tokio::runtime::Runtime::new().expect("a tokio runtime");
    runtime.block_on(async {
        let scenario = support::scenario(CLUSTERS, support::JOBS_PER_TARGET);
        let sim = support::start_simulator(scenario, Duration::ZERO).await;
        let client = support::client_for(&sim);
        let mut answers = Vec::new();
        for target in support::targets(CLUSTERS) {
            let listing = fetch_sent_jobs(&client, &target)
                .await
                .expect("the jobs are served");
            let jobs = listing
                .items
                .iter()
                .map(|job| {
                    let status = job.status_at(support::now());
                    (job.id.to_string(), status, job.raw_json().to_string())
                })
                .collect();
            answers.push((target, jobs));
        }
        answers
    })
}

fn record_all(file: &mut HistoryFile, answers: &Answers) -> usize {
    let mut transitions = 0;
    for (target, jobs) in answers {
        let observed: Vec<Observed<'_>> = jobs
            .iter()
            .map(|(id, status, raw)| Observed {
                job_id: id,
                status: *status,
                raw,
                atlas_at: None,
            })
            .collect();
        let recorded = file
            .record(target, &observed, support::now())
            .expect("recorded");
        transitions += recorded.transitions.len();
    }
    transitions
}

fn wal_size(path: &Path) -> u64 {
    std::fs::metadata(path.with_extension("sqlite3-wal")).map_or(0, |m| m.len())
}

fn history(c: &mut Criterion) {
    let answers = served();
    let jobs: usize = answers.iter().map(|(_, jobs)| jobs.len()).sum();
    assert_eq!(jobs, 40_000);
    let mut group = c.benchmark_group("history");
    group.sample_size(10);
    group.bench_function("first_write_40000_jobs", |b| {
        b.iter_batched(
            || tempfile::tempdir().expect("a temp dir"),
            |dir| {
                let mut file =
                    HistoryFile::open(&dir.path().join("history.sqlite3")).expect("opened");
                assert_eq!(record_all(&mut file, &answers), 40_000);
                dir
            },
            BatchSize::PerIteration,
        );
    });
    let dir = tempfile::tempdir().expect("a temp dir");
    let path = dir.path().join("history.sqlite3");
    let mut file = HistoryFile::open(&path).expect("opened");
    record_all(&mut file, &answers);
    let written = wal_size(&path);
    group.bench_function("same_40000_jobs_again", |b| {
        b.iter(|| assert_eq!(record_all(&mut file, &answers), 0));
    });
    assert_eq!(wal_size(&path), written, "the steady state wrote nothing");
    group.finish();
}

criterion_group!(benches, history);
criterion_main!(benches);
