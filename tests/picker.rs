//! The cluster picker with `--project`, over the simulator: unchecking a
//! cluster of a watched project hides it in this session (the poller stops
//! polling it and its jobs leave the table) while the project is listed
//! again; `w` saves it as excluded, and a poller started with that
//! exclusion never watches it; each row shows its job count and polling
//! state.

mod common;

use std::sync::Arc;
use std::time::Duration;

use atlas_restores::app::{App, Effect, Polling};
use atlas_restores::atlas::{ApiKey, ApiVersion, Client, ClientSettings, Target};
use atlas_restores::config::saved_targets::Choice;
use atlas_restores::poller::store::{Inventory, Store, StoreData};
use atlas_restores::poller::{Command, PollSettings, Poller, Watch};
use atlas_restores::sim::{Scenario, SimConfig, Simulator};
use common::screen::{render, screen_text};
use common::wait_for_store;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use serde_json::json;

const GROUP: &str = "5e2211c17a3e5a48f5497de3";
const OTHER: &str = "6f3322d28b4f6b59a6508ef4";

fn press(app: &mut App, code: KeyCode) -> Option<Effect> {
    app.handle_key(KeyEvent::new(code, KeyModifiers::NONE))
}

async fn simulator() -> Simulator {
    let scenario = json!({"projects": [
        {"id": GROUP, "name": "prod", "clusters": [
            {"name": "billing", "generatedJobs": 2, "jobs": []},
            {"name": "orders", "generatedJobs": 3, "jobs": []},
            {"name": "search", "generatedJobs": 1, "jobs": []},
        ]},
        {"id": OTHER, "name": "staging", "clusters": [{"name": "reporting", "generatedJobs": 1, "jobs": []}]},
    ]});
    let scenario =
        Scenario::from_json(&scenario.to_string()).unwrap_or_else(|error| panic!("{error}"));
    Simulator::start(SimConfig::new(scenario))
        .await
        .unwrap_or_else(|error| panic!("{error}"))
}

/// A poller watching `GROUP` whole (as `--project GROUP`), listing it
/// again every 100 ms, with `excluded` left out.
fn watch_project(sim: &Simulator, excluded: Vec<Target>) -> (Arc<Store>, Poller) {
    let key = ApiKey::new(sim.public_key(), sim.private_key());
    let client = Client::new(ClientSettings::new(sim.base_url(), ApiVersion::V2, key))
        .unwrap_or_else(|error| panic!("{error}"));
    let store = Store::new(Vec::new(), Duration::from_millis(50));
    let settings = PollSettings {
        relist: Duration::from_millis(100),
        ..PollSettings::every(Duration::from_millis(50))
    };
    let watch = Watch {
        projects: vec![GROUP.to_string()],
        excluded,
        recorder: None,
    };
    let poller = Poller::spawn_watching(client, Arc::clone(&store), settings, watch);
    (store, poller)
}

fn names(data: &StoreData) -> Vec<String> {
    data.targets
        .iter()
        .map(|t| t.target.cluster_name.clone())
        .collect()
}

fn all_polled(data: &StoreData) -> bool {
    data.targets.iter().all(|t| t.fetched_at.is_some())
}

/// The clusters of the table's rows, in the app.
fn clusters_in_table(app: &App) -> Vec<String> {
    let mut clusters: Vec<String> = app
        .rows()
        .map(|(state, _)| state.target.cluster_name.clone())
        .collect();
    clusters.dedup();
    clusters.sort();
    clusters.dedup();
    clusters
}

