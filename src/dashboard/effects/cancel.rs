//! Cancelling a restore job: the request, and the words the status bar
//! shows for how Atlas answered.

use crate::atlas::Target;
use crate::atlas::{AtlasError, Client, ErrorKind};

/// Asks Atlas to cancel `job_id`; the message for the status bar, an error
/// when Atlas refused or could not be reached.
pub async fn cancel_job(client: &Client, target: &Target, job_id: &str) -> Result<String, String> {
    let result = client
        .cancel_restore_job(&target.group_id, &target.cluster_name, job_id)
        .await;
    tracing::info!(target: "atlas_restores::dashboard", cluster = %target, job_id, ok = result.is_ok(), "cancel requested");
    match result {
        Ok(()) => Ok(format!(
            "cancel requested for restore job {job_id} of {}",
            target.cluster_name
        )),
        Err(error) => Err(refusal(job_id, &error)),
    }
}

/// `cannot cancel JOB: 405 CODE: detail`, from Atlas's error envelope.
fn refusal(job_id: &str, error: &AtlasError) -> String {
    match &error.kind {
        ErrorKind::Http(failure) => {
            let mut text = format!("cannot cancel {job_id}: {}", failure.status);
            if let Some(code) = &failure.error_code {
                text.push_str(&format!(" {code}"));
            }
            if let Some(detail) = &failure.detail {
                text.push_str(&format!(": {detail}"));
            }
            text
        }
        _ => format!("cannot cancel {job_id}: {}", error.cause()),
    }
}
