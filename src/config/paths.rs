//! Where configuration files live: the Atlas CLI's profiles, in the folder
//! Go's `os.UserConfigDir` names (the Atlas CLI uses it), and our own
//! config.
//!
//! Every variable is read through the `env` function, so that tests point
//! them at a temporary directory and never at the user's real files. Only
//! when the environment names no folder does the `etcetera` crate answer
//! from the platform itself (the Windows known folders, the user database).

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

type Env<'a> = &'a dyn Fn(&str) -> Option<String>;

/// A variable that is set and not empty (`NO_COLOR=` counts as unset).
pub fn set(env: Env<'_>, name: &str) -> Option<String> {
    env(name).filter(|value| !value.is_empty())
}

/// `$XDG_CONFIG_HOME` (when absolute), else `$HOME/.config`.
fn xdg_config_home(env: Env<'_>) -> Option<PathBuf> {
    set(env, "XDG_CONFIG_HOME")
        .map(PathBuf::from)
        .filter(|path| path.is_absolute())
        .or_else(|| set(env, "HOME").map(|home| PathBuf::from(home).join(".config")))
}

/// The per-user config folder as Go's `os.UserConfigDir` finds it: the XDG
/// folder; `$HOME/Library/Application Support` on macOS (whatever XDG
/// says); `%APPDATA%` on Windows.
fn user_config_dir(platform: Platform, env: Env<'_>) -> Option<PathBuf> {
    match platform {
        Platform::Xdg => xdg_config_home(env),
        Platform::MacOs => set(env, "HOME")
            .map(|home| PathBuf::from(home).join("Library/Application Support"))
            .or_else(|| Some(Apple::new().ok()?.data_dir())),
        Platform::Windows => set(env, "APPDATA")
            .map(PathBuf::from)
            .or_else(|| Some(Windows::new().ok()?.config_dir())),
    }
}

/// The Atlas CLI's `config.toml`: `$XDG_CONFIG_HOME/atlascli` or
/// `~/.config/atlascli`, `~/Library/Application Support/atlascli` on macOS,
/// `%APPDATA%\atlascli` on Windows.
pub fn atlas_cli_config(env: &dyn Fn(&str) -> Option<String>) -> Option<PathBuf> {
    Some(
        user_config_dir(PLATFORM, env)?
            .join("atlascli")
            .join("config.toml"),
    )
}

/// Our own `config.toml`: `$XDG_CONFIG_HOME/atlas-restores` or
/// `~/.config/atlas-restores` on Linux and macOS, as command-line tools
/// there keep it; `%APPDATA%\atlas-restores` on Windows.
pub fn own_config(env: &dyn Fn(&str) -> Option<String>) -> Option<PathBuf> {
    own_config_on(PLATFORM, env)
}

fn own_config_on(platform: Platform, env: Env<'_>) -> Option<PathBuf> {
    let folder = match platform {
        Platform::Xdg | Platform::MacOs => xdg_config_home(env),
        Platform::Windows => user_config_dir(platform, env),
    };
    Some(folder?.join("atlas-restores").join("config.toml"))
}

/// The restore history: `$XDG_STATE_HOME/atlas-restores/history.sqlite3`,
/// else `~/.local/state/atlas-restores/history.sqlite3` (state a program
/// keeps for itself, by the XDG rules, on macOS too);
/// `%LOCALAPPDATA%\atlas-restores\history.sqlite3` on Windows.
pub fn history_file(env: &dyn Fn(&str) -> Option<String>) -> Option<PathBuf> {
    history_file_on(PLATFORM, env)
}

fn history_file_on(platform: Platform, env: Env<'_>) -> Option<PathBuf> {
    let folder = match platform {
        Platform::Xdg | Platform::MacOs => set(env, "XDG_STATE_HOME")
            .map(PathBuf::from)
            .filter(|path| path.is_absolute())
            .or_else(|| set(env, "HOME").map(|home| PathBuf::from(home).join(".local/state"))),
        Platform::Windows => set(env, "LOCALAPPDATA")
            .map(PathBuf::from)
            .or_else(|| Some(Windows::new().ok()?.cache_dir())),
    };
    Some(folder?.join("atlas-restores").join("history.sqlite3"))
}

