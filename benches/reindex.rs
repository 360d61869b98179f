//! Re-sort, re-filter and re-index: 100,000 jobs after a sort key change
//! (`s`, which cycles through every column; `S`, which reverses) and after
//! one filter keystroke (typing a character, then deleting it); and 40,000
//! jobs (100 clusters of 400) after one cluster's job list changed.

mod support;

use std::sync::Arc;

use atlas_restores::app::App;
use atlas_restores::atlas::RestoreJob;
use atlas_restores::poller::store::StoreData;
use criterion::{Criterion, criterion_group, criterion_main};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use serde_json::json;

const JOBS: usize = 100_000;

/// The update bench: 100 clusters of 400 jobs, the one at `CHANGED` changes.
const CLUSTERS: usize = 100;
const JOBS_PER_CLUSTER: usize = 400;
const CHANGED: usize = 50;

fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

fn sort_key_change(c: &mut Criterion) {
    let mut app = App::new(support::store_with_jobs(JOBS));
    c.bench_function("resort_100k_next_column", |b| {
        b.iter(|| app.handle_key(key(KeyCode::Char('s'))));
    });
    c.bench_function("resort_100k_reverse", |b| {
        b.iter(|| app.handle_key(key(KeyCode::Char('S'))));
    });
}

fn filter_keystroke(c: &mut Criterion) {
    let mut app = App::new(support::store_with_jobs(JOBS));
    app.handle_key(key(KeyCode::Char('/')));
    app.handle_key(key(KeyCode::Char('c')));
    let mut typed = false;
    c.bench_function("refilter_100k_keystroke", |b| {
        b.iter(|| {
            let next = if typed {
                key(KeyCode::Backspace)
            } else {
                key(KeyCode::Char('9'))
            };
            typed = !typed;
            app.handle_key(next)
        });
    });
}

/// A store picture of `CLUSTERS` clusters of `JOBS_PER_CLUSTER` jobs over
/// ten projects.
fn picture(version: u64) -> StoreData {
    let mut data = support::store_of(CLUSTERS * JOBS_PER_CLUSTER, JOBS_PER_CLUSTER);
    data.version = version;
    data
}

/// `jobs` as the next poll sees them: one job failed, one new job.
fn changed(jobs: &[RestoreJob]) -> Vec<RestoreJob> {
    let mut next = jobs.to_vec();
    if let Some(first) = next.first_mut() {
        let failed = json!({"id": &*first.id, "deliveryType": "download", "failed": true});
        *first = RestoreJob::from_value(failed).expect("a job object");
    }
    next.push(support::job(CLUSTERS * JOBS_PER_CLUSTER + 1));
    next
}

/// `App::set_data` when one cluster of 400 changed, 40,000 jobs loaded: the
/// pictures alternate, so each call is one cluster's change.
fn one_cluster_changes(c: &mut Criterion) {
    let before = picture(1);
    let mut after = picture(2);
    for (old, new) in before.targets.iter().zip(after.targets.iter_mut()) {
        new.jobs = Arc::clone(&old.jobs);
    }
    if let Some(state) = after.targets.get_mut(CHANGED) {
        state.jobs = Arc::new(changed(&state.jobs));
    }
    let pictures = [Arc::new(before), Arc::new(after)];
    let mut app = App::new(Arc::clone(&pictures[0]));
    let mut next = 1;
    c.bench_function("update_40k_one_cluster_of_400", |b| {
        b.iter(|| {
            let effect = app.set_data(Arc::clone(&pictures[next]));
            next = 1 - next;
            effect
        });
    });
}

criterion_group!(
    benches,
    sort_key_change,
    filter_keystroke,
    one_cluster_changes
);
criterion_main!(benches);
