//! The single-object and snapshot-list routes third-party clients use
//! (Python `atlasapi`, npm `mongodb-atlas-api-client`): one project, one
//! cluster, a cluster's snapshots; their versions, 401s, 404s and 405s.

use super::*;

const ORG: &str = "5f9b2c41e7a3d8046b1c9e02";
const LISTED: &str = "5b6211ff87d9d663c59d3aaa";
const MISSING: &str = "5b6211ff87d9d663c59d3fff";
const CLUSTERS_V: &str = "application/vnd.atlas.2024-08-05+json";
const FUTURE: &str = "application/vnd.atlas.2099-01-01+json";

/// Project G with a replica set "orders" (two jobs on one snapshot, one on
/// a missing snapshot, one on a generated id, and a listed snapshot) and a
/// sharded cluster "payments".
fn scenario() -> Value {
    json!({"projects": [{"id": G, "name": "prod", "orgId": ORG, "clusters": [
        {"name": "orders", "missingSnapshots": [MISSING],
         "snapshots": [{"id": LISTED, "createdAt": "-30m", "description": "before the migration"}],
         "jobs": [
            {"created": "-1h", "deliveryType": "automated", "snapshotId": SNAP, "timestamp": "-2h"},
            {"created": "-2h", "deliveryType": "download", "snapshotId": SNAP, "timestamp": "-2h"},
            {"created": "-3h", "deliveryType": "automated", "snapshotId": MISSING},
            {"created": "-4h", "deliveryType": "download", "timestamp": "-5h"}
         ]},
        {"name": "payments", "clusterType": "SHARDED",
         "jobs": [{"created": "-1h", "deliveryType": "automated", "timestamp": "-2h"}]}
    ]}]})
}

fn url(sim: &Simulator, path: &str) -> String {
    format!("{}{path}", sim.base_url())
}

/// The item of a listing whose `key` is `value`.
fn item_of(page: &Value, key: &str, value: &str) -> Value {
    page["results"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|i| i[key] == value)
        .cloned()
        .unwrap_or_else(|| panic!("no {key}={value} in {page}"))
}

#[tokio::test]
async fn one_project_and_one_cluster_as_listed() {
    let sim = start(scenario()).await;
    for v in ["v2", "v1.0"] {
        let path = format!("/api/atlas/{v}/groups/{G}");
        let one = get(&sim, &path).await;
        assert_eq!(one.status, 200, "{path}");
        let want = if v == "v2" { V2 } else { "application/json" };
        assert_eq!(one.header("content-type"), want);
        let project = one.json();
        assert_eq!(
            (
                &project["name"],
                &project["orgId"],
                &project["clusterCount"]
            ),
            (&json!("prod"), &json!(ORG), &json!(2))
        );
        assert_eq!(project["links"][0]["href"], url(&sim, &path));
        let listed = get(&sim, &format!("/api/atlas/{v}/groups")).await.json();
        assert_eq!(project, item_of(&listed, "id", G));
    }
    let path = format!("/api/atlas/v2/groups/{G}/clusters/payments");
    let one = call(&sim, reqwest::Method::GET, &path, Some(CLUSTERS_V)).await;
    assert_eq!((one.status, one.header("content-type")), (200, CLUSTERS_V));
    let cluster = one.json();
    assert_eq!(
        (
            &cluster["name"],
            &cluster["clusterType"],
            &cluster["groupId"]
        ),
        (&json!("payments"), &json!("SHARDED"), &json!(G))
    );
    assert_eq!(cluster["links"][0]["href"], url(&sim, &path));
    let list = format!("/api/atlas/v2/groups/{G}/clusters");
    let listed = call(&sim, reqwest::Method::GET, &list, Some(CLUSTERS_V)).await;
    assert_eq!(cluster, item_of(&listed.json(), "name", "payments"));
    // The clusters resource also serves its older version; v1.0 plain JSON.
    let older = call(&sim, reqwest::Method::GET, &path, Some(V2)).await;
    assert_eq!((older.status, older.header("content-type")), (200, V2));
    let v1 = get(&sim, &format!("/api/atlas/v1.0/groups/{G}/clusters/orders")).await;
    assert_eq!((v1.status, &v1.json()["name"]), (200, &json!("orders")));
}

