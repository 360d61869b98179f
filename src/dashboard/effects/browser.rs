//! Opening a URL in the user's browser: `xdg-open` (Linux) or `open`
//! (macOS), only when a display is there, detached and silent.

use std::process::Stdio;

/// Whether a browser could show anything: macOS, or `DISPLAY` or
/// `WAYLAND_DISPLAY` set.
pub fn has_display(env: &dyn Fn(&str) -> Option<String>) -> bool {
    let set = |name: &str| env(name).is_some_and(|value| !value.is_empty());
    cfg!(target_os = "macos") || set("DISPLAY") || set("WAYLAND_DISPLAY")
}

fn opener() -> &'static str {
    if cfg!(target_os = "macos") {
        "open"
    } else {
        "xdg-open"
    }
}

/// Starts the browser on `url` without waiting for it; says what happened.
/// stdin, stdout and stderr are null: nothing may reach the terminal.
pub fn open(url: &str, env: &dyn Fn(&str) -> Option<String>) -> Result<String, String> {
    if !has_display(env) {
        return Err("no display: copy it with y instead".to_string());
    }
    let program = opener();
    let mut child = tokio::process::Command::new(program)
        .arg(url)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|error| format!("cannot start {program}: {error}"))?;
    tokio::spawn(async move {
        let _ = child.wait().await;
    });
    Ok(format!("opening the URL with {program}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_display_is_display_or_wayland_display() {
        let none = |_: &str| None;
        let x11 = |name: &str| (name == "DISPLAY").then(|| ":0".to_string());
        let wayland = |name: &str| (name == "WAYLAND_DISPLAY").then(|| "wayland-0".to_string());
        let empty = |_: &str| Some(String::new());
        assert!(has_display(&x11));
        assert!(has_display(&wayland));
        assert_eq!(has_display(&none), cfg!(target_os = "macos"));
        assert_eq!(has_display(&empty), cfg!(target_os = "macos"));
    }

    #[test]
    fn without_a_display_open_says_to_copy_instead() {
        if cfg!(target_os = "macos") {
            return;
        }
        let message = open("https://x.example", &|_| None).err();
        assert_eq!(
            message.as_deref(),
            Some("no display: copy it with y instead")
        );
    }
}
