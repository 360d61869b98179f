//! Jobs changing on the simulator clock, and cancellation.

use super::*;

#[tokio::test]
async fn jobs_evolve_on_the_simulator_clock() {
    let jobs = json!([
        {"created": "-10s", "deliveryType": "download", "sim": {"readyAfter": "90s"}},
        {"created": "-20s", "deliveryType": "automated", "sim": {"failAfter": "2m"}},
    ]);
    let sim = start(one_cluster(jobs, json!([]), 0)).await;
    let before = list_jobs(&sim).await;
    assert_eq!(before[0]["deliveryUrl"], json!([]));
    assert!(before[0].get("finishedAt").is_none() && before[1].get("finishedAt").is_none());
    assert_eq!(before[1]["failed"], false);
    sim.advance(Duration::from_secs(120));
    let after = list_jobs(&sim).await;
    let url = after[0]["deliveryUrl"][0].as_str().expect("url");
    assert!(
        url.starts_with("https://restore-") && url.ends_with(".tar.gz"),
        "{url}"
    );
    assert!(after[0]["finishedAt"].is_string() && after[0]["expiresAt"].is_string());
    assert_eq!(after[0]["expired"], false);
    assert_eq!(
        (
            after[1]["failed"].as_bool(),
            after[1]["finishedAt"].is_string()
        ),
        (Some(true), true)
    );
    sim.advance(Duration::from_secs(3600));
    let expired = list_jobs(&sim).await;
    assert_eq!(
        (expired[0]["expired"].as_bool(), &expired[0]["deliveryUrl"]),
        (Some(true), &json!([]))
    );
}

#[tokio::test]
async fn cancel_running_job_but_not_finished_one() {
    let jobs = json!([
        {"created": "-1m", "deliveryType": "download", "sim": {"readyAfter": "5m"}},
        {"created": "-2h", "deliveryType": "automated", "finishedAt": "-1h", "targetClusterName": "x"},
        {"created": "-3h", "deliveryType": "download", "sim": {"readyAfter": "5m", "cancel": "notAllowed"}},
    ]);
    let sim = start(one_cluster(jobs, json!([]), 0)).await;
    let list = get(&sim, &jobs_path("v2")).await.json();
    let id = |i: usize| list["results"][i]["id"].as_str().expect("id").to_string();
    let r = delete(&sim, id(0)).await;
    assert_eq!((r.status, r.text.as_str()), (204, ""));
    let job = get(&sim, &format!("{}/{}", jobs_path("v2"), id(0)))
        .await
        .json();
    assert_eq!(job["cancelled"], true);
    let again = delete(&sim, id(0)).await;
    assert_eq!(again.status, 400);
    let finished = delete(&sim, id(1)).await;
    assert_eq!(
        (finished.status, finished.json()["errorCode"].as_str()),
        (400, Some("CANNOT_CANCEL_RESTORE_JOB"))
    );
    let refused = delete(&sim, id(2)).await;
    assert_eq!(refused.status, 405);
    assert_eq!(
        refused.json()["errorCode"],
        "ATLAS_BACKUP_CANCEL_SHARD_RESTORE_JOB_NOT_ALLOWED"
    );
}
