//! Tests of the journal: what counts as a change, what is remembered and
//! for how long.

use std::sync::Arc;

use chrono::{DateTime, TimeDelta, Utc};
use serde_json::{Value, json};

use super::journal::{Journal, LOG_CAPACITY, MARKER_FOR};
use crate::atlas::{JobStatus, RestoreJob, Target};
use crate::history::Transition;
use crate::poller::store::{StoreData, TargetState};

fn t0() -> DateTime<Utc> {
    DateTime::from_timestamp(1_714_564_800, 0).unwrap_or_default()
}

fn at(seconds: i64) -> DateTime<Utc> {
    t0() + TimeDelta::seconds(seconds)
}

fn job(value: Value) -> RestoreJob {
    RestoreJob::from_value(value).unwrap_or_else(|e| panic!("{e}"))
}

fn running(id: &str) -> RestoreJob {
    job(json!({"id": id, "deliveryType": "download"}))
}

fn failed(id: &str) -> RestoreJob {
    job(json!({"id": id, "deliveryType": "download", "failed": true}))
}

/// A ready download whose link expires at `expires`.
fn ready(id: &str, expires: DateTime<Utc>) -> RestoreJob {
    job(json!({
        "id": id,
        "deliveryType": "download",
        "deliveryUrl": ["https://restore.example.net/x.tar.gz"],
        "expiresAt": expires.to_rfc3339(),
    }))
}

fn target(cluster: &str) -> Target {
    Target::new("g1", cluster)
}

/// A picture of the clusters' job lists, each fetched at `fetched`.
fn picture(clusters: &[(&str, Vec<RestoreJob>)], fetched: DateTime<Utc>) -> StoreData {
    let targets = clusters
        .iter()
        .map(|(cluster, jobs)| {
            let mut state = TargetState::new(target(cluster));
            state.jobs = Arc::new(jobs.clone());
            state.fetched_at = Some(fetched);
            state
        })
        .collect();
    StoreData {
        targets,
        ..StoreData::default()
    }
}

fn labels(data: &StoreData) -> Vec<String> {
    let names = data.targets.iter();
    names.map(|t| t.target.cluster_name.clone()).collect()
}

fn observe(journal: &mut Journal, data: &StoreData, now: DateTime<Utc>) {
    journal.observe(data, None, &labels(data), now);
}

/// Each change as `cluster id from→to @seconds`.
fn log(journal: &Journal) -> Vec<String> {
    let word = |s: Option<JobStatus>| s.map_or("new", JobStatus::word);
    journal
        .changes()
        .iter()
        .map(|c| {
            let seconds = (c.at - t0()).num_seconds();
            let (from, to) = (word(c.from), c.to.word());
            format!("{} {} {from}→{to} @{seconds}", c.cluster, c.job_id)
        })
        .collect()
}

#[test]
fn the_first_loaded_list_is_the_baseline_and_records_nothing() {
    let mut journal = Journal::default();
    let mut unloaded = picture(&[("alpha", vec![])], at(0));
    unloaded.targets[0].fetched_at = None;
    observe(&mut journal, &unloaded, at(0));
    let first = picture(&[("alpha", vec![failed("a"), running("b")])], at(10));
    observe(&mut journal, &first, at(10));
    assert!(log(&journal).is_empty(), "{:?}", log(&journal));
    assert_eq!(journal.new_failure_count(), 0, "failed before we looked");
    assert_eq!(journal.remembered_jobs(), 2);
}

#[test]
fn a_new_job_and_a_changed_status_are_recorded_at_the_answers_time() {
    let mut journal = Journal::default();
    observe(
        &mut journal,
        &picture(&[("alpha", vec![running("a")])], at(0)),
        at(0),
    );
    let next = picture(&[("alpha", vec![failed("a"), running("b")])], at(30));
    observe(&mut journal, &next, at(31));
    assert_eq!(
        log(&journal),
        [
            "alpha a in progress→failed @30",
            "alpha b new→in progress @30"
        ]
    );
    let failures: Vec<_> = journal
        .new_failures()
        .iter()
        .map(|f| f.job_id.as_str())
        .collect();
    assert_eq!(failures, ["a"]);
}

