//! What to watch: `--cluster` specs (GROUP/NAME or a bare NAME in the
//! default project) and whole projects.

use super::{ConfigError, ENV_PROJECT_ID, Targets};
use crate::atlas::Target;

/// `--cluster GROUP/NAME` names its group; a bare `--cluster NAME` takes the
/// one `--project` (or `MONGODB_ATLAS_PROJECT_ID`), and that project then
/// only supplies the group. Every other `--project` is watched whole.
pub fn targets(
    clusters: &[String],
    projects: &[String],
    default_project: Option<String>,
) -> Result<Targets, ConfigError> {
    for project in projects {
        check_name("--project", project)?;
    }
    let mut result = Targets::default();
    let mut project_is_group_only = false;
    for spec in clusters {
        let target = match spec.split_once('/') {
            Some((group, name)) => {
                check_name("--cluster group id", group)?;
                check_name("--cluster name", name)?;
                Target::new(group, name)
            }
            None => {
                check_name("--cluster", spec)?;
                let group = match projects {
                    [one] => one.clone(),
                    [] => default_project.clone().ok_or_else(|| {
                        ConfigError(format!(
                            "--cluster {spec} has no project: write GROUP_ID/{spec}, or add --project GROUP_ID, \
                             or set {ENV_PROJECT_ID}"
                        ))
                    })?,
                    _ => {
                        return Err(ConfigError(format!(
                            "--cluster {spec} is ambiguous with several --project flags: write GROUP_ID/{spec}"
                        )));
                    }
                };
                project_is_group_only = true;
                Target::new(group, spec)
            }
        };
        if !result.clusters.contains(&target) {
            result.clusters.push(target);
        }
    }
    if !project_is_group_only {
        for project in projects {
            if !result.projects.contains(project) {
                result.projects.push(project.clone());
            }
        }
    }
    Ok(result)
}

fn check_name(what: &str, value: &str) -> Result<(), ConfigError> {
    let bad = value.is_empty() || value.contains('/') || value.chars().any(char::is_whitespace);
    if bad {
        return Err(ConfigError(format!("{what} {value:?} is not a valid name")));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cluster_specs() {
        let t = targets(&["g1/a".into(), "b".into()], &["g2".into()], None);
        assert_eq!(
            t,
            Ok(Targets {
                clusters: vec![Target::new("g1", "a"), Target::new("g2", "b")],
                projects: vec![],
            })
        );
        let from_env = targets(&["b".into()], &[], Some("g3".into()));
        assert_eq!(
            from_env.map(|t| t.clusters),
            Ok(vec![Target::new("g3", "b")])
        );
        assert!(targets(&["b".into()], &[], None).is_err());
        assert!(targets(&["b".into()], &["p".into(), "q".into()], None).is_err());
        assert!(targets(&["g/".into()], &[], None).is_err());
        let whole = targets(&["g1/a".into()], &["p".into()], None);
        assert_eq!(whole.map(|t| t.projects), Ok(vec!["p".to_string()]));
    }
}
