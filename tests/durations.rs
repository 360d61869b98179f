//! Durations and estimates from real job JSON, with the clock passed in:
//! `finishedAt` minus the ObjectId's time, per cluster and delivery type
//! over the last 30 days, and an estimate for a running job once its kind
//! has three durations.

use atlas_restores::atlas::{DeliveryType, RestoreJob, Target};
use atlas_restores::history::{Durations, MIN_SAMPLES, duration_of};
use chrono::{DateTime, TimeDelta, Utc};
use serde_json::json;

fn at(seconds: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(1_800_000_000 + seconds, 0).expect("a valid time")
}

/// A job created at `created` (its ObjectId's time), of `delivery` type,
/// finished at `finished` unless `None`, failed if asked.
fn job(
    n: u32,
    created: DateTime<Utc>,
    delivery: &str,
    finished: Option<DateTime<Utc>>,
    failed: bool,
) -> RestoreJob {
    let id = format!("{:08x}{:016x}", created.timestamp(), n);
    let mut value = json!({"id": id, "deliveryType": delivery, "failed": failed});
    if let Some(finished) = finished {
        value["finishedAt"] = json!(finished.to_rfc3339());
    }
    RestoreJob::from_value(value).expect("a job")
}

fn orders() -> Target {
    Target::new("5e2211c17a3e5a48f5497de3", "orders")
}

#[test]
fn a_finished_jobs_duration_runs_from_its_objectid_to_finished_at() {
    let finished = job(1, at(0), "automated", Some(at(23 * 60 + 10)), false);
    assert_eq!(
        duration_of(&finished),
        Some(TimeDelta::seconds(23 * 60 + 10))
    );
    let failed = job(2, at(0), "automated", Some(at(60)), true);
    assert_eq!(
        duration_of(&failed),
        None,
        "a failure says nothing of how long restores take"
    );
    let running = job(3, at(0), "automated", None, false);
    assert_eq!(duration_of(&running), None);
}

#[test]
fn a_running_job_gets_an_estimate_from_its_kinds_median_once_there_are_three() {
    let now = at(40 * 86_400);
    let day = |d: i64| at(d * 86_400);
    let mut jobs = vec![
        job(
            1,
            day(35),
            "automated",
            Some(day(35) + TimeDelta::minutes(10)),
            false,
        ),
        job(
            2,
            day(36),
            "automated",
            Some(day(36) + TimeDelta::minutes(20)),
            false,
        ),
        // Another kind and a job from before the window: not counted.
        job(
            3,
            day(37),
            "download",
            Some(day(37) + TimeDelta::minutes(1)),
            false,
        ),
        job(
            4,
            day(1),
            "automated",
            Some(day(1) + TimeDelta::minutes(500)),
            false,
        ),
    ];
    let running = job(9, now - TimeDelta::minutes(4), "automated", None, false);
    jobs.push(running.clone());
    let clusters = [(orders(), jobs.clone())];
    let durations = Durations::of(clusters.iter().map(|(t, j)| (t, j.as_slice())), now);
    let stats = durations
        .stats(&orders(), &DeliveryType::Automated)
        .expect("two samples");
    assert_eq!(
        stats.count, 2,
        "the 30-day window and the type are kept apart"
    );
    assert_eq!(
        durations.estimate(&orders(), &running),
        None,
        "fewer than {MIN_SAMPLES} samples"
    );

    jobs.push(job(
        5,
        day(38),
        "automated",
        Some(day(38) + TimeDelta::minutes(15)),
        false,
    ));
    let clusters = [(orders(), jobs)];
    let durations = Durations::of(clusters.iter().map(|(t, j)| (t, j.as_slice())), now);
    let estimate = durations
        .estimate(&orders(), &running)
        .expect("three samples");
    assert_eq!(estimate.stats.p50, TimeDelta::minutes(15));
    assert_eq!(estimate.stats.p95, TimeDelta::minutes(20));
    assert_eq!(
        estimate.left(now),
        TimeDelta::minutes(11),
        "15m median, running for 4m"
    );
    assert_eq!(
        estimate.left(now + TimeDelta::minutes(13)),
        TimeDelta::minutes(-2),
        "overdue"
    );
    let other = Target::new("5e2211c17a3e5a48f5497de3", "billing");
    assert_eq!(
        durations.estimate(&other, &running),
        None,
        "another cluster has no samples"
    );
}
