//! Preferences read from our config file for the dashboard: the colour
//! theme and the notification rules.

use std::time::Duration;

/// A colour theme by name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Theme {
    Dark,
    Light,
    /// The 16 ANSI colours only.
    Ansi16,
}

impl std::str::FromStr for Theme {
    type Err = String;

    fn from_str(text: &str) -> Result<Theme, String> {
        match text {
            "dark" => Ok(Theme::Dark),
            "light" => Ok(Theme::Light),
            "16" => Ok(Theme::Ansi16),
            other => Err(format!(
                "{other:?} is not a theme: use \"dark\", \"light\" or \"16\""
            )),
        }
    }
}

impl Theme {
    pub fn as_str(self) -> &'static str {
        match self {
            Theme::Dark => "dark",
            Theme::Light => "light",
            Theme::Ansi16 => "16",
        }
    }
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
