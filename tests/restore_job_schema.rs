//! The simulator's replies checked against MongoDB's own schema (the
//! OpenAPI extract, see `restore_job_schema/spec.rs`), fetched over HTTP
//! with digest auth as any client would: every v2 restore-job page and every
//! single job of the demo scenario as it evolves (running, ready, failed,
//! expired, cancelled; sharded, point-in-time, automated, download), a
//! failing sharded download, the demo's Flex cluster against the Flex
//! schema (`FlexBackupRestoreJob20241113`), and Atlas error bodies. The extract has no
//! snapshot schema, so the snapshot list is not checked here (its shape is
//! tested in `tests/simulator/resources.rs`).

#[path = "restore_job_schema/spec.rs"]
mod spec;

use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

use atlas_restores::atlas::ClusterKind;
use atlas_restores::sim::{RateLimitConfig, Scenario, SimConfig, Simulator};
use diqwest::WithDigestAuth;
use jsonschema::Validator;
use serde_json::{Map, Value, json};

const V2: &str = "application/vnd.atlas.2023-01-01+json";
const FLEX: &str = "application/vnd.atlas.2024-11-13+json";
const G: &str = "5b6212af90dc76637950a2c6";

/// Fields real v2 traffic carries that the spec does not declare (the
/// simulator serves what the scenario gives; see shared/atlas-api.md).
const KNOWN_EXTRA: &[&str] = &["/targetDeploymentItemName"];

struct Checker {
    http: reqwest::Client,
    defs: Map<String, Value>,
    page: Validator,
    job: Validator,
    flex_page: Validator,
    flex_job: Validator,
    problems: Vec<String>,
    undeclared: BTreeSet<String>,
    /// How many jobs of each kind were checked.
    seen: BTreeMap<&'static str, usize>,
}

impl Checker {
    fn new() -> Checker {
        let defs = spec::definitions();
        Checker {
            http: reqwest::Client::new(),
            page: spec::validator(&defs, "PaginatedCloudBackupRestoreJobView"),
            job: spec::validator(&defs, "DiskBackupSnapshotRestoreJob"),
            flex_page: spec::validator(&defs, FLEX_PAGE),
            flex_job: spec::validator(&defs, "FlexBackupRestoreJob20241113"),
            defs,
            problems: Vec::new(),
            undeclared: BTreeSet::new(),
            seen: BTreeMap::new(),
        }
    }

    /// Every page (4 jobs a page, following `next`) and every job (by its
    /// `self` link) of one cluster.
    async fn cluster(&mut self, sim: &Simulator, group: &str, cluster: &str, phase: &str) {
        let mut next = Some(format!(
            "{}/api/atlas/v2/groups/{group}/clusters/{cluster}/backup/restoreJobs?itemsPerPage=4",
            sim.base_url()
        ));
        let mut pages = 0;
        while let Some(url) = next.take() {
            pages += 1;
            let (status, page) = get(&self.http, sim, &url, Some(V2)).await;
            assert_eq!(status, 200, "{url}");
            let what = format!("{phase} {cluster} page {pages}");
            self.problems
                .extend(spec::violations(&self.page, &page, &what));
            for path in spec::undeclared(&self.defs, "PaginatedCloudBackupRestoreJobView", &page) {
                self.undeclared.insert(normalise(&path));
            }
            for job in page["results"].as_array().expect("results") {
                self.job(sim, job, &what).await;
            }
            next = page["links"]
                .as_array()
                .into_iter()
                .flatten()
                .find(|l| l["rel"] == "next")
                .and_then(|l| l["href"].as_str())
                .map(str::to_string);
        }
    }

