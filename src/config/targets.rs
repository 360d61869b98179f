//! What to watch: `--cluster` specs (GROUP/NAME or a bare NAME in the
//! default project) and whole projects. Every id is checked before any
//! request: a group id is 24 lowercase hex digits, a cluster name what
//! Atlas allows (`^[a-zA-Z0-9][a-zA-Z0-9-]*$`, at most 64 characters).

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
        check_group_id("--project", project)?;
    }
    let mut result = Targets::default();
    let mut project_is_group_only = false;
    for spec in clusters {
        let target = match spec.split_once('/') {
            Some((group, name)) => {
                check_group_id(&format!("--cluster {spec:?}: group id"), group)?;
                check_cluster_name(&format!("--cluster {spec:?}: cluster name"), name)?;
                Target::new(group, name)
            }
            None => {
                check_cluster_name("--cluster", spec)?;
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

/// The longest cluster name Atlas accepts.
pub const MAX_CLUSTER_NAME: usize = 64;

/// Whether `id` is an Atlas group (project) id: 24 lowercase hex digits.
pub fn is_group_id(id: &str) -> bool {
    id.len() == 24 && id.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// Whether `name` is a cluster name Atlas allows: ASCII letters, digits and
/// hyphens, not starting with a hyphen, at most [`MAX_CLUSTER_NAME`].
pub fn is_cluster_name(name: &str) -> bool {
    name.len() <= MAX_CLUSTER_NAME
        && name
            .bytes()
            .next()
            .is_some_and(|b| b.is_ascii_alphanumeric())
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

/// `value` (from `what`: a flag, a variable, a file key) as a group id, or
/// an error naming it.
pub fn check_group_id(what: &str, value: &str) -> Result<(), ConfigError> {
    if is_group_id(value) {
        return Ok(());
    }
    Err(ConfigError(format!(
        "{what} {:?} is not a project id: Atlas project (group) ids are 24 lowercase hex digits, \
         like 5e2211c17a3e5a48f5497de3",
        crate::atlas::printable::printable(value)
    )))
}

/// `value` (from `what`) as a cluster name, or an error naming it.
pub fn check_cluster_name(what: &str, value: &str) -> Result<(), ConfigError> {
    if is_cluster_name(value) {
        return Ok(());
    }
    Err(ConfigError(format!(
        "{what} {:?} is not a cluster name: Atlas cluster names are ASCII letters, digits and \
         hyphens, start with a letter or digit, and are at most {MAX_CLUSTER_NAME} characters",
        crate::atlas::printable::printable(value)
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cluster_specs() {
        let t = targets(
            &["0000000000000000000000a1/a".into(), "b".into()],
            &["0000000000000000000000a2".into()],
            None,
        );
        assert_eq!(
            t,
            Ok(Targets {
                clusters: vec![
                    Target::new("0000000000000000000000a1", "a"),
                    Target::new("0000000000000000000000a2", "b")
                ],
                projects: vec![],
                exclude: vec![],
            })
        );
        let from_env = targets(&["b".into()], &[], Some("0000000000000000000000a3".into()));
        assert_eq!(
            from_env.map(|t| t.clusters),
            Ok(vec![Target::new("0000000000000000000000a3", "b")])
        );
        assert!(targets(&["b".into()], &[], None).is_err());
        assert!(
            targets(
                &["b".into()],
                &[
                    "0000000000000000000000a4".into(),
                    "0000000000000000000000a5".into()
                ],
                None
            )
            .is_err()
        );
        assert!(targets(&["0000000000000000000000a0/".into()], &[], None).is_err());
        let whole = targets(
            &["0000000000000000000000a1/a".into()],
            &["0000000000000000000000a4".into()],
            None,
        );
        assert_eq!(
            whole.map(|t| t.projects),
            Ok(vec!["0000000000000000000000a4".to_string()])
        );
    }

    #[test]
    fn ids_are_checked_and_the_bad_value_named() {
        assert!(is_group_id("5e2211c17a3e5a48f5497de3"));
        for bad in [
            "",
            "g1",
            "5E2211C17A3E5A48F5497DE3",
            "5e2211c17a3e5a48f5497de",
            "5e2211c17a3e5a48f5497de3a",
            "5e2211c17a3e5a48f5497dez",
            " 5e2211c17a3e5a48f5497de3",
        ] {
            assert!(!is_group_id(bad), "{bad:?}");
        }
        let longest = "a".repeat(MAX_CLUSTER_NAME);
        for good in [
            "orders",
            "Cluster0",
            "a",
            "prod-eu-1",
            "9lives",
            longest.as_str(),
        ] {
            assert!(is_cluster_name(good), "{good:?}");
        }
        let too_long = "a".repeat(MAX_CLUSTER_NAME + 1);
        for bad in ["", "-x", "a_b", "a b", "a.b", "ä", "a/b", too_long.as_str()] {
            assert!(!is_cluster_name(bad), "{bad:?}");
        }
        let error = targets(&["orders".into()], &["g1".into()], None);
        assert_eq!(
            error.err().map(|e| e.0),
            Some(
                "--project \"g1\" is not a project id: Atlas project (group) ids are 24 lowercase \
                 hex digits, like 5e2211c17a3e5a48f5497de3"
                    .to_string()
            )
        );
        let error = targets(&["5e2211c17a3e5a48f5497de3/No_Such".into()], &[], None);
        let message = error.err().map(|e| e.0).unwrap_or_default();
        assert!(
            message.contains("\"No_Such\" is not a cluster name"),
            "{message}"
        );
        let error = targets(
            &["bad name".into()],
            &[],
            Some("5e2211c17a3e5a48f5497de3".into()),
        );
        let message = error.err().map(|e| e.0).unwrap_or_default();
        assert!(message.starts_with("--cluster \"bad name\""), "{message}");
    }
}
