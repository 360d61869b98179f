//! End to end: the real binary in a real terminal (tmux, which answers
//! crossterm's queries) at a fixed size against the simulator. Keys are
//! pressed with `send-keys`, the screen read with `capture-pane`, and every
//! wait is on a condition with a deadline.

use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use atlas_restores::sim::{Scenario, SimConfig, Simulator};
use serde_json::json;

const BIN: &str = env!("CARGO_BIN_EXE_atlas-restores");
const GROUP: &str = "5e2211c17a3e5a48f5497de3";
const DEADLINE: Duration = Duration::from_secs(20);

/// A tmux server of its own (a private socket), killed on drop.
struct Tmux {
    socket: String,
}

impl Tmux {
    fn start(width: u16, height: u16, command: &str, env: &[(&str, String)]) -> Tmux {
        static SERVERS: AtomicUsize = AtomicUsize::new(0);
        let serial = SERVERS.fetch_add(1, Ordering::Relaxed);
        let socket = format!("atlas-restores-e2e-{}-{serial}", std::process::id());
        let tmux = Tmux { socket };
        let size = [width.to_string(), height.to_string()];
        let mut args: Vec<String> = [
            "-f",
            "/dev/null",
            "new-session",
            "-d",
            "-s",
            "e2e",
            "-x",
            &size[0],
            "-y",
            &size[1],
        ]
        .map(String::from)
        .to_vec();
        for (name, value) in env {
            args.push("-e".into());
            args.push(format!("{name}={value}"));
        }
        args.push(command.into());
        tmux.run(&args.iter().map(String::as_str).collect::<Vec<_>>());
        tmux
    }

    fn run(&self, args: &[&str]) -> String {
        let output = Command::new("tmux")
            .arg("-L")
            .arg(&self.socket)
            .args(args)
            .output()
            .unwrap_or_else(|error| panic!("tmux: {error}"));
        assert!(
            output.status.success(),
            "tmux {args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8_lossy(&output.stdout).into_owned()
    }

    fn screen(&self) -> String {
        self.run(&["capture-pane", "-p", "-t", "e2e"])
    }

    fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "e2e"];
        args.extend_from_slice(keys);
        self.run(&args);
    }

    /// Polls the screen until `condition` holds; panics with the screen.
    async fn wait_for(&self, what: &str, condition: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + DEADLINE;
        loop {
            let screen = self.screen();
            if condition(&screen) {
                return screen;
            }
            if Instant::now() > deadline {
                panic!("timed out waiting for {what}; the screen:\n{screen}");
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .arg("-L")
            .arg(&self.socket)
            .arg("kill-server")
            .output();
    }
}

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

/// The table row of the job whose id ends in `id`.
fn row_of<'a>(screen: &'a str, id: &str) -> &'a str {
    screen
        .lines()
        .find(|line| line.contains(id))
        .unwrap_or_default()
}

/// The dashboard running in tmux against a simulator; the shell after it
/// records its exit status in a file (tmux's own `pane_dead_status` can miss
/// it when the pane's terminal closes before the child is reaped) and, with
/// `hold`, keeps the pane open so that the restored terminal can be read.
struct Run {
    tmux: Tmux,
    status_file: std::path::PathBuf,
    _sim: Simulator,
}

impl Run {
    async fn start(sim: Simulator, width: u16, height: u16, hold: bool) -> Run {
        static RUNS: AtomicUsize = AtomicUsize::new(0);
        let serial = RUNS.fetch_add(1, Ordering::Relaxed);
        let name = format!("atlas-restores-e2e-{}-{serial}.status", std::process::id());
        let status_file = std::env::temp_dir().join(name);
        let _ = std::fs::remove_file(&status_file);
        let hold = if hold { "; sleep 60" } else { "" };
        let command = format!(
            "{BIN} --project {GROUP} --interval 300ms; echo $? > {}{hold}",
            status_file.display()
        );
        let env = [
            ("MONGODB_ATLAS_BASE_URL", sim.base_url()),
            ("MONGODB_ATLAS_PUBLIC_API_KEY", sim.public_key().to_string()),
            (
                "MONGODB_ATLAS_PRIVATE_API_KEY",
                sim.private_key().to_string(),
            ),
        ];
        let tmux = Tmux::start(width, height, &command, &env);
        Run {
            tmux,
            status_file,
            _sim: sim,
        }
    }

    /// Waits for the dashboard to end; its exit status.
    async fn exit_status(&self) -> String {
        let deadline = Instant::now() + DEADLINE;
        loop {
            let written = std::fs::read_to_string(&self.status_file).unwrap_or_default();
            if written.ends_with('\n') {
                let _ = std::fs::remove_file(&self.status_file);
                return written.trim().to_string();
            }
            assert!(
                Instant::now() < deadline,
                "still running:\n{}",
                self.tmux.screen()
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// The dashboard's process id (the shell's child in the pane).
    fn pid(&self) -> String {
        let shell = self
            .tmux
            .run(&["display-message", "-p", "-t", "e2e", "#{pane_pid}"]);
        let output = Command::new("pgrep").args(["-P", shell.trim()]).output();
        let output = output.unwrap_or_else(|error| panic!("pgrep: {error}"));
        String::from_utf8_lossy(&output.stdout)
            .lines()
            .next()
            .unwrap_or_default()
            .to_string()
    }
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
    let run = Run::start(sim, 120, 35, false).await;
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
    run._sim.advance(Duration::from_secs(31 * 60));
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

    // `?` shows the help overlay with every key; any key closes it.
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
        let run = Run::start(simulator().await, 100, 30, true).await;
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
        let restored = run.tmux.run(&[
            "display-message",
            "-p",
            "-t",
            "e2e",
            "#{alternate_on} #{cursor_flag}",
        ]);
        assert_eq!(
            restored.trim(),
            "0 1",
            "SIG{signal}: main screen back, cursor shown"
        );
        let screen = run.tmux.screen();
        assert!(
            !screen.contains("┌ jobs"),
            "SIG{signal}: the dashboard is gone:\n{screen}"
        );
    }
}
