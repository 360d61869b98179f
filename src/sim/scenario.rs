//! Scenario files: the projects, clusters, restore jobs and faults a
//! simulator serves, parsed and validated up front.
//!
//! Format (JSON; every key not marked required is optional):
//! ```text
//! {
//!   "credentials": {"publicKey": "...", "privateKey": "...",    // default: demo keys
//!                   "clientId": "...", "clientSecret": "..."},  // service account (optional)
//!   "projects": [{
//!     "id": "24-hex" (required), "name": "prod" (required), "orgId": "24-hex",
//!     "created": "-400d",
//!     "clusters": [{
//!       "name": "orders" (required), "clusterType": "REPLICASET" | "SHARDED",
//!       "stateName": "IDLE", "backupEnabled": true, "paused": false,
//!       "mongoDBVersion": "8.0.4", "id": "24-hex",
//!       "replicaSetNames": ["atlas-x-shard-0", ...],   // for snapshots
//!       "generatedJobs": 0,          // N plain finished automated jobs
//!       "jobs": [{ "created": "-20m" (required unless "id" is given),
//!                  ...raw restore job fields, served as written...,
//!                  "sim": {"readyAfter": "90s", "failAfter": "2m",   // after the simulator starts
//!                          "cancel": "notAllowed"} }],
//!       "faults": [{"status": 503, "times": 3, "retryAfter": "42", "delayMs": 0,
//!                   "body": "json|malformed|truncated|html|empty|reset",
//!                   "errorCode": "...", "detail": "...", "onPage": 2,
//!                   "onlyWhen": {"includeCount": true}}],
//!       "snapshots": [{ "id": "24-hex", ...raw snapshot fields... }],
//!       "missingSnapshots": ["24-hex"],
//!       ...any other key is served in the cluster listing as is...
//!     }]
//!   }]
//! }
//! ```
//! Times (`created`, `timestamp`, `expiresAt`, `finishedAt`, `createdAt`,
//! `desiredTimestamp.date`, `oplogTs`, `pointInTimeUTCSeconds`) may be
//! relative to the simulator start: `"+3h"`, `"-20m"`, `"-2d 3h"`, `"now"`.

use std::fmt;
use std::path::Path;

use chrono::DateTime;
use serde::Deserialize;
use serde_json::{Map, Value};

use super::times::{TimeSpec, parse_duration, parse_time, resolve_fields};

/// A parsed, validated scenario.
#[derive(Debug, Clone)]
pub struct Scenario {
    pub(crate) credentials: Credentials,
    pub(crate) projects: Vec<ProjectSpec>,
}

