//! End to end against real server software nobody here wrote: Apache httpd
//! 2.4's `mod_auth_digest` with `AuthDigestNcCheck On` (a nonce count seen
//! before, or out of order, is refused), serving restore-job pages as files.
//! The real `atlas-restores list` over 12 clusters is never refused, and the
//! access log shows how many requests each cluster cost.
//!
//! Needs `/usr/sbin/apache2` (Debian package apache2); without it the tests
//! say they are skipped and pass, except with `CI=true`.

mod common;
#[path = "apache/httpd.rs"]
mod httpd;

use common::cli::{BIN, atlas_restores, run};
use std::time::{Duration, Instant};

use common::terminal::Tmux;
use httpd::{Apache, Cluster, Digest};
use serde_json::{Value, json};

const GROUP: &str = "5e2211c17a3e5a48f5497de3";
const CLUSTERS: usize = 12;
/// Requests in flight at once: 4 restore-job listings, and the project
/// list beside them.
const MOST_IN_FLIGHT: usize = 5;

fn clusters() -> Vec<Cluster> {
    (0..CLUSTERS)
        .map(|i| Cluster {
            name: format!("cluster-{i:02}"),
            jobs: vec![
                json!({"id": format!("6565{i:04x}aaaaaaaaaaaa0001"), "deliveryType": "automated",
                    "targetClusterName": "copy", "targetGroupId": GROUP,
                    "timestamp": "2026-11-01T10:00:00Z", "finishedAt": "2026-11-01T10:20:00Z",
                    "cancelled": false, "expired": false, "failed": false, "links": []}),
                json!({"id": format!("6564{i:04x}bbbbbbbbbbbb0002"), "deliveryType": "download",
                    "timestamp": "2026-11-01T09:00:00Z", "deliveryUrl": [],
                    "cancelled": false, "expired": false, "failed": false, "links": []}),
            ],
        })
        .collect()
}

/// One `list --output json` of every cluster, checked: exit 0, every
/// cluster with its two jobs and no error.
async fn list_all(apache: &Apache) {
    let names: Vec<String> = clusters().into_iter().map(|c| c.name).collect();
    let mut args = vec![
        "list",
        "--output",
        "json",
        "--allow-insecure-http",
        "--project",
        GROUP,
    ];
    for name in &names {
        args.extend(["--cluster", name.as_str()]);
    }
    let mut command = atlas_restores(&args);
    command
        .env("MONGODB_ATLAS_BASE_URL", apache.base_url())
        .env("MONGODB_ATLAS_PUBLIC_API_KEY", httpd::USER)
        .env("MONGODB_ATLAS_PRIVATE_API_KEY", httpd::PASSWORD);
    let (output, stdout, stderr) = run(command).await;
    assert!(output.status.success(), "{stderr}\n{}", apache.error_log());
    let document: Value =
        serde_json::from_str(&stdout).unwrap_or_else(|error| panic!("{error}: {stdout}"));
    let listed = document["clusters"].as_array().cloned().unwrap_or_default();
    assert_eq!(listed.len(), CLUSTERS, "{stdout}");
    for cluster in &listed {
        assert!(cluster["error"].is_null(), "{cluster}");
        assert_eq!(
            cluster["results"].as_array().map(Vec::len),
            Some(2),
            "{cluster}"
        );
    }
}

/// Requests in the access log: (all, 401s, restore-job listings answered).
fn tally(log: &[String]) -> (usize, usize, usize) {
    let refused = log.iter().filter(|line| line.starts_with("401 ")).count();
    let listings = log
        .iter()
        .filter(|line| line.starts_with("200 ") && line.contains("/backup/restoreJobs"))
        .count();
    (log.len(), refused, listings)
}

/// 401s to requests that carried a digest answer (a nonce refused).
fn refused_answers(log: &[String]) -> usize {
    log.iter()
        .filter(|line| line.starts_with("401 ") && line.ends_with(" answer"))
        .count()
}

/// Requests sent without credentials (each fetches a challenge).
fn unanswered(log: &[String]) -> usize {
    log.iter().filter(|line| line.ends_with(" -")).count()
}

async fn list_runs(test: &str, nc_check: bool) -> Option<(Apache, usize)> {
    if !httpd::available(test) {
        return None;
    }
    let digest = Digest {
        nc_check,
        nonce_lifetime: 300,
    };
    let apache = Apache::start(GROUP, "prod", &clusters(), digest);
    let runs = 5;
    for _ in 0..runs {
        list_all(&apache).await;
    }
    Some((apache, runs))
}

