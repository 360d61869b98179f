//! The detail pane hidden (`d`) and zoomed (`z`): the table's page as
//! drawing and `table_page_size` both count it, and the mouse hitting the
//! rows and headers where the frame drew them (columns sized to content).

use atlas_restores::app::DetailView;
use atlas_restores::app::sort::SortColumn;
use atlas_restores::ui;
use atlas_restores::ui::jobs_table::Hit;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;

use super::*;

/// The table rows a frame of `width`×`height` reports.
fn drawn_rows(app: &App, width: u16, height: u16) -> usize {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("a test terminal");
    let mut rows = 0;
    terminal
        .draw(|frame| rows = ui::draw(frame, app, now()).table_rows)
        .expect("a frame");
    rows
}

#[test]
fn the_page_size_is_what_the_frame_draws_in_every_detail_view() {
    let mut app = sample_app();
    app.set_clock(now());
    let mut seen = Vec::new();
    for keys in ["", "d", "d", "z", "z"] {
        for key in keys.chars() {
            press(&mut app, KeyCode::Char(key));
        }
        for (width, height) in [(60, 15), (80, 24), (120, 40), (200, 50)] {
            let area = Rect::new(0, 0, width, height);
            assert_eq!(
                ui::table_page_size(area, &app),
                drawn_rows(&app, width, height),
                "{width}×{height} with the pane {:?}",
                app.detail_view()
            );
        }
        seen.push(app.detail_view());
    }
    assert_eq!(
        seen,
        [
            DetailView::Shown,
            DetailView::Hidden,
            DetailView::Shown,
            DetailView::Zoomed,
            DetailView::Shown,
        ]
    );
}

#[test]
fn hiding_the_pane_gives_the_table_its_rows_and_zooming_hides_the_table() {
    let mut app = sample_app();
    let area = Rect::new(0, 0, 80, 24);
    let beside = ui::table_page_size(area, &app);
    press(&mut app, KeyCode::Char('d'));
    let hidden = ui::table_page_size(area, &app);
    assert!(hidden > beside + 5, "{hidden} rows hidden, {beside} beside");
    let screen = screen_text(&render(&mut app, 80, 24));
    assert!(!screen.contains("┌ detail") && screen.contains("◌ expired"));

    press(&mut app, KeyCode::Char('z'));
    assert_eq!(app.detail_view(), DetailView::Zoomed);
    assert_eq!(
        app.focus(),
        atlas_restores::app::Focus::Detail,
        "j/k scroll it"
    );
    let screen = screen_text(&render(&mut app, 80, 24));
    assert!(screen.contains("┌ detail") && !screen.contains("┌ jobs"));
    for y in 0..24 {
        assert_eq!(ui::table_hit(area, &app, 10, y), None, "no table to click");
    }
    assert_eq!(
        ui::table_page_size(area, &app),
        beside,
        "the window stays as beside the pane"
    );
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.detail_view(), DetailView::Shown);
    assert_eq!(app.focus(), atlas_restores::app::Focus::Table);
}

#[test]
fn the_mouse_hits_the_rows_and_headers_where_they_are_drawn() {
    for (width, height, hidden) in [(60, 15, false), (80, 24, true), (200, 50, false)] {
        let mut app = sample_app();
        if hidden {
            press(&mut app, KeyCode::Char('d'));
        }
        let area = Rect::new(0, 0, width, height);
        app.set_page_size(ui::table_page_size(area, &app));
        let screen = render(&mut app, width, height);
        let shown = lines(&screen);
        let header_y = shown
            .iter()
            .position(|line| line.contains("│status"))
            .unwrap_or_else(|| panic!("the table's header at {width}×{height}"));
        let header = shown.get(header_y).cloned().unwrap_or_default();
        let header_y = u16::try_from(header_y).unwrap_or_default();
        for (title, sort) in [
            ("status", SortColumn::Status),
            ("cluster", SortColumn::Cluster),
            ("expires", SortColumn::Expires),
        ] {
            let at = header
                .find(title)
                .unwrap_or_else(|| panic!("{title} shown"));
            let x = header.get(..at).map_or(0, |before| before.chars().count());
            let x = u16::try_from(x).unwrap_or_default();
            let hit = ui::table_hit(area, &app, x + 1, header_y);
            assert_eq!(hit, Some(Hit::Header(sort)), "{title} at {width}×{height}");
        }
        // The last row drawn is the last row clicked.
        let last = ui::table_page_size(area, &app).min(app.row_count()) - 1;
        let y = header_y + 1 + u16::try_from(last).unwrap_or_default();
        assert_eq!(ui::table_hit(area, &app, 3, y), Some(Hit::Row(last)));
    }
}
