//! Listings, paging, versions, links and 404s; the demo scenario.

use super::*;

#[tokio::test]
async fn v1_serves_jobs_as_stored_and_v2_normalises() {
    let job = json!({"created": "-2h", "deliveryType": "download", "createdAt": "-2h",
        "deliveryUrl": "https://restore.mongodb.net:27017/restore-x.tar.gz",
        "expiresAt": "+1h", "finishedAt": "-1h", "snapshotId": SNAP, "timestamp": "-3h"});
    // The clock stands still, so the id's time is exactly two hours before it.
    let at = chrono::DateTime::from_timestamp(1_714_564_800, 0).expect("a time");
    let sim = start_at(one_cluster(json!([job]), json!([]), 0), at).await;
    let v1 = get(&sim, &jobs_path("v1.0")).await;
    assert_eq!(v1.status, 200);
    assert_eq!(v1.header("content-type"), "application/json");
    let j1 = &v1.json()["results"][0];
    assert!(j1["deliveryUrl"].is_string());
    assert!(j1["createdAt"].is_string());
    assert_eq!(
        &j1["id"].as_str().expect("id")[..8],
        &format!("{:08x}", (at - chrono::TimeDelta::hours(2)).timestamp())[..8]
    );
    let rels: Vec<&str> = j1["links"]
        .as_array()
        .expect("links")
        .iter()
        .filter_map(|l| l["rel"].as_str())
        .collect();
    assert_eq!(
        rels,
        [
            "self",
            "http://mms.mongodb.com/snapshot",
            "http://mms.mongodb.com/cluster",
            "http://mms.mongodb.com/group"
        ]
    );
    let v2 = get(&sim, &jobs_path("v2")).await.json();
    let j2 = &v2["results"][0];
    assert_eq!(
        j2["deliveryUrl"],
        json!(["https://restore.mongodb.net:27017/restore-x.tar.gz"])
    );
    assert!(j2.get("createdAt").is_none());
    assert!(j2.get("created").is_none() && j2.get("sim").is_none());
    assert_eq!(j2["links"][1]["rel"], "https://cloud.mongodb.com/snapshot");
    // Links are followable as given.
    let href = j2["links"][0]["href"].as_str().expect("href");
    let own = get(&sim, href.trim_start_matches(&sim.base_url())).await;
    assert_eq!(own.json()["id"], j2["id"]);
    let snap = get(
        &sim,
        j2["links"][1]["href"]
            .as_str()
            .expect("href")
            .trim_start_matches(&sim.base_url()),
    )
    .await;
    assert_eq!(snap.status, 200);
    let s = snap.json();
    assert_eq!(
        (s["id"].as_str(), s["status"].as_str(), s["type"].as_str()),
        (Some(SNAP), Some("completed"), Some("replicaSet"))
    );
}

#[tokio::test]
async fn pages_of_generated_jobs() {
    let sim = start(one_cluster(json!([]), json!([]), 1234)).await;
    let mut ids = std::collections::HashSet::new();
    let mut next = Some(format!("{}?itemsPerPage=500", jobs_path("v2")));
    let mut pages = 0;
    let mut last_created = u64::MAX;
    while let Some(path) = next.take() {
        let page = get(&sim, &path).await.json();
        pages += 1;
        assert_eq!(page["totalCount"], 1234);
        for j in page["results"].as_array().expect("results") {
            let id = j["id"].as_str().expect("id").to_string();
            let created = u64::from_str_radix(&id[..8], 16).expect("hex");
            assert!(created <= last_created, "newest first");
            last_created = created;
            assert!(ids.insert(id));
        }
        let links = page["links"].as_array().expect("links");
        assert_eq!(links.iter().any(|l| l["rel"] == "previous"), pages > 1);
        next = links
            .iter()
            .find(|l| l["rel"] == "next")
            .and_then(|l| l["href"].as_str())
            .map(|h| h.trim_start_matches(&sim.base_url()).to_string());
    }
    assert_eq!((pages, ids.len()), (3, 1234));
    let bad = get(&sim, &format!("{}?itemsPerPage=501", jobs_path("v2"))).await;
    assert_eq!(bad.status, 400);
    assert_eq!(bad.json()["errorCode"], "INVALID_QUERY_PARAMETER");
    assert!(
        bad.json()["detail"]
            .as_str()
            .expect("detail")
            .contains("itemsPerPage")
    );
    let no_count = get(
        &sim,
        &format!("{}?includeCount=false&itemsPerPage=5", jobs_path("v2")),
    )
    .await
    .json();
    assert!(no_count.get("totalCount").is_none());
    assert_eq!(no_count["results"].as_array().map(Vec::len), Some(5));
    assert_eq!(sim.stats().restore_job_list_requests, 5);
}

