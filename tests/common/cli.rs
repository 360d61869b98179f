//! Running the real binary: a clean environment (no Atlas variables leak
//! in from the machine), and its output as text.

use std::process::Output;

use tokio::process::Command;

pub const BIN: &str = env!("CARGO_BIN_EXE_atlas-restores");

/// `atlas-restores ARGS` with only `PATH` in its environment.
pub fn atlas_restores(args: &[&str]) -> Command {
    let mut command = Command::new(BIN);
    command
        .args(args)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default());
    command
}

/// Runs `command` to the end: its status, stdout and stderr.
pub async fn run(mut command: Command) -> (Output, String, String) {
    let output = command
        .output()
        .await
        .unwrap_or_else(|error| panic!("spawn: {error}"));
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    (output, stdout, stderr)
}
