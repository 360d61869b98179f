//! End to end, the real binary in tmux against the simulator: with
//! `--project`, the picker shows each cluster's job count and polling
//! state; unchecking a cluster and pressing `w` hides it at once and saves
//! it as `exclude`, so that it stays hidden when `--project` expands on the
//! next start.

mod common;

use atlas_restores::sim::{Scenario, SimConfig, Simulator};
use common::terminal::Run;
use serde_json::json;

const GROUP: &str = "5e2211c17a3e5a48f5497de3";

async fn simulator() -> Simulator {
    let text = json!({"projects": [{"id": GROUP, "name": "prod", "clusters": [
        {"name": "orders", "jobs": [
            {"id": "65650000aaaaaaaaaaaa0001", "deliveryType": "download", "finishedAt": "-5m", "deliveryUrl": ["https://restore.example/orders.tar.gz"], "expiresAt": "+55m"},
        ]},
        {"name": "billing", "jobs": [
            {"id": "65630000cccccccccccc0003", "deliveryType": "download", "finishedAt": "-5m", "deliveryUrl": ["https://restore.example/billing.tar.gz"], "expiresAt": "+55m"},
            {"id": "65620000dddddddddddd0004", "deliveryType": "automated", "targetClusterName": "billing", "failed": true},
        ]},
    ]}]});
    let scenario = Scenario::from_json(&text.to_string()).unwrap_or_else(|error| panic!("{error}"));
    Simulator::start(SimConfig::new(scenario))
        .await
        .unwrap_or_else(|error| panic!("{error}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unchecked_cluster_of_a_project_stays_hidden_after_w_and_a_restart() {
    let home = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
    let config = home.path().join("config.toml");
    std::fs::write(&config, "# mine\n").unwrap_or_else(|error| panic!("{error}"));
    let args = format!(
        "--project {GROUP} --interval 300ms --config {}",
        config.display()
    );
    let run = Run::start(simulator().await, &args, &[], (120, 35), false).await;
    let tmux = &run.tmux;
    tmux.wait_for("both clusters' jobs", |s| {
        s.contains("aaaa0001") && s.contains("cccc0003") && s.contains("2 clusters")
    })
    .await;

    tmux.keys(&["c"]);
    let picker = tmux
        .wait_for("the picker with job counts", |s| {
            s.contains("prod/billing") && s.contains("2 jobs  ok")
        })
        .await;
    assert!(picker.contains("1 job  ok"), "{picker}");
    // orders is the first row, billing the second.
    tmux.keys(&["j", "Space", "w"]);
    let screen = tmux
        .wait_for("billing hidden and the choice saved", |s| {
            s.contains("saved to") && s.contains("1 cluster") && !s.contains("cccc0003")
        })
        .await;
    assert!(screen.contains("aaaa0001"), "{screen}");
    let saved = std::fs::read_to_string(&config).unwrap_or_default();
    assert!(
        saved.contains(&format!("exclude = [\"{GROUP}/billing\"]")),
        "{saved}"
    );
    tmux.keys(&["q"]);
    assert_eq!(run.exit_status().await, "0");

    let again = Run::start(run.sim, &args, &[], (120, 35), false).await;
    let screen = again
        .tmux
        .wait_for("orders watched and polled", |s| {
            s.contains("aaaa0001") && s.contains("1 cluster,")
        })
        .await;
    assert!(!screen.contains("cccc0003"), "{screen}");
    again.tmux.keys(&["q"]);
    assert_eq!(again.exit_status().await, "0");
}
