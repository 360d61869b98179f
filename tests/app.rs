//! Behaviour of the view state, driven by keys as a user would.

mod common;

use atlas_restores::app::{App, Effect};
use atlas_restores::atlas::JobStatus;
use common::*;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn press(app: &mut App, code: KeyCode) -> Option<Effect> {
    app.handle_key(KeyEvent::new(code, KeyModifiers::NONE))
}

fn type_keys(app: &mut App, text: &str) {
    for c in text.chars() {
        press(app, KeyCode::Char(c));
    }
}

fn selected_id(app: &App) -> String {
    app.selected_job()
        .map(|(_, job)| job.id.to_string())
        .unwrap_or_default()
}

/// The shared five-job store in a fresh app.
fn five_jobs() -> App {
    App::new(common::five_jobs())
}

#[test]
fn rows_start_newest_first_and_ties_break_by_id() {
    let app = five_jobs();
    let expected: Vec<String> = [(10, 1), (20, 2), (30, 3), (40, 4), (50, 5)]
        .iter()
        .map(|(ago, serial)| object_id(*ago, *serial))
        .collect();
    assert_eq!(row_ids(&app), expected);
}

#[test]
fn s_cycles_sort_columns_and_capital_s_reverses() {
    let mut app = five_jobs();
    type_keys(&mut app, "s"); // expires: soonest first, none last
    assert_eq!(app.sort().column.word(), "expires");
    assert_eq!(row_ids(&app)[..2], [object_id(20, 2), object_id(10, 1)]);
    type_keys(&mut app, "S");
    assert!(app.sort().descending);
    assert_eq!(row_ids(&app)[3..], [object_id(10, 1), object_id(20, 2)]);
    type_keys(&mut app, "s"); // status: in progress, ready, finished, failed, cancelled
    let statuses: Vec<JobStatus> = app.rows().map(|(_, job)| job.status()).collect();
    assert_eq!(
        statuses,
        [
            JobStatus::InProgress,
            JobStatus::Ready,
            JobStatus::Ready,
            JobStatus::Failed,
            JobStatus::Cancelled
        ]
    );
    type_keys(&mut app, "ssss"); // cluster, type, id, back to created
    assert_eq!(
        app.sort().column.word(),
        "created",
        "the cycle wraps around"
    );
}

#[test]
fn typing_a_filter_narrows_rows_and_esc_clears_it() {
    let mut app = five_jobs();
    type_keys(&mut app, "/BETA");
    assert!(app.is_typing_filter());
    assert_eq!(app.row_count(), 3);
    assert!(
        app.rows()
            .all(|(state, _)| state.target.cluster_name == "beta")
    );
    press(&mut app, KeyCode::Backspace);
    assert_eq!(app.filter().text(), "BET");
    press(&mut app, KeyCode::Enter);
    assert!(!app.is_typing_filter());
    assert_eq!(app.row_count(), 3, "Enter keeps the filter");
    type_keys(&mut app, "/");
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.row_count(), 5);
}

#[test]
fn the_filter_matches_target_clusters_and_urls() {
    let mut app = five_jobs();
    type_keys(&mut app, "/zeta");
    assert_eq!(row_ids(&app), [object_id(30, 3)]);
    press(&mut app, KeyCode::Esc);
    type_keys(&mut app, "/restore.example.net/2/");
    assert_eq!(row_ids(&app), [object_id(20, 2)]);
}

#[test]
fn letters_typed_into_a_filter_are_not_commands() {
    let mut app = five_jobs();
    type_keys(&mut app, "/q");
    assert_eq!(app.filter().text(), "q");
    let quit = app.handle_key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL));
    assert_eq!(quit, Some(Effect::Quit), "Ctrl-c still quits");
}

