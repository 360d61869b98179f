//! End to end at small sizes: the real binary in tmux at 60×15 and 80×24
//! against the simulator. The key hints keep `? help` and `q quit`
//! whatever the width, the help scrolls and closes only on q, Esc or ?,
//! and `d` and `z` hide and zoom the detail pane. Every wait is on a
//! condition with a deadline.

mod common;

use atlas_restores::sim::{Scenario, SimConfig, Simulator};
use common::terminal::Run;
use serde_json::json;

const GROUP: &str = "5e2211c17a3e5a48f5497de3";

fn scenario() -> Scenario {
    let jobs: Vec<serde_json::Value> = (1..=12)
        .map(|n| {
            json!({"id": format!("65650000aaaaaaaaaaaa{n:04}"), "deliveryType": "automated",
                "targetClusterName": "orders-prod-restore-eu-west", "targetGroupId": GROUP,
                "finishedAt": format!("-{n}h")})
        })
        .collect();
    let text = json!({"projects": [{"id": GROUP, "name": "prod", "clusters": [
        {"name": "orders-analytics-eu-west", "jobs": jobs},
    ]}]});
    Scenario::from_json(&text.to_string()).unwrap_or_else(|error| panic!("{error}"))
}

async fn start(width: u16, height: u16) -> Run {
    let sim = Simulator::start(SimConfig::new(scenario()))
        .await
        .unwrap_or_else(|error| panic!("{error}"));
    let args = format!("--project {GROUP} --interval 300ms");
    Run::start(sim, &args, &[], (width, height), false).await
}

/// The last line with text: the key hints.
fn hints(screen: &str) -> &str {
    screen
        .lines()
        .rev()
        .find(|line| !line.trim().is_empty())
        .unwrap_or_default()
}

/// `first`, `last` and `total` of the help's ` keys 7-28/36 ` border.
fn help_position(screen: &str) -> Option<(usize, usize, usize)> {
    let (_, rest) = screen.split_once(" keys ")?;
    let (range, _) = rest.split_once(' ')?;
    let (lines, total) = range.split_once('/')?;
    let (first, last) = lines.split_once('-')?;
    Some((first.parse().ok()?, last.parse().ok()?, total.parse().ok()?))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn small_terminals_keep_help_and_quit_and_the_cluster() {
    let run = start(60, 15).await;
    let tmux = &run.tmux;
    // tmux 3.3 shows a frame as it arrives: each wait holds until the
    // bottom line, drawn last, is there too.
    let screen = tmux
        .wait_for("the jobs at 60×15", |s| {
            s.contains("aaaa0012") && hints(s).contains("? help")
        })
        .await;
    let header = screen
        .lines()
        .find(|line| line.contains("status") && line.contains("id"))
        .unwrap_or_default();
    assert!(
        header.contains("cluster") && header.contains("expires"),
        "{screen}"
    );
    assert!(screen.contains("orders-analytics-eu-west"), "{screen}");
    let line = hints(&screen);
    assert!(
        line.contains("? help") && line.contains("q quit"),
        "{screen}"
    );
    assert!(!line.contains("r refr"), "no hint is cut: {line}");

    run.tmux
        .run(&["resize-window", "-t", "e2e", "-x", "80", "-y", "24"]);
    let screen = tmux
        .wait_for("the 80×24 layout, help and quit hinted", |s| {
            s.lines().count() >= 24
                && s.contains("┌ detail")
                && hints(s).contains("? help")
                && hints(s).contains("q quit")
        })
        .await;
    assert!(
        !hints(&screen).contains("r refr"),
        "no hint is cut: {screen}"
    );

    // `d` hides the detail pane and the table takes its rows back.
    tmux.keys(&["d"]);
    let screen = tmux
        .wait_for("the pane hidden, the way back hinted", |s| {
            !s.contains("┌ detail") && s.contains("aaaa0001") && hints(s).contains("d show detail")
        })
        .await;
    let rows = screen
        .lines()
        .filter(|line| line.contains("aaaa00"))
        .count();
    assert!(rows > 7, "the table takes the pane's rows: {screen}");
    // `z` zooms it: the table gives way; Esc brings the table back.
    tmux.keys(&["z"]);
    tmux.wait_for("the pane zoomed", |s| {
        s.contains("┌ detail") && !s.contains("┌ jobs") && hints(s).contains("z back")
    })
    .await;
    tmux.keys(&["Escape"]);
    tmux.wait_for("the table back", |s| {
        s.contains("┌ jobs") && s.contains("┌ detail")
    })
    .await;
    tmux.keys(&["q"]);
    assert_eq!(run.exit_status().await, "0");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_help_scrolls_and_closes_only_on_q_esc_or_question_mark() {
    let run = start(80, 24).await;
    let tmux = &run.tmux;
    tmux.wait_for("the jobs", |s| s.contains("aaaa0012")).await;

    tmux.keys(&["?"]);
    let screen = tmux
        // Whole: tmux may show a frame before all of it has arrived.
        .wait_for("the help from its top, with its keys", |s| {
            help_position(s).is_some_and(|(first, ..)| first == 1) && s.contains("q Esc ? close")
        })
        .await;
    let (_, shown, total) = help_position(&screen).unwrap_or_default();
    assert!(
        shown < total,
        "80×24 cannot show all {total} lines:\n{screen}"
    );

    tmux.keys(&["j", "j", "j"]);
    tmux.wait_for("three lines down", |s| {
        help_position(s).is_some_and(|(first, ..)| first == 4)
    })
    .await;
    tmux.keys(&["x", "r", "Enter"]);
    tmux.keys(&["G"]);
    let screen = tmux
        .wait_for("the end of the help", |s| {
            help_position(s).is_some_and(|(_, last, total)| last == total)
        })
        .await;
    assert!(
        screen.contains("while typing a filter"),
        "other keys left it open:\n{screen}"
    );
    tmux.keys(&["PageUp"]);
    tmux.wait_for("a page up", |s| {
        help_position(s).is_some_and(|(_, last, total)| last < total)
    })
    .await;
    tmux.keys(&["g"]);
    tmux.wait_for("the top again", |s| {
        help_position(s).is_some_and(|(first, ..)| first == 1)
    })
    .await;

    // q closes the help and does not quit; Esc and ? close it too.
    for close in ["q", "Escape", "?"] {
        tmux.keys(&[close]);
        tmux.wait_for("the help closed", |s| {
            help_position(s).is_none() && s.contains("aaaa0012")
        })
        .await;
        tmux.keys(&["?"]);
        tmux.wait_for("the help open", |s| help_position(s).is_some())
            .await;
    }
    tmux.keys(&["?", "q"]);
    assert_eq!(run.exit_status().await, "0");
}
