//! The dashboard's view state: what is selected, how the table is sorted and
//! filtered, what has focus. Pure: no I/O and no clock; the event loop feeds
//! it keys and store pictures, and `ui::draw` reads it.

mod actions;
mod asked;
pub mod attention;
mod cursor;
mod detail;
mod estimates;
mod events;
pub mod export;
mod failing;
mod filter;
pub mod flash;
mod handle;
mod help;
mod index;
pub mod journal;
#[cfg(test)]
mod journal_tests;
pub mod keys;
pub mod labels;
mod mode;
mod panes;
mod picker;
mod pin;
mod pointer;
mod selection;
pub mod sort;
mod timeline;
mod view;

use std::sync::Arc;

use chrono::{DateTime, TimeDelta, Utc};

use crate::atlas::Target;
use crate::atlas::{JobStatus, RestoreJob};
use crate::config::Theme;
use crate::poller::store::{StoreData, TargetState};

pub use actions::CancelRequest;
use asked::AskedSet;
use cursor::Cursor;
pub use detail::DetailOptions;
use estimates::Estimates;
pub use failing::Failing;
pub use filter::{Filter, ParseError, SYNTAX as FILTER_SYNTAX, StatusSet, contains_ignore_case};
pub use flash::{Flash, FlashKind};
pub use help::HelpFacts;
use index::Index;
pub use index::JobRef;
use journal::Journal;
pub use mode::Mode;
pub use panes::DetailView;
pub use picker::{Picker, PickerRow, Polling};
use selection::JobKey;
pub use sort::{Sort, SortColumn};
use timeline::Timeline;
pub use timeline::TimelineSpan;
pub use view::ViewFacts;

/// How many snapshot ids are remembered as asked for.
const ASKED_CAPACITY: usize = 4096;

/// Links expiring within this are urgent unless `--expiry-warning` says
/// otherwise.
pub const DEFAULT_EXPIRY_WARNING: TimeDelta = TimeDelta::minutes(10);

/// Something the event loop must do for the app.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    Quit,
    RefreshAll,
    /// List the projects and clusters for the picker.
    LoadInventory,
    /// Watch exactly these clusters from now on.
    SetTargets(Vec<Target>),
    /// Watch the chosen clusters and write the choice (the exclusions from
    /// watched projects too) to the config file.
    SaveTargets(crate::config::saved_targets::Choice),
    /// Put `text` on the clipboard; `what` names it in the flash ("2 URLs").
    Copy {
        text: String,
        what: String,
    },
    /// Open `url` in the browser.
    Open {
        url: String,
    },
    /// Ask Atlas to cancel a restore job (the user confirmed).
    Cancel(CancelRequest),
    /// Write the visible jobs to a JSON file.
    Export(crate::app::export::ExportRequest),
    /// Fetch a snapshot the detail pane shows and the store does not have
    /// (asked once per snapshot, when the selection moves onto its job).
    FetchSnapshot {
        target: Target,
        snapshot_id: String,
        /// The job has `components`: ask the sharded-cluster endpoint.
        sharded: bool,
    },
}

/// Which pane the movement keys act on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    Table,
    Detail,
}

/// Whether two store pictures hold the very same job lists under the same
/// names (a poll starting or failing changes only flags): then the index
/// stays valid and needs no rebuild.
fn same_rows(old: &StoreData, new: &StoreData) -> bool {
    old.targets.len() == new.targets.len()
        && old.targets.iter().zip(&new.targets).all(|(a, b)| {
            a.target == b.target
                && a.project_name == b.project_name
                && Arc::ptr_eq(&a.jobs, &b.jobs)
        })
}

/// The positions of the targets whose job lists (or project names) differ
/// between two pictures of the same targets in the same order; `None` when
/// the targets differ.
fn changed_targets(old: &StoreData, new: &StoreData) -> Option<Vec<usize>> {
    if old.targets.len() != new.targets.len() {
        return None;
    }
    let mut changed = Vec::new();
    for (at, (a, b)) in old.targets.iter().zip(&new.targets).enumerate() {
        if a.target != b.target {
            return None;
        }
        if !Arc::ptr_eq(&a.jobs, &b.jobs) || a.project_name != b.project_name {
            changed.push(at);
        }
    }
    Some(changed)
}

