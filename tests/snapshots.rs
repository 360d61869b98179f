//! Whole-frame snapshots of the demo: the built-in demo scenario served by
//! the simulator on a pinned clock, fetched over HTTP by the real poller,
//! and drawn at a fixed instant at 80×24, 120×40 and 200×50 in the dark and
//! mono themes (and 200×50 in the light one). A layout or colour change shows up as a reviewable diff of
//! the files under `tests/snapshots/` (review with `cargo insta review`, or
//! rerun with `INSTA_UPDATE=always` and read `git diff`).
//!
//! Each snapshot holds the screen's text, then every styled run of each
//! row (cells with the terminal's default style are left out).

mod common;

use std::fmt::Write as _;
use std::sync::Arc;

use atlas_restores::app::{App, Effect};
use atlas_restores::atlas::{ApiKey, ApiVersion, Client, ClientSettings, JobStatus, Target};
use atlas_restores::config::DEFAULT_INTERVAL;
use atlas_restores::config::Theme;
use atlas_restores::poller::store::{SnapshotInfo, Store, StoreData, TargetState};
use atlas_restores::poller::{Command, PollSettings, Poller};
use atlas_restores::sim::{Scenario, SimConfig, Simulator};
use chrono::{DateTime, TimeDelta, Utc};
use common::screen::{lines, render_at};
use common::wait_for_store;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::buffer::{Buffer, Cell};
use ratatui::style::{Color, Modifier};

/// The simulator's pinned start, and when the poller's fetches are said to
/// have landed: the demo's times are relative to it.
fn fetched() -> DateTime<Utc> {
    common::now()
}

/// The instant every frame is drawn at: five seconds after the fetch.
fn drawn() -> DateTime<Utc> {
    fetched() + TimeDelta::seconds(5)
}

/// The demo as `atlas-restores --demo` watches it: every cluster of the
/// demo scenario, polled through the real client by the real poller.
struct Demo {
    sim: Simulator,
    store: Arc<Store>,
    poller: Poller,
}

/// The clusters of the demo made to fail (by the simulator's fault
/// injection) in the frames of the failing-clusters panel: project, cluster
/// and the faults, as a scenario's `faults`.
fn demo_faults() -> Vec<(&'static str, &'static str, serde_json::Value)> {
    let analytics = "65b3e9a1d7c2f4b8a6e0d1c2";
    vec![
        (
            analytics,
            "events-lake",
            serde_json::json!([{"status": 503, "errorCode": "SERVICE_UNAVAILABLE",
                "detail": "The service is temporarily unavailable for maintenance; please retry later."}]),
        ),
        (
            analytics,
            "reporting",
            serde_json::json!([{"status": 403, "errorCode": "IP_ADDRESS_NOT_ON_ACCESS_LIST",
                "detail": "IP address 203.0.113.7 is not allowed to access this resource."}]),
        ),
    ]
}

impl Demo {
    async fn start() -> Demo {
        Demo::start_failing(Vec::new()).await
    }

    /// The demo with `faults` injected before the first poll: those
    /// clusters fail from the start.
    async fn start_failing(faults: Vec<(&'static str, &'static str, serde_json::Value)>) -> Demo {
        let scenario = Scenario::demo();
        let targets: Vec<TargetState> = scenario
            .targets()
            .into_iter()
            .map(|(group, cluster)| TargetState::new(Target::new(group, cluster)))
            .collect();
        assert_eq!(targets.len(), 8, "the demo watches eight clusters");
        let mut config = SimConfig::new(scenario);
        config.start = Some(fetched());
        let sim = Simulator::start(config)
            .await
            .unwrap_or_else(|error| panic!("{error}"));
        for (group, cluster, faults) in &faults {
            sim.set_faults(group, cluster, faults.clone())
                .unwrap_or_else(|error| panic!("{error}"));
        }
        let faulty = |target: &Target| {
            faults.iter().any(|(group, cluster, _)| {
                target.group_id == *group && target.cluster_name == *cluster
            })
        };
        let client = Client::new(ClientSettings::new(
            sim.base_url(),
            ApiVersion::default(),
            ApiKey::new(sim.public_key(), sim.private_key()),
        ))
        .unwrap_or_else(|error| panic!("{error}"));
        let store = Store::new(targets, DEFAULT_INTERVAL);
        let settings = PollSettings::every(DEFAULT_INTERVAL);
        let poller = Poller::spawn(client, Arc::clone(&store), settings, Vec::new());
        wait_for_store(&store, "every demo cluster and project name", |data| {
            data.targets.iter().all(|t| {
                let polled = if faulty(&t.target) {
                    t.last_error.is_some() && !t.in_flight
                } else {
                    t.fetched_at.is_some() && t.last_error.is_none()
                };
                polled && t.project_name.is_some()
            })
        })
        .await;
        Demo { sim, store, poller }
    }

