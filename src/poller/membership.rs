//! Which clusters are watched: the ones named on the command line, plus
//! every cluster each `--project` has now. Applies the project watcher's
//! listings to the store and the schedule.

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
    project_names: HashMap<String, String>,
}

impl Membership {
    pub fn new(named: impl Iterator<Item = Target>) -> Membership {
        Membership {
            named: named.collect(),
            from_projects: HashMap::new(),
            project_names: HashMap::new(),
        }
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
        let now: BTreeSet<String> = names.into_iter().collect();
        let before = self
            .from_projects
            .insert(group_id.clone(), now.clone())
            .unwrap_or_default();
        let target = |name: &String| Target::new(group_id.clone(), name.clone());
        let added: Vec<Target> = now
            .difference(&before)
            .map(target)
            .filter(|t| !self.named.contains(t))
            .collect();
        let removed: HashSet<Target> = before
            .difference(&now)
            .map(target)
            .filter(|t| !self.named.contains(t))
            .collect();
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

    /// Replaces the clusters named by the user (the picker); those also
    /// listed by a watched project stay.
    pub fn set_named(&mut self, targets: Vec<Target>, store: &Store, schedule: &mut Schedule) {
        let now: HashSet<Target> = targets.into_iter().collect();
        let from_projects: HashSet<Target> = self
            .from_projects
            .iter()
            .flat_map(|(group, names)| {
                names
                    .iter()
                    .map(move |name| Target::new(group.clone(), name.clone()))
            })
            .collect();
        let added: Vec<Target> = now
            .difference(&self.named)
            .filter(|t| !from_projects.contains(*t))
            .cloned()
            .collect();
        let removed: HashSet<Target> = self
            .named
            .difference(&now)
            .filter(|t| !from_projects.contains(*t))
            .cloned()
            .collect();
        self.named = now;
        self.change(added, removed, store, schedule);
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
