//! Words for a running job's ETA, to the minute so that a row changes at
//! most once a minute: `~14m left`, `~1h 05m left`, `~1m left`, then, once
//! the job runs past its kind's median, `due now` for a minute and
//! `~2m over` after (an estimate, not a promise: half of all restores take
//! longer than the median, and how much longer is what an operator wants
//! to see), flagged `⚠ ~12m over` past the p95. Also the short durations the detail pane's ETA lines use.

use chrono::{DateTime, TimeDelta, Utc};

use super::format::seconds_left;
use crate::history::Estimate;

const MINUTE: i64 = 60;

/// The row's ETA at `now`: `~14m left` (started minutes, so that the
/// time running, counted in whole minutes, and the time left add up to the
/// median), `due now` in the minute after, then `~2m over`.
pub fn eta(estimate: &Estimate, now: DateTime<Utc>) -> String {
    let left = seconds_left(estimate.done_at, now);
    if left > 0 {
        format!("~{} left", minutes((left + MINUTE - 1) / MINUTE))
    } else if -left < MINUTE {
        "due now".to_string()
    } else {
        format!("~{} over", minutes(-left / MINUTE))
    }
}

/// [`eta`], with a `⚠` once the job has run longer than 95% of its kind
/// did (the p95): unusual, worth a look, in colour or not.
pub fn flagged(estimate: &Estimate, now: DateTime<Utc>) -> String {
    let words = eta(estimate, now);
    if is_late(estimate, now) {
        format!("⚠ {words}")
    } else {
        words
    }
}

/// Whether the job has run past its estimate at `now` (it reads `due now`
/// or `~2m over`).
pub fn is_over(estimate: &Estimate, now: DateTime<Utc>) -> bool {
    seconds_left(estimate.done_at, now) <= 0
}

/// The instant the job has run as long as its kind's p95: longer than 95%
/// of them took.
pub fn late_at(estimate: &Estimate) -> DateTime<Utc> {
    estimate.done_at - estimate.stats.p50 + estimate.stats.p95
}

/// Whether the job has run longer than its kind's p95 at `now`.
pub fn is_late(estimate: &Estimate, now: DateTime<Utc>) -> bool {
    now >= late_at(estimate)
}

/// The next instant after `now` at which [`eta`]`(estimate, ·)`,
/// [`is_over`] or [`is_late`] reads differently: each minute, counted from
/// `done_at`, and the p95's instant.
pub fn changes_at(estimate: &Estimate, now: DateTime<Utc>) -> DateTime<Utc> {
    let late = Some(late_at(estimate)).filter(|at| *at > now);
    late.into_iter()
        .chain([words_change_at(estimate, now)])
        .min()
        .unwrap_or(DateTime::<Utc>::MAX_UTC)
}

/// The next instant after `now` at which [`eta`]`(estimate, ·)` (and
/// [`is_over`]) reads differently: each minute, counted from `done_at`.
fn words_change_at(estimate: &Estimate, now: DateTime<Utc>) -> DateTime<Utc> {
    let done = estimate.done_at;
    let left = seconds_left(done, now);
    let seconds = if left > 0 {
        // `~m left` holds while the seconds left are (m-1)·60+1 to m·60.
        -((left - 1) / MINUTE * MINUTE)
    } else {
        (-left / MINUTE + 1) * MINUTE
    };
    done.checked_add_signed(TimeDelta::seconds(seconds))
        .unwrap_or(DateTime::<Utc>::MAX_UTC)
}

/// `~14:32 UTC`, the median's finish to the nearest minute; with the date
/// when the median itself is half a day or more (it may be tomorrow).
pub fn done_at(estimate: &Estimate) -> String {
    let at = estimate
        .done_at
        .checked_add_signed(TimeDelta::seconds(30))
        .unwrap_or(estimate.done_at);
    if estimate.stats.p50 >= TimeDelta::hours(12) {
        at.format("~%Y-%m-%d %H:%M UTC").to_string()
    } else {
        at.format("~%H:%M UTC").to_string()
    }
}

/// A duration as the ETA words count it: `45s`, `25m`, `1h 05m`.
pub fn short(duration: TimeDelta) -> String {
    let seconds = duration.num_seconds().max(0);
    if seconds < MINUTE {
        format!("{seconds}s")
    } else {
        minutes(seconds / MINUTE)
    }
}

