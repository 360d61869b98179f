//! The demo at every size the dashboard promises (60×15 to 300×80): the
//! columns each width keeps, the key hints that always show, the help
//! scrolled, the detail pane hidden and zoomed. Snapshots under
//! `tests/frames/snapshots/`.

use super::*;

/// The demo drawn at `width`×`height` after `keys`, as a dump without the
/// simulator's port.
async fn frame(width: u16, height: u16, theme: Theme, keys: &[KeyCode]) -> String {
    let demo = Demo::start().await;
    let mut app = demo.app(theme, keys).await;
    demo.without_port(&frame_dump(&render_at(&mut app, width, height, drawn())))
}

/// The screen's text: the dump's part above the styles.
fn text(dump: &str) -> &str {
    dump.split("\nstyles (").next().unwrap_or_default()
}

/// The table's header line.
fn table_header(dump: &str) -> &str {
    text(dump)
        .lines()
        .find(|line| line.contains("status") && line.contains("id"))
        .unwrap_or_default()
}

#[tokio::test]
async fn demo_60x15_keeps_the_cluster_and_the_hints_that_matter() {
    let dump = frame(60, 15, Theme::Dark, &[]).await;
    let header = table_header(&dump);
    for kept in ["status", "id", "cluster", "expires"] {
        assert!(header.contains(kept), "{kept} at 60×15: {header}");
    }
    for dropped in ["type", "target", "created"] {
        assert!(!header.contains(dropped), "{dropped} dropped: {header}");
    }
    assert!(text(&dump).contains("prod/orders-prod"), "{dump}");
    let hints = text(&dump).lines().last().unwrap_or_default();
    assert!(
        hints.contains("? help") && hints.contains("q quit"),
        "{hints}"
    );
    insta::assert_snapshot!("demo_60x15_dark", dump);
}

#[tokio::test]
async fn demo_300x80_sizes_columns_to_their_content() {
    let dump = frame(300, 80, Theme::Dark, &[]).await;
    let header = table_header(&dump);
    // Each column is as wide as its widest cell: `cluster` is followed by
    // the 22 columns of `staging/search-staging` and a space, not padding.
    let cluster = header.find("cluster").unwrap_or_default();
    let kind = header.find("type").unwrap_or_default();
    assert_eq!(kind - cluster, 23, "{header}");
    assert!(text(&dump).contains("orders-prod-restore "), "{dump}");
    insta::assert_snapshot!("demo_300x80_dark", dump);
}

#[tokio::test]
async fn demo_80x24_help_scrolled() {
    let mut keys = vec![KeyCode::Char('?')];
    keys.extend([KeyCode::Char('j'); 6]);
    let dump = frame(80, 24, Theme::Dark, &keys).await;
    let screen = text(&dump);
    assert!(
        screen.contains(" keys 7-"),
        "the border says where:\n{screen}"
    );
    assert!(screen.contains("q Esc ? close"), "{screen}");
    assert!(
        !screen.contains("move down"),
        "the first lines scrolled away:\n{screen}"
    );
    insta::assert_snapshot!("demo_80x24_help_scrolled", dump);
}

#[tokio::test]
async fn demo_80x24_detail_hidden() {
    let dump = frame(80, 24, Theme::Dark, &[KeyCode::Char('d')]).await;
    let screen = text(&dump);
    assert!(!screen.contains("┌ detail"), "{screen}");
    let rows = screen.lines().filter(|line| line.starts_with("│")).count();
    assert_eq!(rows, 17, "the table takes the body: header and 16 rows");
    assert!(screen.contains("d show detail"), "{screen}");
    insta::assert_snapshot!("demo_80x24_detail_hidden", dump);
}

#[tokio::test]
async fn demo_120x40_detail_zoomed() {
    let mut keys = vec![KeyCode::Char('2')];
    keys.extend([KeyCode::Down; 4]);
    keys.push(KeyCode::Char('z'));
    let dump = frame(120, 40, Theme::Dark, &keys).await;
    let screen = text(&dump);
    assert!(!screen.contains("┌ jobs"), "the table gives way:\n{screen}");
    assert!(
        screen.contains("┌ detail · analytics/reporting"),
        "the pane fills the body:\n{screen}"
    );
    assert!(screen.contains("z back"), "{screen}");
    insta::assert_snapshot!("demo_120x40_detail_zoomed", dump);
}
