//! The operator keys end to end: the real binary in tmux against the
//! simulator. `y` and `Y` reach tmux's paste buffer through OSC 52 (tmux
//! keeps OSC 52 payloads as buffers when `set-clipboard` is on), `x` cancels
//! a job after the confirmation, `e` writes the export file.

mod common;

use atlas_restores::sim::{Scenario, SimConfig, Simulator};
use common::terminal::{Run, row_of};
use serde_json::json;

const GROUP: &str = "5e2211c17a3e5a48f5497de3";
const URL: &str = "https://restore.example/billing.tar.gz";

fn scenario() -> Scenario {
    let text = json!({"projects": [{"id": GROUP, "name": "prod", "clusters": [
        {"name": "orders", "jobs": [
            {"id": "65650000aaaaaaaaaaaa0001", "deliveryType": "download", "sim": {"readyAfter": "30m"}},
            {"id": "65640000bbbbbbbbbbbb0002", "deliveryType": "automated", "targetClusterName": "orders-copy", "targetGroupId": GROUP, "finishedAt": "-1h"},
        ]},
        {"name": "billing", "jobs": [
            {"id": "65630000cccccccccccc0003", "deliveryType": "download", "finishedAt": "-5m", "deliveryUrl": [URL], "expiresAt": "+55m"},
        ]},
    ]}]});
    Scenario::from_json(&text.to_string()).unwrap_or_else(|error| panic!("{error}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn copy_cancel_and_export_in_a_real_terminal() {
    let sim = Simulator::start(SimConfig::new(scenario()))
        .await
        .unwrap_or_else(|error| panic!("{error}"));
    let temp = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
    let dir = temp.path();
    let env = [("ATLAS_RESTORES_EXPORT_DIR", dir.display().to_string())];
    let args = format!("--project {GROUP} --interval 300ms --allow-cancel");
    let run = Run::start(sim, &args, &env, (140, 35), false).await;
    let tmux = &run.tmux;
    tmux.run(&["set-option", "-s", "set-clipboard", "on"]);
    tmux.wait_for("three jobs", |s| {
        ["aaaa0001", "bbbb0002", "cccc0003"]
            .iter()
            .all(|id| s.contains(id))
    })
    .await;

    // The ready download is the third row; `y` copies its URL.
    tmux.keys(&["j", "j", "y"]);
    let copied = format!("copied 1 URL ({} bytes)", URL.len());
    tmux.wait_for("the copy flash", |s| s.contains(&copied))
        .await;
    assert_eq!(tmux.run(&["show-buffer"]), URL, "OSC 52 reached tmux");

    // `Y` copies the job id.
    tmux.keys(&["Y"]);
    tmux.wait_for("the id flash", |s| s.contains("copied the job id"))
        .await;
    assert_eq!(tmux.run(&["show-buffer"]), "65630000cccccccccccc0003");

    // `x` asks first; `y` cancels; the refreshed row says cancelled.
    tmux.keys(&["x"]);
    let popup = tmux
        .wait_for("the confirmation", |s| {
            s.contains("y: cancel it, any other key: keep it")
        })
        .await;
    assert!(
        popup.contains("Cancel restore job 65630000cccccccccccc0003"),
        "{popup}"
    );
    assert!(
        popup.contains(&format!("of cluster {GROUP}/billing?")),
        "{popup}"
    );
    tmux.keys(&["y"]);
    tmux.wait_for("the cancel flash", |s| {
        s.contains("cancel requested for restore job 65630000cccccccccccc0003 of billing")
    })
    .await;
    tmux.wait_for("the job cancelled", |s| {
        row_of(s, "cccc0003 billing").contains("cancelled")
    })
    .await;

    // `e` writes every visible job to the export directory.
    tmux.keys(&["e"]);
    let screen = tmux
        .wait_for("the export flash", |s| s.contains("exported 3 jobs to"))
        .await;
    let files: Vec<_> = std::fs::read_dir(dir)
        .map(|entries| entries.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    assert_eq!(files.len(), 1, "{screen}");
    let name = files[0]
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default()
        .to_string();
    assert!(
        name.starts_with("atlas-restores-") && name.ends_with(".json"),
        "{name}"
    );

    tmux.keys(&["q"]);
    assert_eq!(run.exit_status().await, "0");
}