    /// `text` with the simulator's port (in the links the detail pane
    /// shows) replaced by a placeholder of the same width.
    fn without_port(&self, text: &str) -> String {
        let base = self.sim.base_url();
        let port = base.rsplit(':').next().unwrap_or_default();
        let placeholder = format!("{:_>width$}", "PORT", width = port.len());
        let host = base.trim_start_matches("http://");
        text.replace(host, &format!("127.0.0.1:{placeholder}"))
    }

    /// The store's picture with the poller's wall-clock stamps replaced by
    /// the pinned instant: fetched then, next poll one interval later; a
    /// failing cluster (never fetched) failed once then, retried a minute
    /// later.
    fn picture(&self) -> Arc<StoreData> {
        self.picture_at(fetched())
    }

    /// The store's picture as fetched at `at`.
    fn picture_at(&self, at: DateTime<Utc>) -> Arc<StoreData> {
        let mut data = StoreData::clone(&self.store.snapshot());
        for state in &mut data.targets {
            state.in_flight = false;
            if let Some(error) = &mut state.last_error {
                error.at = at;
                error.since = at;
                error.failures = 1;
                state.next_poll = Some(at + TimeDelta::minutes(1));
                continue;
            }
            state.fetched_at = Some(at);
            state.next_poll = TimeDelta::from_std(data.interval)
                .ok()
                .map(|interval| at + interval);
        }
        Arc::new(data)
    }

    /// The app on the demo in `theme`, after `keys`, with the selected
    /// job's snapshot fetched as the dashboard does when the selection
    /// moves onto a job.
    async fn app(&self, theme: Theme, keys: &[KeyCode]) -> App {
        let app = App::new(self.picture());
        self.app_from(app, fetched(), Vec::new(), theme, keys).await
    }

    /// [`Demo::app`] from `app`, which holds the picture fetched at `at`
    /// and has asked for the snapshots `asked` already.
    async fn app_from(
        &self,
        mut app: App,
        at: DateTime<Utc>,
        mut fetches: Vec<Effect>,
        theme: Theme,
        keys: &[KeyCode],
    ) -> App {
        app.set_theme(theme);
        fetches.extend(app.fetch_selected_snapshot());
        for &key in keys {
            let effect = app.handle_key(KeyEvent::new(key, KeyModifiers::NONE));
            let moves = matches!(effect, None | Some(Effect::FetchSnapshot { .. }));
            assert!(moves, "{key:?} only moves the view, not {effect:?}");
            fetches.extend(effect);
        }
        let selected = app
            .selected_job()
            .and_then(|(_, job)| job.snapshot_id.as_deref().map(str::to_string));
        for fetch in fetches {
            let Effect::FetchSnapshot {
                target,
                snapshot_id,
                sharded,
            } = fetch
            else {
                continue;
            };
            if selected.as_ref() != Some(&snapshot_id) {
                continue;
            }
            let id = snapshot_id.clone();
            self.poller.send(Command::FetchSnapshot {
                target,
                snapshot_id,
                sharded,
            });
            wait_for_store(&self.store, "the selected job's snapshot", |data| {
                matches!(data.snapshots.get(&id), Some(SnapshotInfo::Loaded(_)))
            })
            .await;
            app.set_data(self.picture_at(at));
        }
        let data = self.store.snapshot();
        let loaded = |id: &String| matches!(data.snapshots.get(id), Some(SnapshotInfo::Loaded(_)));
        assert!(
            selected.as_ref().is_none_or(loaded),
            "the selected job's snapshot is in the store, not still loading"
        );
        app
    }
}

/// The frame as text (trailing blanks trimmed), then each row's styled runs.
fn frame_dump(buffer: &Buffer) -> String {
    let mut out = String::new();
    for line in lines(buffer) {
        let _ = writeln!(out, "{}", line.trim_end());
    }
    out.push_str("\nstyles (row col..col: style \"text\"):\n");
    let area = buffer.area;
    for y in area.top()..area.bottom() {
        let cells: Vec<&Cell> = (area.left()..area.right())
            .filter_map(|x| buffer.cell((x, y)))
            .collect();
        let mut start = 0;
        while start < cells.len() {
            let style = style_of(cells[start]);
            let end = (start..cells.len())
                .find(|&x| style_of(cells[x]) != style)
                .unwrap_or(cells.len());
            if !style.is_empty() {
                let text: String = cells[start..end].iter().map(|c| c.symbol()).collect();
                let _ = writeln!(out, "{y:>2} {start:>3}..{end:<3}: {style} {text:?}");
            }
            start = end;
        }
    }
    out
}

