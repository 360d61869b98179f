//! The simulator clock: wall clock at start + real time elapsed + time the
//! tests moved it forward with `advance`; or, pinned, a fixed instant that
//! moves only with `advance`.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use chrono::{DateTime, TimeDelta, Utc};

pub struct Clock {
    wall_start: DateTime<Utc>,
    /// When the clock started running in real time; `None` when pinned.
    started: Option<Instant>,
    advanced: Mutex<Duration>,
}

impl Clock {
    /// A clock at `pinned` that moves only with `advance`, or, without
    /// one, the wall clock running in real time.
    pub fn new(pinned: Option<DateTime<Utc>>) -> Clock {
        Clock {
            wall_start: pinned.unwrap_or_else(Utc::now),
            started: if pinned.is_some() {
                None
            } else {
                Some(Instant::now())
            },
            advanced: Mutex::new(Duration::ZERO),
        }
    }

    /// The time the simulator started; scenario times are relative to it.
    pub fn start(&self) -> DateTime<Utc> {
        self.wall_start
    }

    pub fn advance(&self, by: Duration) {
        if let Ok(mut a) = self.advanced.lock() {
            *a = a.saturating_add(by);
        }
    }

    pub fn now(&self) -> DateTime<Utc> {
        let advanced = self.advanced.lock().map(|a| *a).unwrap_or_default();
        let running = self.started.map_or(Duration::ZERO, |s| s.elapsed());
        let total = running.saturating_add(advanced);
        self.wall_start + TimeDelta::from_std(total).unwrap_or(TimeDelta::MAX)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pinned_clock_moves_only_when_advanced() {
        let pinned = DateTime::from_timestamp(1_714_564_800, 0).expect("an instant");
        let clock = Clock::new(Some(pinned));
        assert_eq!(clock.start(), pinned);
        std::thread::sleep(Duration::from_millis(5));
        assert_eq!(clock.now(), pinned, "real time does not move it");
        clock.advance(Duration::from_secs(90));
        assert_eq!(clock.now(), pinned + TimeDelta::seconds(90));
    }

    #[test]
    fn an_unpinned_clock_runs_from_the_wall_clock() {
        let before = Utc::now();
        let clock = Clock::new(None);
        assert!(clock.start() >= before && clock.start() <= Utc::now());
        clock.advance(Duration::from_secs(3600));
        assert!(clock.now() >= clock.start() + TimeDelta::seconds(3600));
    }
}
