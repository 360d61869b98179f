//! The restore job model: derived status and created time, links, both
//! `deliveryUrl` shapes, lossless round trips of the text as sent (the seed
//! example from the original v1.0 API page included), and the typed job
//! written back in Atlas's names.

use atlas_restores::atlas::DeliveryType;
use atlas_restores::atlas::model::{JobStatus, RestoreJob, SentJob, object_id_time};
use chrono::{DateTime, Utc};
use serde_json::{Value, json};

fn job(value: Value) -> RestoreJob {
    RestoreJob::from_value(value).unwrap_or_else(|error| panic!("{error}"))
}

fn sent_job(value: Value) -> SentJob {
    SentJob::from_value(value).unwrap_or_else(|error| panic!("{error}"))
}

fn date(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .unwrap_or_else(|error| panic!("{text}: {error}"))
        .with_timezone(&Utc)
}

#[test]
fn status_first_match_wins() {
    let table = [
        (
            json!({"cancelled": true, "failed": true, "expired": true}),
            "cancelled",
        ),
        (
            json!({"failed": true, "expired": true, "finishedAt": "2026-01-01T00:00:00Z"}),
            "failed",
        ),
        (
            json!({"expired": true, "deliveryType": "download", "deliveryUrl": ["https://x"]}),
            "expired",
        ),
        (
            json!({"deliveryType": "download", "deliveryUrl": ["https://x"]}),
            "ready",
        ),
        (
            json!({"deliveryType": "download", "deliveryUrl": "https://x"}),
            "ready",
        ),
        (
            json!({"deliveryType": "download", "deliveryUrl": [], "components": [{"replicaSetName": "rs0", "downloadUrl": "https://s0"}]}),
            "ready",
        ),
        (
            json!({"deliveryType": "download", "deliveryUrl": [""], "finishedAt": "2026-01-01T00:00:00Z"}),
            "finished",
        ),
        (
            json!({"deliveryType": "download", "deliveryUrl": []}),
            "in progress",
        ),
        (
            json!({"deliveryType": "automated", "deliveryUrl": ["https://x"]}),
            "in progress",
        ),
        (
            json!({"deliveryType": "automated", "finishedAt": "2026-01-01T00:00:00.123Z"}),
            "finished",
        ),
        (json!({"deliveryType": "pointInTime"}), "in progress"),
        (
            json!({"cancelled": false, "failed": false, "expired": false}),
            "in progress",
        ),
        (json!({"cancelled": "yes"}), "in progress"),
    ];
    for (value, expected) in table {
        assert_eq!(job(value.clone()).status().word(), expected, "{value}");
    }
}

#[test]
fn status_words_are_exact() {
    let words: Vec<&str> = JobStatus::ALL.iter().map(|s| s.word()).collect();
    assert_eq!(
        words,
        [
            "in progress",
            "ready",
            "finished",
            "failed",
            "cancelled",
            "expired"
        ]
    );
}

#[test]
fn created_time_from_created_at_else_object_id() {
    let table = [
        (
            json!({"id": "5b622f7087d9d6039fafe03f"}),
            Some("2018-08-01T22:08:48Z"),
        ),
        (
            json!({"id": "5b622e3587d9d6039faf713f", "createdAt": "2018-08-01T22:05:41Z"}),
            Some("2018-08-01T22:05:41Z"),
        ),
        (
            json!({"id": "5b622f70", "createdAt": "2018-08-01T22:05:41.5+00:00"}),
            Some("2018-08-01T22:05:41.5Z"),
        ),
        (json!({"id": "zz622f7087d9d6039fafe03f"}), None),
        (json!({"id": "5b622f70"}), None),
        (json!({"id": "é5b622f7087d9d6039fafe0"}), None),
        (json!({}), None),
    ];
    for (value, expected) in table {
        assert_eq!(job(value.clone()).created(), expected.map(date), "{value}");
    }
    assert_eq!(
        object_id_time("00000000aaaaaaaaaaaaaaaa"),
        Some(date("1970-01-01T00:00:00Z"))
    );
}

#[test]
fn links_are_found_by_the_last_segment_of_rel() {
    let j = job(json!({"links": [
        {"href": "https://a/self", "rel": "self"},
        {"href": "https://a/snap", "rel": "https://cloud.mongodb.com/snapshot"},
        {"href": "https://a/clu", "rel": "http://mms.mongodb.com/cluster"},
        {"rel": "http://mms.mongodb.com/group"},
    ]}));
    assert_eq!(j.link("snapshot"), Some("https://a/snap"));
    assert_eq!(j.link("cluster"), Some("https://a/clu"));
    assert_eq!(j.link("self"), Some("https://a/self"));
    assert_eq!(j.link("group"), None, "a link without href is skipped");
}

#[test]
fn both_delivery_url_shapes_and_absent_booleans() {
    let one = job(json!({"deliveryType": "download", "deliveryUrl": "https://one"}));
    let many = job(json!({"deliveryType": "download", "deliveryUrl": ["https://a", "https://b"]}));
    assert_eq!(*one.delivery_urls, ["https://one"]);
    assert_eq!(*many.delivery_urls, ["https://a", "https://b"]);
    assert!(!one.cancelled && !one.failed && !one.expired);
    assert_eq!(one.delivery_type, DeliveryType::Download);
    let odd = job(json!({"deliveryType": "flexRestore"}));
    assert_eq!(odd.delivery_type, DeliveryType::Other("flexRestore".into()));
}

