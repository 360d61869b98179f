//! Builders shared by the black-box tests: a fixed clock, ObjectIds with a
//! chosen creation time, and store pictures assembled target by target.
#![allow(dead_code)]

pub mod cli;
pub mod hostile;
pub mod screen;
pub mod servers;
pub mod terminal;

use std::sync::Arc;
use std::time::Duration;

use atlas_restores::atlas::RestoreJob;
use atlas_restores::atlas::Target;
use atlas_restores::atlas::{AtlasError, ErrorKind, HttpFailure};
use atlas_restores::poller::store::{StoreData, TargetError, TargetState};
use chrono::{DateTime, TimeDelta, Utc};
use serde_json::Value;

/// The instant every test draws at: 2024-05-01 12:00:00 UTC.
pub fn now() -> DateTime<Utc> {
    DateTime::from_timestamp(1_714_564_800, 0).expect("a valid fixed instant")
}

/// `now` moved by `minutes` (negative for the past).
pub fn minutes_from_now(minutes: i64) -> DateTime<Utc> {
    now() + TimeDelta::minutes(minutes)
}

pub fn rfc3339(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// An ObjectId created `minutes_ago` before `now`, made unique by `serial`.
pub fn object_id(minutes_ago: i64, serial: u32) -> String {
    let created = minutes_from_now(-minutes_ago).timestamp();
    format!("{created:08x}{serial:016x}")
}

pub fn job(value: Value) -> RestoreJob {
    RestoreJob::from_value(value).expect("a job object")
}

/// A download job created `minutes_ago`, ready, expiring in `expires_in` minutes.
pub fn download_job(minutes_ago: i64, serial: u32, expires_in: i64) -> RestoreJob {
    job(serde_json::json!({
        "id": object_id(minutes_ago, serial),
        "deliveryType": "download",
        "snapshotId": format!("{:024x}", serial),
        "deliveryUrl": [format!("https://restore.example.net/{serial}/restore.tar.gz")],
        "expiresAt": rfc3339(minutes_from_now(expires_in)),
    }))
}

/// An automated restore onto `target`, still running.
pub fn automated_job(minutes_ago: i64, serial: u32, target: &str) -> RestoreJob {
    job(serde_json::json!({
        "id": object_id(minutes_ago, serial),
        "deliveryType": "automated",
        "targetClusterName": target,
        "targetGroupId": "6600000000000000000000aa",
    }))
}

/// A job with one of the status flags set.
pub fn flagged_job(minutes_ago: i64, serial: u32, flag: &str) -> RestoreJob {
    let mut value = serde_json::json!({
        "id": object_id(minutes_ago, serial),
        "deliveryType": "download",
    });
    value[flag] = Value::Bool(true);
    job(value)
}

/// Assembles a [`StoreData`] one target at a time.
pub struct StoreBuilder {
    data: StoreData,
}

impl StoreBuilder {
    pub fn new() -> StoreBuilder {
        StoreBuilder {
            data: StoreData {
                version: 1,
                interval: Duration::from_secs(60),
                ..StoreData::default()
            },
        }
    }

    /// A target polled fine a minute ago (one interval: not stale).
    pub fn target(mut self, group: &str, cluster: &str, jobs: Vec<RestoreJob>) -> StoreBuilder {
        let mut state = TargetState::new(Target::new(group, cluster));
        state.jobs = Arc::new(jobs);
        state.fetched_at = Some(minutes_from_now(-1));
        self.data.targets.push(state);
        self
    }

    /// Marks the last added target as failing a minute ago with `message`,
    /// its data last fetched `stale_minutes` ago.
    pub fn failing(self, message: &str, stale_minutes: i64) -> StoreBuilder {
        let error = TargetError::new(message, minutes_from_now(-1));
        self.failing_with(error, stale_minutes)
    }

    /// Marks the last added target as failing a minute ago because Atlas
    /// answered `status` with `code` and `detail`, its data last fetched
    /// `stale_minutes` ago.
    pub fn failing_http(
        self,
        status: u16,
        code: &str,
        detail: &str,
        stale_minutes: i64,
    ) -> StoreBuilder {
        let Some(target) = self.data.targets.last().map(|state| state.target.clone()) else {
            return self;
        };
        let answer = AtlasError::new(
            "cluster",
            ErrorKind::Http(HttpFailure {
                status,
                error_code: Some(code.to_string()),
                detail: Some(detail.to_string()),
                retry_after: None,
                excerpt: None,
                credentials: None,
                digest_challenge: true,
            }),
        );
        let error = TargetError::from_atlas(&answer, &target, minutes_from_now(-1));
        self.failing_with(error, stale_minutes)
    }

    /// Marks the last added target as failing with `error`, its data last
    /// fetched `stale_minutes` ago (never, when negative).
    pub fn failing_with(mut self, error: TargetError, stale_minutes: i64) -> StoreBuilder {
        if let Some(state) = self.data.targets.last_mut() {
            state.fetched_at = (stale_minutes >= 0).then(|| minutes_from_now(-stale_minutes));
            state.last_error = Some(error);
        }
        self
    }

    /// The next poll of the last added target is due at `at`.
    pub fn next_poll(mut self, at: DateTime<Utc>) -> StoreBuilder {
        if let Some(state) = self.data.targets.last_mut() {
            state.next_poll = Some(at);
        }
        self
    }

    pub fn project_name(mut self, name: &str) -> StoreBuilder {
        if let Some(state) = self.data.targets.last_mut() {
            state.project_name = Some(name.to_string());
        }
        self
    }

    pub fn version(mut self, version: u64) -> StoreBuilder {
        self.data.version = version;
        self
    }

    pub fn snapshot(
        mut self,
        id: &str,
        info: atlas_restores::poller::store::SnapshotInfo,
    ) -> StoreBuilder {
        self.data.snapshots.insert(id.to_string(), info);
        self
    }

    pub fn build(self) -> Arc<StoreData> {
        Arc::new(self.data)
    }
}

/// The ids of the app's rows in table order.
pub fn row_ids(app: &atlas_restores::app::App) -> Vec<String> {
    app.rows().map(|(_, job)| job.id.to_string()).collect()
}

/// Waits for the store to satisfy `condition`, woken by its change channel
/// or every 20 ms (a healthy cluster's unchanged answer is stored quietly,
/// waking no one); panics with the targets after 20 s.
pub async fn wait_for_store(
    store: &atlas_restores::poller::store::Store,
    what: &str,
    condition: impl Fn(&StoreData) -> bool,
) -> Arc<StoreData> {
    let mut changes = store.subscribe();
    let wait = async {
        loop {
            let data = store.snapshot();
            if condition(&data) {
                return data;
            }
            let woken = tokio::time::timeout(Duration::from_millis(20), changes.changed()).await;
            if matches!(woken, Ok(Err(_))) {
                panic!("store closed while waiting for {what}");
            }
        }
    };
    match tokio::time::timeout(Duration::from_secs(20), wait).await {
        Ok(data) => data,
        Err(_) => panic!(
            "timed out waiting for {what}: {:#?}",
            store.snapshot().targets
        ),
    }
}

/// Five jobs on two clusters of one project, created 10..50 minutes ago,
/// newest first: two downloads with snapshots (serials 1 and 2), then three
/// jobs without.
pub fn five_jobs() -> Arc<StoreData> {
    StoreBuilder::new()
        .target(
            "g1",
            "alpha",
            vec![download_job(10, 1, 90), automated_job(30, 3, "zeta")],
        )
        .target(
            "g1",
            "beta",
            vec![
                download_job(20, 2, 5),
                flagged_job(40, 4, "failed"),
                flagged_job(50, 5, "cancelled"),
            ],
        )
        .build()
}