#[test]
fn digits_toggle_statuses_into_a_set_and_zero_shows_all() {
    let mut app = five_jobs();
    type_keys(&mut app, "2");
    assert_eq!(row_ids(&app), [object_id(10, 1), object_id(20, 2)]);
    type_keys(&mut app, "4");
    let ready_or_failed = [object_id(10, 1), object_id(20, 2), object_id(40, 4)];
    assert_eq!(row_ids(&app), ready_or_failed);
    type_keys(&mut app, "2");
    assert_eq!(row_ids(&app), [object_id(40, 4)], "2 again takes ready out");
    type_keys(&mut app, "0");
    assert_eq!(app.row_count(), 5);
    type_keys(&mut app, "7");
    let active = [object_id(10, 1), object_id(20, 2), object_id(30, 3)];
    assert_eq!(row_ids(&app), active, "7: in progress and ready");
    type_keys(&mut app, "7");
    assert_eq!(app.row_count(), 5, "7 again shows all");
}

#[test]
fn the_selection_follows_its_job_through_a_reordering_refresh() {
    let mut app = five_jobs();
    type_keys(&mut app, "jj");
    assert_eq!(selected_id(&app), object_id(30, 3));
    // A newer job appears at the top; the selected one moves down a row.
    let data = StoreBuilder::new()
        .target(
            "g1",
            "alpha",
            vec![
                download_job(10, 1, 90),
                automated_job(30, 3, "zeta"),
                download_job(1, 9, 60),
            ],
        )
        .target("g1", "beta", vec![download_job(20, 2, 5)])
        .version(2)
        .build();
    app.set_data(data);
    assert_eq!(selected_id(&app), object_id(30, 3));
    assert_eq!(app.selected_row(), Some(3));
}

#[test]
fn a_filtered_out_selection_moves_to_the_nearest_row() {
    let mut app = five_jobs();
    type_keys(&mut app, "jjj");
    assert_eq!(selected_id(&app), object_id(40, 4));
    type_keys(&mut app, "/alpha");
    assert_eq!(app.selected_row(), Some(1), "the last row of two");
    assert_eq!(selected_id(&app), object_id(30, 3));
}

#[test]
fn the_same_version_does_not_reindex() {
    let mut app = five_jobs();
    let same_version = StoreBuilder::new().target("g1", "alpha", vec![]).build();
    app.set_data(same_version);
    assert_eq!(app.row_count(), 5);
}

#[test]
fn paging_and_jumping_to_either_end() {
    let jobs = (0..100)
        .map(|n| download_job(i64::from(n), n, 60))
        .collect();
    let mut app = App::new(StoreBuilder::new().target("g", "c", jobs).build());
    app.set_page_size(10);
    let ctrl = |app: &mut App, c: char| {
        app.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
    };
    press(&mut app, KeyCode::PageDown);
    assert_eq!(app.selected_row(), Some(10));
    ctrl(&mut app, 'f');
    assert_eq!(app.selected_row(), Some(20), "Ctrl-f: a page");
    assert_eq!(app.visible_rows().next().map(|(row, _, _)| row), Some(11));
    ctrl(&mut app, 'd');
    assert_eq!(app.selected_row(), Some(25), "Ctrl-d: half a page");
    ctrl(&mut app, 'u');
    assert_eq!(app.selected_row(), Some(20), "Ctrl-u: half a page");
    ctrl(&mut app, 'b');
    assert_eq!(app.selected_row(), Some(10), "Ctrl-b: a page");
    press(&mut app, KeyCode::PageUp);
    assert_eq!(app.selected_row(), Some(0));
    type_keys(&mut app, "G");
    assert_eq!(app.selected_row(), Some(99));
    assert_eq!(app.visible_rows().count(), 10);
    press(&mut app, KeyCode::PageDown);
    assert_eq!(app.selected_row(), Some(99), "stops at the last row");
    type_keys(&mut app, "g");
    assert_eq!(app.selected_row(), Some(0));
    press(&mut app, KeyCode::PageUp);
    assert_eq!(app.selected_row(), Some(0));
}

