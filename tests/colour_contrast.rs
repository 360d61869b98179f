//! The colour themes, measured: every colour they draw with is legible on
//! the background it is made for (WCAG contrast ≥ 4.5:1), the alerts stay
//! so on the selection bar, and the six statuses differ both in hue and in
//! brightness, so that they tell apart from across the room. Colours are
//! measured as xterm shows them (`ui::contrast`).

use atlas_restores::atlas::JobStatus;
use atlas_restores::config::Theme as ThemeName;
use atlas_restores::ui::alert::Alert;
use atlas_restores::ui::contrast::{Rgb, contrast, hue, hue_distance, rgb};
use atlas_restores::ui::format::Urgency;
use atlas_restores::ui::theme::Theme;
use ratatui::style::{Color, Modifier, Style};

/// WCAG 2 AA for text.
const LEGIBLE: f64 = 4.5;
/// Two statuses' hues at least this far apart on the circle (or one grey
/// and the other not).
const HUE_APART: f64 = 25.0;
/// Two statuses' luminance contrast at least this.
const BRIGHTNESS_APART: f64 = 1.15;
/// What a non-alert colour keeps on the selection bar (WCAG's floor for
/// bold text); alerts keep [`LEGIBLE`].
const ON_BAR: f64 = 3.0;

const STATUSES: [JobStatus; 6] = [
    JobStatus::InProgress,
    JobStatus::Ready,
    JobStatus::Finished,
    JobStatus::Failed,
    JobStatus::Cancelled,
    JobStatus::Expired,
];
const URGENCIES: [Urgency; 4] = [
    Urgency::Calm,
    Urgency::Soon,
    Urgency::Imminent,
    Urgency::Expired,
];
const ALERTS: [Alert; 2] = [Alert::Failed, Alert::LinkExpiring];

fn colour_themes() -> [(ThemeName, Theme); 3] {
    [ThemeName::Dark, ThemeName::Light, ThemeName::Basic16].map(|name| (name, Theme::new(name)))
}

fn rgb_of(color: Color) -> Rgb {
    rgb(color).unwrap_or_else(|| panic!("{color:?} is a colour xterm shows"))
}

/// The foreground colours of the styles a table row can have: statuses,
/// countdowns and alerts.
fn row_colours(theme: Theme) -> Vec<(String, Color)> {
    let statuses = STATUSES.map(|s| (format!("{s:?}"), theme.status(s)));
    let urgencies = URGENCIES.map(|u| (format!("countdown {u:?}"), theme.countdown(u)));
    let alerts = ALERTS.map(|a| (format!("alert {a:?}"), theme.alert(a)));
    statuses
        .into_iter()
        .chain(urgencies)
        .chain(alerts)
        .filter_map(|(name, style)| style.fg.map(|fg| (name, fg)))
        .collect()
}

/// The foreground of every style the theme hands out.
fn drawn_colours(theme: Theme) -> Vec<(String, Color)> {
    let others: [(&str, Style); 8] = [
        ("label", theme.label()),
        ("muted", theme.muted()),
        ("warning", theme.warning()),
        ("error", theme.error()),
        ("ok", theme.ok()),
        ("focused border", theme.border(true)),
        ("selected", theme.selected()),
        ("heading", theme.heading()),
    ];
    let others = others
        .into_iter()
        .filter_map(|(name, style)| style.fg.map(|fg| (name.to_string(), fg)));
    row_colours(theme).into_iter().chain(others).collect()
}

#[test]
fn every_colour_a_theme_draws_is_legible_on_its_background() {
    for (name, theme) in colour_themes() {
        let background = theme.background().map(rgb_of);
        let background = background.unwrap_or_else(|| panic!("{name:?} names its background"));
        let palette = theme.foregrounds();
        for (role, colour) in &palette {
            let ratio = contrast(rgb_of(*colour), background);
            assert!(
                ratio >= LEGIBLE,
                "{name:?} {role} {colour:?}: {ratio:.2}:1 on {background:?}"
            );
        }
        for (role, colour) in drawn_colours(theme) {
            assert!(
                palette.iter().any(|(_, c)| *c == colour),
                "{name:?} draws {role} in {colour:?}, which its palette does not list"
            );
        }
    }
}

#[test]
fn on_the_selection_bar_alerts_stay_legible_and_the_rest_readable() {
    for (name, theme) in colour_themes() {
        let Some(bar) = theme.selection_background() else {
            continue;
        };
        let bar = rgb_of(bar);
        for alert in ALERTS {
            let colour = theme.alert(alert).fg.map(rgb_of);
            let colour = colour.unwrap_or_else(|| panic!("{name:?} colours {alert:?}"));
            let ratio = contrast(colour, bar);
            assert!(
                ratio >= LEGIBLE,
                "{name:?} {alert:?}: {ratio:.2}:1 on the bar"
            );
        }
        for (role, colour) in row_colours(theme) {
            let ratio = contrast(rgb_of(colour), bar);
            assert!(ratio >= ON_BAR, "{name:?} {role}: {ratio:.2}:1 on the bar");
        }
    }
}

/// Why two status colours would not tell apart, if they would not.
fn too_alike(a: Rgb, b: Rgb) -> Option<String> {
    let hues_apart = match (hue(a), hue(b)) {
        (Some(x), Some(y)) => hue_distance(x, y) >= HUE_APART,
        (None, None) => false,
        _ => true,
    };
    let brightness = contrast(a, b);
    if !hues_apart {
        Some(format!("hues {:?} and {:?}", hue(a), hue(b)))
    } else if brightness < BRIGHTNESS_APART {
        Some(format!("brightness only {brightness:.3}:1 apart"))
    } else {
        None
    }
}

#[test]
fn every_two_statuses_differ_in_hue_and_in_brightness() {
    for (name, theme) in colour_themes() {
        for (i, a) in STATUSES.iter().enumerate() {
            for b in STATUSES.iter().skip(i + 1) {
                let colour = |s: &JobStatus| {
                    let fg = theme.status(*s).fg;
                    rgb_of(fg.unwrap_or_else(|| panic!("{name:?} colours {s:?}")))
                };
                if let Some(why) = too_alike(colour(a), colour(b)) {
                    panic!("{name:?}: {a:?} and {b:?} look alike: {why}");
                }
            }
        }
    }
}

#[test]
fn the_rule_catches_the_near_identical_blues_of_before() {
    // In progress and finished were 45 and 75 (dark), 24 and 25 (light).
    let before = [(45, 75), (24, 25)];
    for (a, b) in before {
        let (a, b) = (rgb_of(Color::Indexed(a)), rgb_of(Color::Indexed(b)));
        assert!(too_alike(a, b).is_some(), "{a:?} and {b:?} pass");
    }
}

#[test]
fn the_selection_is_quieter_than_any_alert() {
    let all = [
        ThemeName::Dark,
        ThemeName::Light,
        ThemeName::Basic16,
        ThemeName::Mono,
    ];
    for name in all {
        let theme = Theme::new(name);
        let selected = theme.selected();
        assert_eq!(
            selected.fg, None,
            "{name:?}: the selection keeps the colour"
        );
        assert!(
            !selected.add_modifier.contains(Modifier::REVERSED),
            "{name:?}: the selection is not reverse video"
        );
        for alert in ALERTS {
            let style = theme.alert(alert);
            assert!(style.add_modifier.contains(Modifier::BOLD), "{name:?}");
            let marked = style.fg.is_some() || style.add_modifier.contains(Modifier::REVERSED);
            assert!(marked, "{name:?} {alert:?} has a colour or reverse video");
        }
    }
}
