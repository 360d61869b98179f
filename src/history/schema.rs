//! The history file's schema, versioned by SQLite's `user_version`: each
//! migration takes the file one version up, inside one transaction, so a
//! file is always at a version this program knows or is refused whole.

use rusqlite::{Connection, TransactionBehavior};

use super::error::HistoryError;

/// The version this program writes.
pub const VERSION: i64 = MIGRATIONS.len() as i64;

/// Migration `n` takes a file from version `n` to `n + 1`.
const MIGRATIONS: [&str; 2] = [
    // 1: every job seen and every status transition observed.
    "CREATE TABLE jobs (
         group_id   TEXT NOT NULL,
         cluster    TEXT NOT NULL,
         job_id     TEXT NOT NULL,
         first_seen INTEGER NOT NULL,  -- unix seconds
         last_seen  INTEGER NOT NULL,  -- the last poll that listed it, written on change
         status     TEXT NOT NULL,     -- as last observed: 'in progress', 'ready', ...
         raw        TEXT NOT NULL,     -- the job's JSON as Atlas last sent it
         gone_at    INTEGER,           -- when it left Atlas's list, if it did
         PRIMARY KEY (group_id, cluster, job_id)
     ) WITHOUT ROWID;
     CREATE TABLE transitions (
         id          INTEGER PRIMARY KEY,
         group_id    TEXT NOT NULL,
         cluster     TEXT NOT NULL,
         job_id      TEXT NOT NULL,
         from_status TEXT,             -- NULL: the job was new
         to_status   TEXT NOT NULL,
         observed_at INTEGER NOT NULL, -- when this dashboard saw it
         atlas_at    INTEGER           -- Atlas's own time of it (finishedAt, expiresAt)
     );
     CREATE INDEX transitions_by_time ON transitions (observed_at);",
    // 2: the notifications sent, so that a restarted dashboard does not
    // send them again; jobs gone from Atlas's lists found by time.
    "CREATE TABLE notified (
         group_id TEXT NOT NULL,
         cluster  TEXT NOT NULL,
         job_id   TEXT NOT NULL,
         event    TEXT NOT NULL,      -- 'finished', 'ready', 'failed', 'expiring'
         sent_at  INTEGER NOT NULL,  -- unix seconds
         PRIMARY KEY (group_id, cluster, job_id, event)
     ) WITHOUT ROWID;
     CREATE INDEX jobs_gone ON jobs (gone_at) WHERE gone_at IS NOT NULL;",
];

/// Brings the file on `connection` to [`VERSION`]; refuses a file written
/// by a newer program. Each step reads the version inside a write
/// transaction, so two dashboards opening a new file at once migrate it
/// once (the second waits, then finds it done).
pub fn migrate(connection: &mut Connection) -> Result<(), HistoryError> {
    loop {
        let transaction = connection.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let found: i64 = transaction.query_row("PRAGMA user_version", [], |row| row.get(0))?;
        if found > VERSION {
            return Err(HistoryError::newer(found, VERSION));
        }
        let Some(sql) = usize::try_from(found)
            .ok()
            .and_then(|at| MIGRATIONS.get(at))
        else {
            transaction.commit()?;
            return Ok(());
        };
        transaction.execute_batch(sql)?;
        transaction.pragma_update(None, "user_version", found + 1)?;
        transaction.commit()?;
    }
}
