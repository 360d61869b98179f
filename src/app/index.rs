//! The sorted and filtered index of the job table: `(target, job)` positions
//! into [`StoreData`], rebuilt only when the data, the sort or the filter
//! changes.

use std::cmp::Ordering;

use crate::atlas::RestoreJob;
use crate::store::StoreData;

use super::filter::Filter;
use super::sort::{Sort, SortColumn};

/// A job's place in the store: index of its target, index in that target's jobs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct JobRef {
    pub target: usize,
    pub job: usize,
}

/// What a row is sorted on, before the id breaks ties.
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
enum SortKey<'a> {
    Time(i64),
    Rank(u8),
    Text(&'a str),
}

/// The jobs of `data` that pass `filter`, in `sort` order.
pub fn build_index(
    data: &StoreData,
    labels: &[String],
    sort: Sort,
    filter: &Filter,
) -> Vec<JobRef> {
    let matcher = filter.matcher();
    let mut entries: Vec<(SortKey<'_>, &str, JobRef)> = Vec::new();
    for (target, state) in data.targets.iter().enumerate() {
        let label = labels.get(target).map_or("", String::as_str);
        for (job_at, job) in state.jobs.iter().enumerate() {
            if matcher.matches(state, label, job) {
                let key = sort_key(sort.column, label, job);
                entries.push((
                    key,
                    job.id.as_str(),
                    JobRef {
                        target,
                        job: job_at,
                    },
                ));
            }
        }
    }
    entries.sort_unstable_by(|a, b| {
        let order = compare(a, b);
        if sort.descending {
            order.reverse()
        } else {
            order
        }
    });
    entries.into_iter().map(|(_, _, at)| at).collect()
}

fn compare(a: &(SortKey<'_>, &str, JobRef), b: &(SortKey<'_>, &str, JobRef)) -> Ordering {
    a.0.cmp(&b.0).then(a.1.cmp(b.1)).then(a.2.cmp(&b.2))
}

fn sort_key<'a>(column: SortColumn, label: &'a str, job: &'a RestoreJob) -> SortKey<'a> {
    match column {
        // Unknown creation sorts as oldest, unknown expiry as latest.
        SortColumn::Created => SortKey::Time(job.created().map_or(i64::MIN, |t| t.timestamp())),
        SortColumn::Expires => SortKey::Time(job.expires_at.map_or(i64::MAX, |t| t.timestamp())),
        SortColumn::Status => SortKey::Rank(job.status() as u8),
        SortColumn::Cluster => SortKey::Text(label),
        SortColumn::Type => SortKey::Text(job.delivery_type.as_str()),
        SortColumn::Id => SortKey::Text(&job.id),
    }
}

/// How many jobs of each status `data` holds, in [`JobStatus::ALL`] order.
pub fn status_counts(data: &StoreData) -> [usize; 6] {
    let mut counts = [0; 6];
    for job in data.targets.iter().flat_map(|t| t.jobs.iter()) {
        let status = job.status();
        if let Some(at) = crate::atlas::JobStatus::ALL
            .iter()
            .position(|s| *s == status)
            && let Some(count) = counts.get_mut(at)
        {
            *count += 1;
        }
    }
    counts
}
