//! Service-account auth against the simulator over real HTTP: one token
//! for many requests, renewal a minute before expiry (on a paused tokio
//! clock moved together with the simulator's) or when the simulator clock
//! expires it, and a typed 401 naming the right variables for a wrong
//! client secret.

use std::time::Duration;

use atlas_restores::atlas::Target;
use atlas_restores::atlas::failure;
use atlas_restores::atlas::{
    ApiVersion, Client, ClientSettings, CredentialKind, ErrorKind, ServiceAccount,
};
use atlas_restores::sim::{Scenario, SimConfig, Simulator};
use serde_json::json;

const GROUP: &str = "5e2211c17a3e5a48f5497de3";
const CLIENT_ID: &str = "mdb_sa_id_65f0c1d2e3";
const CLIENT_SECRET: &str = "mdb_sa_sk_9a8b7c6d5e4f-SECRET";

async fn start(token_lifetime: Duration) -> Simulator {
    let text = json!({
        "credentials": {"publicKey": "testpub", "privateKey": "test-private-4f1d",
                        "clientId": CLIENT_ID, "clientSecret": CLIENT_SECRET},
        "projects": [{"id": GROUP, "name": "prod", "clusters": [
            {"name": "orders", "generatedJobs": 3, "jobs": []},
            {"name": "billing", "generatedJobs": 2, "jobs": []},
        ]}],
    });
    let scenario = Scenario::from_json(&text.to_string()).unwrap_or_else(|error| panic!("{error}"));
    let mut config = SimConfig::new(scenario);
    config.token_lifetime = token_lifetime;
    Simulator::start(config)
        .await
        .unwrap_or_else(|error| panic!("simulator: {error}"))
}

fn client(sim: &Simulator, secret: &str) -> Client {
    Client::new(ClientSettings::new(
        sim.base_url(),
        ApiVersion::V2,
        ServiceAccount::new(CLIENT_ID, secret),
    ))
    .unwrap_or_else(|error| panic!("client: {error}"))
}

#[tokio::test]
async fn one_token_serves_many_requests() {
    let sim = start(Duration::from_secs(3600)).await;
    let client = client(&sim, CLIENT_SECRET);
    for cluster in ["orders", "billing", "orders"] {
        let listing = client.list_restore_jobs(GROUP, cluster, true).await;
        assert!(listing.is_ok(), "{listing:?}");
    }
    let clusters = client.list_clusters(GROUP).await;
    assert_eq!(clusters.map(|c| c.len()).ok(), Some(2));
    let stats = sim.stats();
    assert_eq!(stats.token_requests, 1, "the token is reused: {stats:?}");
    assert_eq!(stats.challenges, 0, "no digest challenge: {stats:?}");
    assert_eq!(stats.restore_job_list_requests, 3);
}

#[tokio::test]
async fn an_expired_token_is_renewed_and_the_request_succeeds() {
    let sim = start(Duration::from_secs(3600)).await;
    let client = client(&sim, CLIENT_SECRET);
    let first = client.list_restore_jobs(GROUP, "orders", true).await;
    assert!(first.is_ok(), "{first:?}");
    sim.advance(Duration::from_secs(3601));
    let after = client.list_restore_jobs(GROUP, "orders", true).await;
    assert_eq!(after.map(|l| l.items.len()).ok(), Some(3));
    assert_eq!(sim.stats().token_requests, 2, "renewed once");
    let again = client.list_restore_jobs(GROUP, "billing", true).await;
    assert!(again.is_ok(), "{again:?}");
    assert_eq!(sim.stats().token_requests, 2, "the new token is reused");
}

/// Moves time on for both sides: the client's token cache (tokio's clock,
/// paused in these tests) and the simulator that issued the token.
async fn advance(sim: &Simulator, by: Duration) {
    sim.advance(by);
    tokio::time::advance(by).await;
}

/// No request was refused and sent again: every request was either a token
/// request or a listing that got through.
fn none_refused(sim: &Simulator) {
    let stats = sim.stats();
    assert_eq!(
        stats.requests,
        stats.token_requests + stats.restore_job_list_requests,
        "a request was refused: {stats:?}"
    );
}

#[tokio::test(start_paused = true)]
async fn a_token_is_renewed_a_minute_before_it_expires() {
    let sim = start(Duration::from_secs(3600)).await;
    let client = client(&sim, CLIENT_SECRET);
    let list = async || {
        let listing = client.list_restore_jobs(GROUP, "orders", true).await;
        assert!(listing.is_ok(), "{listing:?}");
    };
    list().await;
    advance(&sim, Duration::from_secs(3539)).await;
    list().await;
    assert_eq!(
        sim.stats().token_requests,
        1,
        "reused until a minute before"
    );
    advance(&sim, Duration::from_secs(2)).await;
    list().await;
    assert_eq!(
        sim.stats().token_requests,
        2,
        "renewed with a minute to spare"
    );
    none_refused(&sim);
}

#[tokio::test(start_paused = true)]
async fn short_lived_tokens_are_renewed_before_they_expire() {
    let sim = start(Duration::from_secs(2)).await;
    let client = client(&sim, CLIENT_SECRET);
    for _ in 0..3 {
        let listing = client.list_restore_jobs(GROUP, "orders", true).await;
        assert!(listing.is_ok(), "{listing:?}");
        advance(&sim, Duration::from_millis(1100)).await;
    }
    let stats = sim.stats();
    assert_eq!(
        stats.token_requests, 3,
        "a 2 s token is renewed half-way, before each request: {stats:?}"
    );
    assert_eq!(stats.restore_job_list_requests, 3);
    none_refused(&sim);
}

#[tokio::test]
async fn a_wrong_client_secret_is_a_401_naming_the_service_account_variables() {
    let sim = start(Duration::from_secs(3600)).await;
    let client = client(&sim, "mdb_sa_sk_WRONG-0000");
    let error = client
        .list_restore_jobs(GROUP, "orders", true)
        .await
        .err()
        .unwrap_or_else(|| panic!("a wrong secret must fail"));
    assert_eq!(error.status(), Some(401));
    assert_eq!(error.credentials(), Some(CredentialKind::ServiceAccount));
    assert!(matches!(error.kind, ErrorKind::Http(_)));
    let message = failure::describe(&error, &Target::new(GROUP, "orders"));
    assert_eq!(
        message,
        "authentication failed: check MONGODB_ATLAS_CLIENT_ID and MONGODB_ATLAS_CLIENT_SECRET (401 UNAUTHORIZED)"
    );
    assert_eq!(sim.stats().restore_job_list_requests, 0);
    assert!(!format!("{error:?} {error}").contains("WRONG"));
}

#[tokio::test]
async fn a_forged_bearer_token_gets_a_json_401() {
    let sim = start(Duration::from_secs(3600)).await;
    let url = format!("{}/api/atlas/v2/groups", sim.base_url());
    let response = reqwest::Client::new()
        .get(url)
        .bearer_auth("forged")
        .header("Accept", "application/vnd.atlas.2023-01-01+json")
        .send()
        .await
        .unwrap_or_else(|error| panic!("{error}"));
    assert_eq!(response.status().as_u16(), 401);
    let body: serde_json::Value = response
        .json()
        .await
        .unwrap_or_else(|error| panic!("{error}"));
    assert_eq!(body["error"], 401);
    assert_eq!(body["errorCode"], "UNAUTHORIZED");
}
