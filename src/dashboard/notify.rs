//! Notifications for an operator who is looking elsewhere: a bell and/or an
//! OSC 9 desktop notification when a watched job finishes or fails, or when
//! a download link will expire soon. Each event is announced once.

use chrono::{DateTime, Utc};
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use crate::atlas::Target;
use crate::atlas::model::Text;
use crate::atlas::printable::printable;
use crate::atlas::{JobStatus, RestoreJob};
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

/// What was seen of one target's jobs.
#[derive(Debug)]
struct Seen {
    /// The job list last looked at: the same list is not looked at again.
    jobs: Arc<Vec<RestoreJob>>,
    statuses: HashMap<Text, JobStatus>,
    /// Ready downloads with an expiry, not yet warned of.
    expiring: Vec<(Text, DateTime<Utc>)>,
    /// Ids warned of, so that a new listing does not warn again.
    warned: HashSet<Text>,
}

/// Remembers what was seen, so that each event is announced once. A
/// target's job list that did not change since it was last seen costs only
/// a look at its downloads not yet warned of.
#[derive(Debug, Default)]
pub struct Notifier {
    targets: HashMap<Target, Seen>,
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
        for state in &data.targets {
            if state.fetched_at.is_none() {
                continue;
            }
            let cluster = &state.target.cluster_name;
            match self.targets.get_mut(&state.target) {
                Some(seen) if Arc::ptr_eq(&seen.jobs, &state.jobs) => {
                    seen.warn_expiring(cluster, now, rules, &mut news);
                }
                Some(seen) => {
                    seen.look_again(Arc::clone(&state.jobs), cluster, now, rules, &mut news)
                }
                None => {
                    let mut seen = Seen::baseline(Arc::clone(&state.jobs), rules);
                    seen.warn_expiring(cluster, now, rules, &mut news);
                    self.targets.insert(state.target.clone(), seen);
                }
            }
        }
        // Forget what is gone, so that weeks of jobs do not pile up here.
        let watched: HashSet<&Target> = data.targets.iter().map(|t| &t.target).collect();
        self.targets.retain(|target, _| watched.contains(target));
        news
    }

    /// When the next download not yet warned of comes within the warning
    /// window (at once, if one already has), after `now`: the time to
    /// observe again even if no poll brings news.
    pub fn next_warning(&self, now: DateTime<Utc>, rules: &NotifyRules) -> Option<DateTime<Utc>> {
        let within = chrono::TimeDelta::from_std(rules.expiring_within).ok()?;
        self.targets
            .values()
            .flat_map(|seen| &seen.expiring)
            .filter(|(_, at)| *at > now)
            .map(|(_, at)| at.checked_sub_signed(within).unwrap_or(now).max(now))
            .min()
    }
}

impl Seen {
    /// The first listing: every status taken in silently.
    fn baseline(jobs: Arc<Vec<RestoreJob>>, rules: &NotifyRules) -> Seen {
        let mut seen = Seen {
            jobs: Arc::new(Vec::new()),
            statuses: HashMap::new(),
            expiring: Vec::new(),
            warned: HashSet::new(),
        };
        seen.statuses = jobs
            .iter()
            .map(|job| (job.id.clone(), job.status()))
            .collect();
        seen.expiring = expiring(&jobs, &seen.warned, rules);
        seen.jobs = jobs;
        seen
    }

    /// A new listing: each job whose status changed is news, then its
    /// expiry if it is close.
    fn look_again(
        &mut self,
        jobs: Arc<Vec<RestoreJob>>,
        cluster: &str,
        now: DateTime<Utc>,
        rules: &NotifyRules,
        news: &mut Vec<Notification>,
    ) {
        let mut statuses = HashMap::with_capacity(jobs.len());
        for job in jobs.iter() {
            let status = job.status();
            if self.statuses.get(&job.id) != Some(&status) {
                if let Some(what) = announced(status, rules) {
                    news.push(Notification(format!(
                        "restore job {} of {cluster} {what}",
                        short(&job.id)
                    )));
                }
                if let Some((id, at)) = expiring_one(job, &self.warned, rules) {
                    self.warn_if_close(id, at, cluster, now, rules, news);
                }
            }
            statuses.insert(job.id.clone(), status);
        }
        self.warned.retain(|id| statuses.contains_key(id));
        self.statuses = statuses;
        self.expiring = expiring(&jobs, &self.warned, rules);
        self.jobs = jobs;
        self.warn_expiring(cluster, now, rules, news);
    }

