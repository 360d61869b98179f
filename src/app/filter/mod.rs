//! Which jobs the table shows: the `/` text in the filter language
//! ([`parse`]), a set of statuses (the digit keys), and one job kept in
//! view whatever they say (the job just cancelled, until the selection or
//! the filter moves on).

mod fields;
mod matcher;
mod parse;

use crate::atlas::{JobStatus, Target};
use crate::poller::store::StoreData;

pub use matcher::{Matcher, TargetHits};
pub use parse::{ParseError, Query};

/// The filter syntax in a few lines, for the help overlay.
pub const SYNTAX: &[&str] = &[
    "words are ANDed: prod download",
    "field:value  cluster: project: type: status: target: id: kind:",
    "!term negates: !type:download !prod",
    "\"quotes keep spaces\": target:\"new copy\"",
];

/// A set of statuses; empty means every status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StatusSet(u8);

impl StatusSet {
    /// In progress and ready: what may still change or be acted on.
    pub const ACTIVE: StatusSet = StatusSet(bit(JobStatus::InProgress) | bit(JobStatus::Ready));

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    pub fn contains(self, status: JobStatus) -> bool {
        self.0 & bit(status) != 0
    }

    /// With `status` added, or taken out when it was in.
    pub fn toggled(self, status: JobStatus) -> StatusSet {
        StatusSet(self.0 ^ bit(status))
    }

    /// The statuses in, in [`JobStatus::ALL`] order.
    pub fn statuses(self) -> impl Iterator<Item = JobStatus> {
        JobStatus::ALL
            .into_iter()
            .filter(move |s| self.contains(*s))
    }
}

const fn bit(status: JobStatus) -> u8 {
    1 << (status as u8)
}

/// A job kept in view though the filter no longer passes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pin {
    pub target: Target,
    pub id: String,
}

/// The active filters.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// As typed by the user.
    text: String,
    /// Why `text` does not parse, if it does not.
    error: Option<ParseError>,
    /// The terms of `text` that parse: rows follow them while the text
    /// has a wrong or unfinished term.
    query: Query,
    statuses: StatusSet,
    pin: Option<Pin>,
}

impl Filter {
    /// A filter of `text` (the terms that parse) and `statuses`.
    pub fn new(text: &str, statuses: StatusSet) -> Filter {
        let mut filter = Filter {
            statuses,
            ..Filter::default()
        };
        filter.set_text(text.to_string());
        filter
    }

    pub fn is_active(&self) -> bool {
        !self.query.is_empty() || !self.statuses.is_empty()
    }

    /// The text as typed.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Why the text does not parse; the rows follow the terms that do.
    pub fn error(&self) -> Option<&ParseError> {
        self.error.as_ref()
    }

    /// The query the rows follow.
    pub fn query(&self) -> &Query {
        &self.query
    }

    pub fn statuses(&self) -> StatusSet {
        self.statuses
    }

    /// The job kept in view, if any.
    pub fn pin(&self) -> Option<&Pin> {
        self.pin.as_ref()
    }

    /// A new text, parsed once.
    pub(super) fn set_text(&mut self, text: String) {
        (self.query, self.error) = parse::parse_lenient(&text);
        self.text = text;
    }

    pub(super) fn set_statuses(&mut self, statuses: StatusSet) {
        self.statuses = statuses;
    }

    pub(super) fn set_pin(&mut self, pin: Option<Pin>) {
        self.pin = pin;
    }

    /// The same statuses and pin with `query`: a narrowing step of the
    /// index kept for Backspace.
    pub(super) fn with_query(&self, query: &Query) -> Filter {
        Filter {
            query: query.clone(),
            text: query.to_string(),
            error: None,
            statuses: self.statuses,
            pin: self.pin.clone(),
        }
    }

    /// The matcher over `data`, built once per index pass.
    pub fn matcher(&self, data: &StoreData) -> Matcher {
        let pin = self.pin.as_ref().and_then(|pin| {
            let at = data.targets.iter().position(|t| t.target == pin.target)?;
            Some((at, pin.id.clone()))
        });
        Matcher::new(&self.query, self.statuses, pin)
    }

    /// The matcher without the kept job.
    pub fn unpinned_matcher(&self) -> Matcher {
        Matcher::new(&self.query, self.statuses, None)
    }

    /// The active filters in words, for the summary line:
    /// `filter: cluster:prod !type:download · status: in progress, ready`.
    pub fn describe(&self) -> Option<String> {
        let mut parts = Vec::new();
        if !self.query.is_empty() {
            parts.push(format!("filter: {}", self.query));
        }
        if !self.statuses.is_empty() {
            let words: Vec<&str> = self.statuses.statuses().map(JobStatus::word).collect();
            parts.push(format!("status: {}", words.join(", ")));
        }
        (!parts.is_empty()).then(|| parts.join(" · "))
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

    #[test]
    fn a_wrong_text_filters_by_the_terms_that_parse_and_says_why() {
        let mut filter = Filter::new("cluster:prod", StatusSet::default());
        filter.set_text("cluster:prod kluster:x !".to_string());
        assert_eq!(filter.query().to_string(), "cluster:prod");
        assert_eq!(
            filter.error(),
            Some(&ParseError::UnknownField("kluster".to_string()))
        );
        filter.set_text("cluster:prod x".to_string());
        assert_eq!(
            (filter.query().to_string().as_str(), filter.error()),
            ("cluster:prod x", None)
        );
    }

    #[test]
    fn the_summary_names_the_query_and_the_statuses() {
        let filter = Filter::new(" cluster:prod  !type:download", StatusSet::ACTIVE);
        assert_eq!(
            filter.describe().as_deref(),
            Some("filter: cluster:prod !type:download · status: in progress, ready")
        );
        assert_eq!(Filter::default().describe(), None);
        let failed = StatusSet::default().toggled(JobStatus::Failed);
        assert_eq!(
            Filter::new("", failed).describe().as_deref(),
            Some("status: failed")
        );
        assert!(
            !StatusSet::ACTIVE
                .toggled(JobStatus::Ready)
                .contains(JobStatus::Ready)
        );
    }
}
