//! Writing an export: the app's [`ExportRequest`] as a JSON file, done on a
//! blocking task, never by the app.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

pub use crate::app::export::{ExportRequest, ExportedJob, document};

/// The environment variable naming the directory exports go to.
pub const EXPORT_DIR_VAR: &str = "ATLAS_RESTORES_EXPORT_DIR";

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