/// What to set when no per-user config folder is found, in the words of
/// this platform.
pub fn config_home_hint() -> &'static str {
    match PLATFORM {
        Platform::Xdg | Platform::MacOs => "set XDG_CONFIG_HOME or HOME",
        Platform::Windows => "set APPDATA",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
        move |name: &str| {
            pairs
                .iter()
                .find(|(key, _)| *key == name)
                .map(|(_, value)| value.to_string())
        }
    }

    fn cli_on(platform: Platform, env: Env<'_>) -> Option<PathBuf> {
        Some(user_config_dir(platform, env)?.join("atlascli/config.toml"))
    }

    #[test]
    fn on_unix_xdg_config_home_beats_home() {
        let env = table(&[("XDG_CONFIG_HOME", "/x"), ("HOME", "/h")]);
        assert_eq!(
            cli_on(Platform::Xdg, &env),
            Some(PathBuf::from("/x/atlascli/config.toml"))
        );
        assert_eq!(
            own_config_on(Platform::Xdg, &env),
            Some(PathBuf::from("/x/atlas-restores/config.toml"))
        );
        let home = table(&[("HOME", "/h")]);
        assert_eq!(
            own_config_on(Platform::Xdg, &home),
            Some(PathBuf::from("/h/.config/atlas-restores/config.toml"))
        );
        let relative = table(&[("XDG_CONFIG_HOME", "relative/dir"), ("HOME", "/h")]);
        assert_eq!(
            cli_on(Platform::Xdg, &relative),
            Some(PathBuf::from("/h/.config/atlascli/config.toml")),
            "a relative XDG_CONFIG_HOME is ignored, as the spec says"
        );
        let empty = |_: &str| Some(String::new());
        assert_eq!(cli_on(Platform::Xdg, &empty), None);
        assert_eq!(cli_on(Platform::Xdg, &|_| None), None);
    }

    #[test]
    fn on_macos_the_atlas_cli_config_is_in_application_support_and_ours_stays_in_xdg() {
        let env = table(&[("XDG_CONFIG_HOME", "/x"), ("HOME", "/Users/op")]);
        assert_eq!(
            cli_on(Platform::MacOs, &env),
            Some(PathBuf::from(
                "/Users/op/Library/Application Support/atlascli/config.toml"
            )),
            "as Go's os.UserConfigDir, which ignores XDG on macOS"
        );
        assert_eq!(
            own_config_on(Platform::MacOs, &env),
            Some(PathBuf::from("/x/atlas-restores/config.toml"))
        );
        let home = table(&[("HOME", "/Users/op")]);
        assert_eq!(
            own_config_on(Platform::MacOs, &home),
            Some(PathBuf::from(
                "/Users/op/.config/atlas-restores/config.toml"
            ))
        );
    }

    #[test]
    fn on_windows_both_live_in_the_roaming_app_data() {
        let env = table(&[("APPDATA", r"C:\Users\op\AppData\Roaming"), ("HOME", "/h")]);
        let roaming = PathBuf::from(r"C:\Users\op\AppData\Roaming");
        assert_eq!(
            cli_on(Platform::Windows, &env),
            Some(roaming.join("atlascli").join("config.toml"))
        );
        assert_eq!(
            own_config_on(Platform::Windows, &env),
            Some(roaming.join("atlas-restores").join("config.toml"))
        );
    }

    #[test]
    fn the_public_paths_follow_this_build_s_platform() {
        let env = table(&[("XDG_CONFIG_HOME", "/x"), ("HOME", "/h"), ("APPDATA", "/a")]);
        let (cli, own) = (atlas_cli_config(&env), own_config(&env));
        let (cli, own) = (cli.expect("a path"), own.expect("a path"));
        match PLATFORM {
            Platform::Xdg => {
                assert_eq!(cli, PathBuf::from("/x/atlascli/config.toml"));
                assert_eq!(own, PathBuf::from("/x/atlas-restores/config.toml"));
            }
            Platform::MacOs => {
                let native = "/h/Library/Application Support/atlascli/config.toml";
                assert_eq!(cli, PathBuf::from(native));
                assert_eq!(own, PathBuf::from("/x/atlas-restores/config.toml"));
            }
            Platform::Windows => {
                assert!(cli.starts_with("/a") && own.starts_with("/a"));
            }
        }
    }

    #[test]
    fn the_history_lives_in_the_state_folder() {
        let env = |vars: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                vars.iter()
                    .find(|(key, _)| *key == name)
                    .map(|(_, value)| (*value).to_string())
            }
        };
        let xdg = env(&[("XDG_STATE_HOME", "/state"), ("HOME", "/home/op")]);
        assert_eq!(
            history_file_on(Platform::Xdg, &xdg),
            Some(PathBuf::from("/state/atlas-restores/history.sqlite3"))
        );
        let relative = env(&[("XDG_STATE_HOME", "state"), ("HOME", "/home/op")]);
        assert_eq!(
            history_file_on(Platform::Xdg, &relative),
            Some(PathBuf::from(
                "/home/op/.local/state/atlas-restores/history.sqlite3"
            )),
            "a relative XDG folder is ignored, as the spec says"
        );
        let windows = env(&[("LOCALAPPDATA", "C:/Users/op/AppData/Local")]);
        assert_eq!(
            history_file_on(Platform::Windows, &windows),
            Some(PathBuf::from(
                "C:/Users/op/AppData/Local/atlas-restores/history.sqlite3"
            ))
        );
    }
}
