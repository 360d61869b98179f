//! The cluster picker (`c`): every cluster of every project the key can see,
//! to toggle with Space, filter with `/`, apply with Enter or save with `w`.
//! The watch list changes without a restart.

use std::collections::BTreeSet;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::{App, Effect, contains_ignore_case};
use crate::atlas::Target;
use crate::atlas::inventory::Cluster;
use crate::poller::store::Inventory;

/// The picker's own state while it is open.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Picker {
    pub selected_row: usize,
    pub filter: String,
    pub typing_filter: bool,
    /// The clusters that will be watched when the choice is applied.
    pub chosen: BTreeSet<Target>,
}

/// One line of the picker: a cluster of a project.
#[derive(Debug, Clone, PartialEq)]
pub struct PickerRow<'a> {
    pub target: Target,
    pub project_name: &'a str,
    pub cluster: &'a Cluster,
    pub chosen: bool,
}

impl App {
    /// Opens the picker with the clusters watched now already chosen; the
    /// inventory is (re)loaded so that it is fresh.
    pub fn open_picker(&mut self) -> Effect {
        let chosen = self.data.targets.iter().map(|t| t.target.clone()).collect();
        self.picker = Some(Picker {
            chosen,
            ..Picker::default()
        });
        Effect::LoadInventory
    }

    pub fn picker(&self) -> Option<&Picker> {
        self.picker.as_ref()
    }

    /// The clusters the picker lists, after its filter.
    pub fn picker_rows(&self) -> Vec<PickerRow<'_>> {
        let (Some(picker), Inventory::Loaded(projects)) = (&self.picker, &self.data.inventory)
        else {
            return Vec::new();
        };
        let mut rows = Vec::new();
        for entry in projects {
            let Ok(clusters) = &entry.clusters else {
                continue;
            };
            for cluster in clusters {
                let target = Target::new(entry.project.id.as_str(), cluster.name.as_str());
                let text = format!(
                    "{} {} {}",
                    entry.project.name, entry.project.id, cluster.name
                );
                if !picker.filter.is_empty() && !contains_ignore_case(&text, &picker.filter) {
                    continue;
                }
                let chosen = picker.chosen.contains(&target);
                rows.push(PickerRow {
                    target,
                    project_name: &entry.project.name,
                    cluster,
                    chosen,
                });
            }
        }
        rows
    }

    pub(super) fn handle_picker_key(&mut self, key: &KeyEvent) -> Option<Effect> {
        let rows = self.picker_rows().len();
        let picker = self.picker.as_mut()?;
        if picker.typing_filter {
            match key.code {
                KeyCode::Enter => picker.typing_filter = false,
                KeyCode::Esc => {
                    picker.typing_filter = false;
                    picker.filter.clear();
                }
                KeyCode::Backspace => {
                    picker.filter.pop();
                }
                KeyCode::Char(c) if !key.modifiers.contains(KeyModifiers::CONTROL) => {
                    picker.filter.push(c)
                }
                _ => {}
            }
            let rows = self.picker_rows().len();
            if let Some(picker) = self.picker.as_mut() {
                picker.selected_row = picker.selected_row.min(rows.saturating_sub(1));
            }
            return None;
        }
        match key.code {
            KeyCode::Char('j') | KeyCode::Down => {
                picker.selected_row = (picker.selected_row + 1).min(rows.saturating_sub(1))
            }
            KeyCode::Char('k') | KeyCode::Up => {
                picker.selected_row = picker.selected_row.saturating_sub(1)
            }
            KeyCode::Char('/') => picker.typing_filter = true,
            KeyCode::Char(' ') => self.toggle_picked(),
            KeyCode::Enter => return self.close_picker().map(Effect::SetTargets),
            KeyCode::Char('w') => return self.close_picker().map(Effect::SaveTargets),
            KeyCode::Esc | KeyCode::Char('q') => self.picker = None,
            _ => {}
        }
        None
    }

    fn toggle_picked(&mut self) {
        let target = self
            .picker_rows()
            .get(self.picker.as_ref().map_or(0, |p| p.selected_row))
            .map(|row| row.target.clone());
        if let (Some(picker), Some(target)) = (self.picker.as_mut(), target)
            && !picker.chosen.remove(&target)
        {
            picker.chosen.insert(target);
        }
    }

    /// Closes the picker; the chosen clusters, in a stable order.
    fn close_picker(&mut self) -> Option<Vec<Target>> {
        self.picker
            .take()
            .map(|picker| picker.chosen.into_iter().collect())
    }
}
