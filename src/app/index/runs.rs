//! One target's part of the index: its jobs' keys and status counts, kept
//! until its job list changes; its rows that pass the filter; and the merge
//! that puts changed targets' rows back into the sorted index.

use chrono::{DateTime, Utc};

use super::keys::JobKeys;
use super::order::{Entry, Order};
use crate::app::filter::{Filter, Matcher};
use crate::app::sort::SortColumn;
use crate::atlas::{JobStatus, RestoreJob};
use crate::poller::store::StoreData;

/// Jobs per status, in [`JobStatus::ALL`] order.
pub(super) type Counts = [usize; 6];

/// The keys of every job of one target at one instant, in the target's job
/// order; how many jobs it has of each status; its live download links;
/// and until when all that holds.
#[derive(Debug, Clone, Default)]
pub(super) struct TargetKeys {
    pub keys: Vec<JobKeys>,
    pub counts: Counts,
    /// The ready jobs' expiries with their places, soonest first.
    pub live_links: Vec<(DateTime<Utc>, u32)>,
    /// The first instant at which some job's keys change (its expiry).
    pub valid_until: Option<DateTime<Utc>>,
}

impl TargetKeys {
    pub fn of(jobs: &[RestoreJob], now: DateTime<Utc>) -> TargetKeys {
        let keys: Vec<JobKeys> = jobs.iter().map(|job| JobKeys::of(job, now)).collect();
        let mut counts = [0; 6];
        for key in &keys {
            if let Some(count) = slot_of(key.status).and_then(|at| counts.get_mut(at)) {
                *count += 1;
            }
        }
        let mut live_links: Vec<(DateTime<Utc>, u32)> = (jobs.iter().zip(&keys).enumerate())
            .filter(|(_, (_, key))| key.status == JobStatus::Ready)
            .filter_map(|(at, (job, _))| {
                let at = u32::try_from(at).ok()?;
                Some((job.expires_at?, at))
            })
            .collect();
        live_links.sort_unstable();
        let valid_until = jobs
            .iter()
            .filter_map(|job| JobKeys::valid_until(job, now))
            .min();
        TargetKeys {
            keys,
            counts,
            live_links,
            valid_until,
        }
    }
}

fn slot_of(status: JobStatus) -> Option<usize> {
    JobStatus::ALL.iter().position(|s| *s == status)
}

/// What deciding a target's rows needs besides the target: the store, the
/// labels, the filter and the sort column with each target's cluster rank.
pub(super) struct RowScope<'a> {
    pub data: &'a StoreData,
    pub labels: &'a [String],
    pub matcher: Matcher,
    pub column: SortColumn,
    pub cluster_ranks: &'a [u64],
}

impl<'a> RowScope<'a> {
    pub fn new(
        data: &'a StoreData,
        labels: &'a [String],
        filter: &'a Filter,
        column: SortColumn,
        cluster_ranks: &'a [u64],
    ) -> RowScope<'a> {
        RowScope {
            data,
            labels,
            matcher: filter.matcher(data),
            column,
            cluster_ranks,
        }
    }

    /// Pushes the rows of target `target` (whose keys are `keys`) that pass
    /// the filter (or are the job it keeps in view) onto `out`, in job order.
    pub fn push_rows(&self, target: usize, keys: &TargetKeys, out: &mut Vec<Entry>) {
        let Some(state) = self.data.targets.get(target) else {
            return;
        };
        let label = self.labels.get(target).map_or("", String::as_str);
        let rank = self.cluster_ranks.get(target).copied().unwrap_or(0);
        let at_target = u32::try_from(target).unwrap_or(u32::MAX);
        let all = self.matcher.passes_all();
        let target_hits = self.matcher.target_hits(state, label);
        if !self.matcher.may_pass_any(target, target_hits) {
            return;
        }
        for (job_at, (job, key)) in state.jobs.iter().zip(&keys.keys).enumerate() {
            if !all && !self.matcher.passes(target, target_hits, job, key.status) {
                continue;
            }
            let at_job = u32::try_from(job_at).unwrap_or(u32::MAX);
            out.push(Entry::new(key, self.column, rank, (at_target, at_job)));
        }
    }
}

/// `rows` (sorted in `order`) without the rows of the targets marked in
/// `changed`, merged with `run` (sorted in `order`): one linear pass.
pub(super) fn splice(rows: &[Entry], changed: &[bool], run: &[Entry], order: &Order) -> Vec<Entry> {
    let is_changed = |e: &Entry| changed.get(e.target as usize).copied().unwrap_or(false);
    let mut merged = Vec::with_capacity(rows.len() + run.len());
    let mut kept = rows.iter().filter(|e| !is_changed(e)).peekable();
    let mut new = run.iter().peekable();
    loop {
        let next = match (kept.peek(), new.peek()) {
            (Some(a), Some(b)) => {
                if order.cmp(a, b).is_le() {
                    kept.next()
                } else {
                    new.next()
                }
            }
            (Some(_), None) => kept.next(),
            (None, Some(_)) => new.next(),
            (None, None) => break,
        };
        if let Some(entry) = next {
            merged.push(*entry);
        }
    }
    merged
}

/// Adds `counts` to `total` (or takes them away).
pub(super) fn add_counts(total: &mut Counts, counts: &Counts, add: bool) {
    for (sum, count) in total.iter_mut().zip(counts) {
        *sum = if add {
            sum.saturating_add(*count)
        } else {
            sum.saturating_sub(*count)
        };
    }
}
