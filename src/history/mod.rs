//! The restore history: an embedded SQLite file that remembers every job
//! the dashboard saw and every status change it observed, across restarts,
//! which neither Atlas (no `createdAt`, no time of failure, nothing once a
//! job leaves its list) nor any other tool keeps.
//!
//! Cost follows change: [`HistoryFile::record`] compares a cluster's jobs
//! with what the file holds (kept in memory as statuses and hashes) and
//! writes only what changed, in one transaction; an unchanged answer writes
//! nothing. The file is created readable by its owner only (it holds the
//! jobs as Atlas sent them, delivery URLs included), in WAL mode with a
//! busy timeout, so two dashboards can share it.

mod durations;
mod error;
mod plan;
mod recall;
mod schema;
mod view;
mod write;

use std::collections::HashMap;
use std::path::Path;
use std::time::Duration;

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, params};

use crate::atlas::model::Text;
use crate::atlas::{JobStatus, Target};
pub use durations::{
    DurationStats, Durations, Estimate, MIN_SAMPLES, Samples, WINDOW, duration_of, samples_of,
};
pub use error::{HistoryError, HistoryErrorKind};
use plan::{Plan, hash};
pub use recall::{NoticeEvent, NoticeKey};
pub use view::{HistoryState, HistoryView, PastJob};

/// How long a write waits for another dashboard holding the file.
const BUSY_TIMEOUT: Duration = Duration::from_secs(2);

/// One job as a poll listed it.
#[derive(Debug, Clone, Copy)]
pub struct Observed<'a> {
    pub job_id: &'a str,
    /// Its status at the poll.
    pub status: JobStatus,
    /// The job's JSON as Atlas sent it.
    pub raw: &'a str,
    /// Atlas's own time of the status, where it has one (`finishedAt` for a
    /// finished, failed or cancelled job, `expiresAt` for an expired link).
    pub atlas_at: Option<DateTime<Utc>>,
}

/// A status change the history holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transition {
    pub target: Target,
    pub job_id: String,
    /// `None`: the job was new.
    pub from: Option<JobStatus>,
    pub to: JobStatus,
    pub observed_at: DateTime<Utc>,
    pub atlas_at: Option<DateTime<Utc>>,
}

/// What one [`HistoryFile::record`] wrote.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Recorded {
    /// New jobs and status changes, in the order of the poll's list.
    pub transitions: Vec<Transition>,
    /// Jobs whose text changed with no status change.
    pub updated: usize,
    /// Jobs that left Atlas's list.
    pub gone: usize,
    /// Jobs listed again after they had left it.
    pub returned: usize,
    /// The file held no job of this cluster before: its transitions are
    /// the first sight of it, not news.
    pub new_cluster: bool,
}

impl Recorded {
    /// Whether anything was written.
    pub fn wrote(&self) -> bool {
        !self.transitions.is_empty() || self.updated > 0 || self.gone > 0
    }
}

/// What the file holds of a job, kept in memory to compare polls with.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Known {
    pub(crate) status: JobStatus,
    pub(crate) raw_hash: u64,
    pub(crate) gone: bool,
}

/// An open history file.
pub struct HistoryFile {
    connection: Connection,
    /// Per cluster, its jobs as the file holds them; read from the file the
    /// first time the cluster is recorded.
    /// (Ids are kept inline: an ObjectId's 24 characters need no heap.)
    known: HashMap<Target, HashMap<Text, Known>>,
}

impl HistoryFile {
    /// Opens the file at `path`, creating it (readable by its owner only)
    /// and its schema when missing, migrating an older one.
    pub fn open(path: &Path) -> Result<HistoryFile, HistoryError> {
        create_private(path)?;
        let mut connection = Connection::open(path)?;
        connection.busy_timeout(BUSY_TIMEOUT)?;
        let mode: String =
            connection.query_row("PRAGMA journal_mode = WAL", [], |row| row.get(0))?;
        if !mode.eq_ignore_ascii_case("wal") {
            tracing::debug!(target: "atlas_restores::history", mode, "WAL mode refused");
        }
        connection.pragma_update(None, "synchronous", "NORMAL")?;
        schema::migrate(&mut connection)?;
        Ok(HistoryFile {
            connection,
            known: HashMap::new(),
        })
    }