    /// Every page (2 jobs a page) and every job of one Flex cluster,
    /// against the Flex schema.
    async fn flex_cluster(&mut self, sim: &Simulator, group: &str, cluster: &str, phase: &str) {
        let mut next = Some(format!(
            "{}/api/atlas/v2/groups/{group}/flexClusters/{cluster}/backup/restoreJobs?itemsPerPage=2",
            sim.base_url()
        ));
        let mut pages = 0;
        while let Some(url) = next.take() {
            pages += 1;
            let (status, page) = get(&self.http, sim, &url, Some(FLEX)).await;
            assert_eq!(status, 200, "{url}");
            let what = format!("{phase} Flex {cluster} page {pages}");
            self.problems
                .extend(spec::violations(&self.flex_page, &page, &what));
            for path in spec::undeclared(&self.defs, FLEX_PAGE, &page) {
                self.undeclared.insert(normalise(&path));
            }
            for job in page["results"].as_array().expect("results") {
                let href = job["links"][0]["href"].as_str().expect("self link");
                let (status, one) = get(&self.http, sim, href, Some(FLEX)).await;
                assert_eq!((status, &one), (200, job), "{href}");
                let what = format!("{what} job {}", job["id"]);
                self.problems
                    .extend(spec::violations(&self.flex_job, &one, &what));
                let kind = match (one["deliveryType"].as_str(), one["status"].as_str()) {
                    (Some("DOWNLOAD"), Some("COMPLETED")) if one.get("snapshotUrl").is_some() => {
                        "Flex download ready"
                    }
                    (Some("DOWNLOAD"), Some("COMPLETED")) => "Flex download expired",
                    (_, Some("COMPLETED")) => "Flex restore completed",
                    (_, Some("FAILED")) => "Flex failed",
                    (_, Some("PENDING" | "QUEUED" | "RUNNING")) => "Flex in progress",
                    _ => "Flex other",
                };
                *self.seen.entry(kind).or_default() += 1;
            }
            next = page["links"]
                .as_array()
                .into_iter()
                .flatten()
                .find(|l| l["rel"] == "next")
                .and_then(|l| l["href"].as_str())
                .map(str::to_string);
        }
    }

    async fn job(&mut self, sim: &Simulator, listed: &Value, what: &str) {
        let href = listed["links"][0]["href"].as_str().expect("self link");
        let (status, one) = get(&self.http, sim, href, Some(V2)).await;
        assert_eq!((status, &one), (200, listed), "{href}");
        let what = format!("{what} job {}", listed["id"]);
        self.problems
            .extend(spec::violations(&self.job, &one, &what));
        for kind in kinds(&one) {
            *self.seen.entry(kind).or_default() += 1;
        }
    }

    /// An error reply: the status and Atlas's `ApiError` shape.
    async fn error(
        &mut self,
        sim: &Simulator,
        path: &str,
        accept: Option<&str>,
        auth: bool,
    ) -> u16 {
        let url = format!("{}{path}", sim.base_url());
        let (status, body) = if auth {
            get(&self.http, sim, &url, accept).await
        } else {
            let resp = self.http.get(&url).send().await.expect("request");
            let status = resp.status().as_u16();
            (status, resp.json().await.expect("JSON error body"))
        };
        let error = spec::validator(&self.defs, "ApiError");
        self.problems
            .extend(spec::violations(&error, &body, &format!("{status} {path}")));
        status
    }
}

const FLEX_PAGE: &str = "PaginatedApiAtlasFlexBackupRestoreJob20241113View";

/// `/results/3/components/1/downloadUrl` → `/components/*/downloadUrl`.
fn normalise(path: &str) -> String {
    let path = path
        .strip_prefix("/results/")
        .map_or(path.to_string(), |rest| {
            rest.split_once('/')
                .map_or(String::new(), |(_, r)| format!("/{r}"))
        });
    path.split('/')
        .map(|s| if s.parse::<u64>().is_ok() { "*" } else { s })
        .collect::<Vec<_>>()
        .join("/")
}

/// The kinds of restore job `job` counts as.
fn kinds(job: &Value) -> Vec<&'static str> {
    let flag = |f: &str| job[f] == Value::Bool(true);
    let download = job["deliveryType"] == "download";
    let sharded = job["components"].as_array().is_some_and(|c| !c.is_empty());
    let ready = job["deliveryUrl"].as_array().is_some_and(|u| !u.is_empty());
    let mut k = Vec::new();
    match job["deliveryType"].as_str() {
        Some("automated") => k.push("automated"),
        Some("pointInTime") => k.push("pointInTime"),
        Some("download") => k.push("download"),
        _ => k.push("other"),
    }
    let pairs = [
        (sharded, "sharded"),
        (
            job.get("finishedAt").is_none() && !flag("cancelled"),
            "running",
        ),
        (download && ready, "download ready"),
        (download && sharded && ready, "sharded download ready"),
        (download && flag("expired"), "download expired"),
        (
            download && sharded && flag("expired"),
            "sharded download expired",
        ),
        (flag("failed"), "failed"),
        (download && flag("failed"), "download failed"),
        (flag("cancelled"), "cancelled"),
        (download && flag("cancelled"), "download cancelled"),
    ];
    k.extend(pairs.iter().filter(|(on, _)| *on).map(|(_, name)| *name));
    k
}

