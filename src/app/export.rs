//! What an export holds: the visible jobs in table order, with the filter
//! that chose them, and the JSON document written for them.

use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::{Value, json};

use crate::atlas::{JobStatus, RestoreJob};

/// The jobs on screen, in table order, with the filter that chose them.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportRequest {
    /// The query the rows follow, as the summary line shows it.
    pub filter_text: String,
    /// The status filter's statuses; none for every status.
    pub statuses: Vec<JobStatus>,
    pub jobs: Vec<ExportedJob>,
}

/// One job and the cluster it belongs to.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportedJob {
    pub group_id: String,
    pub cluster_name: String,
    pub job: RestoreJob,
}

/// `{"exportedAt", "filter": {"text", "status": [words]}, "jobs": [{"groupId",
/// "clusterName", "kind", "job"}]}` (`kind`: `dedicated` or `flex`), each job with every field the dashboard models,
/// in Atlas's names (the dashboard keeps no job's text as sent; `list
/// --output json` gives that).
pub fn document(request: &ExportRequest, now: DateTime<Utc>) -> Value {
    let jobs: Vec<Value> = request
        .jobs
        .iter()
        .map(|exported| {
            json!({
                "groupId": exported.group_id,
                "clusterName": exported.cluster_name,
                "kind": exported.job.kind().word(),
                "job": serde_json::to_value(&exported.job).unwrap_or(Value::Null),
            })
        })
        .collect();
    json!({
        "exportedAt": now.to_rfc3339_opts(SecondsFormat::Secs, true),
        "filter": {
            "text": request.filter_text,
            "status": request.statuses.iter().map(|s| s.word()).collect::<Vec<_>>(),
        },
        "jobs": jobs,
    })
}