    /// Opens the file at `path` to read it; a missing file is an error,
    /// never created.
    pub fn open_existing(path: &Path) -> Result<HistoryFile, HistoryError> {
        if !path.exists() {
            return Err(HistoryError::other(format!(
                "no history at {} yet: the dashboard writes it",
                path.display()
            )));
        }
        HistoryFile::open(path)
    }

    /// Every job first seen at or after `since`, as Atlas last sent it, of
    /// the `clusters` given (all when empty); a text that is no longer a
    /// job is skipped.
    pub fn jobs_since(
        &self,
        since: DateTime<Utc>,
        clusters: &[Target],
    ) -> Result<Vec<(Target, crate::atlas::RestoreJob)>, HistoryError> {
        let mut statement = self.connection.prepare_cached(
            "SELECT group_id, cluster, raw FROM jobs WHERE first_seen >= ?1
             ORDER BY group_id, cluster, job_id",
        )?;
        let rows = statement.query_map([since.timestamp()], |row| {
            Ok((
                Target::new(row.get::<_, String>(0)?, row.get::<_, String>(1)?),
                row.get::<_, String>(2)?,
            ))
        })?;
        let mut jobs = Vec::new();
        for row in rows {
            let (target, raw) = row?;
            if !clusters.is_empty() && !clusters.contains(&target) {
                continue;
            }
            if let Some(job) = stored_job(&raw) {
                jobs.push((target, job));
            }
        }
        Ok(jobs)
    }

    /// Records that a poll at `at` listed `jobs` for `target`: new jobs,
    /// status changes and changed texts are written, jobs no longer listed
    /// are marked gone; nothing is written when nothing changed.
    pub fn record(
        &mut self,
        target: &Target,
        jobs: &[Observed<'_>],
        at: DateTime<Utc>,
    ) -> Result<Recorded, HistoryError> {
        if !self.known.contains_key(target) {
            let known = self.read_known(target)?;
            self.known.insert(target.clone(), known);
        }
        let Some(known) = self.known.get(target) else {
            return Ok(Recorded::default());
        };
        let new_cluster = known.is_empty();
        let plan = Plan::of(target, known, jobs, at);
        if plan.is_empty() {
            return Ok(Recorded {
                new_cluster,
                ..Recorded::default()
            });
        }
        let transitions = self.write(target, &plan, at)?;
        let known = self.known.entry(target.clone()).or_default();
        for (job, hash) in &plan.upserts {
            known.insert(
                Text::from(job.job_id),
                Known {
                    status: job.status,
                    raw_hash: *hash,
                    gone: false,
                },
            );
        }
        for id in &plan.gone {
            if let Some(entry) = known.get_mut(id.as_str()) {
                entry.gone = true;
            }
        }
        Ok(Recorded {
            transitions,
            updated: plan.updated,
            gone: plan.gone.len(),
            returned: plan.returned,
            new_cluster,
        })
    }

    /// The transitions observed at or after `since`, oldest first, of the
    /// `clusters` given (all when empty).
    pub fn transitions(
        &self,
        since: DateTime<Utc>,
        clusters: &[Target],
    ) -> Result<Vec<Transition>, HistoryError> {
        let mut statement = self.connection.prepare_cached(
            "SELECT group_id, cluster, job_id, from_status, to_status, observed_at, atlas_at
             FROM transitions WHERE observed_at >= ?1 ORDER BY observed_at, id",
        )?;
        let rows = statement.query_map([since.timestamp()], |row| {
            Ok((
                Target::new(row.get::<_, String>(0)?, row.get::<_, String>(1)?),
                row.get::<_, String>(2)?,
                row.get::<_, Option<String>>(3)?,
                row.get::<_, String>(4)?,
                row.get::<_, i64>(5)?,
                row.get::<_, Option<i64>>(6)?,
            ))
        })?;
        let mut transitions = Vec::new();
        for row in rows {
            let (target, job_id, from, to, observed_at, atlas_at) = row?;
            if !clusters.is_empty() && !clusters.contains(&target) {
                continue;
            }
            let (Some(to), Some(observed_at)) = (status_named(&to), time(observed_at)) else {
                continue;
            };
            transitions.push(Transition {
                target,
                job_id,
                from: from.as_deref().and_then(status_named),
                to,
                observed_at,
                atlas_at: atlas_at.and_then(time),
            });
        }
        Ok(transitions)
    }

    /// The job `job_id` of `target` as the file holds it: its status, the
    /// JSON Atlas last sent, and whether it left Atlas's list.
    pub fn job(&self, target: &Target, job_id: &str) -> Result<Option<StoredJob>, HistoryError> {
        let job = self
            .connection
            .query_row(
                "SELECT status, raw, first_seen, last_seen, gone_at FROM jobs
                 WHERE group_id = ?1 AND cluster = ?2 AND job_id = ?3",
                params![target.group_id, target.cluster_name, job_id],
                |row| {
                    Ok((
                        row.get::<_, String>(0)?,
                        row.get::<_, String>(1)?,
                        row.get::<_, i64>(2)?,
                        row.get::<_, i64>(3)?,
                        row.get::<_, Option<i64>>(4)?,
                    ))
                },
            )
            .optional()?;
        Ok(
            job.and_then(|(status, raw, first_seen, last_seen, gone_at)| {
                Some(StoredJob {
                    status: status_named(&status)?,
                    raw,
                    first_seen: time(first_seen)?,
                    last_seen: time(last_seen)?,
                    gone_at: gone_at.and_then(time),
                })
            }),
        )
    }

    fn read_known(&self, target: &Target) -> Result<HashMap<Text, Known>, HistoryError> {
        let mut statement = self.connection.prepare_cached(
            "SELECT job_id, status, raw, gone_at FROM jobs WHERE group_id = ?1 AND cluster = ?2",
        )?;
        let rows = statement.query_map(params![target.group_id, target.cluster_name], |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, String>(2)?,
                row.get::<_, Option<i64>>(3)?,
            ))
        })?;
        let mut known = HashMap::new();
        for row in rows {
            let (id, status, raw, gone_at) = row?;
            let Some(status) = status_named(&status) else {
                continue;
            };
            known.insert(
                Text::from(id),
                Known {
                    status,
                    raw_hash: hash(&raw),
                    gone: gone_at.is_some(),
                },
            );
        }
        Ok(known)
    }
}

