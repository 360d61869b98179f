//! The notifier's rules, on store pictures built by hand.
use super::*;
use crate::atlas::RestoreJob;
use crate::poller::store::TargetState;
use serde_json::json;
use std::sync::Arc;

fn rules() -> NotifyRules {
    NotifyRules {
        bell: true,
        desktop: true,
        ..NotifyRules::default()
    }
}

fn texts(news: &[Notification]) -> Vec<&str> {
    news.iter().map(|note| note.text.as_str()).collect()
}

fn now() -> DateTime<Utc> {
    DateTime::from_timestamp(1_800_000_000, 0).unwrap_or_default()
}

fn data(jobs: Vec<serde_json::Value>) -> StoreData {
    let mut state = TargetState::new(Target::new("g", "orders"));
    state.fetched_at = Some(now());
    state.jobs = Arc::new(
        jobs.into_iter()
            .filter_map(|j| RestoreJob::from_value(j).ok())
            .collect(),
    );
    StoreData {
        targets: vec![state],
        ..StoreData::default()
    }
}

#[test]
fn the_first_listing_is_a_silent_baseline_then_changes_are_announced_once() {
    let mut notifier = Notifier::default();
    let running = json!({"id": "aaaaaaaaaaaaaaaa00000001", "deliveryType": "automated"});
    let old =
        json!({"id": "aaaaaaaaaaaaaaaa00000002", "deliveryType": "automated", "failed": true});
    assert!(
        notifier
            .observe(&data(vec![running.clone(), old.clone()]), now(), &rules())
            .is_empty()
    );
    let finished = json!({"id": "aaaaaaaaaaaaaaaa00000001", "deliveryType": "automated", "finishedAt": "2027-01-15T08:00:00Z"});
    let news = notifier.observe(&data(vec![finished.clone(), old.clone()]), now(), &rules());
    assert_eq!(texts(&news), ["restore job 00000001 of orders finished"]);
    assert!(
        notifier
            .observe(&data(vec![finished, old]), now(), &rules())
            .is_empty(),
        "never twice"
    );
}

#[test]
fn a_failure_and_a_soon_expiring_download_are_announced() {
    let mut notifier = Notifier::default();
    notifier.observe(
        &data(vec![json!({"id": "x1", "deliveryType": "download"})]),
        now(),
        &rules(),
    );
    let expires = (now() + chrono::TimeDelta::minutes(7)).to_rfc3339();
    let ready = json!({"id": "x1", "deliveryType": "download", "deliveryUrl": ["https://d"], "expiresAt": expires});
    let failed = json!({"id": "x2", "deliveryType": "automated", "failed": true});
    let news = notifier.observe(&data(vec![ready.clone(), failed.clone()]), now(), &rules());
    let words: Vec<&str> = texts(&news);
    assert_eq!(
        words,
        [
            "restore job x1 of orders is ready to download",
            "download of x1 (orders) expires in 7 min",
            "restore job x2 of orders failed"
        ]
    );
    assert!(
        notifier
            .observe(&data(vec![ready, failed]), now(), &rules())
            .is_empty()
    );
}

#[test]
fn an_unchanged_listing_still_warns_once_as_its_link_nears_expiry() {
    let mut notifier = Notifier::default();
    let expires = (now() + chrono::TimeDelta::minutes(30)).to_rfc3339();
    let ready = json!({"id": "x1", "deliveryType": "download", "deliveryUrl": ["https://d"], "expiresAt": expires});
    let picture = data(vec![ready]);
    assert!(notifier.observe(&picture, now(), &rules()).is_empty());
    let later = now() + chrono::TimeDelta::minutes(25);
    let news = notifier.observe(&picture, later, &rules());
    assert_eq!(texts(&news), ["download of x1 (orders) expires in 5 min"]);
    assert!(notifier.observe(&picture, later, &rules()).is_empty());
    assert_eq!(
        notifier.next_warning(later, &rules()),
        None,
        "nothing left to warn of"
    );
}

#[test]
fn the_next_warning_is_when_a_link_enters_the_window() {
    let mut notifier = Notifier::default();
    let expires = now() + chrono::TimeDelta::minutes(30);
    let ready = json!({"id": "x1", "deliveryType": "download", "deliveryUrl": ["https://d"], "expiresAt": expires.to_rfc3339()});
    let gone = json!({"id": "x2", "deliveryType": "download", "deliveryUrl": ["https://d"], "expiresAt": (now() - chrono::TimeDelta::minutes(1)).to_rfc3339()});
    assert!(
        notifier
            .observe(&data(vec![ready, gone]), now(), &rules())
            .is_empty()
    );
    assert_eq!(
        notifier.next_warning(now(), &rules()),
        Some(expires - chrono::TimeDelta::minutes(10)),
        "ten minutes before the live link expires; the expired one is no news"
    );
}

