//! Saves the cluster picker's choice as the `clusters` and `exclude` keys
//! of atlas-restores' own config file (`--config`, or where
//! [`crate::config::own_config`] says). `exclude` names the clusters of
//! watched projects (`--project`, `projects`) left unchosen, so that they
//! stay hidden when the project is listed again on the next start. The file
//! is edited with `toml_edit`, so every other byte (comments, order,
//! spacing) stays as it was, and it is replaced atomically: a complete new
//! file is renamed over the old one.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use toml_edit::{Array, DocumentMut, Item, Value};

use crate::atlas::Target;

/// The picker's choice, as saved.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Choice {
    /// Every cluster chosen: the `clusters` key.
    pub clusters: Vec<Target>,
    /// The watched projects whose clusters the picker listed: their old
    /// exclusions are replaced by `excluded`; other projects' stay.
    pub projects: Vec<String>,
    /// The clusters of those projects left unchosen: the `exclude` key.
    pub excluded: Vec<Target>,
}

/// Writes `choice` as `clusters = ["GROUP/NAME", ...]` and `exclude = [...]`
/// into the file at `path` (created with its folder if missing), replacing
/// the old values.
/// A file that is not valid TOML is left alone and reported. An existing
/// file keeps its permissions; a new one gets the umask's, as any file the
/// user creates; a symbolic link is followed, and the file it names edited.
pub fn save(path: &Path, choice: &Choice) -> io::Result<()> {
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
    let text = with_choice(&old, choice)
        .map_err(|error| io::Error::new(io::ErrorKind::InvalidData, error))?;
    write_atomically(&path, &text, permissions)
}

/// `text` with its top-level `clusters` key (one line or several) replaced
/// by `targets`, or the key added after the last top-level key (before the
/// first table). Comments around the old value are kept. Text that is not
/// TOML is an error of one line (it goes in the status bar).
pub fn with_clusters(text: &str, targets: &[Target]) -> Result<String, String> {
    let mut document = parse(text)?;
    set_list(
        &mut document,
        "clusters",
        targets.iter().map(ToString::to_string),
    );
    Ok(document.to_string())
}

/// `text` with `clusters` as [`with_clusters`] makes it, and `exclude`
/// holding the old exclusions of projects the choice does not cover plus
/// its own (sorted); an `exclude` left empty is removed.
pub fn with_choice(text: &str, choice: &Choice) -> Result<String, String> {
    let mut document = parse(text)?;
    set_list(
        &mut document,
        "clusters",
        choice.clusters.iter().map(ToString::to_string),
    );
    let covered = |spec: &str| {
        let group = spec.split_once('/').map_or(spec, |(group, _)| group);
        choice.projects.iter().any(|project| project == group)
    };
    let mut excluded: Vec<String> = document
        .get("exclude")
        .and_then(Item::as_array)
        .map(|old| {
            old.iter()
                .filter_map(|value| value.as_str())
                .filter(|spec| !covered(spec))
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default();
    excluded.extend(choice.excluded.iter().map(ToString::to_string));
    excluded.sort();
    excluded.dedup();
    if excluded.is_empty() {
        document.remove("exclude");
    } else {
        set_list(&mut document, "exclude", excluded.into_iter());
    }
    Ok(document.to_string())
}

fn parse(text: &str) -> Result<DocumentMut, String> {
    text.parse().map_err(|error: toml_edit::TomlError| {
        let at = error.span().map_or(0, |span| span.start);
        let line = 1 + text.get(..at).unwrap_or(text).matches('\n').count();
        let message = error.message().trim_end().replace('\n', " ");
        format!("not valid TOML (line {line}: {message}), left as it is")
    })
}

/// Sets the top-level `key` to the array `items`, keeping the comments
/// around an old value, or adds it after the last top-level key.
fn set_list(document: &mut DocumentMut, key: &str, items: impl Iterator<Item = String>) {
    let mut list: Value = items.collect::<Array>().into();
    match document.get_mut(key).and_then(Item::as_value_mut) {
        Some(old) => {
            *list.decor_mut() = old.decor().clone();
            *old = list;
        }
        None => {
            document.insert(key, Item::Value(list));
        }
    }
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

    fn choice(clusters: Vec<Target>) -> Choice {
        Choice {
            clusters,
            ..Choice::default()
        }
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
    fn exclusions_replace_those_of_the_projects_listed_and_keep_the_others() {
        let text = "projects = [\"g1\"]\nexclude = [\"g1/old\", \"g9/other\"] # hidden\ntheme = \"light\"\n";
        let choice = Choice {
            clusters: vec![Target::new("g1", "orders")],
            projects: vec!["g1".to_string()],
            excluded: vec![Target::new("g1", "search"), Target::new("g1", "billing")],
        };
        assert_eq!(
            with_choice(text, &choice).unwrap_or_else(|error| error),
            "projects = [\"g1\"]\nexclude = [\"g1/billing\", \"g1/search\", \"g9/other\"] # hidden\ntheme = \"light\"\nclusters = [\"g1/orders\"]\n"
        );
        let nothing_hidden = Choice {
            excluded: Vec::new(),
            projects: vec!["g1".to_string(), "g9".to_string()],
            ..choice
        };
        assert_eq!(
            with_choice(text, &nothing_hidden).unwrap_or_else(|error| error),
            "projects = [\"g1\"]\ntheme = \"light\"\nclusters = [\"g1/orders\"]\n",
            "an empty exclude goes"
        );
    }

    #[test]
    fn saved_exclusions_read_back_as_the_config_files_exclude() {
        let Ok(dir) = tempfile::tempdir() else {
            panic!("no temporary directory");
        };
        let path = dir.path().join("config.toml");
        let group = "5e2211c17a3e5a48f5497de3";
        assert!(std::fs::write(&path, format!("projects = [\"{group}\"]\n")).is_ok());
        let choice = Choice {
            clusters: vec![Target::new(group, "orders")],
            projects: vec![group.to_string()],
            excluded: vec![Target::new(group, "search"), Target::new(group, "billing")],
        };
        assert!(save(&path, &choice).is_ok());
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        let read = super::super::file::parse(&text, &path).map_err(|error| error.0);
        let read = read.unwrap_or_else(|error| panic!("{error}"));
        assert_eq!(read.projects, [group]);
        assert_eq!(read.clusters, choice.clusters);
        assert_eq!(
            read.exclude,
            [Target::new(group, "billing"), Target::new(group, "search")]
        );
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
        let error = save(&path, &choice(targets()))
            .err()
            .map(|error| error.to_string());
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
        assert!(save(&path, &choice(targets())).is_ok());
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

        assert!(save(&link, &choice(targets()[..1].to_vec())).is_ok());

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
