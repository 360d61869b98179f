//! The restore history kept by the real dashboard in tmux, against the
//! simulator, in a real SQLite file: run, stop, change the simulator, run
//! again, and the second run shows what changed while it was closed,
//! announces it once and does not announce again what the first run did;
//! a damaged file and a file held by another program are a warning on the
//! status bar while the jobs are shown from memory. Every wait is on a
//! condition with a deadline.

mod common;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use atlas_restores::atlas::{JobStatus, Target};
use atlas_restores::history::HistoryFile;
use atlas_restores::sim::Simulator;
use chrono::DateTime;
use common::servers::one_project;
use common::terminal::{Run, row_of};
use serde_json::{Value, json};

const GROUP: &str = "5e2211c17a3e5a48f5497de3";
const RUNNING: &str = "65650000aaaaaaaaaaaa0001";
const READY: &str = "65650000aaaaaaaaaaaa0002";
const DEADLINE: Duration = Duration::from_secs(20);

/// One cluster: a restore that fails 10 minutes after the simulator
/// starts, and a download whose link expires in 25 minutes (inside the
/// 30-minute warning the dashboards run with).
async fn simulator() -> Simulator {
    one_project(
        GROUP,
        json!([{"name": "orders", "jobs": [
            {"id": RUNNING, "deliveryType": "automated", "targetClusterName": "orders-copy",
             "targetGroupId": GROUP, "sim": {"failAfter": "10m"}},
            {"id": READY, "deliveryType": "download", "finishedAt": "-5m", "expiresAt": "+25m",
             "deliveryUrl": ["https://restore.example/orders.tar.gz"]},
        ]}]),
    )
    .await
}

fn args(history: &Path, log: &Path) -> String {
    format!(
        "--cluster {GROUP}/orders --interval 300ms --desktop-notify --expiry-warning 30m --history {} --log-file {}",
        history.display(),
        log.display()
    )
}

/// The log's `notified` lines, as (job id, event).
fn notified(log: &Path) -> Vec<(String, String)> {
    let text = std::fs::read_to_string(log).unwrap_or_default();
    text.lines()
        .filter_map(|line| serde_json::from_str::<Value>(line).ok())
        .filter(|line| line["message"] == "notified")
        .map(|line| {
            let text = |key: &str| line[key].as_str().unwrap_or_default().to_string();
            (text("job_id"), text("event"))
        })
        .collect()
}

