//! The sorted and filtered index of the job table: `(target, job)` positions
//! into [`StoreData`], with each job's sort keys and each target's status
//! counts kept. A changed target costs its own jobs plus one merge; a new
//! sort column one sort of kept keys; a reversal one reversal; a narrowing
//! filter keystroke one pass over the rows shown. Keys are taken at an
//! instant: when the clock passes a job's expiry, its target is keyed again
//! like a changed one ([`Index::advance`]).

mod keys;
mod order;
mod runs;

use chrono::{DateTime, Utc};

use crate::poller::store::StoreData;

use super::filter::{Filter, Query, TargetHits};
use super::sort::Sort;
use order::{Entry, Order};
use runs::{Counts, RowScope, TargetKeys};

/// How many narrowing steps of the filter Backspace can undo without a
/// rebuild (each keeps its rows: 32 bytes a row).
const NARROWED_KEPT: usize = 8;

/// A job's place in the store: index of its target, index in that target's jobs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct JobRef {
    pub target: usize,
    pub job: usize,
}

impl From<&Entry> for JobRef {
    fn from(entry: &Entry) -> JobRef {
        JobRef {
            target: entry.target as usize,
            job: entry.job as usize,
        }
    }
}

/// The table's rows over one store picture, and what keeps them cheap to
/// change.
#[derive(Debug, Default)]
pub struct Index {
    sort: Sort,
    /// Per target, in the store's target order.
    targets: Vec<TargetKeys>,
    /// Per target: its label's rank among all labels.
    cluster_ranks: Vec<u64>,
    /// The rows that pass the filter, in `sort` order.
    rows: Vec<Entry>,
    /// The rows before each narrowing keystroke of the filter, with the
    /// query they were for: Backspace goes back without a rebuild.
    narrowed: Vec<(Query, Vec<Entry>)>,
    counts: Counts,
    total: usize,
}

impl Index {
    /// Everything from scratch at `now`: every job's keys, the counts, the rows.
    pub fn build(
        data: &StoreData,
        labels: &[String],
        sort: Sort,
        filter: &Filter,
        now: DateTime<Utc>,
    ) -> Index {
        let targets: Vec<TargetKeys> = data
            .targets
            .iter()
            .map(|state| TargetKeys::of(&state.jobs, now))
            .collect();
        let mut counts = [0; 6];
        for target in &targets {
            runs::add_counts(&mut counts, &target.counts, true);
        }
        let mut index = Index {
            sort,
            total: targets.iter().map(|t| t.keys.len()).sum(),
            targets,
            cluster_ranks: cluster_ranks(labels),
            rows: Vec::new(),
            narrowed: Vec::new(),
            counts,
        };
        index.refilter(data, labels, filter);
        index
    }

    /// The clock moved to `now`: the targets with a job whose expiry has
    /// come are keyed again (a ready link turns expired, its expiry sorts
    /// among the expired ones). Returns whether any was.
    pub fn advance(
        &mut self,
        data: &StoreData,
        labels: &[String],
        filter: &Filter,
        now: DateTime<Utc>,
    ) -> bool {
        if self.valid_until().is_none_or(|at| at > now) {
            return false;
        }
        self.update(data, labels, &[], filter, now);
        true
    }

    /// The first instant at which [`Index::advance`] has work.
    pub fn valid_until(&self) -> Option<DateTime<Utc>> {
        self.targets.iter().filter_map(|t| t.valid_until).min()
    }

