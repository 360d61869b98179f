//! The dashboard's preferences, from the flags or our config file: the
//! colour theme, the mouse, the notification rules, the clipboard, whether
//! jobs may be cancelled and where the watch list is saved.

use std::path::PathBuf;
use std::time::Duration;

use super::file::FileConfig;
use super::{GlobalArgs, own_config};

/// How the dashboard looks and what it may do besides drawing.
#[derive(Debug, Clone, PartialEq)]
pub struct Preferences {
    pub theme: Theme,
    /// Off with `--no-mouse`: the terminal keeps the mouse for selection.
    pub mouse: bool,
    /// URLs as OSC 8 hyperlinks; off with `--no-hyperlinks` or `TERM=dumb`.
    pub hyperlinks: bool,
    pub notify: NotificationRules,
    /// Where `w` in the cluster picker saves the watch list.
    pub config_path: Option<PathBuf>,
    /// `--allow-cancel`: `x` may cancel jobs.
    pub allow_cancel: bool,
    /// `--clipboard`: how `y` and `Y` copy.
    pub clipboard: ClipboardMode,
}

impl Preferences {
    /// From the flags, then the config file's `theme` and
    /// `[notifications]`; `NO_COLOR` (set and not empty) forces the mono
    /// theme. `env` is the process environment as it is, blank values
    /// included.
    /// With `demo`, `w` saves only to an explicit `--config`: the demo's
    /// clusters do not belong in the user's own file.
    pub(super) fn resolve(
        args: &GlobalArgs,
        file: &FileConfig,
        env: &dyn Fn(&str) -> Option<String>,
        demo: bool,
    ) -> Preferences {
        let no_color = super::env_set(env, "NO_COLOR").is_some();
        Preferences {
            theme: Theme::chosen(no_color, args.theme, file.theme),
            mouse: !args.no_mouse,
            hyperlinks: !args.no_hyperlinks && env("TERM").as_deref() != Some("dumb"),
            notify: file.notifications.with_flags(args),
            config_path: args
                .config
                .clone()
                .or_else(|| (!demo).then(|| own_config(env)).flatten()),
            allow_cancel: args.allow_cancel,
            clipboard: args.clipboard,
        }
    }
}

/// The colour scheme (`--theme`, or `theme` in the config file);
/// `NO_COLOR` forces [`Theme::Mono`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Theme {
    /// 256-colour palette for dark backgrounds.
    #[default]
    Dark,
    /// 256-colour palette for light backgrounds.
    Light,
    /// The 16 basic ANSI colours, for terminals without 256 colours.
    Basic16,
    /// No colour at all: words, symbols, bold, dim and reverse video.
    Mono,
}

impl std::str::FromStr for Theme {
    type Err = String;

    fn from_str(text: &str) -> Result<Theme, String> {
        match text {
            "dark" => Ok(Theme::Dark),
            "light" => Ok(Theme::Light),
            "16" | "basic" => Ok(Theme::Basic16),
            "mono" | "none" => Ok(Theme::Mono),
            other => Err(format!(
                "unknown theme {other:?}: use dark, light, 16 or mono"
            )),
        }
    }
}

impl Theme {
    /// `NO_COLOR` beats `--theme`, which beats the config file's `theme`.
    fn chosen(no_color: bool, flag: Option<Theme>, file: Option<Theme>) -> Theme {
        if no_color {
            return Theme::Mono;
        }
        flag.or(file).unwrap_or_default()
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Theme::Dark => "dark",
            Theme::Light => "light",
            Theme::Basic16 => "16",
            Theme::Mono => "mono",
        }
    }
}

/// How `y` and `Y` reach the clipboard (`--clipboard`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum ClipboardMode {
    /// The OSC 52 escape sequence written to the terminal.
    #[default]
    Osc52,
    /// Piped into the first clipboard command found on PATH.
    Command,
}

/// A job event worth a notification.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotifyOn {
    Finished,
    Failed,
    /// A download link expires within `expiring_within`.
    Expiring,
}

impl std::str::FromStr for NotifyOn {
    type Err = String;

    fn from_str(text: &str) -> Result<NotifyOn, String> {
        match text {
            "finished" => Ok(NotifyOn::Finished),
            "failed" => Ok(NotifyOn::Failed),
            "expiring" => Ok(NotifyOn::Expiring),
            other => Err(format!(
                "{other:?} is not an event: use \"finished\", \"failed\" or \"expiring\""
            )),
        }
    }
}

/// How and when to notify: the terminal bell, a desktop notification
/// (OSC 9), on which events. Nothing is on by default.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotificationRules {
    pub bell: bool,
    pub desktop: bool,
    /// How close to its expiry a download link counts as expiring.
    pub expiring_within: Duration,
    pub on: Vec<NotifyOn>,
}

/// The default for `expiring_within`.
pub const DEFAULT_EXPIRING_WITHIN: Duration = Duration::from_secs(600);

impl Default for NotificationRules {
    fn default() -> NotificationRules {
        NotificationRules {
            bell: false,
            desktop: false,
            expiring_within: DEFAULT_EXPIRING_WITHIN,
            on: vec![NotifyOn::Finished, NotifyOn::Failed, NotifyOn::Expiring],
        }
    }
}

impl NotificationRules {
    /// The file's rules with the flags on top: `--bell` and
    /// `--desktop-notify` switch on (never off), `--expiry-warning`
    /// replaces `expiring_within`; the events stay the file's.
    fn with_flags(&self, args: &GlobalArgs) -> NotificationRules {
        NotificationRules {
            bell: args.bell || self.bell,
            desktop: args.desktop_notify || self.desktop,
            expiring_within: args.expiry_warning.unwrap_or(self.expiring_within),
            on: self.on.clone(),
        }
    }

    /// Whether anything is announced at all.
    pub fn enabled(&self) -> bool {
        (self.bell || self.desktop) && !self.on.is_empty()
    }

    /// Whether `event` should notify at all.
    pub fn wants(&self, event: NotifyOn) -> bool {
        (self.bell || self.desktop) && self.on.contains(&event)
    }
}
