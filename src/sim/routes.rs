//! The HTTP side: one axum fallback handler that counts, authenticates
//! (digest or bearer token), checks the versioned `Accept`, rate-limits,
//! routes and renders, for both `/api/atlas/v2` and `/api/atlas/v1.0`
//! (projects, one project, clusters, one cluster, restore jobs, snapshots),
//! and the v2-only Flex clusters and their restore jobs ([`super::flex`]);
//! and the OAuth token endpoint `/api/oauth/token`.

use std::sync::Arc;
use std::sync::atomic::Ordering;

use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderValue, Method, Response, StatusCode, header};
use serde_json::Value;

use super::Shared;
use super::errors::ApiError;
use super::faults;
use super::flex;
use super::jobs::CancelCheck;
use super::lookup;
use super::oauth;
use super::paging::PageParams;
use super::ratelimit::Taken;
use super::route::Route;
use super::snapshots;

pub fn router(shared: Arc<Shared>) -> Router {
    Router::new().fallback(handle).with_state(shared)
}

/// The largest token request body read.
const MAX_FORM_BYTES: usize = 4096;

async fn handle(State(sim): State<Arc<Shared>>, req: Request) -> Response<Body> {
    sim.stats.requests.fetch_add(1, Ordering::Relaxed);
    let (parts, body) = req.into_parts();
    let resp = if parts.uri.path() == "/api/oauth/token" {
        let body = axum::body::to_bytes(body, MAX_FORM_BYTES).await;
        issue_token(&sim, &parts, &body.unwrap_or_default())
    } else {
        respond(&sim, &parts).await
    };
    if !sim.latency.is_zero() {
        tokio::time::sleep(sim.latency).await;
    }
    resp
}

fn with_content_type(mut resp: Response<Body>, ctype: &str) -> Response<Body> {
    if let Ok(v) = HeaderValue::from_str(ctype) {
        resp.headers_mut().insert(header::CONTENT_TYPE, v);
    }
    resp
}

fn json_response(status: StatusCode, body: &Value, ctype: &str) -> Response<Body> {
    let mut r = Response::new(Body::from(body.to_string()));
    *r.status_mut() = status;
    with_content_type(r, ctype)
}

/// `POST /api/oauth/token`: a bearer token for the service account.
fn issue_token(sim: &Shared, req: &Parts, body: &[u8]) -> Response<Body> {
    sim.stats.token_requests.fetch_add(1, Ordering::Relaxed);
    if req.method != Method::POST {
        return ApiError::method_not_allowed(req.method.as_str()).into_response();
    }
    let authz = req
        .headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok());
    match sim.oauth.issue(authz, body, sim.clock.now()) {
        Ok(reply) => json_response(StatusCode::OK, &reply, "application/json"),
        Err(error) => error.into_response(),
    }
}

