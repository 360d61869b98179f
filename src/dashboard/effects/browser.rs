//! Opening a URL in the user's browser through the `open` crate (the
//! desktop's launcher: `xdg-open` and its fallbacks on Linux, `open` on
//! macOS), only when a display is there, detached and silent.

/// Whether a browser could show anything: macOS, or `DISPLAY` or
/// `WAYLAND_DISPLAY` set.
pub fn has_display(env: &dyn Fn(&str) -> Option<String>) -> bool {
    let set = |name: &str| crate::config::env_set(env, name).is_some();
    cfg!(target_os = "macos") || set("DISPLAY") || set("WAYLAND_DISPLAY")
}

/// Why no browser can be started here, if none can.
pub fn unavailable(env: &dyn Fn(&str) -> Option<String>) -> Option<&'static str> {
    (!has_display(env)).then_some("no display: copy it with y instead")
}

/// Whether `url` may go to the desktop's launchers: `https://`, or
/// `http://` on this machine (the demo). A URL comes from the network, and
/// a launcher given another scheme might run something else.
pub fn may_open(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    lower.starts_with("https://")
        || (lower.starts_with("http://") && crate::config::is_loopback(url.trim()))
}

/// Starts the browser on `url`, detached: it outlives us, and its stdin,
/// stdout and stderr are null so that nothing reaches the terminal. Blocks
/// for up to a quarter second per launcher tried (the crate watches each for
/// an immediate failure), so call it on a blocking task.
pub fn launch(url: &str) -> Result<(), String> {
    open::that_detached(url).map_err(|error| failure(&error))
}

/// The words for a failed launch. Never the crate's own message: it quotes
/// the launcher's command line, and so the delivery URL, which is a secret.
fn failure(error: &std::io::Error) -> String {
    let why = match (error.kind(), error.raw_os_error()) {
        (std::io::ErrorKind::NotFound, _) => "no launcher (such as xdg-open) found".to_string(),
        (_, Some(code)) => std::io::Error::from_raw_os_error(code).to_string(),
        _ => "the launcher failed".to_string(),
    };
    format!("cannot start a browser: {why}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_https_and_loopback_http_are_opened() {
        assert!(may_open("https://restore.example.mongodb.net/x.tar.gz"));
        assert!(may_open("HTTPS://restore.example.mongodb.net/x"));
        assert!(may_open("http://127.0.0.1:8080/x.tar.gz"));
        assert!(!may_open("http://restore.example.com/x.tar.gz"));
        assert!(!may_open("file:///etc/passwd"));
        assert!(!may_open("javascript:alert(1)"));
        assert!(!may_open("--help"));
    }

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
        assert_eq!(
            unavailable(&|_| None),
            Some("no display: copy it with y instead")
        );
        assert_eq!(
            unavailable(&|name| (name == "DISPLAY").then(|| ":0".to_string())),
            None
        );
    }

    #[test]
    fn a_failed_launch_never_shows_the_url() {
        let url = "https://restore-1.example.net:27017/secret-token/restore.tar.gz";
        let exited = std::io::Error::other(format!(
            "Launcher \"xdg-open\" \"{url}\" failed with ExitStatus(unix_wait_status(1024))"
        ));
        assert_eq!(
            failure(&exited),
            "cannot start a browser: the launcher failed"
        );
        let missing = std::io::Error::from(std::io::ErrorKind::NotFound);
        assert_eq!(
            failure(&missing),
            "cannot start a browser: no launcher (such as xdg-open) found"
        );
        let refused = std::io::Error::from_raw_os_error(13);
        let message = failure(&refused);
        if cfg!(unix) {
            assert!(message.starts_with("cannot start a browser: Permission denied"));
        }
        assert!(!message.contains("secret-token"));
    }
}
