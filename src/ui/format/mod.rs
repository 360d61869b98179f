//! Words for times and sizes, shared by the dashboard and `list`: `12m ago`, `in 3m 12s`, `expired 5m ago`,
//! `1.4 GiB`, and absolute dates.

use chrono::{DateTime, TimeDelta, Utc};

const MINUTE: i64 = 60;
const HOUR: i64 = 60 * MINUTE;
const DAY: i64 = 24 * HOUR;

/// How close an expiry is; decides the countdown's colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Urgency {
    /// More than an hour left.
    Calm,
    /// Under an hour.
    Soon,
    /// Under ten minutes.
    Imminent,
    Expired,
}

pub fn urgency(expires_at: DateTime<Utc>, now: DateTime<Utc>) -> Urgency {
    let left = seconds_left(expires_at, now);
    if left <= 0 {
        Urgency::Expired
    } else if left < 10 * MINUTE {
        Urgency::Imminent
    } else if left < HOUR {
        Urgency::Soon
    } else {
        Urgency::Calm
    }
}

/// `12s ago`, `12m ago`, `3h ago`, `2d ago`; `just now` for the future.
pub fn ago(then: DateTime<Utc>, now: DateTime<Utc>) -> String {
    let seconds = seconds_since(then, now);
    if seconds < 0 {
        return "just now".to_string();
    }
    format!("{} ago", largest_unit(seconds))
}

/// Below this age the header's freshness reads `just now`: with many
/// clusters the newest answer is always a second or two old, and a header
/// flickering between `0s` and `1s` would say nothing and cost a frame a
/// second.
pub const JUST_NOW: i64 = 5;

/// Under a minute the header's freshness counts in steps of this many
/// seconds (`5s ago`, `10s ago`): between polls the header would otherwise
/// be drawn every second for nothing an operator acts on.
pub const FRESHNESS_STEP: i64 = 5;

/// The header's freshness: `just now` under [`JUST_NOW`] seconds, then in
/// steps of [`FRESHNESS_STEP`] seconds up to a minute, then as [`ago`].
pub fn freshness(then: DateTime<Utc>, now: DateTime<Utc>) -> String {
    let seconds = seconds_since(then, now);
    if seconds < JUST_NOW {
        "just now".to_string()
    } else if seconds < MINUTE {
        format!("{}s ago", seconds / FRESHNESS_STEP * FRESHNESS_STEP)
    } else {
        ago(then, now)
    }
}

/// The next instant after `now` at which [`freshness`]`(then, ·)` reads
/// differently.
pub fn freshness_changes_at(then: DateTime<Utc>, now: DateTime<Utc>) -> DateTime<Utc> {
    let seconds = seconds_since(then, now);
    if seconds < JUST_NOW {
        then + TimeDelta::seconds(JUST_NOW)
    } else if seconds < MINUTE {
        then + TimeDelta::seconds((seconds / FRESHNESS_STEP + 1) * FRESHNESS_STEP)
    } else {
        ago_changes_at(then, now)
    }
}

/// The next instant after `now` at which [`ago`]`(then, ·)` reads
/// differently: the next second while seconds are shown, the next minute
/// while minutes are, and so on.
pub fn ago_changes_at(then: DateTime<Utc>, now: DateTime<Utc>) -> DateTime<Utc> {
    let seconds = seconds_since(then, now);
    if now < then {
        // "just now" until `then`.
        return then;
    }
    let unit = unit_of(seconds);
    then.checked_add_signed(chrono::TimeDelta::seconds((seconds / unit + 1) * unit))
        .unwrap_or(DateTime::<Utc>::MAX_UTC)
}

/// Whole seconds elapsed from `then` to `now`: negative before `then`.
fn seconds_since(then: DateTime<Utc>, now: DateTime<Utc>) -> i64 {
    -seconds_left(then, now)
}

/// Whole seconds from `now` until `at`, counting a started second as a
/// whole one (`in 1s` until the very instant); zero or less once `at` has
/// come.
pub fn seconds_left(at: DateTime<Utc>, now: DateTime<Utc>) -> i64 {
    let left = at - now;
    let whole = left.num_seconds();
    if left > TimeDelta::seconds(whole) {
        whole + 1
    } else {
        whole
    }
}

