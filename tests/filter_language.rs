//! The filter language, the status set and the table's position, driven by
//! keys as an operator types them over a fleet of two projects: what the
//! rows become, what the prompt, the header and the table's title say, and
//! the cancelled job staying selected in a filtered view.

mod common;

use std::sync::Arc;

use atlas_restores::app::{App, CancelRequest, Effect};
use atlas_restores::atlas::{RestoreJob, Target};
use atlas_restores::poller::store::StoreData;
use common::screen::{lines, render, screen_text};
use common::*;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use serde_json::json;

const PROD: &str = "6600000000000000000000a1";
const STAGING: &str = "6600000000000000000000b2";

fn press(app: &mut App, code: KeyCode) -> Option<Effect> {
    app.handle_key(KeyEvent::new(code, KeyModifiers::NONE))
}

fn type_keys(app: &mut App, text: &str) {
    for c in text.chars() {
        press(app, KeyCode::Char(c));
    }
}

/// `/`, the text, Enter.
fn filter(app: &mut App, text: &str) {
    press(app, KeyCode::Char('/'));
    type_keys(app, text);
    press(app, KeyCode::Enter);
}

fn selected_id(app: &App) -> String {
    app.selected_job()
        .map(|(_, job)| job.id.to_string())
        .unwrap_or_default()
}

/// A restore onto `target`, running (serials 10 and up).
fn running(minutes_ago: i64, serial: u32) -> RestoreJob {
    automated_job(minutes_ago, serial, "orders-copy")
}

/// The fleet: prod (orders-prod, billing-prod) and staging (orders-stg),
/// each with downloads, restores and finished, failed or cancelled jobs.
fn fleet(cancelled: &[String]) -> StoreData {
    let flag = |job: RestoreJob| -> RestoreJob {
        if cancelled.iter().any(|id| *id == *job.id) {
            common::job(
                json!({"id": &*job.id, "deliveryType": job.delivery_type.as_str(), "cancelled": true}),
            )
        } else {
            job
        }
    };
    let orders = vec![
        download_job(1, 1, 50),
        running(2, 10),
        running(3, 11),
        flagged_job(4, 2, "failed"),
        download_job(5, 3, -5),
    ];
    let billing = vec![
        download_job(6, 4, 30),
        running(7, 12),
        flagged_job(8, 5, "cancelled"),
    ];
    let staging = vec![
        download_job(9, 6, 20),
        running(10, 13),
        flagged_job(11, 7, "failed"),
    ];
    let data = StoreBuilder::new()
        .target(PROD, "orders-prod", orders.into_iter().map(flag).collect())
        .project_name("prod")
        .target(
            PROD,
            "billing-prod",
            billing.into_iter().map(flag).collect(),
        )
        .project_name("prod")
        .target(
            STAGING,
            "orders-stg",
            staging.into_iter().map(flag).collect(),
        )
        .project_name("staging")
        .build();
    StoreData::clone(&data)
}

fn app() -> App {
    let mut app = App::new(Arc::new(fleet(&[])));
    app.set_clock(now());
    app
}

/// The ids of the rows as (minutes ago, serial).
fn rows(app: &App) -> Vec<(i64, u32)> {
    let all = [
        (1, 1),
        (2, 10),
        (3, 11),
        (4, 2),
        (5, 3),
        (6, 4),
        (7, 12),
        (8, 5),
        (9, 6),
        (10, 13),
        (11, 7),
    ];
    let ids = row_ids(app);
    ids.iter()
        .map(|id| {
            all.iter()
                .copied()
                .find(|(ago, serial)| object_id(*ago, *serial) == *id)
                .unwrap_or((-1, 0))
        })
        .collect()
}

#[test]
fn words_are_anded_over_what_rows_show() {
    let mut app = app();
    filter(&mut app, "prod download");
    assert_eq!(rows(&app), [(1, 1), (4, 2), (5, 3), (6, 4), (8, 5)]);
    filter(&mut app, " ready");
    assert_eq!(rows(&app), [(1, 1), (6, 4)], "prod download ready");
}

