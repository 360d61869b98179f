//! The detail pane's links to follow: the delivery URLs (per shard and
//! over private endpoints too), each a hyperlink wrapped under its first
//! character, and the source cluster's page in the Atlas UI.

use ratatui::text::Span;

use super::sections::{field, heading};
use super::wrap::Row;
use crate::app::App;
use crate::atlas::model::PrivateDownloadUrl;
use crate::atlas::{JobStatus, RestoreJob, Target};
use crate::ui::theme::Theme;

/// A URL on a line of its own, `indent` columns in, linking to itself.
fn url_row(url: &str, indent: usize) -> Row<'_> {
    Row::text(indent, vec![Span::raw(url)]).linked(url)
}

pub fn delivery<'a>(rows: &mut Vec<Row<'a>>, theme: Theme, job: &'a RestoreJob) {
    let urls: Vec<&str> = job
        .delivery_urls
        .iter()
        .map(|url| url.as_str())
        .filter(|url| !url.is_empty())
        .collect();
    if !urls.is_empty() {
        rows.push(heading(theme, format!("delivery URLs ({})", urls.len())));
        rows.extend(urls.into_iter().map(|url| url_row(url, 2)));
    }
    if !job.components.is_empty() {
        rows.push(heading(theme, format!("shards ({})", job.components.len())));
    }
    let no_url = if job.status() == JobStatus::InProgress {
        "no download URL yet"
    } else {
        "no download URL (used or expired)"
    };
    for component in &job.components {
        let name = component
            .replica_set_name
            .as_deref()
            .unwrap_or("(no replica set name)");
        rows.push(Row::text(2, vec![Span::raw(name)]));
        match component.download_url.as_deref() {
            Some(url) => rows.push(url_row(url, 4)),
            None => rows.push(Row::text(4, vec![Span::styled(no_url, theme.muted())])),
        }
        private(rows, &component.private_download_urls, 4);
    }
    if !job.private_download_urls.is_empty() {
        rows.push(heading(theme, "private download URLs"));
        private(rows, &job.private_download_urls, 2);
    }
}

fn private<'a>(rows: &mut Vec<Row<'a>>, urls: &'a [PrivateDownloadUrl], indent: usize) {
    for url in urls {
        let endpoint = url.endpoint_id.as_deref().unwrap_or("—");
        rows.push(Row::text(
            indent,
            vec![Span::raw(format!("private, endpoint {endpoint}"))],
        ));
        rows.push(url_row(&url.delivery_url, indent + 2));
    }
}

/// The watched cluster's page in the Atlas UI, on the configured host.
pub fn atlas_page<'a>(rows: &mut Vec<Row<'a>>, app: &App, theme: Theme, target: &Target) {
    if let Some(link) = app.atlas_cluster_link(target) {
        rows.push(field(theme, "in Atlas", link.clone()).linked(link));
    }
}
