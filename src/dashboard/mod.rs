//! The interactive dashboard: the one event loop over key presses, mouse,
//! store changes, signals, and the clock: the instant the first time on
//! screen would read differently ([`ui::clock`]), so seconds are redrawn
//! each second only while seconds are shown. It draws only after one of
//! them, and after a store change only when the screen would change (see
//! [`intake`]).

pub mod effects;
mod flash_timer;
mod intake;
pub mod notify;
mod signals;
mod terminal;

use std::sync::Arc;

use chrono::Utc;
use crossterm::event::{Event, EventStream, KeyEventKind, MouseButton, MouseEvent, MouseEventKind};
use futures_util::StreamExt;
use tokio::sync::mpsc;
use tokio::time::{Instant, sleep_until};

use crate::app::{App, Effect};
use crate::config::{Preferences, Settings};
use crate::dashboard::effects::{Effects, Outcome};
use crate::dashboard::notify::Notifier;
use crate::poller::recorder::{Recorder, RecorderThread};
use crate::poller::store::{Store, TargetState};
use crate::poller::{Command, PollSettings, Poller, Watch};
use crate::ui;
use crate::ui::jobs_table::Hit;
use flash_timer::FlashTimer;
use intake::Intake;
use signals::Signals;

const DASHBOARD: &str = "atlas_restores::dashboard";

/// Runs the dashboard until the user quits or a signal ends it; the
/// terminal is restored on every way out, panics included.
pub async fn run(client: crate::atlas::Client, settings: &Settings) -> color_eyre::Result<()> {
    let (targets, interval) = (&settings.targets, settings.interval);
    let notices = settings.transport.notice.iter().cloned().collect();
    let options = &settings.preferences;
    let atlas_ui = settings.transport.ui_origin();
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
    let history = settings
        .history
        .clone()
        .map(|path| RecorderThread::start(path, Arc::clone(&store)));
    let recorder = history.as_ref().map(RecorderThread::recorder);
    let watch = Watch {
        projects: targets.projects.clone(),
        excluded: targets.exclude.clone(),
        recorder: recorder.clone(),
    };
    let settings = PollSettings::every(interval);
    let poller = Poller::spawn_watching(client.clone(), Arc::clone(&store), settings, watch);
    let (outcome_sender, outcomes) = mpsc::unbounded_channel();
    let effects = Effects::new(client, options.clipboard, outcome_sender);
    let mouse = options.mouse;
    let mut terminal = terminal::init(mouse)?;
    let watches_no_project = targets.projects.is_empty();
    let io = Io {
        poller: &poller,
        effects: &effects,
        options,
        atlas_ui: atlas_ui.as_deref(),
        recorder: recorder.as_ref(),
    };
    let result = event_loop(&mut terminal, &store, io, outcomes, watches_no_project).await;
    terminal::restore(mouse);
    // The polls stop, then what they sent is written before the process
    // ends.
    drop(poller);
    if let Some(history) = history {
        history.close();
    }
    match &result {
        Ok(reason) => tracing::info!(target: DASHBOARD, reason, "dashboard quit"),
        Err(error) => {
            tracing::warn!(target: DASHBOARD, reason = "error", error = %error, "dashboard quit")
        }
    }
    result.map(|_| ())
}

/// Runs until the dashboard ends; says why, for the log.
/// Where the event loop sends what the app asks for.
#[derive(Clone, Copy)]
struct Io<'a> {
    poller: &'a Poller,
    effects: &'a Effects,
    options: &'a Preferences,
    /// The Atlas UI's origin, for the detail pane's cluster link.
    atlas_ui: Option<&'a str>,
    /// The history's writer, told which notifications went out.
    recorder: Option<&'a Recorder>,
}