/// The whole view state.
pub struct App {
    data: Arc<StoreData>,
    labels: Vec<String>,
    /// The rows, their order and the counts; it holds the sort.
    index: Index,
    filter: Filter,
    /// What the keyboard talks to.
    mode: Mode,
    cursor: Cursor,
    selected: Option<JobKey>,
    focus: Focus,
    detail_scroll: usize,
    /// As the last frame reported it; unbounded before the first frame
    /// (drawing clamps anyway).
    detail_scroll_limit: usize,
    /// Where the detail pane goes (`d`, `z`).
    detail_view: DetailView,
    /// The detail pane's toggles and settings (`L`, hyperlinks, Atlas host).
    detail_options: DetailOptions,
    /// The help overlay's scroll limit and page, as last drawn.
    help_facts: HelpFacts,
    asked: AskedSet,
    theme: Theme,
    allow_cancel: bool,
    flash: Option<Flash>,
    flash_serial: u64,
    /// The instant the app's derived state is true for (statuses turn
    /// expired by it); the event loop moves it with [`App::set_clock`].
    now: DateTime<Utc>,
    /// Links expiring within this are urgent (`--expiry-warning`).
    expiry_warning: TimeDelta,
    /// The first instant the clock was set to: the dashboard's start.
    started: Option<DateTime<Utc>>,
    watched: attention::WatchedSince,
    /// The session's status changes, markers and new failures.
    journal: Journal,
    /// How long restores take, per cluster and delivery type.
    estimates: Estimates,
    /// The timeline view (`t`) and its span.
    timeline: Timeline,
}

impl App {
    pub fn new(data: Arc<StoreData>) -> App {
        let mut app = App {
            data,
            labels: Vec::new(),
            index: Index::default(),
            filter: Filter::default(),
            mode: Mode::Normal,
            cursor: Cursor::default(),
            selected: None,
            focus: Focus::Table,
            detail_scroll: 0,
            detail_scroll_limit: usize::MAX,
            detail_view: DetailView::Shown,
            detail_options: DetailOptions::default(),
            help_facts: HelpFacts::default(),
            asked: AskedSet::new(ASKED_CAPACITY),
            theme: Theme::default(),
            allow_cancel: false,
            flash: None,
            flash_serial: 0,
            now: DateTime::<Utc>::UNIX_EPOCH,
            expiry_warning: DEFAULT_EXPIRY_WARNING,
            started: None,
            watched: attention::WatchedSince::default(),
            journal: Journal::default(),
            estimates: Estimates::default(),
            timeline: Timeline::default(),
        };
        app.digest_data();
        app.estimates = Estimates::build(&app.data, app.now);
        app.journal.observe(&app.data, None, &app.labels, app.now);
        app
    }

    /// A new store picture. The index changes only when the version moved:
    /// for the targets whose jobs changed when the targets and their labels
    /// are as before, else from scratch; the selection stays on the same
    /// job; the journal records the jobs' status changes. Asks for the
    /// selected job's snapshot when the store has not got it and it was not
    /// asked for.
    pub fn set_data(&mut self, data: Arc<StoreData>) -> Option<Effect> {
        let rows_changed = data.version != self.data.version && !same_rows(&self.data, &data);
        let old = std::mem::replace(&mut self.data, data);
        let gone_changed = !Arc::ptr_eq(&old.history.gone, &self.data.history.gone);
        if gone_changed && !rows_changed {
            self.estimates.update(&self.data, &[], true, self.now);
        }
        if !Arc::ptr_eq(&old.history.while_closed, &self.data.history.while_closed) {
            let (data, labels) = (&self.data, &self.labels);
            let label = |target: &Target| labels::label_of(data, labels, target).to_string();
            self.journal
                .take_while_closed(&self.data.history.while_closed, label);
        }
        if !rows_changed {
            // The same job is selected: its snapshot was asked for already.
            return None;
        }
        let labels = labels::cluster_labels(&self.data);
        let changed = changed_targets(&old, &self.data);
        match &changed {
            Some(changed) => self
                .estimates
                .update(&self.data, changed, gone_changed, self.now),
            None => self.estimates = Estimates::build(&self.data, self.now),
        }
        match &changed {
            Some(changed) if labels == self.labels => {
                self.index
                    .update(&self.data, &self.labels, changed, &self.filter, self.now);
                self.follow_selection();
            }
            _ => self.digest_data(),
        }
        self.journal
            .observe(&self.data, changed.as_deref(), &self.labels, self.now);
        self.fetch_selected_snapshot()
    }

