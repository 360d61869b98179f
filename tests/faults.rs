//! Every fault an ops monitor meets, injected by the simulator: what the
//! user sees (the status bar of a real render) and what the poller does
//! (when it tries again, how many requests it spends, what data it keeps).

mod common;

use std::sync::Arc;
use std::time::Duration;

use atlas_restores::app::App;
use atlas_restores::atlas::Target;
use atlas_restores::atlas::{ApiKey, ApiVersion, Client, ClientSettings};
use atlas_restores::poller::store::{Store, StoreData, TargetState};
use atlas_restores::poller::{PollSettings, Poller};
use atlas_restores::sim::{Scenario, SimConfig, Simulator};
use chrono::TimeDelta;
use common::screen::{render_at, screen_text};
use common::wait_for_store;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use serde_json::{Value, json};

const GROUP: &str = "5e2211c17a3e5a48f5497de3";
const INTERVAL: Duration = Duration::from_millis(50);
const CAP: Duration = Duration::from_secs(300);

struct Rig {
    sim: Simulator,
    store: Arc<Store>,
    _poller: Poller,
}

/// A simulator with `clusters` in one project, and a poller on `targets`
/// (`name` in the project or `group/name`; every cluster when empty), with
/// the client settings changed by `tweak`.
async fn rig(
    clusters: Value,
    targets: &[&str],
    tweak: impl FnOnce(&Simulator, &mut ClientSettings),
) -> Rig {
    let scenario = json!({"projects": [{"id": GROUP, "name": "prod", "clusters": clusters}]});
    let scenario =
        Scenario::from_json(&scenario.to_string()).unwrap_or_else(|error| panic!("{error}"));
    let mut names: Vec<Target> = targets
        .iter()
        .map(|spec| match spec.split_once('/') {
            Some((group, name)) => Target::new(group, name),
            None => Target::new(GROUP, *spec),
        })
        .collect();
    if names.is_empty() {
        names = scenario
            .targets()
            .into_iter()
            .map(|(group, name)| Target::new(group, name))
            .collect();
    }
    let sim = Simulator::start(SimConfig::new(scenario))
        .await
        .unwrap_or_else(|error| panic!("{error}"));
    let key = ApiKey::new(sim.public_key(), sim.private_key());
    let mut settings = ClientSettings::new(sim.base_url(), ApiVersion::V2, key);
    tweak(&sim, &mut settings);
    let client = Client::new(settings).unwrap_or_else(|error| panic!("{error}"));
    let states = names.into_iter().map(TargetState::new).collect();
    let store = Store::new(states, INTERVAL);
    let poller = Poller::spawn(
        client,
        Arc::clone(&store),
        PollSettings {
            max_backoff: CAP,
            ..PollSettings::every(INTERVAL)
        },
        Vec::new(),
    );
    Rig {
        sim,
        store,
        _poller: poller,
    }
}

fn one_cluster(extra: Value) -> Value {
    let mut cluster = json!({"name": "orders", "jobs": [
        {"created": "-1h", "deliveryType": "automated", "targetClusterName": "copy", "finishedAt": "-30m"},
    ]});
    if let (Some(cluster), Value::Object(extra)) = (cluster.as_object_mut(), extra) {
        cluster.extend(extra);
    }
    json!([cluster])
}

async fn first_error(store: &Store) -> (Arc<StoreData>, String, Duration) {
    let data = wait_for_store(store, "an error", |data| {
        data.targets[0].last_error.is_some() && !data.targets[0].in_flight
    })
    .await;
    let state = &data.targets[0];
    let error = state
        .last_error
        .clone()
        .unwrap_or_else(|| panic!("no error"));
    let wait = state
        .next_poll
        .map(|at| at - error.at)
        .and_then(|d| d.to_std().ok())
        .unwrap_or_default();
    (data.clone(), error.message, wait)
}

/// The footer's summary line, drawn as the user sees it at the error.
fn status_bar(data: &Arc<StoreData>) -> String {
    let mut app = App::new(Arc::clone(data));
    let text = screen_text(&render_at(&mut app, 160, 45, error_at(data)));
    text.lines().rev().nth(1).unwrap_or_default().to_string()
}

