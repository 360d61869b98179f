//! The detail pane's last sections: the source snapshot (its id, API link,
//! when it was taken and what the store learnt of it), then the job's API
//! links, folded into one line until `L` lists them.

use chrono::{DateTime, Utc};
use ratatui::text::Span;

use super::sections::{dated, field, heading, or_dash};
use super::wrap::Row;
use crate::app::App;
use crate::atlas::RestoreJob;
use crate::atlas::model::Link;
use crate::atlas::snapshot::Snapshot;
use crate::poller::store::SnapshotInfo;
use crate::ui::format;
use crate::ui::theme::Theme;

/// Where sub-fields of a section start.
const SUB: usize = 2;

fn is_snapshot(link: &Link) -> bool {
    link.rel.rsplit('/').next() == Some("snapshot")
}

pub fn snapshot<'a>(
    rows: &mut Vec<Row<'a>>,
    app: &App,
    theme: Theme,
    job: &'a RestoreJob,
    now: DateTime<Utc>,
) {
    // A Flex snapshot is not fetched (see `App::fetch_selected_snapshot`).
    let Some(id) = job.snapshot_id.as_deref().filter(|id| !id.is_empty()) else {
        return;
    };
    if job.kind() == crate::atlas::ClusterKind::Flex {
        return;
    }
    rows.push(field(theme, "snapshot", id));
    if let Some(link) = job.links.iter().find(|link| is_snapshot(link)) {
        rows.push(field(theme, "link", &*link.href).indented(SUB));
    }
    let info = app.data().snapshots.get(id);
    let loaded = match info {
        Some(SnapshotInfo::Loaded(snapshot)) => Some(snapshot.as_ref()),
        _ => None,
    };
    let taken = job.timestamp.or(loaded.and_then(|s| s.created_at));
    rows.push(field(theme, "taken", dated(taken, now)).indented(SUB));
    let words = |text: &'static str| Row::text(SUB, vec![Span::styled(text, theme.muted())]);
    match info {
        None | Some(SnapshotInfo::Loading) => rows.push(words("loading…")),
        Some(SnapshotInfo::Missing) => rows.push(words("snapshot not found (deleted or expired)")),
        Some(SnapshotInfo::Failed(message)) => rows.push(Row::text(
            SUB,
            vec![Span::styled(
                format!("could not load: {message}"),
                theme.error(),
            )],
        )),
        Some(SnapshotInfo::Loaded(snapshot)) => loaded_rows(rows, theme, snapshot, now),
    }
}

fn loaded_rows(rows: &mut Vec<Row<'_>>, theme: Theme, snapshot: &Snapshot, now: DateTime<Utc>) {
    let kind = [
        &snapshot.snapshot_type,
        &snapshot.frequency_type,
        &snapshot.kind,
    ]
    .into_iter()
    .flatten()
    .cloned()
    .collect::<Vec<_>>()
    .join(", ");
    let or_dash = |value: &Option<String>| value.clone().unwrap_or_else(|| "—".to_string());
    let size = snapshot
        .storage_size_bytes
        .map_or_else(|| "—".to_string(), format::size);
    let fields = [
        (
            "type",
            if kind.is_empty() {
                "—".to_string()
            } else {
                kind
            },
        ),
        ("status", or_dash(&snapshot.status)),
        ("size", size),
        ("mongod", or_dash(&snapshot.mongod_version)),
        ("expires", dated(snapshot.expires_at, now)),
    ];
    rows.extend(
        fields
            .into_iter()
            .map(|(label, value)| field(theme, label, value).indented(SUB)),
    );
}

/// The job's API links, last: one line (`4 API links · L expands`) until
/// `L`, then each with its rel (the snapshot's first).
pub fn api_links<'a>(rows: &mut Vec<Row<'a>>, app: &App, theme: Theme, job: &'a RestoreJob) {
    let count = job.links.len();
    if count == 0 {
        return;
    }
    let noun = format::plural(count, "API link");
    if !app.detail_options().api_links_expanded {
        rows.push(Row::text(
            0,
            vec![Span::styled(format!("{noun} · L expands"), theme.muted())],
        ));
        return;
    }
    rows.push(heading(theme, format!("{noun} · L folds")));
    let snapshot_links = job.links.iter().filter(|link| is_snapshot(link));
    let other_links = job.links.iter().filter(|link| !is_snapshot(link));
    for link in snapshot_links.chain(other_links) {
        let rel = or_dash(link.rel.rsplit('/').next().unwrap_or_default());
        let label = Span::styled(rel, theme.label());
        rows.push(Row::field(label, vec![Span::raw(&*link.href)]).indented(SUB));
    }
}

/// The instants at which the snapshot's dates read differently.
pub fn dates(app: &App, job: &RestoreJob) -> impl Iterator<Item = DateTime<Utc>> {
    let snapshot = job
        .snapshot_id
        .as_deref()
        .filter(|id| !id.is_empty())
        .map(|id| app.data().snapshots.get(id));
    let loaded = match snapshot {
        Some(Some(SnapshotInfo::Loaded(snapshot))) => Some(snapshot.as_ref()),
        _ => None,
    };
    let taken = snapshot
        .is_some()
        .then(|| job.timestamp.or(loaded.and_then(|s| s.created_at)))
        .flatten();
    taken.into_iter().chain(loaded.and_then(|s| s.expires_at))
}