    /// Warns of each download not yet warned of that expires within the
    /// rules' window from `now`.
    fn warn_expiring(
        &mut self,
        cluster: &str,
        now: DateTime<Utc>,
        rules: &NotifyRules,
        news: &mut Vec<Notification>,
    ) {
        // A link that expired unwarned (the window was missed) is past news.
        self.expiring.retain(|(_, at)| *at > now);
        let close: Vec<(Text, DateTime<Utc>)> = self
            .expiring
            .iter()
            .filter(|(_, at)| is_close(*at, now, rules))
            .cloned()
            .collect();
        for (id, at) in close {
            self.warn_if_close(id, at, cluster, now, rules, news);
        }
    }

    fn warn_if_close(
        &mut self,
        id: Text,
        at: DateTime<Utc>,
        cluster: &str,
        now: DateTime<Utc>,
        rules: &NotifyRules,
        news: &mut Vec<Notification>,
    ) {
        if !is_close(at, now, rules) || !self.warned.insert(id.clone()) {
            return;
        }
        self.expiring.retain(|(other, _)| *other != id);
        let minutes = (at - now).num_minutes();
        news.push(Notification(format!(
            "download of {} ({cluster}) expires in {minutes} min",
            short(&id)
        )));
    }
}

/// What a job that turned `status` is announced as, if the rules want it.
fn announced(status: JobStatus, rules: &NotifyRules) -> Option<&'static str> {
    match status {
        JobStatus::Finished if rules.wants(NotifyOn::Finished) => Some("finished"),
        JobStatus::Ready if rules.wants(NotifyOn::Finished) => Some("is ready to download"),
        JobStatus::Failed if rules.wants(NotifyOn::Failed) => Some("failed"),
        _ => None,
    }
}

/// The ready downloads of `jobs` with an expiry, not in `warned`.
fn expiring(
    jobs: &[RestoreJob],
    warned: &HashSet<Text>,
    rules: &NotifyRules,
) -> Vec<(Text, DateTime<Utc>)> {
    jobs.iter()
        .filter_map(|job| expiring_one(job, warned, rules))
        .collect()
}

fn expiring_one(
    job: &RestoreJob,
    warned: &HashSet<Text>,
    rules: &NotifyRules,
) -> Option<(Text, DateTime<Utc>)> {
    let at = job.expires_at?;
    let wanted = rules.wants(NotifyOn::Expiring)
        && job.status() == JobStatus::Ready
        && !warned.contains(&job.id);
    wanted.then(|| (job.id.clone(), at))
}

/// Whether a link expiring `at` is within the warning window at `now`.
fn is_close(at: DateTime<Utc>, now: DateTime<Utc>, rules: &NotifyRules) -> bool {
    at > now
        && (at - now)
            .to_std()
            .is_ok_and(|left| left <= rules.expiring_within)
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
    fn an_unchanged_listing_still_warns_once_as_its_link_nears_expiry() {
        let mut notifier = Notifier::default();
        let expires = (now() + chrono::TimeDelta::minutes(30)).to_rfc3339();
        let ready = json!({"id": "x1", "deliveryType": "download", "deliveryUrl": ["https://d"], "expiresAt": expires});
        let picture = data(vec![ready]);
        assert!(notifier.observe(&picture, now(), &rules()).is_empty());
        let later = now() + chrono::TimeDelta::minutes(25);
        let news = notifier.observe(&picture, later, &rules());
        assert_eq!(
            news,
            [Notification(
                "download of x1 (orders) expires in 5 min".into()
            )]
        );
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
