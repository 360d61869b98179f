//! The row styles of the job table, at an injected `now`: alerts across
//! the whole row, the dimmed rows of a failing cluster, and a selection
//! quieter than any alert.

use chrono::TimeDelta;
use ratatui::style::{Color, Modifier};

use super::*;
use crate::atlas::Target;
use crate::config::Theme as ThemeName;

const WARNING: TimeDelta = TimeDelta::minutes(10);

fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-05-01T12:00:00Z")
        .map(|at| at.to_utc())
        .unwrap_or_default()
}

fn job(fields: serde_json::Value) -> RestoreJob {
    RestoreJob::from_value(fields).unwrap_or_else(|e| panic!("{e:?}"))
}

/// A ready download whose link expires `minutes` after `now()`.
fn ready(minutes: i64) -> RestoreJob {
    job(serde_json::json!({
        "id": "6632a0000000000000000001",
        "deliveryType": "download",
        "deliveryUrl": ["https://restore.example.net/1/restore.tar.gz"],
        "expiresAt": (now() + TimeDelta::minutes(minutes)).to_rfc3339(),
    }))
}

fn failed() -> RestoreJob {
    job(serde_json::json!({
        "id": "6632a0000000000000000002",
        "deliveryType": "automated",
        "failed": true,
    }))
}

/// The style of `job`'s row at `now()` with a ten-minute warning.
fn style(name: ThemeName, state: &TargetState, job: &RestoreJob, selected: bool) -> Style {
    let alert = Alert::of(job, now(), WARNING);
    row_style(Theme::new(name), state, alert, selected)
}

fn healthy() -> TargetState {
    TargetState::new(Target::new("6600000000000000000a1b2c", "orders"))
}

#[test]
fn a_link_expiring_within_the_warning_is_emphasised_across_the_row() {
    let state = healthy();
    let urgent = style(ThemeName::Dark, &state, &ready(5), false);
    assert_eq!(urgent.fg, Some(Color::Indexed(202)), "the imminent colour");
    assert!(urgent.add_modifier.contains(Modifier::BOLD));
    let calm = style(ThemeName::Dark, &state, &ready(11), false);
    assert_eq!(calm, Style::new(), "eleven minutes left: a plain row");
    let mono = style(ThemeName::Mono, &state, &ready(5), false);
    assert!(
        mono.add_modifier
            .contains(Modifier::REVERSED | Modifier::BOLD)
    );
}

#[test]
fn a_failed_row_is_emphasised_even_on_a_failing_cluster() {
    let mut state = healthy();
    let row = style(ThemeName::Light, &state, &failed(), false);
    assert_eq!(row.fg, Some(Color::Indexed(88)), "the failed colour");
    assert!(row.add_modifier.contains(Modifier::BOLD));
    state.last_error = Some(crate::poller::store::TargetError::new("HTTP 503", now()));
    let stale = style(ThemeName::Light, &state, &failed(), false);
    assert_eq!(stale, row, "an alert is not dimmed");
    let other = style(ThemeName::Light, &state, &ready(90), false);
    assert!(other.add_modifier.contains(Modifier::DIM));
}

#[test]
fn the_selection_on_an_alert_row_keeps_the_alert_colour() {
    let state = healthy();
    for name in [ThemeName::Dark, ThemeName::Light, ThemeName::Basic16] {
        let theme = Theme::new(name);
        for job in [failed(), ready(5)] {
            let alert = style(name, &state, &job, false);
            let selected = style(name, &state, &job, true);
            assert_eq!(selected.fg, alert.fg, "{name:?}");
            assert_eq!(selected.bg, theme.selection_background(), "{name:?}");
        }
    }
    let plain = style(ThemeName::Dark, &state, &ready(90), true);
    assert_eq!(plain.bg, Some(Color::Indexed(235)));
    assert!(!plain.add_modifier.contains(Modifier::REVERSED));
}

#[test]
fn in_mono_the_selection_and_the_alerts_are_told_apart() {
    let state = healthy();
    let selected = style(ThemeName::Mono, &state, &ready(90), true);
    assert!(
        selected
            .add_modifier
            .contains(Modifier::UNDERLINED | Modifier::BOLD)
    );
    assert!(!selected.add_modifier.contains(Modifier::REVERSED));
    let alert = style(ThemeName::Mono, &state, &failed(), false);
    let both = style(ThemeName::Mono, &state, &failed(), true);
    assert!(alert.add_modifier.contains(Modifier::REVERSED));
    assert!(!alert.add_modifier.contains(Modifier::UNDERLINED));
    assert!(
        both.add_modifier
            .contains(Modifier::REVERSED | Modifier::UNDERLINED)
    );
}
