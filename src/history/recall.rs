//! What a running dashboard reads back from the history file: the jobs
//! that left Atlas's lists, and the notifications already sent (so that a
//! restarted dashboard does not send them again).

use chrono::{DateTime, Utc};
use rusqlite::params;

use super::view::PastJob;
use super::{HistoryError, HistoryFile, stored_job, time};
use crate::atlas::Target;

/// What a notification announced about a job.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NoticeEvent {
    Finished,
    Ready,
    Failed,
    /// Its download link expires soon.
    Expiring,
}

impl NoticeEvent {
    const ALL: [NoticeEvent; 4] = [
        NoticeEvent::Finished,
        NoticeEvent::Ready,
        NoticeEvent::Failed,
        NoticeEvent::Expiring,
    ];

    /// How the file names it.
    pub fn word(self) -> &'static str {
        match self {
            NoticeEvent::Finished => "finished",
            NoticeEvent::Ready => "ready",
            NoticeEvent::Failed => "failed",
            NoticeEvent::Expiring => "expiring",
        }
    }

    fn named(word: &str) -> Option<NoticeEvent> {
        NoticeEvent::ALL
            .into_iter()
            .find(|event| event.word() == word)
    }
}

/// The jobs of `rows` (cluster, text, when it left), read one at a time so
/// that no more than one text is held; a text that is no longer a job is
/// skipped.
fn past_jobs(
    rows: impl Iterator<Item = rusqlite::Result<(Target, String, i64)>>,
) -> Result<Vec<PastJob>, HistoryError> {
    let mut gone = Vec::new();
    for row in rows {
        let (target, raw, gone_at) = row?;
        if let (Some(job), Some(gone_at)) = (stored_job(&raw), time(gone_at)) {
            gone.push(PastJob {
                target,
                job,
                gone_at,
            });
        }
    }
    Ok(gone)
}

/// One notification: which job, and what it said.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct NoticeKey {
    pub target: Target,
    pub job_id: String,
    pub event: NoticeEvent,
}

impl HistoryFile {
    /// The jobs that left Atlas's list at or after `since`, of `target`
    /// only when given, as Atlas last sent them, oldest first; a text that
    /// is no longer a job is skipped.
    pub fn gone_since(
        &self,
        since: DateTime<Utc>,
        target: Option<&Target>,
    ) -> Result<Vec<PastJob>, HistoryError> {
        let read = |row: &rusqlite::Row<'_>| {
            Ok((
                Target::new(row.get::<_, String>(0)?, row.get::<_, String>(1)?),
                row.get::<_, String>(2)?,
                row.get::<_, i64>(3)?,
            ))
        };
        // One cluster's by its key, every cluster's by the time they left.
        match target {
            Some(target) => self
                .connection
                .prepare_cached(
                    "SELECT group_id, cluster, raw, gone_at FROM jobs
                     WHERE group_id = ?1 AND cluster = ?2 AND gone_at >= ?3
                     ORDER BY gone_at, job_id",
                )?
                .query_map(
                    params![target.group_id, target.cluster_name, since.timestamp()],
                    read,
                )
                .map_err(HistoryError::from)
                .and_then(past_jobs),
            None => self
                .connection
                .prepare_cached(
                    "SELECT group_id, cluster, raw, gone_at FROM jobs WHERE gone_at >= ?1
                     ORDER BY gone_at, group_id, cluster, job_id",
                )?
                .query_map([since.timestamp()], read)
                .map_err(HistoryError::from)
                .and_then(past_jobs),
        }
    }
    /// The notifications sent at or after `since`.
    pub fn notified_since(&self, since: DateTime<Utc>) -> Result<Vec<NoticeKey>, HistoryError> {
        let mut statement = self.connection.prepare_cached(
            "SELECT group_id, cluster, job_id, event FROM notified WHERE sent_at >= ?1",
        )?;
        let rows = statement.query_map([since.timestamp()], |row| {
            Ok((
                Target::new(row.get::<_, String>(0)?, row.get::<_, String>(1)?),
                row.get::<_, String>(2)?,
                row.get::<_, String>(3)?,
            ))
        })?;
        let mut sent = Vec::new();
        for row in rows {
            let (target, job_id, event) = row?;
            if let Some(event) = NoticeEvent::named(&event) {
                sent.push(NoticeKey {
                    target,
                    job_id,
                    event,
                });
            }
        }
        Ok(sent)
    }

    /// Records that the notifications `sent` went out at `at`.
    pub fn record_notified(
        &mut self,
        sent: &[NoticeKey],
        at: DateTime<Utc>,
    ) -> Result<(), HistoryError> {
        let transaction = self.connection.transaction()?;
        {
            let mut insert = transaction.prepare_cached(
                "INSERT OR IGNORE INTO notified (group_id, cluster, job_id, event, sent_at)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )?;
            for key in sent {
                insert.execute(params![
                    key.target.group_id,
                    key.target.cluster_name,
                    key.job_id,
                    key.event.word(),
                    at.timestamp()
                ])?;
            }
        }
        transaction.commit()?;
        Ok(())
    }
}