    pub fn data(&self) -> &StoreData {
        &self.data
    }

    /// The store picture the app shows, shared.
    pub fn picture(&self) -> &Arc<StoreData> {
        &self.data
    }

    /// The colour scheme; [`Theme::Mono`] for `NO_COLOR`.
    pub fn set_theme(&mut self, theme: Theme) {
        self.theme = theme;
    }

    pub fn theme(&self) -> Theme {
        self.theme
    }

    /// The instant the app's derived state is true for.
    pub fn now(&self) -> DateTime<Utc> {
        self.now
    }

    /// Moves the app's clock to `now` (the app reads no clock itself).
    /// A job whose expiry `now` reaches changes status and place at once,
    /// and the journal records the ready links that expired by then; says
    /// whether one did.
    pub fn set_clock(&mut self, now: DateTime<Utc>) -> bool {
        self.now = now;
        self.journal_clock();
        if self.started.is_none() {
            self.started = Some(now);
            // The 30-day window, applied at the first real instant.
            self.estimates = Estimates::build(&self.data, now);
            self.watched = attention::WatchedSince::default();
            self.watched.note(&self.data, now);
        }
        let turned = self
            .index
            .advance(&self.data, &self.labels, &self.filter, now);
        if turned {
            self.follow_selection();
        }
        turned
    }

    /// The first instant the clock was set to (the dashboard's start).
    pub fn started(&self) -> Option<DateTime<Utc>> {
        self.started
    }

    /// How close an expiry must be to need attention.
    pub fn expiry_warning(&self) -> TimeDelta {
        self.expiry_warning
    }

    pub fn set_expiry_warning(&mut self, within: TimeDelta) {
        self.expiry_warning = within;
    }

    /// Let `x` cancel jobs (`--allow-cancel`); read-only otherwise.
    pub fn set_allow_cancel(&mut self, allow: bool) {
        self.allow_cancel = allow;
    }

    /// The first instant at which a job's status or expiry order turns
    /// with the clock (its expiry).
    pub fn statuses_valid_until(&self) -> Option<DateTime<Utc>> {
        self.index.valid_until()
    }

    /// Every row that passes the filter, in table order.
    pub fn rows(&self) -> impl Iterator<Item = (&TargetState, &RestoreJob)> {
        self.index.refs().filter_map(|at| self.job_at(at))
    }

    /// How many rows pass the filter.
    pub fn row_count(&self) -> usize {
        self.index.len()
    }

    /// How many jobs the store holds over all targets.
    pub fn total_jobs(&self) -> usize {
        self.index.total()
    }

    /// Jobs per status over the whole store, in [`JobStatus::ALL`] order.
    pub fn status_counts(&self) -> impl Iterator<Item = (JobStatus, usize)> + '_ {
        JobStatus::ALL.into_iter().zip(self.index.counts())
    }

    /// How the target at `target` is named in the table.
    pub fn cluster_label(&self, target: usize) -> &str {
        self.labels.get(target).map_or("", String::as_str)
    }

    /// The label of `state`'s target.
    pub fn cluster_label_of(&self, state: &TargetState) -> &str {
        labels::label_of(&self.data, &self.labels, &state.target)
    }

    pub fn sort(&self) -> Sort {
        self.index.sort()
    }

    pub fn filter(&self) -> &Filter {
        &self.filter
    }

    pub fn focus(&self) -> Focus {
        self.focus
    }

    pub fn detail_scroll(&self) -> usize {
        self.detail_scroll
    }

    fn job_at(&self, at: JobRef) -> Option<(&TargetState, &RestoreJob)> {
        let state = self.data.targets.get(at.target)?;
        let job = state.jobs.get(at.job)?;
        Some((state, job))
    }

    /// Recomputes everything derived from the store picture.
    fn digest_data(&mut self) {
        self.watched.note(&self.data, self.now);
        self.labels = labels::cluster_labels(&self.data);
        self.index = Index::build(
            &self.data,
            &self.labels,
            self.sort(),
            &self.filter,
            self.now,
        );
        self.follow_selection();
    }

    /// Re-filters from the kept keys, then finds the selected job again.
    fn refilter(&mut self) {
        self.index.refilter(&self.data, &self.labels, &self.filter);
        self.follow_selection();
    }
}
