//! The `list` command end to end: the real binary against the simulator,
//! both output formats, a failing target, and missing configuration.

mod common;

use atlas_restores::sim::{Scenario, SimConfig, Simulator};
use common::cli::{atlas_restores, run};
use serde_json::{Value, json};

const GROUP: &str = "5e2211c17a3e5a48f5497de3";

#[tokio::test]
async fn list_demo_prints_a_table_of_the_demo_jobs() {
    let (output, stdout, stderr) = run(atlas_restores(&["list", "--demo"])).await;
    assert!(output.status.success(), "{stderr}");
    let mut lines = stdout.lines();
    let header = lines.next().unwrap_or_default();
    for column in [
        "ID", "CLUSTER", "KIND", "TYPE", "STATUS", "CREATED", "EXPIRES", "TARGET",
    ] {
        assert!(header.contains(column), "{header}");
    }
    let rows: Vec<&str> = lines.collect();
    assert!(rows.len() >= 55, "{} rows:\n{stdout}", rows.len());
    for word in [
        "ready",
        "finished",
        "failed",
        "cancelled",
        "expired",
        "in progress",
    ] {
        assert!(rows.iter().any(|row| row.contains(word)), "no {word} row");
    }
    assert!(
        rows.iter().any(|row| row.contains("download"))
            && rows.iter().any(|row| row.contains("pointInTime"))
    );
}

#[tokio::test]
async fn list_demo_json_is_one_object_with_the_jobs_as_sent() {
    let (output, stdout, stderr) =
        run(atlas_restores(&["list", "--demo", "--output", "json"])).await;
    assert!(output.status.success(), "{stderr}");
    let document: Value =
        serde_json::from_str(&stdout).unwrap_or_else(|error| panic!("{error}: {stdout}"));
    let clusters = document["clusters"].as_array().cloned().unwrap_or_default();
    assert_eq!(clusters.len(), 8);
    let mut jobs = 0;
    let flex: Vec<&Value> = clusters.iter().filter(|c| c["kind"] == "flex").collect();
    assert_eq!(flex.len(), 1, "the demo's one Flex cluster");
    assert_eq!(flex[0]["clusterName"], "sandbox-flex");
    for cluster in &clusters {
        assert!(cluster["groupId"].is_string() && cluster["clusterName"].is_string());
        assert!(cluster["kind"] == "flex" || cluster["kind"] == "dedicated");
        assert!(cluster["error"].is_null());
        let results = cluster["results"].as_array().cloned().unwrap_or_default();
        assert_eq!(cluster["totalCount"].as_u64(), Some(results.len() as u64));
        for job in &results {
            assert!(job["id"].is_string() && job["links"].is_array(), "{job}");
            assert!(
                job.get("created").is_none() && job.get("sim").is_none(),
                "simulator-only keys leaked: {job}"
            );
        }
        jobs += results.len();
    }
    assert!(jobs >= 55);
}

#[tokio::test]
async fn a_failing_target_exits_1_names_the_cluster_and_still_prints_the_rest() {
    let scenario = json!({
        "credentials": {"publicKey": "listpub", "privateKey": "list-private-a1b2"},
        "projects": [{"id": GROUP, "name": "prod", "clusters": [
            {"name": "healthy", "jobs": [{"created": "-1h", "deliveryType": "automated", "targetClusterName": "copy", "finishedAt": "-10m"}]},
            {"name": "broken", "jobs": [], "faults": [{"status": 503, "errorCode": "SERVICE_UNAVAILABLE", "detail": "Service is temporarily unavailable."}]},
        ]}],
    });
    let scenario =
        Scenario::from_json(&scenario.to_string()).unwrap_or_else(|error| panic!("{error}"));
    let sim = Simulator::start(SimConfig::new(scenario))
        .await
        .unwrap_or_else(|error| panic!("{error}"));
    for format in ["table", "json"] {
        let mut command = atlas_restores(&[
            "list",
            "--output",
            format,
            "--cluster",
            "healthy",
            "--cluster",
            "broken",
            "--project",
            GROUP,
        ]);
        command
            .env("MONGODB_ATLAS_BASE_URL", sim.base_url())
            .env("MONGODB_ATLAS_PUBLIC_API_KEY", sim.public_key())
            .env("MONGODB_ATLAS_PRIVATE_API_KEY", sim.private_key());
        let (output, stdout, stderr) = run(command).await;
        assert_eq!(output.status.code(), Some(1), "{format}: {stderr}");
        let failures: Vec<&str> = stderr.lines().collect();
        assert_eq!(failures.len(), 1, "{stderr}");
        assert!(
            failures[0].contains("broken") && failures[0].contains("503"),
            "{stderr}"
        );
        assert!(failures[0].contains("SERVICE_UNAVAILABLE"), "{stderr}");
        assert!(!stderr.contains(sim.private_key()) && !stdout.contains(sim.private_key()));
        match format {
            "table" => assert!(
                stdout
                    .lines()
                    .any(|l| l.contains("healthy") || l.contains("finished")),
                "{stdout}"
            ),
            _ => {
                let document: Value = serde_json::from_str(&stdout).unwrap_or_default();
                assert_eq!(
                    document["clusters"][0]["results"].as_array().map(Vec::len),
                    Some(1)
                );
                assert!(
                    document["clusters"][1]["error"]
                        .as_str()
                        .is_some_and(|e| e.contains("503"))
                );
            }
        }
    }
}