#[test]
fn only_the_chosen_events_are_announced() {
    let mut notifier = Notifier::default();
    let only_failures = NotifyRules {
        on: vec![NotifyOn::Failed],
        ..rules()
    };
    notifier.observe(
        &data(vec![json!({"id": "x1", "deliveryType": "automated"})]),
        now(),
        &only_failures,
    );
    let finished =
        json!({"id": "x1", "deliveryType": "automated", "finishedAt": "2027-01-15T08:00:00Z"});
    let failed = json!({"id": "x2", "deliveryType": "automated", "failed": true});
    let news = notifier.observe(&data(vec![finished, failed]), now(), &only_failures);
    assert_eq!(texts(&news), ["restore job x2 of orders failed"]);
}

#[test]
fn the_sequence_is_osc_9_and_bell_with_control_characters_replaced() {
    let note = Notification {
        text: "job \u{1b}[31m done".into(),
        key: None,
    };
    assert_eq!(
        note.escape_sequence(&rules()),
        "\u{1b}]9;job �[31m done\u{7}\u{7}"
    );
    let bell_only = NotifyRules {
        desktop: false,
        ..rules()
    };
    assert_eq!(note.escape_sequence(&bell_only), "\u{7}");
}

fn key(job_id: &str, event: NoticeEvent) -> NoticeKey {
    NoticeKey {
        target: Target::new("g", "orders"),
        job_id: job_id.to_string(),
        event,
    }
}

#[test]
fn what_the_history_says_was_sent_is_not_sent_again() {
    let mut notifier = Notifier::default();
    let running = json!({"id": "x1", "deliveryType": "automated"});
    assert!(
        notifier
            .observe(&data(vec![running]), now(), &rules())
            .is_empty()
    );
    let finished =
        json!({"id": "x1", "deliveryType": "automated", "finishedAt": "2027-01-15T08:00:00Z"});
    let mut picture = data(vec![finished]);
    picture.history.notified = Arc::new([key("x1", NoticeEvent::Finished)].into());
    assert!(
        notifier.observe(&picture, now(), &rules()).is_empty(),
        "sent before the restart"
    );
    // A link warned of before the restart is not warned of again at start.
    let mut fresh = Notifier::default();
    let expiry = (now() + chrono::TimeDelta::minutes(5)).to_rfc3339();
    let ready = json!({"id": "x2", "deliveryType": "download", "finishedAt": "2027-01-15T08:00:00Z",
        "expiresAt": expiry, "deliveryUrl": ["https://d/x2"]});
    let mut warned = data(vec![ready.clone()]);
    warned.history.notified = Arc::new([key("x2", NoticeEvent::Expiring)].into());
    assert!(fresh.observe(&warned, now(), &rules()).is_empty());
    let news = Notifier::default().observe(&data(vec![ready]), now(), &rules());
    assert_eq!(texts(&news), ["download of x2 (orders) expires in 5 min"]);
    assert_eq!(news[0].key, Some(key("x2", NoticeEvent::Expiring)));
}

fn ended_while_closed(ids: &[&str], to: JobStatus) -> Vec<Transition> {
    ids.iter()
        .map(|id| Transition {
            target: Target::new("g", "orders"),
            job_id: (*id).to_string(),
            from: Some(JobStatus::InProgress),
            to,
            observed_at: now(),
            atlas_at: None,
        })
        .collect()
}

#[test]
fn jobs_that_ended_while_closed_are_announced_once_and_many_in_one_summary() {
    let mut notifier = Notifier::default();
    let mut picture = data(Vec::new());
    picture.history.while_closed = Arc::new(ended_while_closed(&["x1"], JobStatus::Failed));
    let news = notifier.observe(&picture, now(), &rules());
    assert_eq!(
        texts(&news),
        ["restore job x1 of orders failed (while closed)"]
    );
    assert!(
        notifier.observe(&picture, now(), &rules()).is_empty(),
        "once"
    );
    let mut more = ended_while_closed(&["x1"], JobStatus::Failed);
    more.extend(ended_while_closed(
        &["x2", "x3", "x4", "x5"],
        JobStatus::Finished,
    ));
    picture.history.while_closed = Arc::new(more);
    let news = notifier.observe(&picture, now(), &rules());
    assert_eq!(
        texts(&news),
        ["4 restore jobs finished or failed while atlas-restores was closed"],
        "only the new ones, more than three in one summary"
    );
}