/// The failing-clusters panel (`!`) drawn at the error: the text inside
/// its border, blanks collapsed, so that wrapped messages read whole.
fn panel(data: &Arc<StoreData>) -> String {
    let mut app = App::new(Arc::clone(data));
    app.handle_key(KeyEvent::new(KeyCode::Char('!'), KeyModifiers::NONE));
    let text = screen_text(&render_at(&mut app, 160, 45, error_at(data)));
    let rows: Vec<Vec<char>> = text.lines().map(|line| line.chars().collect()).collect();
    let top = rows.iter().enumerate().find_map(|(y, row)| {
        let title: String = row.iter().collect();
        let x = title.find("┌ failing clusters")?;
        Some((y, title[..x].chars().count()))
    });
    let Some((top, left)) = top else {
        panic!("no panel in\n{text}");
    };
    let right = rows[top].iter().skip(left).position(|&c| c == '┐');
    let right = left + right.unwrap_or_else(|| panic!("no panel corner in\n{text}"));
    let mut inside = String::new();
    for row in rows.iter().skip(top + 1) {
        if row.get(left) != Some(&'│') {
            break;
        }
        let inner: String = row
            .get(left + 1..right)
            .unwrap_or_default()
            .iter()
            .collect();
        inside.push(' ');
        inside.push_str(&inner);
    }
    inside.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn error_at(data: &StoreData) -> chrono::DateTime<chrono::Utc> {
    data.targets[0]
        .last_error
        .as_ref()
        .map(|e| e.at)
        .unwrap_or_default()
}

/// The short code the footer gives the first target's failure.
fn code(data: &StoreData) -> String {
    let error = data.targets[0].last_error.as_ref();
    error.map(|e| e.code.clone()).unwrap_or_default()
}

/// No poll reaches the simulator for a while (the poller waits). Only
/// restore-job listings count: the projects' names are listed beside the
/// first poll, and may land after it.
async fn assert_quiet(sim: &Simulator, for_at_least: Duration) {
    let before = sim.stats().restore_job_list_requests;
    tokio::time::sleep(for_at_least).await;
    assert_eq!(
        sim.stats().restore_job_list_requests,
        before,
        "a waiting poller polled"
    );
}

fn assert_capped(wait: Duration) {
    assert!(
        wait >= CAP.mul_f64(0.79) && wait <= CAP,
        "waits for the back-off cap, not {wait:?}"
    );
}

#[tokio::test]
async fn bad_keys_say_authentication_failed_and_wait_for_the_cap() {
    let rig = rig(one_cluster(json!({})), &[], |sim, settings| {
        settings.credentials = ApiKey::new(sim.public_key(), "not-the-right-secret").into();
    })
    .await;
    let (data, message, wait) = first_error(&rig.store).await;
    assert!(message.contains("authentication failed"), "{message}");
    assert!(
        message.contains("MONGODB_ATLAS_PUBLIC_API_KEY")
            && message.contains("MONGODB_ATLAS_PRIVATE_API_KEY")
    );
    let bar = status_bar(&data);
    assert!(bar.contains("1 cluster failing: orders (401)"), "{bar}");
    let panel = panel(&data);
    assert!(panel.contains("authentication failed"), "{panel}");
    assert_capped(wait);
    assert_quiet(&rig.sim, INTERVAL * 6).await;
}

#[tokio::test]
async fn forbidden_shows_the_atlas_detail_naming_the_ip() {
    let detail = "IP address 203.0.113.9 is not allowed to access this resource.";
    let fault = json!({"faults": [{"status": 403, "errorCode": "IP_ADDRESS_NOT_ON_ACCESS_LIST", "detail": detail}]});
    let rig = rig(one_cluster(fault), &[], |_, _| {}).await;
    let (data, message, wait) = first_error(&rig.store).await;
    assert!(message.contains(detail), "{message}");
    assert!(panel(&data).contains("203.0.113.9"));
    assert!(panel(&data).contains("Atlas code IP_ADDRESS_NOT_ON_ACCESS_LIST"));
    assert!(status_bar(&data).contains("orders (403)"));
    assert_capped(wait);
}

#[tokio::test]
async fn unknown_cluster_and_project_are_named() {
    let ghost = rig(one_cluster(json!({})), &["ghost"], |_, _| {}).await;
    let (data, message, wait) = first_error(&ghost.store).await;
    assert_eq!(
        message,
        format!("cluster ghost not found in project {GROUP} (404 CLUSTER_NOT_FOUND)")
    );
    assert!(panel(&data).contains(&format!(
        "cluster ghost not found in project {GROUP} (404 CLUSTER_NOT_FOUND)"
    )));
    assert!(status_bar(&data).contains("ghost (404)"));
    assert_capped(wait);

    let elsewhere = "6f3322d28b4f6b59a6508ef4";
    let target = format!("{elsewhere}/orders");
    let other = rig(one_cluster(json!({})), &[&target], |_, _| {}).await;
    let (data, message, wait) = first_error(&other.store).await;
    assert_eq!(
        message,
        format!("project {elsewhere} not found (404 GROUP_NOT_FOUND)")
    );
    assert!(panel(&data).contains("not found"));
    assert_capped(wait);
}

#[tokio::test]
async fn rate_limits_wait_at_least_retry_after() {
    // An HTTP date ten minutes ahead; and a date decades ahead, which is
    // capped at an hour so that a broken server cannot stop the polling.
    let soon = (chrono::Utc::now() + TimeDelta::minutes(10))
        .format("%a, %d %b %Y %H:%M:%S GMT")
        .to_string();
    let cases = [
        ("42".to_string(), 42),
        (soon, 590),
        ("Wed, 21 Oct 2099 07:28:00 GMT".to_string(), 3600),
    ];
    for (retry_after, at_least) in cases {
        for code in ["RATE_LIMITED", "RATE_LIMITED_TOKEN_BUCKET"] {
            let fault = json!({"faults": [{"status": 429, "errorCode": code, "retryAfter": retry_after.clone()}]});
            let rig = rig(one_cluster(fault), &[], |_, _| {}).await;
            let (data, message, wait) = first_error(&rig.store).await;
            assert_eq!(message, format!("rate limited by Atlas (429 {code})"));
            assert!(
                wait >= Duration::from_secs(at_least),
                "{code} {retry_after}: waits {wait:?}"
            );
            if at_least == 42 {
                // Retry-After, plus up to a fifth of it as jitter.
                let panel = panel(&data);
                assert!(panel.contains(&format!("rate limited by Atlas (429 {code})")));
                let seconds = panel
                    .split("next retry retrying in ")
                    .nth(1)
                    .and_then(|rest| rest.split('s').next())
                    .and_then(|number| number.parse::<u64>().ok());
                assert!(seconds.is_some_and(|s| (41..=51).contains(&s)), "{panel}");
            }
            assert_quiet(&rig.sim, INTERVAL * 4).await;
        }
    }
}

#[tokio::test]
async fn timeout_while_paging_is_retried_without_the_count() {
    let fault = json!({"faults": [{"status": 500, "errorCode": "TIMEOUT_WHILE_PAGING", "onlyWhen": {"includeCount": true}}]});
    let rig = rig(one_cluster(fault), &[], |_, _| {}).await;
    let data = wait_for_store(&rig.store, "jobs", |data| {
        data.targets[0].fetched_at.is_some()
    })
    .await;
    let state = &data.targets[0];
    assert_eq!(state.jobs.len(), 1);
    assert_eq!(state.total_count, None, "the count was dropped");
    assert!(state.last_error.is_none());
}

#[tokio::test]
async fn server_errors_back_off_exponentially_and_recover() {
    let fault = json!({"faults": [{"status": 503, "times": 3, "errorCode": "SERVICE_UNAVAILABLE", "detail": "Maintenance."}]});
    let rig = rig(one_cluster(fault), &[], |_, _| {}).await;
    let (data, message, wait) = first_error(&rig.store).await;
    assert_eq!(message, "Maintenance. (503 SERVICE_UNAVAILABLE)");
    let panel = panel(&data);
    assert!(
        panel.contains("Maintenance. (503 SERVICE_UNAVAILABLE) HTTP status 503"),
        "{panel}"
    );
    assert!(panel.contains("next retry retrying"), "{panel}");
    assert!(panel.contains("(1 failed poll)"), "{panel}");
    let first_at = error_at(&data);
    assert!(
        wait >= INTERVAL && wait <= INTERVAL * 2,
        "the first retry doubles the interval: {wait:?}"
    );
    // The failures in a row are counted from the first one.
    let again = wait_for_store(&rig.store, "a second failure", |data| {
        let error = data.targets[0].last_error.as_ref();
        error.is_some_and(|error| error.failures >= 2) || data.targets[0].fetched_at.is_some()
    })
    .await;
    if let Some(error) = &again.targets[0].last_error {
        assert_eq!(error.since, first_at, "since the first failure");
        // Poll times are whole seconds: a quick retry may share its second.
        assert!(
            error.at >= first_at && (2..=3).contains(&error.failures),
            "{error:?}"
        );
    }
    let recovered = wait_for_store(&rig.store, "recovery", |data| {
        data.targets[0].fetched_at.is_some()
    })
    .await;
    let state = &recovered.targets[0];
    assert!(state.last_error.is_none() && state.jobs.len() == 1);
    let back_to_normal = state
        .next_poll
        .zip(state.fetched_at)
        .map(|(next, at)| next - at);
    assert_eq!(
        back_to_normal,
        TimeDelta::from_std(INTERVAL).ok(),
        "the interval again after a success"
    );
}

#[tokio::test]
async fn connection_refused_reset_and_timeouts_give_a_short_cause() {
    let closed = std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr());
    let closed = closed.unwrap_or_else(|error| panic!("{error}"));
    let refused = rig(one_cluster(json!({})), &[], |_, settings| {
        settings.base_url = format!("http://{closed}")
    })
    .await;
    let (data, message, wait) = first_error(&refused.store).await;
    assert!(message.starts_with("cannot connect"), "{message}");
    assert_eq!(code(&data), "connect");
    assert!(wait < CAP, "transient: exponential back-off, not the cap");

    let reset = rig(
        one_cluster(json!({"faults": [{"body": "reset"}]})),
        &[],
        |_, _| {},
    )
    .await;
    let (data, message, wait) = first_error(&reset.store).await;
    assert!(message.starts_with("connection failed"), "{message}");
    assert_eq!(code(&data), "network");
    assert!(wait < CAP);

    let slow = json!({"faults": [{"status": 503, "delayMs": 5000}]});
    let timeout = rig(one_cluster(slow), &[], |_, settings| {
        settings.request_timeout = Duration::from_millis(300)
    })
    .await;
    let (data, message, _) = first_error(&timeout.store).await;
    assert_eq!(message, "timed out");
    assert_eq!(code(&data), "timeout");
    assert!(status_bar(&data).contains("orders (timeout)"));
}

