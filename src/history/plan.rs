//! What one poll changes in the history file, worked out in memory from
//! what the file holds before anything is written, so that an unchanged
//! poll writes nothing.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};

use super::{Known, Observed, Transition};
use crate::atlas::Target;
use crate::atlas::model::Text;

/// What a poll changes in the file, worked out before anything is written.
pub(crate) struct Plan<'a> {
    /// Jobs to insert or update, with their text's hash.
    pub(crate) upserts: Vec<(Observed<'a>, u64)>,
    pub(crate) transitions: Vec<Transition>,
    /// Of the upserts, those whose status stayed.
    pub(crate) updated: usize,
    /// Of the upserts, jobs listed again after they had left the list.
    pub(crate) returned: usize,
    pub(crate) gone: Vec<String>,
}

impl<'a> Plan<'a> {
    pub(crate) fn of(
        target: &Target,
        known: &HashMap<Text, Known>,
        jobs: &[Observed<'a>],
        at: DateTime<Utc>,
    ) -> Plan<'a> {
        let mut plan = Plan {
            upserts: Vec::new(),
            transitions: Vec::new(),
            updated: 0,
            returned: 0,
            gone: Vec::new(),
        };
        for job in jobs {
            let raw_hash = hash(job.raw);
            let before = known.get(job.job_id);
            plan.returned += usize::from(before.is_some_and(|was| was.gone));
            let from = match before {
                None => None,
                Some(was) if was.status != job.status => Some(was.status),
                Some(was) => {
                    if was.raw_hash != raw_hash || was.gone {
                        plan.upserts.push((*job, raw_hash));
                        plan.updated += 1;
                    }
                    continue;
                }
            };
            plan.upserts.push((*job, raw_hash));
            plan.transitions.push(Transition {
                target: target.clone(),
                job_id: job.job_id.to_string(),
                from,
                to: job.status,
                observed_at: at,
                atlas_at: job.atlas_at,
            });
        }
        if known.values().any(|job| !job.gone) {
            let listed: HashSet<&str> = jobs.iter().map(|job| job.job_id).collect();
            plan.gone = known
                .iter()
                .filter(|(id, job)| !job.gone && !listed.contains(id.as_str()))
                .map(|(id, _)| id.to_string())
                .collect();
            plan.gone.sort();
        }
        plan
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.upserts.is_empty() && self.gone.is_empty()
    }
}

/// The hash a job's text is compared by.
pub(crate) fn hash(raw: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64(raw.as_bytes())
}
