//! The header, the status bar and the help overlay: what the app says about
//! its own state (failing clusters, the filter, notices, project errors)
//! and its keys.

use super::*;

#[test]
fn a_failing_cluster_is_flagged_in_the_header_and_summed_up_below() {
    let mut app = sample_app();
    let screen = render(&mut app, 160, 45);
    let text = screen_text(&screen);
    // Its data is three polling intervals old: the attention line says so.
    assert!(lines(&screen)[0].contains("◌ 1 cluster not updated for 3m"));
    assert!(lines(&screen)[1].contains("⚠ 1 of 2 clusters failing"));
    let status_bar = lines(&screen)[43].trim_end().to_string();
    assert_eq!(
        status_bar,
        " ⚠ 1 cluster failing: 0d4e5f/billing (503) · ! details"
    );
    assert!(text.contains("updated 1m ago · every 1m"));
}

#[test]
fn the_filter_prompt_counts_and_the_header_names_the_filters_in_force() {
    let mut app = sample_app();
    for c in "/orders".chars() {
        press(&mut app, KeyCode::Char(c));
    }
    let text = screen_text(&render(&mut app, 160, 45));
    assert!(text.contains("filter: \"orders▏\" (3 of 6)"), "{text}");
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Char('2'));
    let text = screen_text(&render(&mut app, 160, 45));
    assert!(!text.contains("orders▏"), "the prompt closed: {text}");
    assert!(text.contains(" · filter: orders · status: ready"), "{text}");
    assert!(text.contains("jobs 1/1 · 5 hidden"), "{text}");
}

#[test]
fn standing_notices_show_in_the_status_bar() {
    let built = StoreBuilder::new()
        .target("g", "c", vec![automated_job(5, 1, "copy")])
        .build();
    let mut data = (*built).clone();
    data.notices = vec![
        "warning: credentials are sent over plain http:// to http://atlas.example (--allow-insecure-http)".into(),
    ];
    let text = screen_text(&render(&mut App::new(std::sync::Arc::new(data)), 160, 45));
    let status = text.lines().rev().nth(1).unwrap_or_default();
    assert!(
        status.contains("plain http://") && status.contains("the cluster polled fine"),
        "{status}"
    );
}

#[test]
fn a_project_that_cannot_be_listed_is_named_in_the_status_bar() {
    let built = StoreBuilder::new().build();
    let mut data = (*built).clone();
    data.project_errors.insert(
        "6600000000000000000d4e5f".into(),
        atlas_restores::poller::store::TargetError::new(
            "authentication failed: check MONGODB_ATLAS_PUBLIC_API_KEY and MONGODB_ATLAS_PRIVATE_API_KEY (401 NOT_ORG_GROUP_CREATOR)",
            now(),
        ),
    );
    let text = screen_text(&render(&mut App::new(std::sync::Arc::new(data)), 200, 45));
    let status = text.lines().rev().nth(1).unwrap_or_default();
    assert!(
        status.contains("project 6600000000000000000d4e5f: authentication failed"),
        "{status}"
    );
}

#[test]
fn help_lists_every_key_binding() {
    let mut app = sample_app();
    press(&mut app, KeyCode::Char('?'));
    let text = screen_text(&render(&mut app, 160, 45));
    for binding in atlas_restores::app::keys::BINDINGS {
        assert!(text.contains(binding.help), "help shows {:?}", binding.help);
    }
}
