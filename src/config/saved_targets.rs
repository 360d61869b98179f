//! Saves the cluster picker's choice as the `clusters` key of
//! atlas-restores' own config file (`--config`, or where
//! [`crate::config::own_config`] says). The file is edited with `toml_edit`,
//! so every other byte (comments, order, spacing) stays as it was, and it is
//! replaced atomically: a complete new file is renamed over the old one.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use toml_edit::{Array, DocumentMut, Item, Value};

use crate::atlas::Target;

/// Writes `targets` as `clusters = ["GROUP/NAME", ...]` into the file at
/// `path` (created with its folder if missing), replacing the old value.
/// A file that is not valid TOML is left alone and reported. An existing
/// file keeps its permissions; a new one gets the umask's, as any file the
/// user creates; a symbolic link is followed, and the file it names edited.
pub fn save(path: &Path, targets: &[Target]) -> io::Result<()> {
    let (path, old, permissions) = match std::fs::read_to_string(path) {
        Ok(text) => {
            let real = std::fs::canonicalize(path)?;
            let permissions = std::fs::metadata(&real)?.permissions();
            (real, text, Some(permissions))
        }
        Err(error) if error.kind() == io::ErrorKind::NotFound => {
            (path.to_path_buf(), String::new(), None)
        }
        Err(error) => return Err(error),
    };
    let text = with_clusters(&old, targets)
        .map_err(|error| io::Error::new(io::ErrorKind::InvalidData, error))?;
    write_atomically(&path, &text, permissions)
}

/// `text` with its top-level `clusters` key (one line or several) replaced
/// by `targets`, or the key added after the last top-level key (before the
/// first table). Comments around the old value are kept. Text that is not
/// TOML is an error of one line (it goes in the status bar).
pub fn with_clusters(text: &str, targets: &[Target]) -> Result<String, String> {
    let mut document: DocumentMut = text.parse().map_err(|error: toml_edit::TomlError| {
        let at = error.span().map_or(0, |span| span.start);
        let line = 1 + text.get(..at).unwrap_or(text).matches('\n').count();
        let message = error.message().trim_end().replace('\n', " ");
        format!("not valid TOML (line {line}: {message}), left as it is")
    })?;
    let mut clusters: Value = targets
        .iter()
        .map(ToString::to_string)
        .collect::<Array>()
        .into();
    match document.get_mut("clusters").and_then(Item::as_value_mut) {
        Some(old) => {
            *clusters.decor_mut() = old.decor().clone();
            *old = clusters;
        }
        None => {
            document.insert("clusters", Item::Value(clusters));
        }
    }
    Ok(document.to_string())
}