async fn event_loop(
    terminal: &mut terminal::Screen,
    store: &Arc<Store>,
    io: Io<'_>,
    mut outcomes: mpsc::UnboundedReceiver<Outcome>,
    watches_no_project: bool,
) -> color_eyre::Result<&'static str> {
    let (poller, options) = (io.poller, io.options);
    let mut events = EventStream::new();
    let mut changes = store.subscribe();
    let mut intake = Intake::default();
    let mut app = App::new(store.snapshot());
    app.set_theme(options.theme);
    app.set_allow_cancel(options.allow_cancel);
    app.set_hyperlinks(options.hyperlinks);
    app.set_atlas_ui(io.atlas_ui.map(str::to_string));
    app.set_expiry_warning(
        chrono::TimeDelta::from_std(options.notify.expiring_within)
            .unwrap_or(crate::app::DEFAULT_EXPIRY_WARNING),
    );
    if app.data().targets.is_empty() && watches_no_project {
        // Nothing named: let the user choose.
        let open = app.open_picker();
        carry_out(open, &mut app, io);
    }
    if let Some(fetch) = app.fetch_selected_snapshot() {
        carry_out(fetch, &mut app, io);
    }
    let mut flash = FlashTimer::default();
    let mut notifier = Notifier::default();
    let mut signals = Signals::new()?;
    let now = Utc::now();
    app.set_clock(now);
    terminal.draw(&mut app, now)?;
    intake.drew(&app, now);
    panic_if_asked_by_a_test();
    loop {
        let now = Utc::now();
        let warn_at = options
            .notify
            .enabled()
            .then(|| notifier.next_warning(now, &options.notify))
            .flatten()
            .map(|at| instant_at(at, now));
        // Every time on screen moves on with the clock: the loop wakes when
        // the first of them would read differently, and only then.
        let clock_at = ui::clock::next_change(&app, now);
        // A store change that alters nothing on screen draws nothing.
        let mut unseen = false;
        let mut draw_at = None;
        let taking = intake.deadline();
        let effect = tokio::select! {
            event = events.next() => match event {
                Some(Ok(Event::Key(key))) if key.kind != KeyEventKind::Release => {
                    app.handle_key(key)
                }
                Some(Ok(Event::Mouse(mouse))) => {
                    match pointer(&mut app, mouse, terminal.area()) {
                        Some(effect) => effect,
                        None => continue,
                    }
                }
                Some(Ok(Event::Resize(width, height))) => {
                    terminal.resize(width, height)?;
                    None
                }
                Some(Ok(_)) => continue,
                Some(Err(error)) => return Err(error.into()),
                None => return Ok("terminal input closed"),
            },
            changed = changes.changed(), if taking.is_none() => {
                if changed.is_err() {
                    return Ok("store closed");
                }
                if !intake.arrived(Instant::now()) {
                    continue;
                }
                let (fetch, shown) = take(store, &mut app, &intake, &mut notifier, io)?;
                unseen = !shown;
                fetch
            }
            () = sleep_until(taking.unwrap_or_else(Instant::now)), if taking.is_some() => {
                intake.take_due(Instant::now());
                let (fetch, shown) = take(store, &mut app, &intake, &mut notifier, io)?;
                unseen = !shown;
                fetch
            }
            () = sleep_until(clock_at.map_or_else(Instant::now, |at| instant_at(at, now))), if clock_at.is_some() => {
                // Never draw a moment early: the timer may round.
                let due = clock_at.map_or_else(Utc::now, |at| at.max(Utc::now()));
                // The change foreseen is certain, unless a poll stored
                // quietly meanwhile undid it ("updated 5s ago" is "just
                // now" again): only then is it looked for again.
                let moved = store.version() != app.data().version;
                refresh_picture(store, &mut app, io);
                let turned = app.set_clock(due);
                let just_before = due - chrono::TimeDelta::milliseconds(1);
                let changes = !moved
                    || ui::clock::next_change(&app, just_before).is_some_and(|at| at <= due);
                unseen = !(turned || changes || intake.must_draw(&app, due));
                draw_at = Some(due);
                None
            }
            Some(outcome) = outcomes.recv() => {
                app.set_flash(outcome.flash);
                if let Some(target) = outcome.refresh {
                    poller.send(Command::Refresh(target));
                }
                None
            }
            () = sleep_until(flash.deadline().unwrap_or_else(Instant::now)), if flash.deadline().is_some() => {
                flash.expire(&mut app);
                None
            }
            () = sleep_until(warn_at.unwrap_or_else(Instant::now)), if warn_at.is_some() => {
                // A link comes close to expiry with no poll bringing news.
                refresh_picture(store, &mut app, io);
                announce(&mut notifier, &app, Utc::now(), io)?;
                unseen = true;
                None
            }
            signal = signals.recv() => return Ok(signal),
        };
        match effect {
            Some(Effect::Quit) => return Ok("key"),
            Some(effect) => carry_out(effect, &mut app, io),
            None if unseen => continue,
            None => {}
        }
        flash.watch(&app);
        refresh_picture(store, &mut app, io);
        let now = draw_at.unwrap_or_else(Utc::now);
        app.set_clock(now);
        terminal.draw(&mut app, now)?;
        intake.drew(&app, now);
    }
}

