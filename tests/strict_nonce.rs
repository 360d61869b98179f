//! Nonce discipline against the simulator's strict mode
//! (`"strictNonceCount": true`: each digest `nc` must exceed the last of its
//! nonce, as Apache's `AuthDigestNcCheck On` wants): `list` over 12 clusters
//! and the poller at 4 requests in flight are never refused, steady state
//! costs one request per poll, and a stale nonce costs two round trips. And
//! against a small server that refuses a nonce that worked before: one
//! fresh challenge answered, no error.

mod common;

use std::sync::Arc;
use std::time::Duration;

use atlas_restores::atlas::{ApiKey, ApiVersion, Client, ClientSettings, Target};
use atlas_restores::poller::store::{Store, StoreData, TargetState};
use atlas_restores::poller::{IN_FLIGHT, PollSettings, Poller};
use atlas_restores::sim::{Scenario, SimConfig, Simulator};
use common::cli::run;
use common::wait_for_store;
use serde_json::{Value, json};

const GROUP: &str = "5e2211c17a3e5a48f5497de3";
const CLUSTERS: usize = 12;

fn cluster_names() -> Vec<String> {
    (0..CLUSTERS).map(|i| format!("cluster-{i:02}")).collect()
}

async fn strict_simulator(latency: Duration) -> Simulator {
    let clusters: Vec<Value> = cluster_names()
        .iter()
        .map(|name| json!({"name": name, "generatedJobs": 3}))
        .collect();
    let scenario = json!({
        "strictNonceCount": true,
        "projects": [{"id": GROUP, "name": "prod", "clusters": clusters}],
    });
    let scenario =
        Scenario::from_json(&scenario.to_string()).unwrap_or_else(|error| panic!("{error}"));
    let mut config = SimConfig::new(scenario);
    config.latency = latency;
    Simulator::start(config)
        .await
        .unwrap_or_else(|error| panic!("{error}"))
}

fn client(sim: &Simulator) -> Client {
    common::servers::client_of(sim)
}

#[tokio::test]
async fn list_of_twelve_clusters_is_never_refused_by_a_strict_server() {
    let sim = strict_simulator(Duration::from_millis(5)).await;
    for run_number in 0..5 {
        let mut args = vec!["list", "--output", "json", "--project", GROUP];
        let names = cluster_names();
        for name in &names {
            args.extend(["--cluster", name.as_str()]);
        }
        let command = common::servers::against(&sim, &args);
        let (output, stdout, stderr) = run(command).await;
        assert!(output.status.success(), "run {run_number}: {stderr}");
        let document: Value =
            serde_json::from_str(&stdout).unwrap_or_else(|error| panic!("{error}: {stdout}"));
        let clusters = document["clusters"].as_array().cloned().unwrap_or_default();
        assert_eq!(clusters.len(), CLUSTERS, "{stdout}");
        for cluster in &clusters {
            assert!(cluster["error"].is_null(), "run {run_number}: {cluster}");
            assert_eq!(cluster["results"].as_array().map(Vec::len), Some(3));
        }
    }
    let stats = sim.stats();
    assert_eq!(stats.refused_answers, 0, "{stats:?}");
    // Each run is a new process: one challenge per nonce it needs, at most
    // one per request in flight.
    assert!(stats.challenges <= 5 * (IN_FLIGHT as u64 + 1), "{stats:?}");
}

fn polls_done(data: &StoreData, at_least: &[Option<chrono::DateTime<chrono::Utc>>]) -> bool {
    data.targets
        .iter()
        .zip(at_least)
        .all(|(state, before)| state.fetched_at.is_some() && state.fetched_at > *before)
}

#[tokio::test]
async fn the_poller_at_four_in_flight_is_never_refused_and_polls_in_one_request() {
    let sim = strict_simulator(Duration::from_millis(5)).await;
    let targets: Vec<TargetState> = cluster_names()
        .into_iter()
        .map(|name| TargetState::new(Target::new(GROUP, name)))
        .collect();
    let interval = Duration::from_millis(20);
    let store = Store::new(targets, interval);
    let _poller = Poller::spawn(
        client(&sim),
        Arc::clone(&store),
        PollSettings::every(interval),
        Vec::new(),
    );
    let none = vec![None; CLUSTERS];
    // The project's name is fetched once at start, beside the polls.
    let mut seen = wait_for_store(&store, "every cluster polled, the name known", |data| {
        polls_done(data, &none)
            && data
                .targets
                .iter()
                .all(|state| state.project_name.is_some())
    })
    .await;
    let warm = sim.stats();
    assert_eq!(warm.refused_answers, 0, "{warm:?}");
    for round in 0..5 {
        let before: Vec<_> = seen.targets.iter().map(|state| state.fetched_at).collect();
        seen = wait_for_store(&store, &format!("round {round}"), |data| {
            polls_done(data, &before)
        })
        .await;
        for state in &seen.targets {
            assert!(state.last_error.is_none(), "{:?}", state.last_error);
        }
    }
    let after = sim.stats();
    assert_eq!(after.refused_answers, 0, "{after:?}");
    // A nonce per request ever in flight at once: the 4 polls and the
    // project name beside them.
    assert!(after.challenges <= IN_FLIGHT as u64 + 1, "{after:?}");
    let polls = after.restore_job_list_requests - warm.restore_job_list_requests;
    assert!(polls >= 4 * CLUSTERS as u64, "{after:?}");
    // One request per poll, but for a challenge when the pool grew.
    assert_eq!(
        after.requests - warm.requests,
        polls + after.challenges - warm.challenges,
        "{after:?}"
    );

    // Every nonce in the pool goes stale at once: each is refused once and
    // the refusal's new nonce answered at once, one extra request each (a
    // client that first asks again without credentials would need two).
    sim.advance(Duration::from_secs(3600));
    for round in 0..3 {
        let before: Vec<_> = seen.targets.iter().map(|state| state.fetched_at).collect();
        seen = wait_for_store(&store, &format!("stale round {round}"), |data| {
            polls_done(data, &before)
        })
        .await;
        for state in &seen.targets {
            assert!(state.last_error.is_none(), "{:?}", state.last_error);
        }
    }
    let stale = sim.stats();
    let refusals = stale.refused_answers - after.refused_answers;
    assert!(
        (1..=after.challenges).contains(&refusals),
        "one refusal per stale nonce: {stale:?}"
    );
    assert_eq!(
        stale.challenges - after.challenges,
        refusals,
        "no request went out without credentials: {stale:?}"
    );
    let polls = stale.restore_job_list_requests - after.restore_job_list_requests;
    assert_eq!(
        stale.requests - after.requests,
        polls + refusals,
        "{stale:?}"
    );
}

