//! The table's order over index entries: the sort column's key, then the
//! id, then the job's place in the store. The order is total, so reversing
//! a sorted index gives exactly the other direction.

use std::cmp::Ordering;

use super::keys::{JobKeys, compare_text_keys};
use crate::app::sort::{Sort, SortColumn};
use crate::atlas::RestoreJob;
use crate::poller::store::StoreData;

/// One row of the index: small and plain, so that sorting and merging move
/// little memory and compare no text in the common case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Entry {
    /// The sort column's key ([`JobKeys::primary`]).
    pub primary: u64,
    /// The id as a number, `u128::MAX` when it is not an ObjectId.
    pub id: u128,
    pub target: u32,
    pub job: u32,
}

impl Entry {
    pub fn new(keys: &JobKeys, column: SortColumn, cluster_rank: u64, at: (u32, u32)) -> Entry {
        Entry {
            primary: keys.primary(column, cluster_rank),
            id: keys.id,
            target: at.0,
            job: at.1,
        }
    }
}

/// Compares entries of `data` in `sort` order.
pub(super) struct Order<'a> {
    data: &'a StoreData,
    sort: Sort,
}

impl<'a> Order<'a> {
    pub fn new(data: &'a StoreData, sort: Sort) -> Order<'a> {
        Order { data, sort }
    }

    pub fn cmp(&self, a: &Entry, b: &Entry) -> Ordering {
        let order = if self.sort.column == SortColumn::Type {
            self.ascending::<true>(a, b)
        } else {
            self.ascending::<false>(a, b)
        };
        if self.sort.descending {
            order.reverse()
        } else {
            order
        }
    }

    /// Sorts `entries` in this order: ascending, then reversed when
    /// descending (the order is total), with one comparison for each kind of
    /// column so that the common one compares integers only.
    pub fn sort(&self, entries: &mut [Entry]) {
        if self.sort.column == SortColumn::Type {
            entries.sort_unstable_by(|a, b| self.ascending::<true>(a, b));
        } else {
            entries.sort_unstable_by(|a, b| self.ascending::<false>(a, b));
        }
        if self.sort.descending {
            entries.reverse();
        }
    }

    /// The ascending order; `TEXT_KEY` when the primary key is a text key.
    fn ascending<const TEXT_KEY: bool>(&self, a: &Entry, b: &Entry) -> Ordering {
        let primary = if TEXT_KEY {
            compare_text_keys(a.primary, b.primary, || {
                let text = |e: &Entry| self.job(e).map_or("", |j| j.delivery_type.as_str());
                (text(a), text(b))
            })
        } else {
            a.primary.cmp(&b.primary)
        };
        if primary.is_ne() {
            return primary;
        }
        let id = a.id.cmp(&b.id);
        if id.is_ne() {
            return id;
        }
        if a.id == u128::MAX {
            // Ids that are not ObjectIds: by their text.
            let text = |e: &Entry| self.job(e).map_or("", |j| &*j.id);
            let by_text = text(a).cmp(text(b));
            if by_text.is_ne() {
                return by_text;
            }
        }
        (a.target, a.job).cmp(&(b.target, b.job))
    }

    fn job(&self, entry: &Entry) -> Option<&'a RestoreJob> {
        let state = self.data.targets.get(entry.target as usize)?;
        state.jobs.get(entry.job as usize)
    }
}
