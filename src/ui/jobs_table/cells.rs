//! The cells of one job row: their texts first, measured so that the
//! columns can be sized from the window's content, then fitted into the
//! widths the columns got (names shortened in the middle, ids by their
//! last characters).

use chrono::{DateTime, Utc};
use ratatui::text::{Line, Span};

use super::columns::{Column, Columns, Widest};
use crate::app::App;
use crate::app::journal::Marker;
use crate::app::labels::last_chars;
use crate::atlas::printable::printable;
use crate::atlas::{JobStatus, RestoreJob};
use crate::poller::store::TargetState;
use crate::ui::alert::Alert;
use crate::ui::grid::GridRow;
use crate::ui::shorten::{self, columns};
use crate::ui::theme::{Theme, status_symbol};
use crate::ui::{eta, format};

/// The widest a change marker (`→ cancelled`) makes the status word.
const MARKER_WIDTH: usize = 11;

/// What one row shows, before it is fitted to the columns.
pub struct RowText<'a> {
    status: Line<'static>,
    id: &'a str,
    cluster: &'a str,
    kind: &'a str,
    created: String,
    expires: Span<'static>,
    target: &'a str,
}

impl<'a> RowText<'a> {
    pub fn of(
        app: &'a App,
        theme: Theme,
        state: &'a TargetState,
        job: &'a RestoreJob,
        now: DateTime<Utc>,
    ) -> RowText<'a> {
        let status = job.status_at(now);
        RowText {
            status: status_line(status, app.change_marker(state, job, now), theme),
            id: &job.id,
            cluster: app.cluster_label_of(state),
            kind: job.delivery_type.as_str(),
            created: job
                .created()
                .map_or_else(|| "—".to_string(), |at| format::ago(at, now)),
            expires: expires_span(app, theme, state, job, now),
            target: target_cluster(job),
        }
    }

    /// Widens `widest` to hold this row's cells.
    pub fn measure(&self, widest: &mut Widest) {
        widest.hold(Column::Status, self.status.width());
        widest.hold(Column::Id, columns(self.id));
        widest.hold(Column::Cluster, columns(self.cluster));
        widest.hold(Column::Type, columns(self.kind));
        widest.hold(Column::Created, columns(&self.created));
        widest.hold(Column::Expires, self.expires.width());
        widest.hold(Column::Target, columns(self.target));
    }

    /// The row's cells for the shown `columns`.
    pub fn into_row(self, shown: &Columns) -> GridRow<'a> {
        let mut cells = Vec::with_capacity(7);
        let RowText {
            status,
            id,
            cluster,
            kind,
            created,
            expires,
            target,
        } = self;
        let mut status = Some(status);
        let mut created = Some(created);
        let mut expires = Some(expires);
        for (column, width) in shown.shown() {
            let width = usize::from(width);
            let cell = match column {
                Column::Status => status.take().unwrap_or_default(),
                Column::Id => Line::from(printable(last_chars(id, width))),
                Column::Cluster => name_cell(shorten::label(cluster, width)),
                Column::Type => Line::from(printable(kind)),
                Column::Created => Line::from(created.take().unwrap_or_default()),
                Column::Expires => Line::from(expires.take().unwrap_or_default()),
                Column::Target => name_cell(shorten::middle(target, width)),
            };
            cells.push(cell);
        }
        GridRow::new(cells)
    }
}

fn name_cell(name: std::borrow::Cow<'_, str>) -> Line<'static> {
    Line::from(printable(&name).into_owned())
}

/// The status cell: its symbol and word, or for 10 minutes after the job
/// changed, its symbol and the change (`new`, `→ failed`) in bold.
fn status_line(status: JobStatus, marker: Option<Marker>, theme: Theme) -> Line<'static> {
    let style = theme.status(status);
    let word = match marker {
        Some(marker) if marker.to == status => {
            let change = match marker.from {
                None => "new".to_string(),
                Some(_) => format!("→ {}", status.word()),
            };
            let change = shorten::end(&change, MARKER_WIDTH).into_owned();
            Span::styled(change, style.patch(theme.heading()))
        }
        _ => Span::styled(status.word(), style),
    };
    Line::from(vec![
        Span::styled(status_symbol(status), style),
        Span::raw(" "),
        word,
    ])
}

/// The countdown; a link expiring within the warning reads `⚠ in 5m 0s`
/// in the imminent style, whatever its urgency. A job still running has no
/// expiry yet: the column says when it should be done instead, once its
/// kind has enough durations: `~14m left` muted, as an estimate is;
/// `~2m over` plain; `⚠ ~12m over` in the warning style once it runs
/// longer than 95% of its kind did.
fn expires_span(
    app: &App,
    theme: Theme,
    state: &TargetState,
    job: &RestoreJob,
    now: DateTime<Utc>,
) -> Span<'static> {
    let Some(at) = job.expires_at else {
        return match app.estimate(state, job) {
            Some(estimate) => {
                let style = if eta::is_late(&estimate, now) {
                    theme.warning()
                } else if eta::is_over(&estimate, now) {
                    ratatui::style::Style::default()
                } else {
                    theme.muted()
                };
                Span::styled(eta::flagged(&estimate, now), style)
            }
            None => Span::raw("—"),
        };
    };
    let countdown = format::countdown(at, now);
    if Alert::of(job, now, app.expiry_warning()) == Some(Alert::LinkExpiring) {
        let style = theme.countdown(format::Urgency::Imminent);
        return Span::styled(format!("⚠ {countdown}"), style);
    }
    Span::styled(countdown, theme.countdown(format::urgency(at, now)))
}

fn target_cluster(job: &RestoreJob) -> &str {
    match job.target_cluster_name.as_deref() {
        Some(name) if job.delivery_type.has_target() && !name.is_empty() => name,
        _ => "—",
    }
}