#[tokio::test]
async fn list_against_apache_with_the_nonce_count_check_is_never_refused() {
    let Some((apache, runs)) = list_runs("list against apache2, nc check on", true).await else {
        return;
    };
    let log = apache.access_log();
    let (requests, challenges, listings) = tally(&log);
    let errors = apache.error_log();
    assert!(
        !errors.contains("nonce-count") && !errors.contains("AH01774"),
        "Apache refused a nonce count:\n{errors}"
    );
    assert_eq!(listings, runs * CLUSTERS, "{log:#?}");
    assert_eq!(refused_answers(&log), 0, "{log:#?}");
    // Each run is a new process: a challenge per nonce it needs, one per
    // request in flight at most; every other request is answered at once.
    assert!(challenges <= runs * MOST_IN_FLIGHT, "{log:#?}");
    assert_eq!(requests, runs * (CLUSTERS + 1) + challenges, "{log:#?}");
    eprintln!(
        "apache, AuthDigestNcCheck On: {requests} requests for {runs} runs of {} \
         (12 clusters + the project list): {challenges} challenges, {:.3} requests per poll",
        CLUSTERS + 1,
        requests as f64 / (runs * (CLUSTERS + 1)) as f64
    );
}

#[tokio::test]
async fn list_against_apache_without_the_check_costs_the_same() {
    let Some((apache, runs)) = list_runs("list against apache2, nc check off", false).await else {
        return;
    };
    let (requests, challenges, listings) = tally(&apache.access_log());
    assert_eq!(listings, runs * CLUSTERS);
    assert!(challenges <= runs * MOST_IN_FLIGHT);
    assert_eq!(requests, runs * (CLUSTERS + 1) + challenges);
    eprintln!(
        "apache, AuthDigestNcCheck Off: {requests} requests for {runs} runs: \
         {challenges} challenges, {:.3} requests per poll",
        requests as f64 / (runs * (CLUSTERS + 1)) as f64
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dashboard_session_against_apache_is_never_refused_and_follows_next_nonces() {
    if !httpd::available("the dashboard against apache2") {
        return;
    }
    // Nonces live 2 s: Apache sends a `nextnonce` (and resets the count)
    // with every answer once a nonce has less than 30 s left, so here with
    // every answer. A client that kept counting on the old nonce would be
    // refused on every other request.
    let digest = Digest {
        nc_check: true,
        nonce_lifetime: 2,
    };
    let apache = Apache::start(GROUP, "prod", &clusters(), digest);
    let targets: Vec<String> = clusters()
        .iter()
        .map(|cluster| format!("--cluster {GROUP}/{}", cluster.name))
        .collect();
    let command = format!("{BIN} {} --interval 300ms --no-history", targets.join(" "));
    let env = [
        ("MONGODB_ATLAS_BASE_URL", apache.base_url()),
        ("MONGODB_ATLAS_PUBLIC_API_KEY", httpd::USER.to_string()),
        ("MONGODB_ATLAS_PRIVATE_API_KEY", httpd::PASSWORD.to_string()),
    ];
    let tmux = Tmux::start(120, 35, &command, &env);
    tmux.wait_for("the jobs of the clusters", |screen| {
        screen.contains("cluster-00") && screen.contains("prod")
    })
    .await;

    // Ten polls of every cluster.
    let deadline = Instant::now() + Duration::from_secs(30);
    let log = loop {
        let log = apache.access_log();
        let (_, _, listings) = tally(&log);
        if listings >= 10 * CLUSTERS {
            break log;
        }
        assert!(
            Instant::now() < deadline,
            "{listings} listings:\n{log:#?}\n{}",
            tmux.screen()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    let screen = tmux.screen();
    tmux.keys(&["q"]);
    assert!(
        !screen.contains("authentication") && !screen.contains("401"),
        "{screen}"
    );
    let errors = apache.error_log();
    assert!(
        !errors.contains("nonce-count") && !errors.contains("AH01774"),
        "Apache refused a nonce count:\n{errors}"
    );
    // Only the first request of each nonce in the pool went out without
    // credentials, and no answer was refused (a nonce gone stale would be
    // refused once and answered from the refusal's challenge).
    let (requests, challenges, listings) = tally(&log);
    let stale = refused_answers(&log);
    assert!(unanswered(&log) <= MOST_IN_FLIGHT, "{log:#?}");
    assert_eq!(challenges, unanswered(&log) + stale, "{log:#?}");
    assert!(stale <= MOST_IN_FLIGHT, "{log:#?}");
    let answered = requests - challenges;
    eprintln!(
        "apache dashboard, AuthDigestNcCheck On, nonce lifetime 2 s: {requests} requests, \
         {listings} restore-job listings, {answered} answered with 200, {} first contacts, \
         {stale} refused answers: {:.3} requests per poll",
        unanswered(&log),
        requests as f64 / answered as f64
    );
}
