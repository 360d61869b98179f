//! An answer from Atlas byte for byte the one before costs a hash, not a
//! parse: the client says it is unchanged and the poller leaves the job
//! list as it was (only "updated … ago" moves); a changed answer is read in
//! full. Against the simulator, over real HTTP, across several pages.

mod common;

use std::sync::Arc;
use std::time::Duration;

use atlas_restores::atlas::fingerprint::{Fingerprint, Reread};
use atlas_restores::atlas::{JobStatus, RestoreJob, Target};
use atlas_restores::poller::store::{Store, TargetState};
use atlas_restores::poller::{PollSettings, Poller};
use common::servers::{client_of, one_project};
use common::wait_for_store;
use serde_json::json;

const GROUP: &str = "5e2211c17a3e5a48f5497de3";
const EVOLVING: &str = "65650000aaaaaaaaaaaaaaaa";

/// 1,200 generated jobs (three pages of 500) and one download that turns
/// ready ten minutes after the simulator starts.
fn clusters() -> serde_json::Value {
    json!([{"name": "orders", "generatedJobs": 1200, "jobs": [
        {"id": EVOLVING, "created": "-1m", "deliveryType": "download", "sim": {"readyAfter": "10m"}},
    ]}])
}

fn status_of(jobs: &[atlas_restores::atlas::RestoreJob], id: &str) -> Option<JobStatus> {
    jobs.iter().find(|job| job.id == id).map(|job| job.status())
}

#[tokio::test]
async fn the_client_parses_nothing_while_every_page_is_the_same() {
    let sim = one_project(GROUP, clusters()).await;
    let client = client_of(&sim);
    let first = client
        .reread_restore_jobs::<RestoreJob>(GROUP, "orders", true, &Fingerprint::default())
        .await;
    let (listing, seen) = match first {
        Ok(Reread::Changed(listing, seen)) => (listing, seen),
        other => panic!("a first read is a change: {other:?}"),
    };
    assert_eq!(listing.items.len(), 1201);
    assert_eq!(seen.page_count(), 3, "every page is fingerprinted");

    let requests = sim.stats().restore_job_list_requests;
    let again = client
        .reread_restore_jobs::<RestoreJob>(GROUP, "orders", true, &seen)
        .await;
    assert_eq!(
        again.ok(),
        Some(Reread::Unchanged(seen.clone())),
        "the same bytes on every page"
    );
    assert_eq!(
        sim.stats().restore_job_list_requests - requests,
        3,
        "an unchanged answer still walks every page"
    );

    sim.advance(Duration::from_secs(11 * 60));
    match client
        .reread_restore_jobs::<RestoreJob>(GROUP, "orders", true, &seen)
        .await
    {
        Ok(Reread::Changed(listing, now_seen)) => {
            assert_eq!(listing.items.len(), 1201, "all pages parsed, not one");
            assert_eq!(status_of(&listing.items, EVOLVING), Some(JobStatus::Ready));
            assert_ne!(now_seen, seen);
        }
        other => panic!("the download turned ready: {other:?}"),
    }
}

#[tokio::test]
async fn the_poller_keeps_the_job_list_of_an_unchanged_answer_and_says_it_is_fresh() {
    let sim = one_project(GROUP, clusters()).await;
    let target = Target::new(GROUP, "orders");
    let interval = Duration::from_millis(50);
    let store = Store::new(vec![TargetState::new(target)], interval);
    let _poller = Poller::spawn(
        client_of(&sim),
        Arc::clone(&store),
        PollSettings::every(interval),
        Vec::new(),
    );
    let loaded = wait_for_store(&store, "the jobs loaded", |data| {
        data.targets[0].jobs.len() == 1201
    })
    .await;
    let (jobs, fetched) = (&loaded.targets[0].jobs, loaded.targets[0].fetched_at);
    let polls = sim.stats().restore_job_list_requests;
    let fresher = wait_for_store(&store, "two more polls", |data| {
        data.targets[0].fetched_at > fetched
            && sim.stats().restore_job_list_requests >= polls + 6
            && !data.targets[0].in_flight
    })
    .await;
    assert!(
        Arc::ptr_eq(&fresher.targets[0].jobs, jobs),
        "an unchanged answer leaves the job list as it was"
    );
    assert!(fresher.targets[0].last_error.is_none());

    sim.advance(Duration::from_secs(11 * 60));
    let changed = wait_for_store(&store, "the download ready", |data| {
        status_of(&data.targets[0].jobs, EVOLVING) == Some(JobStatus::Ready)
    })
    .await;
    assert!(!Arc::ptr_eq(&changed.targets[0].jobs, jobs));
    assert_eq!(changed.targets[0].jobs.len(), 1201);
}
