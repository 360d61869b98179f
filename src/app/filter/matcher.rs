//! The filter ready to test many jobs: each term's lowercased value and
//! which status words hold it, worked out once per pass; what a target
//! decides for all its jobs (its cluster, its project, a plain word found
//! in its label) tested once per target ([`Matcher::target_hits`]), the
//! rest per job.

use super::fields::{Field, Texts};
use super::parse::{MAX_TERMS, Query};
use super::{StatusSet, contains_ignore_case};
use crate::atlas::{JobStatus, RestoreJob};
use crate::poller::store::TargetState;

/// One term, compiled.
struct Compiled {
    negated: bool,
    field: Option<Field>,
    needle: String,
    /// Whether each status word, in [`JobStatus::ALL`] order, holds the needle.
    status_hits: [bool; 6],
}

/// The filter's terms, its statuses, and the job kept in view whatever
/// they say (the target's place in the store, the job's id).
pub struct Matcher {
    terms: Vec<Compiled>,
    statuses: StatusSet,
    pin: Option<(usize, String)>,
}

/// What a target decides for every one of its jobs: one bit per term
/// (terms beyond [`MAX_TERMS`] never parse).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TargetHits {
    /// The terms the target decides alone.
    decided: u64,
    /// Of those, the ones that hold (negation applied).
    holds: u64,
}

impl TargetHits {
    /// Whether a term fails for every job of the target.
    fn excludes_all(self) -> bool {
        self.decided & !self.holds != 0
    }
}

impl Matcher {
    pub fn new(query: &Query, statuses: StatusSet, pin: Option<(usize, String)>) -> Matcher {
        let terms = query
            .terms
            .iter()
            .take(MAX_TERMS)
            .map(|term| Compiled {
                negated: term.negated,
                field: term.field,
                status_hits: JobStatus::ALL
                    .map(|status| contains_ignore_case(status.word(), &term.needle)),
                needle: term.needle.clone(),
            })
            .collect();
        Matcher {
            terms,
            statuses,
            pin,
        }
    }

    /// Whether every job passes (no term, no status): nothing to test.
    pub fn passes_all(&self) -> bool {
        self.terms.is_empty() && self.statuses.is_empty()
    }

    /// Which terms the target at `state` (shown as `cluster_label`) decides
    /// for all its jobs, and how.
    pub fn target_hits(&self, state: &TargetState, cluster_label: &str) -> TargetHits {
        let mut hits = TargetHits::default();
        for (at, term) in self.terms.iter().enumerate() {
            let hit = |text: &str| contains_ignore_case(text, &term.needle);
            let found = match term.field.map(Field::texts) {
                Some(Texts::Target(texts)) => texts(state, cluster_label, &hit),
                Some(Texts::Status | Texts::Job(_)) => continue,
                None if plain_target_hit(state, cluster_label, hit) => true,
                // The job's own fields may still hold the word.
                None => continue,
            };
            let bit = 1u64 << at;
            hits.decided |= bit;
            if found != term.negated {
                hits.holds |= bit;
            }
        }
        hits
    }

    /// Whether any job of the target at `target` (whose hits are `hits`)
    /// may pass: else its jobs need not be looked at.
    pub fn may_pass_any(&self, target: usize, hits: TargetHits) -> bool {
        !hits.excludes_all() || self.pin.as_ref().is_some_and(|(at, _)| *at == target)
    }

    /// Whether `job` of the target at `target`, whose status is `status`
    /// now, is shown: it passes the filter, or it is the job kept in view.
    pub fn passes(
        &self,
        target: usize,
        hits: TargetHits,
        job: &RestoreJob,
        status: JobStatus,
    ) -> bool {
        self.job_matches(hits, job, status)
            || self
                .pin
                .as_ref()
                .is_some_and(|(at, id)| *at == target && *job.id == **id)
    }

    /// Whether `job`, whose status is `status` now, passes the filter,
    /// given its target's [`Matcher::target_hits`].
    pub fn job_matches(&self, hits: TargetHits, job: &RestoreJob, status: JobStatus) -> bool {
        if !self.statuses.is_empty() && !self.statuses.contains(status) {
            return false;
        }
        self.terms.iter().enumerate().all(|(at, term)| {
            let bit = 1u64 << at;
            if hits.decided & bit != 0 {
                return hits.holds & bit != 0;
            }
            let hit = |text: &str| contains_ignore_case(text, &term.needle);
            let status_hit = || {
                (JobStatus::ALL.iter().zip(term.status_hits)).any(|(s, hits)| hits && *s == status)
            };
            let found = match term.field.map(Field::texts) {
                Some(Texts::Job(texts)) => texts(job, &hit),
                Some(Texts::Status) => status_hit(),
                // Undecided by the target: its texts do not hold it.
                Some(Texts::Target(_)) => false,
                None => status_hit() || plain_job_hit(job, hit),
            };
            found != term.negated
        })
    }
}

/// Whether a plain word is in what every job of a target shows: its
/// cluster label, its project's id or name.
fn plain_target_hit(state: &TargetState, label: &str, hit: impl Fn(&str) -> bool + Copy) -> bool {
    hit(label) || hit(&state.target.group_id) || state.project_name.as_deref().is_some_and(hit)
}

/// Whether a plain word is in the job's own fields (its status word aside).
fn plain_job_hit(job: &RestoreJob, hit: impl Fn(&str) -> bool + Copy) -> bool {
    hit(&job.id)
        || hit(job.delivery_type.as_str())
        || job.target_cluster_name.as_deref().is_some_and(hit)
        || job.target_group_id.as_deref().is_some_and(hit)
        || job.snapshot_id.as_deref().is_some_and(hit)
        || job.download_urls().into_iter().any(hit)
        || job
            .private_download_urls
            .iter()
            .any(|url| hit(&url.delivery_url))
}

#[cfg(test)]
#[path = "matcher_tests.rs"]
mod tests;
