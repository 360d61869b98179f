//! Colours and themes: the expiry countdown's colour in each theme, the
//! monochrome theme, and the dimmed rows of a failing cluster.

use ratatui::style::{Color, Modifier};

use super::*;

#[test]
fn the_detail_countdown_turns_yellow_under_an_hour_and_red_under_ten_minutes() {
    use atlas_restores::config::Theme;
    let themes = [
        (
            Theme::Basic16,
            [Color::Reset, Color::Yellow, Color::LightRed],
        ),
        (
            Theme::Dark,
            [Color::Reset, Color::Indexed(220), Color::Indexed(196)],
        ),
        (
            Theme::Light,
            [Color::Reset, Color::Indexed(130), Color::Indexed(160)],
        ),
    ];
    for (theme, colors) in themes {
        let cases = [(238, "in 3h 58m 0s"), (45, "in 45m 0s"), (5, "in 5m 0s")];
        for ((minutes, words), color) in cases.into_iter().zip(colors) {
            let mut app = app_with(vec![download_job(10, 1, minutes)]);
            app.set_theme(theme);
            let screen = render(&mut app, 160, 45);
            assert_eq!(fg_at(&screen, words), color, "{theme:?} {words}");
        }
    }
}

#[test]
fn monochrome_draws_no_colour_and_reverses_the_selection() {
    let mut app = sample_app();
    app.set_theme(atlas_restores::config::Theme::Mono);
    let screen = render(&mut app, 160, 45);
    assert!(
        screen
            .content()
            .iter()
            .all(|cell| cell.fg == Color::Reset && cell.bg == Color::Reset)
    );
    let (_, row) = find(&screen, "◆ ready       ").expect("the selected row");
    let cell = screen.cell((2, row)).expect("a cell");
    assert!(cell.modifier.contains(Modifier::REVERSED));
}

#[test]
fn rows_of_a_failing_cluster_are_dimmed() {
    let mut app = sample_app();
    let screen = render(&mut app, 160, 45);
    let dimmed = |needle: &str| {
        let (x, y) = find(&screen, needle).unwrap_or_else(|| panic!("{needle:?} on screen"));
        screen
            .cell((x, y))
            .is_some_and(|cell| cell.modifier.contains(Modifier::DIM))
    };
    assert!(dimmed("0d4e5f/billing"), "billing failed its latest poll");
    assert!(!dimmed("shop/orders"));
}