#[test]
fn the_same_job_list_is_looked_at_once() {
    let mut journal = Journal::default();
    let mut data = picture(&[("alpha", vec![running("a")])], at(0));
    observe(&mut journal, &data, at(0));
    data.targets[0].jobs = Arc::new(vec![failed("a")]);
    observe(&mut journal, &data, at(5));
    observe(&mut journal, &data, at(6));
    data.targets[0].fetched_at = Some(at(40));
    observe(&mut journal, &data, at(40));
    assert_eq!(log(&journal), ["alpha a in progress→failed @0"]);
}

#[test]
fn a_link_the_clock_expired_is_not_recorded_again_by_the_next_poll() {
    let mut journal = Journal::default();
    let link = ready("a", at(100));
    observe(
        &mut journal,
        &picture(&[("alpha", vec![link.clone()])], at(0)),
        at(0),
    );
    assert_eq!(journal.next_expiry(), Some(at(100)));
    journal.clock(at(99), |t| t.cluster_name.clone());
    assert!(log(&journal).is_empty(), "not yet");
    journal.clock(at(101), |t| t.cluster_name.clone());
    journal.clock(at(102), |t| t.cluster_name.clone());
    assert_eq!(log(&journal), ["alpha a ready→expired @100"]);
    assert_eq!(journal.next_expiry(), None);
    // The next answer still says ready (with its expiry passed), then a
    // new job arrives: only the new job is news.
    let polled = picture(&[("alpha", vec![link, running("b")])], at(120));
    observe(&mut journal, &polled, at(121));
    assert_eq!(
        log(&journal),
        ["alpha a ready→expired @100", "alpha b new→in progress @120"]
    );
}

#[test]
fn a_clock_change_after_the_poll_showed_it_is_not_recorded() {
    let mut journal = Journal::default();
    let link = ready("a", at(100));
    observe(
        &mut journal,
        &picture(&[("alpha", vec![link.clone()])], at(0)),
        at(0),
    );
    let polled = picture(&[("alpha", vec![link, running("b")])], at(130));
    observe(&mut journal, &polled, at(130));
    assert_eq!(
        log(&journal),
        ["alpha a ready→expired @130", "alpha b new→in progress @130"]
    );
    let again = (JobStatus::Ready, JobStatus::Expired);
    let recorded = journal.record_clock_change(&target("alpha"), "alpha", "a", again, at(100));
    assert!(!recorded, "the poll recorded it already");
    journal.clock(at(131), |t| t.cluster_name.clone());
    assert_eq!(log(&journal).len(), 2);
}

#[test]
fn a_baseline_taken_with_a_late_clock_does_not_expire_links_afterwards() {
    // The app's clock was still at the epoch when the first answer came:
    // the link looked ready, but had expired before the session began.
    let mut journal = Journal::default();
    let dead = ready("a", at(-60));
    let live = ready("b", at(60));
    let data = picture(&[("alpha", vec![dead, live])], at(0));
    observe(&mut journal, &data, DateTime::<Utc>::UNIX_EPOCH);
    journal.clock(at(61), |t| t.cluster_name.clone());
    assert_eq!(log(&journal), ["alpha b ready→expired @60"]);
}

#[test]
fn jobs_that_disappear_and_clusters_no_longer_watched_are_forgotten() {
    let mut journal = Journal::default();
    let two = [
        ("alpha", vec![running("a"), running("b")]),
        ("beta", vec![running("c")]),
    ];
    observe(&mut journal, &picture(&two, at(0)), at(0));
    assert_eq!(journal.remembered_jobs(), 3);
    let fewer = [("alpha", vec![failed("b")]), ("beta", vec![failed("c")])];
    observe(&mut journal, &picture(&fewer, at(30)), at(30));
    assert_eq!(journal.remembered_jobs(), 2, "job a is gone");
    assert!(journal.marker(&target("alpha"), "a", at(31)).is_none());
    assert_eq!(journal.new_failure_count(), 2);
    observe(
        &mut journal,
        &picture(&[("alpha", vec![failed("b")])], at(60)),
        at(60),
    );
    assert_eq!(journal.remembered_targets(), 1, "beta is not watched");
    assert_eq!(journal.remembered_jobs(), 1);
    let failures: Vec<_> = journal
        .new_failures()
        .iter()
        .map(|f| f.job_id.as_str())
        .collect();
    assert_eq!(failures, ["b"], "beta's failure went with it");
    assert_eq!(log(&journal).len(), 2, "the log keeps what happened");
}

