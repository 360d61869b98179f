//! The simulator clock: wall clock at start + real time elapsed + time the
//! tests moved it forward with `advance`.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use chrono::{DateTime, TimeDelta, Utc};

pub struct Clock {
    wall_start: DateTime<Utc>,
    started: Instant,
    advanced: Mutex<Duration>,
}

impl Clock {
    pub fn new() -> Clock {
        Clock {
            wall_start: Utc::now(),
            started: Instant::now(),
            advanced: Mutex::new(Duration::ZERO),
        }
    }

    /// The wall-clock time the simulator started; scenario times are relative to it.
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
        let total = self.started.elapsed().saturating_add(advanced);
        self.wall_start + TimeDelta::from_std(total).unwrap_or(TimeDelta::MAX)
    }
}
