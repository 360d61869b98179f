//! The timeline view (`t`) as a user drives it: the keys that open, zoom
//! and close it, the selection it shares with the list, lanes paging with
//! the selection, and the redraw clock while it shows (once an axis cell,
//! not each minute of the list's ages).

mod common;

use std::sync::Arc;

use atlas_restores::app::{App, Effect, TimelineSpan};
use atlas_restores::poller::store::StoreData;
use atlas_restores::ui::clock::next_change;
use chrono::{DateTime, TimeDelta, Utc};
use common::screen::{lines, render_at};
use common::*;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn press(app: &mut App, code: KeyCode) -> Option<Effect> {
    app.handle_key(KeyEvent::new(code, KeyModifiers::NONE))
}

fn selected_id(app: &App) -> String {
    app.selected_job()
        .map(|(_, job)| job.id.to_string())
        .unwrap_or_default()
}

fn screen(app: &mut App, width: u16, height: u16, at: DateTime<Utc>) -> String {
    lines(&render_at(app, width, height, at)).join("\n")
}

/// A job created `minutes_ago` that finished after `took` minutes.
fn finished_job(minutes_ago: i64, took: i64, serial: u32) -> atlas_restores::atlas::RestoreJob {
    job(serde_json::json!({
        "id": object_id(minutes_ago, serial),
        "deliveryType": "automated",
        "finishedAt": rfc3339(minutes_from_now(took - minutes_ago)),
    }))
}

#[test]
fn t_opens_the_timeline_and_t_esc_or_q_go_back_to_the_list_without_quitting() {
    let mut app = App::new(five_jobs());
    assert_eq!(app.timeline(), None, "the list first");
    for close in [KeyCode::Char('t'), KeyCode::Esc, KeyCode::Char('q')] {
        assert_eq!(press(&mut app, KeyCode::Char('t')), None);
        assert_eq!(app.timeline(), Some(TimelineSpan::Day), "24 h at first");
        let text = screen(&mut app, 120, 30, now());
        assert!(text.contains("timeline · 24h"), "{text}");
        assert_eq!(press(&mut app, close), None, "{close:?} does not quit");
        assert_eq!(app.timeline(), None, "{close:?} goes back to the list");
        let text = screen(&mut app, 120, 30, now());
        assert!(!text.contains("timeline ·"), "{text}");
    }
    // On the list, q quits as ever; Ctrl-c quits from the timeline.
    assert_eq!(press(&mut app, KeyCode::Char('q')), Some(Effect::Quit));
    press(&mut app, KeyCode::Char('t'));
    let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
    assert_eq!(app.handle_key(ctrl_c), Some(Effect::Quit));
}

#[test]
fn plus_and_minus_step_through_six_hours_a_day_and_a_week_and_the_span_is_kept() {
    let mut app = App::new(five_jobs());
    press(&mut app, KeyCode::Char('t'));
    let mut spans = Vec::new();
    for key in ['+', '+', '-', '-', '-'] {
        press(&mut app, KeyCode::Char(key));
        spans.push(app.timeline());
    }
    let [six, day, week] = [
        TimelineSpan::SixHours,
        TimelineSpan::Day,
        TimelineSpan::Week,
    ]
    .map(Some);
    assert_eq!(spans, vec![six, six, day, week, week]);
    let text = screen(&mut app, 120, 30, now());
    assert!(
        text.contains("timeline · 7d") && text.contains("per day"),
        "{text}"
    );
    // Closed, the zoom keys change nothing; opened again, still 7 d.
    press(&mut app, KeyCode::Char('t'));
    let list = screen(&mut app, 120, 30, now());
    assert_eq!(press(&mut app, KeyCode::Char('+')), None);
    assert_eq!(screen(&mut app, 120, 30, now()), list);
    press(&mut app, KeyCode::Char('t'));
    assert_eq!(app.timeline(), week);
}

#[test]
fn the_selection_is_shared_with_the_list_and_kept_going_back() {
    let mut app = App::new(five_jobs());
    press(&mut app, KeyCode::Char('t'));
    press(&mut app, KeyCode::Char('j'));
    let rows = row_ids(&app);
    assert_eq!(selected_id(&app), rows[1], "j moves the list's selection");
    // The caption names it (the end of its id) and its lane is marked.
    let text = screen(&mut app, 120, 30, now());
    let caption = text.lines().find(|line| line.contains("│› …"));
    let caption = caption.unwrap_or_else(|| panic!("a caption:\n{text}"));
    let id_end = &rows[1][rows[1].len() - 8..];
    assert!(caption.contains(id_end), "{caption}");
    assert!(caption.contains("beta · ◆ ready"), "{caption}");
    // beta's lane is marked, and the bar (in one of its sub-rows).
    let lane: Vec<&str> = text
        .lines()
        .skip_while(|line| !line.contains("│›beta"))
        .take(3)
        .collect();
    assert!(!lane.is_empty(), "beta's lane is marked:\n{text}");
    let pointed = lane
        .iter()
        .any(|row| row.contains('◀') || row.contains('▶'));
    assert!(pointed, "the selected bar is pointed at:\n{text}");
    press(&mut app, KeyCode::Char('G'));
    assert_eq!(selected_id(&app), rows[4]);
    press(&mut app, KeyCode::Char('g'));
    press(&mut app, KeyCode::Char('j'));
    press(&mut app, KeyCode::Char('j'));
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.timeline(), None);
    assert_eq!(selected_id(&app), rows[2], "the list keeps the selection");
    let text = screen(&mut app, 120, 30, now());
    assert!(
        text.contains(&format!("id             {}", rows[2])),
        "{text}"
    );
}