/// `14m`, `1h 05m`, `26h 00m`.
fn minutes(minutes: i64) -> String {
    if minutes < 60 {
        format!("{minutes}m")
    } else {
        format!("{}h {:02}m", minutes / 60, minutes % 60)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::history::DurationStats;

    const HOUR: i64 = 60 * MINUTE;

    fn at(seconds: i64) -> DateTime<Utc> {
        DateTime::<Utc>::UNIX_EPOCH + TimeDelta::seconds(seconds)
    }

    fn estimate(done: i64) -> Estimate {
        let p50 = TimeDelta::minutes(20);
        Estimate {
            done_at: at(done),
            stats: DurationStats {
                count: 3,
                p50,
                p95: p50,
            },
        }
    }

    #[test]
    fn words_count_down_by_the_minute_then_up() {
        let e = estimate(10_000);
        let half = TimeDelta::milliseconds(500);
        let cases = [
            (at(10_000 - 3_900), "~1h 05m left"),
            (at(10_000 - 3_900) + half, "~1h 05m left"),
            (at(10_000 - 14 * 60 - 1), "~15m left"),
            (at(10_000 - 14 * 60), "~14m left"),
            (at(10_000 - 61), "~2m left"),
            (at(10_000 - 60), "~1m left"),
            (at(10_000) - half, "~1m left"),
            (at(10_000), "due now"),
            (at(10_059) + half, "due now"),
            (at(10_060), "~1m over"),
            (at(10_000 + 125 * 60), "~2h 05m over"),
        ];
        for (now, words) in cases {
            assert_eq!(eta(&e, now), words, "at {now}");
        }
        assert!(!is_over(&e, at(9_999)));
        assert!(is_over(&e, at(10_000)));
    }

    #[test]
    fn the_change_instant_is_where_the_words_change_and_nowhere_before() {
        let e = estimate(10_000);
        let mut now = at(10_000 - 2 * HOUR);
        while now < at(10_000 + 2 * HOUR) {
            let change = words_change_at(&e, now);
            assert!(change > now, "moves on from {now}");
            assert!(change - now <= TimeDelta::minutes(1), "at most a minute");
            let before = change - TimeDelta::milliseconds(1);
            assert_eq!(eta(&e, before), eta(&e, now), "same until {change}");
            assert_ne!(eta(&e, change), eta(&e, now), "different at {change}");
            now = change;
        }
    }

    #[test]
    fn a_job_is_late_from_its_kinds_p95() {
        let mut e = estimate(10_000);
        e.stats.p95 = TimeDelta::seconds(25 * 60 + 30);
        assert_eq!(late_at(&e), at(10_330));
        assert!(!is_late(&e, at(10_329)) && is_late(&e, at(10_330)));
        assert_eq!(flagged(&e, at(10_329)), "~5m over");
        assert_eq!(flagged(&e, at(10_330)), "⚠ ~5m over");
        assert_eq!(changes_at(&e, at(10_250)), at(10_300), "the minute first");
        assert_eq!(changes_at(&e, at(10_310)), at(10_330), "then the p95");
        assert_eq!(changes_at(&e, at(10_330)), at(10_360), "then minutes only");
    }

    #[test]
    fn the_finish_shows_the_date_only_for_long_restores() {
        let mut e = estimate(14 * HOUR + 32 * MINUTE + 29);
        assert_eq!(done_at(&e), "~14:32 UTC");
        e.done_at += TimeDelta::seconds(1);
        assert_eq!(done_at(&e), "~14:33 UTC", "to the nearest minute");
        e.done_at -= TimeDelta::seconds(1);
        e.stats.p50 = TimeDelta::hours(12);
        assert_eq!(done_at(&e), "~1970-01-01 14:32 UTC");
    }

    #[test]
    fn short_durations() {
        assert_eq!(short(TimeDelta::seconds(45)), "45s");
        assert_eq!(short(TimeDelta::seconds(25 * 60 + 59)), "25m");
        assert_eq!(short(TimeDelta::minutes(65)), "1h 05m");
    }
}
