//! The history file on a real SQLite file in a temporary folder: created
//! private, migrated from empty, written only on change, continuous across
//! restarts, and bad storage reported as what it is.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use atlas_restores::atlas::{JobStatus, Target};
use atlas_restores::history::{HistoryErrorKind, HistoryFile, Observed};
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
