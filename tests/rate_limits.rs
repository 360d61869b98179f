//! Rate limits, as the simulator sends them: the poller waits the longer of
//! `Retry-After` and the interval, grows the wait only across 429s in a row,
//! and retries the project names after a rate-limited `/groups`, showing
//! ids and a footer note until they load. Waits are read from the store
//! (the next-poll time the status bar counts down to), not timed.

mod common;

use std::sync::Arc;
use std::time::Duration;

use atlas_restores::app::App;
use atlas_restores::atlas::Target;
use atlas_restores::atlas::{ApiKey, ApiVersion, Client, ClientSettings};
use atlas_restores::poller::store::{Store, StoreData, TargetState};
use atlas_restores::poller::{PollSettings, Poller};
use atlas_restores::sim::{RateLimitConfig, Scenario, SimConfig, Simulator};
use common::screen::{render_at, screen_text};
use common::wait_for_store;
use serde_json::{Value, json};

const GROUP: &str = "5e2211c17a3e5a48f5497de3";
const CAP: Duration = Duration::from_secs(300);

struct Rig {
    sim: Simulator,
    client: Client,
}

/// A simulator with one cluster `orders` (with `faults`) in project `prod`,
/// changed by `tweak`, and a client for it.
async fn rig(faults: Value, tweak: impl FnOnce(&mut SimConfig)) -> Rig {
    let scenario = json!({"projects": [{"id": GROUP, "name": "prod", "clusters": [
        {"name": "orders", "faults": faults, "jobs": [
            {"created": "-1h", "deliveryType": "automated", "targetClusterName": "copy", "finishedAt": "-30m"},
        ]},
    ]}]});
    let scenario =
        Scenario::from_json(&scenario.to_string()).unwrap_or_else(|error| panic!("{error}"));
    let mut config = SimConfig::new(scenario);
    tweak(&mut config);
    let sim = Simulator::start(config)
        .await
        .unwrap_or_else(|error| panic!("{error}"));
    let key = ApiKey::new(sim.public_key(), sim.private_key());
    let settings = ClientSettings::new(sim.base_url(), ApiVersion::V2, key);
    let client = Client::new(settings).unwrap_or_else(|error| panic!("{error}"));
    Rig { sim, client }
}

/// A poller on `orders`, every `interval`.
fn poll(rig: &Rig, interval: Duration) -> (Arc<Store>, Poller) {
    let store = Store::new(
        vec![TargetState::new(Target::new(GROUP, "orders"))],
        interval,
    );
    let settings = PollSettings {
        max_backoff: CAP,
        ..PollSettings::every(interval)
    };
    let poller = Poller::spawn(rig.client.clone(), Arc::clone(&store), settings, Vec::new());
    (store, poller)
}

/// The wait the poller chose after the error it recorded at `at`.
fn wait_after_error(data: &StoreData) -> Duration {
    let state = &data.targets[0];
    state
        .next_poll
        .zip(state.last_error.as_ref())
        .and_then(|(next, error)| (next - error.at).to_std().ok())
        .unwrap_or_else(|| panic!("no error with a next poll: {state:#?}"))
}

async fn nth_error(
    store: &Store,
    errors_before: &mut Vec<chrono::DateTime<chrono::Utc>>,
) -> Duration {
    let seen = errors_before.clone();
    let data = wait_for_store(store, "a new error", |data| {
        let state = &data.targets[0];
        !state.in_flight
            && state
                .last_error
                .as_ref()
                .is_some_and(|error| !seen.contains(&error.at))
    })
    .await;
    if let Some(error) = &data.targets[0].last_error {
        errors_before.push(error.at);
    }
    wait_after_error(&data)
}

fn between(wait: Duration, low_ms: u64, high_ms: u64) -> bool {
    (Duration::from_millis(low_ms)..=Duration::from_millis(high_ms)).contains(&wait)
}

#[tokio::test]
async fn a_short_retry_after_waits_one_interval_not_four() {
    let fault = json!([{"status": 429, "errorCode": "RATE_LIMITED", "retryAfter": "2"}]);
    let rig = rig(fault, |_| {}).await;
    let (store, _poller) = poll(&rig, Duration::from_secs(3));
    let wait = nth_error(&store, &mut Vec::new()).await;
    assert!(
        between(wait, 3_000, 3_600),
        "Retry-After: 2 at a 3 s interval waits 3 s (plus up to a fifth of jitter), not 12 s: {wait:?}"
    );
}

#[tokio::test]
async fn rate_limits_in_a_row_double_the_wait_and_a_success_resets_it() {
    let fault = json!([{"status": 429, "times": 2, "retryAfter": "1"}]);
    let rig = rig(fault, |_| {}).await;
    let interval = Duration::from_millis(50);
    let (store, _poller) = poll(&rig, interval);
    let mut errors = Vec::new();
    let first = nth_error(&store, &mut errors).await;
    assert!(between(first, 1_000, 1_200), "Retry-After 1 s: {first:?}");
    let second = nth_error(&store, &mut errors).await;
    assert!(
        between(second, 2_000, 2_400),
        "the second 429 in a row doubles: {second:?}"
    );
    let recovered = wait_for_store(&store, "recovery", |data| {
        data.targets[0].fetched_at.is_some() && !data.targets[0].in_flight
    })
    .await;
    let state = &recovered.targets[0];
    assert!(state.last_error.is_none());
    assert_eq!(
        state
            .next_poll
            .zip(state.fetched_at)
            .map(|(next, at)| next - at),
        chrono::TimeDelta::from_std(interval).ok(),
        "the interval again after a success"
    );
}

#[tokio::test]
async fn project_names_after_a_rate_limited_groups_call_are_retried_and_noted() {
    // The simulator's clock is pinned, so its token bucket refills only as
    // the test advances it: drained first, every request is rate limited.
    let rig = rig(json!([]), |config| {
        config.start = Some(chrono::Utc::now());
        config.rate_limit = RateLimitConfig {
            limit: 1,
            refill_per_second: 1.0,
        };
    })
    .await;
    assert!(
        rig.client.list_projects().await.is_ok(),
        "drains the bucket"
    );
    let (store, _poller) = poll(&rig, Duration::from_millis(50));
    let data = wait_for_store(&store, "the names' failure", |data| {
        data.names_error.is_some() && data.targets[0].last_error.is_some()
    })
    .await;
    let message = data.names_error.as_ref().map(|e| e.message.clone());
    assert_eq!(
        message.as_deref(),
        Some("rate limited by Atlas (429 RATE_LIMITED_TOKEN_BUCKET)")
    );
    let at = data.targets[0]
        .last_error
        .as_ref()
        .map(|e| e.at)
        .unwrap_or_default();
    let screen = screen_text(&render_at(&mut App::new(Arc::clone(&data)), 200, 45, at));
    assert!(
        screen.contains(
            "project names: rate limited by Atlas (429 RATE_LIMITED_TOKEN_BUCKET); showing ids until they load"
        ),
        "{screen}"
    );
    // Refill the bucket as the poller retries, until everything loads.
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    let loaded = loop {
        rig.sim.advance(Duration::from_secs(5));
        let data = store.snapshot();
        if data.names_error.is_none() && data.targets[0].project_name.is_some() {
            break data;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "names never loaded: {:?}",
            data.names_error
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert_eq!(loaded.targets[0].project_name.as_deref(), Some("prod"));
    let screen = screen_text(&render_at(&mut App::new(loaded), 200, 45, at));
    assert!(
        !screen.contains("project names:"),
        "the note is gone: {screen}"
    );
}
