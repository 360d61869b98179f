//! Black-box tests of the embedded Atlas simulator over real HTTP on
//! 127.0.0.1, with reqwest + diqwest as a client would use them. This file
//! holds the helpers; the tests are in `tests/simulator/`.

#[path = "simulator/auth.rs"]
mod auth;
#[path = "simulator/evolution.rs"]
mod evolution;
#[path = "simulator/faults.rs"]
mod faults;
#[path = "simulator/listing.rs"]
mod listing;
#[path = "simulator/resources.rs"]
mod resources;

use std::time::Duration;

use atlas_restores::atlas::ClusterKind;
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
    start_with(scenario, None).await
}

/// A simulator whose clock stands still at `at` until a test advances it.
async fn start_at(scenario: Value, at: chrono::DateTime<chrono::Utc>) -> Simulator {
    start_with(scenario, Some(at)).await
}

async fn start_with(scenario: Value, at: Option<chrono::DateTime<chrono::Utc>>) -> Simulator {
    let scenario = Scenario::from_json(&scenario.to_string()).expect("scenario");
    let mut config = SimConfig::new(scenario);
    config.start = at;
    Simulator::start(config).await.expect("start")
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
