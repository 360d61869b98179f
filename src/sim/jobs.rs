//! One restore job as it evolves on the simulator clock: in progress until
//! `readyAfter`/`failAfter`, then finished (with download links that expire
//! an hour later), or cancelled through DELETE; rendered per API version.

use chrono::{DateTime, TimeDelta, Utc};
use serde_json::{Map, Value, json};

use super::digest::md5_hex;
use super::scenario::JobSim;
use super::times::{date_field, parse_duration, rfc3339};

/// A job of the live world.
#[derive(Debug, Clone)]
pub struct Job {
    pub id: String,
    pub created: DateTime<Utc>,
    /// The scenario's fields with times resolved, `id` and `snapshotId` set;
    /// without the simulator-only `created` and `sim` keys.
    pub raw: Map<String, Value>,
    pub ready_at: Option<DateTime<Utc>>,
    pub fail_at: Option<DateTime<Utc>>,
    pub cancel_not_allowed: bool,
    pub cancelled_at: Option<DateTime<Utc>>,
}

/// Where links point: `base` is e.g. `http://127.0.0.1:PORT/api/atlas/v2`.
pub struct LinkCtx<'a> {
    pub base: &'a str,
    pub v2: bool,
    pub group: &'a str,
    pub cluster: &'a str,
    pub sharded: bool,
}

impl LinkCtx<'_> {
    pub fn rel(&self, name: &str) -> String {
        if self.v2 {
            format!("https://cloud.mongodb.com/{name}")
        } else {
            format!("http://mms.mongodb.com/{name}")
        }
    }

    pub fn group_href(&self) -> String {
        format!("{}/groups/{}", self.base, self.group)
    }

    pub fn cluster_href(&self) -> String {
        format!("{}/clusters/{}", self.group_href(), self.cluster)
    }

    pub fn snapshot_href(&self, id: &str) -> String {
        let kind = if self.sharded { "shardedCluster/" } else { "" };
        format!("{}/backup/snapshots/{kind}{id}", self.cluster_href())
    }
}

/// What a DELETE may do with a job right now.
pub enum CancelCheck {
    Allowed,
    /// 405: the scenario marked the job as not cancellable.
    NotAllowed,
    /// 400: the job already finished, failed, expired or was cancelled.
    Finished,
}

impl Job {
    /// `readyAfter` and `failAfter` count from `start`, the simulator's
    /// start, so that a job given an old `id` still evolves while watched.
    pub fn new(
        id: String,
        created: DateTime<Utc>,
        raw: Map<String, Value>,
        sim: &JobSim,
        start: DateTime<Utc>,
    ) -> Job {
        let after = |d: &Option<String>| {
            d.as_deref()
                .and_then(|d| parse_duration(d).ok())
                .and_then(|d| TimeDelta::from_std(d).ok())
                .map(|d| start + d)
        };
        Job {
            id,
            created,
            raw,
            ready_at: after(&sim.ready_after),
            fail_at: after(&sim.fail_after),
            cancel_not_allowed: sim.cancel.is_some(),
            cancelled_at: None,
        }
    }

    fn is_download(&self) -> bool {
        self.raw.get("deliveryType").and_then(Value::as_str) == Some("download")
    }

    /// A plausible download URL for this job (or one shard of it).
    pub(super) fn download_url(&self, part: Option<&str>) -> String {
        let name = match part {
            Some(rs) => format!("restore-{}-{rs}", self.id),
            None => format!("restore-{}", self.id),
        };
        let token = &md5_hex(&name)[..20];
        format!("https://{name}.sim.mongodb.net:27017/{token}/{name}.tar.gz")
    }

