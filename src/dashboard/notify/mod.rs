//! Notifications for an operator who is looking elsewhere: a bell and/or an
//! OSC 9 desktop notification when a watched job finishes or fails, or when
//! a download link will expire soon. Each event is announced once, across
//! restarts too when the history is kept (the history records what was
//! sent); what finished or failed while the dashboard was closed is
//! announced when the history finds it.

use chrono::{DateTime, Utc};
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use crate::atlas::Target;
use crate::atlas::model::Text;
use crate::atlas::printable::printable;
use crate::atlas::{JobStatus, RestoreJob};
use crate::config::{NotificationRules as NotifyRules, NotifyOn};
use crate::history::{NoticeEvent, NoticeKey, Transition};
use crate::poller::store::StoreData;

/// More jobs than this finished or failed while closed are announced in
/// one summary.
pub const WHILE_CLOSED_ONE_BY_ONE: usize = 3;

/// One thing worth telling the operator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notification {
    pub text: String,
    /// The job and event it announces, recorded in the history so that a
    /// restarted dashboard does not announce it again; `None` for a
    /// summary.
    pub key: Option<NoticeKey>,
}

impl Notification {
    /// The bytes to write to the terminal for it (nothing from the network
    /// reaches the terminal raw: control characters are replaced).
    pub fn escape_sequence(&self, rules: &NotifyRules) -> String {
        let mut out = String::new();
        if rules.desktop {
            out.push_str(&format!("\x1b]9;{}\x07", printable(&self.text)));
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
    /// The history's changes found at start, as last looked at.
    while_closed: Arc<Vec<Transition>>,
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
            let (target, cluster) = (&state.target, state.target.cluster_name.as_str());
            match self.targets.get_mut(target) {
                Some(seen) if Arc::ptr_eq(&seen.jobs, &state.jobs) => {
                    seen.warn_expiring(target, cluster, now, rules, &mut news);
                }
                Some(seen) => seen.look_again(
                    Arc::clone(&state.jobs),
                    (target, cluster),
                    now,
                    rules,
                    &mut news,
                ),
                None => {
                    let mut seen = Seen::baseline(Arc::clone(&state.jobs), rules);
                    seen.warn_expiring(target, cluster, now, rules, &mut news);
                    self.targets.insert(target.clone(), seen);
                }
            }
        }
        // Forget what is gone, so that weeks of jobs do not pile up here.
        let watched: HashSet<&Target> = data.targets.iter().map(|t| &t.target).collect();
        self.targets.retain(|target, _| watched.contains(target));
        self.announce_while_closed(&data.history.while_closed, rules, &mut news);
        // What the history says was announced already (before a restart,
        // or by another dashboard on the same file) is not announced again.
        let sent = &data.history.notified;
        news.retain(|note| note.key.as_ref().is_none_or(|key| !sent.contains(key)));
        news
    }

    /// Announces the jobs that finished or failed while no dashboard was
    /// watching (the history's changes found at start), each once; more
    /// than [`WHILE_CLOSED_ONE_BY_ONE`] in one summary.
    fn announce_while_closed(
        &mut self,
        while_closed: &Arc<Vec<Transition>>,
        rules: &NotifyRules,
        news: &mut Vec<Notification>,
    ) {
        if Arc::ptr_eq(&self.while_closed, while_closed) {
            return;
        }
        let old = self.while_closed.len();
        let fresh = while_closed.get(old..).unwrap_or(while_closed);
        self.while_closed = Arc::clone(while_closed);
        let wanted: Vec<(&Transition, &str, NoticeEvent)> = fresh
            .iter()
            .filter_map(|change| {
                let (what, event) = announced(change.to, rules)?;
                Some((change, what, event))
            })
            .collect();
        if wanted.len() > WHILE_CLOSED_ONE_BY_ONE {
            news.push(Notification {
                text: format!(
                    "{} restore jobs finished or failed while atlas-restores was closed",
                    wanted.len()
                ),
                key: None,
            });
            return;
        }
        for (change, what, event) in wanted {
            news.push(Notification {
                text: format!(
                    "restore job {} of {} {what} (while closed)",
                    short(&change.job_id),
                    change.target.cluster_name
                ),
                key: Some(NoticeKey {
                    target: change.target.clone(),
                    job_id: change.job_id.clone(),
                    event,
                }),
            });
        }
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
        (target, cluster): (&Target, &str),
        now: DateTime<Utc>,
        rules: &NotifyRules,
        news: &mut Vec<Notification>,
    ) {
        let mut statuses = HashMap::with_capacity(jobs.len());
        for job in jobs.iter() {
            let status = job.status();
            if self.statuses.get(&job.id) != Some(&status) {
                if let Some((what, event)) = announced(status, rules) {
                    news.push(Notification {
                        text: format!("restore job {} of {cluster} {what}", short(&job.id)),
                        key: Some(NoticeKey {
                            target: target.clone(),
                            job_id: job.id.to_string(),
                            event,
                        }),
                    });
                }
                if let Some((id, at)) = expiring_one(job, &self.warned, rules) {
                    self.warn_if_close(id, at, (target, cluster), now, rules, news);
                }
            }
            statuses.insert(job.id.clone(), status);
        }
        self.warned.retain(|id| statuses.contains_key(id));
        self.statuses = statuses;
        self.expiring = expiring(&jobs, &self.warned, rules);
        self.jobs = jobs;
        self.warn_expiring(target, cluster, now, rules, news);
    }

    /// Warns of each download not yet warned of that expires within the
    /// rules' window from `now`.
    fn warn_expiring(
        &mut self,
        target: &Target,
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
            self.warn_if_close(id, at, (target, cluster), now, rules, news);
        }
    }

    fn warn_if_close(
        &mut self,
        id: Text,
        at: DateTime<Utc>,
        (target, cluster): (&Target, &str),
        now: DateTime<Utc>,
        rules: &NotifyRules,
        news: &mut Vec<Notification>,
    ) {
        if !is_close(at, now, rules) || !self.warned.insert(id.clone()) {
            return;
        }
        self.expiring.retain(|(other, _)| *other != id);
        let minutes = (at - now).num_minutes();
        news.push(Notification {
            text: format!(
                "download of {} ({cluster}) expires in {minutes} min",
                short(&id)
            ),
            key: Some(NoticeKey {
                target: target.clone(),
                job_id: id.to_string(),
                event: NoticeEvent::Expiring,
            }),
        });
    }
}

/// What a job that turned `status` is announced as, if the rules want it.
fn announced(status: JobStatus, rules: &NotifyRules) -> Option<(&'static str, NoticeEvent)> {
    match status {
        JobStatus::Finished if rules.wants(NotifyOn::Finished) => {
            Some(("finished", NoticeEvent::Finished))
        }
        JobStatus::Ready if rules.wants(NotifyOn::Finished) => {
            Some(("is ready to download", NoticeEvent::Ready))
        }
        JobStatus::Failed if rules.wants(NotifyOn::Failed) => Some(("failed", NoticeEvent::Failed)),
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
mod tests;
