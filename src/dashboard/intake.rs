//! Taking the store's changes into the app: at most once a frame, so that
//! a burst of polls landing together is one take and one redraw; and a take
//! that changes nothing on screen (an unchanged answer, a poll starting)
//! draws nothing.

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use tokio::time::Instant;

use crate::app::App;
use crate::poller::store::StoreData;
use crate::ui;

/// The shortest time between two takes: 20 a second at most.
pub const FRAME: Duration = Duration::from_millis(50);

#[derive(Default)]
pub struct Intake {
    last_take: Option<Instant>,
    /// A change arrived within a frame of the last take: taken then.
    due: Option<Instant>,
    /// The picture and the poll text of the last frame drawn.
    drawn: Option<(Arc<StoreData>, String)>,
}

impl Intake {
    /// A store change arrived at `now`: whether to take it at once; if not,
    /// it is taken at [`Intake::deadline`].
    pub fn arrived(&mut self, now: Instant) -> bool {
        if self.due.is_some() {
            return false;
        }
        match self.last_take {
            Some(last) if now < last + FRAME => {
                self.due = Some(last + FRAME);
                false
            }
            _ => {
                self.last_take = Some(now);
                true
            }
        }
    }

    /// When a change held back is to be taken; `None` while none is.
    pub fn deadline(&self) -> Option<Instant> {
        self.due
    }

    /// The held-back change is being taken at `now`.
    pub fn take_due(&mut self, now: Instant) {
        self.due = None;
        self.last_take = Some(now);
    }

    /// Remembers what the frame just drawn at `now` showed.
    pub fn drew(&mut self, app: &App, now: DateTime<Utc>) {
        self.drawn = Some((Arc::clone(app.picture()), ui::poll_text(app, now)));
    }

    /// Whether `app` draws another frame at `now` than the last one drawn.
    pub fn must_draw(&self, app: &App, now: DateTime<Utc>) -> bool {
        match &self.drawn {
            Some((drawn, text)) => {
                !app.picture().same_apart_from_polling(drawn) || ui::poll_text(app, now) != *text
            }
            None => true,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::atlas::Target;
    use crate::poller::store::{TargetError, TargetState};

    #[test]
    fn changes_within_a_frame_of_a_take_wait_for_the_frame() {
        let start = Instant::now();
        let mut intake = Intake::default();
        assert!(intake.arrived(start), "the first change is taken at once");
        assert!(!intake.arrived(start + Duration::from_millis(10)));
        assert!(!intake.arrived(start + Duration::from_millis(30)));
        assert_eq!(intake.deadline(), Some(start + FRAME), "one take for both");
        intake.take_due(start + FRAME);
        assert_eq!(intake.deadline(), None);
        assert!(!intake.arrived(start + FRAME + Duration::from_millis(49)));
        intake.take_due(start + FRAME * 2);
        assert!(
            intake.arrived(start + FRAME * 3),
            "a change a frame after the last take is taken at once"
        );
    }

    fn at(seconds: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_800_000_000 + seconds, 0).unwrap_or_default()
    }

    fn picture() -> Arc<StoreData> {
        let mut state = TargetState::new(Target::new("g", "orders"));
        state.fetched_at = Some(at(0));
        Arc::new(StoreData {
            targets: vec![state],
            version: 1,
            ..StoreData::default()
        })
    }

    #[test]
    fn only_a_change_the_screen_shows_is_drawn() {
        let first = picture();
        let mut app = App::new(Arc::clone(&first));
        let mut intake = Intake::default();
        let _ = app.set_data(Arc::clone(&first));
        assert!(intake.must_draw(&app, at(0)), "nothing drawn yet");
        intake.drew(&app, at(0));

        // Polled again within the second, same jobs: "updated 0s ago" still.
        let mut polled = (*first).clone();
        polled.version = 2;
        let polled = Arc::new(polled);
        let _ = app.set_data(Arc::clone(&polled));
        assert!(!intake.must_draw(&app, at(0)));

        // A poll in flight, or the next one due later: not on screen either.
        let mut in_flight = (*polled).clone();
        in_flight.targets[0].in_flight = true;
        in_flight.version = 3;
        let _ = app.set_data(Arc::new(in_flight.clone()));
        assert!(!intake.must_draw(&app, at(0)));

        // The header's "updated" text moves with the clock.
        assert!(intake.must_draw(&app, at(5)));

        // A failure is shown in the status bar.
        let mut failing = in_flight.clone();
        failing.targets[0].last_error = Some(TargetError::new("HTTP 503", at(0)));
        failing.version = 4;
        let _ = app.set_data(Arc::new(failing.clone()));
        assert!(intake.must_draw(&app, at(0)));

        // A new job list is new rows, even with the same jobs in it.
        let mut relisted = (*polled).clone();
        relisted.targets[0].jobs = Arc::new(Vec::new());
        relisted.version = 6;
        let _ = app.set_data(Arc::new(relisted.clone()));
        assert!(intake.must_draw(&app, at(0)));

        // A snapshot that arrived for the detail pane.
        let mut snapshot = (*polled).clone();
        snapshot
            .snapshots
            .insert("s1".into(), crate::poller::store::SnapshotInfo::Missing);
        snapshot.version = 5;
        let _ = app.set_data(Arc::new(snapshot.clone()));
        assert!(intake.must_draw(&app, at(0)));
    }
}
