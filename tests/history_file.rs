//! The history file on a real SQLite file in a temporary folder: created
//! private, migrated from empty, written only on change, continuous across
//! restarts, and bad storage reported as what it is.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use atlas_restores::atlas::{JobStatus, Target};
use atlas_restores::history::{HistoryErrorKind, HistoryFile, NoticeEvent, NoticeKey, Observed};
use chrono::{DateTime, Utc};

fn at(seconds: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(1_800_000_000 + seconds, 0).expect("a valid time")
}

fn orders() -> Target {
    Target::new("5e2211c17a3e5a48f5497de3", "orders")
}

fn job<'a>(id: &'a str, status: JobStatus, raw: &'a str) -> Observed<'a> {
    Observed {
        job_id: id,
        status,
        raw,
        atlas_at: None,
    }
}

fn file_in(dir: &tempfile::TempDir) -> PathBuf {
    dir.path().join("history.sqlite3")
}

fn wal_size(path: &Path) -> u64 {
    let wal = path.with_extension("sqlite3-wal");
    std::fs::metadata(wal).map(|m| m.len()).unwrap_or(0)
}

#[test]
fn a_new_file_is_private_and_an_empty_one_is_given_the_schema() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let path = file_in(&dir);
    std::fs::write(&path, b"").expect("an empty file");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).expect("chmod");
    let mut history = HistoryFile::open(&path).expect("an empty file is migrated");
    let written = history
        .record(
            &orders(),
            &[job("a1", JobStatus::InProgress, r#"{"id":"a1"}"#)],
            at(0),
        )
        .expect("written");
    assert_eq!(written.transitions.len(), 1, "the new job is a transition");

    let dir2 = tempfile::tempdir().expect("a temp dir");
    let created = file_in(&dir2);
    let mut history = HistoryFile::open(&created).expect("created");
    history
        .record(
            &orders(),
            &[job(
                "a1",
                JobStatus::Ready,
                r#"{"deliveryUrl":["https://secret"]}"#,
            )],
            at(0),
        )
        .expect("written");
    for file in [created.clone(), created.with_extension("sqlite3-wal")] {
        let mode = std::fs::metadata(&file)
            .expect("exists")
            .permissions()
            .mode()
            & 0o777;
        assert_eq!(
            mode,
            0o600,
            "{} holds delivery URLs: owner only",
            file.display()
        );
    }
}

#[test]
fn an_unchanged_poll_writes_nothing_and_a_change_writes_only_itself() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let path = file_in(&dir);
    let mut history = HistoryFile::open(&path).expect("opened");
    let jobs = [
        job("a1", JobStatus::InProgress, r#"{"id":"a1"}"#),
        job("a2", JobStatus::Finished, r#"{"id":"a2","finishedAt":"x"}"#),
    ];
    let first = history.record(&orders(), &jobs, at(0)).expect("written");
    assert_eq!(first.transitions.len(), 2);
    let size = wal_size(&path);

    let again = history
        .record(&orders(), &jobs, at(30))
        .expect("nothing to write");
    assert!(!again.wrote(), "{again:?}");
    assert_eq!(
        wal_size(&path),
        size,
        "not one page written for an unchanged poll"
    );

    let changed = [
        job("a1", JobStatus::Ready, r#"{"id":"a1","deliveryUrl":["u"]}"#),
        job("a2", JobStatus::Finished, r#"{"id":"a2","finishedAt":"x"}"#),
    ];
    let second = history
        .record(&orders(), &changed, at(60))
        .expect("written");
    assert_eq!(second.transitions.len(), 1);
    let transition = &second.transitions[0];
    assert_eq!(
        (transition.from, transition.to),
        (Some(JobStatus::InProgress), JobStatus::Ready)
    );
    assert_eq!(transition.observed_at, at(60));
    let all = history.transitions(at(0), &[]).expect("read");
    assert_eq!(all.len(), 3, "two new jobs, one change: {all:?}");
}

#[test]
fn a_restarted_history_sees_what_changed_while_it_was_closed_and_what_left() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let path = file_in(&dir);
    {
        let mut history = HistoryFile::open(&path).expect("opened");
        let jobs = [
            job("a1", JobStatus::InProgress, r#"{"id":"a1"}"#),
            job("a2", JobStatus::Ready, r#"{"id":"a2"}"#),
        ];
        history.record(&orders(), &jobs, at(0)).expect("written");
    }
    let mut history = HistoryFile::open(&path).expect("reopened");
    let failed = Observed {
        atlas_at: Some(at(500)),
        ..job("a1", JobStatus::Failed, r#"{"id":"a1","failed":true}"#)
    };
    let recorded = history
        .record(&orders(), &[failed], at(900))
        .expect("written");
    assert_eq!(recorded.transitions.len(), 1, "{recorded:?}");
    let change = &recorded.transitions[0];
    assert_eq!(
        change.from,
        Some(JobStatus::InProgress),
        "from what the file held"
    );
    assert_eq!(change.to, JobStatus::Failed);
    assert_eq!(
        (change.observed_at, change.atlas_at),
        (at(900), Some(at(500)))
    );
    assert_eq!(recorded.gone, 1, "a2 left Atlas's list");
    let gone = history
        .job(&orders(), "a2")
        .expect("read")
        .expect("kept in history");
    assert_eq!(gone.gone_at, Some(at(900)));
    assert_eq!(gone.status, JobStatus::Ready, "as last seen");
    let kept = history.job(&orders(), "a1").expect("read").expect("kept");
    assert_eq!(
        kept.raw, r#"{"id":"a1","failed":true}"#,
        "the last JSON Atlas sent"
    );
    assert_eq!(kept.first_seen, at(0));
}

#[test]
fn a_file_that_is_not_a_database_is_reported_as_damaged() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let path = file_in(&dir);
    std::fs::write(&path, vec![b'x'; 8192]).expect("garbage");
    let error = HistoryFile::open(&path).err().expect("refused");
    assert_eq!(error.kind(), HistoryErrorKind::Corrupt, "{error}");
    assert!(error.to_string().contains("damaged"), "{error}");
}

#[test]
fn a_file_from_a_newer_program_is_refused_whole() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let path = file_in(&dir);
    let newer = rusqlite::Connection::open(&path).expect("sqlite");
    newer.pragma_update(None, "user_version", 99).expect("set");
    drop(newer);
    let error = HistoryFile::open(&path).err().expect("refused");
    assert_eq!(error.kind(), HistoryErrorKind::Newer, "{error}");
}

#[test]
fn a_file_another_program_holds_is_reported_as_locked_after_the_busy_timeout() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let path = file_in(&dir);
    let mut history = HistoryFile::open(&path).expect("opened");
    let other = rusqlite::Connection::open(&path).expect("a second connection");
    other
        .execute_batch("BEGIN IMMEDIATE")
        .expect("holds the write lock");
    let error = history
        .record(&orders(), &[job("a1", JobStatus::InProgress, "{}")], at(0))
        .expect_err("locked out");
    assert_eq!(error.kind(), HistoryErrorKind::Locked, "{error}");
    other.execute_batch("ROLLBACK").expect("released");
    let written = history
        .record(&orders(), &[job("a1", JobStatus::InProgress, "{}")], at(1))
        .expect("written once the other lets go");
    assert_eq!(
        written.transitions.len(),
        1,
        "nothing was lost: the job is still new"
    );
}

#[test]
fn a_version_1_file_is_migrated_and_keeps_what_it_held() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let path = file_in(&dir);
    {
        // The schema as version 1 wrote it, with one job.
        let old = rusqlite::Connection::open(&path).expect("a v1 file");
        old.execute_batch(
            "CREATE TABLE jobs (group_id TEXT NOT NULL, cluster TEXT NOT NULL, job_id TEXT NOT NULL,
                 first_seen INTEGER NOT NULL, last_seen INTEGER NOT NULL, status TEXT NOT NULL,
                 raw TEXT NOT NULL, gone_at INTEGER, PRIMARY KEY (group_id, cluster, job_id)) WITHOUT ROWID;
             CREATE TABLE transitions (id INTEGER PRIMARY KEY, group_id TEXT NOT NULL,
                 cluster TEXT NOT NULL, job_id TEXT NOT NULL, from_status TEXT,
                 to_status TEXT NOT NULL, observed_at INTEGER NOT NULL, atlas_at INTEGER);
             CREATE INDEX transitions_by_time ON transitions (observed_at);
             INSERT INTO jobs VALUES ('5e2211c17a3e5a48f5497de3', 'orders', 'a1', 1800000000,
                 1800000000, 'in progress', '{\"id\":\"a1\"}', NULL);
             PRAGMA user_version = 1;",
        )
        .expect("version 1 written");
    }
    let mut history = HistoryFile::open(&path).expect("migrated");
    let version: i64 = rusqlite::Connection::open(&path)
        .and_then(|c| c.query_row("PRAGMA user_version", [], |row| row.get(0)))
        .expect("a version");
    assert_eq!(version, 2);
    let changed = history
        .record(
            &orders(),
            &[job("a1", JobStatus::Failed, r#"{"id":"a1","failed":true}"#)],
            at(60),
        )
        .expect("written");
    assert_eq!(
        changed
            .transitions
            .iter()
            .map(|t| (t.from, t.to))
            .collect::<Vec<_>>(),
        [(Some(JobStatus::InProgress), JobStatus::Failed)],
        "the job version 1 held is known"
    );
    let sent = NoticeKey {
        target: orders(),
        job_id: "a1".into(),
        event: NoticeEvent::Failed,
    };
    history
        .record_notified(std::slice::from_ref(&sent), at(61))
        .expect("the new table");
    assert_eq!(history.notified_since(at(0)).expect("read"), [sent]);
    assert!(history.notified_since(at(62)).expect("read").is_empty());
}

#[test]
fn jobs_gone_from_the_list_are_read_back_with_when_they_went() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let mut history = HistoryFile::open(&file_in(&dir)).expect("opened");
    let listed = [
        job(
            "a1",
            JobStatus::Finished,
            r#"{"id":"a1","finishedAt":"2027-01-15T08:00:00Z"}"#,
        ),
        job("a2", JobStatus::InProgress, r#"{"id":"a2"}"#),
    ];
    history.record(&orders(), &listed, at(0)).expect("written");
    history
        .record(&orders(), &listed[1..], at(60))
        .expect("a1 gone");
    let gone = history.gone_since(at(0), None).expect("read");
    assert_eq!(gone.len(), 1);
    assert_eq!(
        (gone[0].job.id.as_str(), gone[0].gone_at, &gone[0].target),
        ("a1", at(60), &orders())
    );
    let other = Target::new("5e2211c17a3e5a48f5497de3", "billing");
    assert!(
        history
            .gone_since(at(0), Some(&other))
            .expect("read")
            .is_empty()
    );
    assert!(history.gone_since(at(61), None).expect("read").is_empty());
}

#[test]
fn two_dashboards_on_one_file_lose_nothing() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let path = file_in(&dir);
    let writers: Vec<_> = ["orders", "billing"]
        .into_iter()
        .map(|cluster| {
            let path = path.clone();
            std::thread::spawn(move || {
                let mut history = HistoryFile::open(&path).expect("opened");
                let target = Target::new("5e2211c17a3e5a48f5497de3", cluster);
                for n in 0..40 {
                    let status = if n % 2 == 0 {
                        JobStatus::InProgress
                    } else {
                        JobStatus::Failed
                    };
                    let raw = format!(r#"{{"id":"a1","n":{n}}}"#);
                    history
                        .record(&target, &[job("a1", status, &raw)], at(n))
                        .expect("written despite the other dashboard");
                }
            })
        })
        .collect();
    for writer in writers {
        writer.join().expect("a writer finished");
    }
    let history = HistoryFile::open_existing(&path).expect("opened");
    let all = history.transitions(at(0), &[]).expect("read");
    assert_eq!(all.len(), 80, "40 changes of each cluster");
}

#[test]
fn a_change_another_dashboard_wrote_first_is_not_written_twice() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let path = file_in(&dir);
    let mut first = HistoryFile::open(&path).expect("opened");
    let mut second = HistoryFile::open(&path).expect("opened again");
    let running = [job("a1", JobStatus::InProgress, r#"{"id":"a1"}"#)];
    first.record(&orders(), &running, at(0)).expect("written");
    let seen = second.record(&orders(), &running, at(1)).expect("written");
    assert!(seen.transitions.is_empty(), "the first wrote it: {seen:?}");
    let failed = [job("a1", JobStatus::Failed, r#"{"id":"a1","failed":true}"#)];
    first.record(&orders(), &failed, at(60)).expect("written");
    let seen = second.record(&orders(), &failed, at(61)).expect("written");
    assert!(seen.transitions.is_empty(), "the first wrote it: {seen:?}");
    let all = first.transitions(at(0), &[]).expect("read");
    assert_eq!(
        all.iter().map(|t| (t.from, t.to)).collect::<Vec<_>>(),
        [
            (None, JobStatus::InProgress),
            (Some(JobStatus::InProgress), JobStatus::Failed)
        ]
    );
}

#[test]
fn a_flex_job_read_back_keeps_its_flex_status_and_times() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let mut history = HistoryFile::open(&file_in(&dir)).expect("opened");
    let raw = r#"{"id":"65600005aaaaaaaaaaaa0005","deliveryType":"RESTORE","status":"COMPLETED",
        "restoreFinishedDate":"2027-01-15T08:00:00Z","instanceName":"sandbox",
        "targetDeploymentItemName":"sandbox-copy"}"#;
    let flex = [job("65600005aaaaaaaaaaaa0005", JobStatus::Finished, raw)];
    history.record(&orders(), &flex, at(0)).expect("written");
    history.record(&orders(), &[], at(60)).expect("gone");
    let gone = history.gone_since(at(0), None).expect("read");
    let job = &gone.first().expect("the job").job;
    assert_eq!(job.status(), JobStatus::Finished, "{job:?}");
    assert!(
        job.finished_at.is_some(),
        "restoreFinishedDate read: {job:?}"
    );
    assert_eq!(job.kind(), atlas_restores::atlas::ClusterKind::Flex);
}
