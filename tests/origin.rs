//! Credentials stay with the configured origin: a page whose `next` link
//! points at another host (here a hostile server on 127.0.0.2 that records
//! every request and answers with a digest challenge, to tempt an answer)
//! is not followed; the next page comes from the configured base by
//! `pageNum`, for API keys (digest) and service accounts (bearer) alike.

mod common;

use std::sync::{Arc, Mutex};

use atlas_restores::sim::{Scenario, SimConfig, Simulator};
use common::cli::{atlas_restores, run};
use common::servers::raw_server;
use serde_json::{Value, json};

const GROUP: &str = "5e2211c17a3e5a48f5497de3";
const CLIENT_ID: &str = "mdb_sa_id_0a1b2c3d4e";
const CLIENT_SECRET: &str = "mdb_sa_sk_origin-SECRET";
/// One more than a page of 500: the listing needs a second page.
const JOBS: usize = 501;

/// A server on another loopback address that records the head of every
/// request it gets and asks for digest credentials.
struct Hostile {
    base: String,
    heads: Arc<Mutex<Vec<String>>>,
}

impl Hostile {
    async fn start() -> Hostile {
        let heads = Arc::new(Mutex::new(Vec::new()));
        let recorded = Arc::clone(&heads);
        let body = r#"{"error":401,"errorCode":"UNAUTHORIZED"}"#;
        let reply = format!(
            "HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Digest realm=\"MMS Public API\", \
             nonce=\"hostile\", algorithm=MD5, qop=\"auth\"\r\nContent-Type: application/json\r\n\
             Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        );
        let base = raw_server("127.0.0.2", reply, move |head| {
            recorded
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .push(head);
        })
        .await;
        Hostile { base, heads }
    }

    fn heads(&self) -> Vec<String> {
        self.heads.lock().map(|h| h.clone()).unwrap_or_default()
    }
}

async fn simulator(next_base: &str) -> Simulator {
    let scenario = json!({
        "credentials": {"publicKey": "originpub", "privateKey": "origin-private-9e8d",
                        "clientId": CLIENT_ID, "clientSecret": CLIENT_SECRET},
        "projects": [{"id": GROUP, "name": "prod", "clusters": [
            {"name": "orders", "generatedJobs": JOBS, "jobs": [], "faults": [{"nextBase": next_base}]},
        ]}],
    });
    let scenario =
        Scenario::from_json(&scenario.to_string()).unwrap_or_else(|error| panic!("{error}"));
    Simulator::start(SimConfig::new(scenario))
        .await
        .unwrap_or_else(|error| panic!("{error}"))
}

async fn list_and_check(sim: &Simulator, hostile: &Hostile, credentials: &[(&str, &str)]) {
    let dir = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
    let log_path = dir.path().join("origin.log");
    let log_arg = log_path.to_string_lossy().into_owned();
    let mut command = atlas_restores(&[
        "list",
        "--cluster",
        "orders",
        "--project",
        GROUP,
        "--output",
        "json",
        "--log-file",
        &log_arg,
    ]);
    command.env("MONGODB_ATLAS_BASE_URL", sim.base_url());
    for (name, value) in credentials {
        command.env(name, value);
    }
    let before = sim.stats().restore_job_list_requests;
    let (output, stdout, stderr) = run(command).await;
    assert!(output.status.success(), "{stderr}");
    let document: Value =
        serde_json::from_str(&stdout).unwrap_or_else(|error| panic!("{error}: {stdout}"));
    let results = document["clusters"][0]["results"]
        .as_array()
        .map_or(0, Vec::len);
    assert_eq!(
        results, JOBS,
        "the second page came from the configured base"
    );
    assert_eq!(sim.stats().restore_job_list_requests - before, 2);
    let heads = hostile.heads();
    let authorized: Vec<&String> = heads
        .iter()
        .filter(|head| head.to_ascii_lowercase().contains("\nauthorization:"))
        .collect();
    assert!(
        authorized.is_empty(),
        "credentials sent to 127.0.0.2: {authorized:#?}"
    );
    assert!(
        heads.is_empty(),
        "the foreign host was contacted: {heads:#?}"
    );
    // The log names the foreign origin that was not followed.
    let log = std::fs::read_to_string(&log_path).unwrap_or_else(|error| panic!("{error}"));
    let refused: Vec<Value> = log
        .lines()
        .filter_map(|line| serde_json::from_str::<Value>(line).ok())
        .filter(|event| event["foreign_origin"].is_string())
        .collect();
    assert_eq!(refused.len(), 1, "{log}");
    assert_eq!(refused[0]["foreign_origin"], json!(hostile.base), "{log}");
}

#[tokio::test]
async fn a_next_link_to_another_host_gets_no_digest_answer() {
    let hostile = Hostile::start().await;
    let sim = simulator(&hostile.base).await;
    let (public, private) = (sim.public_key().to_string(), sim.private_key().to_string());
    list_and_check(
        &sim,
        &hostile,
        &[
            ("MONGODB_ATLAS_PUBLIC_API_KEY", &public),
            ("MONGODB_ATLAS_PRIVATE_API_KEY", &private),
        ],
    )
    .await;
}

#[tokio::test]
async fn a_next_link_to_another_host_gets_no_bearer_token() {
    let hostile = Hostile::start().await;
    let sim = simulator(&hostile.base).await;
    list_and_check(
        &sim,
        &hostile,
        &[
            ("MONGODB_ATLAS_CLIENT_ID", CLIENT_ID),
            ("MONGODB_ATLAS_CLIENT_SECRET", CLIENT_SECRET),
        ],
    )
    .await;
    assert!(sim.stats().token_requests >= 1, "a token was used");
}

#[tokio::test]
async fn the_hostile_server_would_have_seen_a_request_that_reached_it() {
    // The recorder itself works: a plain request to it is recorded with its
    // Authorization header, so an empty record above means nothing came.
    let hostile = Hostile::start().await;
    let answer = reqwest::Client::new()
        .get(format!("{}/probe", hostile.base))
        .header("Authorization", "Bearer probe")
        .send()
        .await
        .map(|r| r.status().as_u16());
    assert_eq!(answer.ok(), Some(401));
    let heads = hostile.heads();
    assert_eq!(heads.len(), 1);
    assert!(
        heads[0]
            .to_ascii_lowercase()
            .contains("\nauthorization: bearer probe")
    );
}