async fn wait_for_log(log: &Path, what: &str, condition: impl Fn(&[(String, String)]) -> bool) {
    let deadline = Instant::now() + DEADLINE;
    loop {
        let lines = notified(log);
        if condition(&lines) {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "timed out waiting for {what}; notified: {lines:?}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

fn has(lines: &[(String, String)], job: &str, event: &str) -> bool {
    lines.iter().any(|(id, what)| id == job && what == event)
}

/// Quits the dashboard and hands back its simulator.
async fn quit(run: Run) -> Simulator {
    run.tmux.keys(&["q"]);
    assert_eq!(run.exit_status().await, "0", "{}", run.tmux.screen());
    let Run { sim, .. } = run;
    sim
}

fn orders() -> Target {
    Target::new(GROUP, "orders")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_restarted_dashboard_shows_what_changed_while_it_was_closed_and_announces_nothing_twice()
{
    let dir = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
    let history = dir.path().join("history.sqlite3");
    let (first_log, second_log) = (dir.path().join("1.log"), dir.path().join("2.log"));

    // First run: both jobs seen; the link close to expiry is announced.
    let run = Run::start(
        simulator().await,
        &args(&history, &first_log),
        &[],
        (120, 30),
        false,
    )
    .await;
    run.tmux
        .wait_for("both jobs", |s| {
            row_of(s, "aaaa0001").contains("in progress") && row_of(s, "aaaa0002").contains("ready")
        })
        .await;
    wait_for_log(&first_log, "the expiry warning", |lines| {
        has(lines, READY, "expiring")
    })
    .await;
    let sim = quit(run).await;
    let file = HistoryFile::open_existing(&history).unwrap_or_else(|error| panic!("{error}"));
    let job = file.job(&orders(), RUNNING).ok().flatten();
    assert_eq!(job.map(|job| job.status), Some(JobStatus::InProgress));
    drop(file);

    // While closed, the restore fails.
    sim.advance(Duration::from_secs(15 * 60));

    let run = Run::start(sim, &args(&history, &second_log), &[], (120, 30), false).await;
    wait_for_log(&second_log, "the failure found at start", |lines| {
        has(lines, RUNNING, "failed")
    })
    .await;
    let lines = notified(&second_log);
    assert!(
        !has(&lines, READY, "expiring"),
        "the first run warned of this link already: {lines:?}"
    );
    let screen = run
        .tmux
        .wait_for("the new failure on the attention line", |s| {
            s.contains("1 new failure") && row_of(s, "aaaa0001").contains("failed")
        })
        .await;
    assert!(screen.contains("orders"), "{screen}");
    run.tmux.keys(&["l"]);
    let events = run
        .tmux
        .wait_for("the events panel", |s| s.contains("while closed"))
        .await;
    let line = events
        .lines()
        .find(|line| line.contains("while closed"))
        .unwrap_or_default();
    assert!(
        line.contains("aaaa0001") && line.contains("in progress") && line.contains("failed"),
        "{events}"
    );
    run.tmux.keys(&["Escape"]);
    let sim = quit(run).await;

    let file = HistoryFile::open_existing(&history).unwrap_or_else(|error| panic!("{error}"));
    let since = DateTime::UNIX_EPOCH;
    let mut changes: Vec<(String, Option<JobStatus>, JobStatus)> = file
        .transitions(since, &[orders()])
        .unwrap_or_else(|error| panic!("{error}"))
        .into_iter()
        .map(|change| (change.job_id, change.from, change.to))
        .collect();
    changes.sort_by_key(|(id, from, _)| (from.is_some(), id.clone()));
    assert_eq!(
        changes,
        [
            (RUNNING.to_string(), None, JobStatus::InProgress),
            (READY.to_string(), None, JobStatus::Ready),
            (
                RUNNING.to_string(),
                Some(JobStatus::InProgress),
                JobStatus::Failed
            ),
        ],
        "each change once, across both runs"
    );
    drop(sim);
}

/// Runs the dashboard on the history at `history`, and waits until the
/// job is shown and the status bar holds `warning`.
async fn shows_jobs_and_warns(history: &Path, warning: &str) -> Run {
    let sim = simulator().await;
    let log = history.with_extension("log");
    let run = Run::start(sim, &args(history, &log), &[], (160, 30), false).await;
    let screen = run
        .tmux
        .wait_for(warning, |s| {
            row_of(s, "aaaa0001").contains("in progress") && s.contains(warning)
        })
        .await;
    assert!(screen.contains("going on from memory"), "{screen}");
    run
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_damaged_history_file_is_a_warning_and_the_dashboard_goes_on() {
    let dir = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
    let history = dir.path().join("history.sqlite3");
    let garbage = "this is not a database, just text, ".repeat(200);
    std::fs::write(&history, garbage.as_bytes()).unwrap_or_else(|error| panic!("{error}"));
    let run = shows_jobs_and_warns(&history, "history not saved: the file is damaged").await;
    // The keys still work: the detail pane (which shows the whole id)
    // follows the selection to the other job.
    let screen = run.tmux.screen();
    let other = if screen.contains(RUNNING) {
        READY
    } else {
        RUNNING
    };
    run.tmux.keys(&["j"]);
    run.tmux
        .wait_for("the detail pane following the selection", |s| {
            s.contains(other)
        })
        .await;
    let _ = quit(run).await;
    assert_eq!(
        std::fs::read(&history).ok(),
        Some(garbage.into_bytes()),
        "the damaged file is left as it was"
    );
}

/// A connection of another program holding the history's write lock.
struct Holder {
    connection: rusqlite::Connection,
}

impl Holder {
    fn lock(path: &PathBuf) -> Holder {
        drop(HistoryFile::open(path).unwrap_or_else(|error| panic!("{error}")));
        let connection = rusqlite::Connection::open(path).unwrap_or_else(|error| panic!("{error}"));
        connection
            .execute_batch("BEGIN EXCLUSIVE; CREATE TABLE held (x);")
            .unwrap_or_else(|error| panic!("{error}"));
        Holder { connection }
    }

    fn release(self) {
        self.connection
            .execute_batch("ROLLBACK;")
            .unwrap_or_else(|error| panic!("{error}"));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_locked_history_file_is_a_warning_until_it_is_released_and_nothing_is_lost() {
    let dir = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
    let history = dir.path().join("history.sqlite3");
    let holder = Holder::lock(&history);
    let run = shows_jobs_and_warns(&history, "history not saved: another program holds").await;
    holder.release();
    // Tried again every 5 s: the warning goes and both jobs are written.
    run.tmux
        .wait_for("the warning gone", |s| {
            !s.contains("history not saved") && row_of(s, "aaaa0001").contains("in progress")
        })
        .await;
    let _ = quit(run).await;
    let file = HistoryFile::open_existing(&history).unwrap_or_else(|error| panic!("{error}"));
    for id in [RUNNING, READY] {
        let job = file
            .job(&orders(), id)
            .unwrap_or_else(|error| panic!("{error}"));
        assert!(job.is_some(), "{id} written once the lock was released");
    }
}