#[tokio::test]
async fn a_stale_nonce_costs_two_round_trips() {
    let sim = strict_simulator(Duration::ZERO).await;
    let client = client(&sim);
    let list = || client.list_restore_jobs(GROUP, "cluster-00", true);
    let trips = |before: u64| sim.stats().requests - before;

    let start = sim.stats().requests;
    list().await.unwrap_or_else(|error| panic!("{error}"));
    assert_eq!(
        trips(start),
        2,
        "first contact: a challenge, then the answer"
    );
    let start = sim.stats().requests;
    list().await.unwrap_or_else(|error| panic!("{error}"));
    assert_eq!(trips(start), 1, "the nonce reused");

    // Past the nonce lifetime the cached nonce is refused as stale; the
    // refusal's new nonce is answered at once.
    sim.advance(Duration::from_secs(3600));
    let start = sim.stats().requests;
    list().await.unwrap_or_else(|error| panic!("{error}"));
    assert_eq!(
        trips(start),
        2,
        "stale: refused, then answered: {:?}",
        sim.stats()
    );
    assert_eq!(sim.stats().refused_answers, 1, "only the stale nonce");
    let start = sim.stats().requests;
    list().await.unwrap_or_else(|error| panic!("{error}"));
    assert_eq!(trips(start), 1, "the new nonce reused");
}

/// A digest server that refuses a nonce that worked before (without
/// `stale`), as a server does that lost its nonce table or no longer trusts
/// the count: nonce A is issued first, accepted once, then refused with a
/// fresh nonce B in the refusal.
async fn forgetful_server() -> (String, Arc<std::sync::Mutex<Vec<String>>>) {
    use axum::http::{HeaderMap, StatusCode, header};
    use axum::response::IntoResponse;

    let seen: Arc<std::sync::Mutex<Vec<String>>> = Arc::default();
    let record = Arc::clone(&seen);
    let handler = move |headers: HeaderMap| {
        let record = Arc::clone(&record);
        async move {
            let answer = headers
                .get(header::AUTHORIZATION)
                .and_then(|value| value.to_str().ok())
                .map(|value| {
                    let nonce = value.split("nonce=\"").nth(1).unwrap_or_default();
                    nonce.split('"').next().unwrap_or_default().to_string()
                })
                .unwrap_or_else(|| "-".into());
            let mut seen = record
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            let uses_of_a = seen.iter().filter(|nonce| *nonce == "A").count();
            seen.push(answer.clone());
            let challenge = |nonce: &str| {
                format!(
                    "Digest realm=\"MMS Public API\", nonce=\"{nonce}\", algorithm=MD5, qop=\"auth\""
                )
            };
            let ok = (answer == "A" && uses_of_a == 0) || answer == "B";
            if ok {
                let page = r#"{"links": [], "results": [], "totalCount": 0}"#;
                (
                    StatusCode::OK,
                    [(
                        header::CONTENT_TYPE,
                        "application/vnd.atlas.2023-01-01+json".to_string(),
                    )],
                    page,
                )
                    .into_response()
            } else {
                let nonce = if answer == "-" { "A" } else { "B" };
                (
                    StatusCode::UNAUTHORIZED,
                    [(header::WWW_AUTHENTICATE, challenge(nonce))],
                    "",
                )
                    .into_response()
            }
        }
    };
    let app = axum::Router::new().fallback(handler);
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", 0))
        .await
        .unwrap_or_else(|error| panic!("{error}"));
    let addr = listener
        .local_addr()
        .unwrap_or_else(|error| panic!("{error}"));
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    (format!("http://{addr}"), seen)
}

#[tokio::test]
async fn a_refused_nonce_that_worked_before_gets_one_fresh_challenge() {
    let (base, seen) = forgetful_server().await;
    let client = Client::new(ClientSettings::new(
        &base,
        ApiVersion::V2,
        ApiKey::new("user", "key"),
    ))
    .unwrap_or_else(|error| panic!("{error}"));
    let list = || client.list_restore_jobs(GROUP, "cluster-00", true);
    list()
        .await
        .unwrap_or_else(|error| panic!("first: {error}"));
    list()
        .await
        .unwrap_or_else(|error| panic!("second: {error}"));
    list()
        .await
        .unwrap_or_else(|error| panic!("third: {error}"));
    let seen = seen.lock().map(|seen| seen.clone()).unwrap_or_default();
    // Challenge, A accepted; A refused, B answered from the refusal; B reused.
    assert_eq!(seen, ["-", "A", "A", "B", "B"]);
}
