//! The interactive dashboard: the one event loop over key presses, mouse,
//! store changes, signals and a 1 Hz tick that runs only while a countdown
//! is on screen. It draws only after one of them.

mod signals;
mod terminal;

use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use crossterm::event::{Event, EventStream, KeyEventKind, MouseButton, MouseEvent, MouseEventKind};
use futures_util::StreamExt;
use ratatui::DefaultTerminal;
use tokio::time::{MissedTickBehavior, interval};

use crate::app::{App, Effect};
use crate::cli::GlobalArgs;
use crate::config::Targets;
use crate::notify::{Notifier, NotifyRules};
use crate::poller::{Command, PollSettings, Poller};
use crate::store::{Store, TargetState};
use crate::ui;
use crate::ui::jobs_table::Hit;
use crate::ui::theme::ThemeName;
use signals::Signals;

/// How the dashboard looks and what it may do besides drawing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    pub theme: ThemeName,
    pub mouse: bool,
    pub notify: NotifyRules,
    /// Where `w` in the cluster picker saves the watch list.
    pub config_path: Option<std::path::PathBuf>,
}

impl Options {
    /// From the flags; `NO_COLOR` (set and not empty) forces the mono theme.
    pub fn from_args(args: &GlobalArgs, env: &dyn Fn(&str) -> Option<String>) -> Options {
        let no_color = env("NO_COLOR").is_some_and(|value| !value.is_empty());
        Options {
            theme: if no_color {
                ThemeName::Mono
            } else {
                args.theme.unwrap_or_default()
            },
            mouse: !args.no_mouse,
            notify: NotifyRules {
                bell: args.bell,
                desktop: args.desktop_notify,
                expiring_within: args.expiry_warning,
            },
            config_path: crate::saved_targets::default_config_path(env),
        }
    }
}

const DASHBOARD: &str = "atlas_restores::dashboard";

/// Runs the dashboard until the user quits or a signal ends it; the
/// terminal is restored on every way out, panics included.
pub async fn run(
    client: crate::atlas::Client,
    targets: &Targets,
    interval: Duration,
    notices: Vec<String>,
    options: Options,
) -> color_eyre::Result<()> {
    let states = targets
        .clusters
        .iter()
        .cloned()
        .map(TargetState::new)
        .collect();
    let store = Store::new(states, interval);
    store.update(|data| data.notices = notices);
    tracing::info!(
        target: DASHBOARD,
        targets = targets.clusters.len(),
        projects = targets.projects.len(),
        interval_s = interval.as_secs_f64(),
        "dashboard started"
    );
    let settings = PollSettings::every(interval);
    let poller = Poller::spawn(
        client,
        Arc::clone(&store),
        settings,
        targets.projects.clone(),
    );
    let mouse = options.mouse;
    let mut terminal = terminal::init(mouse)?;
    let watches_no_project = targets.projects.is_empty();
    let result = event_loop(&mut terminal, &store, &poller, options, watches_no_project).await;
    terminal::restore(mouse);
    match &result {
        Ok(reason) => tracing::info!(target: DASHBOARD, reason, "dashboard quit"),
        Err(error) => {
            tracing::warn!(target: DASHBOARD, reason = "error", error = %error, "dashboard quit")
        }
    }
    result.map(|_| ())
}

