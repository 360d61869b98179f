//! The structured log behind `--log-file`: one JSON object per line, appended
//! to that file, and nothing anywhere without the flag. Never the terminal:
//! the dashboard owns it.

use std::fmt;
use std::fs::{File, OpenOptions};
use std::path::{Path, PathBuf};

use tracing::Level;
use tracing_subscriber::filter::Targets;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::{Layer, Registry};

/// Events of this crate only: the HTTP stack's own tracing stays out.
const CRATE_TARGET: &str = "atlas_restores";

/// The log file could not be opened.
#[derive(Debug)]
pub struct LogFileError {
    pub path: PathBuf,
    pub source: std::io::Error,
}

impl fmt::Display for LogFileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "cannot open the log file {}: {}",
            self.path.display(),
            self.source
        )
    }
}

impl std::error::Error for LogFileError {}

/// Installs the global JSON-lines subscriber writing to `path` (appending,
/// created if missing); installs nothing when `path` is `None`.
pub fn install(path: Option<&Path>) -> Result<(), LogFileError> {
    let Some(path) = path else {
        return Ok(());
    };
    let file = open(path)?;
    let layer = tracing_subscriber::fmt::layer()
        .json()
        .flatten_event(true)
        .with_current_span(false)
        .with_span_list(false)
        .with_writer(std::sync::Arc::new(file))
        .with_filter(Targets::new().with_target(CRATE_TARGET, Level::INFO));
    // Only fails if a subscriber is already set, which main never does.
    let _ = tracing::subscriber::set_global_default(Registry::default().with(layer));
    Ok(())
}

fn open(path: &Path) -> Result<File, LogFileError> {
    OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .map_err(|source| LogFileError {
            path: path.to_path_buf(),
            source,
        })
}