/// Why a scenario could not be used: which file, where in it, and what.
#[derive(Debug, Clone)]
pub struct ScenarioError {
    pub file: String,
    pub location: String,
    pub message: String,
}

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "scenario {}", self.file)?;
        if !self.location.is_empty() {
            write!(f, ", {}", self.location)?;
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for ScenarioError {}

impl ScenarioError {
    /// An error about data given in code rather than in a file.
    pub fn inline(message: impl Into<String>) -> ScenarioError {
        ScenarioError {
            file: "<inline>".into(),
            location: String::new(),
            message: message.into(),
        }
    }
}

/// Reads a JSON array of faults in the scenario's fault format.
pub(crate) fn parse_faults(value: serde_json::Value) -> Result<Vec<FaultSpec>, ScenarioError> {
    serde_json::from_value(value).map_err(|error| ScenarioError::inline(format!("faults: {error}")))
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct Credentials {
    pub public_key: String,
    pub private_key: String,
    /// The service account's client id; none means no service account.
    #[serde(default)]
    pub client_id: Option<String>,
    #[serde(default)]
    pub client_secret: Option<String>,
}

impl Default for Credentials {
    fn default() -> Self {
        Credentials {
            public_key: "simpubkey".into(),
            private_key: "0b1e5a9c-7d43-4c1f-9e2a-5f6d8c3b2a10".into(),
            client_id: Some("mdb_sa_id_5f6d8c3b2a10simulator".into()),
            client_secret: Some("mdb_sa_sk_7d43e1c09b2f4a6e8d5c3b1a0f9e8d7c".into()),
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct ScenarioFile {
    #[serde(default)]
    credentials: Option<Credentials>,
    projects: Vec<ProjectSpec>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct ProjectSpec {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub org_id: Option<String>,
    #[serde(default)]
    pub created: Option<String>,
    #[serde(default)]
    pub clusters: Vec<ClusterSpec>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ClusterSpec {
    pub name: String,
    #[serde(default)]
    pub id: Option<String>,
    #[serde(default = "default_cluster_type")]
    pub cluster_type: String,
    #[serde(default = "default_state")]
    pub state_name: String,
    #[serde(default = "default_true")]
    pub backup_enabled: bool,
    #[serde(default)]
    pub paused: bool,
    #[serde(default = "default_version", rename = "mongoDBVersion")]
    pub mongodb_version: String,
    #[serde(default)]
    pub replica_set_names: Option<Vec<String>>,
    #[serde(default)]
    pub generated_jobs: u32,
    #[serde(default)]
    pub jobs: Vec<Map<String, Value>>,
    #[serde(default)]
    pub faults: Vec<FaultSpec>,
    #[serde(default)]
    pub snapshots: Vec<Map<String, Value>>,
    #[serde(default)]
    pub missing_snapshots: Vec<String>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

fn default_cluster_type() -> String {
    "REPLICASET".into()
}
fn default_state() -> String {
    "IDLE".into()
}
fn default_true() -> bool {
    true
}
fn default_version() -> String {
    "8.0.4".into()
}

/// A fault injected into one cluster's restore-job listing.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct FaultSpec {
    pub status: Option<u16>,
    /// How many matching requests fail; absent = all of them.
    pub times: Option<u64>,
    /// `Retry-After` header value, sent as written.
    pub retry_after: Option<String>,
    #[serde(default)]
    pub delay_ms: u64,
    pub body: Option<FaultBody>,
    pub error_code: Option<String>,
    pub detail: Option<String>,
    pub on_page: Option<u64>,
    pub only_when: Option<OnlyWhen>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum FaultBody {
    Json,
    Malformed,
    Truncated,
    Html,
    Empty,
    /// The connection drops in the middle of the body.
    Reset,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct OnlyWhen {
    pub include_count: Option<bool>,
}

/// The simulator-only `sim` key of a job.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct JobSim {
    pub ready_after: Option<String>,
    pub fail_after: Option<String>,
    /// `"notAllowed"`: DELETE answers 405.
    pub cancel: Option<String>,
}

impl Scenario {
    /// Parses and validates a scenario given as JSON text.
    pub fn from_json(text: &str) -> Result<Scenario, ScenarioError> {
        Self::parse(text, "<inline>")
    }

    /// Reads and parses a scenario file.
    pub fn load(path: &Path) -> Result<Scenario, ScenarioError> {
        let name = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| ScenarioError {
            file: name.clone(),
            location: String::new(),
            message: format!("cannot read: {e}"),
        })?;
        Self::parse(&text, &name)
    }

    /// The built-in demo scenario.
    pub fn demo() -> Scenario {
        match Self::parse(
            include_str!("../../assets/scenarios/demo.json"),
            "demo.json",
        ) {
            Ok(s) => s,
            // Covered by a test; an empty world beats a panic at run time.
            Err(_) => Scenario {
                credentials: Credentials::default(),
                projects: Vec::new(),
            },
        }
    }

    /// The ids of all projects, in scenario order.
    pub fn project_ids(&self) -> Vec<String> {
        self.projects.iter().map(|p| p.id.clone()).collect()
    }

    /// Every (groupId, clusterName) pair, in scenario order.
    pub fn targets(&self) -> Vec<(String, String)> {
        self.projects
            .iter()
            .flat_map(|p| p.clusters.iter().map(|c| (p.id.clone(), c.name.clone())))
            .collect()
    }

    fn parse(text: &str, file: &str) -> Result<Scenario, ScenarioError> {
        let err = |location: String, message: String| ScenarioError {
            file: file.to_string(),
            location,
            message,
        };
        let parsed: ScenarioFile = serde_json::from_str(text).map_err(|e| {
            err(
                format!("line {} column {}", e.line(), e.column()),
                e.to_string(),
            )
        })?;
        let scenario = Scenario {
            credentials: parsed.credentials.unwrap_or_default(),
            projects: parsed.projects,
        };
        scenario.validate().map_err(|(loc, msg)| err(loc, msg))?;
        Ok(scenario)
    }

    /// Checks everything that would otherwise fail when the world is built.
    fn validate(&self) -> Result<(), (String, String)> {
        let creds = &self.credentials;
        if creds.client_id.is_some() != creds.client_secret.is_some() {
            return Err((
                "credentials".into(),
                "clientId and clientSecret go together".into(),
            ));
        }
        let epoch = DateTime::UNIX_EPOCH;
        let mut ids = std::collections::HashSet::new();
        for (pi, p) in self.projects.iter().enumerate() {
            let ploc = format!("project {pi} ({:?})", p.name);
            if !is_object_id(&p.id) {
                return Err((ploc, format!("id {:?} is not 24 hex digits", p.id)));
            }
            if let Some(c) = &p.created {
                parse_time(c).map_err(|e| (ploc.clone(), format!("created: {e}")))?;
            }
            for c in &p.clusters {
                let cloc = format!("{ploc}, cluster {:?}", c.name);
                for (ji, job) in c.jobs.iter().enumerate() {
                    let jloc = match job.get("id").and_then(Value::as_str) {
                        Some(id) => format!("{cloc}, job {ji} ({id})"),
                        None => format!("{cloc}, job {ji}"),
                    };
                    let fail = |m: String| (jloc.clone(), m);
                    job_created(job).map_err(fail)?;
                    job_sim(job).map_err(fail)?;
                    if let Some(id) = job.get("id") {
                        let id = id.as_str().filter(|s| is_object_id(s));
                        let id = id.ok_or_else(|| fail("id is not 24 hex digits".into()))?;
                        if !ids.insert(id.to_string()) {
                            return Err(fail(format!("duplicate job id {id}")));
                        }
                    }
                    let mut copy = job.clone();
                    resolve_fields(&mut copy, epoch).map_err(fail)?;
                }
                for (si, s) in c.snapshots.iter().enumerate() {
                    let sloc = format!("{cloc}, snapshot {si}");
                    if !s
                        .get("id")
                        .and_then(Value::as_str)
                        .is_some_and(is_object_id)
                    {
                        return Err((sloc, "id is missing or not 24 hex digits".into()));
                    }
                    let mut copy = s.clone();
                    resolve_fields(&mut copy, epoch).map_err(|m| (sloc, m))?;
                }
                for (fi, f) in c.faults.iter().enumerate() {
                    if f.status.is_some_and(|s| !(100..=599).contains(&s)) {
                        return Err((format!("{cloc}, fault {fi}"), "bad status".into()));
                    }
                }
            }
        }
        Ok(())
    }
}

/// The job's `created` time: the `created` key, else the time in its id.
pub(crate) fn job_created(job: &Map<String, Value>) -> Result<TimeSpec, String> {
    match job.get("created") {
        Some(Value::String(s)) => parse_time(s).map_err(|e| format!("created: {e}")),
        Some(_) => Err("created must be a string like \"-20m\"".into()),
        None => {
            let id = job.get("id").and_then(Value::as_str).unwrap_or_default();
            let secs = id
                .get(..8)
                .and_then(|h| i64::from_str_radix(h, 16).ok())
                .ok_or_else(|| "needs \"created\" (or an \"id\" to take it from)".to_string())?;
            DateTime::from_timestamp(secs, 0)
                .map(TimeSpec::Absolute)
                .ok_or_else(|| "id holds no valid time".to_string())
        }
    }
}

/// The job's `sim` key, with its durations checked.
pub(crate) fn job_sim(job: &Map<String, Value>) -> Result<JobSim, String> {
    let Some(v) = job.get("sim") else {
        return Ok(JobSim::default());
    };
    let sim: JobSim = serde_json::from_value(v.clone()).map_err(|e| format!("sim: {e}"))?;
    for d in [&sim.ready_after, &sim.fail_after].into_iter().flatten() {
        parse_duration(d).map_err(|e| format!("sim: {e}"))?;
    }
    if let Some(c) = &sim.cancel
        && c != "notAllowed"
    {
        return Err(format!("sim.cancel: {c:?} is not \"notAllowed\""));
    }
    Ok(sim)
}

pub(crate) fn is_object_id(s: &str) -> bool {
    s.len() == 24 && s.bytes().all(|b| b.is_ascii_hexdigit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_parses() {
        let text = include_str!("../../assets/scenarios/demo.json");
        let s = Scenario::parse(text, "demo.json").expect("demo scenario");
        assert_eq!(s.project_ids().len(), 3);
        assert_eq!(s.targets().len(), 7);
    }

    #[test]
    fn errors_name_file_and_job() {
        let text = r#"{"projects":[{"id":"5b6212af90dc76637950a2c6","name":"prod",
            "clusters":[{"name":"orders","jobs":[{"created":"-1h"},{"created":"soon"}]}]}]}"#;
        let e = Scenario::from_json(text)
            .expect_err("must fail")
            .to_string();
        assert!(
            e.contains("<inline>") && e.contains("\"orders\"") && e.contains("job 1"),
            "{e}"
        );
        assert!(e.contains("soon"), "{e}");
        let e = Scenario::from_json("{\"projects\": [}").expect_err("syntax");
        assert!(e.to_string().contains("line 1"), "{e}");
    }
}
