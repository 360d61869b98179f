//! Carrying out what the app asks beyond refreshing: the clipboard, the
//! browser, cancelling a job and writing an export. This is the dashboard's
//! I/O; slow work runs on spawned tasks that report back as [`Outcome`]s.

pub mod browser;
pub mod cancel;
pub mod clipboard;
pub mod export;

use std::io::{self, Write};

use chrono::Utc;
use tokio::sync::mpsc;

use crate::app::{CancelRequest, Flash};
use crate::atlas::Client;
use crate::atlas::Target;
use crate::config::saved_targets::Choice;
use clipboard::ClipboardMode;
use export::ExportRequest;

/// What a finished piece of work says, and which target to refresh after it.
#[derive(Debug)]
pub struct Outcome {
    pub flash: Flash,
    pub refresh: Option<Target>,
}

/// Does the app's I/O; reports slow work on `outcomes`.
pub struct Effects {
    client: Client,
    clipboard: ClipboardMode,
    outcomes: mpsc::UnboundedSender<Outcome>,
}

impl Effects {
    pub fn new(
        client: Client,
        clipboard: ClipboardMode,
        outcomes: mpsc::UnboundedSender<Outcome>,
    ) -> Effects {
        Effects {
            client,
            clipboard,
            outcomes,
        }
    }

    /// Copies `text`: OSC 52 is written to the terminal at once (its flash
    /// is returned); a clipboard command runs on a task.
    pub fn copy(&self, text: String, what: String) -> Option<Flash> {
        let copied = format!("copied {what} ({} bytes)", text.len());
        match self.clipboard {
            ClipboardMode::Osc52 => Some(Flash::from_result(write_osc52(&text).map(|()| copied))),
            ClipboardMode::Command => {
                let outcomes = self.outcomes.clone();
                let task = tokio::spawn(async move {
                    let result = clipboard::copy_with_command(&text).await;
                    let result = result.map(|program| format!("{copied} with {program}"));
                    report(&outcomes, Flash::from_result(result), None);
                });
                supervise(&self.outcomes, "copy", task);
                None
            }
        }
    }

    /// Starts the browser on `url` on a blocking task (the launcher is
    /// watched briefly for a failure); a failure is reported as an outcome.
    pub fn open(&self, url: &str) -> Flash {
        let env = |name: &str| std::env::var(name).ok();
        if let Some(why) = browser::unavailable(&env) {
            return Flash::error(why);
        }
        if !browser::may_open(url) {
            return Flash::error("only https:// links are opened: copy it with y instead");
        }
        let outcomes = self.outcomes.clone();
        let url = url.to_string();
        let task = tokio::task::spawn_blocking(move || {
            if let Err(message) = browser::launch(&url) {
                report(&outcomes, Flash::error(message), None);
            }
        });
        supervise(&self.outcomes, "open", task);
        Flash::info("opening the URL in the browser")
    }

    /// Sends the DELETE on a task; the target is refreshed after it.
    pub fn cancel(&self, request: CancelRequest) -> Flash {
        let client = self.client.clone();
        let outcomes = self.outcomes.clone();
        let CancelRequest { target, job_id } = request;
        let message = format!("cancelling restore job {job_id}…");
        let task = tokio::spawn(async move {
            let result =
                crate::dashboard::effects::cancel::cancel_job(&client, &target, &job_id).await;
            report(&outcomes, Flash::from_result(result), Some(target));
        });
        supervise(&self.outcomes, "cancel", task);
        Flash::info(message)
    }

    /// Writes the export file on a blocking task.
    pub fn export(&self, request: ExportRequest) {
        let outcomes = self.outcomes.clone();
        let now = Utc::now();
        let task = tokio::task::spawn_blocking(move || {
            let env = |name: &str| std::env::var(name).ok();
            let written =
                export::export_dir(&env).and_then(|dir| export::write(&request, &dir, now));
            let message = export::outcome_message(&written, request.jobs.len());
            report(&outcomes, Flash::from_result(message), None);
        });
        supervise(&self.outcomes, "export", task);
    }
}

impl Effects {
    /// Writes the picker's choice into the config file on a blocking task.
    pub fn save_targets(&self, path: std::path::PathBuf, choice: Choice) {
        let outcomes = self.outcomes.clone();
        let task = tokio::task::spawn_blocking(move || {
            let message = crate::config::saved_targets::save(&path, &choice)
                .map(|()| {
                    let hidden = match choice.excluded.len() {
                        0 => String::new(),
                        count => format!(", {count} hidden"),
                    };
                    format!(
                        "watching {} clusters{hidden}; saved to {}",
                        choice.clusters.len(),
                        path.display()
                    )
                })
                .map_err(|error| format!("watch list not saved to {}: {error}", path.display()));
            report(&outcomes, Flash::from_result(message), None);
        });
        supervise(&self.outcomes, "save", task);
    }
}

/// Says on the status bar that an effect's task failed by a bug (a panic),
/// rather than leaving "cancelling…" there for ever.
fn supervise(
    outcomes: &mpsc::UnboundedSender<Outcome>,
    what: &'static str,
    task: tokio::task::JoinHandle<()>,
) {
    let outcomes = outcomes.clone();
    tokio::spawn(async move {
        if task.await.is_err_and(|error| error.is_panic()) {
            let message = format!("{what} failed: internal error (a bug; see the log)");
            report(&outcomes, Flash::error(message), None);
        }
    });
}

fn report(outcomes: &mpsc::UnboundedSender<Outcome>, flash: Flash, refresh: Option<Target>) {
    // The receiver lives as long as the event loop; after it, nobody reads.
    let _ = outcomes.send(Outcome { flash, refresh });
}

/// Writes the OSC 52 sequence for `text` to the terminal.
fn write_osc52(text: &str) -> Result<(), String> {
    let bytes = clipboard::osc52(text)?;
    let mut stdout = io::stdout().lock();
    stdout
        .write_all(&bytes)
        .and_then(|()| stdout.flush())
        .map_err(|error| format!("not copied: {error}"))
}
