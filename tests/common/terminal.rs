//! A real terminal for end-to-end tests: a private tmux server that runs
//! the real binary, types keys and reads the screen, waiting on conditions
//! with a deadline rather than sleeping.

use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use atlas_restores::sim::Simulator;

const BIN: &str = env!("CARGO_BIN_EXE_atlas-restores");
const DEADLINE: Duration = Duration::from_secs(20);

/// A tmux server of its own (a private socket), killed on drop.
pub struct Tmux {
    socket: String,
}

impl Tmux {
    pub fn start(width: u16, height: u16, command: &str, env: &[(&str, String)]) -> Tmux {
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

    pub fn run(&self, args: &[&str]) -> String {
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

    pub fn screen(&self) -> String {
        self.run(&["capture-pane", "-p", "-t", "e2e"])
    }

    /// A left click at (`x`, `y`), counted from 0, as the terminal reports
    /// it to a program that captures the mouse (SGR mouse mode).
    pub fn click(&self, x: u16, y: u16) {
        let report = format!("\x1b[<0;{0};{1}M\x1b[<0;{0};{1}m", x + 1, y + 1);
        let bytes: Vec<String> = report.bytes().map(|b| format!("{b:02x}")).collect();
        let mut args = vec!["send-keys", "-t", "e2e", "-H"];
        args.extend(bytes.iter().map(String::as_str));
        self.run(&args);
    }

    pub fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "e2e"];
        args.extend_from_slice(keys);
        self.run(&args);
    }

    /// Polls the screen until `condition` holds; panics with the screen.
    pub async fn wait_for(&self, what: &str, condition: impl Fn(&str) -> bool) -> String {
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

impl Tmux {
    /// Records every byte the program in the pane writes to its terminal
    /// from now on (`pipe-pane`), into a temporary file.
    pub fn record(&self) -> Recording {
        let file = tempfile::NamedTempFile::new().unwrap_or_else(|error| panic!("{error}"));
        let path = file.path().display().to_string();
        self.run(&["pipe-pane", "-o", "-t", "e2e", &format!("cat >> {path}")]);
        Recording { file }
    }
}

/// What a pane's program wrote to its terminal since [`Tmux::record`].
pub struct Recording {
    file: tempfile::NamedTempFile,
}

impl Recording {
    pub fn bytes(&self) -> Vec<u8> {
        std::fs::read(self.file.path()).unwrap_or_default()
    }

    /// Waits until what was written satisfies `condition`; panics after
    /// the deadline.
    pub async fn wait_for(&self, what: &str, condition: impl Fn(&[u8]) -> bool) {
        let deadline = Instant::now() + DEADLINE;
        while !condition(&self.bytes()) {
            assert!(Instant::now() < deadline, "timed out waiting for {what}");
            tokio::time::sleep(Duration::from_millis(20)).await;
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

/// The dashboard running in tmux against a simulator; the shell after it
/// records its exit status in a file (tmux's own `pane_dead_status` can miss
/// it when the pane's terminal closes before the child is reaped) and, with
/// `hold`, keeps the pane open so that the restored terminal can be read.
pub struct Run {
    pub tmux: Tmux,
    status_file: std::path::PathBuf,
    /// Holds the status file; removed on drop, after the tmux server.
    _status_dir: tempfile::TempDir,
    pub sim: Simulator,
}

impl Run {
    /// Runs `atlas-restores {args}` with the simulator's URL and keys in the
    /// environment, after `env` overrides, in a `width`×`height` terminal.
    pub async fn start(
        sim: Simulator,
        args: &str,
        env: &[(&str, String)],
        size: (u16, u16),
        hold: bool,
    ) -> Run {
        Run::start_via(sim, "", args, env, size, hold).await
    }

    /// As [`Run::start`], the binary started by `wrapper` (a command that
    /// runs the rest of its arguments: `unshare …`), empty for none.
    pub async fn start_via(
        sim: Simulator,
        wrapper: &str,
        args: &str,
        env: &[(&str, String)],
        size: (u16, u16),
        hold: bool,
    ) -> Run {
        let status_dir = tempfile::Builder::new()
            .prefix("atlas-restores-e2e-")
            .tempdir()
            .unwrap_or_else(|error| panic!("{error}"));
        let status_file = status_dir.path().join("status");
        let hold = if hold { "; sleep 60" } else { "" };
        let command = format!(
            "{wrapper} {BIN} {args}; echo $? > {}{hold}",
            status_file.display()
        );
        // The restore history goes to the test's own folder, never the
        // user's state folder.
        let state = status_dir.path().join("state").display().to_string();
        let mut all = vec![
            ("XDG_STATE_HOME", state),
            ("MONGODB_ATLAS_BASE_URL", sim.base_url()),
            ("MONGODB_ATLAS_PUBLIC_API_KEY", sim.public_key().to_string()),
            (
                "MONGODB_ATLAS_PRIVATE_API_KEY",
                sim.private_key().to_string(),
            ),
        ];
        all.retain(|(name, _)| !env.iter().any(|(other, _)| other == name));
        all.extend(env.iter().cloned());
        let tmux = Tmux::start(size.0, size.1, &command, &all);
        Run {
            tmux,
            status_file,
            _status_dir: status_dir,
            sim,
        }
    }

    /// Waits for the dashboard to end; its exit status.
    pub async fn exit_status(&self) -> String {
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

    /// Asserts that the dashboard left a usable terminal: the main screen
    /// back, the cursor shown, no dashboard frame left behind.
    pub fn assert_restored(&self, after: &str) {
        let state = self.tmux.run(&[
            "display-message",
            "-p",
            "-t",
            "e2e",
            "#{alternate_on} #{cursor_flag}",
        ]);
        assert_eq!(
            state.trim(),
            "0 1",
            "{after}: main screen back, cursor shown"
        );
        let screen = self.tmux.screen();
        assert!(
            !screen.contains("┌ jobs"),
            "{after}: the dashboard is gone:\n{screen}"
        );
    }

    /// The dashboard's process id (the shell's child in the pane).
    pub fn pid(&self) -> String {
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

/// The table row of the job whose id ends in `id`.
pub fn row_of<'a>(screen: &'a str, id: &str) -> &'a str {
    screen
        .lines()
        .find(|line| line.contains(id))
        .unwrap_or_default()
}