#[tokio::test]
async fn garbage_bodies_are_unexpected_responses_with_a_safe_excerpt() {
    for (body, excerpt) in [
        ("malformed", "{\"links\""),
        ("truncated", "{"),
        ("html", "<html>"),
        ("empty", "empty body"),
    ] {
        let fault = json!({"faults": [{"body": body}]});
        let rig = rig(one_cluster(fault), &[], |_, _| {}).await;
        let (data, message, wait) = first_error(&rig.store).await;
        assert!(
            message.starts_with("unexpected response"),
            "{body}: {message}"
        );
        assert!(message.contains(excerpt), "{body}: {message}");
        assert!(
            !message.contains('\n') && !message.contains('\r'),
            "{body}: one line"
        );
        assert!(panel(&data).contains("unexpected response"));
        let bar = status_bar(&data);
        assert!(bar.contains(&format!("orders ({})", code(&data))), "{bar}");
        assert!(wait < CAP, "{body}: retried like a 5xx");
    }
}

#[tokio::test]
async fn a_page_walk_that_breaks_midway_keeps_the_previous_complete_list() {
    let clusters = json!([{"name": "big", "generatedJobs": 1200, "jobs": []}]);
    let rig = rig(clusters, &[], |_, _| {}).await;
    wait_for_store(&rig.store, "all 1200 jobs", |data| {
        data.targets[0].jobs.len() == 1200
    })
    .await;
    let broken = json!([{"status": 503, "onPage": 2, "detail": "Page 2 is gone."}]);
    rig.sim
        .set_faults(GROUP, "big", broken)
        .unwrap_or_else(|error| panic!("{error}"));
    let (data, message, _) = first_error(&rig.store).await;
    assert!(message.contains("Page 2 is gone."), "{message}");
    assert_eq!(data.targets[0].jobs.len(), 1200, "never a partial list");
    assert!(
        screen_text(&render_at(
            &mut App::new(Arc::clone(&data)),
            160,
            45,
            chrono::Utc::now()
        ))
        .contains("/1200 ")
    );
}
