//! The failing-clusters panel (`!`): every failing cluster, sorted by label
//! as the footer names them, with its full message, HTTP status, Atlas
//! `errorCode`, last success, when the failures began and the next retry.
//! It scrolls by cluster. Also when its text next changes with the clock.

use chrono::{DateTime, Utc};
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use super::failing_summary::columns;
use super::format;
use super::theme::Theme;
use crate::app::{App, Failing};
use crate::atlas::printable::printable;
use crate::poller::store::TargetState;

const POPUP_WIDTH: u16 = 100;
const LABEL_WIDTH: usize = 14;
/// Blank columns before an entry's fields.
const INDENT: usize = 2;

pub fn draw(
    frame: &mut Frame,
    area: Rect,
    app: &App,
    first: usize,
    theme: Theme,
    now: DateTime<Utc>,
) {
    let failing = app.failing_clusters();
    let width = area.width.min(POPUP_WIDTH);
    let inner_width = usize::from(width.saturating_sub(2));
    let inner_height = usize::from(area.height.saturating_sub(2));
    let first = first.min(failing.len().saturating_sub(1));
    let mut lines = Vec::new();
    let mut shown = 0;
    for entry in failing.iter().skip(first) {
        let mut entry_lines = entry_lines(entry, theme, now, inner_width);
        if shown > 0 {
            entry_lines.insert(0, Line::raw(""));
        }
        if shown > 0 && lines.len() + entry_lines.len() > inner_height {
            break;
        }
        lines.extend(entry_lines);
        shown += 1;
    }
    if failing.is_empty() {
        let text = format!(
            " ✓ {} polled fine",
            super::status_bar::all_clusters(app.data().targets.len())
        );
        lines.push(Line::styled(text, theme.ok()));
    }
    let footer = if failing.is_empty() {
        " Esc close ".to_string()
    } else {
        format!(
            " {}–{} of {} · j/k scroll · Esc close ",
            first + 1,
            first + shown,
            failing.len()
        )
    };
    let height = u16::try_from(lines.len() + 2).unwrap_or(u16::MAX);
    let popup = area.centered(
        Constraint::Length(width),
        Constraint::Length(area.height.min(height)),
    );
    frame.render_widget(Clear, popup);
    let block = Block::bordered()
        .title(format!(" failing clusters: {} ", failing.len()))
        .title_bottom(Line::styled(footer, theme.muted()))
        .border_style(theme.warning());
    frame.render_widget(Paragraph::new(lines).block(block), popup);
}

/// Every line the panel would show at `now`, unwrapped: for
/// [`super::poll_text`], so that a store change the open panel shows is
/// drawn.
pub fn panel_text(app: &App, now: DateTime<Utc>) -> String {
    let theme = Theme::new(app.theme());
    let mut text = String::new();
    for entry in app.failing_clusters() {
        for line in entry_lines(&entry, theme, now, usize::MAX) {
            for span in line.spans {
                text.push_str(&span.content);
            }
            text.push('\n');
        }
    }
    text
}

/// When the text of the panel or of the footer's summary next changes
/// with the clock alone, after `now`: the summary has no time in it, so
/// only an open panel does (its ages and its retry countdowns).
pub fn next_change(app: &App, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    app.failing_panel()?;
    app.failing_clusters()
        .iter()
        .flat_map(|entry| {
            let state = entry.state;
            let success = state.fetched_at.map(|at| when_changes_at(at, now));
            let since = Some(when_changes_at(entry.error.since, now));
            let retry = retry_at(state, now).map(|at| format::countdown_changes_at(at, now));
            [success, since, retry]
        })
        .flatten()
        .min()
}

/// One cluster: its label, its message wrapped under it, then its fields.
fn entry_lines(
    entry: &Failing<'_>,
    theme: Theme,
    now: DateTime<Utc>,
    width: usize,
) -> Vec<Line<'static>> {
    let error = entry.error;
    let state = entry.state;
    let mut lines = vec![Line::styled(
        printable(&format!(" ⚠ {}", entry.label)).into_owned(),
        theme.warning(),
    )];
    let indent = " ".repeat(INDENT + 1);
    for part in wrap(&printable(&error.message), width.saturating_sub(INDENT + 1)) {
        lines.push(Line::styled(format!("{indent}{part}"), theme.error()));
    }
    let status = match error.status {
        Some(status) if error.code == status.to_string() => status.to_string(),
        Some(status) => format!("{status} ({})", error.code),
        None => format!("none ({})", error.code),
    };
    lines.push(field(theme, "HTTP status", status));
    if let Some(code) = &error.error_code {
        lines.push(field(theme, "Atlas code", code.clone()));
    }
    let success = match state.fetched_at {
        Some(at) => when(at, now),
        None => "never".to_string(),
    };
    lines.push(field(theme, "last success", success));
    let polls = match error.failures {
        1 => "1 failed poll".to_string(),
        n => format!("{n} failed polls in a row"),
    };
    let since = format!("{} ({polls})", when(error.since, now));
    lines.push(field(theme, "failing since", since));
    lines.push(field(theme, "next retry", retry(entry, now)));
    lines.into_iter().map(super::printable_line).collect()
}

