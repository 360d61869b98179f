//! What the detail pane shows besides the selected job: whether its API
//! links are folded (`L`), whether URLs are terminal hyperlinks, and the
//! Atlas host its "in Atlas" link points to.

use super::App;
use crate::atlas::Target;

/// The detail pane's own settings and toggles.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DetailOptions {
    /// `L`: the API links listed one by one instead of folded into a line.
    pub api_links_expanded: bool,
    /// Delivery URLs and the Atlas link are OSC 8 hyperlinks (off with
    /// `--no-hyperlinks` and in tests that read cells as text).
    pub hyperlinks: bool,
    /// The Atlas UI's origin (`https://cloud.mongodb.com`), from the
    /// configured base URL; no Atlas link without it.
    pub atlas_ui: Option<String>,
}

impl App {
    pub fn detail_options(&self) -> &DetailOptions {
        &self.detail_options
    }

    /// `L`: unfolds the API links, or folds them again.
    pub fn toggle_api_links(&mut self) {
        self.detail_options.api_links_expanded = !self.detail_options.api_links_expanded;
    }

    /// Whether URLs are drawn as OSC 8 terminal hyperlinks.
    pub fn set_hyperlinks(&mut self, on: bool) {
        self.detail_options.hyperlinks = on;
    }

    /// The Atlas UI's origin, for the cluster links.
    pub fn set_atlas_ui(&mut self, origin: Option<String>) {
        self.detail_options.atlas_ui = origin;
    }

    /// The page of `target`'s cluster in the Atlas UI, when the host is
    /// known: `{origin}/v2/{groupId}#/clusters/detail/{clusterName}`.
    pub fn atlas_cluster_link(&self, target: &Target) -> Option<String> {
        let origin = self.detail_options.atlas_ui.as_deref()?;
        if target.group_id.is_empty() || target.cluster_name.is_empty() {
            return None;
        }
        Some(format!(
            "{}/v2/{}#/clusters/detail/{}",
            origin.trim_end_matches('/'),
            target.group_id,
            target.cluster_name
        ))
    }
}
