//! End to end: the real binary in a real terminal (tmux, which answers
//! crossterm's queries) at a fixed size against the simulator. Keys are
//! pressed with `send-keys`, the screen read with `capture-pane`, and every
//! wait is on a condition with a deadline.

mod common;

use std::process::Command;
use std::time::Duration;

use atlas_restores::sim::{Scenario, SimConfig, Simulator};
use common::servers::one_project;
use common::terminal::{Run, row_of};
use serde_json::json;

const GROUP: &str = "5e2211c17a3e5a48f5497de3";

fn scenario() -> Scenario {
    let text = json!({"projects": [{"id": GROUP, "name": "prod", "clusters": [
        {"name": "orders", "jobs": [
            {"id": "65650000aaaaaaaaaaaa0001", "deliveryType": "download", "sim": {"readyAfter": "30m"}},
            {"id": "65640000bbbbbbbbbbbb0002", "deliveryType": "automated", "targetClusterName": "orders-copy", "targetGroupId": GROUP, "finishedAt": "-1h"},
        ]},
        {"name": "billing", "jobs": [
            {"id": "65630000cccccccccccc0003", "deliveryType": "download", "finishedAt": "-5m", "deliveryUrl": ["https://restore.example/billing.tar.gz"], "expiresAt": "+55m"},
            {"id": "65620000dddddddddddd0004", "deliveryType": "automated", "targetClusterName": "billing", "failed": true},
        ]},
    ]}]});
    Scenario::from_json(&text.to_string()).unwrap_or_else(|error| panic!("{error}"))
}

