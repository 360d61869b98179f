//! The sorted and filtered index of the job table: `(target, job)` positions
//! into [`StoreData`], rebuilt only when the data, the sort or the filter
//! changes.

use crate::atlas::RestoreJob;
use crate::poller::store::StoreData;

use super::filter::Filter;
use super::sort::{Sort, SortColumn};

/// A job's place in the store: index of its target, index in that target's jobs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct JobRef {
    pub target: usize,
    pub job: usize,
}

/// One row's sort key: the column's value as an order-preserving integer,
/// then the id as a number when it is an ObjectId (which orders like its
/// lowercase hex text), then the row's place in `refs`. Small and plain, so
/// that sorting 100,000 rows moves little memory and compares no text.
type Entry = (u64, u128, u32);

/// The jobs of `data` that pass `filter`, in `sort` order.
pub fn build_index(
    data: &StoreData,
    labels: &[String],
    sort: Sort,
    filter: &Filter,
) -> Vec<JobRef> {
    let matcher = filter.matcher();
    let ranks = TextRanks::new(data, labels, sort.column);
    let mut refs: Vec<JobRef> = Vec::new();
    let mut entries: Vec<Entry> = Vec::new();
    for (target, state) in data.targets.iter().enumerate() {
        let label = labels.get(target).map_or("", String::as_str);
        for (job_at, job) in state.jobs.iter().enumerate() {
            if matcher.matches(state, label, job) {
                let place = u32::try_from(refs.len()).unwrap_or(u32::MAX);
                entries.push((
                    primary_key(sort.column, &ranks, target, job),
                    id_number(&job.id),
                    place,
                ));
                refs.push(JobRef {
                    target,
                    job: job_at,
                });
            }
        }
    }
    let id_of = |place: u32| -> &str {
        let at = refs.get(place as usize);
        let job = at.and_then(|at| data.targets.get(at.target)?.jobs.get(at.job));
        job.map_or("", |job| job.id.as_str())
    };
    entries.sort_unstable_by(|a, b| {
        let order = a.0.cmp(&b.0).then(a.1.cmp(&b.1)).then_with(|| {
            // Ids that are not ObjectIds: by their text, then by place.
            let by_text = if a.1 == u128::MAX {
                id_of(a.2).cmp(id_of(b.2))
            } else {
                std::cmp::Ordering::Equal
            };
            by_text.then(a.2.cmp(&b.2))
        });
        if sort.descending {
            order.reverse()
        } else {
            order
        }
    });
    entries
        .iter()
        .filter_map(|(_, _, place)| refs.get(*place as usize).copied())
        .collect()
}

/// The rows of `index` that pass `filter`, in the same order: typing one
/// more character of a filter only narrows, so it needs no new sort.
pub fn narrow_index(
    data: &StoreData,
    labels: &[String],
    index: &[JobRef],
    filter: &Filter,
) -> Vec<JobRef> {
    let matcher = filter.matcher();
    index
        .iter()
        .copied()
        .filter(|at| {
            let state = data.targets.get(at.target);
            let job = state.and_then(|s| s.jobs.get(at.job));
            let label = labels.get(at.target).map_or("", String::as_str);
            matches!((state, job), (Some(state), Some(job)) if matcher.matches(state, label, job))
        })
        .collect()
}

/// Ranks of the few distinct texts a text column holds (cluster labels,
/// delivery types), so that rows compare as integers.
struct TextRanks {
    labels: Vec<u64>,
    types: std::collections::HashMap<String, u64>,
}

impl TextRanks {
    fn new(data: &StoreData, labels: &[String], column: SortColumn) -> TextRanks {
        let rank_of =
            |texts: std::collections::BTreeSet<&str>| -> std::collections::HashMap<String, u64> {
                texts
                    .into_iter()
                    .zip(0u64..)
                    .map(|(text, rank)| (text.to_string(), rank))
                    .collect()
            };
        let mut ranks = TextRanks {
            labels: Vec::new(),
            types: std::collections::HashMap::new(),
        };
        match column {
            SortColumn::Cluster => {
                let by_text = rank_of(labels.iter().map(String::as_str).collect());
                ranks.labels = labels
                    .iter()
                    .map(|l| by_text.get(l).copied().unwrap_or(0))
                    .collect();
            }
            SortColumn::Type => {
                let types = data
                    .targets
                    .iter()
                    .flat_map(|t| t.jobs.iter())
                    .map(|j| j.delivery_type.as_str())
                    .collect();
                ranks.types = rank_of(types);
            }
            _ => {}
        }
        ranks
    }
}

fn primary_key(column: SortColumn, ranks: &TextRanks, target: usize, job: &RestoreJob) -> u64 {
    match column {
        // Unknown creation sorts as oldest, unknown expiry as latest.
        SortColumn::Created => ordered(job.created().map_or(i64::MIN, |t| t.timestamp())),
        SortColumn::Expires => ordered(job.expires_at.map_or(i64::MAX, |t| t.timestamp())),
        SortColumn::Status => job.status() as u64,
        SortColumn::Cluster => ranks.labels.get(target).copied().unwrap_or(0),
        SortColumn::Type => ranks
            .types
            .get(job.delivery_type.as_str())
            .copied()
            .unwrap_or(0),
        SortColumn::Id => 0,
    }
}

/// An `i64` as a `u64` in the same order.
fn ordered(value: i64) -> u64 {
    (value as u64) ^ (1 << 63)
}

/// A 24-digit lowercase hex id as its number (same order as the text among
/// such ids); any other id sorts after them, by its text.
fn id_number(id: &str) -> u128 {
    let valid = id.len() == 24
        && id
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
    if valid {
        u128::from_str_radix(id, 16).unwrap_or(u128::MAX)
    } else {
        u128::MAX
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