/// The instant at which a count of [`seconds_left`] (now `left`, positive)
/// shown in steps of `step` seconds first shows a smaller step, or `floor`
/// seconds, whichever comes first.
fn countdown_step_at(at: DateTime<Utc>, left: i64, step: i64, floor: i64) -> DateTime<Utc> {
    let shown_until = (left / step * step - 1).max(floor);
    at - TimeDelta::seconds(shown_until)
}

/// `12m ago` for the past, `in 6d` for the future (beyond a minute of
/// clock skew).
pub fn relative(at: DateTime<Utc>, now: DateTime<Utc>) -> String {
    let ahead = seconds_left(at, now);
    if ahead > MINUTE {
        format!("in {}", largest_unit(ahead))
    } else {
        ago(at, now)
    }
}

/// The next instant after `now` at which [`relative`]`(at, ·)` reads
/// differently.
pub fn relative_changes_at(at: DateTime<Utc>, now: DateTime<Utc>) -> DateTime<Utc> {
    let ahead = seconds_left(at, now);
    if ahead > MINUTE {
        countdown_step_at(at, ahead, unit_of(ahead), MINUTE)
    } else {
        ago_changes_at(at, now)
    }
}

/// A table countdown: `in 2d 3h`, `in 3h 58m`, `in 58m`, `in 3m 12s`,
/// `in 12s`, then `expired 5m ago`.
pub fn countdown(expires_at: DateTime<Utc>, now: DateTime<Utc>) -> String {
    let left = seconds_left(expires_at, now);
    if left <= 0 {
        return format!("expired {}", ago(expires_at, now));
    }
    let (days, hours, minutes, seconds) = split(left);
    let text = if days > 0 {
        format!("{days}d {hours}h")
    } else if hours > 0 {
        format!("{hours}h {minutes}m")
    } else if left >= 10 * MINUTE {
        format!("{minutes}m")
    } else if minutes > 0 {
        format!("{minutes}m {seconds}s")
    } else {
        format!("{seconds}s")
    };
    format!("in {text}")
}

/// The next instant after `now` at which [`countdown`]`(expires_at, ·)`
/// (and its [`urgency`]) reads differently.
pub fn countdown_changes_at(expires_at: DateTime<Utc>, now: DateTime<Utc>) -> DateTime<Utc> {
    let left = seconds_left(expires_at, now);
    if left <= 0 {
        return ago_changes_at(expires_at, now);
    }
    let step = if left >= DAY {
        HOUR
    } else if left >= 10 * MINUTE {
        MINUTE
    } else {
        1
    };
    countdown_step_at(expires_at, left, step, 0)
}

/// The next instant after `now` at which [`countdown_exact`] reads
/// differently: every second before expiry, then as [`ago`].
pub fn countdown_exact_changes_at(expires_at: DateTime<Utc>, now: DateTime<Utc>) -> DateTime<Utc> {
    let left = seconds_left(expires_at, now);
    if left <= 0 {
        ago_changes_at(expires_at, now)
    } else {
        countdown_step_at(expires_at, left, 1, 0)
    }
}

/// The detail pane's countdown, to the second: `in 3h 58m 12s`.
pub fn countdown_exact(expires_at: DateTime<Utc>, now: DateTime<Utc>) -> String {
    let left = seconds_left(expires_at, now);
    if left <= 0 {
        return format!("expired {}", ago(expires_at, now));
    }
    let (days, hours, minutes, seconds) = split(left);
    let parts = [(days, "d"), (hours, "h"), (minutes, "m"), (seconds, "s")];
    let first = parts.iter().position(|(n, _)| *n > 0).unwrap_or(3);
    let words: Vec<String> = parts
        .iter()
        .skip(first)
        .map(|(n, unit)| format!("{n}{unit}"))
        .collect();
    format!("in {}", words.join(" "))
}

