//! What makes a job call for attention at `now`: it failed, or its download
//! link dies within the expiry warning. The theme gives each alert its
//! emphasis, across the whole table row.

use chrono::{DateTime, TimeDelta, Utc};

use crate::atlas::{JobStatus, RestoreJob};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Alert {
    /// The job failed.
    Failed,
    /// A ready download whose link expires within the warning.
    LinkExpiring,
}

impl Alert {
    /// The alert `job` raises at `now`, links counting as expiring when
    /// they have `warning` or less left.
    pub fn of(job: &RestoreJob, now: DateTime<Utc>, warning: TimeDelta) -> Option<Alert> {
        match job.status_at(now) {
            JobStatus::Failed => Some(Alert::Failed),
            JobStatus::Ready if job.expires_at.is_some_and(|at| at - now <= warning) => {
                Some(Alert::LinkExpiring)
            }
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-05-01T12:00:00Z")
            .map(|at| at.to_utc())
            .unwrap_or_default()
    }

    /// A ready download whose link expires `minutes` after `now()`.
    fn ready(minutes: i64) -> RestoreJob {
        let expires = now() + TimeDelta::minutes(minutes);
        let value = serde_json::json!({
            "id": "6632a0000000000000000001",
            "deliveryType": "download",
            "deliveryUrl": ["https://restore.example.net/1/restore.tar.gz"],
            "expiresAt": expires.to_rfc3339(),
        });
        RestoreJob::from_value(value).unwrap_or_else(|e| panic!("{e:?}"))
    }

    #[test]
    fn a_link_is_expiring_within_the_warning_and_not_after_it() {
        let warning = TimeDelta::minutes(10);
        assert_eq!(
            Alert::of(&ready(5), now(), warning),
            Some(Alert::LinkExpiring)
        );
        assert_eq!(
            Alert::of(&ready(10), now(), warning),
            Some(Alert::LinkExpiring)
        );
        assert_eq!(Alert::of(&ready(11), now(), warning), None);
        let longer = TimeDelta::minutes(30);
        assert_eq!(
            Alert::of(&ready(11), now(), longer),
            Some(Alert::LinkExpiring)
        );
    }

    #[test]
    fn a_dead_link_is_no_longer_an_alert() {
        let warning = TimeDelta::minutes(10);
        assert_eq!(Alert::of(&ready(0), now(), warning), None, "expired at now");
        assert_eq!(Alert::of(&ready(-3), now(), warning), None);
    }

    #[test]
    fn a_failed_job_is_an_alert_and_a_finished_one_is_not() {
        let job = |extra: serde_json::Value| {
            let mut value = serde_json::json!({
                "id": "6632a0000000000000000002",
                "deliveryType": "automated",
                "finishedAt": "2026-05-01T11:00:00Z",
            });
            if let (Some(value), Some(extra)) = (value.as_object_mut(), extra.as_object()) {
                value.extend(extra.clone());
            }
            RestoreJob::from_value(value).unwrap_or_else(|e| panic!("{e:?}"))
        };
        let warning = TimeDelta::minutes(10);
        let failed = job(serde_json::json!({ "failed": true }));
        assert_eq!(Alert::of(&failed, now(), warning), Some(Alert::Failed));
        let finished = job(serde_json::json!({}));
        assert_eq!(Alert::of(&finished, now(), warning), None);
    }
}
