//! The words for times and sizes, at their boundaries.
use super::*;

#[test]
fn ago_is_redrawn_exactly_when_its_text_changes() {
    let then = DateTime::from_timestamp(1_800_000_000, 0).unwrap_or_default();
    let at = |ms: i64| then + chrono::TimeDelta::milliseconds(ms);
    for now in [
        at(0),
        at(400),
        at(59_999),
        at(60_000),
        at(3_599_000),
        at(90_000_000),
        at(-5_000),
    ] {
        let change = ago_changes_at(then, now);
        assert!(change > now, "{now}: {change}");
        let just_before = change - chrono::TimeDelta::milliseconds(1);
        assert_eq!(
            ago(then, now),
            ago(then, just_before),
            "{now}: same text until {change}"
        );
        assert_ne!(
            ago(then, now),
            ago(then, change),
            "{now}: new text at {change}"
        );
    }
    for now in [at(-5_000), at(0), at(4_999), at(5_000), at(61_000)] {
        let change = freshness_changes_at(then, now);
        assert!(change > now, "{now}: {change}");
        let just_before = change - chrono::TimeDelta::milliseconds(1);
        assert_eq!(freshness(then, now), freshness(then, just_before));
        assert_ne!(freshness(then, now), freshness(then, change));
    }
    assert_eq!(freshness(then, at(4_999)), "just now");
    assert_eq!(freshness(then, at(5_000)), "5s ago");
    assert_eq!(freshness(then, at(9_999)), "5s ago", "in steps of 5 s");
    assert_eq!(freshness(then, at(59_999)), "55s ago");
    assert_eq!(freshness(then, at(60_000)), "1m ago");
    assert_eq!(ago_changes_at(then, at(400)), at(1_000));
    assert_eq!(
        ago_changes_at(then, at(61_000)),
        at(120_000),
        "minutes: the next minute"
    );
}

/// Walks the clock from text change to text change over `span` around
/// `reference`: each predicted change is a change, and the text holds
/// until then.
fn walk(
    text: impl Fn(DateTime<Utc>, DateTime<Utc>) -> String,
    changes_at: impl Fn(DateTime<Utc>, DateTime<Utc>) -> DateTime<Utc>,
    span: TimeDelta,
) {
    let reference = at(0) + TimeDelta::milliseconds(300);
    let mut now = reference - span - TimeDelta::milliseconds(700);
    let ms = TimeDelta::milliseconds(1);
    while now < reference + span {
        let change = changes_at(reference, now);
        assert!(change > now, "{now}: {change}");
        let shown = text(reference, now);
        let middle = now + (change - now) / 2;
        assert_eq!(shown, text(reference, middle), "{now}: until {change}");
        assert_eq!(shown, text(reference, change - ms), "{now}: until {change}");
        assert_ne!(shown, text(reference, change), "{now}: new at {change}");
        now = change;
    }
}

#[test]
fn every_time_text_knows_when_it_next_changes() {
    let days = TimeDelta::days(3);
    walk(ago, ago_changes_at, days);
    walk(freshness, freshness_changes_at, days);
    walk(relative, relative_changes_at, days);
    walk(
        |r, n| format!("{} {:?}", countdown(r, n), urgency(r, n)),
        countdown_changes_at,
        days,
    );
    walk(
        countdown_exact,
        countdown_exact_changes_at,
        TimeDelta::hours(2),
    );
    walk(running_for, running_for_changes_at, days);
    assert_eq!(countdown(at(0), at(0)), "expired 0s ago");
    let just_before = at(0) - TimeDelta::milliseconds(1);
    assert_eq!(countdown(at(0), just_before), "in 1s");
    assert_eq!(urgency(at(0), just_before), Urgency::Imminent);
}

fn at(seconds: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(1_700_000_000 + seconds, 0).unwrap_or_default()
}

#[test]
fn countdowns_get_finer_as_expiry_nears() {
    let now = at(0);
    assert_eq!(countdown(at(2 * DAY + 3 * HOUR), now), "in 2d 3h");
    assert_eq!(countdown(at(3 * HOUR + 58 * MINUTE + 12), now), "in 3h 58m");
    assert_eq!(countdown(at(58 * MINUTE + 30), now), "in 58m");
    assert_eq!(countdown(at(3 * MINUTE + 12), now), "in 3m 12s");
    assert_eq!(countdown(at(12), now), "in 12s");
    assert_eq!(countdown(at(-5 * MINUTE), now), "expired 5m ago");
    assert_eq!(
        countdown_exact(at(3 * HOUR + 58 * MINUTE + 12), now),
        "in 3h 58m 12s"
    );
    assert_eq!(countdown_exact(at(HOUR + 5), now), "in 1h 0m 5s");
}

#[test]
fn durations_read_in_two_units() {
    assert_eq!(duration(45), "45s");
    assert_eq!(duration(23 * MINUTE + 10), "23m 10s");
    assert_eq!(duration(2 * HOUR + 5 * MINUTE + 59), "2h 5m");
    assert_eq!(duration(DAY + 3 * HOUR), "1d 3h");
    assert_eq!(duration(-5), "0s");
    assert_eq!(running_for(at(0), at(12 * MINUTE + 30)), "running for 12m");
    assert_eq!(running_for(at(0), at(-3)), "running");
}

#[test]
fn sizes_use_binary_units() {
    assert_eq!(size(0), "0 B");
    assert_eq!(size(1536), "1.5 KiB");
    assert_eq!(size(1_503_238_554), "1.4 GiB");
    assert_eq!(size(u64::MAX), "16.0 EiB");
}

#[test]
fn ages_and_intervals_read_naturally() {
    assert_eq!(ago(at(-12), at(0)), "12s ago");
    assert_eq!(ago(at(-3 * HOUR), at(0)), "3h ago");
    assert_eq!(ago(at(10), at(0)), "just now");
    assert_eq!(relative(at(7 * DAY), at(0)), "in 7d");
    assert_eq!(relative(at(-3 * HOUR), at(0)), "3h ago");
    assert_eq!(relative(at(30), at(0)), "just now");
    assert_eq!(interval(std::time::Duration::from_secs(30)), "every 30s");
    assert_eq!(interval(std::time::Duration::from_secs(90)), "every 1m 30s");
    assert_eq!(interval(std::time::Duration::from_secs(120)), "every 2m");
    assert_eq!(
        interval(std::time::Duration::from_millis(300)),
        "every 300ms"
    );
}
