//! The job table kept up to date piece by piece shows what a table built
//! from scratch shows: random sequences of polls that replace one cluster's
//! jobs (odd and duplicate ids, missing dates, unknown delivery types),
//! project names arriving, sort keys and filter keys, each followed by the
//! same rows in the same order, the same status counts and the same total
//! as a fresh app given the same picture, sort and filter.

use std::cmp::Ordering;
use std::sync::Arc;
use std::time::Duration;

use atlas_restores::app::{App, SortColumn};
use atlas_restores::atlas::{RestoreJob, Target};
use atlas_restores::poller::store::{StoreData, TargetState};
use chrono::{DateTime, TimeDelta, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use proptest::prelude::*;
use serde_json::{Value, json};

const CASES: u32 = 500;
const TARGETS: usize = 4;

/// A job as the generator describes it.
#[derive(Debug, Clone)]
struct JobSpec {
    id: usize,
    delivery: usize,
    created: Option<i64>,
    expires: Option<i64>,
    finished: bool,
    url: bool,
    flag: usize,
}

/// Ids: ObjectIds (few, so that they repeat) and ids that are not.
const IDS: [&str; 12] = [
    "000000000000000000000001",
    "000000000000000000000002",
    "65a000000000000000000003",
    "65a000000000000000000004",
    "65b0000000000000000000ff",
    "65B0000000000000000000FF",
    "job-1",
    "job-2",
    "",
    "zz",
    "été",
    "00000000000000000000000",
];

/// Delivery types, with long unknown ones sharing their first bytes.
const DELIVERIES: [Option<&str>; 9] = [
    Some("download"),
    Some("automated"),
    Some("pointInTime"),
    Some("automat"),
    Some("automatedX"),
    Some("restore-long-one"),
    Some("restore-long-two"),
    Some(""),
    None,
];

const FLAGS: [Option<&str>; 4] = [None, Some("failed"), Some("cancelled"), Some("expired")];

fn base() -> DateTime<Utc> {
    DateTime::from_timestamp(1_714_564_800, 0).unwrap_or_default()
}

fn at(minutes: i64) -> String {
    (base() + TimeDelta::minutes(minutes)).to_rfc3339()
}

impl JobSpec {
    fn job(&self) -> RestoreJob {
        let mut value = json!({ "id": IDS[self.id % IDS.len()] });
        let fields = value.as_object_mut();
        let Some(fields) = fields else {
            unreachable!("json! made an object")
        };
        if let Some(delivery) = DELIVERIES[self.delivery % DELIVERIES.len()] {
            fields.insert("deliveryType".into(), json!(delivery));
        }
        if let Some(created) = self.created {
            fields.insert("createdAt".into(), json!(at(created)));
        }
        if let Some(expires) = self.expires {
            fields.insert("expiresAt".into(), json!(at(expires)));
        }
        if self.finished {
            fields.insert("finishedAt".into(), json!(at(1)));
        }
        if self.url {
            fields.insert("deliveryUrl".into(), json!(["https://x.example/a.tgz"]));
        }
        if let Some(flag) = FLAGS[self.flag % FLAGS.len()] {
            fields.insert(flag.into(), Value::Bool(true));
        }
        RestoreJob::from_value(value).unwrap_or_else(|e| panic!("{e}"))
    }
}

fn job_spec() -> impl Strategy<Value = JobSpec> {
    (
        0..IDS.len(),
        0..DELIVERIES.len(),
        proptest::option::of(-3i64..3),
        proptest::option::of(-3i64..3),
        any::<bool>(),
        any::<bool>(),
        0..FLAGS.len(),
    )
        .prop_map(
            |(id, delivery, created, expires, finished, url, flag)| JobSpec {
                id,
                delivery,
                created,
                expires,
                finished,
                url,
                flag,
            },
        )
}

/// One thing that happens to the dashboard.
#[derive(Debug, Clone)]
enum Step {
    /// A poll: this target's jobs are now these.
    Replace(usize, Vec<JobSpec>),
    /// A poll that brought nothing new, but a new version.
    SameJobs,
    /// Project names arrive (or go): every label changes.
    ToggleNames,
    NextSort,
    Reverse,
    Type(char),
    /// A piece of the filter language: a field, a negation, a quote.
    TypeText(&'static str),
    Backspace,
    ClearText,
    /// `0`…`7`.
    Status(u32),
    /// The selection moves down this many rows.
    Down(usize),
    /// The clock moves on this many seconds: links expire.
    Tick(i64),
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        4 => (0..TARGETS, proptest::collection::vec(job_spec(), 0..12))
            .prop_map(|(t, jobs)| Step::Replace(t, jobs)),
        1 => Just(Step::SameJobs),
        1 => Just(Step::ToggleNames),
        2 => Just(Step::NextSort),
        2 => Just(Step::Reverse),
        3 => proptest::sample::select(vec!['0', '1', 'a', 'd', 'j', 'o', 't', 'é', '-', 'z', 'r', ' ', '!', ':'])
            .prop_map(Step::Type),
        2 => proptest::sample::select(vec![" type:", " !", " cluster:", "status:", " id:", " target:", " project:", "\"", " kind:", " !status:re"])
            .prop_map(Step::TypeText),
        2 => Just(Step::Backspace),
        1 => Just(Step::ClearText),
        1 => (0u32..8).prop_map(Step::Status),
        2 => (0usize..5).prop_map(Step::Down),
        2 => (1i64..=90).prop_map(Step::Tick),
    ]
}

fn press(app: &mut App, code: KeyCode) {
    app.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
}

/// A store of `TARGETS` clusters over `projects` projects (one or two), with
/// no jobs. In one project a cluster's label is its name, so project names
/// arriving change no label, only what the filter finds.
fn empty_store(projects: usize) -> StoreData {
    let mut data = StoreData {
        version: 1,
        interval: Duration::from_secs(30),
        ..StoreData::default()
    };
    for t in 0..TARGETS {
        let group = format!("66{:022x}", t % projects.max(1));
        // Over two projects, two clusters share a name.
        let cluster = format!("cluster-{}", t % (TARGETS + 1 - projects));
        data.targets
            .push(TargetState::new(Target::new(group, cluster)));
    }
    data
}

/// The rows of `app` as positions `(target, job)` in `data`.
fn rows_of(app: &App, data: &StoreData) -> Vec<(usize, usize)> {
    app.rows()
        .map(|(state, job)| {
            let target = data
                .targets
                .iter()
                .position(|t| std::ptr::eq(t, state))
                .unwrap_or(usize::MAX);
            let at = state
                .jobs
                .iter()
                .position(|j| std::ptr::eq(j, job))
                .unwrap_or(usize::MAX);
            (target, at)
        })
        .collect()
}

/// A fresh app on `data` with the sort and filter of `app`.
fn from_scratch(app: &App, data: &Arc<StoreData>) -> App {
    let mut fresh = App::new(Arc::clone(data));
    fresh.set_clock(app.now());
    for status in app.filter().statuses().statuses() {
        let at = atlas_restores::atlas::JobStatus::ALL
            .iter()
            .position(|s| *s == status)
            .unwrap_or(0);
        let digit = char::from_digit(u32::try_from(at).unwrap_or(0) + 1, 10).unwrap_or('0');
        press(&mut fresh, KeyCode::Char(digit));
    }
    press(&mut fresh, KeyCode::Char('/'));
    // The query the rows follow (a text that does not parse leaves the
    // last one that did), as it prints.
    for c in app.filter().query().to_string().chars() {
        press(&mut fresh, KeyCode::Char(c));
    }
    press(&mut fresh, KeyCode::Enter);
    for _ in 0..6 {
        if fresh.sort().column == app.sort().column {
            break;
        }
        press(&mut fresh, KeyCode::Char('s'));
    }
    if fresh.sort() != app.sort() {
        press(&mut fresh, KeyCode::Char('S'));
    }
    assert_eq!(fresh.sort(), app.sort());
    assert_eq!(fresh.filter().query(), app.filter().query());
    assert_eq!(fresh.filter().statuses(), app.filter().statuses());
    fresh
}

/// Whether `id` is an ObjectId as Atlas writes it (24 lowercase hex digits).
fn is_object_id(id: &str) -> bool {
    id.len() == 24
        && id
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// The table's order, written plainly: the column's value, the id (ObjectIds
/// first), the cluster's place, the job's place.
fn plain_order(app: &App, data: &StoreData, a: (usize, usize), b: (usize, usize)) -> Ordering {
    let job = |(t, j): (usize, usize)| {
        data.targets
            .get(t)
            .and_then(|s| s.jobs.get(j))
            .unwrap_or_else(|| panic!("row {t}/{j} is in the store"))
    };
    let (ja, jb) = (job(a), job(b));
    let created = |j: &RestoreJob| j.created().map_or(i64::MIN, |t| t.timestamp());
    // Soonest live link first, then the most recently expired, then none.
    let now = app.now();
    let expires = |j: &RestoreJob| match j.expires_at {
        Some(t) if t > now => (0, t.timestamp()),
        Some(t) => (1, -t.timestamp()),
        None => (2, 0),
    };
    let by_column = match app.sort().column {
        SortColumn::Created => created(ja).cmp(&created(jb)),
        SortColumn::Expires => expires(ja).cmp(&expires(jb)),
        SortColumn::Status => ja.status_at(now).cmp(&jb.status_at(now)),
        SortColumn::Cluster => app.cluster_label(a.0).cmp(app.cluster_label(b.0)),
        SortColumn::Type => ja.delivery_type.as_str().cmp(jb.delivery_type.as_str()),
        SortColumn::Id => Ordering::Equal,
    };
    let id = |j: &RestoreJob| (!is_object_id(&j.id), j.id.to_string());
    by_column.then_with(|| id(ja).cmp(&id(jb))).then(a.cmp(&b))
}

/// The selected job's cluster and id.
fn selected_key(app: &App) -> Option<(Target, String)> {
    app.selected_job()
        .map(|(state, job)| (state.target.clone(), job.id.to_string()))
}

/// Enter; a text that does not parse keeps the prompt open, so characters
/// are taken off until it parses (Esc would clear it all).
fn close_prompt(app: &mut App) {
    press(app, KeyCode::Enter);
    while app.is_typing_filter() {
        press(app, KeyCode::Backspace);
        press(app, KeyCode::Enter);
    }
}

/// Applies `step` to `app` and `data`.
fn apply(app: &mut App, data: &mut Arc<StoreData>, step: &Step) {
    let mut next = |change: &dyn Fn(&mut StoreData)| {
        let mut picture = StoreData::clone(data);
        picture.version += 1;
        change(&mut picture);
        *data = Arc::new(picture);
        app.set_data(Arc::clone(data));
    };
    match step {
        Step::Replace(target, jobs) => next(&|picture| {
            if let Some(state) = picture.targets.get_mut(*target) {
                state.jobs = Arc::new(jobs.iter().map(JobSpec::job).collect());
            }
        }),
        Step::SameJobs => next(&|_| {}),
        Step::ToggleNames => next(&|picture| {
            for state in &mut picture.targets {
                let last = state.target.group_id.chars().last().unwrap_or('0');
                state.project_name = match state.project_name {
                    Some(_) => None,
                    None => Some(format!("project-{last}")),
                };
            }
        }),
        Step::NextSort => press(app, KeyCode::Char('s')),
        Step::Reverse => press(app, KeyCode::Char('S')),
        Step::Type(c) => {
            press(app, KeyCode::Char('/'));
            press(app, KeyCode::Char(*c));
            close_prompt(app);
        }
        Step::TypeText(text) => {
            press(app, KeyCode::Char('/'));
            for c in text.chars() {
                press(app, KeyCode::Char(c));
            }
            close_prompt(app);
        }
        Step::Backspace => {
            press(app, KeyCode::Char('/'));
            press(app, KeyCode::Backspace);
            close_prompt(app);
        }
        Step::ClearText => {
            press(app, KeyCode::Char('/'));
            press(app, KeyCode::Esc);
        }
        Step::Status(digit) => {
            let digit = char::from_digit(*digit, 10).unwrap_or('0');
            press(app, KeyCode::Char(digit));
        }
        Step::Down(rows) => {
            for _ in 0..*rows {
                press(app, KeyCode::Down);
            }
        }
        Step::Tick(seconds) => {
            app.set_clock(app.now() + TimeDelta::seconds(*seconds));
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: CASES,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn kept_up_to_date_equals_built_from_scratch(
        projects in 1usize..=2,
        steps in proptest::collection::vec(step(), 1..40)
    ) {
        let mut data = Arc::new(empty_store(projects));
        let mut app = App::new(Arc::clone(&data));
        // Every expiry is ahead at first; ticks bring them.
        app.set_clock(base() - TimeDelta::minutes(4));
        for step in &steps {
            let selected = selected_key(&app);
            apply(&mut app, &mut data, step);
            // The selection stays on its job while that job is shown.
            let shown = app.rows().any(|(state, job)| Some((state.target.clone(), job.id.to_string())) == selected);
            // (Typing several characters may hide it on the way.)
            if shown && !matches!(step, Step::Down(_) | Step::TypeText(_)) {
                prop_assert_eq!(selected_key(&app), selected, "after {:?}", step);
            }
            let fresh = from_scratch(&app, &data);
            prop_assert_eq!(rows_of(&app, &data), rows_of(&fresh, &data), "after {:?}", step);
            prop_assert_eq!(
                app.status_counts().collect::<Vec<_>>(),
                fresh.status_counts().collect::<Vec<_>>()
            );
            prop_assert_eq!(app.total_jobs(), fresh.total_jobs());
            // And the fresh app is right in its own terms.
            let want = if app.sort().descending { Ordering::Greater } else { Ordering::Less };
            let rows = rows_of(&fresh, &data);
            for pair in rows.windows(2) {
                if let [a, b] = pair {
                    prop_assert_eq!(plain_order(&app, &data, *a, *b), want, "{:?} then {:?}", a, b);
                }
            }
            let jobs = data.targets.iter().flat_map(|t| t.jobs.iter());
            prop_assert_eq!(app.total_jobs(), jobs.clone().count());
            for (status, count) in app.status_counts() {
                prop_assert_eq!(count, jobs.clone().filter(|j| j.status_at(app.now()) == status).count());
            }
            if !app.filter().is_active() {
                prop_assert_eq!(rows.len(), app.total_jobs());
            }
        }
    }
}
