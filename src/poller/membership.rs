//! Which clusters are watched: the ones named (on the command line or in
//! the picker), plus every cluster each `--project` has now but those
//! excluded (unchecked in the picker, or saved in the config file's
//! `exclude`). Applies the project watcher's listings and the picker's
//! choices to the store and the schedule.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::time::Duration;

use tokio::time::Instant;

use super::projects::Listing;
use super::schedule::Schedule;
use crate::atlas::Target;
use crate::poller::store::{Store, TargetState};

/// The gap between the first polls of clusters that appear together.
const NEW_TARGET_STAGGER: Duration = Duration::from_millis(50);

pub struct Membership {
    named: HashSet<Target>,
    from_projects: HashMap<String, BTreeSet<String>>,
    /// Clusters of the projects that are not watched.
    excluded: HashSet<Target>,
    project_names: HashMap<String, String>,
}

impl Membership {
    pub fn new(
        named: impl Iterator<Item = Target>,
        excluded: impl IntoIterator<Item = Target>,
    ) -> Membership {
        Membership {
            named: named.collect(),
            from_projects: HashMap::new(),
            excluded: excluded.into_iter().collect(),
            project_names: HashMap::new(),
        }
    }

    /// Every cluster watched: the named ones and the projects' clusters
    /// not excluded.
    fn watched(&self) -> HashSet<Target> {
        let from_projects = self
            .project_targets()
            .filter(|target| !self.excluded.contains(target));
        self.named.iter().cloned().chain(from_projects).collect()
    }

    /// Every cluster the projects have now.
    fn project_targets(&self) -> impl Iterator<Item = Target> + '_ {
        self.from_projects.iter().flat_map(|(group, names)| {
            names
                .iter()
                .map(move |name| Target::new(group.clone(), name.clone()))
        })
    }

    pub fn apply(&mut self, listing: Listing, store: &Store, schedule: &mut Schedule) {
        match listing {
            Listing::Clusters { group_id, names } => {
                self.set_clusters(group_id, names, store, schedule)
            }
            Listing::Names(names) => self.set_names(names, store),
        }
    }

    fn set_clusters(
        &mut self,
        group_id: String,
        names: Vec<String>,
        store: &Store,
        schedule: &mut Schedule,
    ) {
        let before = self.watched();
        self.from_projects
            .insert(group_id, names.into_iter().collect());
        self.change_from(&before, store, schedule);
    }

    /// Applies the difference between what was watched (`before`) and
    /// what is now.
    fn change_from(&self, before: &HashSet<Target>, store: &Store, schedule: &mut Schedule) {
        let now = self.watched();
        let mut added: Vec<Target> = now.difference(before).cloned().collect();
        added.sort();
        let removed: HashSet<Target> = before.difference(&now).cloned().collect();
        self.change(added, removed, store, schedule);
    }

    /// Starts watching `added` and stops watching `removed`, in the store
    /// and the schedule.
    fn change(
        &self,
        added: Vec<Target>,
        removed: HashSet<Target>,
        store: &Store,
        schedule: &mut Schedule,
    ) {
        if added.is_empty() && removed.is_empty() {
            return;
        }
        store.update(|data| {
            data.targets
                .retain(|state| !removed.contains(&state.target));
            for target in &added {
                let mut state = TargetState::new(target.clone());
                state.project_name = self.project_names.get(&target.group_id).cloned();
                data.targets.push(state);
            }
            data.targets.sort_by(|a, b| a.target.cmp(&b.target));
            prune_snapshots(data);
        });
        for target in &removed {
            schedule.remove(target);
        }
        let start = Instant::now();
        for (index, target) in added.into_iter().enumerate() {
            let offset =
                NEW_TARGET_STAGGER.saturating_mul(u32::try_from(index).unwrap_or(u32::MAX));
            schedule.add(target, start + offset);
        }
    }

    /// Watches exactly `chosen` (the picker's choice): the clusters of
    /// the projects left out are excluded until chosen again (a cluster a
    /// project gains later is watched), and the others are named.
    pub fn set_named(&mut self, chosen: Vec<Target>, store: &Store, schedule: &mut Schedule) {
        let before = self.watched();
        let chosen: HashSet<Target> = chosen.into_iter().collect();
        let listed: HashSet<Target> = self.project_targets().collect();
        // Exclusions of projects not listed yet hold until chosen.
        self.excluded
            .retain(|target| !listed.contains(target) && !chosen.contains(target));
        self.excluded.extend(listed.difference(&chosen).cloned());
        self.named = chosen.difference(&listed).cloned().collect();
        self.change_from(&before, store, schedule);
    }

    fn set_names(&mut self, names: HashMap<String, String>, store: &Store) {
        if names == self.project_names {
            return;
        }
        self.project_names = names;
        store.update(|data| {
            for state in &mut data.targets {
                state.project_name = self.project_names.get(&state.target.group_id).cloned();
            }
        });
    }
}

/// Forgets snapshot details that no watched job refers to any more, so the
/// cache stays as big as what is on screen over weeks.
pub fn prune_snapshots(data: &mut crate::poller::store::StoreData) {
    if data.snapshots.is_empty() {
        return;
    }
    let referenced: HashSet<&str> = data
        .targets
        .iter()
        .flat_map(|state| state.jobs.iter())
        .filter_map(|job| job.snapshot_id.as_deref())
        .collect();
    data.snapshots
        .retain(|id, _| referenced.contains(id.as_str()));
}