/// Writes `text` to a temporary file beside `path`, flushes it to disk and
/// renames it over `path`, so that a reader (or a crash) sees the old file
/// or the new one, never half of one.
fn write_atomically(
    path: &Path,
    text: &str,
    permissions: Option<std::fs::Permissions>,
) -> io::Result<()> {
    let folder = match path.parent() {
        Some(folder) if !folder.as_os_str().is_empty() => folder.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&folder)?;
    let mut builder = tempfile::Builder::new();
    builder.prefix(".atlas-restores-").suffix(".toml.tmp");
    #[cfg(unix)]
    if permissions.is_none() {
        // What `File::create` asks for; the umask narrows it.
        builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
    }
    let mut file = builder.tempfile_in(&folder)?;
    file.write_all(text.as_bytes())?;
    if let Some(permissions) = permissions {
        file.as_file().set_permissions(permissions)?;
    }
    file.as_file().sync_all()?;
    file.persist(path).map_err(|error| error.error)?;
    // Makes the rename itself durable. Some file systems cannot sync a
    // folder; the new file is complete and in place all the same.
    #[cfg(unix)]
    if let Ok(folder) = std::fs::File::open(&folder) {
        let _ = folder.sync_all();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn targets() -> Vec<Target> {
        vec![
            Target::new("5e22", "orders"),
            Target::new("6f33", "billing"),
        ]
    }

    fn edited(text: &str, targets: &[Target]) -> String {
        with_clusters(text, targets).unwrap_or_else(|error| format!("error: {error}"))
    }

    #[test]
    fn the_clusters_key_is_replaced_and_the_rest_kept() {
        let text = "# my dashboard\ninterval = \"1m\"\nclusters = [\n  \"a/b\",\n  \"c/d\",\n]\ntheme = \"light\"\n\n[notifications]\nbell = true\n";
        let expected = "# my dashboard\ninterval = \"1m\"\nclusters = [\"5e22/orders\", \"6f33/billing\"]\ntheme = \"light\"\n\n[notifications]\nbell = true\n";
        assert_eq!(edited(text, &targets()), expected);
    }

    #[test]
    fn the_key_is_added_before_the_first_table_or_at_the_end() {
        assert_eq!(
            edited("", &targets()),
            "clusters = [\"5e22/orders\", \"6f33/billing\"]\n"
        );
        let with_table = edited(
            "interval = \"30s\"\n[notifications]\nbell = true\n",
            &targets()[..1],
        );
        assert_eq!(
            with_table,
            "interval = \"30s\"\nclusters = [\"5e22/orders\"]\n[notifications]\nbell = true\n"
        );
    }

    #[test]
    fn brackets_and_hashes_in_strings_and_comments_are_kept_byte_for_byte() {
        // A `]` or `#` inside a string, a comment between the old array's
        // items, odd spacing: only the value of `clusters` may change.
        let before = "\
# atlas-restores ]] settings # [clusters]
title  =   \"ops ] # not a comment\"   # trailing ] comment
clusters = [ # picked by hand
  \"a/b\", # first ]
  \"c/d\",
]   # kept too
theme = 'x]y#z'
[notifications]
# clusters = [\"commented/out\"]
bell = true
";
        let after = "\
# atlas-restores ]] settings # [clusters]
title  =   \"ops ] # not a comment\"   # trailing ] comment
clusters = [\"5e22/orders\", \"6f33/billing\"]   # kept too
theme = 'x]y#z'
[notifications]
# clusters = [\"commented/out\"]
bell = true
";
        assert_eq!(edited(before, &targets()), after);
    }

    #[test]
    fn a_file_that_is_not_toml_is_not_touched() {
        let dir = tempfile::tempdir().ok();
        let Some(dir) = dir else {
            panic!("no temporary directory");
        };
        let path = dir.path().join("config.toml");
        let broken = "clusters = [\"a/b\"\ninterval = \n";
        assert!(std::fs::write(&path, broken).is_ok());
        let error = save(&path, &targets()).err().map(|error| error.to_string());
        assert_eq!(
            error.as_deref(),
            Some(
                "not valid TOML (line 2: missing comma between array elements, expected `,`), left as it is"
            )
        );
        assert_eq!(std::fs::read_to_string(&path).ok().as_deref(), Some(broken));
    }

    #[test]
    fn saving_creates_the_file_and_its_folder() {
        let Ok(dir) = tempfile::tempdir() else {
            panic!("no temporary directory");
        };
        let path = dir.path().join("atlas-restores").join("config.toml");
        assert!(save(&path, &targets()).is_ok());
        let written = std::fs::read_to_string(&path).unwrap_or_default();
        assert_eq!(written, "clusters = [\"5e22/orders\", \"6f33/billing\"]\n");
        let leftovers: Vec<_> = std::fs::read_dir(path.parent().unwrap_or(dir.path()))
            .map(|entries| {
                entries
                    .filter_map(Result::ok)
                    .map(|e| e.file_name())
                    .collect()
            })
            .unwrap_or_default();
        assert_eq!(leftovers, ["config.toml"], "no temporary file is left");
        #[cfg(unix)]
        {
            // A new file is as readable as one `File::create` makes.
            use std::os::unix::fs::PermissionsExt;
            let plain = dir.path().join("plain");
            assert!(std::fs::File::create(&plain).is_ok());
            let mode = |path: &Path| std::fs::metadata(path).map(|m| m.permissions().mode()).ok();
            assert_eq!(mode(&path), mode(&plain));
        }
    }

    #[cfg(unix)]
    #[test]
    fn an_existing_file_keeps_its_permissions_and_a_link_stays_a_link() {
        use std::os::unix::fs::PermissionsExt;
        let Ok(dir) = tempfile::tempdir() else {
            panic!("no temporary directory");
        };
        let real = dir.path().join("dotfiles").join("config.toml");
        let link = dir.path().join("config.toml");
        assert!(std::fs::create_dir_all(dir.path().join("dotfiles")).is_ok());
        assert!(std::fs::write(&real, "theme = \"light\"\n").is_ok());
        let private = std::fs::Permissions::from_mode(0o640);
        assert!(std::fs::set_permissions(&real, private).is_ok());
        assert!(std::os::unix::fs::symlink(&real, &link).is_ok());

        assert!(save(&link, &targets()[..1]).is_ok());

        let mode = std::fs::metadata(&real).map(|m| m.permissions().mode() & 0o777);
        assert_eq!(mode.ok(), Some(0o640));
        let is_link = std::fs::symlink_metadata(&link).map(|m| m.file_type().is_symlink());
        assert_eq!(is_link.ok(), Some(true));
        assert_eq!(
            std::fs::read_to_string(&link).ok().as_deref(),
            Some("theme = \"light\"\nclusters = [\"5e22/orders\"]\n")
        );
    }
}
