//! When the flash message on the status bar goes away: a deadline only
//! while one is shown, restarted by each new flash, so that an idle
//! dashboard has no timer.

use std::time::Duration;

use tokio::time::Instant;

use crate::app::App;

/// How long a flash message stays on the status bar.
const FLASH_FOR: Duration = Duration::from_secs(5);

#[derive(Default)]
pub struct FlashTimer {
    deadline: Option<Instant>,
    serial: u64,
}

impl FlashTimer {
    pub fn deadline(&self) -> Option<Instant> {
        self.deadline
    }

    /// Starts the deadline when the app shows a new flash.
    pub fn watch(&mut self, app: &App) {
        if app.flash_serial() != self.serial {
            self.serial = app.flash_serial();
            self.deadline = app.flash().map(|_| Instant::now() + FLASH_FOR);
        }
    }

    pub fn expire(&mut self, app: &mut App) {
        self.deadline = None;
        app.clear_flash();
    }
}
