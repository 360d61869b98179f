//! What needs an operator's attention at an instant, most urgent first:
//! download links about to expire, and clusters whose data has not been
//! refreshed for twice the polling interval. The facts only; the attention
//! line (`ui::attention`) words them.

use std::collections::HashMap;

use chrono::{DateTime, TimeDelta, Utc};

use super::App;
use crate::atlas::{RestoreJob, Target};
use crate::poller::store::{StoreData, TargetState};

/// How many polling intervals without a successful poll make data stale.
pub const STALE_AFTER_INTERVALS: i32 = 2;

/// A ready download link within the expiry warning.
#[derive(Debug, Clone, Copy)]
pub struct UrgentLink<'a> {
    pub expires_at: DateTime<Utc>,
    pub state: &'a TargetState,
    pub job: &'a RestoreJob,
}

/// Clusters not refreshed for too long.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stale {
    pub clusters: usize,
    /// Since when the stalest of them has had no fresh data.
    pub since: DateTime<Utc>,
}

/// When each watched target was first seen by the app: a target that has
/// never loaded is stale counted from then.
#[derive(Debug, Default)]
pub(super) struct WatchedSince(HashMap<Target, DateTime<Utc>>);

impl WatchedSince {
    /// Notes the targets of `data` first seen at `now`; forgets those no
    /// longer watched.
    pub fn note(&mut self, data: &StoreData, now: DateTime<Utc>) {
        if self.0.len() != data.targets.len()
            || data.targets.iter().any(|t| !self.0.contains_key(&t.target))
        {
            let mut kept: HashMap<Target, DateTime<Utc>> = HashMap::new();
            for state in &data.targets {
                let since = self.0.get(&state.target).copied().unwrap_or(now);
                kept.insert(state.target.clone(), since);
            }
            self.0 = kept;
        }
    }

    fn of(&self, target: &Target) -> Option<DateTime<Utc>> {
        self.0.get(target).copied()
    }
}

impl App {
    /// The ready links expiring within the warning at `now`, soonest first.
    pub fn urgent_links(&self, now: DateTime<Utc>) -> Vec<UrgentLink<'_>> {
        let warning = self.expiry_warning;
        let mut links: Vec<UrgentLink<'_>> = self
            .index
            .live_links()
            .filter(|(at, _)| *at > now && *at - now <= warning)
            .filter_map(|(expires_at, at)| {
                let (state, job) = self.job_at(at)?;
                Some(UrgentLink {
                    expires_at,
                    state,
                    job,
                })
            })
            .collect();
        links.sort_by(|a, b| (a.expires_at, &a.job.id).cmp(&(b.expires_at, &b.job.id)));
        links
    }

    /// The first instant after `now` at which a live link enters the
    /// warning.
    pub fn next_link_warning(&self, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        let warning = self.expiry_warning;
        self.index
            .live_links()
            .filter_map(|(at, _)| at.checked_sub_signed(warning))
            .filter(|enters| *enters > now)
            .min()
    }

    /// The clusters without fresh data at `now`, if any.
    pub fn stale(&self, now: DateTime<Utc>) -> Option<Stale> {
        let limit = self.stale_limit();
        let mut stale = None::<Stale>;
        for since in self.fresh_since() {
            if now - since >= limit {
                let seen = stale.get_or_insert(Stale { clusters: 0, since });
                seen.clusters += 1;
                seen.since = seen.since.min(since);
            }
        }
        stale
    }

    /// The first instant after `now` at which another cluster turns stale.
    pub fn next_stale(&self, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        let limit = self.stale_limit();
        self.fresh_since()
            .filter_map(|since| since.checked_add_signed(limit))
            .filter(|at| *at > now)
            .min()
    }

    /// How long data may go without a successful poll: two intervals, and
    /// the second that poll times are rounded down to.
    pub fn stale_limit(&self) -> TimeDelta {
        let interval = TimeDelta::from_std(self.data.interval).unwrap_or(TimeDelta::MAX);
        interval
            .checked_mul(STALE_AFTER_INTERVALS)
            .and_then(|limit| limit.checked_add(&TimeDelta::seconds(1)))
            .unwrap_or(TimeDelta::MAX)
    }

    /// Since when each target's data has been fresh: its last successful
    /// poll, or when it started being watched.
    fn fresh_since(&self) -> impl Iterator<Item = DateTime<Utc>> + '_ {
        self.data
            .targets
            .iter()
            .filter_map(|state| state.fetched_at.or_else(|| self.watched.of(&state.target)))
    }

    /// Since when the dashboard has had no successful poll at all, when it
    /// has been too long (the header's stale warning).
    pub fn silent_since(&self, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        let since = self.data.last_success().or(self.started)?;
        (now - since >= self.stale_limit()).then_some(since)
    }
}
