//! Paging as Atlas does it: `pageNum`, `itemsPerPage`, `includeCount` query
//! parameters and the `{"links", "results", "totalCount"}` envelope.

use serde_json::{Value, json};

use super::errors::ApiError;

/// The paging parameters of one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageParams {
    pub page_num: u64,
    pub items_per_page: u64,
    pub include_count: bool,
}

impl Default for PageParams {
    fn default() -> Self {
        PageParams {
            page_num: 1,
            items_per_page: 100,
            include_count: true,
        }
    }
}

/// Splits a raw query string into decoded `(name, value)` pairs.
pub fn query_pairs(query: &str) -> Vec<(String, String)> {
    query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| match p.split_once('=') {
            Some((k, v)) => (decode(k), decode(v)),
            None => (decode(p), String::new()),
        })
        .collect()
}

fn decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
                match hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                    Some(b) => {
                        out.push(b);
                        i += 2;
                    }
                    None => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

impl PageParams {
    /// Reads the paging parameters; out-of-range values give Atlas's 400.
    pub fn from_query(query: &str) -> Result<PageParams, ApiError> {
        let mut p = PageParams::default();
        for (k, v) in query_pairs(query) {
            match k.as_str() {
                "pageNum" => {
                    p.page_num = v
                        .parse()
                        .ok()
                        .filter(|n| *n >= 1)
                        .ok_or_else(|| ApiError::invalid_query("pageNum", &v))?;
                }
                "itemsPerPage" => {
                    p.items_per_page = v
                        .parse()
                        .ok()
                        .filter(|n| (1..=500).contains(n))
                        .ok_or_else(|| ApiError::invalid_query("itemsPerPage", &v))?;
                }
                "includeCount" => {
                    p.include_count = match v.as_str() {
                        "true" => true,
                        "false" => false,
                        _ => return Err(ApiError::invalid_query("includeCount", &v)),
                    }
                }
                _ => {}
            }
        }
        Ok(p)
    }

    /// The envelope for this page of `items`; `self_url` is the request URL
    /// without query.
    pub fn envelope(&self, items: Vec<Value>, self_url: &str) -> Value {
        let total = items.len() as u64;
        let start = (self.page_num - 1).saturating_mul(self.items_per_page);
        let results: Vec<Value> = items
            .into_iter()
            .skip(usize::try_from(start).unwrap_or(usize::MAX))
            .take(usize::try_from(self.items_per_page).unwrap_or(usize::MAX))
            .collect();
        let link = |page: u64, rel: &str| json!({"href": format!("{self_url}?pageNum={page}&itemsPerPage={}", self.items_per_page), "rel": rel});
        let mut links = Vec::new();
        if self.page_num > 1 {
            links.push(link(self.page_num - 1, "previous"));
        }
        links.push(link(self.page_num, "self"));
        if start.saturating_add(self.items_per_page) < total {
            links.push(link(self.page_num + 1, "next"));
        }
        let mut env = json!({"links": links, "results": results});
        if self.include_count {
            env["totalCount"] = Value::from(total);
        }
        env
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn params_and_envelope() {
        let p = PageParams::from_query("pageNum=2&itemsPerPage=2&includeCount=false").expect("ok");
        assert_eq!(
            (p.page_num, p.items_per_page, p.include_count),
            (2, 2, false)
        );
        assert!(PageParams::from_query("itemsPerPage=501").is_err());
        assert!(PageParams::from_query("itemsPerPage=0").is_err());
        assert!(PageParams::from_query("pageNum=0").is_err());
        let env = p.envelope((0..5).map(Value::from).collect(), "http://h/x");
        assert_eq!(env["results"], json!([2, 3]));
        assert!(env.get("totalCount").is_none());
        let rels: Vec<&str> = env["links"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|l| l["rel"].as_str())
            .collect();
        assert_eq!(rels, ["previous", "self", "next"]);
        assert_eq!(decode("a%20b+c%2"), "a b c%2");
    }
}