/// A job as the history file holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredJob {
    pub status: JobStatus,
    pub raw: String,
    pub first_seen: DateTime<Utc>,
    pub last_seen: DateTime<Utc>,
    pub gone_at: Option<DateTime<Utc>>,
}

/// Creates `path` readable and writable by its owner only, if missing,
/// and its missing folders readable by their owner only.
fn create_private(path: &Path) -> Result<(), HistoryError> {
    if let Some(folder) = path
        .parent()
        .filter(|folder| !folder.as_os_str().is_empty())
    {
        let mut builder = std::fs::DirBuilder::new();
        builder.recursive(true);
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
        if let Err(error) = builder.create(folder) {
            return Err(HistoryError::io(folder, &error));
        }
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    match options.open(path) {
        Ok(_) => Ok(()),
        Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(error) => Err(HistoryError::io(path, &error)),
    }
}

/// A job as the file keeps it, read straight from its text (no JSON tree
/// in between: a dashboard reading back thousands keeps no garbage): a
/// Flex cluster's job (it alone has `instanceName`) through the Flex
/// reader; `None` for a text that is no longer a job.
fn stored_job(raw: &str) -> Option<crate::atlas::RestoreJob> {
    if raw.contains("\"instanceName\"") {
        let crate::atlas::Flex(job) = serde_json::from_str(raw).ok()?;
        Some(job)
    } else {
        serde_json::from_str(raw).ok()
    }
}

fn status_named(word: &str) -> Option<JobStatus> {
    JobStatus::ALL
        .into_iter()
        .find(|status| status.word() == word)
}

fn time(seconds: i64) -> Option<DateTime<Utc>> {
    DateTime::from_timestamp(seconds, 0)
}
