//! Durations and times as people read them: `12m ago`, `in 3h 58m 12s`,
//! `expired 5m ago`. Pure functions of a time and `now`.

use chrono::{DateTime, Utc};

/// A coarse age: `45s ago`, `12m ago`, `3h ago`, `2d ago`; `just now` for a
/// time in the future (clock skew).
pub fn ago(at: DateTime<Utc>, now: DateTime<Utc>) -> String {
    let seconds = (now - at).num_seconds();
    if seconds < 0 {
        return "just now".into();
    }
    format!("{} ago", coarse(seconds))
}

/// A live countdown: `in 3h 58m 12s`, `in 42s`, `expired 5m ago`.
pub fn countdown(at: DateTime<Utc>, now: DateTime<Utc>) -> String {
    let seconds = (at - now).num_seconds();
    if seconds > 0 {
        format!("in {}", exact(seconds))
    } else {
        format!("expired {} ago", coarse(-seconds))
    }
}

/// Exact to the second: `3h 58m 12s`, `2d 1h 0m 5s`, `0s`.
pub fn exact(total_seconds: i64) -> String {
    let total = total_seconds.max(0);
    let (days, hours, minutes, seconds) = (
        total / 86_400,
        total / 3_600 % 24,
        total / 60 % 60,
        total % 60,
    );
    if days > 0 {
        format!("{days}d {hours}h {minutes}m {seconds}s")
    } else if hours > 0 {
        format!("{hours}h {minutes}m {seconds}s")
    } else if minutes > 0 {
        format!("{minutes}m {seconds}s")
    } else {
        format!("{seconds}s")
    }
}

/// One unit: `45s`, `12m`, `3h`, `2d`.
pub fn coarse(total_seconds: i64) -> String {
    let total = total_seconds.max(0);
    match total {
        0..60 => format!("{total}s"),
        60..3_600 => format!("{}m", total / 60),
        3_600..86_400 => format!("{}h", total / 3_600),
        _ => format!("{}d", total / 86_400),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeDelta;

    fn at(seconds_from_now: i64) -> (DateTime<Utc>, DateTime<Utc>) {
        let now = DateTime::from_timestamp(1_800_000_000, 0).unwrap_or_default();
        (now + TimeDelta::seconds(seconds_from_now), now)
    }

    #[test]
    fn countdowns() {
        let table = [
            (14_292, "in 3h 58m 12s"),
            (42, "in 42s"),
            (600, "in 10m 0s"),
            (2 * 86_400 + 5, "in 2d 0h 0m 5s"),
            (0, "expired 0s ago"),
            (-300, "expired 5m ago"),
            (-7_200, "expired 2h ago"),
        ];
        for (offset, expected) in table {
            let (then, now) = at(offset);
            assert_eq!(countdown(then, now), expected, "{offset}");
        }
    }

    #[test]
    fn ages() {
        for (offset, expected) in [
            (-12, "12s ago"),
            (-720, "12m ago"),
            (-10_800, "3h ago"),
            (-200_000, "2d ago"),
            (30, "just now"),
        ] {
            let (then, now) = at(offset);
            assert_eq!(ago(then, now), expected, "{offset}");
        }
    }
}