#[test]
fn keys_ask_for_refresh_quit_and_toggle_help() {
    let mut app = five_jobs();
    assert_eq!(
        press(&mut app, KeyCode::Char('r')),
        Some(Effect::RefreshAll)
    );
    press(&mut app, KeyCode::Char('?'));
    assert!(app.help_open());
    for key in [KeyCode::Char('x'), KeyCode::Char('r'), KeyCode::Enter] {
        assert_eq!(press(&mut app, key), None, "{key:?} does nothing in help");
        assert!(app.help_open(), "{key:?} leaves the help open");
    }
    assert_eq!(
        press(&mut app, KeyCode::Char('q')),
        None,
        "q closes help, it does not quit"
    );
    assert!(!app.help_open());
    for close in [KeyCode::Esc, KeyCode::Char('?')] {
        press(&mut app, KeyCode::Char('?'));
        press(&mut app, close);
        assert!(!app.help_open(), "{close:?} closes help");
    }
    assert_eq!(press(&mut app, KeyCode::Char('q')), Some(Effect::Quit));
}

#[test]
fn in_the_focused_detail_pane_j_and_k_scroll_instead_of_moving() {
    let mut app = five_jobs();
    press(&mut app, KeyCode::Enter);
    type_keys(&mut app, "jjj");
    assert_eq!(app.detail_scroll(), 3);
    assert_eq!(app.selected_row(), Some(0));
    press(&mut app, KeyCode::Tab);
    type_keys(&mut app, "j");
    assert_eq!(app.selected_row(), Some(1));
    assert_eq!(
        app.detail_scroll(),
        0,
        "a new job shows its detail from the top"
    );
}

#[test]
fn the_mouse_selects_rows_sorts_by_header_and_scrolls() {
    use atlas_restores::app::sort::SortColumn;
    use atlas_restores::ui::jobs_table::Hit;
    use ratatui::layout::Rect;

    let mut app = five_jobs();
    let area = Rect::new(0, 0, 160, 45);
    app.set_page_size(atlas_restores::ui::table_page_size(area, &app));
    // The table's header is on the row under the two header lines and the
    // border; rows follow it.
    let header_y = 3;
    let row = atlas_restores::ui::table_hit(area, &app, 20, header_y + 3);
    assert_eq!(row, Some(Hit::Row(2)));
    app.click_row(2);
    assert_eq!(selected_id(&app), object_id(30, 3));

    let status_header = atlas_restores::ui::table_hit(area, &app, 3, header_y);
    assert_eq!(status_header, Some(Hit::Header(SortColumn::Status)));
    app.click_header(SortColumn::Status);
    assert_eq!(app.sort().column, SortColumn::Status);
    let before = app.sort().descending;
    app.click_header(SortColumn::Status);
    assert_eq!(app.sort().descending, !before, "a second click reverses");
    assert_eq!(
        selected_id(&app),
        object_id(30, 3),
        "the selection follows the job"
    );

    app.click_row(0);
    app.wheel(1);
    assert_eq!(app.selected_row(), Some(3), "one notch moves three rows");
    app.wheel(-5);
    assert_eq!(app.selected_row(), Some(0));
    assert_eq!(
        atlas_restores::ui::table_hit(area, &app, 0, 0),
        None,
        "the header line is not the table"
    );
}

