//! The attention line at the top of the screen: what an operator glancing
//! from across the room must act on, most urgent first, and only when there
//! is something: `⚠ link expires in 6m 12s · orders …a4f3 (+2 more)`,
//! `✗ 1 new failure · orders-prod` (until `a` acknowledges it),
//! `◌ 2 clusters not updated for 3m`.

use chrono::{DateTime, Utc};
use ratatui::text::{Line, Span};

use super::alert::Alert;
use super::format::{self, plural};
use super::shorten;
use super::theme::Theme;
use crate::app::App;
use crate::app::labels::last_chars;

/// Whether something needs attention at `now`: the line is shown (what
/// the layout needs to know, without the words).
pub fn shown(app: &App, now: DateTime<Utc>) -> bool {
    !app.urgent_links(now).is_empty() || app.new_failure_count() > 0 || app.stale(now).is_some()
}

/// The line, when something needs attention at `now`.
pub fn line(app: &App, theme: Theme, now: DateTime<Utc>) -> Option<Line<'static>> {
    let mut spans: Vec<Span<'static>> = Vec::new();
    let separate = |spans: &mut Vec<Span<'static>>| {
        if !spans.is_empty() {
            spans.push(Span::raw("  ·"));
        }
    };
    let links = app.urgent_links(now);
    if let Some(first) = links.first() {
        let more = match links.len() - 1 {
            0 => String::new(),
            n => format!(" (+{n} more)"),
        };
        let text = format!(
            " ⚠ link expires {} · {} …{}{more}",
            format::countdown(first.expires_at, now),
            shorten::label(app.cluster_label_of(first.state), shorten::LABEL_CAP),
            last_chars(&first.job.id, 4),
        );
        spans.push(Span::styled(text, theme.alert(Alert::LinkExpiring)));
    }
    let failures = app.new_failure_count();
    if failures > 0 {
        separate(&mut spans);
        let mut clusters: Vec<&str> = app.new_failures().map(|f| f.cluster.as_str()).collect();
        clusters.sort_unstable();
        clusters.dedup();
        let short = |label| shorten::label(label, shorten::LABEL_CAP);
        let named = match clusters.as_slice() {
            [] => String::new(),
            [one] => format!(" · {}", short(one)),
            [one, rest @ ..] => format!(" · {} (+{} more)", short(one), rest.len()),
        };
        let text = format!(
            " ✗ {}{named} (a: acknowledge)",
            plural(failures, "new failure")
        );
        spans.push(Span::styled(text, theme.alert(Alert::Failed)));
    }
    if let Some(stale) = app.stale(now) {
        separate(&mut spans);
        let text = format!(
            " ◌ {} not updated for {}",
            plural(stale.clusters, "cluster"),
            format::age(stale.since, now)
        );
        spans.push(Span::styled(text, theme.warning()));
    }
    (!spans.is_empty()).then(|| super::printable_line(Line::from(spans)))
}

/// The next instant after `now` at which the line reads differently.
pub fn changes_at(app: &App, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    let soonest = app
        .urgent_links(now)
        .first()
        .map(|link| format::countdown_changes_at(link.expires_at, now));
    let stale_age = app
        .stale(now)
        .map(|stale| format::ago_changes_at(stale.since, now));
    [
        soonest,
        stale_age,
        app.next_link_warning(now),
        app.next_stale(now),
    ]
    .into_iter()
    .flatten()
    .min()
}
