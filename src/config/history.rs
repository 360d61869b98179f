//! Where the restore history is kept: `--no-history`, then `--history
//! PATH`, then the config file's `history` key (`false`, or a path,
//! relative to the file's folder), then the state folder
//! ([`super::history_file`]). The demo keeps none unless `--history` names
//! a file: its made-up clusters do not belong in the operator's record.

use std::path::{Path, PathBuf};

use super::GlobalArgs;
use super::file::{FileConfig, HistoryKey};

/// The history file to keep, or `None` for none.
pub fn history_path(
    args: &GlobalArgs,
    file: &FileConfig,
    env: &dyn Fn(&str) -> Option<String>,
    demo: bool,
) -> Option<PathBuf> {
    if args.no_history {
        return None;
    }
    if let Some(path) = &args.history {
        return Some(path.clone());
    }
    if demo {
        return None;
    }
    match &file.history {
        Some(HistoryKey::Off) => None,
        Some(HistoryKey::At(path)) => Some(beside(file.path.as_deref(), path)),
        Some(HistoryKey::Default) | None => super::history_file(env),
    }
}

/// `path` as the config file at `config` means it: relative to its folder.
fn beside(config: Option<&Path>, path: &Path) -> PathBuf {
    match config.and_then(Path::parent) {
        Some(folder) if path.is_relative() => folder.join(path),
        _ => path.to_path_buf(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    fn args(flags: &[&str]) -> GlobalArgs {
        let mut all = vec!["atlas-restores"];
        all.extend(flags);
        crate::cli::Cli::try_parse_from(all)
            .unwrap_or_else(|error| panic!("{error}"))
            .global
    }

    fn file(text: &str) -> FileConfig {
        super::super::file::parse(text, Path::new("/etc/ar/config.toml"))
            .unwrap_or_else(|error| panic!("{error}"))
    }

    fn env(name: &str) -> Option<String> {
        (name == "XDG_STATE_HOME").then(|| "/state".to_string())
    }

    #[test]
    fn flags_beat_the_file_which_beats_the_state_folder() {
        let default = Some(PathBuf::from("/state/atlas-restores/history.sqlite3"));
        let none = FileConfig::default();
        assert_eq!(history_path(&args(&[]), &none, &env, false), default);
        assert_eq!(
            history_path(&args(&["--no-history"]), &none, &env, false),
            None
        );
        let named = args(&["--history", "/tmp/h.sqlite3"]);
        assert_eq!(
            history_path(&named, &file("history = false"), &env, false),
            Some(PathBuf::from("/tmp/h.sqlite3"))
        );
        assert_eq!(
            history_path(&args(&[]), &file("history = false"), &env, false),
            None
        );
        assert_eq!(
            history_path(&args(&[]), &file("history = true"), &env, false),
            default
        );
        assert_eq!(
            history_path(&args(&[]), &file("history = \"h.sqlite3\""), &env, false),
            Some(PathBuf::from("/etc/ar/h.sqlite3")),
            "relative to the config file"
        );
    }

    #[test]
    fn the_demo_keeps_no_history_unless_one_is_named() {
        assert_eq!(
            history_path(&args(&[]), &FileConfig::default(), &env, true),
            None
        );
        let named = args(&["--history", "/tmp/h.sqlite3"]);
        assert_eq!(
            history_path(&named, &FileConfig::default(), &env, true),
            Some(PathBuf::from("/tmp/h.sqlite3"))
        );
    }
}
