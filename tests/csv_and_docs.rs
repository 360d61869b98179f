//! `list --output csv`, `completions` and `man`, end to end: the real
//! binary, against the simulator where it needs Atlas.

mod common;

use atlas_restores::sim::{Scenario, SimConfig, Simulator};
use common::cli::{atlas_restores, run};
use serde_json::json;

const GROUP: &str = "5e2211c17a3e5a48f5497de3";

#[tokio::test]
async fn list_csv_has_the_header_and_one_quoted_row_per_job() {
    let scenario = json!({"projects": [{"id": GROUP, "name": "prod", "clusters": [
        {"name": "orders", "jobs": [
            {"id": "65650000aaaaaaaaaaaa0001", "deliveryType": "download", "finishedAt": "-5m",
             "deliveryUrl": ["https://restore.example/a.tar.gz", "https://restore.example/b,c.tar.gz"],
             "expiresAt": "+55m"},
            {"id": "65640000bbbbbbbbbbbb0002", "deliveryType": "automated", "targetClusterName": "say \"hi\"",
             "targetGroupId": GROUP, "finishedAt": "-1h"},
        ]},
    ]}]});
    let scenario = Scenario::from_json(&scenario.to_string()).unwrap_or_else(|e| panic!("{e}"));
    let sim = Simulator::start(SimConfig::new(scenario))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let mut command = atlas_restores(&["list", "--output", "csv", "--project", GROUP]);
    command
        .env("MONGODB_ATLAS_BASE_URL", sim.base_url())
        .env("MONGODB_ATLAS_PUBLIC_API_KEY", sim.public_key())
        .env("MONGODB_ATLAS_PRIVATE_API_KEY", sim.private_key());
    let (output, stdout, stderr) = run(command).await;
    assert!(output.status.success(), "{stderr}");
    let lines: Vec<&str> = stdout.split_terminator("\r\n").collect();
    assert_eq!(
        lines[0],
        "id,groupId,clusterName,deliveryType,status,createdAt,expiresAt,targetGroupId,targetClusterName,deliveryUrls,kind"
    );
    assert_eq!(lines.len(), 3, "{stdout}");
    let ready = lines
        .iter()
        .find(|l| l.starts_with("65650000aaaaaaaaaaaa0001"))
        .unwrap_or_else(|| panic!("{stdout}"));
    assert!(ready.starts_with(&format!(
        "65650000aaaaaaaaaaaa0001,{GROUP},orders,download,ready,"
    )));
    assert!(
        ready.ends_with(
            ",,,\"https://restore.example/a.tar.gz https://restore.example/b,c.tar.gz\",dedicated"
        ),
        "{ready}"
    );
    let automated = lines
        .iter()
        .find(|l| l.starts_with("65640000bbbbbbbbbbbb0002"))
        .unwrap_or_else(|| panic!("{stdout}"));
    assert!(
        automated.ends_with(&format!(",,{GROUP},\"say \"\"hi\"\"\",,dedicated")),
        "{automated}"
    );
    assert!(automated.contains(",finished,2023-11-"), "{automated}");
}

#[tokio::test]
async fn bash_completions_know_the_flags_and_subcommands() {
    let (output, stdout, stderr) = run(atlas_restores(&["completions", "bash"])).await;
    assert!(output.status.success(), "{stderr}");
    assert!(stdout.contains("--cluster"));
    assert!(stdout.contains("list"));
    assert!(stdout.contains("--allow-cancel"));
    for shell in ["zsh", "fish"] {
        let (output, stdout, _) = run(atlas_restores(&["completions", shell])).await;
        assert!(
            output.status.success() && stdout.contains("cluster"),
            "{shell}"
        );
    }
}

#[tokio::test]
async fn the_man_page_is_roff_with_every_flag() {
    let (output, stdout, stderr) = run(atlas_restores(&["man"])).await;
    assert!(output.status.success(), "{stderr}");
    assert!(stdout.contains(".TH"), "{stdout}");
    assert!(stdout.contains(r"\-\-allow\-cancel"), "{stdout}");
    assert!(stdout.contains("clipboard"));
}