#[tokio::test]
async fn not_found_codes() {
    let job = json!({"created": "-1h", "deliveryType": "automated", "snapshotId": SNAP});
    let sim = start(one_cluster(json!([job]), json!([]), 0)).await;
    let cases = [
        (
            "/api/atlas/v2/groups/aaaaaaaaaaaaaaaaaaaaaaaa/clusters".to_string(),
            "GROUP_NOT_FOUND",
        ),
        (
            format!("/api/atlas/v2/groups/{G}/clusters/nope/backup/restoreJobs"),
            "CLUSTER_NOT_FOUND",
        ),
        (
            format!("{}/aaaaaaaaaaaaaaaaaaaaaaaa", jobs_path("v2")),
            "RESTORE_JOB_NOT_FOUND",
        ),
        (
            format!(
                "/api/atlas/v2/groups/{G}/clusters/orders/backup/snapshots/5b6211ff87d9d663c59d3fff"
            ),
            "SNAPSHOT_NOT_FOUND",
        ),
        (
            format!(
                "/api/atlas/v2/groups/{G}/clusters/orders/backup/snapshots/aaaaaaaaaaaaaaaaaaaaaaaa"
            ),
            "SNAPSHOT_NOT_FOUND",
        ),
        (
            "/api/atlas/v2/nothing/here".to_string(),
            "RESOURCE_NOT_FOUND",
        ),
    ];
    for (path, code) in cases {
        let r = get(&sim, &path).await;
        assert_eq!(
            (r.status, r.json()["errorCode"].as_str()),
            (404, Some(code)),
            "{path}"
        );
        assert_eq!(r.header("x-error-code"), code);
        assert_eq!(r.header("content-type"), "application/json");
    }
    let r = get(
        &sim,
        "/api/atlas/v2/groups/aaaaaaaaaaaaaaaaaaaaaaaa/clusters",
    )
    .await;
    assert_eq!(
        r.json()["detail"],
        "No group with ID aaaaaaaaaaaaaaaaaaaaaaaa exists."
    );
}

#[tokio::test]
async fn demo_scenario_is_complete() {
    let demo = Scenario::demo();
    assert_eq!(demo.project_ids().len(), 3);
    assert_eq!(demo.targets().len(), 8);
    assert_eq!(demo.targets_of(ClusterKind::Flex).len(), 1);
    let sim = Simulator::start(SimConfig::new(demo.clone()))
        .await
        .expect("start");
    assert_eq!(
        get(&sim, "/api/atlas/v2/groups").await.json()["totalCount"],
        3
    );
    let (mut total, mut ids, mut sharded) = (0, std::collections::HashSet::new(), false);
    for (g, c) in demo.targets_of(ClusterKind::Dedicated) {
        let page = get(
            &sim,
            &format!("/api/atlas/v2/groups/{g}/clusters/{c}/backup/restoreJobs"),
        )
        .await
        .json();
        total += page["totalCount"].as_u64().expect("count");
        for j in page["results"].as_array().expect("results") {
            assert!(ids.insert(j["id"].as_str().expect("id").to_string()));
            sharded |= j.get("components").is_some();
        }
    }
    assert!(total >= 55 && sharded, "{total}");
    let remaining = get(&sim, "/api/atlas/v2/groups").await;
    assert!(
        remaining
            .header("ratelimit-remaining")
            .parse::<u32>()
            .expect("n")
            < 100
    );
}
