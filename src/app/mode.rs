//! What the keyboard talks to: the table, the filter being typed, the help
//! overlay, the cluster picker, a cancellation awaiting `y`, the
//! failing-clusters panel or the events panel. One mode at a time, so that
//! no two of them can be open together, and key dispatch is one `match` on
//! it (in `handle.rs`).

use super::{App, CancelRequest, Picker};

/// The app's mode, with the state only that mode has.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Mode {
    /// The key map's commands act on the table or the focused detail pane.
    #[default]
    Normal,
    /// Typing the table's filter: characters are text.
    Filter,
    /// The help overlay, scrolled by this many lines.
    Help(usize),
    /// The cluster picker.
    Picker(Picker),
    /// A cancellation awaiting confirmation.
    Confirm(CancelRequest),
    /// The failing-clusters panel, scrolled to its `first` cluster.
    Failing { first: usize },
    /// The events panel (`l`), scrolled by this many changes.
    Events(usize),
}

impl App {
    pub fn mode(&self) -> &Mode {
        &self.mode
    }

    pub fn is_typing_filter(&self) -> bool {
        self.mode == Mode::Filter
    }

    pub fn help_open(&self) -> bool {
        matches!(self.mode, Mode::Help(_))
    }

    /// The picker, while it is open.
    pub fn picker(&self) -> Option<&Picker> {
        match &self.mode {
            Mode::Picker(picker) => Some(picker),
            _ => None,
        }
    }

    /// The cancellation awaiting confirmation, while its popup is open.
    pub fn confirming(&self) -> Option<&CancelRequest> {
        match &self.mode {
            Mode::Confirm(request) => Some(request),
            _ => None,
        }
    }
}
