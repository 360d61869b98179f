//! Notifications for an operator who is looking elsewhere: a bell and/or an
//! OSC 9 desktop notification when a watched job finishes or fails, or when
//! a download link will expire soon. Each event is announced once.

use chrono::{DateTime, Utc};
use std::collections::{HashMap, HashSet};

use crate::atlas::JobStatus;
use crate::atlas::Target;
use crate::atlas::model::Text;
use crate::atlas::printable::printable;
use crate::config::{NotificationRules as NotifyRules, NotifyOn};
use crate::poller::store::StoreData;

/// One thing worth telling the operator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notification(pub String);

impl Notification {
    /// The bytes to write to the terminal for it (nothing from the network
    /// reaches the terminal raw: control characters are replaced).
    pub fn escape_sequence(&self, rules: &NotifyRules) -> String {
        let mut out = String::new();
        if rules.desktop {
            out.push_str(&format!("\x1b]9;{}\x07", printable(&self.0)));
        }
        if rules.bell {
            out.push('\x07');
        }
        out
    }
}

type JobKey = (Target, Text);

/// Remembers what was seen, so that each event is announced once.
#[derive(Debug, Default)]
pub struct Notifier {
    statuses: HashMap<JobKey, JobStatus>,
    warned: HashSet<JobKey>,
    /// Targets whose first listing was taken in silently.
    known_targets: HashSet<Target>,
}

impl Notifier {
    /// The new events in `data` at `now`. The first listing of each target
    /// only sets the baseline: jobs that finished before the dashboard was
    /// opened are not news.
    pub fn observe(
        &mut self,
        data: &StoreData,
        now: DateTime<Utc>,
        rules: &NotifyRules,
    ) -> Vec<Notification> {
        let mut news = Vec::new();
        let mut present: HashSet<JobKey> = HashSet::new();
        for state in &data.targets {
            if state.fetched_at.is_none() {
                continue;
            }
            let baseline = self.known_targets.insert(state.target.clone());
            for job in state.jobs.iter() {
                let key = (state.target.clone(), job.id.clone());
                let status = job.status();
                let before = self.statuses.insert(key.clone(), status);
                if !baseline && before != Some(status) {
                    let cluster = &state.target.cluster_name;
                    let what = match status {
                        JobStatus::Finished if rules.wants(NotifyOn::Finished) => Some("finished"),
                        JobStatus::Ready if rules.wants(NotifyOn::Finished) => {
                            Some("is ready to download")
                        }
                        JobStatus::Failed if rules.wants(NotifyOn::Failed) => Some("failed"),
                        _ => None,
                    };
                    if let Some(what) = what {
                        news.push(Notification(format!(
                            "restore job {} of {cluster} {what}",
                            short(&job.id)
                        )));
                    }
                }
                let expiring = rules.wants(NotifyOn::Expiring)
                    && status == JobStatus::Ready
                    && job.expires_at.is_some_and(|at| {
                        at > now
                            && (at - now)
                                .to_std()
                                .is_ok_and(|left| left <= rules.expiring_within)
                    });
                if expiring && self.warned.insert(key.clone()) {
                    let minutes = job.expires_at.map_or(0, |at| (at - now).num_minutes());
                    news.push(Notification(format!(
                        "download of {} ({}) expires in {minutes} min",
                        short(&job.id),
                        state.target.cluster_name
                    )));
                }
                present.insert(key);
            }
        }
        // Forget what is gone, so that weeks of jobs do not pile up here.
        self.statuses.retain(|key, _| present.contains(key));
        self.warned.retain(|key| present.contains(key));
        let watched: HashSet<&Target> = data.targets.iter().map(|t| &t.target).collect();
        self.known_targets.retain(|target| watched.contains(target));
        news
    }
}

/// The last 8 characters of an id, as the table shows it.
fn short(id: &str) -> &str {
    crate::app::labels::last_chars(id, 8)
}

#[cfg(test)]
mod tests {
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
        assert_eq!(
            news,
            [Notification(
                "restore job 00000001 of orders finished".into()
            )]
        );
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
        let words: Vec<&str> = news.iter().map(|n| n.0.as_str()).collect();
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
        assert_eq!(
            news,
            [Notification("restore job x2 of orders failed".into())]
        );
    }

    #[test]
    fn the_sequence_is_osc_9_and_bell_with_control_characters_replaced() {
        let note = Notification("job \u{1b}[31m done".into());
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
}