#[tokio::test]
async fn snapshot_list_pages_newest_first() {
    let sim = start(scenario()).await;
    let base = format!("/api/atlas/v2/groups/{G}/clusters/orders/backup/snapshots");
    let all = get(&sim, &base).await;
    assert_eq!((all.status, all.header("content-type")), (200, V2));
    let all = all.json();
    // SNAP (named twice), LISTED and the generated one; not MISSING.
    assert_eq!(all["totalCount"], 3);
    let ids: Vec<&str> = all["results"]
        .as_array()
        .expect("results")
        .iter()
        .filter_map(|s| s["id"].as_str())
        .collect();
    assert_eq!(ids.len(), 3);
    assert_eq!(&ids[..2], [LISTED, SNAP], "newest first");
    assert!(!ids.contains(&MISSING));
    let listed = item_of(&all, "id", LISTED);
    assert_eq!(listed["description"], "before the migration");
    // Each item is the snapshot its own link serves.
    for snap in all["results"].as_array().expect("results") {
        let href = snap["links"][0]["href"].as_str().expect("self link");
        let own = get(&sim, href.trim_start_matches(&sim.base_url())).await;
        assert_eq!((own.status, &own.json()), (200, snap));
    }
    // Paged like every Atlas list.
    let mut next = Some(format!("{base}?itemsPerPage=2"));
    let mut paged = Vec::new();
    while let Some(path) = next.take() {
        let page = get(&sim, &path).await.json();
        assert_eq!(page["totalCount"], 3);
        paged.extend(page["results"].as_array().expect("results").clone());
        next = page["links"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|l| l["rel"] == "next")
            .and_then(|l| l["href"].as_str())
            .map(|h| h.trim_start_matches(&sim.base_url()).to_string());
    }
    assert_eq!(Value::Array(paged), all["results"]);
    let uncounted = get(&sim, &format!("{base}?includeCount=false"))
        .await
        .json();
    assert!(uncounted.get("totalCount").is_none());
    let bad = get(&sim, &format!("{base}?itemsPerPage=501")).await;
    assert_eq!(
        (bad.status, bad.header("x-error-code")),
        (400, "INVALID_QUERY_PARAMETER")
    );
    // A sharded cluster's snapshots are sharded-cluster snapshots.
    let sharded = format!("/api/atlas/v1.0/groups/{G}/clusters/payments/backup/snapshots");
    let page = get(&sim, &sharded).await.json();
    assert_eq!(page["totalCount"], 1);
    let snap = &page["results"][0];
    assert_eq!(snap["type"], "shardedCluster");
    let href = snap["links"][0]["href"].as_str().expect("self link");
    assert!(href.contains("/backup/snapshots/shardedCluster/"), "{href}");
}

#[tokio::test]
async fn new_routes_refuse_like_the_others() {
    let sim = start(scenario()).await;
    let missing_group = "aaaaaaaaaaaaaaaaaaaaaaaa";
    let cases = [
        (format!("/groups/{missing_group}"), "GROUP_NOT_FOUND"),
        (format!("/groups/{G}/clusters/nope"), "CLUSTER_NOT_FOUND"),
        (
            format!("/groups/{missing_group}/clusters/orders/backup/snapshots"),
            "GROUP_NOT_FOUND",
        ),
        (
            format!("/groups/{G}/clusters/nope/backup/snapshots"),
            "CLUSTER_NOT_FOUND",
        ),
    ];
    for (rest, code) in &cases {
        for v in ["v2", "v1.0"] {
            let r = get(&sim, &format!("/api/atlas/{v}{rest}")).await;
            assert_eq!(
                (r.status, r.header("x-error-code"), r.header("content-type")),
                (404, *code, "application/json"),
                "{v}{rest}"
            );
        }
    }
    let routes = [
        format!("/api/atlas/v2/groups/{G}"),
        format!("/api/atlas/v2/groups/{G}/clusters/orders"),
        format!("/api/atlas/v2/groups/{G}/clusters/orders/backup/snapshots"),
    ];
    for path in &routes {
        for accept in [Some(FUTURE), Some("application/json"), None] {
            let r = call(&sim, reqwest::Method::GET, path, accept).await;
            assert_eq!(
                (r.status, r.header("x-error-code")),
                (406, "INVALID_VERSION_DATE"),
                "{path} {accept:?}"
            );
        }
        let anonymous = raw_get(&sim, path, None).await;
        assert_eq!(anonymous.status, 401, "{path}");
        assert!(anonymous.header("www-authenticate").starts_with("Digest "));
        let r = call(&sim, reqwest::Method::DELETE, path, Some(V2)).await;
        assert_eq!(
            (r.status, r.header("x-error-code")),
            (405, "METHOD_NOT_ALLOWED")
        );
    }
    // The project resource has one version: the clusters' newer one is 406.
    let r = call(&sim, reqwest::Method::GET, &routes[0], Some(CLUSTERS_V)).await;
    assert_eq!(r.status, 406);
}
