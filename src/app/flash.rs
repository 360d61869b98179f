//! The flash: one short message on the status bar that confirms or refuses
//! what a key asked for, and clears itself a few seconds later (the event
//! loop keeps that timer, and only while a flash is shown).

use super::App;

/// Whether the flash reports success or a refusal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FlashKind {
    Info,
    Error,
}

/// A message on the status bar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flash {
    pub text: String,
    pub kind: FlashKind,
}

impl Flash {
    pub fn info(text: impl Into<String>) -> Flash {
        Flash {
            text: text.into(),
            kind: FlashKind::Info,
        }
    }

    pub fn error(text: impl Into<String>) -> Flash {
        Flash {
            text: text.into(),
            kind: FlashKind::Error,
        }
    }

    /// Info for `Ok`, error for `Err`.
    pub fn from_result(result: Result<String, String>) -> Flash {
        match result {
            Ok(text) => Flash::info(text),
            Err(text) => Flash::error(text),
        }
    }
}

impl App {
    /// Shows `flash` on the status bar until [`App::clear_flash`].
    pub fn set_flash(&mut self, flash: Flash) {
        self.flash = Some(flash);
        self.flash_serial += 1;
    }

    pub fn flash(&self) -> Option<&Flash> {
        self.flash.as_ref()
    }

    /// Changes with every new flash, so that the event loop can restart
    /// the flash's expiry.
    pub fn flash_serial(&self) -> u64 {
        self.flash_serial
    }

    pub fn clear_flash(&mut self) {
        self.flash = None;
    }
}
