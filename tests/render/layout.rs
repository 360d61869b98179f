//! Layout and sizes: where the table and the detail pane go at each width,
//! how the columns fit, the sort arrow, every terminal size from 1×1 up, and
//! a very long table.

use std::time::Instant;

use atlas_restores::ui;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;

use super::*;

#[test]
fn the_wide_screen_lists_every_status_and_shows_detail_on_the_right() {
    let mut app = sample_app();
    let screen = render(&mut app, 160, 45);
    let text = screen_text(&screen);
    for word in [
        "◆ ready",
        "● in progress",
        "✓ finished",
        "✗ failed",
        "⊘ cancelled",
        "◌ expired",
    ] {
        assert!(text.contains(word), "a row says {word:?}");
    }
    let (table_x, table_y) = find(&screen, "┌ jobs").expect("the table");
    let (detail_x, detail_y) = find(&screen, "┌ detail").expect("the detail pane");
    assert_eq!(table_y, detail_y, "side by side");
    assert!(detail_x > table_x + 80);
    assert!(text.contains("shop/orders") && text.contains("0d4e5f/billing"));
    assert!(text.contains("1.4 GiB") && text.contains("scheduled, daily"));
}

#[test]
fn narrower_screens_put_the_detail_below_the_table() {
    for (width, height) in [(100, 30), (80, 24)] {
        let mut app = sample_app();
        let screen = render(&mut app, width, height);
        let (table_x, table_y) = find(&screen, "┌ jobs").expect("the table");
        let (detail_x, detail_y) = find(&screen, "┌ detail").expect("the detail pane");
        assert_eq!(table_x, detail_x);
        assert!(
            detail_y > table_y + 5,
            "at {width}×{height} the table keeps rows"
        );
        let text = screen_text(&screen);
        assert!(
            text.contains("◌ expired"),
            "all six rows fit at {width}×{height}"
        );
        assert!(
            text.contains(&object_id(12, 1)),
            "the detail shows the full id"
        );
    }
}

#[test]
fn the_table_fits_its_columns_to_the_width() {
    let long_target = "a-very-long-restore-target-cluster-name";
    let data = StoreBuilder::new()
        .target(
            "6600000000000000000a1b2c",
            "orders-analytics-eu-west",
            vec![automated_job(5, 1, long_target)],
        )
        .project_name("commerce")
        .target(
            "6600000000000000000d4e5f",
            "billing",
            vec![automated_job(9, 2, "copy")],
        )
        .build();

    let wide = screen_text(&render(&mut App::new(data.clone()), 200, 45));
    assert!(wide.contains("commerce/orders-analytics-eu-west"), "{wide}");
    assert!(
        wide.contains("target") && wide.contains("a-very-long-restore"),
        "{wide}"
    );

    let narrow = render(&mut App::new(data.clone()), 80, 24);
    let table_header = lines(&narrow)
        .into_iter()
        .find(|line| line.contains("status"))
        .unwrap_or_default();
    assert!(
        !table_header.contains("target") && !table_header.contains("type"),
        "the target and type drop before the cluster is cut: {table_header}"
    );
    let row = lines(&narrow)
        .into_iter()
        .find(|line| line.contains("00000001"))
        .unwrap_or_default();
    assert!(
        row.contains("commerce/orders-analytics-eu-west"),
        "the cluster whole: {row}"
    );

    let smallest = render(&mut App::new(data), 60, 15);
    let row = lines(&smallest)
        .into_iter()
        .find(|line| line.contains("00000001"))
        .unwrap_or_default();
    assert!(
        row.contains("…e/orders-analytics-eu-west"),
        "the project part is cut first, in the middle; the cluster stays whole: {row}"
    );
}

#[test]
fn the_sorted_column_carries_the_arrow() {
    let mut app = sample_app();
    assert!(screen_text(&render(&mut app, 160, 45)).contains("created ▼"));
    app.handle_key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::NONE));
    let text = screen_text(&render(&mut app, 160, 45));
    assert!(text.contains("expires ▲") && !text.contains("created ▼"));
    assert!(text.contains("sort: expires ▲"));
    app.handle_key(KeyEvent::new(KeyCode::Char('S'), KeyModifiers::SHIFT));
    assert!(screen_text(&render(&mut app, 160, 45)).contains("expires ▼"));
}

#[test]
fn tiny_terminals_get_a_message_and_no_size_panics() {
    let mut app = sample_app();
    for (width, height) in [(59, 30), (100, 14)] {
        let text = screen_text(&render(&mut app, width, height));
        assert!(
            text.contains("terminal too small (need 60×15)"),
            "{width}×{height}"
        );
    }
    let text = screen_text(&render(&mut app, 60, 15));
    assert!(!text.contains("too small"));
    // Two threads share the 12,000 sizes; each reuses one terminal.
    std::thread::scope(|scope| {
        for half in 0..2_u16 {
            scope.spawn(move || draw_every_size(half));
        }
    });
}

/// Draws at every size from 1×1 to 200×60 whose width has parity `half`,
/// with the help overlay open over the full screen.
fn draw_every_size(half: u16) {
    let mut app = sample_app();
    press(&mut app, KeyCode::Char('?'));
    let mut terminal = Terminal::new(TestBackend::new(1, 1)).expect("a test terminal");
    for width in (1..=200).filter(|w| w % 2 == half) {
        for height in 1..=60 {
            terminal.backend_mut().resize(width, height);
            app.set_page_size(ui::table_page_size(Rect::new(0, 0, width, height), &app));
            terminal
                .draw(|frame| {
                    ui::draw(frame, &app, now());
                })
                .expect("a frame");
        }
    }
}

#[test]
fn a_hundred_thousand_jobs_draw_quickly() {
    let jobs = (0..100_000)
        .map(|n| download_job(i64::from(n % 5000), n, 60))
        .collect();
    let started = Instant::now();
    let mut app = app_with(jobs);
    press(&mut app, KeyCode::Char('G'));
    let screen = render(&mut app, 160, 45);
    let elapsed = started.elapsed();
    let text = screen_text(&screen);
    assert!(text.contains("jobs 100000"));
    assert!(
        text.contains(&object_id(4999, 4999)),
        "the oldest job, last in the table, is selected"
    );
    assert!(elapsed.as_secs() < 5, "took {elapsed:?}");
}
