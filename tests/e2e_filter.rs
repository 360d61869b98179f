//! The filter language and the cancel selection end to end: the real
//! binary in tmux against the simulator. Field terms, negation and the
//! status keys narrow the rows and the header names them; a wrong field is
//! an error in the prompt; after `x` `y` in a filtered view the cancelled
//! job stays selected until the selection moves.

mod common;

use atlas_restores::sim::{Scenario, SimConfig, Simulator};
use common::terminal::Run;
use serde_json::json;

const PROD: &str = "5e2211c17a3e5a48f5497de3";
const STAGING: &str = "5e2211c17a3e5a48f5497de4";

fn scenario() -> Scenario {
    let running = json!({"readyAfter": "30m"});
    let text = json!({"projects": [
        {"id": PROD, "name": "prod", "clusters": [
            {"name": "orders", "jobs": [
                {"id": "65650000aaaaaaaaaaaa0001", "deliveryType": "download", "sim": running},
                {"id": "65640000aaaaaaaaaaaa0002", "deliveryType": "automated", "targetClusterName": "orders-copy", "targetGroupId": PROD, "sim": running},
                {"id": "65630000aaaaaaaaaaaa0003", "deliveryType": "automated", "targetClusterName": "orders-copy", "targetGroupId": PROD, "finishedAt": "-1h"},
            ]},
            {"name": "billing", "jobs": [
                {"id": "65620000bbbbbbbbbbbb0004", "deliveryType": "automated", "targetClusterName": "billing-copy", "targetGroupId": PROD, "sim": running},
                {"id": "65610000bbbbbbbbbbbb0005", "deliveryType": "download", "finishedAt": "-5m", "deliveryUrl": ["https://restore.example/b.tar.gz"], "expiresAt": "+55m"},
            ]},
        ]},
        {"id": STAGING, "name": "staging", "clusters": [
            {"name": "orders-stg", "jobs": [
                {"id": "65600000cccccccccccc0006", "deliveryType": "automated", "targetClusterName": "orders-tmp", "targetGroupId": STAGING, "sim": running},
            ]},
        ]},
    ]});
    Scenario::from_json(&text.to_string()).unwrap_or_else(|error| panic!("{error}"))
}

const IDS: [&str; 6] = [
    "aaaa0001", "aaaa0002", "aaaa0003", "bbbb0004", "bbbb0005", "cccc0006",
];

async fn start(args: &str) -> Run {
    let sim = Simulator::start(SimConfig::new(scenario()))
        .await
        .unwrap_or_else(|error| panic!("{error}"));
    let args = format!("--project {PROD} --project {STAGING} --interval 300ms {args}");
    let run = Run::start(sim, &args, &[], (140, 35), false).await;
    run.tmux
        .wait_for("every job", |s| IDS.iter().all(|id| s.contains(id)))
        .await;
    // The selection followed the first job loaded: back to the top.
    run.tmux.keys(&["g"]);
    run.tmux
        .wait_for("the first row selected", |s| s.contains(" jobs 1/6 "))
        .await;
    run
}

/// The table row of the job whose short id is `id` (the detail pane's
/// full id on another line is not it).
fn table_row<'a>(screen: &'a str, id: &str) -> &'a str {
    let id = format!(" {id} ");
    let row = screen.lines().find(|line| line.contains(&id));
    row.unwrap_or_default()
}

/// The ids of `IDS` on screen.
fn shown(screen: &str) -> Vec<&'static str> {
    IDS.iter()
        .copied()
        .filter(|id| screen.contains(id))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn field_terms_negation_and_status_keys_narrow_the_rows() {
    let run = start("").await;
    let tmux = &run.tmux;

    tmux.keys(&["/", "cluster:orders !type:download", "Enter"]);
    let screen = tmux
        .wait_for("the orders restores", |s| {
            s.contains("filter: cluster:orders !type:download") && !s.contains("aaaa0001")
        })
        .await;
    assert_eq!(
        shown(&screen),
        ["aaaa0002", "aaaa0003", "cccc0006"],
        "{screen}"
    );
    assert!(screen.contains(" jobs 1/3 · 3 hidden "), "{screen}");

    // 7: only the active ones, with the text.
    tmux.keys(&["7"]);
    let screen = tmux
        .wait_for("the active orders restores", |s| {
            s.contains("· status: in progress, ready") && !s.contains("aaaa0003")
        })
        .await;
    assert_eq!(shown(&screen), ["aaaa0002", "cccc0006"], "{screen}");

    // A field that does not exist is an error in the prompt.
    tmux.keys(&["/", " kluster:x"]);
    let screen = tmux
        .wait_for("the error", |s| s.contains("✗ no field \"kluster:\""))
        .await;
    assert_eq!(shown(&screen), ["aaaa0002", "cccc0006"], "{screen}");
    tmux.keys(&["Escape"]);
    let screen = tmux
        .wait_for("the text cleared", |s| {
            !s.contains("filter: ") && s.contains("status: in progress, ready")
        })
        .await;
    assert_eq!(
        shown(&screen),
        ["aaaa0001", "aaaa0002", "bbbb0004", "bbbb0005", "cccc0006"],
        "{screen}"
    );
    tmux.keys(&["0"]);
    // The selection stayed on the first orders restore throughout.
    tmux.wait_for("every job again", |s| {
        IDS.iter().all(|id| s.contains(id)) && s.contains(" jobs 2/6 ")
    })
    .await;

    tmux.keys(&["q"]);
    assert_eq!(run.exit_status().await, "0");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_cancelled_job_stays_selected_in_a_filtered_view() {
    let run = start("--allow-cancel").await;
    let tmux = &run.tmux;

    // In progress only; the second row.
    tmux.keys(&["1"]);
    tmux.wait_for("the running jobs", |s| {
        shown(s) == ["aaaa0001", "aaaa0002", "bbbb0004", "cccc0006"]
    })
    .await;
    tmux.keys(&["j"]);
    tmux.wait_for("the second selected", |s| {
        s.contains(" jobs 2/4 ") && s.contains("65640000aaaaaaaaaaaa0002")
    })
    .await;
    tmux.keys(&["x"]);
    tmux.wait_for("the confirmation", |s| {
        s.contains("y: cancel it, any other key: keep it")
    })
    .await;
    tmux.keys(&["y"]);
    let screen = tmux
        .wait_for("the job cancelled and kept", |s| {
            table_row(s, "aaaa0002").contains("cancelled")
                && s.contains("selected job kept: it no longer matches the filter")
        })
        .await;
    assert!(screen.contains(" jobs 2/4 "), "{screen}");
    assert!(
        screen
            .lines()
            .any(|line| line.contains("│id ") && line.contains("65640000aaaaaaaaaaaa0002")),
        "the detail still shows it: {screen}"
    );

    // x again: nothing to cancel, no neighbour cancelled.
    tmux.keys(&["x"]);
    tmux.wait_for("the refusal", |s| {
        s.contains("restore job 65640000aaaaaaaaaaaa0002 is cancelled: it cannot be cancelled")
    })
    .await;

    // Moving off lets it go.
    tmux.keys(&["j"]);
    let screen = tmux
        .wait_for("the kept job gone", |s| s.contains(" jobs 2/3 "))
        .await;
    assert_eq!(table_row(&screen, "aaaa0002"), "", "{screen}");
    assert!(
        screen
            .lines()
            .any(|line| line.contains("│id ") && line.contains("65620000bbbbbbbbbbbb0004")),
        "{screen}"
    );

    tmux.keys(&["q"]);
    assert_eq!(run.exit_status().await, "0");
}
