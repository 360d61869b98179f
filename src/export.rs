//! Exporting the visible jobs to a JSON file: what to write (built by the
//! app from its rows) and the writing itself (done by the event loop on a
//! blocking task, never by the app).

use std::path::{Path, PathBuf};

use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::{Value, json};

use crate::atlas::{JobStatus, RestoreJob};

/// The environment variable naming the directory exports go to.
pub const EXPORT_DIR_VAR: &str = "ATLAS_RESTORES_EXPORT_DIR";

/// The jobs on screen, in table order, with the filter that chose them.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportRequest {
    pub filter_text: String,
    pub status: Option<JobStatus>,
    pub jobs: Vec<ExportedJob>,
}

/// One job and the cluster it belongs to.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportedJob {
    pub group_id: String,
    pub cluster_name: String,
    pub job: RestoreJob,
}

/// `{"exportedAt", "filter": {"text", "status"}, "jobs": [{"groupId",
/// "clusterName", "job"}]}`, each job exactly as Atlas sent it.
pub fn document(request: &ExportRequest, now: DateTime<Utc>) -> Value {
    let jobs: Vec<Value> = request
        .jobs
        .iter()
        .map(|exported| {
            json!({
                "groupId": exported.group_id,
                "clusterName": exported.cluster_name,
                "job": exported.job.raw_value(),
            })
        })
        .collect();
    json!({
        "exportedAt": now.to_rfc3339_opts(SecondsFormat::Secs, true),
        "filter": {
            "text": request.filter_text,
            "status": request.status.map(JobStatus::word),
        },
        "jobs": jobs,
    })
}

/// `atlas-restores-YYYYMMDD-HHMMSS.json`.
pub fn file_name(now: DateTime<Utc>) -> String {
    format!("atlas-restores-{}.json", now.format("%Y%m%d-%H%M%S"))
}

/// `$ATLAS_RESTORES_EXPORT_DIR` when set, else the current directory.
pub fn export_dir(env: &dyn Fn(&str) -> Option<String>) -> std::io::Result<PathBuf> {
    match env(EXPORT_DIR_VAR).filter(|dir| !dir.is_empty()) {
        Some(dir) => Ok(PathBuf::from(dir)),
        None => std::env::current_dir(),
    }
}

/// Writes the export into `dir`; the full path of the new file. Never
/// overwrites a file: a second export in the same second fails instead.
pub fn write(request: &ExportRequest, dir: &Path, now: DateTime<Utc>) -> std::io::Result<PathBuf> {
    let path = std::path::absolute(dir.join(file_name(now)))?;
    let mut text = serde_json::to_string_pretty(&document(request, now))?;
    text.push('\n');
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)?;
    std::io::Write::write_all(&mut file, text.as_bytes())?;
    Ok(path)
}

/// What the status bar says after an export.
pub fn outcome_message(result: &std::io::Result<PathBuf>, count: usize) -> Result<String, String> {
    let jobs = if count == 1 { "job" } else { "jobs" };
    match result {
        Ok(path) => Ok(format!("exported {count} {jobs} to {}", path.display())),
        Err(error) => Err(format!("export failed: {error}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_file_is_named_after_the_utc_time() {
        let at = DateTime::from_timestamp(1_714_564_805, 0).unwrap_or_default();
        assert_eq!(file_name(at), "atlas-restores-20240501-120005.json");
    }
}
