//! Which jobs the table shows: a case-insensitive text filter over what the
//! user can read in a row (and the URLs), and an optional single status.

use crate::atlas::{JobStatus, RestoreJob};
use crate::poller::store::TargetState;

/// The active filters.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// As typed by the user.
    pub text: String,
    pub status: Option<JobStatus>,
}

impl Filter {
    pub fn is_active(&self) -> bool {
        !self.text.is_empty() || self.status.is_some()
    }

    /// A matcher that holds the lowercased needle, built once per index pass.
    pub fn matcher(&self) -> Matcher {
        let needle = self.text.to_lowercase();
        let status_hits = JobStatus::ALL.map(|status| contains_ignore_case(status.word(), &needle));
        Matcher {
            needle,
            status: self.status,
            status_hits,
        }
    }
}

/// The filter, ready to test many jobs: what every job of a target shares
/// (its label, project) is tested once per target, the status words once.
pub struct Matcher {
    needle: String,
    status: Option<JobStatus>,
    /// Whether each status word, in [`JobStatus::ALL`] order, holds the needle.
    status_hits: [bool; 6],
}

impl Matcher {
    /// Whether what every job of `state` (shown as `cluster_label`) shows
    /// holds the needle.
    pub fn target_hits(&self, state: &TargetState, cluster_label: &str) -> bool {
        let hit = |text: &str| contains_ignore_case(text, &self.needle);
        hit(cluster_label)
            || hit(&state.target.group_id)
            || state.project_name.as_deref().is_some_and(hit)
    }

    /// Whether `job`, whose status is `status` now, passes, given
    /// [`Matcher::target_hits`] of its target.
    pub fn job_matches(&self, target_hits: bool, job: &RestoreJob, status: JobStatus) -> bool {
        if self.status.is_some_and(|wanted| wanted != status) {
            return false;
        }
        if self.needle.is_empty() || target_hits {
            return true;
        }
        let hit = |text: &str| contains_ignore_case(text, &self.needle);
        let status_hit = JobStatus::ALL
            .iter()
            .zip(self.status_hits)
            .any(|(s, hits)| hits && *s == status);
        status_hit
            || hit(&job.id)
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
}

/// Whether `haystack` contains `needle_lower` (already lowercased), ignoring
/// case; allocation-free for ASCII, which is nearly every field.
pub fn contains_ignore_case(haystack: &str, needle_lower: &str) -> bool {
    if needle_lower.is_empty() {
        return true;
    }
    if haystack.is_ascii() && needle_lower.is_ascii() {
        let needle = needle_lower.as_bytes();
        return haystack
            .as_bytes()
            .windows(needle.len())
            .any(|window| window.eq_ignore_ascii_case(needle));
    }
    haystack.to_lowercase().contains(needle_lower)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matching_ignores_case_for_ascii_and_beyond() {
        assert!(contains_ignore_case("Cluster0", "ster0"));
        assert!(contains_ignore_case("ÉTÉ-prod", "été"));
        assert!(!contains_ignore_case("abc", "abcd"));
        assert!(contains_ignore_case("", ""));
    }
}