#[test]
fn unknown_fields_and_odd_shapes_survive_a_round_trip() {
    let sent = json!({
        "id": "6565a1b2c3d4e5f601234567",
        "targetDeploymentItemName": "atlas-xyz",
        "deliveryType": "download",
        "deliveryUrl": "https://legacy-string",
        "expiresAt": "not a date",
        "desiredTimestamp": {"date": null, "increment": null, "time": 12},
        "nested": {"list": [1, 2.5, "x", null, {"deep": true}]},
        "finishedAt": "2026-11-28T10:00:00.123456Z",
    });
    let parsed = sent_job(sent.clone());
    assert_eq!(
        parsed.expires_at, None,
        "a bad date is absent in the typed view"
    );
    assert_eq!(serde_json::to_value(&parsed).ok(), Some(sent.clone()));
    let text = serde_json::to_string(&parsed).unwrap_or_default();
    assert_eq!(
        text,
        serde_json::to_string(&sent).unwrap_or_default(),
        "key order kept"
    );
}

#[test]
fn a_non_object_is_not_a_job() {
    for value in [json!(null), json!([1]), json!("x"), json!(4)] {
        assert!(RestoreJob::from_value(value).is_err());
    }
}

#[test]
fn the_seed_example_parses_and_round_trips() {
    let text = include_str!("../assets/examples/seed-restore-jobs-v1.json");
    let page: Value = serde_json::from_str(text).unwrap_or_else(|error| panic!("{error}"));
    let results = page["results"].as_array().cloned().unwrap_or_default();
    assert_eq!(results.len(), 2);
    let jobs: Vec<RestoreJob> = results.iter().cloned().map(job).collect();

    let automated = &jobs[0];
    assert_eq!(automated.delivery_type, DeliveryType::Automated);
    assert_eq!(
        automated.target_cluster_name.as_deref(),
        Some("MyOtherCluster")
    );
    assert_eq!(automated.status(), JobStatus::InProgress);
    assert_eq!(automated.created(), Some(date("2018-08-01T22:08:48Z")));
    assert!(
        automated
            .link("snapshot")
            .is_some_and(|href| href.ends_with("/snapshots/5b6211ff87d9d663c59d3dee"))
    );

    let download = &jobs[1];
    assert_eq!(download.status(), JobStatus::Ready);
    assert_eq!(
        *download.delivery_urls,
        ["https://restore.mongodb.net:27017/restore-5b622e3587d9d6039faf713f.tar.gz"]
    );
    assert_eq!(download.expires_at, Some(date("2018-08-02T02:03:33Z")));
    assert_eq!(download.created(), Some(date("2018-08-01T22:05:41Z")));

    for sent in &results {
        let parsed = sent_job(sent.clone());
        assert_eq!(&serde_json::to_value(&parsed).unwrap_or_default(), sent);
    }
}

#[test]
fn the_typed_job_is_written_back_in_atlas_names_with_every_modelled_field() {
    let sent = json!({
        "id": "6b0cae0e739afcce06d3d6a3",
        "deliveryType": "pointInTime",
        "snapshotId": "6b0c9ffeafff8e07fb04f5ab",
        "timestamp": "2026-11-29T21:58:22Z",
        "targetClusterName": "c1",
        "targetGroupId": "650000000000000000000001",
        "deliveryUrl": ["https://dl.example/a.tar.gz"],
        "components": [{"replicaSetName": "rs0", "downloadUrl": "https://dl.example/rs0",
            "privateDownloadDeliveryUrls": [{"deliveryUrl": "https://pl/rs0", "endpointId": "vpce-1"}]}],
        "privateDownloadDeliveryUrls": [{"deliveryUrl": "https://pl/a"}],
        "cancelled": false,
        "expired": false,
        "failed": true,
        "expiresAt": "2026-11-30T21:58:22.500Z",
        "finishedAt": "2026-11-29T23:07:22Z",
        "createdAt": "2026-11-29T22:00:00Z",
        "desiredTimestamp": {"date": "2026-11-29T20:00:00Z", "increment": 3, "time": 1_800_000_000},
        "oplogTs": 1_800_000_000,
        "oplogInc": 7,
        "pointInTimeUTCSeconds": 1_800_000_001,
        "links": [
            {"href": "http://h/restoreJobs/6b0cae0e739afcce06d3d6a3", "rel": "self"},
            {"href": "http://h/snapshots/6b0c9ffeafff8e07fb04f5ab", "rel": "https://cloud.mongodb.com/snapshot"},
            {"href": "http://h/clusters/c1", "rel": "a rel this version does not know"},
        ],
    });
    let parsed = job(sent.clone());
    assert_eq!(serde_json::to_value(&parsed).ok(), Some(sent.clone()));
    assert_eq!(
        serde_json::to_string(&parsed).ok(),
        serde_json::to_string(&sent).ok(),
        "in the order Atlas documents them"
    );
    // What is not modelled is not kept; absent fields stay absent.
    let mut odd = sent;
    odd["futureField"] = json!(1);
    odd["expiresAt"] = json!("not a date");
    let written = serde_json::to_value(job(odd)).unwrap_or_default();
    assert_eq!(written.get("futureField"), None);
    assert_eq!(written.get("expiresAt"), None);
    assert_eq!(written["failed"], json!(true));
}

#[test]
fn a_date_past_9999_in_utc_is_absent_as_it_could_not_be_written_back() {
    let parsed = job(json!({
        "expiresAt": "9999-12-31T23:00:00-05:00",
        "finishedAt": "9999-12-31T23:00:00+05:00",
    }));
    assert_eq!(parsed.expires_at, None);
    assert_eq!(parsed.finished_at, Some(date("9999-12-31T18:00:00Z")));
    let written = serde_json::to_value(&parsed).unwrap_or_default();
    assert_eq!(written["finishedAt"], "9999-12-31T18:00:00Z");
}
