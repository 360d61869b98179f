//! The operator keys: copy (`y`, `Y`), open (`o`), cancel (`x`, behind a
//! confirmation) and export (`e`). The app decides what to do and says so in
//! an [`Effect`]; the event loop does the I/O.

use chrono::{DateTime, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::flash::Flash;
use super::{App, Effect, Mode};
use crate::app::export::{ExportRequest, ExportedJob};
use crate::atlas::client::FLEX_CANNOT_CANCEL;
use crate::atlas::{ClusterKind, Target};
use crate::atlas::{JobStatus, RestoreJob};

/// A restore job the user asked to cancel, awaiting `y`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CancelRequest {
    pub target: Target,
    pub job_id: String,
}

impl App {
    /// `y`: the selected job's download URLs, one per line.
    pub(super) fn copy_urls(&mut self) -> Option<Effect> {
        let now = self.now;
        let job = self.selected_job_or_flash()?;
        if let Some(message) = dead_link(job, now, "copied") {
            self.set_flash(Flash::error(message));
            return None;
        }
        let urls = job.download_urls();
        if urls.is_empty() {
            let message = format!("no delivery URL to copy: the job is {}", job.status_at(now));
            self.set_flash(Flash::error(message));
            return None;
        }
        let what = match urls.len() {
            1 => "1 URL".to_string(),
            n => format!("{n} URLs"),
        };
        let text = urls.join("\n");
        Some(Effect::Copy { text, what })
    }

    /// `Y`: the selected job's id.
    pub(super) fn copy_id(&mut self) -> Option<Effect> {
        let job = self.selected_job_or_flash()?;
        let text = job.id.to_string();
        Some(Effect::Copy {
            text,
            what: "the job id".to_string(),
        })
    }

    /// `o`: the selected job's first download URL, in the browser.
    pub(super) fn open_url(&mut self) -> Option<Effect> {
        let now = self.now;
        let job = self.selected_job_or_flash()?;
        if let Some(message) = dead_link(job, now, "opened") {
            self.set_flash(Flash::error(message));
            return None;
        }
        let Some(url) = job.download_urls().first().map(|url| url.to_string()) else {
            let message = format!("no delivery URL to open: the job is {}", job.status_at(now));
            self.set_flash(Flash::error(message));
            return None;
        };
        Some(Effect::Open { url })
    }

    /// `x`: asks for confirmation when the job can be cancelled at all.
    pub(super) fn ask_cancel(&mut self) -> Option<Effect> {
        if !self.allow_cancel {
            let message = "read-only: start with --allow-cancel to cancel jobs";
            self.set_flash(Flash::error(message));
            return None;
        }
        let (state, job) = self.selected_job()?;
        if job.kind() == ClusterKind::Flex {
            let message = format!("restore job {}: {FLEX_CANNOT_CANCEL}", job.id);
            self.set_flash(Flash::error(message));
            return None;
        }
        let status = job.status_at(self.now);
        if !cancellable(status) {
            let message = format!("restore job {} is {status}: it cannot be cancelled", job.id);
            self.set_flash(Flash::error(message));
            return None;
        }
        self.mode = Mode::Confirm(CancelRequest {
            target: state.target.clone(),
            job_id: job.id.to_string(),
        });
        None
    }

    /// The key pressed while the confirmation of `request` is open: `y`
    /// cancels the job, any other key keeps it; either closes the popup.
    pub(super) fn answer_cancel(
        &mut self,
        request: CancelRequest,
        key: &KeyEvent,
    ) -> Option<Effect> {
        if key.code == KeyCode::Char('y')
            && key.modifiers.difference(KeyModifiers::SHIFT).is_empty()
        {
            // Its new status may leave the filter: it stays selected.
            self.pin(request.target.clone(), request.job_id.clone());
            return Some(Effect::Cancel(request));
        }
        self.set_flash(Flash::info(format!("kept restore job {}", request.job_id)));
        None
    }

    /// `e`: every row that passes the filters, in table order.
    pub(super) fn export_rows(&mut self) -> Option<Effect> {
        let jobs = self
            .rows()
            .map(|(state, job)| ExportedJob {
                group_id: state.target.group_id.clone(),
                cluster_name: state.target.cluster_name.clone(),
                job: job.clone(),
            })
            .collect();
        Some(Effect::Export(ExportRequest {
            filter_text: self.filter.query().to_string(),
            statuses: self.filter.statuses().statuses().collect(),
            jobs,
        }))
    }

    fn selected_job_or_flash(&mut self) -> Option<&RestoreJob> {
        if self.selected_job().is_none() {
            self.set_flash(Flash::error("no job selected"));
            return None;
        }
        self.selected_job().map(|(_, job)| job)
    }
}

/// Atlas cancels jobs still running, and downloads whose link is ready.
fn cancellable(status: JobStatus) -> bool {
    matches!(status, JobStatus::InProgress | JobStatus::Ready)
}

/// What to say instead of handing out `job`'s links when the clock (`now`)
/// has passed their expiry, though Atlas has not said so yet.
fn dead_link(job: &RestoreJob, now: DateTime<Utc>, done: &str) -> Option<String> {
    let expired_at = job.expires_at.filter(|at| *at <= now)?;
    let urls = job.download_urls();
    if urls.is_empty() {
        return None;
    }
    let links = if urls.len() == 1 { "link" } else { "links" };
    Some(format!(
        "the download {links} expired at {}: nothing {done}",
        expired_at.format("%H:%M:%S UTC")
    ))
}
