//! Where configuration files live: the Atlas CLI's profiles and our own
//! config, found from `XDG_CONFIG_HOME` or `HOME` (looked up through the
//! `env` function, so tests can point them at a temporary directory).

use std::path::PathBuf;

/// `$XDG_CONFIG_HOME`, else `$HOME/.config`.
fn config_home(env: &dyn Fn(&str) -> Option<String>) -> Option<PathBuf> {
    env("XDG_CONFIG_HOME")
        .map(PathBuf::from)
        .filter(|path| path.is_absolute())
        .or_else(|| env("HOME").map(|home| PathBuf::from(home).join(".config")))
}

/// The Atlas CLI's `config.toml`: under `$XDG_CONFIG_HOME/atlascli`, else
/// (as Go's `os.UserConfigDir` does) `~/Library/Application Support/atlascli`
/// on macOS and `~/.config/atlascli` elsewhere.
pub fn atlas_cli_config(env: &dyn Fn(&str) -> Option<String>) -> Option<PathBuf> {
    let xdg = env("XDG_CONFIG_HOME")
        .map(PathBuf::from)
        .filter(|path| path.is_absolute());
    let dir = match xdg {
        Some(xdg) => xdg,
        None if cfg!(target_os = "macos") => {
            PathBuf::from(env("HOME")?).join("Library/Application Support")
        }
        None => config_home(env)?,
    };
    Some(dir.join("atlascli").join("config.toml"))
}

/// Our own `config.toml`: `$XDG_CONFIG_HOME/atlas-restores`, else
/// `~/.config/atlas-restores`.
pub fn own_config(env: &dyn Fn(&str) -> Option<String>) -> Option<PathBuf> {
    Some(config_home(env)?.join("atlas-restores").join("config.toml"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xdg_config_home_beats_home() {
        let env = |name: &str| match name {
            "XDG_CONFIG_HOME" => Some("/x".to_string()),
            "HOME" => Some("/h".to_string()),
            _ => None,
        };
        assert_eq!(
            atlas_cli_config(&env),
            Some(PathBuf::from("/x/atlascli/config.toml"))
        );
        assert_eq!(
            own_config(&env),
            Some(PathBuf::from("/x/atlas-restores/config.toml"))
        );
        let home = |name: &str| (name == "HOME").then(|| "/h".to_string());
        assert_eq!(
            own_config(&home),
            Some(PathBuf::from("/h/.config/atlas-restores/config.toml"))
        );
        assert_eq!(own_config(&|_| None), None);
    }
}