#[test]
fn enter_on_the_timeline_goes_back_to_the_list_with_the_detail_focused() {
    let mut app = App::new(five_jobs());
    press(&mut app, KeyCode::Char('t'));
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.timeline(), None);
    assert_eq!(app.focus(), atlas_restores::app::Focus::Detail);
}

#[test]
fn lanes_page_with_the_selection_when_they_do_not_all_fit() {
    let mut builder = StoreBuilder::new();
    for at in 0..40u32 {
        let minutes_ago = i64::from(at) * 10 + 5;
        let jobs = vec![finished_job(minutes_ago, 5, at)];
        builder = builder.target("g1", &format!("cluster-{at:02}"), jobs);
    }
    let mut app = App::new(builder.build());
    press(&mut app, KeyCode::Char('t'));
    let first = screen(&mut app, 60, 15, now());
    assert!(first.contains("lanes 1-7 of 40"), "{first}");
    assert!(first.contains("│›cluster-00"), "{first}");
    // The oldest job is the last cluster's: its lane comes into view.
    press(&mut app, KeyCode::Char('G'));
    let last = screen(&mut app, 60, 15, now());
    assert!(last.contains("of 40"), "{last}");
    assert!(last.contains("│›cluster-39"), "{last}");
    assert!(!last.contains("cluster-00"), "{last}");
    let big = screen(&mut app, 300, 80, now());
    assert!(
        big.contains("│›cluster-39") && big.contains("│ cluster-00"),
        "all fit: {big}"
    );
    assert!(!big.contains(" lanes "), "{big}");
}

/// One cluster polled two hours ago at a daily interval (the header reads
/// hours), a finished job selected (its caption never changes), a running
/// one beside it, and one the history remembers.
fn quiet() -> App {
    let built = StoreBuilder::new()
        .target(
            "g1",
            "alpha",
            vec![finished_job(20, 10, 1), automated_job(300, 2, "zeta")],
        )
        .build();
    let mut data = StoreData::clone(&built);
    data.interval = std::time::Duration::from_secs(86_400);
    data.targets[0].fetched_at = Some(minutes_from_now(-120));
    let past = atlas_restores::history::PastJob {
        target: data.targets[0].target.clone(),
        job: finished_job(900, 60, 3),
        gone_at: minutes_from_now(-60),
    };
    data.history.gone = Arc::new(vec![Arc::new(past)]);
    App::new(Arc::new(data))
}

#[test]
fn the_timeline_is_redrawn_once_an_axis_cell_and_exactly_when_it_changes() {
    let (width, height) = (200, 40);
    let mut app = quiet();
    press(&mut app, KeyCode::Char('t'));
    let start = now() + TimeDelta::milliseconds(250);
    let mut shown = screen(&mut app, width, height, start);
    let cells = app.timeline_cells().unwrap_or_else(|| panic!("drawn"));
    // 24 h over the axis's columns: a cell of whole seconds.
    let cell = (86_400 + i64::from(cells) - 1) / i64::from(cells);
    assert!(cell > 400, "a cell lasts minutes: {cell} s");
    let ms = TimeDelta::milliseconds(1);
    let mut at = start;
    let mut wakes = Vec::new();
    while at < start + TimeDelta::hours(3) {
        let change = next_change(&app, at).unwrap_or_else(|| panic!("the axis moves"));
        assert!(change > at);
        let before = screen(&mut app, width, height, change - ms);
        assert_eq!(shown, before, "the timeline changed before {change}");
        let after = screen(&mut app, width, height, change);
        assert_ne!(shown, after, "nothing changed at {change}");
        wakes.push(change);
        shown = after;
        at = change;
    }
    // Each cell's start, and the header's hour turning: nothing else.
    let on_cells = wakes.iter().filter(|w| w.timestamp() % cell == 0).count();
    assert!(wakes.len() <= on_cells + 3, "{wakes:?}");
    let expected = usize::try_from(3 * 3600 / cell).unwrap_or(0);
    assert!(
        on_cells.abs_diff(expected) <= 1,
        "{on_cells} cell wakes, {wakes:?}"
    );
}