#[tokio::test]
async fn unchecking_a_cluster_of_a_watched_project_hides_it_and_w_saves_the_exclusion() {
    let sim = simulator().await;
    let (store, poller) = watch_project(&sim, Vec::new());
    let data = wait_for_store(&store, "the project's three clusters polled", |data| {
        names(data) == ["billing", "orders", "search"] && all_polled(data)
    })
    .await;
    assert_eq!(
        data.projects,
        [GROUP],
        "the store says which projects are watched"
    );
    let mut app = App::new(data);
    assert_eq!(clusters_in_table(&app), ["billing", "orders", "search"]);

    assert_eq!(
        press(&mut app, KeyCode::Char('c')),
        Some(Effect::LoadInventory)
    );
    poller.send(Command::LoadInventory);
    let data = wait_for_store(&store, "the inventory", |data| {
        matches!(data.inventory, Inventory::Loaded(_))
    })
    .await;
    app.set_data(data);
    let rows: Vec<(String, Option<usize>, Polling)> = app
        .picker_rows()
        .iter()
        .map(|row| (row.target.to_string(), row.job_count(), row.polling()))
        .collect();
    assert_eq!(
        rows,
        [
            (format!("{GROUP}/billing"), Some(2), Polling::Ok),
            (format!("{GROUP}/orders"), Some(3), Polling::Ok),
            (format!("{GROUP}/search"), Some(1), Polling::Ok),
            (format!("{OTHER}/reporting"), None, Polling::NotWatched),
        ]
    );
    let text = screen_text(&render(&mut app, 120, 30));
    assert!(text.contains("prod/orders"), "{text}");
    assert!(
        text.contains("3 jobs  ok"),
        "the job count and state: {text}"
    );
    assert!(text.contains("—  not watched"), "{text}");

    // Uncheck search (the third row) and apply.
    press(&mut app, KeyCode::Char('j'));
    press(&mut app, KeyCode::Char('j'));
    press(&mut app, KeyCode::Char(' '));
    let applied = press(&mut app, KeyCode::Enter);
    let kept = vec![Target::new(GROUP, "billing"), Target::new(GROUP, "orders")];
    assert_eq!(applied, Some(Effect::SetTargets(kept.clone())));
    poller.send(Command::SetTargets(kept.clone()));
    let data = wait_for_store(&store, "search no longer watched", |data| {
        names(data) == ["billing", "orders"]
    })
    .await;
    app.set_data(data);
    assert_eq!(
        clusters_in_table(&app),
        ["billing", "orders"],
        "its jobs leave the table"
    );
    // The project is listed again (every 100 ms) and polled (every 50 ms):
    // search stays out.
    let version = store.version();
    wait_for_store(&store, "more relists and polls", |data| {
        data.version > version + 20
    })
    .await;
    assert_eq!(names(&store.snapshot()), ["billing", "orders"]);

    // A cluster the project gains later is watched.
    sim.add_cluster(
        GROUP,
        json!({"name": "ledger", "generatedJobs": 1, "jobs": []}),
    )
    .unwrap_or_else(|error| panic!("{error}"));
    wait_for_store(&store, "the new cluster", |data| {
        names(data) == ["billing", "ledger", "orders"]
    })
    .await;

    // `w` saves the exclusion of the project's listed clusters.
    app.set_data(store.snapshot());
    press(&mut app, KeyCode::Char('c'));
    let saved = press(&mut app, KeyCode::Char('w'));
    assert_eq!(
        saved,
        Some(Effect::SaveTargets(Choice {
            clusters: vec![
                Target::new(GROUP, "billing"),
                Target::new(GROUP, "ledger"),
                Target::new(GROUP, "orders"),
            ],
            projects: vec![GROUP.to_string()],
            excluded: vec![Target::new(GROUP, "search")],
        }))
    );

    // Checking it again brings it back.
    poller.send(Command::SetTargets(vec![
        Target::new(GROUP, "billing"),
        Target::new(GROUP, "orders"),
        Target::new(GROUP, "search"),
    ]));
    wait_for_store(&store, "search watched again, ledger left out", |data| {
        names(data) == ["billing", "orders", "search"] && all_polled(data)
    })
    .await;
}

#[tokio::test]
async fn a_saved_exclusion_stays_hidden_when_the_project_expands_on_the_next_start() {
    let sim = simulator().await;
    let (store, _poller) = watch_project(&sim, vec![Target::new(GROUP, "search")]);
    wait_for_store(&store, "the project's other clusters polled", |data| {
        names(data) == ["billing", "orders"] && all_polled(data)
    })
    .await;
    let version = store.version();
    wait_for_store(&store, "more relists and polls", |data| {
        data.version > version + 20
    })
    .await;
    assert_eq!(names(&store.snapshot()), ["billing", "orders"]);
}
