//! The matcher over real job objects: every field, negation, statuses,
//! what a target decides alone, and the kept job.

use serde_json::json;

use super::super::{StatusSet, parse::parse};
use super::*;
use crate::atlas::Target;

const GROUP: &str = "6600000000000000000a1b2c";

fn job(fields: serde_json::Value) -> RestoreJob {
    RestoreJob::from_value(fields).unwrap_or_else(|e| panic!("{e:?}"))
}

fn download() -> RestoreJob {
    job(json!({
        "id": "6632a00000000000000000d1",
        "deliveryType": "download",
        "snapshotId": "5f00000000000000000000aa",
        "deliveryUrl": ["https://restore.example.net/1/restore.tar.gz"],
    }))
}

fn automated() -> RestoreJob {
    job(json!({
        "id": "6632a00000000000000000a2",
        "deliveryType": "automated",
        "targetClusterName": "orders-copy",
        "targetGroupId": "6700000000000000000ffff1",
    }))
}

fn orders() -> TargetState {
    let mut state = TargetState::new(Target::new(GROUP, "orders-prod"));
    state.project_name = Some("Payments".to_string());
    state
}

/// Whether `job` (with `status`) of the orders cluster, labelled
/// `payments/orders-prod`, passes `text` with no status filter.
fn passes(text: &str, job: &RestoreJob, status: JobStatus) -> bool {
    passes_with(text, StatusSet::default(), job, status)
}

fn passes_with(text: &str, statuses: StatusSet, job: &RestoreJob, status: JobStatus) -> bool {
    let query = parse(text).unwrap_or_else(|e| panic!("{text:?}: {e}"));
    let matcher = Matcher::new(&query, statuses, None);
    let hits = matcher.target_hits(&orders(), "payments/orders-prod");
    matcher.job_matches(hits, job, status)
}

#[test]
fn plain_words_find_anything_the_row_shows_and_are_anded() {
    let (d, a) = (download(), automated());
    let ready = JobStatus::Ready;
    assert!(passes("", &d, ready));
    assert!(passes("PROD download", &d, ready));
    assert!(!passes("prod download", &a, ready));
    assert!(passes("payments", &a, ready), "the project name");
    assert!(passes("0a1b2c", &a, ready), "the project id");
    assert!(passes("orders-copy", &a, ready), "the target");
    assert!(passes("restore.tar", &d, ready), "the URL");
    assert!(passes("5f000", &d, ready), "the snapshot");
    assert!(passes("a2", &a, ready), "the id");
    assert!(
        passes("in prog", &a, JobStatus::InProgress),
        "the status word"
    );
    assert!(!passes("in prog", &a, ready));
}

#[test]
fn a_field_term_looks_in_its_field_only() {
    let (d, a) = (download(), automated());
    let ready = JobStatus::Ready;
    assert!(passes("cluster:orders-p", &d, ready));
    assert!(
        passes("cluster:payments/", &d, ready),
        "the cluster as shown"
    );
    assert!(passes("project:paym", &d, ready));
    assert!(passes("project:0a1b", &d, ready));
    assert!(!passes("project:orders", &d, ready));
    assert!(passes("type:down", &d, ready));
    assert!(!passes("type:down", &a, ready));
    assert!(passes("target:copy", &a, ready));
    assert!(passes("target:ffff1", &a, ready));
    assert!(!passes("target:orders-prod", &a, ready));
    assert!(passes("id:d1", &d, ready));
    assert!(
        !passes("id:6700", &a, ready),
        "the target's project is no id"
    );
    assert!(passes("status:fail", &d, JobStatus::Failed));
    assert!(passes("status:\"in progress\"", &d, JobStatus::InProgress));
    assert!(!passes("status:ready", &d, JobStatus::Expired));
    assert!(!passes("status:download", &d, ready), "a type is no status");
}

#[test]
fn a_bang_keeps_what_the_term_does_not_find() {
    let (d, a) = (download(), automated());
    let ready = JobStatus::Ready;
    assert!(passes("!type:download", &a, ready));
    assert!(!passes("!type:download", &d, ready));
    assert!(!passes("!prod", &d, ready), "the cluster label holds prod");
    assert!(passes("!copy", &d, ready));
    assert!(!passes("!copy", &a, ready));
    assert!(passes("prod !status:fail", &a, ready));
    assert!(!passes("prod !status:fail", &a, JobStatus::Failed));
    assert!(!passes("!cluster:orders", &a, ready));
}

#[test]
fn statuses_are_a_set_anded_with_the_text() {
    let d = download();
    let active = StatusSet::ACTIVE;
    assert!(passes_with("", active, &d, JobStatus::InProgress));
    assert!(passes_with("", active, &d, JobStatus::Ready));
    assert!(!passes_with("", active, &d, JobStatus::Finished));
    assert!(passes_with("type:download", active, &d, JobStatus::Ready));
    assert!(!passes_with("type:automated", active, &d, JobStatus::Ready));
}

#[test]
fn a_target_decides_its_own_terms_for_all_its_jobs() {
    let query = parse("cluster:billing type:download").unwrap_or_default();
    let matcher = Matcher::new(&query, StatusSet::default(), None);
    let hits = matcher.target_hits(&orders(), "payments/orders-prod");
    assert!(
        !matcher.may_pass_any(0, hits),
        "no job of orders is in billing"
    );
    let query = parse("cluster:orders type:download").unwrap_or_default();
    let matcher = Matcher::new(&query, StatusSet::default(), None);
    let hits = matcher.target_hits(&orders(), "payments/orders-prod");
    assert!(matcher.may_pass_any(0, hits));
    assert!(matcher.job_matches(hits, &download(), JobStatus::Ready));
    assert!(!matcher.job_matches(hits, &automated(), JobStatus::Ready));
}

#[test]
fn the_kept_job_passes_whatever_the_filter_says() {
    let query = parse("status:progress").unwrap_or_default();
    let pin = Some((3, "6632a00000000000000000d1".to_string()));
    let matcher = Matcher::new(&query, StatusSet::ACTIVE, pin);
    let hits = matcher.target_hits(&orders(), "payments/orders-prod");
    let cancelled = JobStatus::Cancelled;
    assert!(matcher.passes(3, hits, &download(), cancelled));
    assert!(
        !matcher.passes(2, hits, &download(), cancelled),
        "another target"
    );
    assert!(
        !matcher.passes(3, hits, &automated(), cancelled),
        "another job"
    );
    let query = parse("cluster:billing").unwrap_or_default();
    let pin = Some((3, "6632a00000000000000000d1".to_string()));
    let matcher = Matcher::new(&query, StatusSet::default(), pin);
    let hits = matcher.target_hits(&orders(), "payments/orders-prod");
    assert!(matcher.may_pass_any(3, hits));
    assert!(!matcher.may_pass_any(2, hits));
}

#[test]
fn kind_tells_flex_jobs_from_dedicated_ones() {
    let flex = RestoreJob::from_flex_value(json!({
        "id": "6632a00000000000000000f1",
        "deliveryType": "DOWNLOAD",
        "status": "COMPLETED",
        "snapshotUrl": "https://restore.example.net/flex.tar.gz",
    }))
    .unwrap_or_else(|e| panic!("{e:?}"));
    let ready = JobStatus::Ready;
    assert!(passes("kind:flex", &flex, ready));
    assert!(!passes("kind:flex", &download(), ready));
    assert!(passes("kind:dedicated", &download(), ready));
    assert!(passes("!kind:flex", &automated(), JobStatus::Finished));
    assert!(!passes("!kind:flex", &flex, ready));
}