/// Runs until the dashboard ends; says why, for the log.
async fn event_loop(
    terminal: &mut DefaultTerminal,
    store: &Arc<Store>,
    poller: &Poller,
    options: Options,
    watches_no_project: bool,
) -> color_eyre::Result<&'static str> {
    let mut events = EventStream::new();
    let mut changes = store.subscribe();
    let mut app = App::new(store.snapshot());
    app.set_theme(options.theme);
    if app.data().targets.is_empty() && watches_no_project {
        // Nothing named: let the user choose.
        carry_out(app.open_picker(), poller, &options);
    }
    let mut notifier = Notifier::default();
    let mut tick = interval(Duration::from_secs(1));
    tick.set_missed_tick_behavior(MissedTickBehavior::Skip);
    let mut signals = Signals::new()?;
    terminal::draw(terminal, &mut app)?;
    panic_if_asked_by_a_test();
    loop {
        let countdown = app.countdown_on_screen(Utc::now());
        tokio::select! {
            event = events.next() => match event {
                Some(Ok(Event::Key(key))) if key.kind != KeyEventKind::Release => {
                    match app.handle_key(key) {
                        Some(Effect::Quit) => return Ok("key"),
                        Some(effect) => carry_out(effect, poller, &options),
                        None => {}
                    }
                }
                Some(Ok(Event::Mouse(mouse))) => {
                    if !pointer(&mut app, mouse, terminal.size()?.into()) {
                        continue;
                    }
                }
                Some(Ok(Event::Resize(..))) => {}
                Some(Ok(_)) => continue,
                Some(Err(error)) => return Err(error.into()),
                None => return Ok("terminal input closed"),
            },
            changed = changes.changed() => {
                if changed.is_err() {
                    return Ok("store closed");
                }
                app.set_data(store.snapshot());
                if options.notify.enabled() {
                    for news in notifier.observe(app.data(), Utc::now(), &options.notify) {
                        terminal::write_raw(&news.escape_sequence(&options.notify))?;
                    }
                }
            }
            _ = tick.tick(), if countdown => {}
            signal = signals.recv() => return Ok(signal),
        }
        if let Some(request) = app.take_snapshot_request() {
            poller.send(Command::FetchSnapshot {
                target: request.target,
                snapshot_id: request.snapshot_id,
                sharded: request.sharded,
            });
        }
        terminal::draw(terminal, &mut app)?;
    }
}

/// Does what the app asked for, without blocking the loop.
fn carry_out(effect: Effect, poller: &Poller, options: &Options) {
    match effect {
        Effect::Quit => {}
        Effect::RefreshAll => poller.send(Command::RefreshAll),
        Effect::LoadInventory => poller.send(Command::LoadInventory),
        Effect::SetTargets(targets) => poller.send(Command::SetTargets(targets)),
        Effect::SaveTargets(targets) => {
            poller.send(Command::SetTargets(targets.clone()));
            if let Some(path) = options.config_path.clone() {
                tokio::task::spawn_blocking(move || {
                    match crate::saved_targets::save(&path, &targets) {
                        Ok(()) => {
                            tracing::info!(target: DASHBOARD, path = %path.display(), clusters = targets.len(), "watch list saved")
                        }
                        Err(error) => {
                            tracing::warn!(target: DASHBOARD, path = %path.display(), error = %error, "watch list not saved")
                        }
                    }
                });
            }
        }
    }
}

/// Applies a mouse event; whether it changed anything worth a redraw.
fn pointer(app: &mut App, mouse: MouseEvent, area: ratatui::layout::Rect) -> bool {
    match mouse.kind {
        MouseEventKind::ScrollDown => app.wheel(1),
        MouseEventKind::ScrollUp => app.wheel(-1),
        MouseEventKind::Down(MouseButton::Left) => {
            match ui::table_hit(area, app, mouse.column, mouse.row) {
                Some(Hit::Row(row)) => app.click_row(row),
                Some(Hit::Header(column)) => app.click_header(column),
                None => return false,
            }
        }
        _ => return false,
    }
    true
}

/// Debug builds only: `ATLAS_RESTORES_TEST_PANIC=1` panics after the first
/// frame, so that the end-to-end tests can see the terminal restored after a
/// panic. Release builds have no such hook.
fn panic_if_asked_by_a_test() {
    #[cfg(debug_assertions)]
    if std::env::var_os("ATLAS_RESTORES_TEST_PANIC").is_some() {
        panic!("test panic requested by ATLAS_RESTORES_TEST_PANIC");
    }
}