async fn get(
    http: &reqwest::Client,
    sim: &Simulator,
    url: &str,
    accept: Option<&str>,
) -> (u16, Value) {
    let mut req = http.get(url);
    if let Some(accept) = accept {
        req = req.header("Accept", accept);
    }
    let resp = req
        .send_digest_auth((sim.public_key(), sim.private_key()))
        .await
        .expect("request");
    let status = resp.status().as_u16();
    (status, resp.json().await.expect("JSON body"))
}

/// A simulator pinned at one instant, with a rate limit no walk reaches.
async fn start(scenario: Scenario) -> Simulator {
    let mut config = SimConfig::new(scenario);
    config.start = chrono::DateTime::from_timestamp(1_796_392_800, 0);
    config.rate_limit = RateLimitConfig {
        limit: 1_000_000,
        refill_per_second: 10.0,
    };
    Simulator::start(config).await.expect("start")
}

/// A sharded cluster whose download fails, and one cancelled while running.
fn failing_scenario() -> Scenario {
    let components = json!([{"replicaSetName": "rs-shard-0"}, {"replicaSetName": "rs-shard-1"}]);
    let text = json!({"projects": [{"id": G, "name": "extra", "clusters": [{
    "name": "ledger", "clusterType": "SHARDED",
    "replicaSetNames": ["rs-shard-0", "rs-shard-1"],
    "jobs": [
        {"created": "-2m", "deliveryType": "download", "timestamp": "-2m 2h",
         "sim": {"failAfter": "1m"}, "components": components},
        {"created": "-1m", "deliveryType": "download", "timestamp": "-1m 2h",
         "sim": {"readyAfter": "5m"}, "components": components}
    ]}]}]});
    Scenario::from_json(&text.to_string()).expect("scenario")
}

