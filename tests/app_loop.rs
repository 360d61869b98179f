//! What the app and the event loop tell each other: the effects the app
//! returns when its selection moves (snapshot fetches), and what each
//! drawn frame reports back (how many table
//! rows fit, how far the detail pane scrolls). Frames are drawn into a
//! `TestBackend` as the dashboard draws them.

mod common;

use atlas_restores::app::{App, Effect};
use atlas_restores::atlas::Target;
use common::screen::{lines, render};
use common::*;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn press(app: &mut App, code: KeyCode) -> Option<Effect> {
    app.handle_key(KeyEvent::new(code, KeyModifiers::NONE))
}

/// What the app returns to have the snapshot of job `serial` fetched.
fn fetch(cluster: &str, serial: u32) -> Option<Effect> {
    Some(Effect::FetchSnapshot {
        target: Target::new("g1", cluster),
        snapshot_id: format!("{serial:024x}"),
        sharded: false,
    })
}

#[test]
fn moving_onto_a_job_asks_for_its_snapshot_once() {
    // The dashboard starts on an empty store; the first jobs select one.
    let mut app = App::new(StoreBuilder::new().version(0).build());
    assert_eq!(app.fetch_selected_snapshot(), None, "nothing selected");
    assert_eq!(app.set_data(five_jobs()), fetch("alpha", 1));
    assert_eq!(app.set_data(five_jobs()), None, "asked once");
    assert_eq!(press(&mut app, KeyCode::Char('j')), fetch("beta", 2));
    assert_eq!(press(&mut app, KeyCode::Char('k')), None, "asked already");
    assert_eq!(
        press(&mut app, KeyCode::Char('G')),
        None,
        "the cancelled job has no snapshot id"
    );
    assert_eq!(press(&mut app, KeyCode::Char('g')), None);

    let mut app = App::new(five_jobs());
    assert_eq!(app.click_row(1), fetch("beta", 2), "the mouse asks too");
    assert_eq!(app.wheel(-1), fetch("alpha", 1));
    assert_eq!(app.fetch_selected_snapshot(), None);
}

#[test]
fn a_snapshot_id_appearing_on_the_selected_job_is_asked_for() {
    let running = |snapshot: Option<&str>| {
        let mut value = serde_json::json!({
            "id": object_id(10, 1),
            "deliveryType": "download",
        });
        if let Some(id) = snapshot {
            value["snapshotId"] = serde_json::Value::from(id);
        }
        StoreBuilder::new().target("g1", "alpha", vec![job(value)])
    };
    let mut app = App::new(running(None).build());
    assert_eq!(app.fetch_selected_snapshot(), None);
    let with_snapshot = running(Some(&format!("{:024x}", 1))).version(2).build();
    assert_eq!(app.set_data(with_snapshot), fetch("alpha", 1));
}

/// The lines inside the detail pane of a screen where it sits below the
/// table (narrower than 140 columns), its borders cut off.
fn detail_lines(app: &mut App, width: u16, height: u16) -> Vec<String> {
    let screen = lines(&render(app, width, height));
    let top = screen
        .iter()
        .position(|line| line.starts_with("┌ detail "))
        .unwrap_or_else(|| panic!("a detail pane in\n{}", screen.join("\n")));
    screen
        .iter()
        .skip(top + 1)
        .take_while(|line| !line.starts_with('└'))
        .map(|line| {
            let inner = line.trim_start_matches('│').trim_end_matches(['│', ' ']);
            inner.to_string()
        })
        .collect()
}