#[test]
fn field_terms_and_negations_narrow_by_one_field() {
    let mut app = app();
    filter(&mut app, "cluster:orders !type:download");
    assert_eq!(rows(&app), [(2, 10), (3, 11), (10, 13)]);
    press(&mut app, KeyCode::Esc);
    filter(&mut app, "project:staging status:fail");
    assert_eq!(rows(&app), [(11, 7)]);
    press(&mut app, KeyCode::Esc);
    filter(&mut app, "!project:prod !status:progress");
    assert_eq!(rows(&app), [(9, 6), (11, 7)]);
    press(&mut app, KeyCode::Esc);
    filter(&mut app, "target:copy cluster:billing");
    assert_eq!(rows(&app), [(7, 12)]);
    press(&mut app, KeyCode::Esc);
    let id = object_id(4, 2);
    filter(&mut app, &format!("id:{}", &id[16..]));
    assert_eq!(rows(&app), [(4, 2)]);
    press(&mut app, KeyCode::Esc);
    filter(&mut app, "status:\"in progress\" cluster:\"orders-prod\"");
    assert_eq!(rows(&app), [(2, 10), (3, 11)]);
}

#[test]
fn an_unknown_field_is_an_error_in_the_prompt_not_an_empty_table() {
    let mut app = app();
    filter(&mut app, "prod");
    let prod_rows = rows(&app);
    assert_eq!(prod_rows.len(), 8);
    press(&mut app, KeyCode::Char('/'));
    type_keys(&mut app, " kluster:orders");
    let screen = screen_text(&render(&mut app, 160, 40));
    assert!(
        screen.contains(
            "✗ no field \"kluster:\" (fields: cluster project type status target id kind"
        ),
        "{screen}"
    );
    assert_eq!(rows(&app), prod_rows, "the rows stay those of \"prod\"");
    press(&mut app, KeyCode::Enter);
    assert!(app.is_typing_filter(), "Enter does not leave a wrong text");
    for _ in 0.."kluster:orders".len() {
        press(&mut app, KeyCode::Backspace);
    }
    type_keys(&mut app, "cluster:orders");
    press(&mut app, KeyCode::Enter);
    assert!(!app.is_typing_filter());
    assert_eq!(rows(&app), [(1, 1), (2, 10), (3, 11), (4, 2), (5, 3)]);
    for (text, error) in [
        ("cluster:", "\"cluster:\" needs a value"),
        ("!", "\"!\" needs a term after it"),
    ] {
        press(&mut app, KeyCode::Esc);
        press(&mut app, KeyCode::Char('/'));
        type_keys(&mut app, text);
        let screen = screen_text(&render(&mut app, 160, 40));
        assert!(screen.contains(&format!("✗ {error}")), "{text}: {screen}");
        press(&mut app, KeyCode::Esc);
        assert_eq!(app.row_count(), 11, "Esc clears a wrong text too");
    }
}

/// The header's summary line: the one saying how many clusters are watched.
fn summary_line(screen: &[String]) -> String {
    let line = screen
        .iter()
        .find(|line| line.contains("3 clusters, 2 projects"));
    line.map_or_else(String::new, |line| line.trim_end().to_string())
}

#[test]
fn status_keys_make_a_set_anded_with_the_text() {
    let mut app = app();
    type_keys(&mut app, "7");
    assert_eq!(
        rows(&app),
        [(1, 1), (2, 10), (3, 11), (6, 4), (7, 12), (9, 6), (10, 13)],
        "active: in progress and ready"
    );
    filter(&mut app, "type:download");
    assert_eq!(rows(&app), [(1, 1), (6, 4), (9, 6)]);
    type_keys(&mut app, "0");
    type_keys(&mut app, "46");
    assert_eq!(
        rows(&app),
        [(4, 2), (5, 3), (11, 7)],
        "failed or expired downloads"
    );
    let screen = lines(&render(&mut app, 160, 40));
    let header = summary_line(&screen);
    assert!(
        header.ends_with("· filter: type:download · status: failed, expired"),
        "{header}"
    );
    assert!(screen_text(&render(&mut app, 160, 40)).contains(" jobs 1/3 · 8 hidden "));
    type_keys(&mut app, "0");
    press(&mut app, KeyCode::Esc);
    let screen = lines(&render(&mut app, 160, 40));
    assert!(!summary_line(&screen).contains("filter"), "{screen:?}");
}

#[test]
fn the_title_counts_the_selected_row_and_a_scrollbar_shows_beyond_a_page() {
    let mut app = app();
    let buffer = render(&mut app, 100, 20);
    let screen = screen_text(&buffer);
    assert!(screen.contains(" jobs 1/11 "), "{screen}");
    type_keys(&mut app, "jjj");
    let buffer = render(&mut app, 100, 20);
    assert!(screen_text(&buffer).contains(" jobs 4/11 "));
    // The table's right border holds the thumb when rows do not fit.
    let thumb_column: Vec<String> = lines(&buffer)
        .iter()
        .filter_map(|line| line.chars().nth(99).map(String::from))
        .collect();
    assert!(thumb_column.contains(&"█".to_string()), "{thumb_column:?}");
    // All rows fitting, no scrollbar.
    let buffer = render(&mut app, 100, 50);
    let right: Vec<String> = lines(&buffer)
        .iter()
        .filter_map(|line| line.chars().nth(99).map(String::from))
        .collect();
    assert!(!right.contains(&"█".to_string()), "{right:?}");
    filter(&mut app, "nothing-matches-this");
    assert!(screen_text(&render(&mut app, 100, 20)).contains(" jobs 0/0 · 11 hidden "));
}