/// The monotonic instant of the wall-clock time `at`, seen at `now`.
fn instant_at(at: chrono::DateTime<Utc>, now: chrono::DateTime<Utc>) -> Instant {
    Instant::now() + (at - now).to_std().unwrap_or_default()
}

/// Hands the store's current picture to the app when it moved on quietly
/// (a healthy cluster's poll), so that a frame is drawn from it.
fn refresh_picture(store: &Store, app: &mut App, io: Io<'_>) {
    if store.version() != app.data().version
        && let Some(effect) = app.set_data(store.snapshot())
    {
        carry_out(effect, app, io);
    }
}

/// Hands the store's current picture to the app and tells the notifier;
/// returns what the app asks for and whether the screen changes.
fn take(
    store: &Store,
    app: &mut App,
    intake: &Intake,
    notifier: &mut Notifier,
    io: Io<'_>,
) -> color_eyre::Result<(Option<Effect>, bool)> {
    let now = Utc::now();
    let turned = app.set_clock(now);
    let fetch = app.set_data(store.snapshot());
    if io.options.notify.enabled() {
        announce(notifier, app, now, io)?;
    }
    Ok((fetch, turned || intake.must_draw(app, now)))
}

/// Writes what the notifier finds new in the app's picture at `now` to the
/// terminal and tells the history it went out. Nothing is announced while
/// the history is opened: it may say the news went out before a restart.
fn announce(
    notifier: &mut Notifier,
    app: &App,
    now: chrono::DateTime<Utc>,
    io: Io<'_>,
) -> color_eyre::Result<()> {
    if app.data().history.state.is_opening() {
        return Ok(());
    }
    let news = notifier.observe(app.data(), now, &io.options.notify);
    for note in &news {
        terminal::write_raw(&note.escape_sequence(&io.options.notify))?;
        match &note.key {
            Some(key) => {
                tracing::info!(target: DASHBOARD, cluster = %key.target, job_id = key.job_id, event = key.event.word(), "notified")
            }
            None => tracing::info!(target: DASHBOARD, event = "summary", "notified"),
        }
    }
    if let Some(recorder) = io.recorder {
        let sent = news.iter().filter_map(|note| note.key.clone()).collect();
        recorder.notified(sent, Utc::now());
    }
    Ok(())
}

/// Does what the app asked for, without blocking the loop; quick answers
/// go to the flash.
fn carry_out(effect: Effect, app: &mut App, io: Io<'_>) {
    let (poller, effects) = (io.poller, io.effects);
    let flash = match effect {
        Effect::Quit => None,
        Effect::RefreshAll => {
            poller.send(Command::RefreshAll);
            None
        }
        Effect::LoadInventory => {
            poller.send(Command::LoadInventory);
            None
        }
        Effect::SetTargets(targets) => {
            let count = targets.len();
            poller.send(Command::SetTargets(targets));
            Some(crate::app::Flash::info(format!(
                "watching {count} clusters"
            )))
        }
        Effect::SaveTargets(choice) => {
            poller.send(Command::SetTargets(choice.clusters.clone()));
            match io.options.config_path.clone() {
                Some(path) => {
                    effects.save_targets(path, choice);
                    None
                }
                None => Some(crate::app::Flash::error(format!(
                    "no config folder: {} to save",
                    crate::config::config_home_hint()
                ))),
            }
        }
        Effect::Copy { text, what } => effects.copy(text, what),
        Effect::Open { url } => Some(effects.open(&url)),
        Effect::Cancel(request) => Some(effects.cancel(request)),
        Effect::Export(request) => {
            effects.export(request);
            None
        }
        Effect::FetchSnapshot {
            target,
            snapshot_id,
            sharded,
        } => {
            poller.send(Command::FetchSnapshot {
                target,
                snapshot_id,
                sharded,
            });
            None
        }
    };
    if let Some(flash) = flash {
        app.set_flash(flash);
    }
}

/// Applies a mouse event: `None` when it changed nothing worth a redraw,
/// else what the app asks for.
fn pointer(
    app: &mut App,
    mouse: MouseEvent,
    area: ratatui::layout::Rect,
) -> Option<Option<Effect>> {
    let effect = match mouse.kind {
        MouseEventKind::ScrollDown => app.wheel(1),
        MouseEventKind::ScrollUp => app.wheel(-1),
        MouseEventKind::Down(MouseButton::Left) => {
            match ui::table_hit(area, app, mouse.column, mouse.row) {
                Some(Hit::Row(row)) => app.click_row(row),
                Some(Hit::Header(column)) => app.click_header(column),
                None => return None,
            }
        }
        _ => return None,
    };
    Some(effect)
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
