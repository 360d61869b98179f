//! Texts that repeat from job to job, stored once. Every job of a cluster
//! links to the same cluster and project (`links[].href`), so a job's hrefs
//! are looked up among the last few read on this thread and shared when
//! equal; Atlas's link rels are static texts.
//!
//! The look-up is a short most-recently-used list, not a map of every text
//! ever seen: it holds at most [`KEPT`] hrefs, so it never grows, and the
//! hrefs that repeat on every job stay at its front while each job's own
//! (`self`, its snapshot) pass through.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::sync::Arc;

use super::Text;

/// How many recent hrefs are kept for sharing, per thread.
const KEPT: usize = 8;

/// The rels Atlas writes, kept without a heap copy.
const KNOWN_RELS: [&str; 8] = [
    "self",
    "next",
    "previous",
    "https://cloud.mongodb.com/snapshot",
    "https://cloud.mongodb.com/cluster",
    "https://cloud.mongodb.com/group",
    "https://cloud.mongodb.com/restoreJob",
    "https://cloud.mongodb.com/backupSnapshot",
];

thread_local! {
    static RECENT: RefCell<VecDeque<Arc<str>>> = const { RefCell::new(VecDeque::new()) };
}

/// `text` as an `Arc<str>`, the same one as an equal href read shortly
/// before on this thread.
pub(super) fn shared(text: &str) -> Arc<str> {
    RECENT.with_borrow_mut(|recent| {
        if let Some(at) = recent.iter().position(|kept| **kept == *text)
            && let Some(found) = recent.remove(at)
        {
            recent.push_front(Arc::clone(&found));
            return found;
        }
        let new: Arc<str> = Arc::from(text);
        if recent.len() >= KEPT {
            recent.pop_back();
        }
        recent.push_front(Arc::clone(&new));
        new
    })
}

/// A link's rel: a static text for the rels Atlas writes, else a copy.
pub(super) fn rel(text: &str) -> Text {
    KNOWN_RELS
        .iter()
        .find(|known| **known == text)
        .map_or_else(|| Text::from(text), |known| Text::const_new(known))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_href_repeated_between_unique_ones_is_stored_once() {
        let cluster = "http://h/api/atlas/v2/groups/g/clusters/c1";
        let first = shared(cluster);
        for n in 0..100 {
            let _own = shared(&format!("http://h/restoreJobs/{n}"));
            let _snapshot = shared(&format!("http://h/snapshots/{n}"));
            let again = shared(cluster);
            assert!(Arc::ptr_eq(&first, &again), "after job {n}");
        }
    }

    #[test]
    fn different_hrefs_stay_different_and_the_list_stays_short() {
        let texts: Vec<Arc<str>> = (0..50).map(|n| shared(&format!("u{n}"))).collect();
        for (n, text) in texts.iter().enumerate() {
            assert_eq!(&**text, format!("u{n}"));
        }
        assert_eq!(RECENT.with_borrow(VecDeque::len), KEPT);
    }

    #[test]
    fn known_rels_are_static_and_others_are_kept_as_written() {
        let snapshot = rel("https://cloud.mongodb.com/snapshot");
        assert_eq!(snapshot, "https://cloud.mongodb.com/snapshot");
        assert!(!snapshot.is_heap_allocated());
        assert_eq!(
            rel("https://example.com/a-rel-that-is-long"),
            "https://example.com/a-rel-that-is-long"
        );
    }
}
