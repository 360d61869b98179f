//! Black-box tests of the embedded Atlas simulator over real HTTP on
//! 127.0.0.1, with reqwest + diqwest as a client would use them.

use std::time::Duration;

use atlas_restores::sim::{Scenario, SimConfig, Simulator};
use diqwest::{DigestAuthSession, WithDigestAuth};
use md5::{Digest, Md5};
use reqwest::header::HeaderMap;
use serde_json::{Value, json};

const V2: &str = "application/vnd.atlas.2023-01-01+json";
const G: &str = "5b6212af90dc76637950a2c6";
const SNAP: &str = "5b6211ff87d9d663c59d3dee";

struct Reply {
    status: u16,
    headers: HeaderMap,
    text: String,
}

impl Reply {
    fn json(&self) -> Value {
        serde_json::from_str(&self.text).expect("JSON body")
    }
    fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }
}

async fn start(scenario: Value) -> Simulator {
    let scenario = Scenario::from_json(&scenario.to_string()).expect("scenario");
    Simulator::start(SimConfig::new(scenario))
        .await
        .expect("start")
}

/// One cluster "orders" in project G with the given jobs and faults.
fn one_cluster(jobs: Value, faults: Value, generated: u32) -> Value {
    json!({"projects": [{"id": G, "name": "prod", "clusters": [{
        "name": "orders", "jobs": jobs, "faults": faults, "generatedJobs": generated,
        "missingSnapshots": ["5b6211ff87d9d663c59d3fff"]}]}]})
}

fn jobs_path(v: &str) -> String {
    format!("/api/atlas/{v}/groups/{G}/clusters/orders/backup/restoreJobs")
}

async fn call(sim: &Simulator, method: reqwest::Method, path: &str, accept: Option<&str>) -> Reply {
    let url = format!("{}{path}", sim.base_url());
    let mut req = reqwest::Client::new().request(method, url);
    if let Some(a) = accept {
        req = req.header("Accept", a);
    }
    let resp = req
        .send_digest_auth((sim.public_key(), sim.private_key()))
        .await
        .expect("request");
    Reply {
        status: resp.status().as_u16(),
        headers: resp.headers().clone(),
        text: resp.text().await.expect("body"),
    }
}

async fn get(sim: &Simulator, path: &str) -> Reply {
    let accept = if path.contains("/v1.0/") {
        "application/json"
    } else {
        V2
    };
    call(sim, reqwest::Method::GET, path, Some(accept)).await
}

async fn list_jobs(sim: &Simulator) -> Value {
    get(sim, &jobs_path("v2")).await.json()["results"].clone()
}

async fn delete(sim: &Simulator, id: String) -> Reply {
    let path = format!("{}/{id}", jobs_path("v2"));
    call(sim, reqwest::Method::DELETE, &path, Some(V2)).await
}