#[test]
fn the_cluster_picker_toggles_filters_and_applies_a_new_watch_list() {
    use atlas_restores::atlas::Target;
    use atlas_restores::atlas::inventory::{Cluster, Project};
    use atlas_restores::poller::store::{Inventory, ProjectClusters};

    let cluster = |name: &str| Cluster {
        name: name.into(),
        cluster_type: Some("REPLICASET".into()),
        state_name: Some("IDLE".into()),
        backup_enabled: true,
        paused: false,
        kind: atlas_restores::atlas::ClusterKind::Dedicated,
    };
    let built = StoreBuilder::new().target("g1", "alpha", vec![]).build();
    let mut data = (*built).clone();
    data.inventory = Inventory::Loaded(vec![ProjectClusters {
        project: Project {
            id: "g1".into(),
            name: "prod".into(),
            org_id: None,
        },
        clusters: Ok(vec![cluster("alpha"), cluster("beta"), cluster("gamma")]),
    }]);
    let mut app = App::new(std::sync::Arc::new(data));

    assert_eq!(
        press(&mut app, KeyCode::Char('c')),
        Some(Effect::LoadInventory)
    );
    let chosen = |app: &App| {
        app.picker_rows()
            .iter()
            .filter(|r| r.chosen)
            .map(|r| r.cluster.name.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(chosen(&app), ["alpha"], "what is watched now starts ticked");
    press(&mut app, KeyCode::Char('j'));
    press(&mut app, KeyCode::Char(' '));
    assert_eq!(chosen(&app), ["alpha", "beta"]);
    type_keys(&mut app, "/gam");
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.picker_rows().len(), 1, "the filter narrows the list");
    press(&mut app, KeyCode::Char(' '));
    let applied = press(&mut app, KeyCode::Enter);
    let expected = vec![
        Target::new("g1", "alpha"),
        Target::new("g1", "beta"),
        Target::new("g1", "gamma"),
    ];
    assert_eq!(applied, Some(Effect::SetTargets(expected)));
    assert!(app.picker().is_none(), "Enter closes the picker");

    press(&mut app, KeyCode::Char('c'));
    press(&mut app, KeyCode::Char(' '));
    assert_eq!(press(&mut app, KeyCode::Esc), None, "Esc cancels");
    assert!(app.picker().is_none());
    press(&mut app, KeyCode::Char('c'));
    assert_eq!(
        press(&mut app, KeyCode::Char('w')),
        Some(Effect::SaveTargets(
            atlas_restores::config::saved_targets::Choice {
                clusters: vec![Target::new("g1", "alpha")],
                ..Default::default()
            }
        )),
        "no project is watched whole: nothing to exclude"
    );
}

#[test]
fn typing_and_deleting_in_the_filter_gives_the_rows_a_fresh_filter_would() {
    let mut app = five_jobs();
    press(&mut app, KeyCode::Char('/'));
    let fresh_rows = |text: &str| {
        let mut fresh = five_jobs();
        press(&mut fresh, KeyCode::Char('/'));
        type_keys(&mut fresh, text);
        row_ids(&fresh)
    };
    let mut typed = String::new();
    for c in "beta".chars() {
        press(&mut app, KeyCode::Char(c));
        typed.push(c);
        assert_eq!(row_ids(&app), fresh_rows(&typed), "after typing {typed:?}");
    }
    for _ in 0..4 {
        press(&mut app, KeyCode::Backspace);
        typed.pop();
        assert_eq!(
            row_ids(&app),
            fresh_rows(&typed),
            "after deleting back to {typed:?}"
        );
    }
    assert_eq!(row_ids(&app).len(), 5);
}

#[test]
fn one_mode_at_a_time_keys_go_to_the_open_one() {
    use atlas_restores::app::Mode;

    let mut app = five_jobs();
    app.set_allow_cancel(true);
    type_keys(&mut app, "/?");
    assert_eq!(app.filter().text(), "?", "a filter takes ? as text");
    assert_eq!(app.mode(), &Mode::Filter);
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Char('c'));
    press(&mut app, KeyCode::Char('?'));
    assert!(
        app.picker().is_some() && !app.help_open(),
        "? inside the picker"
    );
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.mode(), &Mode::Normal);
    press(&mut app, KeyCode::Char('x'));
    assert!(app.confirming().is_some());
    assert_eq!(press(&mut app, KeyCode::Char('?')), None);
    assert_eq!(
        app.mode(),
        &Mode::Normal,
        "? answers the confirmation: keep"
    );
    assert_eq!(
        app.flash().map(|f| f.text.clone()),
        Some(format!("kept restore job {}", object_id(10, 1)))
    );
}
