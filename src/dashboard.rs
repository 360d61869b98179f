//! The interactive dashboard: terminal set-up and restore, and the one
//! event loop over key presses, store changes, signals and a 1 Hz tick that
//! runs only while a countdown is on screen. It draws only after one of them.

use std::io::{self, Write};
use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use crossterm::event::{Event, EventStream, KeyEventKind};
use crossterm::terminal::{BeginSynchronizedUpdate, EndSynchronizedUpdate};
use futures_util::StreamExt;
use ratatui::DefaultTerminal;
use tokio::sync::mpsc;
use tokio::time::{Instant, MissedTickBehavior, interval, sleep_until};

use crate::app::{App, Effect};
use crate::clipboard::ClipboardMode;
use crate::config::Targets;
use crate::effects::{Effects, Outcome};
use crate::poller::{Command, PollSettings, Poller};
use crate::store::{Store, TargetState};
use crate::ui;

const DASHBOARD: &str = "atlas_restores::dashboard";

/// How long a flash message stays on the status bar.
const FLASH_FOR: Duration = Duration::from_secs(5);

/// What the operator keys may do.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// `--allow-cancel`: `x` may cancel jobs.
    pub allow_cancel: bool,
    /// `--clipboard`: how `y` and `Y` copy.
    pub clipboard: ClipboardMode,
}

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
        client.clone(),
        Arc::clone(&store),
        settings,
        targets.projects.clone(),
    );
    let (outcome_sender, outcomes) = mpsc::unbounded_channel();
    let effects = Effects::new(client, options.clipboard, outcome_sender);
    let mut terminal = ratatui::init();
    let result = event_loop(&mut terminal, &store, &poller, &effects, outcomes, options).await;
    ratatui::restore();
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
    effects: &Effects,
    mut outcomes: mpsc::UnboundedReceiver<Outcome>,
    options: Options,
) -> color_eyre::Result<&'static str> {
    let mut events = EventStream::new();
    let mut changes = store.subscribe();
    let mut app = App::new(store.snapshot());
    app.set_allow_cancel(options.allow_cancel);
    let mut flash = FlashTimer::default();
    let mut tick = interval(Duration::from_secs(1));
    tick.set_missed_tick_behavior(MissedTickBehavior::Skip);
    let mut signals = Signals::new()?;
    draw(terminal, &mut app)?;
    loop {
        let countdown = app.countdown_on_screen(Utc::now());
        tokio::select! {
            event = events.next() => match event {
                Some(Ok(Event::Key(key))) if key.kind != KeyEventKind::Release => {
                    match app.handle_key(key) {
                        Some(Effect::Quit) => return Ok("key"),
                        Some(effect) => carry_out(effect, &mut app, poller, effects),
                        None => {}
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
            }
            _ = tick.tick(), if countdown => {}
            Some(outcome) = outcomes.recv() => {
                app.set_flash(outcome.flash);
                if let Some(target) = outcome.refresh {
                    poller.send(Command::Refresh(target));
                }
            }
            () = sleep_until(flash.deadline.unwrap_or_else(Instant::now)), if flash.deadline.is_some() => {
                flash.expire(&mut app);
            }
            signal = signals.recv() => return Ok(signal),
        }
        if let Some(request) = app.take_snapshot_request() {
            poller.send(Command::FetchSnapshot {
                target: request.target,
                snapshot_id: request.snapshot_id,
                sharded: request.sharded,
            });
        }
        flash.watch(&app);
        draw(terminal, &mut app)?;
    }
}

/// Does what a key asked beyond quitting; quick answers go to the flash.
fn carry_out(effect: Effect, app: &mut App, poller: &Poller, effects: &Effects) {
    let flash = match effect {
        Effect::Quit => None,
        Effect::RefreshAll => {
            poller.send(Command::RefreshAll);
            None
        }
        Effect::Copy { text, what } => effects.copy(text, what),
        Effect::Open { url } => Some(effects.open(&url)),
        Effect::Cancel(request) => Some(effects.cancel(request)),
        Effect::Export(request) => {
            effects.export(request);
            None
        }
    };
    if let Some(flash) = flash {
        app.set_flash(flash);
    }
}

/// When the flash on screen goes away: a deadline only while one is shown,
/// restarted by each new flash, so an idle dashboard has no timer.
#[derive(Default)]
struct FlashTimer {
    deadline: Option<Instant>,
    serial: u64,
}

impl FlashTimer {
    /// Starts the deadline when the app shows a new flash.
    fn watch(&mut self, app: &App) {
        if app.flash_serial() != self.serial {
            self.serial = app.flash_serial();
            self.deadline = app.flash().map(|_| Instant::now() + FLASH_FOR);
        }
    }

    fn expire(&mut self, app: &mut App) {
        self.deadline = None;
        app.clear_flash();
    }
}

/// Draws one frame inside a synchronized update, so that terminals and tmux
/// show it whole.
fn draw(terminal: &mut DefaultTerminal, app: &mut App) -> io::Result<()> {
    let area = terminal.size()?;
    app.set_page_size(ui::table_page_size(area.into()));
    let now = Utc::now();
    crossterm::queue!(io::stdout(), BeginSynchronizedUpdate)?;
    terminal.draw(|frame| ui::draw(frame, app, now))?;
    crossterm::execute!(io::stdout(), EndSynchronizedUpdate)?;
    io::stdout().flush()
}

/// SIGTERM, SIGINT and SIGHUP (the ssh session dropped) end the dashboard
/// like `q`, with the terminal restored.
struct Signals {
    #[cfg(unix)]
    terminate: tokio::signal::unix::Signal,
    #[cfg(unix)]
    hangup: tokio::signal::unix::Signal,
    #[cfg(unix)]
    interrupt: tokio::signal::unix::Signal,
}

impl Signals {
    #[cfg(unix)]
    fn new() -> io::Result<Signals> {
        use tokio::signal::unix::{SignalKind, signal};
        Ok(Signals {
            terminate: signal(SignalKind::terminate())?,
            hangup: signal(SignalKind::hangup())?,
            interrupt: signal(SignalKind::interrupt())?,
        })
    }

    /// Waits for a signal; names it.
    #[cfg(unix)]
    async fn recv(&mut self) -> &'static str {
        tokio::select! {
            _ = self.terminate.recv() => "signal SIGTERM",
            _ = self.hangup.recv() => "signal SIGHUP",
            _ = self.interrupt.recv() => "signal SIGINT",
        }
    }

    #[cfg(not(unix))]
    fn new() -> io::Result<Signals> {
        Ok(Signals {})
    }

    #[cfg(not(unix))]
    async fn recv(&mut self) -> &'static str {
        std::future::pending::<&'static str>().await
    }
}
