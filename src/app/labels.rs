//! How a target is named on screen: `project/cluster`, or just the cluster
//! when every target lives in one project.

use crate::atlas::Target;
use crate::poller::store::{StoreData, TargetState};

/// The project's human name, else the last 6 characters of its group id.
pub fn project_label(state: &TargetState) -> String {
    match state.project_name.as_deref() {
        Some(name) if !name.is_empty() => name.to_string(),
        _ => last_chars(&state.target.group_id, 6).to_string(),
    }
}

/// The label of every target of `data`, in target order.
pub fn cluster_labels(data: &StoreData) -> Vec<String> {
    let single_project = data.project_count() <= 1;
    data.targets
        .iter()
        .map(|state| cluster_label(state, single_project))
        .collect()
}

fn cluster_label(state: &TargetState, single_project: bool) -> String {
    if single_project {
        state.target.cluster_name.clone()
    } else {
        format!("{}/{}", project_label(state), state.target.cluster_name)
    }
}

/// The label of `target` among `data`'s targets, labelled by `labels` at
/// the same positions; empty when it is not watched.
pub fn label_of<'a>(data: &StoreData, labels: &'a [String], target: &Target) -> &'a str {
    let at = data.targets.iter().position(|t| &t.target == target);
    at.and_then(|at| labels.get(at)).map_or("", String::as_str)
}

/// The last `count` characters of `text` (all of it when shorter), cut on a
/// character boundary.
pub fn last_chars(text: &str, count: usize) -> &str {
    let skip = text.chars().count().saturating_sub(count);
    match text.char_indices().nth(skip) {
        Some((at, _)) => &text[at..],
        None => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn last_chars_respects_character_boundaries() {
        assert_eq!(last_chars("abcdef", 3), "def");
        assert_eq!(last_chars("ab", 8), "ab");
        assert_eq!(last_chars("", 8), "");
        assert_eq!(last_chars("ééééé", 2), "éé");
    }
}
