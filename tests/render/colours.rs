//! Colours and themes: the expiry countdown's colour in each theme, the
//! whole-row emphasis of alerts, the quiet selection, the monochrome theme,
//! and the dimmed rows of a failing cluster.

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
            [Color::Reset, Color::Indexed(220), Color::Indexed(202)],
        ),
        (
            Theme::Light,
            [Color::Reset, Color::Indexed(130), Color::Indexed(124)],
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

/// The modifiers of the cell at column `x` of the row showing `needle`.
fn modifier_in_row_of(screen: &ratatui::buffer::Buffer, needle: &str, x: u16) -> Modifier {
    let (_, row) = find_in_table(screen, needle).unwrap_or_else(|| panic!("{needle:?} on screen"));
    screen
        .cell((x, row))
        .map(|cell| cell.modifier)
        .unwrap_or_default()
}

#[test]
fn monochrome_draws_no_colour_reverses_alerts_and_underlines_the_selection() {
    let mut app = sample_app();
    app.set_theme(atlas_restores::config::Theme::Mono);
    let screen = render(&mut app, 160, 45);
    assert!(
        screen
            .content()
            .iter()
            .all(|cell| cell.fg == Color::Reset && cell.bg == Color::Reset)
    );
    // Column 30 is in the cluster column, away from the status word.
    let selected = modifier_in_row_of(&screen, "◆ ready       ", 30);
    assert!(selected.contains(Modifier::BOLD | Modifier::UNDERLINED));
    assert!(
        !selected.contains(Modifier::REVERSED),
        "quieter than an alert"
    );
    let failed = modifier_in_row_of(&screen, "✗ failed", 30);
    assert!(failed.contains(Modifier::REVERSED | Modifier::BOLD));
    assert!(!failed.contains(Modifier::UNDERLINED), "not selected");
    let finished = modifier_in_row_of(&screen, "✓ finished", 30);
    assert!(!finished.intersects(Modifier::REVERSED | Modifier::UNDERLINED));
}

#[test]
fn a_failed_row_is_red_and_bold_in_every_cell_even_on_a_failing_cluster() {
    let mut app = sample_app();
    let screen = render(&mut app, 160, 45);
    let (start, row) = find(&screen, "✗ failed").expect("the failed row");
    // The symbol, the id, the cluster, the type and the created columns.
    for x in [0, 14, 25, 45, 60].map(|dx| start + dx) {
        let cell = screen.cell((x, row)).expect("a cell");
        assert_eq!(cell.fg, Color::Indexed(203), "column {x}");
        assert!(cell.modifier.contains(Modifier::BOLD), "column {x}");
        assert!(
            !cell.modifier.contains(Modifier::DIM),
            "an alert is not dimmed"
        );
    }
}

/// A ready download expiring in `minutes` (the only job, so selected),
/// drawn in the dark theme.
fn expiring_link(minutes: i64) -> ratatui::buffer::Buffer {
    let mut app = app_with(vec![download_job(30, 1, minutes)]);
    app.set_theme(atlas_restores::config::Theme::Dark);
    app.set_expiry_warning(chrono::TimeDelta::minutes(10));
    render(&mut app, 160, 45)
}

#[test]
fn a_link_expiring_within_the_warning_lights_up_its_whole_row() {
    let screen = expiring_link(5);
    let (x, row) = find_in_table(&screen, "⚠ in 5m 0s").expect("the countdown with a warning sign");
    let (status, status_row) = find_in_table(&screen, "◆ ready").expect("the status");
    assert_eq!(status_row, row, "the table's row, left of the detail pane");
    // From the id to the countdown: every cell, the spaces between included.
    for column in status + 14..x + 10 {
        let cell = screen.cell((column, row)).expect("a cell");
        assert_eq!(cell.fg, Color::Indexed(202), "column {column}: imminent");
        assert!(cell.modifier.contains(Modifier::BOLD), "column {column}");
    }
    let (x_status, y_status) = find_in_table(&screen, "◆ ready").expect("the status");
    assert_eq!(
        screen.cell((x_status, y_status)).map(|c| c.fg),
        Some(Color::Indexed(84)),
        "the status keeps its colour"
    );
    let later = expiring_link(11);
    assert!(
        find(&later, "⚠").is_none(),
        "eleven minutes left: no warning"
    );
    let (x, row) = find_in_table(&later, "in 11m").expect("the countdown");
    assert_eq!(
        later.cell((x, row)).map(|c| c.fg),
        Some(Color::Indexed(220))
    );
    for column in status + 14..x {
        let cell = later.cell((column, row)).expect("a cell");
        assert_eq!(cell.fg, Color::Reset, "column {column}: a plain row");
    }
}

#[test]
fn the_selection_is_a_quiet_bar_that_keeps_an_alerts_colour() {
    let mut app = sample_app();
    let screen = render(&mut app, 160, 45);
    let (_, row) = find_in_table(&screen, "◆ ready       ").expect("the selected row");
    let cell = screen.cell((30, row)).expect("a cell");
    assert_eq!(cell.bg, Color::Indexed(235), "the bar");
    assert!(cell.modifier.contains(Modifier::BOLD));
    assert!(!cell.modifier.contains(Modifier::REVERSED));
    press(&mut app, KeyCode::Char('4'));
    let screen = render(&mut app, 160, 45);
    let (_, row) = find(&screen, "✗ failed").expect("the failed row, selected");
    for x in [2, 30] {
        let cell = screen.cell((x, row)).expect("a cell");
        assert_eq!(cell.bg, Color::Indexed(235), "column {x}: the bar");
        assert_eq!(
            cell.fg,
            Color::Indexed(203),
            "column {x}: still the failed colour"
        );
    }
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
