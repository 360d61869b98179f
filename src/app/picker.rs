//! The cluster picker (`c`): every cluster of every project the key can see,
//! with its job count and polling state, to toggle with Space, filter with
//! `/`, apply with Enter or save with `w`. The watch list changes without a
//! restart; a cluster of a watched project (`--project`) left unchecked is
//! hidden, and `w` saves it as excluded so that it stays hidden.

use std::collections::BTreeSet;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::{App, Effect, Mode, contains_ignore_case};
use crate::atlas::Target;
use crate::atlas::inventory::Cluster;
use crate::config::saved_targets::Choice;
use crate::poller::store::{Inventory, StoreData, TargetState};

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
    /// What the store knows of it while it is watched.
    pub watched: Option<&'a TargetState>,
}

/// How the polling of a picker's cluster goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Polling<'a> {
    Ok,
    /// The latest poll failed; the short code (`503`, `timeout`).
    Failing(&'a str),
    NotYetPolled,
    NotWatched,
}

impl<'a> PickerRow<'a> {
    pub fn polling(&self) -> Polling<'a> {
        match self.watched {
            None => Polling::NotWatched,
            Some(state) => match &state.last_error {
                Some(error) => Polling::Failing(&error.code),
                None if state.fetched_at.is_none() => Polling::NotYetPolled,
                None => Polling::Ok,
            },
        }
    }

    /// The jobs the store holds for it, while it is watched.
    pub fn job_count(&self) -> Option<usize> {
        self.watched.map(|state| state.jobs.len())
    }
}

impl App {
    /// Opens the picker with the clusters watched now already chosen; the
    /// inventory is (re)loaded so that it is fresh.
    pub fn open_picker(&mut self) -> Effect {
        let chosen = self.data.targets.iter().map(|t| t.target.clone()).collect();
        self.mode = Mode::Picker(Picker {
            chosen,
            ..Picker::default()
        });
        Effect::LoadInventory
    }

    /// The clusters the picker lists, after its filter.
    pub fn picker_rows(&self) -> Vec<PickerRow<'_>> {
        match &self.mode {
            Mode::Picker(picker) => rows(picker, &self.data),
            _ => Vec::new(),
        }
    }

    /// A key while the picker is open; the picker stays open unless the key
    /// applies or drops the choice.
    pub(super) fn handle_picker_key(
        &mut self,
        mut picker: Picker,
        key: &KeyEvent,
    ) -> Option<Effect> {
        let last_row = rows(&picker, &self.data).len().saturating_sub(1);
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
            let last_row = rows(&picker, &self.data).len().saturating_sub(1);
            picker.selected_row = picker.selected_row.min(last_row);
            self.mode = Mode::Picker(picker);
            return None;
        }
        match key.code {
            KeyCode::Char('j') | KeyCode::Down => {
                picker.selected_row = (picker.selected_row + 1).min(last_row)
            }
            KeyCode::Char('k') | KeyCode::Up => {
                picker.selected_row = picker.selected_row.saturating_sub(1)
            }
            KeyCode::Char('/') => picker.typing_filter = true,
            KeyCode::Char(' ') => toggle_picked(&mut picker, &self.data),
            KeyCode::Enter => return Some(Effect::SetTargets(chosen(picker))),
            KeyCode::Char('w') => return Some(Effect::SaveTargets(choice(picker, &self.data))),
            KeyCode::Esc | KeyCode::Char('q') => return None,
            _ => {}
        }
        self.mode = Mode::Picker(picker);
        None
    }
}

/// The clusters of `data`'s inventory that pass the picker's filter.
fn rows<'a>(picker: &Picker, data: &'a StoreData) -> Vec<PickerRow<'a>> {
    let Inventory::Loaded(projects) = &data.inventory else {
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
            let watched = data.targets.iter().find(|state| state.target == target);
            rows.push(PickerRow {
                target,
                project_name: &entry.project.name,
                cluster,
                chosen,
                watched,
            });
        }
    }
    rows
}

/// Space: the selected row's cluster in or out of the choice.
fn toggle_picked(picker: &mut Picker, data: &StoreData) {
    let target = rows(picker, data)
        .get(picker.selected_row)
        .map(|row| row.target.clone());
    if let Some(target) = target
        && !picker.chosen.remove(&target)
    {
        picker.chosen.insert(target);
    }
}

/// The chosen clusters, in a stable order.
fn chosen(picker: Picker) -> Vec<Target> {
    picker.chosen.into_iter().collect()
}

/// What `w` saves: the chosen clusters, and the clusters of each watched
/// project the inventory listed that are not chosen.
fn choice(picker: Picker, data: &StoreData) -> Choice {
    let mut projects = Vec::new();
    let mut excluded = Vec::new();
    if let Inventory::Loaded(listed) = &data.inventory {
        let watched = listed
            .iter()
            .filter(|entry| data.projects.contains(&entry.project.id));
        for entry in watched {
            let Ok(clusters) = &entry.clusters else {
                continue;
            };
            projects.push(entry.project.id.clone());
            excluded.extend(
                clusters
                    .iter()
                    .map(|cluster| Target::new(entry.project.id.as_str(), cluster.name.as_str()))
                    .filter(|target| !picker.chosen.contains(target)),
            );
        }
    }
    Choice {
        clusters: chosen(picker),
        projects,
        excluded,
    }
}