/// A cell's style in short (`fg=… bg=… +BOLD`), empty for the default.
fn style_of(cell: &Cell) -> String {
    let mut parts = Vec::new();
    if cell.fg != Color::Reset {
        parts.push(format!("fg={:?}", cell.fg));
    }
    if cell.bg != Color::Reset {
        parts.push(format!("bg={:?}", cell.bg));
    }
    if cell.modifier != Modifier::empty() {
        parts.push(format!("+{:?}", cell.modifier));
    }
    parts.join(" ")
}

/// Shows only ready jobs, selects the fifth (the sharded download of
/// `payments-prod`, three shards) and focuses the detail pane.
const READY_SHARDED_IN_DETAIL: &[KeyCode] = &[
    KeyCode::Char('2'),
    KeyCode::Down,
    KeyCode::Down,
    KeyCode::Down,
    KeyCode::Down,
    KeyCode::Enter,
];

/// Draws the demo at `width`×`height` in `theme` after `keys` and compares
/// the frame with the snapshot `name`.
async fn check(name: &str, width: u16, height: u16, theme: Theme, keys: &[KeyCode]) {
    let demo = Demo::start().await;
    let mut app = demo.app(theme, keys).await;
    let selected = app.selected_job().map(|(_, job)| job.id.clone());
    let selected = selected.unwrap_or_else(|| panic!("a demo job is selected"));
    let screen = render_at(&mut app, width, height, drawn());
    let dump = demo.without_port(&frame_dump(&screen));
    assert!(
        dump.contains(&format!("id             {selected}")),
        "the detail pane shows the selected job {selected}:\n{dump}"
    );
    insta::assert_snapshot!(name, dump);
}

#[tokio::test]
async fn demo_80x24_dark() {
    check("demo_80x24_dark", 80, 24, Theme::Dark, &[]).await;
}

#[tokio::test]
async fn demo_80x24_mono() {
    check("demo_80x24_mono", 80, 24, Theme::Mono, &[]).await;
}

#[tokio::test]
async fn demo_120x40_dark() {
    check("demo_120x40_dark", 120, 40, Theme::Dark, &[]).await;
}

#[tokio::test]
async fn demo_120x40_mono() {
    check("demo_120x40_mono", 120, 40, Theme::Mono, &[]).await;
}

#[tokio::test]
async fn demo_200x50_dark() {
    check("demo_200x50_dark", 200, 50, Theme::Dark, &[]).await;
}

#[tokio::test]
async fn demo_200x50_mono() {
    check("demo_200x50_mono", 200, 50, Theme::Mono, &[]).await;
}

#[tokio::test]
async fn demo_200x50_light() {
    check("demo_200x50_light", 200, 50, Theme::Light, &[]).await;
}

/// The filter language and the status set at 80×24: `3` `4` (finished or
/// failed), `/prod !type:download`, two rows down: the title's position and
/// hidden count, the scrollbar beside the rows, the header naming the
/// filters.
#[tokio::test]
async fn demo_80x24_dark_filtered() {
    let mut keys = vec![KeyCode::Char('3'), KeyCode::Char('4'), KeyCode::Char('/')];
    keys.extend("prod !type:download".chars().map(KeyCode::Char));
    keys.extend([KeyCode::Enter, KeyCode::Down, KeyCode::Down]);
    check("demo_80x24_dark_filtered", 80, 24, Theme::Dark, &keys).await;
}

#[tokio::test]
async fn demo_120x40_dark_detail_focused() {
    let keys = READY_SHARDED_IN_DETAIL;
    check("demo_120x40_dark_detail", 120, 40, Theme::Dark, keys).await;
}

#[tokio::test]
async fn demo_200x50_mono_detail_focused() {
    let keys = READY_SHARDED_IN_DETAIL;
    check("demo_200x50_mono_detail", 200, 50, Theme::Mono, keys).await;
}

/// The demo's automated restores of `orders-staging` (`/cluster:orders-staging
/// type:automated`): the running one first, selected, its row saying
/// `~7m left` in the expires column (a 20m median of three, running for
/// 12m 5s), the detail pane its ETA and what it is based on; the finished
/// ones how such restores usually go.
#[tokio::test]
async fn demo_120x40_dark_eta() {
    let mut keys = vec![KeyCode::Char('/')];
    keys.extend(
        "cluster:orders-staging type:automated"
            .chars()
            .map(KeyCode::Char),
    );
    keys.push(KeyCode::Enter);
    check("demo_120x40_dark_eta", 120, 40, Theme::Dark, &keys).await;
}