#[tokio::test]
async fn missing_credentials_exit_2_naming_the_variables_and_the_demo() {
    let (output, _, stderr) = run(atlas_restores(&[
        "list",
        "--cluster",
        &format!("{GROUP}/c"),
    ]))
    .await;
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr.contains("MONGODB_ATLAS_PUBLIC_API_KEY")
            && stderr.contains("MONGODB_ATLAS_PRIVATE_API_KEY"),
        "{stderr}"
    );
    assert!(stderr.contains("--demo"), "{stderr}");
    let mut no_targets = atlas_restores(&["list"]);
    no_targets
        .env("MONGODB_ATLAS_PUBLIC_API_KEY", "p")
        .env("MONGODB_ATLAS_PRIVATE_API_KEY", "s");
    let (output, _, stderr) = run(no_targets).await;
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr.contains("--cluster") && stderr.contains("--demo"),
        "{stderr}"
    );
}

#[tokio::test]
async fn plain_http_off_this_machine_is_refused_before_connecting() {
    let mut command = atlas_restores(&[
        "list",
        "--cluster",
        &format!("{GROUP}/c"),
        "--base-url",
        "http://atlas.example.invalid",
    ]);
    command
        .env("MONGODB_ATLAS_PUBLIC_API_KEY", "p")
        .env("MONGODB_ATLAS_PRIVATE_API_KEY", "s");
    let (output, stdout, stderr) = run(command).await;
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr.contains("--allow-insecure-http") && stderr.contains("http://atlas.example.invalid"),
        "{stderr}"
    );
    assert!(stdout.is_empty());
}

#[tokio::test]
async fn list_reports_the_same_message_as_the_dashboard() {
    let detail = "IP address 203.0.113.9 is not allowed to access this resource.";
    let scenario = json!({"projects": [{"id": GROUP, "name": "prod", "clusters": [
        {"name": "locked", "jobs": [], "faults": [{"status": 403, "errorCode": "IP_ADDRESS_NOT_ON_ACCESS_LIST", "detail": detail}]},
        {"name": "paging", "jobs": [{"created": "-1h", "deliveryType": "automated", "targetClusterName": "x"}],
         "faults": [{"status": 500, "errorCode": "TIMEOUT_WHILE_PAGING", "onlyWhen": {"includeCount": true}}]},
    ]}]});
    let scenario =
        Scenario::from_json(&scenario.to_string()).unwrap_or_else(|error| panic!("{error}"));
    let sim = Simulator::start(SimConfig::new(scenario))
        .await
        .unwrap_or_else(|error| panic!("{error}"));
    let mut command = atlas_restores(&["list", "--output", "json", "--project", GROUP]);
    command
        .env("MONGODB_ATLAS_BASE_URL", sim.base_url())
        .env("MONGODB_ATLAS_PUBLIC_API_KEY", sim.public_key())
        .env("MONGODB_ATLAS_PRIVATE_API_KEY", sim.private_key());
    let (output, stdout, stderr) = run(command).await;
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert_eq!(
        stderr.trim(),
        format!(
            "error: cluster {GROUP}/locked: access denied: {detail} (403 IP_ADDRESS_NOT_ON_ACCESS_LIST)"
        )
    );
    let document: Value = serde_json::from_str(&stdout).unwrap_or_default();
    let paging = document["clusters"]
        .as_array()
        .and_then(|c| c.iter().find(|c| c["clusterName"] == "paging"))
        .cloned();
    let paging = paging.unwrap_or_default();
    assert!(
        paging["error"].is_null(),
        "TIMEOUT_WHILE_PAGING is retried without the count: {paging}"
    );
    assert_eq!(paging["results"].as_array().map(Vec::len), Some(1));
    assert!(paging["totalCount"].is_null());
}
