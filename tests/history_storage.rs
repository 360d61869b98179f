//! Storage that refuses to be written, for real: the dashboard in tmux
//! with its history on a full filesystem and on a read-only one (a tmpfs
//! of its own, in a private mount namespace made by `unshare`, so nothing
//! outside the test sees it; chmod would not stop root). Either way the
//! jobs are shown from memory and the status bar says why the history is
//! not saved. Where mount namespaces are not allowed the tests say they
//! are skipped and pass, except with `CI=true`.

mod common;

use std::path::Path;
use std::process::Command;

use atlas_restores::atlas::{JobStatus, Target};
use atlas_restores::history::{HistoryFile, Observed};
use chrono::Utc;
use common::servers::one_project;
use common::terminal::{Run, row_of};
use serde_json::json;

const GROUP: &str = "5e2211c17a3e5a48f5497de3";
const JOB: &str = "65650000aaaaaaaaaaaa0001";

/// Makes a fresh tmpfs at `$1`, prepares it as `$2` says (`full`: filled
/// to the last block; `read-only`: holding a copy of the history `$3`,
/// then remounted read-only), then runs the rest.
const PREPARE: &str = r#"
dir="$1"; how="$2"; seed="$3"; shift 3
mount -t tmpfs -o size=512k,mode=0700 atlas-history "$dir" || exit 97
case "$how" in
  full) dd if=/dev/zero of="$dir/filler" bs=4k 2>/dev/null ;;
  read-only) cp "$seed" "$dir/history.sqlite3" && mount -o remount,ro "$dir" || exit 97 ;;
esac
exec "$@"
"#;

/// How to run a command in a mount namespace of its own: as root,
/// `unshare --mount`; else as root of a user namespace too. `None` when
/// neither is allowed here.
fn private_mounts() -> Option<&'static str> {
    let candidates = [
        "unshare --mount --propagation private",
        "unshare --user --map-root-user --mount --propagation private",
    ];
    candidates.into_iter().find(|wrapper| {
        let mut words = wrapper.split(' ');
        let program = words.next().unwrap_or("unshare");
        Command::new(program)
            .args(words)
            .args(["sh", "-c", "mount -t tmpfs t /mnt && umount /mnt"])
            .output()
            .is_ok_and(|output| output.status.success())
    })
}

/// Whether the test can run; says why not (a failure with `CI=true`).
fn available(test: &str) -> Option<&'static str> {
    let wrapper = private_mounts();
    if wrapper.is_none() {
        let why = "no mount namespace (unshare --mount) allowed here";
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "{test}: {why}; CI runs as root"
        );
        eprintln!("skipped {test}: {why}");
    }
    wrapper
}

async fn run_on(wrapper: &str, dir: &Path, how: &str, seed: &Path, warning: &str) {
    let sim = one_project(
        GROUP,
        json!([{"name": "orders", "jobs": [
            {"id": JOB, "deliveryType": "automated", "targetClusterName": "orders-copy",
             "targetGroupId": GROUP},
        ]}]),
    )
    .await;
    let script = dir.join("prepare.sh");
    std::fs::write(&script, PREPARE).unwrap_or_else(|error| panic!("{error}"));
    let mount = dir.join("mount");
    std::fs::create_dir(&mount).unwrap_or_else(|error| panic!("{error}"));
    let wrapper = format!(
        "{wrapper} sh {} {} {how} {}",
        script.display(),
        mount.display(),
        seed.display()
    );
    let history = mount.join("history.sqlite3");
    let args = format!(
        "--cluster {GROUP}/orders --interval 300ms --history {}",
        history.display()
    );
    let run = Run::start_via(sim, &wrapper, &args, &[], (160, 30), false).await;
    let screen = run
        .tmux
        .wait_for(warning, |s| {
            row_of(s, "aaaa0001").contains("in progress") && s.contains(warning)
        })
        .await;
    assert!(screen.contains("going on from memory"), "{screen}");
    // The keys still work.
    run.tmux.keys(&["?"]);
    run.tmux.wait_for("the help", |s| s.contains("keys")).await;
    run.tmux.keys(&["q"]);
    run.tmux.keys(&["q"]);
    assert_eq!(run.exit_status().await, "0", "{}", run.tmux.screen());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_disk_is_a_warning_and_the_dashboard_goes_on() {
    let Some(wrapper) = available("a_full_disk_is_a_warning_and_the_dashboard_goes_on") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
    let none = dir.path().join("no-seed");
    run_on(
        wrapper,
        dir.path(),
        "full",
        &none,
        "history not saved: the disk is full",
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_read_only_history_is_a_warning_and_the_dashboard_goes_on() {
    let Some(wrapper) = available("a_read_only_history_is_a_warning_and_the_dashboard_goes_on")
    else {
        return;
    };
    let dir = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
    // A history another run wrote, holding an older picture of the job.
    let seed = dir.path().join("seed.sqlite3");
    {
        let mut file = HistoryFile::open(&seed).unwrap_or_else(|error| panic!("{error}"));
        let job = Observed {
            job_id: JOB,
            status: JobStatus::InProgress,
            raw: r#"{"id":"65650000aaaaaaaaaaaa0001","deliveryType":"automated"}"#,
            atlas_at: None,
        };
        file.record(&Target::new(GROUP, "orders"), &[job], Utc::now())
            .unwrap_or_else(|error| panic!("{error}"));
    }
    run_on(
        wrapper,
        dir.path(),
        "read-only",
        &seed,
        "history not saved: the file is read-only",
    )
    .await;
}
