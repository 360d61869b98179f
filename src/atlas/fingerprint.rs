//! What a listing's answer looked like, page by page: a hash of each page's
//! body and the next link read from it. The next poll compares each page's
//! bytes with it before parsing anything, so an answer that is byte for byte
//! the one before costs a hash, not a parse.

use reqwest::Url;
use xxhash_rust::xxh3::xxh3_64;

use super::pages::Listing;

/// A listing read again.
#[derive(Debug, Clone, PartialEq)]
pub enum Reread<T> {
    /// Every page was byte for byte as before: nothing was parsed.
    Unchanged(Fingerprint),
    Changed(Listing<T>, Fingerprint),
}

/// The pages of one listing as last read; empty before the first read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Fingerprint {
    /// The first page's URL: a listing asked for another way (without the
    /// count, say) is another answer.
    first: Option<String>,
    pages: Vec<PageMark>,
}

/// One page: its body's length and hash, and where its `next` link led.
#[derive(Debug, Clone, PartialEq, Eq)]
struct PageMark {
    len: usize,
    hash: u64,
    next: Option<Url>,
}

impl Fingerprint {
    /// A fingerprint being read from `first` on.
    pub fn starting_at(first: &Url) -> Fingerprint {
        Fingerprint {
            first: Some(first.as_str().to_string()),
            pages: Vec::new(),
        }
    }

    /// How many pages it holds.
    pub fn page_count(&self) -> usize {
        self.pages.len()
    }

    /// Where page `page` (from 0) led last time, when this fingerprint was
    /// read from the same first URL and that page's body was `body`
    /// exactly: `Some(next)`; `None` when the page is new or differs.
    pub fn known_next(&self, first: &Url, page: usize, body: &[u8]) -> Option<Option<Url>> {
        if self.first.as_deref() != Some(first.as_str()) {
            return None;
        }
        let mark = self.pages.get(page)?;
        (mark.len == body.len() && mark.hash == xxh3_64(body)).then(|| mark.next.clone())
    }

    /// Adds the next page: its body and where its `next` link leads.
    pub fn push(&mut self, body: &[u8], next: Option<&Url>) {
        self.pages.push(PageMark {
            len: body.len(),
            hash: xxh3_64(body),
            next: next.cloned(),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(text: &str) -> Url {
        Url::parse(text).unwrap_or_else(|error| panic!("{text}: {error}"))
    }

    #[test]
    fn a_page_is_known_only_with_the_same_bytes_from_the_same_first_url() {
        let first = url("http://h/x?pageNum=1");
        let next = url("http://h/x?pageNum=2");
        let mut seen = Fingerprint::starting_at(&first);
        seen.push(b"{\"results\":[1]}", Some(&next));
        assert_eq!(
            seen.known_next(&first, 0, b"{\"results\":[1]}"),
            Some(Some(next.clone()))
        );
        assert_eq!(seen.known_next(&first, 0, b"{\"results\":[2]}"), None);
        assert_eq!(seen.known_next(&first, 0, b"{\"results\":[1] }"), None);
        assert_eq!(seen.known_next(&first, 1, b"{\"results\":[1]}"), None);
        let other = url("http://h/x?pageNum=1&includeCount=false");
        assert_eq!(seen.known_next(&other, 0, b"{\"results\":[1]}"), None);
        assert_eq!(
            Fingerprint::default().known_next(&first, 0, b"{\"results\":[1]}"),
            None,
            "nothing is known before the first read"
        );
    }
}
