//! The failing clusters as the footer summary and the `!` panel list them:
//! sorted by their labels, so that the order stays put from poll to poll;
//! and the panel's keys (it scrolls by cluster).

use crossterm::event::{KeyCode, KeyEvent};

use super::{App, Mode};
use crate::poller::store::{TargetError, TargetState};

/// One failing cluster: how the table names it, its state, its failure.
#[derive(Debug, Clone, Copy)]
pub struct Failing<'a> {
    pub label: &'a str,
    pub state: &'a TargetState,
    pub error: &'a TargetError,
}

impl App {
    /// Every failing cluster, sorted by label (then by project and name,
    /// should two labels be the same), never by when it failed.
    pub fn failing_clusters(&self) -> Vec<Failing<'_>> {
        let mut failing: Vec<Failing<'_>> = self
            .data
            .targets
            .iter()
            .enumerate()
            .filter_map(|(at, state)| {
                let error = state.last_error.as_ref()?;
                let label = self.cluster_label(at);
                Some(Failing {
                    label,
                    state,
                    error,
                })
            })
            .collect();
        failing.sort_by(|a, b| (a.label, &a.state.target).cmp(&(b.label, &b.state.target)));
        failing
    }

    /// The first cluster the failing-clusters panel shows, while it is open.
    pub fn failing_panel(&self) -> Option<usize> {
        match self.mode {
            Mode::Failing { first } => Some(first),
            _ => None,
        }
    }

    /// `j`/`k` (or the arrows) scroll by one cluster, `g`/`G` to the
    /// ends; Esc, `!` and `q` close the panel; other keys do nothing while
    /// it is open.
    pub(super) fn handle_failing_key(&mut self, first: usize, key: &KeyEvent) {
        self.mode = Mode::Failing { first };
        let delta = match key.code {
            KeyCode::Esc | KeyCode::Char('!' | 'q') => {
                self.mode = Mode::Normal;
                return;
            }
            KeyCode::Char('j') | KeyCode::Down => 1,
            KeyCode::Char('k') | KeyCode::Up => -1,
            KeyCode::Char('g') | KeyCode::Home => isize::MIN,
            KeyCode::Char('G') | KeyCode::End => isize::MAX,
            _ => return,
        };
        self.scroll_failing_panel(delta);
    }

    /// Scrolls the open panel by `delta` clusters, within the list; false
    /// when the panel is not open.
    pub(super) fn scroll_failing_panel(&mut self, delta: isize) -> bool {
        let Mode::Failing { first } = self.mode else {
            return false;
        };
        let last = self.failing_clusters().len().saturating_sub(1);
        let first = first.min(last).saturating_add_signed(delta).min(last);
        self.mode = Mode::Failing { first };
        true
    }
}
