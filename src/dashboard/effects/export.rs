//! Writing an export: the app's [`ExportRequest`] as a JSON file, done on a
//! blocking task, never by the app.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

pub use crate::app::export::{ExportRequest, ExportedJob, document};

/// The environment variable naming the directory exports go to.
pub const EXPORT_DIR_VAR: &str = "ATLAS_RESTORES_EXPORT_DIR";

/// How many names [`write`] tries in one second before it gives up.
const NAMES_PER_SECOND: u32 = 1000;

/// `atlas-restores-YYYYMMDD-HHMMSS.json`.
pub fn file_name(now: DateTime<Utc>) -> String {
    numbered_file_name(now, 1)
}

/// [`file_name`] for the first export of a second, then `-2`, `-3`, … for
/// further ones in the same second.
fn numbered_file_name(now: DateTime<Utc>, number: u32) -> String {
    let stamp = now.format("%Y%m%d-%H%M%S");
    match number {
        0 | 1 => format!("atlas-restores-{stamp}.json"),
        _ => format!("atlas-restores-{stamp}-{number}.json"),
    }
}

/// `$ATLAS_RESTORES_EXPORT_DIR` when set, else the current directory.
pub fn export_dir(env: &dyn Fn(&str) -> Option<String>) -> std::io::Result<PathBuf> {
    match crate::config::env_set(env, EXPORT_DIR_VAR) {
        Some(dir) => Ok(PathBuf::from(dir)),
        None => std::env::current_dir(),
    }
}

/// Writes the export into `dir`; the full path of the new file. Never
/// overwrites a file: a further export in the same second gets the next
/// free name (`-2`, `-3`, …). The file is readable by its owner only (on
/// Unix), because it holds the jobs' delivery URLs.
pub fn write(request: &ExportRequest, dir: &Path, now: DateTime<Utc>) -> std::io::Result<PathBuf> {
    let mut text = serde_json::to_string_pretty(&document(request, now))?;
    text.push('\n');
    for number in 1..=NAMES_PER_SECOND {
        let path = std::path::absolute(dir.join(numbered_file_name(now, number)))?;
        let mut file = match create_private(&path) {
            Ok(file) => file,
            Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(error) => return Err(error),
        };
        std::io::Write::write_all(&mut file, text.as_bytes())?;
        return Ok(path);
    }
    Err(std::io::Error::new(
        std::io::ErrorKind::AlreadyExists,
        format!("{NAMES_PER_SECOND} exports already this second"),
    ))
}

/// Creates `path`, which must not exist yet, with mode 0600 on Unix.
fn create_private(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)
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
        assert_eq!(
            numbered_file_name(at, 2),
            "atlas-restores-20240501-120005-2.json"
        );
    }
}