fn field(theme: Theme, name: &str, value: String) -> Line<'static> {
    let indent = " ".repeat(INDENT + 1);
    Line::from(vec![
        Span::styled(format!("{indent}{name:<LABEL_WIDTH$}"), theme.label()),
        Span::raw(value),
    ])
}

/// `14:02:10 UTC, 3m ago`; the whole date when not on `now`'s day.
fn when(at: DateTime<Utc>, now: DateTime<Utc>) -> String {
    let clock = if at.date_naive() == now.date_naive() {
        at.format("%H:%M:%S UTC").to_string()
    } else {
        format::date(at)
    };
    format!("{clock}, {}", format::ago(at, now))
}

/// The next instant after `now` at which [`when`]`(at, ·)` reads
/// differently: its age moves on, or `now` passes midnight and the time of
/// day becomes a whole date.
fn when_changes_at(at: DateTime<Utc>, now: DateTime<Utc>) -> DateTime<Utc> {
    let age = format::ago_changes_at(at, now);
    let midnight = (at.date_naive() == now.date_naive())
        .then(|| now.date_naive().succ_opt())
        .flatten()
        .and_then(|day| day.and_hms_opt(0, 0, 0))
        .map(|midnight| midnight.and_utc());
    midnight.map_or(age, |midnight| age.min(midnight))
}

/// When the cluster's next poll is due, while it is still to come (not in
/// flight, not overdue).
fn retry_at(state: &TargetState, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    state.next_poll.filter(|at| !state.in_flight && *at > now)
}

/// `retrying in 42s`, or `retrying now` while the poll runs or is due.
fn retry(entry: &Failing<'_>, now: DateTime<Utc>) -> String {
    match retry_at(entry.state, now) {
        Some(at) => format!("retrying {}", format::countdown(at, now)),
        None => "retrying now".to_string(),
    }
}

/// `text` in lines of at most `width` columns, broken at spaces, and inside
/// a word only when the word alone is wider.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut used = 0;
    for word in text.split(' ') {
        if used > 0 && used + 1 + columns(word) > width {
            lines.push(std::mem::take(&mut line));
            used = 0;
        }
        if used > 0 {
            line.push(' ');
            used += 1;
        }
        for c in word.chars() {
            let mut buffer = [0; 4];
            let wide = columns(c.encode_utf8(&mut buffer));
            if used > 0 && used + wide > width {
                lines.push(std::mem::take(&mut line));
                used = 0;
            }
            line.push(c);
            used += wide;
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_time_of_day_turns_into_a_date_at_midnight() {
        let day = |h: u32, m: u32| {
            chrono::NaiveDate::from_ymd_opt(2026, 11, 29)
                .and_then(|d| d.and_hms_opt(h, m, 0))
                .map(|t| t.and_utc())
                .unwrap_or_default()
        };
        let (at, now) = (day(22, 30), day(23, 59));
        let midnight = day(23, 59) + chrono::TimeDelta::minutes(1);
        // "1h ago" would next change at 00:30; the date shows at 00:00.
        assert_eq!(when_changes_at(at, now), midnight);
        let ms = chrono::TimeDelta::milliseconds(1);
        assert_eq!(when(at, now), when(at, midnight - ms));
        assert_ne!(when(at, now), when(at, midnight));
        // Once the date shows, only the age moves it.
        assert_eq!(
            when_changes_at(at, midnight),
            format::ago_changes_at(at, midnight)
        );
    }

    #[test]
    fn wrapping_breaks_at_spaces_and_only_cuts_words_too_long() {
        assert_eq!(wrap("abc def ghi", 7), ["abc def", "ghi"]);
        assert_eq!(wrap("abcdefghij", 4), ["abcd", "efgh", "ij"]);
        assert_eq!(wrap("本番本番", 5), ["本番", "本番"]);
        assert_eq!(wrap("", 5), [""]);
    }
}