    /// Every ready job's expiry with its place in the store, per target
    /// soonest first, as keyed at the last update.
    pub fn live_links(&self) -> impl Iterator<Item = (DateTime<Utc>, JobRef)> + '_ {
        (self.targets.iter().enumerate()).flat_map(|(target, keys)| {
            keys.live_links.iter().map(move |&(at, job)| {
                (
                    at,
                    JobRef {
                        target,
                        job: job as usize,
                    },
                )
            })
        })
    }

    /// The targets at `changed` have new job lists (or a new project name);
    /// every other target, and every label, is as before. Those and the
    /// targets whose keys `now` has outdated are keyed at `now`.
    pub fn update(
        &mut self,
        data: &StoreData,
        labels: &[String],
        changed: &[usize],
        filter: &Filter,
        now: DateTime<Utc>,
    ) {
        let mut marks = vec![false; self.targets.len()];
        let outdated = (self.targets.iter().enumerate())
            .filter(|(_, keys)| keys.valid_until.is_some_and(|at| at <= now))
            .map(|(at, _)| at)
            .collect::<Vec<_>>();
        for &at in changed.iter().chain(&outdated) {
            if marks.get(at).copied().unwrap_or(true) {
                continue;
            }
            let (Some(state), Some(slot)) = (data.targets.get(at), self.targets.get_mut(at)) else {
                continue;
            };
            let new = TargetKeys::of(&state.jobs, now);
            runs::add_counts(&mut self.counts, &slot.counts, false);
            runs::add_counts(&mut self.counts, &new.counts, true);
            self.total = self.total.saturating_sub(slot.keys.len()) + new.keys.len();
            *slot = new;
            if let Some(mark) = marks.get_mut(at) {
                *mark = true;
            }
        }
        let order = Order::new(data, self.sort);
        self.rows = self.spliced(&self.rows, data, labels, filter, &marks, &order);
        let mut narrowed = std::mem::take(&mut self.narrowed);
        for (query, rows) in &mut narrowed {
            let level = filter.with_query(query);
            *rows = self.spliced(rows, data, labels, &level, &marks, &order);
        }
        self.narrowed = narrowed;
    }

    /// `rows` with the marked targets' rows made anew for `filter`.
    fn spliced(
        &self,
        rows: &[Entry],
        data: &StoreData,
        labels: &[String],
        filter: &Filter,
        marks: &[bool],
        order: &Order,
    ) -> Vec<Entry> {
        let scope = RowScope::new(data, labels, filter, self.sort.column, &self.cluster_ranks);
        let mut run = Vec::new();
        for (at, target) in self.targets.iter().enumerate() {
            if marks.get(at).copied().unwrap_or(false) {
                scope.push_rows(at, target, &mut run);
            }
        }
        order.sort(&mut run);
        runs::splice(rows, marks, &run, order)
    }

    /// The rows that pass `filter`, from the kept keys.
    pub fn refilter(&mut self, data: &StoreData, labels: &[String], filter: &Filter) {
        self.narrowed.clear();
        let scope = RowScope::new(data, labels, filter, self.sort.column, &self.cluster_ranks);
        let mut rows = Vec::new();
        for (at, target) in self.targets.iter().enumerate() {
            scope.push_rows(at, target, &mut rows);
        }
        Order::new(data, self.sort).sort(&mut rows);
        self.rows = rows;
    }

    /// The same rows in `sort` order: reversed when only the direction
    /// changes (the order is total), else sorted by the kept keys.
    pub fn set_sort(&mut self, data: &StoreData, sort: Sort) {
        if sort == self.sort {
            return;
        }
        let column_changed = sort.column != self.sort.column;
        self.sort = sort;
        if !column_changed {
            self.rows.reverse();
            for (_, rows) in &mut self.narrowed {
                rows.reverse();
            }
            return;
        }
        self.narrowed.clear();
        for entry in &mut self.rows {
            let keys = self.targets.get(entry.target as usize);
            let key = keys.and_then(|t| t.keys.get(entry.job as usize));
            let rank = self.cluster_ranks.get(entry.target as usize);
            if let Some(key) = key {
                entry.primary = key.primary(sort.column, rank.copied().unwrap_or(0));
            }
        }
        Order::new(data, sort).sort(&mut self.rows);
    }

    /// A stricter query (`filter`'s, which narrows `before`): the rows
    /// that still pass, in the same order, keeping the wider rows.
    pub fn narrow(&mut self, data: &StoreData, labels: &[String], filter: &Filter, before: Query) {
        let matcher = filter.matcher(data);
        let target_hits: Vec<TargetHits> = (data.targets.iter().enumerate())
            .map(|(at, state)| {
                let label = labels.get(at).map_or("", String::as_str);
                matcher.target_hits(state, label)
            })
            .collect();
        let narrowed = self
            .rows
            .iter()
            .copied()
            .filter(|entry| {
                let target = entry.target as usize;
                let state = data.targets.get(target);
                let job = state.and_then(|s| s.jobs.get(entry.job as usize));
                let hits = target_hits.get(target).copied().unwrap_or_default();
                let status = self.status_of(entry);
                let passes = |(job, status)| matcher.passes(target, hits, job, status);
                job.zip(status).is_some_and(passes)
            })
            .collect();
        let wider = std::mem::replace(&mut self.rows, narrowed);
        if self.narrowed.len() == NARROWED_KEPT {
            self.narrowed.remove(0);
        }
        self.narrowed.push((before, wider));
    }

    /// Back to the rows kept for `query`, when they were kept.
    pub fn widen(&mut self, query: &Query) -> bool {
        if self.narrowed.last().is_none_or(|(kept, _)| kept != query) {
            return false;
        }
        if let Some((_, wider)) = self.narrowed.pop() {
            self.rows = wider;
        }
        true
    }

    pub fn sort(&self) -> Sort {
        self.sort
    }

    /// The status of an entry's job as keyed.
    fn status_of(&self, entry: &Entry) -> Option<crate::atlas::JobStatus> {
        let keys = self.targets.get(entry.target as usize)?;
        keys.keys.get(entry.job as usize).map(|key| key.status)
    }

    /// How many rows pass the filter.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// The row at `row`.
    pub fn get(&self, row: usize) -> Option<JobRef> {
        self.rows.get(row).map(JobRef::from)
    }

    /// The rows of `range` (clamped), in table order.
    pub fn rows_in(&self, range: std::ops::Range<usize>) -> impl Iterator<Item = JobRef> + '_ {
        let range = range.start.min(self.rows.len())..range.end.min(self.rows.len());
        self.rows
            .get(range)
            .unwrap_or_default()
            .iter()
            .map(JobRef::from)
    }

    /// Every row, in table order.
    pub fn refs(&self) -> impl Iterator<Item = JobRef> + '_ {
        self.rows.iter().map(JobRef::from)
    }

    /// Jobs per status over the whole store, in [`crate::atlas::JobStatus::ALL`] order.
    pub fn counts(&self) -> Counts {
        self.counts
    }

    /// How many jobs the store holds over all targets.
    pub fn total(&self) -> usize {
        self.total
    }
}

/// Each label's rank among the distinct labels, in label order.
fn cluster_ranks(labels: &[String]) -> Vec<u64> {
    let mut sorted: Vec<&str> = labels.iter().map(String::as_str).collect();
    sorted.sort_unstable();
    sorted.dedup();
    labels
        .iter()
        .map(|label| {
            let rank = sorted.binary_search(&label.as_str()).unwrap_or(0);
            u64::try_from(rank).unwrap_or(u64::MAX)
        })
        .collect()
}