#[test]
fn after_g_in_the_focused_detail_pane_k_scrolls_back_one_line() {
    let mut app = App::new(five_jobs());
    press(&mut app, KeyCode::Enter);
    let top = detail_lines(&mut app, 80, 24);
    assert!(
        top[0].starts_with("status "),
        "the detail starts at the top: {top:?}"
    );
    assert!(
        !top.iter().any(|line| line.contains("loading…")),
        "the job's last line is below the pane: {top:?}"
    );

    press(&mut app, KeyCode::Char('G'));
    let end = detail_lines(&mut app, 80, 24);
    assert!(
        end.iter().any(|line| line.contains("loading…")),
        "G shows the last line, the snapshot still loading: {end:?}"
    );
    assert!(!end[0].starts_with("status "), "{end:?}");

    press(&mut app, KeyCode::Char('k'));
    let up = detail_lines(&mut app, 80, 24);
    assert_ne!(up[0], end[0], "k right after G scrolls: {up:?}");
    assert_eq!(
        up[1..],
        end[..end.len() - 1],
        "by exactly one line: {up:?} after {end:?}"
    );
    press(&mut app, KeyCode::Char('g'));
    assert_eq!(
        detail_lines(&mut app, 80, 24),
        top,
        "g goes back to the top"
    );
}

#[test]
fn the_detail_pane_scrolls_no_further_than_its_last_line() {
    let mut app = App::new(five_jobs());
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Char('G'));
    let end = detail_lines(&mut app, 80, 24);
    for _ in 0..20 {
        press(&mut app, KeyCode::Char('j'));
    }
    assert_eq!(detail_lines(&mut app, 80, 24), end, "j past the end");
    press(&mut app, KeyCode::Char('k'));
    let up = detail_lines(&mut app, 80, 24);
    assert_eq!(up[1..], end[..end.len() - 1], "k at once: {up:?}");

    // A pane tall enough for the whole job does not scroll at all: the
    // limit follows the frame.
    press(&mut app, KeyCode::Char('G'));
    let tall = detail_lines(&mut app, 80, 40);
    assert!(tall[0].starts_with("status "), "{tall:?}");
    assert!(
        tall.iter().any(|line| line.contains("loading…")),
        "{tall:?}"
    );
}

#[test]
fn g_puts_the_last_line_at_the_bottom_of_the_pane() {
    let mut app = App::new(five_jobs());
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Char('G'));
    let end = detail_lines(&mut app, 80, 24);
    assert!(
        end.last().is_some_and(|line| line.contains("loading…")),
        "no blank lines below the last one: {end:?}"
    );
}

/// `count` download jobs on one cluster, newest first by serial.
fn many_jobs(count: u32) -> App {
    let jobs = (0..count)
        .map(|n| download_job(i64::from(n), n, 60))
        .collect();
    App::new(StoreBuilder::new().target("g", "c", jobs).build())
}

#[test]
fn page_keys_move_by_the_rows_the_last_frame_showed() {
    let mut app = many_jobs(100);
    // 80×24: 10 lines of table, of which borders and header take 3.
    let screen = lines(&render(&mut app, 80, 24));
    let shown = |screen: &[String], serial: u32| {
        let id = object_id(i64::from(serial), serial);
        let short = &id[id.len() - 8..];
        screen.iter().any(|line| line.contains(short))
    };
    assert!(shown(&screen, 6) && !shown(&screen, 7), "seven rows fit");
    press(&mut app, KeyCode::PageDown);
    assert_eq!(app.selected_row(), Some(7));
    press(&mut app, KeyCode::PageUp);
    assert_eq!(app.selected_row(), Some(0));

    // 120×40: 18 lines of table, 15 rows; the first frame already fills them.
    let mut app = many_jobs(100);
    let screen = lines(&render(&mut app, 120, 40));
    assert!(
        shown(&screen, 14) && !shown(&screen, 15),
        "fifteen rows fit"
    );
    press(&mut app, KeyCode::PageDown);
    assert_eq!(app.selected_row(), Some(15));
    // Shrunk to 80×24, a page is seven rows again, half a page three.
    render(&mut app, 80, 24);
    app.handle_key(KeyEvent::new(KeyCode::Char('f'), KeyModifiers::CONTROL));
    assert_eq!(app.selected_row(), Some(22));
    app.handle_key(KeyEvent::new(KeyCode::Char('d'), KeyModifiers::CONTROL));
    assert_eq!(app.selected_row(), Some(25));
}
