//! Copying text to the user's clipboard: the OSC 52 escape sequence (works
//! over ssh and inside tmux with `set -g set-clipboard on`), or a clipboard
//! command found on `PATH` (`wl-copy`, `xclip`, `xsel`, `pbcopy`).

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use std::path::Path;
use std::process::Stdio;

use tokio::io::AsyncWriteExt;

pub use crate::config::ClipboardMode;

/// The largest text sent through OSC 52, as k9s caps it: terminals drop or
/// truncate bigger sequences.
pub const MAX_OSC52_BYTES: usize = 75_000;

/// Clipboard commands in the order they are tried.
const COMMANDS: [&[&str]; 4] = [
    &["wl-copy"],
    &["xclip", "-selection", "clipboard"],
    &["xsel", "--clipboard", "--input"],
    &["pbcopy"],
];

/// `ESC ] 52 ; c ; <base64> BEL`, or why the text cannot be sent.
pub fn osc52(text: &str) -> Result<Vec<u8>, String> {
    if text.len() > MAX_OSC52_BYTES {
        return Err(format!(
            "not copied: {} bytes is more than the {MAX_OSC52_BYTES} bytes a terminal takes",
            text.len()
        ));
    }
    let mut bytes = b"\x1b]52;c;".to_vec();
    bytes.extend_from_slice(BASE64.encode(text.as_bytes()).as_bytes());
    bytes.push(0x07);
    Ok(bytes)
}

/// The first clipboard command whose program is on `path` (a `PATH` value).
pub fn find_command(path: &str) -> Option<&'static [&'static str]> {
    COMMANDS
        .into_iter()
        .find(|command| std::env::split_paths(path).any(|dir| is_executable(&dir.join(command[0]))))
}

fn is_executable(path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        path.metadata()
            .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
    }
    #[cfg(not(unix))]
    {
        path.is_file()
    }
}

/// Pipes `text` into the first clipboard command on `PATH`; says what
/// happened. Its output goes nowhere: nothing may reach the dashboard's
/// terminal.
pub async fn copy_with_command(text: &str) -> Result<&'static str, String> {
    let path = std::env::var("PATH").unwrap_or_default();
    let Some(command) = find_command(&path) else {
        return Err(
            "not copied: no clipboard command on PATH (wl-copy, xclip, xsel, pbcopy); try --clipboard osc52"
                .to_string(),
        );
    };
    let mut child = tokio::process::Command::new(command[0])
        .args(&command[1..])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|error| format!("not copied: {}: {error}", command[0]))?;
    if let Some(mut stdin) = child.stdin.take() {
        stdin
            .write_all(text.as_bytes())
            .await
            .map_err(|error| format!("not copied: {}: {error}", command[0]))?;
    }
    // xclip and xsel stay to serve the selection; reap them whenever they end.
    tokio::spawn(async move {
        let _ = child.wait().await;
    });
    Ok(command[0])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn osc52_is_esc_bracket_52_c_base64_bel() {
        let bytes = osc52("https://x.example/a.tar.gz").unwrap_or_default();
        assert_eq!(
            bytes,
            b"\x1b]52;c;aHR0cHM6Ly94LmV4YW1wbGUvYS50YXIuZ3o=\x07".to_vec()
        );
    }

    #[test]
    fn osc52_refuses_more_than_the_cap() {
        assert!(osc52(&"a".repeat(MAX_OSC52_BYTES)).is_ok());
        let error = osc52(&"a".repeat(MAX_OSC52_BYTES + 1)).err();
        assert!(error.is_some_and(|e| e.contains("75000 bytes")));
    }

    #[test]
    fn no_clipboard_command_on_an_empty_path() {
        assert_eq!(find_command(""), None);
    }
}