async fn respond(sim: &Shared, req: &Parts) -> Response<Body> {
    let now = sim.clock.now();
    let uri = req.uri.path_and_query().map_or("/", |pq| pq.as_str());
    let authz = req
        .headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok());
    if let Some(token) = authz.and_then(|value| value.strip_prefix("Bearer ")) {
        if !sim.oauth.accepts(token.trim(), now) {
            return oauth::invalid_token().into_response();
        }
    } else if let Err(refusal) = sim.auth.verify(authz, req.method.as_str(), uri, now) {
        sim.stats.challenges.fetch_add(1, Ordering::Relaxed);
        if authz.is_some() {
            sim.stats.refused_answers.fetch_add(1, Ordering::Relaxed);
        }
        let mut resp = ApiError::unauthorized().into_response();
        let challenge = sim.auth.challenge(now, refusal.stale);
        if let Ok(v) = HeaderValue::from_str(&challenge) {
            resp.headers_mut().insert(header::WWW_AUTHENTICATE, v);
        }
        return resp;
    }
    let path = req.uri.path();
    let (v2, rest) = if let Some(rest) = path.strip_prefix("/api/atlas/v2/") {
        (true, rest)
    } else if let Some(rest) = path.strip_prefix("/api/atlas/v1.0/") {
        (false, rest)
    } else {
        return ApiError::resource_not_found(path).into_response();
    };
    let segments: Vec<&str> = rest.trim_end_matches('/').split('/').collect();
    let Some(route) = Route::parse(&segments) else {
        return ApiError::resource_not_found(path).into_response();
    };
    if !v2 && route.versions() == [flex::VERSION] {
        // The Flex API exists in v2 only.
        return ApiError::resource_not_found(path).into_response();
    }
    let method = &req.method;
    let deletable = matches!(route, Route::Job(..));
    if method != Method::GET && !(deletable && method == Method::DELETE) {
        return ApiError::method_not_allowed(method.as_str()).into_response();
    }
    let ctype = if v2 {
        let accept = req
            .headers
            .get(header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        match negotiate(accept, route.versions()) {
            Some(version) => format!("application/vnd.atlas.{version}+json"),
            None => return ApiError::not_acceptable().into_response(),
        }
    } else {
        "application/json".to_string()
    };
    let (limit, taken) = match sim.rate.lock() {
        Ok(mut rate) => (rate.limit(), Some(rate.take(&sim.public_key, now))),
        Err(_) => (0, None),
    };
    let remaining = match taken {
        Some(Taken::Remaining(n)) => n,
        Some(Taken::RetryAfter(secs)) => {
            let mut resp = ApiError::rate_limited().into_response();
            resp.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(secs));
            resp.headers_mut()
                .insert("ratelimit-limit", HeaderValue::from(limit));
            resp.headers_mut()
                .insert("ratelimit-remaining", HeaderValue::from(0));
            return resp;
        }
        None => limit,
    };
    let host = req
        .headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .map_or_else(|| sim.addr.to_string(), str::to_string);
    let base = format!("http://{host}/api/atlas/{}", if v2 { "v2" } else { "v1.0" });
    let self_url = format!("http://{host}{path}");
    let query = req.uri.query().unwrap_or("");
    let mut resp = match serve(sim, &route, method, &base, v2, &self_url, query, &ctype).await {
        Ok(r) => r,
        Err(e) => e.into_response(),
    };
    if resp.status().is_success() {
        let h = resp.headers_mut();
        h.insert("ratelimit-limit", HeaderValue::from(limit));
        h.insert("ratelimit-remaining", HeaderValue::from(remaining));
    }
    resp
}

/// The first of `versions` that the `Accept` header asks for.
fn negotiate(accept: &str, versions: &'static [&'static str]) -> Option<&'static str> {
    let wanted: Vec<&str> = accept
        .split(',')
        .map(|t| t.split(';').next().unwrap_or("").trim())
        .collect();
    versions
        .iter()
        .find(|v| {
            let media = format!("application/vnd.atlas.{v}+json");
            wanted.iter().any(|w| w.eq_ignore_ascii_case(&media))
        })
        .copied()
}

