//! Faults injected into restore-job listings.

use super::*;

#[tokio::test]
async fn status_faults_with_retry_after_count_down() {
    let faults = json!([{"status": 503, "times": 2, "retryAfter": "42"}]);
    let sim = start(one_cluster(json!([]), faults, 3)).await;
    for _ in 0..2 {
        let r = get(&sim, &jobs_path("v2")).await;
        assert_eq!((r.status, r.header("retry-after")), (503, "42"));
        assert_eq!(r.json()["errorCode"], "SERVICE_UNAVAILABLE");
        assert_eq!(r.header("x-error-code"), "SERVICE_UNAVAILABLE");
    }
    assert_eq!(get(&sim, &jobs_path("v2")).await.status, 200);
    let faults = json!([{"status": 429, "errorCode": "RATE_LIMITED", "retryAfter": "Wed, 21 Oct 2026 07:28:00 GMT"}]);
    let sim = start(one_cluster(json!([]), faults, 3)).await;
    for _ in 0..3 {
        let r = get(&sim, &jobs_path("v2")).await;
        assert_eq!(
            (r.status, r.header("retry-after")),
            (429, "Wed, 21 Oct 2026 07:28:00 GMT")
        );
    }
}

#[tokio::test]
async fn broken_bodies() {
    let faults = json!([{"body": "malformed", "times": 1}, {"body": "truncated", "times": 1},
        {"body": "html", "times": 1}, {"body": "empty", "times": 1}]);
    let sim = start(one_cluster(json!([]), faults, 20)).await;
    let path = jobs_path("v2");
    let malformed = get(&sim, &path).await;
    assert_eq!(malformed.status, 200);
    assert!(serde_json::from_str::<Value>(&malformed.text).is_err());
    let truncated = get(&sim, &path).await;
    assert_eq!(truncated.status, 200);
    assert!(serde_json::from_str::<Value>(&truncated.text).is_err());
    let html = get(&sim, &path).await;
    assert_eq!(
        (html.status, html.header("content-type")),
        (502, "text/html")
    );
    assert!(html.text.contains("<html>"));
    let empty = get(&sim, &path).await;
    assert_eq!((empty.status, empty.text.as_str()), (200, ""));
    let real = get(&sim, &path).await;
    assert!(real.text.starts_with(&truncated.text) && real.text.len() > truncated.text.len());
    assert_eq!(real.json()["totalCount"], 20);
}

#[tokio::test]
async fn page_and_count_conditional_faults() {
    let faults = json!([
        {"status": 500, "onPage": 2, "times": 1},
        {"status": 500, "errorCode": "TIMEOUT_WHILE_PAGING", "onlyWhen": {"includeCount": true}}]);
    let sim = start(one_cluster(json!([]), faults, 30)).await;
    let page = |n: u32, count: bool| {
        format!(
            "{}?itemsPerPage=10&pageNum={n}&includeCount={count}",
            jobs_path("v2")
        )
    };
    assert_eq!(get(&sim, &page(1, false)).await.status, 200);
    let broken = get(&sim, &page(2, false)).await;
    assert_eq!(
        (broken.status, broken.json()["errorCode"].as_str()),
        (500, Some("UNEXPECTED_ERROR"))
    );
    assert_eq!(get(&sim, &page(2, false)).await.status, 200);
    assert_eq!(get(&sim, &page(3, false)).await.status, 200);
    let timeout = get(&sim, &page(1, true)).await;
    assert_eq!(timeout.json()["errorCode"], "TIMEOUT_WHILE_PAGING");
    assert!(
        timeout.json()["detail"]
            .as_str()
            .expect("detail")
            .contains("includeCount=false")
    );
}
