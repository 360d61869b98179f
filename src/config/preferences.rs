//! The dashboard's preferences, from the flags or our config file: the
//! colour theme, the clipboard and the notification rules.

use std::time::Duration;

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
    /// Whether anything is announced at all.
    pub fn enabled(&self) -> bool {
        (self.bell || self.desktop) && !self.on.is_empty()
    }

    /// Whether `event` should notify at all.
    pub fn wants(&self, event: NotifyOn) -> bool {
        (self.bell || self.desktop) && self.on.contains(&event)
    }
}
