//! Where configuration files live: the Atlas CLI's profiles and our own
//! config, in the platform's per-user config folder (as Go's
//! `os.UserConfigDir`, which the Atlas CLI uses, finds it).
//!
//! On Linux and other Unixes that folder comes from `XDG_CONFIG_HOME` or
//! `HOME`, looked up through the `env` function so that tests can point
//! them at a temporary directory. On macOS and Windows it comes from the
//! `etcetera` crate, which reads the real process environment (and, on
//! Windows, the shell's known folders): an injected table cannot reach it.

use std::path::PathBuf;

use etcetera::BaseStrategy;
use etcetera::base_strategy::{Apple, Windows};

/// Whose rules say where the per-user config folder is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Platform {
    /// The XDG Base Directory rules (Linux and the other Unixes).
    Xdg,
    MacOs,
    Windows,
}

/// The platform this binary was built for.
const PLATFORM: Platform = if cfg!(target_os = "macos") {
    Platform::MacOs
} else if cfg!(windows) {
    Platform::Windows
} else {
    Platform::Xdg
};

/// The per-user config folder: `$XDG_CONFIG_HOME` (when absolute), else
/// `$HOME/.config`; `~/Library/Application Support` on macOS (not
/// `~/Library/Preferences`, which holds property lists); `%APPDATA%` on
/// Windows.
fn config_home(platform: Platform, env: &dyn Fn(&str) -> Option<String>) -> Option<PathBuf> {
    match platform {
        Platform::Xdg => {
            let set = |name: &str| env(name).filter(|value| !value.is_empty());
            set("XDG_CONFIG_HOME")
                .map(PathBuf::from)
                .filter(|path| path.is_absolute())
                .or_else(|| set("HOME").map(|home| PathBuf::from(home).join(".config")))
        }
        Platform::MacOs => Some(Apple::new().ok()?.data_dir()),
        Platform::Windows => Some(Windows::new().ok()?.config_dir()),
    }
}

/// The Atlas CLI's `config.toml`, in the `atlascli` folder of the per-user
/// config folder: `$XDG_CONFIG_HOME/atlascli` or `~/.config/atlascli`,
/// `~/Library/Application Support/atlascli` on macOS, `%APPDATA%\atlascli`
/// on Windows.
pub fn atlas_cli_config(env: &dyn Fn(&str) -> Option<String>) -> Option<PathBuf> {
    in_config_home(PLATFORM, env, "atlascli")
}

/// Our own `config.toml`, in the `atlas-restores` folder beside the Atlas
/// CLI's.
pub fn own_config(env: &dyn Fn(&str) -> Option<String>) -> Option<PathBuf> {
    in_config_home(PLATFORM, env, "atlas-restores")
}

/// What to set when no per-user config folder is found, in the words of
/// this platform.
pub fn config_home_hint() -> &'static str {
    match PLATFORM {
        Platform::Xdg => "set XDG_CONFIG_HOME or HOME",
        Platform::MacOs => "set HOME",
        Platform::Windows => "set APPDATA",
    }
}

fn in_config_home(
    platform: Platform,
    env: &dyn Fn(&str) -> Option<String>,
    folder: &str,
) -> Option<PathBuf> {
    Some(config_home(platform, env)?.join(folder).join("config.toml"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn on_unix_xdg_config_home_beats_home() {
        let env = |name: &str| match name {
            "XDG_CONFIG_HOME" => Some("/x".to_string()),
            "HOME" => Some("/h".to_string()),
            _ => None,
        };
        assert_eq!(
            in_config_home(Platform::Xdg, &env, "atlascli"),
            Some(PathBuf::from("/x/atlascli/config.toml"))
        );
        assert_eq!(
            in_config_home(Platform::Xdg, &env, "atlas-restores"),
            Some(PathBuf::from("/x/atlas-restores/config.toml"))
        );
        let home = |name: &str| (name == "HOME").then(|| "/h".to_string());
        assert_eq!(
            in_config_home(Platform::Xdg, &home, "atlas-restores"),
            Some(PathBuf::from("/h/.config/atlas-restores/config.toml"))
        );
        let relative = |name: &str| match name {
            "XDG_CONFIG_HOME" => Some("relative/dir".to_string()),
            "HOME" => Some("/h".to_string()),
            _ => None,
        };
        assert_eq!(
            in_config_home(Platform::Xdg, &relative, "atlascli"),
            Some(PathBuf::from("/h/.config/atlascli/config.toml")),
            "a relative XDG_CONFIG_HOME is ignored, as the spec says"
        );
        let empty = |_: &str| Some(String::new());
        assert_eq!(in_config_home(Platform::Xdg, &empty, "atlascli"), None);
        assert_eq!(in_config_home(Platform::Xdg, &|_| None, "atlascli"), None);
    }

    #[test]
    fn the_public_paths_follow_this_build_s_platform() {
        let env = |name: &str| match name {
            "XDG_CONFIG_HOME" => Some("/x".to_string()),
            "HOME" => Some("/h".to_string()),
            _ => None,
        };
        let (cli, own) = (atlas_cli_config(&env), own_config(&env));
        match PLATFORM {
            Platform::Xdg => {
                assert_eq!(cli, Some(PathBuf::from("/x/atlascli/config.toml")));
                assert_eq!(own, Some(PathBuf::from("/x/atlas-restores/config.toml")));
            }
            Platform::MacOs => {
                let native = "Library/Application Support/atlascli/config.toml";
                assert!(cli.is_some_and(|path| path.ends_with(native)));
            }
            Platform::Windows => {
                assert!(cli.is_some_and(|path| !path.starts_with("/x")));
            }
        }
    }

    #[test]
    fn on_macos_config_lives_in_application_support_whatever_xdg_says() {
        let Some(home) = std::env::home_dir() else {
            return;
        };
        let env = |name: &str| (name == "XDG_CONFIG_HOME").then(|| "/x".to_string());
        assert_eq!(
            in_config_home(Platform::MacOs, &env, "atlascli"),
            Some(home.join("Library/Application Support/atlascli/config.toml"))
        );
        assert_eq!(
            in_config_home(Platform::MacOs, &env, "atlas-restores"),
            Some(home.join("Library/Application Support/atlas-restores/config.toml"))
        );
    }

    #[test]
    fn on_windows_config_lives_in_the_roaming_app_data() {
        let Some(home) = std::env::home_dir() else {
            return;
        };
        let roaming = match std::env::var_os("APPDATA").filter(|dir| !dir.is_empty()) {
            Some(app_data) => PathBuf::from(app_data),
            None => home.join("AppData").join("Roaming"),
        };
        assert_eq!(
            in_config_home(Platform::Windows, &|_| None, "atlascli"),
            Some(roaming.join("atlascli").join("config.toml"))
        );
    }
}
