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

    /// `j`/`k` (or the arrows) scroll by one cluster; Esc, `!` and `q`
    /// close the panel; other keys do nothing while it is open.
    pub(super) fn handle_failing_key(&mut self, first: usize, key: &KeyEvent) {
        let last = self.failing_clusters().len().saturating_sub(1);
        let first = first.min(last);
        self.mode = match key.code {
            KeyCode::Esc | KeyCode::Char('!' | 'q') => Mode::Normal,
            KeyCode::Char('j') | KeyCode::Down => Mode::Failing {
                first: (first + 1).min(last),
            },
            KeyCode::Char('k') | KeyCode::Up => Mode::Failing {
                first: first.saturating_sub(1),
            },
            KeyCode::Char('g') | KeyCode::Home => Mode::Failing { first: 0 },
            KeyCode::Char('G') | KeyCode::End => Mode::Failing { first: last },
            _ => Mode::Failing { first },
        };
    }
}
