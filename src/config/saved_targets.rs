//! Saves the cluster picker's choice as the `clusters` key of
//! atlas-restores' own config file (`--config`, or where
//! [`crate::config::own_config`] says), keeping every other line.

use std::path::Path;

use crate::atlas::Target;

/// Writes `targets` as `clusters = ["GROUP/NAME", ...]` into the file at
/// `path` (created with its folder if missing), replacing the old value.
pub fn save(path: &Path, targets: &[Target]) -> std::io::Result<()> {
    let old = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(error) => return Err(error),
    };
    if let Some(folder) = path.parent() {
        std::fs::create_dir_all(folder)?;
    }
    std::fs::write(path, with_clusters(&old, targets))
}

/// `text` with its top-level `clusters` key (one line or several) replaced
/// by `targets`, or the key added before the first table.
pub fn with_clusters(text: &str, targets: &[Target]) -> String {
    let quoted: Vec<String> = targets
        .iter()
        .map(|t| format!("{:?}", t.to_string()))
        .collect();
    let line = format!("clusters = [{}]", quoted.join(", "));
    let mut out: Vec<String> = Vec::new();
    let mut skipping_array = false;
    let mut written = false;
    let mut in_table = false;
    for raw in text.lines() {
        let trimmed = raw.trim_start();
        if skipping_array {
            skipping_array = !trimmed.contains(']');
            continue;
        }
        if trimmed.starts_with('[') && !written {
            out.push(line.clone());
            written = true;
        }
        in_table |= trimmed.starts_with('[');
        let is_clusters = !in_table
            && trimmed
                .split('=')
                .next()
                .is_some_and(|key| key.trim() == "clusters");
        if is_clusters {
            skipping_array = trimmed.contains('[') && !trimmed.contains(']');
            if !written {
                out.push(line.clone());
                written = true;
            }
            continue;
        }
        out.push(raw.to_string());
    }
    if !written {
        out.push(line);
    }
    let mut result = out.join("\n");
    result.push('\n');
    result
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

    #[test]
    fn the_clusters_key_is_replaced_and_the_rest_kept() {
        let text = "# my dashboard\ninterval = \"1m\"\nclusters = [\n  \"a/b\",\n  \"c/d\",\n]\ntheme = \"light\"\n\n[notifications]\nbell = true\n";
        let expected = "# my dashboard\ninterval = \"1m\"\nclusters = [\"5e22/orders\", \"6f33/billing\"]\ntheme = \"light\"\n\n[notifications]\nbell = true\n";
        assert_eq!(with_clusters(text, &targets()), expected);
    }

    #[test]
    fn the_key_is_added_before_the_first_table_or_at_the_end() {
        assert_eq!(
            with_clusters("", &targets()),
            "clusters = [\"5e22/orders\", \"6f33/billing\"]\n"
        );
        let with_table = with_clusters(
            "interval = \"30s\"\n[notifications]\nbell = true\n",
            &targets()[..1],
        );
        assert_eq!(
            with_table,
            "interval = \"30s\"\nclusters = [\"5e22/orders\"]\n[notifications]\nbell = true\n"
        );
    }

    #[test]
    fn saving_creates_the_file_and_its_folder() {
        let dir = std::env::temp_dir().join(format!("atlas-restores-save-{}", std::process::id()));
        let path = dir.join("atlas-restores").join("config.toml");
        assert!(save(&path, &targets()).is_ok());
        let written = std::fs::read_to_string(&path).unwrap_or_default();
        assert_eq!(written, "clusters = [\"5e22/orders\", \"6f33/billing\"]\n");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
