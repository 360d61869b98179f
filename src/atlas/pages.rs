//! Walking Atlas's paged listings: parse each page's envelope, follow the
//! `next` link, and stop on a loop or a runaway listing.

use std::collections::HashSet;

use reqwest::Url;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
use serde_json::value::RawValue;

use super::error::{AtlasError, ErrorKind};
use super::model::Link;
use super::response::unexpected_body;

/// At 500 items a page, 400 pages are 200,000 items: far past any real
/// cluster's restore history, so more means a server bug.
pub const MAX_PAGES: usize = 400;

/// Every item of a listing, and Atlas's estimate of their number.
#[derive(Debug, Clone, PartialEq)]
pub struct Listing<T> {
    pub items: Vec<T>,
    /// `totalCount` of the first page; absent with `includeCount=false`.
    pub total_count: Option<u64>,
}

/// One page's envelope: `{"links":[...],"results":[...],"totalCount":N}`.
/// Each result is kept as its text, borrowed from the body (a fast scan),
/// then read as a `T` on its own.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Envelope<'a> {
    #[serde(default)]
    links: Value,
    #[serde(borrow)]
    results: Vec<&'a RawValue>,
    #[serde(default)]
    total_count: Value,
}

/// The state of one walk over the pages of a listing.
pub struct PageWalk<'a, T> {
    target: &'a str,
    seen_urls: HashSet<String>,
    seen_page_numbers: HashSet<String>,
    pages: usize,
    listing: Listing<T>,
}

impl<'a, T: DeserializeOwned> PageWalk<'a, T> {
    pub fn new(target: &'a str) -> Self {
        PageWalk {
            target,
            seen_urls: HashSet::new(),
            seen_page_numbers: HashSet::new(),
            pages: 0,
            listing: Listing {
                items: Vec::new(),
                total_count: None,
            },
        }
    }

    /// Records that `url` is about to be fetched; refuses a URL or a page
    /// number seen before, and more than [`MAX_PAGES`] pages.
    pub fn visit(&mut self, url: &Url) -> Result<(), AtlasError> {
        if self.pages >= MAX_PAGES {
            return Err(self.paging_error(format!(
                "more than {MAX_PAGES} pages; stopped following next links"
            )));
        }
        if !self.seen_urls.insert(url.as_str().to_string()) {
            return Err(self.paging_error(format!("next link loops back to {url}")));
        }
        let page_number = url
            .query_pairs()
            .find(|(key, _)| key == "pageNum")
            .map(|(_, value)| value.into_owned());
        if let Some(page_number) = page_number
            && !self.seen_page_numbers.insert(page_number.clone())
        {
            return Err(self.paging_error(format!("next link asks for page {page_number} again")));
        }
        self.pages += 1;
        Ok(())
    }

    /// Adds one page's items; returns the next page's URL, if any.
    pub fn add_page(&mut self, body: &[u8], status: u16) -> Result<Option<Url>, AtlasError> {
        let envelope: Envelope = serde_json::from_slice(body)
            .map_err(|error| unexpected_body(self.target, status, &error.to_string(), body))?;
        if self.pages == 1 {
            self.listing.total_count = envelope.total_count.as_u64();
        }
        self.listing.items.reserve(envelope.results.len());
        for (index, item) in envelope.results.into_iter().enumerate() {
            let item = serde_json::from_str::<T>(item.get()).map_err(|error| {
                unexpected_body(
                    self.target,
                    status,
                    &format!("results[{index}] on page {}: {error}", self.pages),
                    b"",
                )
            })?;
            self.listing.items.push(item);
        }
        let links: Vec<Link> = match envelope.links {
            Value::Array(links) => links
                .into_iter()
                .filter_map(|link| serde_json::from_value(link).ok())
                .collect(),
            _ => Vec::new(),
        };
        match links.iter().find(|link| link.rel == "next") {
            None => Ok(None),
            Some(link) => Url::parse(&link.href)
                .map(Some)
                .map_err(|_| self.paging_error(format!("next link {:?} is not a URL", link.href))),
        }
    }

    pub fn finish(self) -> Listing<T> {
        self.listing
    }

    fn paging_error(&self, message: String) -> AtlasError {
        AtlasError::new(self.target, ErrorKind::Paging(message))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn url(text: &str) -> Url {
        Url::parse(text).unwrap_or_else(|error| panic!("{text}: {error}"))
    }

    fn page(ids: &[&str], next: Option<&str>) -> Vec<u8> {
        let mut links = vec![json!({"href": "http://h/self", "rel": "self"})];
        if let Some(next) = next {
            links.push(json!({"href": next, "rel": "next"}));
        }
        let results: Vec<Value> = ids.iter().map(|id| json!({ "id": id })).collect();
        json!({"links": links, "results": results, "totalCount": 7})
            .to_string()
            .into_bytes()
    }

    #[test]
    fn follows_next_until_absent() {
        let mut walk = PageWalk::<Value>::new("t");
        let first = url("http://h/x?pageNum=1");
        assert!(walk.visit(&first).is_ok());
        let next = walk.add_page(&page(&["a", "b"], Some("http://h/x?pageNum=2")), 200);
        let next = next.ok().flatten();
        assert_eq!(next, Some(url("http://h/x?pageNum=2")));
        assert!(walk.visit(&url("http://h/x?pageNum=2")).is_ok());
        assert_eq!(walk.add_page(&page(&["c"], None), 200).ok(), Some(None));
        let listing = walk.finish();
        assert_eq!(listing.items.len(), 3);
        assert_eq!(listing.total_count, Some(7));
    }

    #[test]
    fn a_page_number_seen_twice_ends_the_walk() {
        let mut walk = PageWalk::<Value>::new("cluster p/c");
        assert!(
            walk.visit(&url("http://h/x?pageNum=2&itemsPerPage=500"))
                .is_ok()
        );
        let error = walk.visit(&url("http://h/x?itemsPerPage=500&pageNum=2"));
        let message = error.err().map(|e| e.to_string()).unwrap_or_default();
        assert_eq!(message, "cluster p/c: next link asks for page 2 again");
    }

    #[test]
    fn a_url_seen_twice_ends_the_walk() {
        let mut walk = PageWalk::<Value>::new("t");
        assert!(walk.visit(&url("http://h/x")).is_ok());
        assert!(walk.visit(&url("http://h/x")).is_err());
    }

    #[test]
    fn the_page_cap_ends_a_runaway_walk() {
        let mut walk = PageWalk::<Value>::new("t");
        for n in 1..=MAX_PAGES {
            assert!(walk.visit(&url(&format!("http://h/x?pageNum={n}"))).is_ok());
        }
        let error = walk.visit(&url("http://h/x?pageNum=999999"));
        assert!(matches!(
            error,
            Err(AtlasError {
                kind: ErrorKind::Paging(_),
                ..
            })
        ));
    }

    #[test]
    fn bodies_that_are_not_envelopes_are_unexpected() {
        for body in [
            &b""[..],
            b"<html>502</html>",
            b"{\"results\":",
            b"{\"links\":[]}",
            b"[]",
        ] {
            let mut walk = PageWalk::<Value>::new("t");
            let _ = walk.visit(&url("http://h/x"));
            let result = walk.add_page(body, 200);
            assert!(
                matches!(
                    result,
                    Err(AtlasError {
                        kind: ErrorKind::UnexpectedBody { .. },
                        ..
                    })
                ),
                "{body:?}"
            );
        }
    }
}
