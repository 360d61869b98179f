//! Faults injected into a cluster's restore-job listing: which one fires for
//! a request (counting `times`, matching `onPage` and `onlyWhen`), and the
//! broken reply it produces.

use std::time::Duration;

use axum::body::Body;
use axum::http::{HeaderValue, Response, StatusCode, header};

use super::errors::{ApiError, default_code, default_detail};
use super::paging::PageParams;
use super::scenario::{FaultBody, FaultSpec};
use super::world::LiveFault;

/// Picks the first fault matching this request and counts it down.
pub fn pick(faults: &mut [LiveFault], page: &PageParams) -> Option<FaultSpec> {
    let f = faults.iter_mut().find(|f| {
        f.remaining != Some(0)
            && f.spec.on_page.is_none_or(|p| p == page.page_num)
            && f.spec
                .only_when
                .as_ref()
                .and_then(|w| w.include_count)
                .is_none_or(|ic| ic == page.include_count)
    })?;
    if let Some(n) = f.remaining.as_mut() {
        *n -= 1;
    }
    Some(f.spec.clone())
}

/// A 200 whose body breaks off: the connection is dropped after the first
/// bytes, as when a proxy or load balancer resets it.
fn connection_reset(content_type: &str) -> Response<Body> {
    let chunks: [Result<&'static str, std::io::Error>; 2] = [
        Ok("{\"links\":[],\"results\":["),
        Err(std::io::Error::new(
            std::io::ErrorKind::ConnectionReset,
            "connection reset by the simulator",
        )),
    ];
    let mut response = Response::new(Body::from_stream(futures_util::stream::iter(chunks)));
    if let Ok(value) = HeaderValue::from_str(content_type) {
        response.headers_mut().insert(header::CONTENT_TYPE, value);
    }
    response
}

/// The real page with its `next` link's scheme, host and port replaced by
/// `base`'s: a page that tries to send the client elsewhere.
fn next_moved_to(real_page: &str, base: &str, content_type: &str) -> Response<Body> {
    let mut page: serde_json::Value = serde_json::from_str(real_page).unwrap_or_default();
    let base = base.trim_end_matches('/');
    if let Some(links) = page.get_mut("links").and_then(|l| l.as_array_mut()) {
        for link in links.iter_mut().filter(|l| l["rel"] == "next") {
            let moved = link["href"]
                .as_str()
                .and_then(|href| reqwest::Url::parse(href).ok())
                .map(|href| match href.query() {
                    Some(query) => format!("{base}{}?{query}", href.path()),
                    None => format!("{base}{}", href.path()),
                });
            if let Some(moved) = moved {
                link["href"] = serde_json::Value::from(moved);
            }
        }
    }
    let mut response = Response::new(Body::from(page.to_string()));
    if let Ok(value) = HeaderValue::from_str(content_type) {
        response.headers_mut().insert(header::CONTENT_TYPE, value);
    }
    response
}

/// How long to wait before answering.
pub fn delay(fault: &FaultSpec) -> Duration {
    Duration::from_millis(fault.delay_ms)
}

/// The reply of a fault. `real_page` is the page the request would have got
/// (used by `truncated`), `content_type` the success media type.
pub fn respond(fault: &FaultSpec, real_page: &str, content_type: &str) -> Response<Body> {
    if let Some(base) = &fault.next_base {
        return next_moved_to(real_page, base, content_type);
    }
    let raw = |status: u16, ctype: &str, body: String| {
        let mut r = Response::new(Body::from(body));
        *r.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::OK);
        if let Ok(v) = HeaderValue::from_str(ctype) {
            r.headers_mut().insert(header::CONTENT_TYPE, v);
        }
        r
    };
    let mut resp = match fault.body.unwrap_or(FaultBody::Json) {
        FaultBody::Json => {
            let status = fault.status.unwrap_or(503);
            let code = fault
                .error_code
                .clone()
                .unwrap_or_else(|| default_code(status).to_string());
            let detail = fault.detail.clone().unwrap_or_else(|| default_detail(&code));
            ApiError::new(status, &code, detail).into_response()
        }
        FaultBody::Malformed => raw(
            fault.status.unwrap_or(200),
            content_type,
            "{\"links\":[{\"href\":\"x\",\"rel\":\"self\"}],\"results\":[{\"id\":\"5f3a\",,\"deliveryType\":download}"
                .into(),
        ),
        FaultBody::Truncated => {
            let mut cut = real_page.len() / 2;
            while !real_page.is_char_boundary(cut) {
                cut -= 1;
            }
            raw(200, content_type, real_page[..cut].to_string())
        }
        FaultBody::Html => {
            let status = fault.status.unwrap_or(502);
            let reason = StatusCode::from_u16(status)
                .ok()
                .and_then(|s| s.canonical_reason())
                .unwrap_or("Error");
            let body = format!(
                "<html>\r\n<head><title>{status} {reason}</title></head>\r\n<body>\r\n<center><h1>{status} {reason}</h1></center>\r\n</body>\r\n</html>\r\n"
            );
            raw(status, "text/html", body)
        }
        FaultBody::Empty => raw(200, content_type, String::new()),
        FaultBody::Reset => connection_reset(content_type),
    };
    if let Some(v) = fault
        .retry_after
        .as_deref()
        .and_then(|v| HeaderValue::from_str(v).ok())
    {
        resp.headers_mut().insert(header::RETRY_AFTER, v);
    }
    resp
}