    /// The job as Atlas would serve it at `now`.
    pub fn render(&self, now: DateTime<Utc>, ctx: &LinkCtx) -> Value {
        let mut o = self.raw.clone();
        let download = self.is_download();
        let running = |at: Option<DateTime<Utc>>| at.is_some_and(|t| now < t);
        if self.cancelled_at.is_some() {
            o.insert("cancelled".into(), Value::Bool(true));
        }
        let cancelled = o.get("cancelled") == Some(&Value::Bool(true));
        if cancelled {
            if download && running(self.ready_at) {
                withdraw_links(&mut o);
                o.remove("expiresAt");
            }
        } else if running(self.ready_at) || running(self.fail_at) {
            o.remove("finishedAt");
            o.insert("failed".into(), Value::Bool(false));
            if download {
                o.remove("expiresAt");
                withdraw_links(&mut o);
            }
        } else if let Some(t) = self.fail_at {
            o.insert("failed".into(), Value::Bool(true));
            o.entry("finishedAt").or_insert_with(|| rfc3339(t).into());
            if download {
                withdraw_links(&mut o);
            }
        } else if let Some(t) = self.ready_at {
            o.entry("finishedAt").or_insert_with(|| rfc3339(t).into());
            if download {
                self.fill_links(&mut o);
                let expires = rfc3339(t + TimeDelta::hours(1));
                o.entry("expiresAt").or_insert_with(|| expires.into());
            }
        }
        let failed = o.get("failed") == Some(&Value::Bool(true));
        let expires = date_field(&o, "expiresAt");
        if download && !cancelled && !failed && expires.is_some_and(|t| t <= now) {
            o.insert("expired".into(), Value::Bool(true));
            withdraw_links(&mut o);
        }
        for flag in ["cancelled", "expired", "failed"] {
            o.entry(flag).or_insert(Value::Bool(false));
        }
        if ctx.v2 {
            o.remove("createdAt");
            if let Some(Value::String(url)) = o.get("deliveryUrl") {
                let wrapped = json!([url]);
                o.insert("deliveryUrl".into(), wrapped);
            }
        }
        let mut links = vec![json!({
            "href": format!("{}/backup/restoreJobs/{}", ctx.cluster_href(), self.id),
            "rel": "self"
        })];
        if let Some(s) = o.get("snapshotId").and_then(Value::as_str) {
            links.push(json!({"href": ctx.snapshot_href(s), "rel": ctx.rel("snapshot")}));
        }
        links.push(json!({"href": ctx.cluster_href(), "rel": ctx.rel("cluster")}));
        links.push(json!({"href": ctx.group_href(), "rel": ctx.rel("group")}));
        o.insert("links".into(), Value::Array(links));
        o.sort_keys();
        Value::Object(o)
    }

    /// Sets the download URLs of a ready job unless the scenario gave them.
    fn fill_links(&self, o: &mut Map<String, Value>) {
        let has_url = match o.get("deliveryUrl") {
            Some(Value::String(s)) => !s.is_empty(),
            Some(Value::Array(a)) => !a.is_empty(),
            _ => false,
        };
        if !has_url {
            o.insert("deliveryUrl".into(), json!([self.download_url(None)]));
        }
        if let Some(Value::Array(components)) = o.get_mut("components") {
            for c in components.iter_mut().filter_map(Value::as_object_mut) {
                if c.get("downloadUrl").is_none_or(Value::is_null) {
                    let rs = c.get("replicaSetName").and_then(Value::as_str);
                    let url = self.download_url(Some(rs.unwrap_or("shard")));
                    c.insert("downloadUrl".into(), url.into());
                }
            }
        }
    }

    /// Whether a DELETE may cancel the job at `now`.
    pub fn cancel_check(&self, now: DateTime<Utc>) -> CancelCheck {
        if self.cancel_not_allowed {
            return CancelCheck::NotAllowed;
        }
        let ctx = LinkCtx {
            base: "",
            v2: true,
            group: "",
            cluster: "",
            sharded: false,
        };
        let view = self.render(now, &ctx);
        let flag = |f: &str| view.get(f) == Some(&Value::Bool(true));
        if flag("cancelled") || flag("failed") || flag("expired") {
            return CancelCheck::Finished;
        }
        // A ready download may still be cancelled (it withdraws the link);
        // a finished automated or point-in-time restore may not.
        if view.get("finishedAt").is_some() && !self.is_download() {
            return CancelCheck::Finished;
        }
        CancelCheck::Allowed
    }
}

/// Removes download links: `deliveryUrl: []`, no private URLs, and no
/// `downloadUrl` on any component. Atlas omits a component's URL once it has
/// expired (MongoDB's schema types it as a string: `null` is not allowed).
fn withdraw_links(o: &mut Map<String, Value>) {
    o.insert("deliveryUrl".into(), json!([]));
    o.remove("privateDownloadDeliveryUrls");
    if let Some(Value::Array(components)) = o.get_mut("components") {
        for c in components.iter_mut().filter_map(Value::as_object_mut) {
            c.remove("privateDownloadDeliveryUrls");
            c.remove("downloadUrl");
        }
    }
}
