//! Walking Atlas's paged listings: parse each page's envelope, follow the
//! `next` link, and stop on a loop or a runaway listing.
//!
//! Credentials are bound to the configured origin: a `next` link is
//! followed only when its scheme, host and port are the base URL's. Any
//! other link (a tampered page, a proxy that rewrites hosts) is not
//! fetched at all; the next page is asked for by `pageNum` on the
//! configured base instead, so the listing stays complete and neither a
//! digest answer nor a bearer token ever goes to another host.

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
    /// The configured base URL's origin (scheme, host, and the port unless
    /// it is the default), serialized: the only one links may lead to.
    origin: String,
    /// The page being read (the URL last visited).
    current: Option<Url>,
    seen_urls: HashSet<String>,
    seen_page_numbers: HashSet<String>,
    pages: usize,
    listing: Listing<T>,
}

impl<'a, T: DeserializeOwned> PageWalk<'a, T> {
    /// A walk for `target` whose links may only lead to `base`'s origin.
    pub fn new(target: &'a str, base: &Url) -> Self {
        PageWalk {
            target,
            origin: base.origin().ascii_serialization(),
            current: None,
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
        self.current = Some(url.clone());
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
        let Some(link) = links.iter().find(|link| link.rel == "next") else {
            return Ok(None);
        };
        let next = Url::parse(&link.href)
            .map_err(|_| self.paging_error(format!("next link {:?} is not a URL", link.href)))?;
        // Scheme, host and port, the scheme's default port when not written.
        if next.origin().ascii_serialization() == self.origin {
            return Ok(Some(next));
        }
        // Only the origin is logged: the rest of a hostile link may carry
        // anything.
        tracing::warn!(target: "atlas_restores::http", listing = self.target, foreign_origin = %next.origin().ascii_serialization(), "next link leads to another origin; asking the configured base for the next page instead");
        self.next_page_on_base().map(Some)
    }

    /// The page after the current one, by `pageNum` on the current URL
    /// (which is always on the configured base).
    fn next_page_on_base(&self) -> Result<Url, AtlasError> {
        let current = self
            .current
            .as_ref()
            .ok_or_else(|| self.paging_error("a page was read before it was visited".into()))?;
        let page = current
            .query_pairs()
            .find(|(key, _)| key == "pageNum")
            .map_or(Some(1), |(_, value)| value.parse::<u64>().ok())
            .ok_or_else(|| self.paging_error("the current page number is not a number".into()))?;
        let others: Vec<(String, String)> = current
            .query_pairs()
            .filter(|(key, _)| key != "pageNum")
            .map(|(key, value)| (key.into_owned(), value.into_owned()))
            .collect();
        let mut next = current.clone();
        next.query_pairs_mut()
            .clear()
            .extend_pairs(others)
            .append_pair("pageNum", &page.saturating_add(1).to_string());
        Ok(next)
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
        let mut walk = PageWalk::<Value>::new("t", &url("http://h/"));
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
    fn a_next_link_to_another_origin_is_replaced_by_the_next_page_on_the_base() {
        let base = url("https://atlas.example:8443/proxy/");
        let first = url("https://atlas.example:8443/proxy/x?itemsPerPage=500&pageNum=1");
        let foreign = [
            "https://evil.example:8443/proxy/x?pageNum=2",
            "http://atlas.example:8443/proxy/x?pageNum=2",
            "https://atlas.example/proxy/x?pageNum=2",
            "https://atlas.example:8444/proxy/x?pageNum=2",
            "https://user:pw@127.0.0.2:8443/x",
        ];
        for next in foreign {
            let mut walk = PageWalk::<Value>::new("t", &base);
            assert!(walk.visit(&first).is_ok());
            let followed = walk.add_page(&page(&["a"], Some(next)), 200).ok().flatten();
            assert_eq!(
                followed.map(String::from),
                Some("https://atlas.example:8443/proxy/x?itemsPerPage=500&pageNum=2".to_string()),
                "{next}"
            );
        }
        // The same origin, however written, is followed as given.
        let mut walk = PageWalk::<Value>::new("t", &base);
        assert!(walk.visit(&first).is_ok());
        let same = "HTTPS://ATLAS.example:8443/other/path?pageNum=7";
        let followed = walk.add_page(&page(&["a"], Some(same)), 200).ok().flatten();
        assert_eq!(followed, Some(url(same)));
        // Default ports count as written: https://h and https://h:443 agree.
        let mut walk = PageWalk::<Value>::new("t", &url("https://h"));
        assert!(walk.visit(&url("https://h/x")).is_ok());
        let followed = walk.add_page(&page(&[], Some("https://h:443/x?pageNum=2")), 200);
        assert_eq!(followed.ok().flatten(), Some(url("https://h/x?pageNum=2")));
        // Without a pageNum the current page is the first.
        let mut walk = PageWalk::<Value>::new("t", &url("https://h"));
        assert!(walk.visit(&url("https://h/x?itemsPerPage=500")).is_ok());
        let followed = walk.add_page(&page(&[], Some("https://e/x?pageNum=2")), 200);
        assert_eq!(
            followed.ok().flatten(),
            Some(url("https://h/x?itemsPerPage=500&pageNum=2"))
        );
    }

    #[test]
    fn a_page_number_seen_twice_ends_the_walk() {
        let mut walk = PageWalk::<Value>::new("cluster p/c", &url("http://h/"));
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
        let mut walk = PageWalk::<Value>::new("t", &url("http://h/"));
        assert!(walk.visit(&url("http://h/x")).is_ok());
        assert!(walk.visit(&url("http://h/x")).is_err());
    }

    #[test]
    fn the_page_cap_ends_a_runaway_walk() {
        let mut walk = PageWalk::<Value>::new("t", &url("http://h/"));
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
            let mut walk = PageWalk::<Value>::new("t", &url("http://h/"));
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
