//! Scenario files: the projects, clusters, restore jobs and faults a
//! simulator serves, parsed and validated up front.
//!
//! Format (JSON; every key not marked required is optional):
//! ```text
//! {
//!   "credentials": {"publicKey": "...", "privateKey": "...",    // default: demo keys
//!                   "clientId": "...", "clientSecret": "..."},  // service account (optional)
//!   "strictNonceCount": false,   // true: a digest `nc` must exceed the last of its
//!                                // nonce, as Apache's `AuthDigestNcCheck On` wants
//!   "projects": [{
//!     "id": "24-hex" (required), "name": "prod" (required), "orgId": "24-hex",
//!     "created": "-400d",
//!     "clusters": [{
//!       "name": "orders" (required), "clusterType": "REPLICASET" | "SHARDED",
//!       "stateName": "IDLE", "backupEnabled": true, "paused": false,
//!       "mongoDBVersion": "8.0.4", "id": "24-hex",
//!       "replicaSetNames": ["atlas-x-shard-0", ...],   // for snapshots
//!       "flex": false,               // true: a Flex cluster (…/flexClusters, 2024-11-13),
//!                                    // its jobs in the Flex shape ("status", "snapshotUrl"…)
//!       "generatedJobs": 0,          // N plain finished automated jobs (Flex: restores)
//!       "jobs": [{ "created": "-20m" (required unless "id" is given),
//!                  ...raw restore job fields, served as written...,
//!                  "sim": {"readyAfter": "90s", "failAfter": "2m",   // after the simulator starts
//!                          "cancel": "notAllowed"} }],
//!       "faults": [{"status": 503, "times": 3, "retryAfter": "42", "delayMs": 0,
//!                   "body": "json|malformed|truncated|html|empty|reset",
//!                   "errorCode": "...", "detail": "...", "onPage": 2,
//!                   "onlyWhen": {"includeCount": true},
//!                   "nextBase": "http://127.0.0.2:8080"}],  // 200, next link moved there
//!       "snapshots": [{ "id": "24-hex", ...raw snapshot fields... }],
//!       "missingSnapshots": ["24-hex"],
//!       ...any other key is served in the cluster listing as is...
//!     }]
//!   }]
//! }
//! ```
//! Times (`created`, `timestamp`, `expiresAt`, `finishedAt`, `createdAt`,
//! `desiredTimestamp.date`, `oplogTs`, `pointInTimeUTCSeconds`; a Flex job's
//! `expirationDate`, `restoreFinishedDate`, `restoreScheduledDate`,
//! `snapshotFinishedDate`) may be
//! relative to the simulator start: `"+3h"`, `"-20m"`, `"-2d 3h"`, `"now"`.

mod spec;
mod validate;

use std::fmt;
use std::path::Path;

use spec::ScenarioFile;

pub(crate) use spec::{ClusterSpec, Credentials, FaultBody, FaultSpec, JobSim, ProjectSpec};
pub(crate) use validate::{is_object_id, job_created, job_sim};

/// A parsed, validated scenario.
#[derive(Debug, Clone)]
pub struct Scenario {
    pub(crate) credentials: Credentials,
    pub(crate) strict_nonce_count: bool,
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
            include_str!("../../../assets/scenarios/demo.json"),
            "demo.json",
        ) {
            Ok(s) => s,
            // Covered by a test; an empty world beats a panic at run time.
            Err(_) => Scenario {
                credentials: Credentials::default(),
                strict_nonce_count: false,
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

    /// The `(group id, cluster name)` of every cluster of one kind.
    pub fn targets_of(&self, kind: crate::atlas::ClusterKind) -> Vec<(String, String)> {
        let flex = kind == crate::atlas::ClusterKind::Flex;
        self.projects
            .iter()
            .flat_map(|p| {
                let of_kind = p.clusters.iter().filter(move |c| c.flex == flex);
                of_kind.map(|c| (p.id.clone(), c.name.clone()))
            })
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
            strict_nonce_count: parsed.strict_nonce_count,
            projects: parsed.projects,
        };
        scenario.validate().map_err(|(loc, msg)| err(loc, msg))?;
        Ok(scenario)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_parses() {
        let text = include_str!("../../../assets/scenarios/demo.json");
        let s = Scenario::parse(text, "demo.json").expect("demo scenario");
        assert_eq!(s.project_ids().len(), 3);
        assert_eq!(s.targets().len(), 8);
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