#[tokio::test]
async fn simulator_replies_follow_mongodb_schema() {
    let mut check = Checker::new();
    let demo = Scenario::demo();
    let sim = start(demo.clone()).await;
    // Cancel one running download (the first one catalog-prod lists).
    let (g, c) = demo
        .targets()
        .into_iter()
        .find(|(_, c)| c == "catalog-prod")
        .expect("catalog-prod in the demo");
    let list = format!(
        "{}/api/atlas/v2/groups/{g}/clusters/{c}/backup/restoreJobs",
        sim.base_url()
    );
    let (_, page) = get(&check.http, &sim, &list, Some(V2)).await;
    let running = page["results"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|j| j["deliveryType"] == "download" && j.get("finishedAt").is_none())
        .and_then(|j| j["id"].as_str())
        .expect("a running download");
    let resp = check
        .http
        .delete(format!("{list}/{running}"))
        .header("Accept", V2)
        .send_digest_auth((sim.public_key(), sim.private_key()))
        .await
        .expect("cancel");
    assert_eq!(resp.status().as_u16(), 204);
    // As started, once every job has become ready or failed, and once the
    // new download links have expired.
    for (phase, advance) in [("start", 0), ("+6m", 6 * 60), ("+3h", 3 * 3600)] {
        sim.advance(Duration::from_secs(advance));
        for (g, c) in demo.targets_of(ClusterKind::Dedicated) {
            check.cluster(&sim, &g, &c, phase).await;
        }
        for (g, c) in demo.targets_of(ClusterKind::Flex) {
            check.flex_cluster(&sim, &g, &c, phase).await;
        }
    }
    let extra = start(failing_scenario()).await;
    let (_, page) = get(
        &check.http,
        &extra,
        &format!(
            "{}/api/atlas/v2/groups/{G}/clusters/ledger/backup/restoreJobs",
            extra.base_url()
        ),
        Some(V2),
    )
    .await;
    let running = page["results"][0]["id"]
        .as_str()
        .expect("an id")
        .to_string();
    let resp = check
        .http
        .delete(format!(
            "{}/api/atlas/v2/groups/{G}/clusters/ledger/backup/restoreJobs/{running}",
            extra.base_url()
        ))
        .header("Accept", V2)
        .send_digest_auth((extra.public_key(), extra.private_key()))
        .await
        .expect("cancel");
    assert_eq!(resp.status().as_u16(), 204, "a running sharded download");
    for (phase, advance) in [("extra start", 0), ("extra +2m", 120)] {
        extra.advance(Duration::from_secs(advance));
        check.cluster(&extra, G, "ledger", phase).await;
    }
    // Atlas error bodies: 404, 406 and 401; the wrong API's 400s.
    let missing = format!("/api/atlas/v2/groups/{G}/clusters/nope/backup/restoreJobs");
    assert_eq!(check.error(&extra, &missing, Some(V2), true).await, 404);
    let future = "application/vnd.atlas.2099-01-01+json";
    assert_eq!(check.error(&extra, &missing, Some(future), true).await, 406);
    assert_eq!(check.error(&extra, &missing, Some(V2), false).await, 401);
    let (fg, fc) = demo.targets_of(ClusterKind::Flex).remove(0);
    let flex_via_dedicated = format!("/api/atlas/v2/groups/{fg}/clusters/{fc}/backup/restoreJobs");
    assert_eq!(
        check.error(&sim, &flex_via_dedicated, Some(V2), true).await,
        400
    );
    let (dg, dc) = demo.targets_of(ClusterKind::Dedicated).remove(0);
    let dedicated_via_flex =
        format!("/api/atlas/v2/groups/{dg}/flexClusters/{dc}/backup/restoreJobs");
    assert_eq!(
        check
            .error(&sim, &dedicated_via_flex, Some(FLEX), true)
            .await,
        400
    );
    let flex_jobs = format!("/api/atlas/v2/groups/{fg}/flexClusters/{fc}/backup/restoreJobs");
    assert_eq!(check.error(&sim, &flex_jobs, Some(V2), true).await, 406);

    assert!(
        check.problems.is_empty(),
        "{} schema violations:\n{}",
        check.problems.len(),
        check.problems.join("\n")
    );
    let unknown: Vec<&String> = check
        .undeclared
        .iter()
        .filter(|p| !KNOWN_EXTRA.contains(&p.as_str()))
        .collect();
    assert!(
        unknown.is_empty(),
        "fields the spec does not declare: {unknown:?}"
    );
    // The walk met every kind of job it is meant to check.
    for kind in [
        "automated",
        "pointInTime",
        "download",
        "sharded",
        "running",
        "download ready",
        "sharded download ready",
        "download expired",
        "sharded download expired",
        "failed",
        "download failed",
        "cancelled",
        "download cancelled",
        "Flex download ready",
        "Flex download expired",
        "Flex restore completed",
        "Flex failed",
        "Flex in progress",
    ] {
        assert!(
            check.seen.get(kind).is_some_and(|n| *n > 0),
            "no {kind} job in {:?}",
            check.seen
        );
    }
}

#[test]
fn the_schema_refuses_what_the_simulator_used_to_send() {
    // The check is not vacuous: the expired sharded download as the
    // simulator served it before (`downloadUrl: null`) is refused, and so
    // are a job without its `deliveryType` and a page whose `results` is
    // not an array.
    let defs = spec::definitions();
    let job = spec::validator(&defs, "DiskBackupSnapshotRestoreJob");
    let page = spec::validator(&defs, "PaginatedCloudBackupRestoreJobView");
    let old = json!({"deliveryType": "download", "expired": true, "deliveryUrl": [],
        "components": [{"replicaSetName": "rs0", "downloadUrl": null}]});
    let found = spec::violations(&job, &old, "old");
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].contains("/components/0/downloadUrl"), "{found:?}");
    let now = json!({"deliveryType": "download", "expired": true, "deliveryUrl": [],
        "components": [{"replicaSetName": "rs0"}],
        "desiredTimestamp": {"date": "2026-11-28T14:00:00Z", "increment": 3}});
    assert!(job.is_valid(&now));
    assert!(!job.is_valid(&json!({"id": "5b6212af90dc76637950a2c6"})));
    assert!(!job.is_valid(&json!({"deliveryType": "download", "finishedAt": "yesterday"})));
    assert!(!page.is_valid(&json!({"results": {}})));
    // The Flex schema refuses a dedicated job's spelling of its enums.
    let flex = spec::validator(&defs, "FlexBackupRestoreJob20241113");
    assert!(flex.is_valid(&json!({"deliveryType": "DOWNLOAD", "status": "COMPLETED"})));
    assert!(!flex.is_valid(&json!({"deliveryType": "download"})));
    assert!(!flex.is_valid(&json!({"status": "DONE"})));
    assert!(!flex.is_valid(&json!({"expirationDate": "soon"})));
}