#[test]
fn the_log_keeps_the_newest_changes_up_to_its_cap() {
    let mut journal = Journal::default();
    observe(&mut journal, &picture(&[("alpha", vec![])], at(0)), at(0));
    let jobs = LOG_CAPACITY + 5;
    let many: Vec<RestoreJob> = (0..jobs).map(|n| failed(&format!("j{n:05}"))).collect();
    observe(&mut journal, &picture(&[("alpha", many)], at(30)), at(30));
    let kept = log(&journal);
    assert_eq!(kept.len(), LOG_CAPACITY);
    assert_eq!(
        kept.first().map(String::as_str),
        Some("alpha j00005 new→failed @30")
    );
    assert_eq!(
        journal.new_failure_count(),
        jobs,
        "every failure is counted"
    );
    assert_eq!(journal.acknowledge(), jobs);
    assert_eq!(journal.new_failure_count(), 0);
    assert_eq!(
        log(&journal).len(),
        LOG_CAPACITY,
        "acknowledging keeps the log"
    );
}

#[test]
fn a_marker_shows_for_ten_minutes_after_its_change() {
    let mut journal = Journal::default();
    observe(
        &mut journal,
        &picture(&[("alpha", vec![running("a")])], at(0)),
        at(0),
    );
    observe(
        &mut journal,
        &picture(&[("alpha", vec![failed("a")])], at(30)),
        at(30),
    );
    let alpha = target("alpha");
    let marker = journal.marker(&alpha, "a", at(31));
    assert_eq!(
        marker.map(|m| (m.from, m.to)),
        Some((Some(JobStatus::InProgress), JobStatus::Failed))
    );
    let ends = at(30) + MARKER_FOR;
    assert_eq!(journal.next_marker_change(at(31)), Some(ends));
    assert!(
        journal
            .marker(&alpha, "a", ends - TimeDelta::seconds(1))
            .is_some()
    );
    assert!(journal.marker(&alpha, "a", ends).is_none());
    assert_eq!(journal.next_marker_change(ends), None);
}

fn found_at_start(id: &str, to: JobStatus, finished: Option<DateTime<Utc>>) -> Transition {
    Transition {
        target: target("orders"),
        job_id: id.to_string(),
        from: Some(JobStatus::InProgress),
        to,
        observed_at: at(500),
        atlas_at: finished,
    }
}

#[test]
fn changes_found_at_start_are_logged_once_marked_and_failures_among_them_are_new() {
    let mut journal = Journal::default();
    let label = |t: &Target| format!("prod/{}", t.cluster_name);
    let mut all = vec![found_at_start("a1", JobStatus::Failed, Some(at(100)))];
    journal.take_while_closed(&all, label);
    all.push(found_at_start("a2", JobStatus::Finished, None));
    journal.take_while_closed(&all, label);
    journal.take_while_closed(&all, label);
    let logged: Vec<_> = journal
        .changes()
        .iter()
        .map(|c| {
            (
                c.job_id.to_string(),
                c.to,
                c.at,
                c.while_closed,
                c.cluster.clone(),
            )
        })
        .collect();
    assert_eq!(
        logged,
        [
            (
                "a1".into(),
                JobStatus::Failed,
                at(100),
                true,
                "prod/orders".into()
            ),
            (
                "a2".into(),
                JobStatus::Finished,
                at(500),
                true,
                "prod/orders".into()
            ),
        ],
        "each once, at Atlas's time where it has one, else when found"
    );
    let failures: Vec<_> = journal
        .new_failures()
        .iter()
        .map(|f| f.job_id.to_string())
        .collect();
    assert_eq!(failures, ["a1"]);
}