/// Two demo clusters failing (a 503 and a 403 over real HTTP), the panel
/// open: the footer names both by label with their codes, the panel gives
/// each one's whole message, status, Atlas code, last success (never),
/// since when and the next retry.
async fn check_failing(name: &str, width: u16, height: u16, theme: Theme, summary: &str) {
    let demo = Demo::start_failing(demo_faults()).await;
    let mut app = demo.app(theme, &[]).await;
    let footer = render_at(&mut app, width, height, drawn());
    let footer = lines(&footer).into_iter().rev().nth(1).unwrap_or_default();
    assert_eq!(footer.trim_end(), summary);
    let effect = app.handle_key(KeyEvent::new(KeyCode::Char('!'), KeyModifiers::NONE));
    assert_eq!(effect, None, "! only opens the panel");
    let dump = demo.without_port(&frame_dump(&render_at(&mut app, width, height, drawn())));
    for shown in [
        "failing clusters: 2",
        "IP_ADDRESS_NOT_ON_ACCESS_LIST",
        "retrying in 55s",
        "never",
    ] {
        assert!(dump.contains(shown), "the panel shows {shown:?}:\n{dump}");
    }
    insta::assert_snapshot!(name, dump);
}

#[tokio::test]
async fn failing_panel_120x40_dark() {
    let both =
        " ⚠ 2 clusters failing: analytics/events-lake (503), analytics/reporting (403) · ! details";
    check_failing("failing_panel_120x40_dark", 120, 40, Theme::Dark, both).await;
}

#[tokio::test]
async fn failing_panel_80x24_mono() {
    // Too narrow for both names: one, and the other counted.
    let one = " ⚠ 2 clusters failing: analytics/events-lake (503), +1 more · ! details";
    check_failing("failing_panel_80x24_mono", 80, 24, Theme::Mono, one).await;
}

/// The demo as the dashboard saw it start (clusters loaded at the pinned
/// instant), then two simulated minutes later: downloads of orders-prod,
/// catalog-prod and events-lake turned ready and one of catalog-prod's
/// restores failed. The table marks the changed rows.
async fn two_minutes_on(theme: Theme, keys: &[KeyCode]) -> (Demo, App, DateTime<Utc>) {
    let demo = Demo::start().await;
    let first = demo.picture();
    let mut unloaded = StoreData::clone(&first);
    for state in &mut unloaded.targets {
        *state = TargetState::new(state.target.clone());
    }
    unloaded.version = first.version.saturating_sub(1);
    let mut app = App::new(Arc::new(unloaded));
    app.set_clock(fetched());
    let mut asked: Vec<Effect> = app.set_data(first).into_iter().collect();
    assert_eq!(app.changes().len(), 0, "the first answers are the baseline");
    let polled = demo.sim.stats().restore_job_list_requests;
    let clusters = demo.store.snapshot().targets.len() as u64;
    demo.sim.advance(std::time::Duration::from_secs(120));
    demo.poller.send(Command::RefreshAll);
    // Poll times are whole seconds: count the answers instead.
    wait_for_store(&demo.store, "every cluster polled again", |data| {
        demo.sim.stats().restore_job_list_requests >= polled + clusters
            && data.targets.iter().all(|state| !state.in_flight)
    })
    .await;
    let later = fetched() + TimeDelta::minutes(2);
    app.set_clock(later);
    asked.extend(app.set_data(demo.picture_at(later)));
    let app = demo.app_from(app, later, asked, theme, keys).await;
    (demo, app, later + TimeDelta::seconds(5))
}

#[tokio::test]
async fn demo_120x40_dark_changes_marked() {
    let (demo, mut app, drawn) = two_minutes_on(Theme::Dark, &[]).await;
    let failed = app.changes().filter(|c| c.to == JobStatus::Failed).count();
    assert_eq!(failed, 1, "one restore failed in the two minutes");
    let screen = render_at(&mut app, 120, 40, drawn);
    let dump = demo.without_port(&frame_dump(&screen));
    assert!(
        dump.contains("✗ → failed"),
        "the failed row is marked:\n{dump}"
    );
    assert!(
        dump.contains("◆ → ready"),
        "a row turned ready is marked:\n{dump}"
    );
    insta::assert_snapshot!("demo_120x40_dark_changes", dump);
}

#[tokio::test]
async fn demo_120x40_dark_events_panel() {
    let (demo, mut app, drawn) = two_minutes_on(Theme::Dark, &[KeyCode::Char('l')]).await;
    let screen = render_at(&mut app, 120, 40, drawn);
    let dump = demo.without_port(&frame_dump(&screen));
    assert!(
        dump.contains("→ ✗ failed"),
        "the panel lists the failure:\n{dump}"
    );
    insta::assert_snapshot!("demo_120x40_dark_events", dump);
}

#[path = "frames/sizes.rs"]
mod sizes;

#[path = "frames/timeline.rs"]
mod timeline;