/// The dashboard after a cancel: the cluster refreshed, the job cancelled.
fn after_cancel(app: &mut App, request: &CancelRequest, version: u64) {
    let mut data = fleet(std::slice::from_ref(&request.job_id));
    data.version = version;
    app.set_data(Arc::new(data));
}

#[test]
fn a_cancelled_job_stays_selected_in_a_filtered_view_until_the_selection_moves() {
    let mut app = app();
    app.set_allow_cancel(true);
    type_keys(&mut app, "1"); // in progress
    assert_eq!(rows(&app), [(2, 10), (3, 11), (7, 12), (10, 13)]);
    type_keys(&mut app, "j");
    assert_eq!(selected_id(&app), object_id(3, 11));
    press(&mut app, KeyCode::Char('x'));
    let Some(Effect::Cancel(request)) = press(&mut app, KeyCode::Char('y')) else {
        panic!("x y cancels");
    };
    assert_eq!(
        request,
        CancelRequest {
            target: Target::new(PROD, "orders-prod"),
            job_id: object_id(3, 11)
        }
    );
    after_cancel(&mut app, &request, 2);
    assert_eq!(
        selected_id(&app),
        object_id(3, 11),
        "still the cancelled job"
    );
    assert_eq!(
        rows(&app),
        [(2, 10), (3, 11), (7, 12), (10, 13)],
        "kept in view"
    );
    let screen = screen_text(&render(&mut app, 160, 40));
    assert!(
        screen
            .contains(" jobs 2/4 · 7 hidden · selected job kept: it no longer matches the filter "),
        "{screen}"
    );
    let short_id = object_id(3, 11).split_off(16);
    // The table is left of the detail pane: its part of each line.
    let row = screen
        .lines()
        .filter_map(|line| line.split("││").next())
        .find(|table| table.contains(&short_id));
    assert!(row.is_some_and(|row| row.contains("cancelled")), "{screen}");
    // x y again does not cancel a neighbour: the job is cancelled already.
    press(&mut app, KeyCode::Char('x'));
    assert!(
        app.flash()
            .is_some_and(|f| f.text.contains("is cancelled: it cannot be cancelled")),
        "{:?}",
        app.flash()
    );
    assert!(app.confirming().is_none());
    assert!(!matches!(
        press(&mut app, KeyCode::Char('y')),
        Some(Effect::Cancel(_))
    ));
    // A new poll keeps it; moving off it lets it go.
    after_cancel(&mut app, &request, 3);
    assert_eq!(selected_id(&app), object_id(3, 11));
    type_keys(&mut app, "j");
    assert_eq!(selected_id(&app), object_id(7, 12));
    assert_eq!(rows(&app), [(2, 10), (7, 12), (10, 13)]);
    let screen = screen_text(&render(&mut app, 160, 40));
    assert!(!screen.contains("kept"), "{screen}");
}

#[test]
fn a_new_filter_lets_the_kept_job_go() {
    let mut app = app();
    app.set_allow_cancel(true);
    filter(&mut app, "status:progress");
    press(&mut app, KeyCode::Char('x'));
    let Some(Effect::Cancel(request)) = press(&mut app, KeyCode::Char('y')) else {
        panic!("x y cancels");
    };
    after_cancel(&mut app, &request, 2);
    assert_eq!(selected_id(&app), object_id(2, 10));
    assert_eq!(app.row_count(), 4);
    filter(&mut app, " cluster:orders");
    assert_eq!(rows(&app), [(3, 11), (10, 13)], "the cancelled job went");
    assert_eq!(selected_id(&app), object_id(3, 11));
}

#[test]
fn the_help_lists_the_syntax_and_the_new_keys() {
    let mut app = app();
    press(&mut app, KeyCode::Char('?'));
    let screen = screen_text(&render(&mut app, 160, 60));
    for words in [
        "PgDn Ctrl-f",
        "PgUp Ctrl-b",
        "Ctrl-d",
        "half a page down",
        "1…6",
        "only the active jobs: in progress and ready",
        "every status",
        "field:value",
        "!term negates",
    ] {
        assert!(screen.contains(words), "{words}: {screen}");
    }
}
