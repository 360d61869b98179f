//! What can go wrong with the history file, in words an operator can act
//! on. None of it stops the dashboard: it keeps working from memory and
//! says so on the status bar.

use std::fmt;

use rusqlite::ErrorCode;

/// Why the history file could not be read or written.
#[derive(Debug)]
pub struct HistoryError {
    kind: HistoryErrorKind,
    detail: String,
}

/// The kinds an operator tells apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HistoryErrorKind {
    /// The file or its folder cannot be written.
    ReadOnly,
    /// The disk is full.
    Full,
    /// Another program held the file longer than the busy timeout.
    Locked,
    /// The file is not a SQLite database, or is damaged.
    Corrupt,
    /// A newer atlas-restores wrote it.
    Newer,
    /// Anything else (the folder is missing, I/O errors).
    Other,
}

impl HistoryError {
    pub fn kind(&self) -> HistoryErrorKind {
        self.kind
    }

    pub(super) fn newer(found: i64, known: i64) -> HistoryError {
        HistoryError {
            kind: HistoryErrorKind::Newer,
            detail: format!("schema version {found}, this program knows up to {known}"),
        }
    }

    /// `error` on `path`, by what the operator can do about it.
    pub(super) fn io(path: &std::path::Path, error: &std::io::Error) -> HistoryError {
        use std::io::ErrorKind as Io;
        let kind = match error.kind() {
            Io::PermissionDenied | Io::ReadOnlyFilesystem => HistoryErrorKind::ReadOnly,
            Io::StorageFull | Io::QuotaExceeded => HistoryErrorKind::Full,
            _ => HistoryErrorKind::Other,
        };
        HistoryError {
            kind,
            detail: format!("{}: {error}", path.display()),
        }
    }

    /// The file is not open (it failed to open before).
    pub fn closed() -> HistoryError {
        HistoryError::other("not open")
    }

    pub(super) fn other(detail: impl Into<String>) -> HistoryError {
        HistoryError {
            kind: HistoryErrorKind::Other,
            detail: detail.into(),
        }
    }
}

impl From<rusqlite::Error> for HistoryError {
    fn from(error: rusqlite::Error) -> HistoryError {
        let kind = match error.sqlite_error_code() {
            Some(ErrorCode::ReadOnly | ErrorCode::CannotOpen | ErrorCode::PermissionDenied) => {
                HistoryErrorKind::ReadOnly
            }
            Some(ErrorCode::DiskFull) => HistoryErrorKind::Full,
            Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => HistoryErrorKind::Locked,
            Some(ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase) => HistoryErrorKind::Corrupt,
            _ => HistoryErrorKind::Other,
        };
        HistoryError {
            kind,
            detail: error.to_string(),
        }
    }
}

impl HistoryErrorKind {
    /// What went wrong, in an operator's words.
    pub fn words(self) -> &'static str {
        match self {
            HistoryErrorKind::ReadOnly => "the file is read-only",
            HistoryErrorKind::Full => "the disk is full",
            HistoryErrorKind::Locked => "another program holds the file",
            HistoryErrorKind::Corrupt => "the file is damaged or not a database",
            HistoryErrorKind::Newer => "a newer atlas-restores wrote the file",
            HistoryErrorKind::Other => "the file cannot be used",
        }
    }
}

impl fmt::Display for HistoryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "history: {} ({})", self.kind.words(), self.detail)
    }
}

impl std::error::Error for HistoryError {}