async fn simulator() -> Simulator {
    Simulator::start(SimConfig::new(scenario()))
        .await
        .unwrap_or_else(|error| panic!("{error}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_dashboard_in_a_real_terminal() {
    let sim = simulator().await;
    let private_key = sim.private_key().to_string();
    let args = format!("--project {GROUP} --interval 300ms");
    let run = Run::start(sim, &args, &[], (120, 35), false).await;
    let tmux = &run.tmux;

    // Every job of both clusters appears with its status word.
    let screen = tmux
        .wait_for("four jobs", |s| {
            ["aaaa0001", "bbbb0002", "cccc0003", "dddd0004"]
                .iter()
                .all(|id| s.contains(id))
        })
        .await;
    assert!(
        row_of(&screen, "aaaa0001").contains("in progress"),
        "{screen}"
    );
    assert!(row_of(&screen, "cccc0003").contains("ready"), "{screen}");
    assert!(row_of(&screen, "dddd0004").contains("failed"), "{screen}");
    assert!(!screen.contains(&private_key));

    // The in-progress download turns ready by itself when Atlas says so.
    run.sim.advance(Duration::from_secs(31 * 60));
    let screen = tmux
        .wait_for("the download ready", |s| {
            row_of(s, "aaaa0001").contains("ready")
        })
        .await;
    assert!(
        row_of(&screen, "aaaa0001").contains("in 1h"),
        "over an hour to download it:\n{screen}"
    );

    // `/` filters as you type; Esc clears it.
    tmux.keys(&["/", "b", "i", "l", "l"]);
    let filtered = tmux
        .wait_for("the filter", |s| {
            !s.contains("aaaa0001") && s.contains("cccc0003")
        })
        .await;
    assert!(
        filtered.contains("dddd0004") && !filtered.contains("bbbb0002"),
        "{filtered}"
    );
    tmux.keys(&["Escape"]);
    tmux.wait_for("the filter cleared", |s| {
        s.contains("aaaa0001") && s.contains("cccc0003")
    })
    .await;

    // `?` shows the help overlay with every key; `?` closes it again.
    tmux.keys(&["?"]);
    tmux.wait_for("the help", |s| {
        s.contains("refresh") && s.contains("sort") && s.contains("quit")
    })
    .await;
    tmux.keys(&["?"]);

    // `s` moves the sort marker off `created`.
    tmux.keys(&["s"]);
    tmux.wait_for("sorted by expiry", |s| s.contains("sort: expires"))
        .await;

    // `q` quits with status 0.
    tmux.keys(&["q"]);
    assert_eq!(run.exit_status().await, "0");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signals_end_the_dashboard_with_the_terminal_restored() {
    for signal in ["TERM", "HUP", "INT"] {
        let args = format!("--project {GROUP} --interval 300ms");
        let run = Run::start(simulator().await, &args, &[], (100, 30), true).await;
        run.tmux
            .wait_for("the jobs", |s| s.contains("aaaa0001"))
            .await;
        assert_eq!(
            run.tmux
                .run(&["display-message", "-p", "-t", "e2e", "#{alternate_on}"])
                .trim(),
            "1"
        );
        let pid = run.pid();
        let killed = Command::new("kill")
            .args([format!("-{signal}"), pid.clone()])
            .status();
        assert!(
            killed.is_ok_and(|status| status.success()),
            "kill -{signal} {pid}"
        );
        assert_eq!(run.exit_status().await, "0", "SIG{signal}");
        run.assert_restored(&format!("SIG{signal}"));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_panic_restores_the_terminal_and_says_what_happened() {
    let args = format!("--project {GROUP}");
    let env = [
        ("ATLAS_RESTORES_TEST_PANIC", "1".to_string()),
        ("RUST_BACKTRACE", "0".to_string()),
        ("RUST_LIB_BACKTRACE", "0".to_string()),
    ];
    let run = Run::start(simulator().await, &args, &env, (100, 30), true).await;
    assert_eq!(
        run.exit_status().await,
        "101",
        "a panic exits with Rust's panic status"
    );
    run.assert_restored("a panic");
    let screen = run.tmux.screen();
    assert!(
        screen.contains("test panic requested"),
        "the report is readable:\n{screen}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn resizing_redraws_the_layout() {
    let args = format!("--project {GROUP} --interval 300ms");
    let run = Run::start(simulator().await, &args, &[], (160, 40), false).await;
    let side_by_side = |s: &str| {
        s.lines()
            .any(|line| line.contains("┌ jobs") && line.contains("┌ detail"))
    };
    run.tmux
        .wait_for("the detail pane on the right", |s| {
            side_by_side(s) && s.contains("aaaa0001")
        })
        .await;
    run.tmux
        .run(&["resize-window", "-t", "e2e", "-x", "90", "-y", "30"]);
    run.tmux
        .wait_for("the detail pane below", |s| {
            !side_by_side(s) && s.contains("┌ detail")
        })
        .await;
    run.tmux
        .run(&["resize-window", "-t", "e2e", "-x", "50", "-y", "12"]);
    run.tmux
        .wait_for("the too-small message", |s| s.contains("too small"))
        .await;
    run.tmux
        .run(&["resize-window", "-t", "e2e", "-x", "160", "-y", "40"]);
    run.tmux
        .wait_for("the wide layout again", side_by_side)
        .await;
    run.tmux.keys(&["q"]);
    assert_eq!(run.exit_status().await, "0");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_mouse_selects_and_sorts_unless_turned_off() {
    let args = format!("--project {GROUP} --interval 300ms");
    let run = Run::start(simulator().await, &args, &[], (160, 40), false).await;
    let all_four = |s: &str| {
        ["aaaa0001", "bbbb0002", "cccc0003", "dddd0004"]
            .iter()
            .all(|id| s.contains(id))
    };
    run.tmux.wait_for("all four jobs", all_four).await;
    let flags = "#{mouse_any_flag}";
    assert_eq!(
        run.tmux
            .run(&["display-message", "-p", "-t", "e2e", flags])
            .trim(),
        "1",
        "mouse captured"
    );
    // Click the fourth row, then the `status` header.
    run.tmux.click(19, 7);
    run.tmux
        .wait_for("the clicked job in the detail pane", |s| {
            s.contains("65620000dddddddddddd0004")
        })
        .await;
    run.tmux.click(2, 3);
    run.tmux
        .wait_for("sorted by status", |s| s.contains("sort: status"))
        .await;
    run.tmux.keys(&["q"]);
    assert_eq!(run.exit_status().await, "0");

    let args = format!("--project {GROUP} --no-mouse");
    let run = Run::start(simulator().await, &args, &[], (160, 40), true).await;
    run.tmux
        .wait_for("the jobs", |s| s.contains("dddd0004"))
        .await;
    assert_eq!(
        run.tmux
            .run(&["display-message", "-p", "-t", "e2e", flags])
            .trim(),
        "0",
        "--no-mouse"
    );
    run.tmux.keys(&["q"]);
    assert_eq!(run.exit_status().await, "0");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_color_means_no_colour_codes_but_a_visible_selection_and_alerts() {
    let args = format!("--project {GROUP}");
    let env = [("NO_COLOR", "1".to_string())];
    let run = Run::start(simulator().await, &args, &env, (160, 40), false).await;
    run.tmux
        .wait_for("the jobs", |s| {
            s.contains("dddd0004") && s.contains("failed")
        })
        .await;
    let styled = run.tmux.run(&["capture-pane", "-p", "-e", "-t", "e2e"]);
    let sgr: Vec<&str> = styled
        .split("\x1b[")
        .skip(1)
        .filter_map(|rest| rest.split('m').next())
        .collect();
    let colours: Vec<&&str> = sgr
        .iter()
        .filter(|codes| {
            codes
                .split(';')
                // 39 and 49 mean "the terminal's default colour": no colour.
                .any(|c| matches!(c.parse::<u16>(), Ok(30..=38 | 40..=48 | 90..=107)))
        })
        .collect();
    assert!(
        colours.is_empty(),
        "colour codes under NO_COLOR: {colours:?}"
    );
    // The selection (the newest job) is underlined, the failed job in
    // reverse video: louder than the selection.
    let codes_of = |line: &str| -> Vec<String> {
        line.split("\x1b[")
            .skip(1)
            .filter_map(|rest| rest.split('m').next())
            .flat_map(|codes| codes.split(';'))
            .map(str::to_string)
            .collect()
    };
    let underlined: Vec<&str> = styled
        .lines()
        .filter(|line| codes_of(line).iter().any(|c| c == "4"))
        .collect();
    assert_eq!(underlined.len(), 1, "one selected row: {underlined:?}");
    let selected = underlined.first().copied().unwrap_or_default();
    assert!(!codes_of(selected).iter().any(|c| c == "7"), "{selected:?}");
    assert!(!selected.contains("dddd0004"), "the newest job is selected");
    let failed = styled.lines().find(|line| line.contains("dddd0004"));
    let failed = codes_of(failed.unwrap_or_else(|| panic!("the failed row in {styled:?}")));
    assert!(failed.iter().any(|c| c == "7"), "reversed: {failed:?}");
    run.tmux.keys(&["q"]);
    assert_eq!(run.exit_status().await, "0");
}

/// Waits until the simulator has answered `more` restore-job listings
/// beyond `after`; the count reached.
async fn polls_after(sim: &Simulator, after: u64, more: u64) -> u64 {
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    loop {
        let polls = sim.stats().restore_job_list_requests;
        if polls >= after + more {
            return polls;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "{polls} polls, waited for {}",
            after + more
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unchanged_answers_write_nothing_to_the_terminal() {
    // No countdown on screen: nothing but the polls could cause a redraw.
    let sim = one_project(
        GROUP,
        json!([
        {"name": "orders", "jobs": [
            {"id": "65650000aaaaaaaaaaaa0001", "deliveryType": "automated", "targetClusterName": "copy", "targetGroupId": GROUP, "sim": {"failAfter": "10m"}},
            {"id": "65640000bbbbbbbbbbbb0002", "deliveryType": "automated", "targetClusterName": "copy", "targetGroupId": GROUP, "finishedAt": "-1h"},
        ]},
        ]),
    )
    .await;
    let args = format!("--cluster {GROUP}/orders --interval 300ms");
    let run = Run::start(sim, &args, &[], (120, 35), false).await;
    let screen = run
        .tmux
        .wait_for("both jobs", |s| {
            s.contains("aaaa0001") && s.contains("bbbb0002")
        })
        .await;
    assert!(
        row_of(&screen, "aaaa0001").contains("in progress"),
        "{screen}"
    );
    // Let the first snapshot fetch and its frame pass.
    let settled = polls_after(&run.sim, 0, 4).await;

    let recording = run.tmux.record();
    polls_after(&run.sim, settled, 8).await;
    let written = recording.bytes();
    assert!(
        written.is_empty(),
        "8 unchanged answers redrew the screen: {:?}",
        String::from_utf8_lossy(&written)
    );

    // A changed answer is drawn (and the pipe does see the terminal).
    run.sim.advance(Duration::from_secs(11 * 60));
    let screen = run
        .tmux
        .wait_for("the job failed", |s| {
            row_of(s, "aaaa0001").contains("failed")
        })
        .await;
    assert!(screen.contains("aaaa0001"));
    recording
        .wait_for("the change reaching the terminal", |bytes| {
            !bytes.is_empty()
        })
        .await;
    run.tmux.keys(&["q"]);
    assert_eq!(run.exit_status().await, "0");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_link_coming_close_to_expiry_rings_with_no_poll_bringing_news() {
    // Polled once: from then on only the clock can bring the warning.
    let sim = one_project(
        GROUP,
        json!([
        {"name": "orders", "jobs": [
            {"id": "65650000aaaaaaaaaaaa0001", "deliveryType": "download", "finishedAt": "-1m",
             "deliveryUrl": ["https://restore.example/orders.tar.gz"], "expiresAt": "+20s"},
        ]},
        ]),
    )
    .await;
    let args = format!("--cluster {GROUP}/orders --interval 1h --bell --expiry-warning 10s");
    let run = Run::start(sim, &args, &[], (120, 35), false).await;
    let recording = run.tmux.record();
    run.tmux
        .wait_for("the download", |s| row_of(s, "aaaa0001").contains("ready"))
        .await;
    let rang = |bytes: &[u8]| bytes.contains(&0x07);
    assert!(
        !rang(&recording.bytes()),
        "no bell while the link is 20 s from expiry, outside the 10 s warning"
    );
    recording
        .wait_for("the bell as the link came within 10 s of expiry", rang)
        .await;
    assert_eq!(
        run.sim.stats().restore_job_list_requests,
        1,
        "no poll brought the news"
    );
    run.tmux.keys(&["q"]);
    assert_eq!(run.exit_status().await, "0");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn updated_ago_moves_on_with_no_countdown_and_no_news() {
    let sim = one_project(
        GROUP,
        json!([
        {"name": "orders", "jobs": [
            {"id": "65640000bbbbbbbbbbbb0002", "deliveryType": "automated", "targetClusterName": "copy", "targetGroupId": GROUP, "finishedAt": "-1h"},
        ]},
        ]),
    )
    .await;
    let args = format!("--cluster {GROUP}/orders --interval 1h");
    let run = Run::start(sim, &args, &[], (120, 35), false).await;
    run.tmux
        .wait_for("the job", |s| s.contains("bbbb0002"))
        .await;
    let screen = run
        .tmux
        .wait_for("updated 10s ago", |s| s.contains("updated 10s ago"))
        .await;
    assert!(screen.contains("bbbb0002"), "{screen}");
    assert_eq!(
        run.sim.stats().restore_job_list_requests,
        1,
        "one poll only"
    );
    run.tmux.keys(&["q"]);
    assert_eq!(run.exit_status().await, "0");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_link_counts_down_on_the_attention_line_and_expires_with_no_poll() {
    // Polled once, an hour between polls: only the clock moves the screen.
    // The automated restore's id says it was created 20 s ago.
    let created = chrono::Utc::now().timestamp() - 20;
    let recent = format!("{created:08x}bbbbbbbbbbbb0002");
    let sim = one_project(
        GROUP,
        json!([
        {"name": "orders", "jobs": [
            {"id": "65650000aaaaaaaaaaaa0001", "deliveryType": "download", "finishedAt": "-1m",
             "deliveryUrl": ["https://restore.example/orders.tar.gz"], "expiresAt": "+9s"},
            {"id": recent, "deliveryType": "automated", "targetClusterName": "copy",
             "targetGroupId": GROUP},
        ]},
        ]),
    )
    .await;
    let args = format!("--cluster {GROUP}/orders --interval 1h");
    let run = Run::start(sim, &args, &[], (120, 35), false).await;
    let first_line = |s: &str| s.lines().next().unwrap_or_default().to_string();
    let screen = run
        .tmux
        .wait_for("the attention line", |s| {
            first_line(s).contains("⚠ link expires in") && first_line(s).contains("…0001")
        })
        .await;
    assert!(row_of(&screen, "aaaa0001").contains("◆ ready"), "{screen}");
    let young = row_of(&screen, "0002");
    assert!(young.contains("s ago"), "{screen}");
    // It counts down by the second, and the rows' ages move on.
    run.tmux
        .wait_for("the countdown at 3s", |s| {
            first_line(s).contains("link expires in 3s")
        })
        .await;
    run.tmux
        .wait_for("an age moving on with no poll", |s| {
            let row = row_of(s, "0002");
            row != young && row.contains("s ago")
        })
        .await;
    // At expiresAt the link is dead on screen: the row, the counts, the
    // attention line, and `y`.
    let screen = run
        .tmux
        .wait_for("the link expired, marked as a change", |s| {
            row_of(s, "aaaa0001").contains("◌ → expired")
        })
        .await;
    assert!(screen.contains("◌ 1 expired"), "{screen}");
    assert!(!screen.contains("link expires in"), "{screen}");
    run.tmux.keys(&["G", "y"]);
    run.tmux
        .wait_for("y refusing the dead link", |s| {
            s.contains("the download link expired at")
        })
        .await;
    assert_eq!(
        run.sim.stats().restore_job_list_requests,
        1,
        "no poll brought the news"
    );
    run.tmux.keys(&["q"]);
    assert_eq!(run.exit_status().await, "0");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failing_cluster_is_summed_up_below_and_told_in_full_on_bang() {
    let sim = one_project(
        GROUP,
        json!([
        {"name": "orders", "jobs": [
            {"id": "65640000bbbbbbbbbbbb0002", "deliveryType": "automated", "targetClusterName": "copy", "targetGroupId": GROUP, "finishedAt": "-1h"},
        ]},
        {"name": "billing", "jobs": [], "faults": [
            {"status": 503, "errorCode": "SERVICE_UNAVAILABLE", "detail": "Maintenance until further notice."},
        ]},
        ]),
    )
    .await;
    let args = format!("--project {GROUP} --interval 1h");
    let run = Run::start(sim, &args, &[], (120, 35), false).await;
    let tmux = &run.tmux;
    tmux.wait_for("the summary", |s| {
        s.contains("⚠ 1 cluster failing: billing (503) · ! details")
    })
    .await;
    tmux.keys(&["!"]);
    let screen = tmux
        .wait_for("the panel", |s| {
            s.contains("failing clusters: 1")
                && s.contains("Maintenance until further notice. (503 SERVICE_UNAVAILABLE)")
                && s.contains("retrying in")
        })
        .await;
    // The panel's times move on with no poll bringing news (the retry is
    // an hour away: "failing since … 3s ago" counts up).
    let since = |screen: &str| {
        screen
            .lines()
            .find(|line| line.contains("failing since"))
            .map(|line| line.trim().to_string())
    };
    let first = since(&screen);
    tmux.wait_for("the failure's age counting up", |s| {
        since(s).is_some() && since(s) != first
    })
    .await;
    tmux.keys(&["Escape"]);
    tmux.wait_for("the panel closed", |s| !s.contains("failing clusters:"))
        .await;
    tmux.keys(&["q"]);
    assert_eq!(run.exit_status().await, "0");
}