/// How long something took, to the second and in at most two units:
/// `45s`, `23m 10s`, `2h 5m`, `1d 3h`.
pub fn duration(seconds: i64) -> String {
    let seconds = seconds.max(0);
    let (days, hours, minutes, rest) = split(seconds);
    if days > 0 {
        format!("{days}d {hours}h")
    } else if hours > 0 {
        format!("{hours}h {minutes}m")
    } else if minutes > 0 {
        format!("{minutes}m {rest}s")
    } else {
        format!("{rest}s")
    }
}

/// How long a job has been running since `since`: `running for 12m`
/// (the largest unit, as ages are shown); `running` before `since`
/// (clock skew).
pub fn running_for(since: DateTime<Utc>, now: DateTime<Utc>) -> String {
    if now < since {
        return "running".to_string();
    }
    format!("running for {}", largest_unit(seconds_since(since, now)))
}

/// The next instant after `now` at which [`running_for`]`(since, ·)`
/// reads differently.
pub fn running_for_changes_at(since: DateTime<Utc>, now: DateTime<Utc>) -> DateTime<Utc> {
    ago_changes_at(since, now)
}

/// The unit [`largest_unit`] counts `seconds` in, in seconds.
fn unit_of(seconds: i64) -> i64 {
    if seconds < MINUTE {
        1
    } else if seconds < HOUR {
        MINUTE
    } else if seconds < DAY {
        HOUR
    } else {
        DAY
    }
}

/// `1 cluster`, `2 clusters`.
pub fn plural(count: usize, noun: &str) -> String {
    if count == 1 {
        format!("1 {noun}")
    } else {
        format!("{count} {noun}s")
    }
}

/// `12s`, `12m`, `3h`, `2d`: the largest whole unit.
pub fn largest_unit(seconds: i64) -> String {
    let seconds = seconds.max(0);
    if seconds < MINUTE {
        format!("{seconds}s")
    } else if seconds < HOUR {
        format!("{}m", seconds / MINUTE)
    } else if seconds < DAY {
        format!("{}h", seconds / HOUR)
    } else {
        format!("{}d", seconds / DAY)
    }
}

/// Age of something that happened at `then`, in the largest unit (`3m`).
pub fn age(then: DateTime<Utc>, now: DateTime<Utc>) -> String {
    largest_unit(seconds_since(then, now))
}

fn split(seconds: i64) -> (i64, i64, i64, i64) {
    (
        seconds / DAY,
        seconds % DAY / HOUR,
        seconds % HOUR / MINUTE,
        seconds % MINUTE,
    )
}

/// Binary units with one decimal: `512 B`, `1.4 GiB`.
pub fn size(bytes: u64) -> String {
    const UNITS: [&str; 6] = ["KiB", "MiB", "GiB", "TiB", "PiB", "EiB"];
    if bytes < 1024 {
        return format!("{bytes} B");
    }
    // Precision loss is irrelevant at one decimal.
    #[allow(clippy::cast_precision_loss)]
    let mut value = bytes as f64 / 1024.0;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < UNITS.len() {
        value /= 1024.0;
        unit += 1;
    }
    format!("{value:.1} {}", UNITS.get(unit).unwrap_or(&"EiB"))
}

/// `2024-05-01 12:00:00 UTC`.
pub fn date(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%d %H:%M:%S UTC").to_string()
}

/// A date given as Unix seconds, when it is a representable date.
pub fn unix_date(seconds: i64) -> Option<String> {
    DateTime::from_timestamp(seconds, 0).map(date)
}

/// `every 30s`, `every 2m`, `every 300ms`.
pub fn interval(every: std::time::Duration) -> String {
    if every < std::time::Duration::from_secs(1) {
        return format!("every {}ms", every.as_millis());
    }
    let every = TimeDelta::from_std(every).unwrap_or(TimeDelta::MAX);
    let seconds = every.num_seconds();
    if seconds > 0 && seconds % MINUTE != 0 && seconds > MINUTE {
        format!("every {}m {}s", seconds / MINUTE, seconds % MINUTE)
    } else {
        format!("every {}", largest_unit(seconds))
    }
}

#[cfg(test)]
mod tests;
