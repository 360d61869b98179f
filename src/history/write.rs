//! Writing one poll's changes to the file, in one transaction that holds
//! the write lock from the start: a change another dashboard on the same
//! file wrote already is not written twice.

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, TransactionBehavior, params};

use super::plan::Plan;
use super::{HistoryError, HistoryFile, Transition};
use crate::atlas::{JobStatus, Target};

impl HistoryFile {
    /// Writes `plan` for `target` at `at`; the transitions written (those
    /// no other dashboard wrote first).
    pub(super) fn write(
        &mut self,
        target: &Target,
        plan: &Plan<'_>,
        at: DateTime<Utc>,
    ) -> Result<Vec<Transition>, HistoryError> {
        let (group, cluster, now) = (&target.group_id, &target.cluster_name, at.timestamp());
        let transaction = self
            .connection
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut written = Vec::with_capacity(plan.transitions.len());
        {
            // A cluster the file holds nothing of (the first write of an
            // organisation's jobs) needs no look at each job.
            let held_any: bool = transaction
                .prepare_cached(
                    "SELECT EXISTS (SELECT 1 FROM jobs WHERE group_id = ?1 AND cluster = ?2)",
                )?
                .query_row(params![group, cluster], |row| row.get(0))?;
            let mut status = transaction.prepare_cached(
                "SELECT status FROM jobs WHERE group_id = ?1 AND cluster = ?2 AND job_id = ?3",
            )?;
            for change in &plan.transitions {
                let held: Option<String> = if held_any {
                    status
                        .query_row(params![group, cluster, change.job_id], |row| row.get(0))
                        .optional()?
                } else {
                    None
                };
                if held.as_deref() != Some(change.to.word()) {
                    written.push(change.clone());
                }
            }
            let mut upsert = transaction.prepare_cached(
                "INSERT INTO jobs (group_id, cluster, job_id, first_seen, last_seen, status, raw)
                 VALUES (?1, ?2, ?3, ?4, ?4, ?5, ?6)
                 ON CONFLICT (group_id, cluster, job_id) DO UPDATE SET
                     last_seen = excluded.last_seen, status = excluded.status,
                     raw = excluded.raw, gone_at = NULL",
            )?;
            for (job, _) in &plan.upserts {
                upsert.execute(params![
                    group,
                    cluster,
                    job.job_id,
                    now,
                    job.status.word(),
                    job.raw
                ])?;
            }
            let mut transition = transaction.prepare_cached(
                "INSERT INTO transitions
                     (group_id, cluster, job_id, from_status, to_status, observed_at, atlas_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?;
            for change in &written {
                transition.execute(params![
                    group,
                    cluster,
                    change.job_id,
                    change.from.map(JobStatus::word),
                    change.to.word(),
                    now,
                    change.atlas_at.map(|t| t.timestamp()),
                ])?;
            }
            let mut gone = transaction.prepare_cached(
                "UPDATE jobs SET gone_at = ?4 WHERE group_id = ?1 AND cluster = ?2 AND job_id = ?3",
            )?;
            for id in &plan.gone {
                gone.execute(params![group, cluster, id, now])?;
            }
        }
        transaction.commit()?;
        Ok(written)
    }
}