#[allow(clippy::too_many_arguments)]
async fn serve(
    sim: &Shared,
    route: &Route,
    method: &Method,
    base: &str,
    v2: bool,
    self_url: &str,
    query: &str,
    ctype: &str,
) -> Result<Response<Body>, ApiError> {
    let now = sim.clock.now();
    let ok = |body: &Value| Ok(json_response(StatusCode::OK, body, ctype));
    match route {
        Route::Groups => {
            let page = PageParams::from_query(query)?;
            let items = match sim.world.lock() {
                Ok(w) => w.projects.iter().map(|p| p.render(base)).collect(),
                Err(_) => Vec::new(),
            };
            ok(&page.envelope(items, self_url))
        }
        Route::Group(g) => {
            let w = sim.world.lock().map_err(|_| poisoned())?;
            let p = w.project(g).ok_or_else(|| ApiError::group_not_found(g))?;
            ok(&p.render(base))
        }
        Route::Clusters(g) => {
            let page = PageParams::from_query(query)?;
            let w = sim.world.lock().map_err(|_| poisoned())?;
            let p = w.project(g).ok_or_else(|| ApiError::group_not_found(g))?;
            let dedicated = p.clusters.iter().filter(|c| !c.spec.flex);
            let items = dedicated.map(|c| c.render(base, g)).collect();
            ok(&page.envelope(items, self_url))
        }
        Route::FlexClusters(g) => {
            let page = PageParams::from_query(query)?;
            let w = sim.world.lock().map_err(|_| poisoned())?;
            let p = w.project(g).ok_or_else(|| ApiError::group_not_found(g))?;
            let flex = p.clusters.iter().filter(|c| c.spec.flex);
            let items = flex.map(|c| flex::render_cluster(c, base, g)).collect();
            ok(&page.envelope(items, self_url))
        }
        Route::FlexCluster(g, c) => {
            let w = sim.world.lock().map_err(|_| poisoned())?;
            ok(&flex::render_cluster(
                lookup::flex_cluster(&w, g, c)?,
                base,
                g,
            ))
        }
        Route::FlexJob(g, c, j) => {
            let w = sim.world.lock().map_err(|_| poisoned())?;
            let cl = lookup::flex_cluster(&w, g, c)?;
            let job = cl.jobs.iter().find(|x| x.id == *j);
            let job = job.ok_or_else(|| ApiError::job_not_found(j))?;
            ok(&flex::render_job(job, now, base, g, c))
        }
        Route::Cluster(g, c) => {
            let w = sim.world.lock().map_err(|_| poisoned())?;
            let cl = lookup::cluster_of(&w, g, c)?;
            ok(&cl.render(base, g))
        }
        Route::Snapshots(g, c) => {
            let page = PageParams::from_query(query)?;
            let w = sim.world.lock().map_err(|_| poisoned())?;
            let cl = lookup::cluster_of(&w, g, c)?;
            let items = snapshots::list(cl, &cl.link_ctx(base, v2, g));
            ok(&page.envelope(items, self_url))
        }
        Route::Jobs(..) | Route::FlexJobs(..) => {
            sim.stats
                .restore_job_list_requests
                .fetch_add(1, Ordering::Relaxed);
            let page = PageParams::from_query(query)?;
            let (items, fault) = {
                let mut w = sim.world.lock().map_err(|_| poisoned())?;
                match route {
                    Route::FlexJobs(g, c) => {
                        let cl = lookup::flex_cluster_mut(&mut w, g, c)?;
                        let items = cl.jobs.iter();
                        let items = items.map(|j| flex::render_job(j, now, base, g, c));
                        (items.collect(), faults::pick(&mut cl.faults, &page))
                    }
                    Route::Jobs(g, c) => {
                        let cl = lookup::cluster_or_404(&mut w, g, c)?;
                        let ctx = cl.link_ctx(base, v2, g);
                        let items = cl.jobs.iter().map(|j| j.render(now, &ctx)).collect();
                        (items, faults::pick(&mut cl.faults, &page))
                    }
                    _ => return Err(poisoned()),
                }
            };
            let body = page.envelope(items, self_url);
            match fault {
                Some(f) => {
                    let delay = faults::delay(&f);
                    if !delay.is_zero() {
                        tokio::time::sleep(delay).await;
                    }
                    Ok(faults::respond(&f, &body.to_string(), ctype))
                }
                None => ok(&body),
            }
        }
        Route::Job(g, c, j) if method == Method::DELETE => {
            let mut w = sim.world.lock().map_err(|_| poisoned())?;
            let cl = lookup::cluster_or_404(&mut w, g, c)?;
            let job = cl.jobs.iter_mut().find(|x| x.id == *j);
            let job = job.ok_or_else(|| ApiError::job_not_found(j))?;
            // Atlas answers 204 for a job still running or a download whose
            // link is ready; 405 for jobs it refuses to cancel (sharded
            // restores, `"sim": {"cancel": "notAllowed"}`); 400 for a job that
            // already finished, failed, expired or was cancelled.
            match job.cancel_check(now) {
                CancelCheck::Allowed => {
                    job.cancelled_at = Some(now);
                    let mut r = Response::new(Body::empty());
                    *r.status_mut() = StatusCode::NO_CONTENT;
                    Ok(r)
                }
                CancelCheck::NotAllowed => Err(ApiError::new(
                    405,
                    "ATLAS_BACKUP_CANCEL_SHARD_RESTORE_JOB_NOT_ALLOWED",
                    "Cannot cancel a sharded cluster restore job.",
                )),
                CancelCheck::Finished => Err(ApiError::new(
                    400,
                    "CANNOT_CANCEL_RESTORE_JOB",
                    format!("Restore job {j} has already finished and cannot be cancelled."),
                )
                .with_params(&[j])),
            }
        }
        Route::Job(g, c, j) => {
            let w = sim.world.lock().map_err(|_| poisoned())?;
            let cl = lookup::cluster_of(&w, g, c)?;
            let job = cl.jobs.iter().find(|x| x.id == *j);
            let job = job.ok_or_else(|| ApiError::job_not_found(j))?;
            ok(&job.render(now, &cl.link_ctx(base, v2, g)))
        }
        Route::Snapshot(g, c, s) => {
            let w = sim.world.lock().map_err(|_| poisoned())?;
            let cl = lookup::cluster_of(&w, g, c)?;
            let snap = snapshots::find(cl, s, &cl.link_ctx(base, v2, g));
            ok(&snap.ok_or_else(|| ApiError::snapshot_not_found(s))?)
        }
    }
}

fn poisoned() -> ApiError {
    ApiError::new(500, "UNEXPECTED_ERROR", "Unexpected error.")
}
