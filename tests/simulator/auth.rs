//! Digest authentication and the versioned Accept header.

use super::*;

#[tokio::test]
async fn challenge_is_atlas_shaped() {
    let sim = start(one_cluster(json!([]), json!([]), 0)).await;
    let r = raw_get(&sim, "/api/atlas/v2/groups", None).await;
    assert_eq!(r.status, 401);
    let h = r.header("www-authenticate");
    assert!(
        h.starts_with("Digest realm=\"MMS Public API\", domain=\"\", nonce=\""),
        "{h}"
    );
    assert!(
        h.ends_with("\", algorithm=MD5, qop=\"auth\", stale=false"),
        "{h}"
    );
    assert!(!h.contains("opaque"));
    assert_eq!(r.header("content-type"), "application/json");
    let body = r.json();
    assert_eq!(body["error"], 401);
    assert!(body["errorCode"].is_string() && body["detail"].is_string());
    assert_eq!(sim.stats().challenges, 1);
}

#[tokio::test]
async fn digest_accepts_the_keys_and_refuses_a_wrong_one() {
    let sim = start(one_cluster(json!([]), json!([]), 0)).await;
    let r = get(&sim, "/api/atlas/v2/groups").await;
    assert_eq!(r.status, 200);
    assert_eq!(r.header("content-type"), V2);
    assert_eq!(r.header("ratelimit-limit"), "100");
    let url = format!("{}/api/atlas/v2/groups", sim.base_url());
    let resp = reqwest::Client::new()
        .get(url)
        .header("Accept", V2)
        .send_digest_auth((sim.public_key(), "wrong"))
        .await
        .expect("request");
    assert_eq!(resp.status().as_u16(), 401);
    let h = resp.headers()["www-authenticate"].to_str().expect("header");
    assert!(h.ends_with("stale=false"), "{h}");
}

#[tokio::test]
async fn nonce_reuse_replay_and_expiry() {
    let sim = start(one_cluster(json!([]), json!([]), 0)).await;
    let uri = "/api/atlas/v2/groups?pageNum=1";
    let nonce = nonce_of(&raw_get(&sim, uri, None).await);
    let key = sim.private_key().to_string();
    for nc in [1, 2, 5] {
        let r = raw_get(&sim, uri, Some(authorization(&sim, &nonce, nc, uri, &key))).await;
        assert_eq!(r.status, 200, "nc {nc}");
    }
    let replay = raw_get(&sim, uri, Some(authorization(&sim, &nonce, 5, uri, &key))).await;
    assert_eq!(replay.status, 401);
    assert!(replay.header("www-authenticate").ends_with("stale=false"));
    let wrong_uri = raw_get(&sim, uri, Some(authorization(&sim, &nonce, 6, "/x", &key))).await;
    assert_eq!(wrong_uri.status, 401);
    sim.advance(Duration::from_secs(301));
    let stale = raw_get(&sim, uri, Some(authorization(&sim, &nonce, 7, uri, &key))).await;
    assert_eq!(stale.status, 401);
    assert!(stale.header("www-authenticate").ends_with("stale=true"));

    // diqwest's session reuses the nonce; every request still succeeds.
    let before = sim.stats().challenges;
    let session = DigestAuthSession::new(sim.public_key(), sim.private_key());
    let client = reqwest::Client::new();
    for _ in 0..3 {
        let resp = client
            .get(format!("{}{uri}", sim.base_url()))
            .header("Accept", V2)
            .send_digest_auth(&session)
            .await
            .expect("request");
        assert_eq!(resp.status().as_u16(), 200);
    }
    assert_eq!(
        sim.stats().challenges - before,
        1,
        "one challenge, then nc 2, 3"
    );
}

#[tokio::test]
async fn v2_needs_the_versioned_accept() {
    let sim = start(one_cluster(json!([]), json!([]), 0)).await;
    let path = jobs_path("v2");
    for accept in [
        None,
        Some("application/json"),
        Some("application/vnd.atlas.2099-01-01+json"),
    ] {
        let r = call(&sim, reqwest::Method::GET, &path, accept).await;
        assert_eq!(r.status, 406, "{accept:?}");
        assert_eq!(r.json()["errorCode"], "INVALID_VERSION_DATE");
        assert_eq!(r.header("x-error-code"), "INVALID_VERSION_DATE");
    }
    let clusters = format!("/api/atlas/v2/groups/{G}/clusters");
    let accept = "application/vnd.atlas.2024-08-05+json";
    let r = call(&sim, reqwest::Method::GET, &clusters, Some(accept)).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.header("content-type"), accept);
    let c = &r.json()["results"][0];
    assert_eq!(
        (c["name"].as_str(), c["groupId"].as_str()),
        (Some("orders"), Some(G))
    );
    assert_eq!(c["backupEnabled"], true);
}