fn md5_hex(s: &str) -> String {
    Md5::digest(s.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A hand-made digest answer, to control `nc`.
fn authorization(sim: &Simulator, nonce: &str, nc: u32, uri: &str, key: &str) -> String {
    let realm = "MMS Public API";
    let ha1 = md5_hex(&format!("{}:{realm}:{key}", sim.public_key()));
    let ha2 = md5_hex(&format!("GET:{uri}"));
    let (nc, cnonce) = (format!("{nc:08x}"), "0a4f113b");
    let response = md5_hex(&format!("{ha1}:{nonce}:{nc}:{cnonce}:auth:{ha2}"));
    format!(
        "Digest username=\"{}\", realm=\"{realm}\", nonce=\"{nonce}\", uri=\"{uri}\", \
         algorithm=MD5, qop=auth, nc={nc}, cnonce=\"{cnonce}\", response=\"{response}\"",
        sim.public_key()
    )
}

async fn raw_get(sim: &Simulator, uri: &str, auth: Option<String>) -> Reply {
    let mut req = reqwest::Client::new()
        .get(format!("{}{uri}", sim.base_url()))
        .header("Accept", V2);
    if let Some(a) = auth {
        req = req.header("Authorization", a);
    }
    let resp = req.send().await.expect("request");
    Reply {
        status: resp.status().as_u16(),
        headers: resp.headers().clone(),
        text: resp.text().await.expect("body"),
    }
}

fn nonce_of(r: &Reply) -> String {
    let h = r.header("www-authenticate");
    let start = h.find("nonce=\"").expect("nonce") + 7;
    h[start..].split('"').next().expect("nonce").to_string()
}

#[tokio::test]
async fn challenge_is_atlas_shaped() {
    let sim = start(one_cluster(json!([]), json!([]), 0)).await;
    let r = raw_get(&sim, "/api/atlas/v2/groups", None).await;
    assert_eq!(r.status, 401);
    let h = r.header("www-authenticate");
    assert!(
        h.starts_with("Digest realm=\"MMS Public API\", domain=\"\", nonce=\""),
        "{h}"
    );
    assert!(
        h.ends_with("\", algorithm=MD5, qop=\"auth\", stale=false"),
        "{h}"
    );
    assert!(!h.contains("opaque"));
    assert_eq!(r.header("content-type"), "application/json");
    let body = r.json();
    assert_eq!(body["error"], 401);
    assert!(body["errorCode"].is_string() && body["detail"].is_string());
    assert_eq!(sim.stats().challenges, 1);
}

#[tokio::test]
async fn digest_accepts_the_keys_and_refuses_a_wrong_one() {
    let sim = start(one_cluster(json!([]), json!([]), 0)).await;
    let r = get(&sim, "/api/atlas/v2/groups").await;
    assert_eq!(r.status, 200);
    assert_eq!(r.header("content-type"), V2);
    assert_eq!(r.header("ratelimit-limit"), "100");
    let url = format!("{}/api/atlas/v2/groups", sim.base_url());
    let resp = reqwest::Client::new()
        .get(url)
        .header("Accept", V2)
        .send_digest_auth((sim.public_key(), "wrong"))
        .await
        .expect("request");
    assert_eq!(resp.status().as_u16(), 401);
    let h = resp.headers()["www-authenticate"].to_str().expect("header");
    assert!(h.ends_with("stale=false"), "{h}");
}

#[tokio::test]
async fn nonce_reuse_replay_and_expiry() {
    let sim = start(one_cluster(json!([]), json!([]), 0)).await;
    let uri = "/api/atlas/v2/groups?pageNum=1";
    let nonce = nonce_of(&raw_get(&sim, uri, None).await);
    let key = sim.private_key().to_string();
    for nc in [1, 2, 5] {
        let r = raw_get(&sim, uri, Some(authorization(&sim, &nonce, nc, uri, &key))).await;
        assert_eq!(r.status, 200, "nc {nc}");
    }
    let replay = raw_get(&sim, uri, Some(authorization(&sim, &nonce, 5, uri, &key))).await;
    assert_eq!(replay.status, 401);
    assert!(replay.header("www-authenticate").ends_with("stale=false"));
    let wrong_uri = raw_get(&sim, uri, Some(authorization(&sim, &nonce, 6, "/x", &key))).await;
    assert_eq!(wrong_uri.status, 401);
    sim.advance(Duration::from_secs(301));
    let stale = raw_get(&sim, uri, Some(authorization(&sim, &nonce, 7, uri, &key))).await;
    assert_eq!(stale.status, 401);
    assert!(stale.header("www-authenticate").ends_with("stale=true"));

    // diqwest's session reuses the nonce; every request still succeeds.
    let session = DigestAuthSession::new(sim.public_key(), sim.private_key());
    let client = reqwest::Client::new();
    for _ in 0..3 {
        let resp = client
            .get(format!("{}{uri}", sim.base_url()))
            .header("Accept", V2)
            .send_digest_auth(&session)
            .await
            .expect("request");
        assert_eq!(resp.status().as_u16(), 200);
    }
}

#[tokio::test]
async fn v2_needs_the_versioned_accept() {
    let sim = start(one_cluster(json!([]), json!([]), 0)).await;
    let path = jobs_path("v2");
    for accept in [
        None,
        Some("application/json"),
        Some("application/vnd.atlas.2099-01-01+json"),
    ] {
        let r = call(&sim, reqwest::Method::GET, &path, accept).await;
        assert_eq!(r.status, 406, "{accept:?}");
        assert_eq!(r.json()["errorCode"], "INVALID_VERSION_DATE");
        assert_eq!(r.header("x-error-code"), "INVALID_VERSION_DATE");
    }
    let clusters = format!("/api/atlas/v2/groups/{G}/clusters");
    let accept = "application/vnd.atlas.2024-08-05+json";
    let r = call(&sim, reqwest::Method::GET, &clusters, Some(accept)).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.header("content-type"), accept);
    let c = &r.json()["results"][0];
    assert_eq!(
        (c["name"].as_str(), c["groupId"].as_str()),
        (Some("orders"), Some(G))
    );
    assert_eq!(c["backupEnabled"], true);
}

#[tokio::test]
async fn v1_serves_jobs_as_stored_and_v2_normalises() {
    let job = json!({"created": "-2h", "deliveryType": "download", "createdAt": "-2h",
        "deliveryUrl": "https://restore.mongodb.net:27017/restore-x.tar.gz",
        "expiresAt": "+1h", "finishedAt": "-1h", "snapshotId": SNAP, "timestamp": "-3h"});
    let sim = start(one_cluster(json!([job]), json!([]), 0)).await;
    let v1 = get(&sim, &jobs_path("v1.0")).await;
    assert_eq!(v1.status, 200);
    assert_eq!(v1.header("content-type"), "application/json");
    let j1 = &v1.json()["results"][0];
    assert!(j1["deliveryUrl"].is_string());
    assert!(j1["createdAt"].is_string());
    assert_eq!(
        &j1["id"].as_str().expect("id")[..8],
        &format!(
            "{:08x}",
            (sim.now() - chrono::TimeDelta::hours(2)).timestamp()
        )[..8]
    );
    let rels: Vec<&str> = j1["links"]
        .as_array()
        .expect("links")
        .iter()
        .filter_map(|l| l["rel"].as_str())
        .collect();
    assert_eq!(
        rels,
        [
            "self",
            "http://mms.mongodb.com/snapshot",
            "http://mms.mongodb.com/cluster",
            "http://mms.mongodb.com/group"
        ]
    );
    let v2 = get(&sim, &jobs_path("v2")).await.json();
    let j2 = &v2["results"][0];
    assert_eq!(
        j2["deliveryUrl"],
        json!(["https://restore.mongodb.net:27017/restore-x.tar.gz"])
    );
    assert!(j2.get("createdAt").is_none());
    assert!(j2.get("created").is_none() && j2.get("sim").is_none());
    assert_eq!(j2["links"][1]["rel"], "https://cloud.mongodb.com/snapshot");
    // Links are followable as given.
    let href = j2["links"][0]["href"].as_str().expect("href");
    let own = get(&sim, href.trim_start_matches(&sim.base_url())).await;
    assert_eq!(own.json()["id"], j2["id"]);
    let snap = get(
        &sim,
        j2["links"][1]["href"]
            .as_str()
            .expect("href")
            .trim_start_matches(&sim.base_url()),
    )
    .await;
    assert_eq!(snap.status, 200);
    let s = snap.json();
    assert_eq!(
        (s["id"].as_str(), s["status"].as_str(), s["type"].as_str()),
        (Some(SNAP), Some("completed"), Some("replicaSet"))
    );
}

#[tokio::test]
async fn pages_of_generated_jobs() {
    let sim = start(one_cluster(json!([]), json!([]), 1234)).await;
    let mut ids = std::collections::HashSet::new();
    let mut next = Some(format!("{}?itemsPerPage=500", jobs_path("v2")));
    let mut pages = 0;
    let mut last_created = u64::MAX;
    while let Some(path) = next.take() {
        let page = get(&sim, &path).await.json();
        pages += 1;
        assert_eq!(page["totalCount"], 1234);
        for j in page["results"].as_array().expect("results") {
            let id = j["id"].as_str().expect("id").to_string();
            let created = u64::from_str_radix(&id[..8], 16).expect("hex");
            assert!(created <= last_created, "newest first");
            last_created = created;
            assert!(ids.insert(id));
        }
        let links = page["links"].as_array().expect("links");
        assert_eq!(links.iter().any(|l| l["rel"] == "previous"), pages > 1);
        next = links
            .iter()
            .find(|l| l["rel"] == "next")
            .and_then(|l| l["href"].as_str())
            .map(|h| h.trim_start_matches(&sim.base_url()).to_string());
    }
    assert_eq!((pages, ids.len()), (3, 1234));
    let bad = get(&sim, &format!("{}?itemsPerPage=501", jobs_path("v2"))).await;
    assert_eq!(bad.status, 400);
    assert_eq!(bad.json()["errorCode"], "INVALID_QUERY_PARAMETER");
    assert!(
        bad.json()["detail"]
            .as_str()
            .expect("detail")
            .contains("itemsPerPage")
    );
    let no_count = get(
        &sim,
        &format!("{}?includeCount=false&itemsPerPage=5", jobs_path("v2")),
    )
    .await
    .json();
    assert!(no_count.get("totalCount").is_none());
    assert_eq!(no_count["results"].as_array().map(Vec::len), Some(5));
    assert_eq!(sim.stats().restore_job_list_requests, 5);
}

#[tokio::test]
async fn not_found_codes() {
    let job = json!({"created": "-1h", "deliveryType": "automated", "snapshotId": SNAP});
    let sim = start(one_cluster(json!([job]), json!([]), 0)).await;
    let cases = [
        (
            "/api/atlas/v2/groups/aaaaaaaaaaaaaaaaaaaaaaaa/clusters".to_string(),
            "GROUP_NOT_FOUND",
        ),
        (
            format!("/api/atlas/v2/groups/{G}/clusters/nope/backup/restoreJobs"),
            "CLUSTER_NOT_FOUND",
        ),
        (
            format!("{}/aaaaaaaaaaaaaaaaaaaaaaaa", jobs_path("v2")),
            "RESTORE_JOB_NOT_FOUND",
        ),
        (
            format!(
                "/api/atlas/v2/groups/{G}/clusters/orders/backup/snapshots/5b6211ff87d9d663c59d3fff"
            ),
            "SNAPSHOT_NOT_FOUND",
        ),
        (
            format!(
                "/api/atlas/v2/groups/{G}/clusters/orders/backup/snapshots/aaaaaaaaaaaaaaaaaaaaaaaa"
            ),
            "SNAPSHOT_NOT_FOUND",
        ),
        (
            "/api/atlas/v2/nothing/here".to_string(),
            "RESOURCE_NOT_FOUND",
        ),
    ];
    for (path, code) in cases {
        let r = get(&sim, &path).await;
        assert_eq!(
            (r.status, r.json()["errorCode"].as_str()),
            (404, Some(code)),
            "{path}"
        );
        assert_eq!(r.header("x-error-code"), code);
        assert_eq!(r.header("content-type"), "application/json");
    }
    let r = get(
        &sim,
        "/api/atlas/v2/groups/aaaaaaaaaaaaaaaaaaaaaaaa/clusters",
    )
    .await;
    assert_eq!(
        r.json()["detail"],
        "No group with ID aaaaaaaaaaaaaaaaaaaaaaaa exists."
    );
}

#[tokio::test]
async fn jobs_evolve_on_the_simulator_clock() {
    let jobs = json!([
        {"created": "-10s", "deliveryType": "download", "sim": {"readyAfter": "90s"}},
        {"created": "-20s", "deliveryType": "automated", "sim": {"failAfter": "2m"}},
    ]);
    let sim = start(one_cluster(jobs, json!([]), 0)).await;
    let before = list_jobs(&sim).await;
    assert_eq!(before[0]["deliveryUrl"], json!([]));
    assert!(before[0].get("finishedAt").is_none() && before[1].get("finishedAt").is_none());
    assert_eq!(before[1]["failed"], false);
    sim.advance(Duration::from_secs(120));
    let after = list_jobs(&sim).await;
    let url = after[0]["deliveryUrl"][0].as_str().expect("url");
    assert!(
        url.starts_with("https://restore-") && url.ends_with(".tar.gz"),
        "{url}"
    );
    assert!(after[0]["finishedAt"].is_string() && after[0]["expiresAt"].is_string());
    assert_eq!(after[0]["expired"], false);
    assert_eq!(
        (
            after[1]["failed"].as_bool(),
            after[1]["finishedAt"].is_string()
        ),
        (Some(true), true)
    );
    sim.advance(Duration::from_secs(3600));
    let expired = list_jobs(&sim).await;
    assert_eq!(
        (expired[0]["expired"].as_bool(), &expired[0]["deliveryUrl"]),
        (Some(true), &json!([]))
    );
}

#[tokio::test]
async fn status_faults_with_retry_after_count_down() {
    let faults = json!([{"status": 503, "times": 2, "retryAfter": "42"}]);
    let sim = start(one_cluster(json!([]), faults, 3)).await;
    for _ in 0..2 {
        let r = get(&sim, &jobs_path("v2")).await;
        assert_eq!((r.status, r.header("retry-after")), (503, "42"));
        assert_eq!(r.json()["errorCode"], "SERVICE_UNAVAILABLE");
        assert_eq!(r.header("x-error-code"), "SERVICE_UNAVAILABLE");
    }
    assert_eq!(get(&sim, &jobs_path("v2")).await.status, 200);
    let faults = json!([{"status": 429, "errorCode": "RATE_LIMITED", "retryAfter": "Wed, 21 Oct 2026 07:28:00 GMT"}]);
    let sim = start(one_cluster(json!([]), faults, 3)).await;
    for _ in 0..3 {
        let r = get(&sim, &jobs_path("v2")).await;
        assert_eq!(
            (r.status, r.header("retry-after")),
            (429, "Wed, 21 Oct 2026 07:28:00 GMT")
        );
    }
}

#[tokio::test]
async fn broken_bodies() {
    let faults = json!([{"body": "malformed", "times": 1}, {"body": "truncated", "times": 1},
        {"body": "html", "times": 1}, {"body": "empty", "times": 1}]);
    let sim = start(one_cluster(json!([]), faults, 20)).await;
    let path = jobs_path("v2");
    let malformed = get(&sim, &path).await;
    assert_eq!(malformed.status, 200);
    assert!(serde_json::from_str::<Value>(&malformed.text).is_err());
    let truncated = get(&sim, &path).await;
    assert_eq!(truncated.status, 200);
    assert!(serde_json::from_str::<Value>(&truncated.text).is_err());
    let html = get(&sim, &path).await;
    assert_eq!(
        (html.status, html.header("content-type")),
        (502, "text/html")
    );
    assert!(html.text.contains("<html>"));
    let empty = get(&sim, &path).await;
    assert_eq!((empty.status, empty.text.as_str()), (200, ""));
    let real = get(&sim, &path).await;
    assert!(real.text.starts_with(&truncated.text) && real.text.len() > truncated.text.len());
    assert_eq!(real.json()["totalCount"], 20);
}

#[tokio::test]
async fn page_and_count_conditional_faults() {
    let faults = json!([
        {"status": 500, "onPage": 2, "times": 1},
        {"status": 500, "errorCode": "TIMEOUT_WHILE_PAGING", "onlyWhen": {"includeCount": true}}]);
    let sim = start(one_cluster(json!([]), faults, 30)).await;
    let page = |n: u32, count: bool| {
        format!(
            "{}?itemsPerPage=10&pageNum={n}&includeCount={count}",
            jobs_path("v2")
        )
    };
    assert_eq!(get(&sim, &page(1, false)).await.status, 200);
    let broken = get(&sim, &page(2, false)).await;
    assert_eq!(
        (broken.status, broken.json()["errorCode"].as_str()),
        (500, Some("UNEXPECTED_ERROR"))
    );
    assert_eq!(get(&sim, &page(2, false)).await.status, 200);
    assert_eq!(get(&sim, &page(3, false)).await.status, 200);
    let timeout = get(&sim, &page(1, true)).await;
    assert_eq!(timeout.json()["errorCode"], "TIMEOUT_WHILE_PAGING");
    assert!(
        timeout.json()["detail"]
            .as_str()
            .expect("detail")
            .contains("includeCount=false")
    );
}

#[tokio::test]
async fn cancel_running_job_but_not_finished_one() {
    let jobs = json!([
        {"created": "-1m", "deliveryType": "download", "sim": {"readyAfter": "5m"}},
        {"created": "-2h", "deliveryType": "automated", "finishedAt": "-1h", "targetClusterName": "x"},
        {"created": "-3h", "deliveryType": "download", "sim": {"readyAfter": "5m", "cancel": "notAllowed"}},
    ]);
    let sim = start(one_cluster(jobs, json!([]), 0)).await;
    let list = get(&sim, &jobs_path("v2")).await.json();
    let id = |i: usize| list["results"][i]["id"].as_str().expect("id").to_string();
    let r = delete(&sim, id(0)).await;
    assert_eq!((r.status, r.text.as_str()), (204, ""));
    let job = get(&sim, &format!("{}/{}", jobs_path("v2"), id(0)))
        .await
        .json();
    assert_eq!(job["cancelled"], true);
    let again = delete(&sim, id(0)).await;
    assert_eq!(again.status, 400);
    let finished = delete(&sim, id(1)).await;
    assert_eq!(
        (finished.status, finished.json()["errorCode"].as_str()),
        (400, Some("CANNOT_CANCEL_RESTORE_JOB"))
    );
    let refused = delete(&sim, id(2)).await;
    assert_eq!(refused.status, 405);
    assert_eq!(
        refused.json()["errorCode"],
        "ATLAS_BACKUP_CANCEL_SHARD_RESTORE_JOB_NOT_ALLOWED"
    );
}

#[tokio::test]
async fn demo_scenario_is_complete() {
    let demo = Scenario::demo();
    assert_eq!(demo.project_ids().len(), 3);
    assert_eq!(demo.targets().len(), 7);
    let sim = Simulator::start(SimConfig::new(demo.clone()))
        .await
        .expect("start");
    assert_eq!(
        get(&sim, "/api/atlas/v2/groups").await.json()["totalCount"],
        3
    );
    let (mut total, mut ids, mut sharded) = (0, std::collections::HashSet::new(), false);
    for (g, c) in demo.targets() {
        let page = get(
            &sim,
            &format!("/api/atlas/v2/groups/{g}/clusters/{c}/backup/restoreJobs"),
        )
        .await
        .json();
        total += page["totalCount"].as_u64().expect("count");
        for j in page["results"].as_array().expect("results") {
            assert!(ids.insert(j["id"].as_str().expect("id").to_string()));
            sharded |= j.get("components").is_some();
        }
    }
    assert!(total >= 55 && sharded, "{total}");
    let remaining = get(&sim, "/api/atlas/v2/groups").await;
    assert!(
        remaining
            .header("ratelimit-remaining")
            .parse::<u32>()
            .expect("n")
            < 100
    );
}
