//! The durations the app keeps up to date cluster by cluster are the
//! durations of everything it knows, computed from scratch: random polls
//! that replace one cluster's jobs (finished, failed, running, old, of
//! several delivery types, without creation times), pictures with new
//! project names or nothing new, the history's gone jobs changing and
//! clusters coming and going, each followed by the same count, p50 and p95
//! per cluster and delivery type as `Durations::of_jobs` over the listed
//! and gone jobs, and the same estimate for every running job.

mod common;

use std::sync::Arc;
use std::time::Duration;

use atlas_restores::app::App;
use atlas_restores::atlas::{RestoreJob, Target};
use atlas_restores::history::{Durations, PastJob};
use atlas_restores::poller::store::{StoreData, TargetState};
use chrono::TimeDelta;
use common::{job, now, rfc3339};
use proptest::prelude::*;
use serde_json::json;

const CASES: u32 = 300;
const TARGETS: usize = 4;

const DELIVERIES: [&str; 4] = ["download", "automated", "pointInTime", "restore-new"];
const FLAGS: [Option<&str>; 4] = [None, Some("failed"), Some("cancelled"), Some("expired")];

/// A job as the generator describes it.
#[derive(Debug, Clone)]
struct JobSpec {
    serial: u32,
    delivery: usize,
    /// Minutes before `now` it was created; `None`: an id with no time.
    created: Option<i64>,
    /// Minutes it took; `None`: still running.
    took: Option<i64>,
    flag: usize,
}

impl JobSpec {
    fn job(&self) -> RestoreJob {
        let id = match self.created {
            Some(minutes) => {
                let created = (now() - TimeDelta::minutes(minutes)).timestamp();
                format!("{created:08x}{:016x}", self.serial)
            }
            None => format!("job-{}", self.serial),
        };
        let mut value = json!({"id": id, "deliveryType": DELIVERIES[self.delivery]});
        if let (Some(created), Some(took)) = (self.created, self.took) {
            let finished = now() - TimeDelta::minutes(created) + TimeDelta::minutes(took);
            value["finishedAt"] = json!(rfc3339(finished));
        }
        if let Some(flag) = FLAGS[self.flag] {
            value[flag] = json!(true);
        }
        job(value)
    }
}

fn job_spec() -> impl Strategy<Value = JobSpec> {
    (
        any::<u32>(),
        0..DELIVERIES.len(),
        // Up to 40 days back: some outside the 30-day window.
        proptest::option::weighted(0.9, 0i64..40 * 24 * 60),
        proptest::option::weighted(0.8, 0i64..300),
        prop_oneof![6 => Just(0usize), 1 => 1..FLAGS.len()],
    )
        .prop_map(|(serial, delivery, created, took, flag)| JobSpec {
            serial,
            delivery,
            created,
            took,
            flag,
        })
}

/// One thing that happens to the dashboard.
#[derive(Debug, Clone)]
enum Step {
    /// A poll: this target's jobs are now these.
    Replace(usize, Vec<JobSpec>),
    /// A picture with a new version and the same jobs.
    SameJobs,
    /// Project names arrive or go.
    ToggleNames,
    /// The history's gone jobs are now these, each of a target (the last
    /// index is a cluster no longer watched).
    Gone(Vec<(usize, JobSpec)>),
    /// The last target stops (or starts again) being watched.
    ToggleLastTarget,
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        6 => (0..TARGETS, proptest::collection::vec(job_spec(), 0..10))
            .prop_map(|(t, jobs)| Step::Replace(t, jobs)),
        1 => Just(Step::SameJobs),
        1 => Just(Step::ToggleNames),
        2 => proptest::collection::vec((0..=TARGETS, job_spec()), 0..8).prop_map(Step::Gone),
        1 => Just(Step::ToggleLastTarget),
    ]
}

fn target(at: usize) -> Target {
    Target::new(format!("66{:022x}", at % 2), format!("cluster-{at}"))
}

fn empty_store() -> StoreData {
    let mut data = StoreData {
        version: 1,
        interval: Duration::from_secs(30),
        ..StoreData::default()
    };
    for at in 0..TARGETS {
        data.targets.push(TargetState::new(target(at)));
    }
    data
}

fn apply(app: &mut App, data: &mut Arc<StoreData>, step: &Step) {
    let mut picture = StoreData::clone(data);
    picture.version += 1;
    match step {
        Step::Replace(at, jobs) => {
            let wanted = target(*at);
            if let Some(state) = picture.targets.iter_mut().find(|s| s.target == wanted) {
                state.jobs = Arc::new(jobs.iter().map(JobSpec::job).collect());
            }
        }
        Step::SameJobs => {}
        Step::ToggleNames => {
            for state in &mut picture.targets {
                state.project_name = match state.project_name {
                    Some(_) => None,
                    None => Some(format!("project of {}", state.target.cluster_name)),
                };
            }
        }
        Step::Gone(jobs) => {
            let gone = jobs
                .iter()
                .map(|(at, spec)| {
                    Arc::new(PastJob {
                        target: target(*at),
                        job: spec.job(),
                        gone_at: now(),
                    })
                })
                .collect();
            picture.history.gone = Arc::new(gone);
        }
        Step::ToggleLastTarget => {
            let last = target(TARGETS - 1);
            if picture.targets.iter().any(|s| s.target == last) {
                picture.targets.retain(|s| s.target != last);
            } else {
                picture.targets.push(TargetState::new(last));
            }
        }
    }
    *data = Arc::new(picture);
    app.set_data(Arc::clone(data));
}

/// The durations of everything `data` holds, from scratch.
fn from_scratch(data: &StoreData) -> Durations {
    let listed = data
        .targets
        .iter()
        .flat_map(|state| state.jobs.iter().map(move |job| (&state.target, job)));
    let gone = data
        .history
        .gone
        .iter()
        .map(|past| (&past.target, &past.job));
    Durations::of_jobs(listed.chain(gone), now())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(CASES))]

    #[test]
    fn kept_durations_equal_durations_from_scratch(
        steps in proptest::collection::vec(step(), 1..25)
    ) {
        let mut data = Arc::new(empty_store());
        let mut app = App::new(Arc::clone(&data));
        app.set_clock(now());
        for step in &steps {
            apply(&mut app, &mut data, step);
            let expected = from_scratch(&data);
            prop_assert_eq!(app.durations().all(), expected.all(), "after {:?}", step);
            for state in &data.targets {
                for job in state.jobs.iter() {
                    prop_assert_eq!(
                        app.estimate(state, job),
                        expected.estimate(&state.target, job),
                        "the estimate of {} after {:?}", job.id, step
                    );
                }
            }
        }
    }
}
