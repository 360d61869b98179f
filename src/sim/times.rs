//! Relative times of scenario files: `"+3h"`, `"-20m"`, `"-2d 3h"`, `"now"`
//! (sign + humantime duration, relative to the simulator start), or an
//! absolute RFC 3339 date, resolved to RFC 3339 strings or epoch seconds.

use chrono::{DateTime, SecondsFormat, TimeDelta, Utc};
use serde_json::{Map, Value};

/// A point in time as written in a scenario.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum TimeSpec {
    /// Offset from the simulator start.
    Relative(TimeDelta),
    Absolute(DateTime<Utc>),
}

impl TimeSpec {
    pub fn resolve(self, start: DateTime<Utc>) -> DateTime<Utc> {
        match self {
            TimeSpec::Relative(d) => start + d,
            TimeSpec::Absolute(t) => t,
        }
    }
}

/// Parses `"+3h"`, `"-2d 3h"`, `"now"` or an RFC 3339 date.
pub fn parse_time(text: &str) -> Result<TimeSpec, String> {
    let t = text.trim();
    if t == "now" || t == "+0" || t == "-0" || t == "0" {
        return Ok(TimeSpec::Relative(TimeDelta::zero()));
    }
    let (sign, rest) = match t.chars().next() {
        Some('+') => (1, &t[1..]),
        Some('-') => (-1, &t[1..]),
        _ => {
            return DateTime::parse_from_rfc3339(t)
                .map(|d| TimeSpec::Absolute(d.with_timezone(&Utc)))
                .map_err(|_| {
                    format!("{text:?} is neither a relative time like \"-20m\" or \"+2d 3h\" nor an RFC 3339 date")
                });
        }
    };
    let d = parse_duration(rest).map_err(|e| format!("{text:?}: {e}"))?;
    let delta = TimeDelta::from_std(d).map_err(|_| format!("{text:?} is too large"))?;
    Ok(TimeSpec::Relative(if sign < 0 { -delta } else { delta }))
}

/// Parses a humantime duration such as `"90s"` or `"2d 3h"`.
pub fn parse_duration(text: &str) -> Result<std::time::Duration, String> {
    humantime::parse_duration(text.trim()).map_err(|e| format!("bad duration {text:?}: {e}"))
}

/// RFC 3339 with whole seconds and `Z`, as Atlas writes dates.
pub fn rfc3339(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// Job fields holding a date (RFC 3339 string).
const DATE_FIELDS: &[&str] = &[
    "timestamp",
    "expiresAt",
    "finishedAt",
    "createdAt",
    "expirationDate",
    "restoreFinishedDate",
    "restoreScheduledDate",
    "snapshotFinishedDate",
];
/// Job fields holding epoch seconds.
const EPOCH_FIELDS: &[&str] = &["oplogTs", "pointInTimeUTCSeconds"];

/// Replaces the time fields of a raw object (a job or snapshot) by their
/// resolved values. Non-string values are left as they are.
pub fn resolve_fields(obj: &mut Map<String, Value>, start: DateTime<Utc>) -> Result<(), String> {
    for &f in DATE_FIELDS {
        resolve_date(obj, f, start)?;
    }
    if let Some(Value::Object(dt)) = obj.get_mut("desiredTimestamp") {
        resolve_date(dt, "date", start).map_err(|e| format!("desiredTimestamp.{e}"))?;
    }
    for &f in EPOCH_FIELDS {
        if let Some(Value::String(s)) = obj.get(f) {
            let t = parse_time(s)
                .map_err(|e| format!("{f}: {e}"))?
                .resolve(start);
            obj.insert(f.to_string(), Value::from(t.timestamp()));
        }
    }
    Ok(())
}

fn resolve_date(obj: &mut Map<String, Value>, f: &str, start: DateTime<Utc>) -> Result<(), String> {
    if let Some(Value::String(s)) = obj.get(f) {
        let t = parse_time(s)
            .map_err(|e| format!("{f}: {e}"))?
            .resolve(start);
        obj.insert(f.to_string(), Value::String(rfc3339(t)));
    }
    Ok(())
}

/// Reads an RFC 3339 date field of a resolved object.
pub fn date_field(obj: &Map<String, Value>, f: &str) -> Option<DateTime<Utc>> {
    let s = obj.get(f)?.as_str()?;
    DateTime::parse_from_rfc3339(s)
        .ok()
        .map(|d| d.with_timezone(&Utc))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_times_table() {
        let start = DateTime::parse_from_rfc3339("2026-11-28T14:00:00Z")
            .map(|d| d.with_timezone(&Utc))
            .expect("start");
        let cases = [
            ("+3h", Some("2026-11-28T17:00:00Z")),
            ("-20m", Some("2026-11-28T13:40:00Z")),
            ("-2d 3h", Some("2026-11-26T11:00:00Z")),
            ("+90s", Some("2026-11-28T14:01:30Z")),
            ("now", Some("2026-11-28T14:00:00Z")),
            (" -1h 30m ", Some("2026-11-28T12:30:00Z")),
            ("2018-08-01T20:02:07Z", Some("2018-08-01T20:02:07Z")),
            ("3h", None),
            ("+", None),
            ("-2 days ago", None),
            ("yesterday", None),
        ];
        for (input, want) in cases {
            let got = parse_time(input).map(|t| rfc3339(t.resolve(start)));
            assert_eq!(got.ok().as_deref(), want, "input {input:?}");
        }
    }

    #[test]
    fn resolves_job_fields() {
        let start = DateTime::from_timestamp(1_800_000_000, 0).expect("start");
        let mut job: Map<String, Value> = serde_json::from_str(
            r#"{"timestamp":"-1h","oplogTs":"-30m","pointInTimeUTCSeconds":1799990000,
                "desiredTimestamp":{"date":"-30m","increment":1},"finishedAt":null}"#,
        )
        .expect("json");
        resolve_fields(&mut job, start).expect("resolve");
        assert_eq!(job["timestamp"], "2027-01-15T07:00:00Z");
        assert_eq!(job["oplogTs"], 1_800_000_000 - 1800);
        assert_eq!(job["pointInTimeUTCSeconds"], 1_799_990_000);
        assert_eq!(job["desiredTimestamp"]["date"], "2027-01-15T07:30:00Z");
        assert_eq!(job["finishedAt"], Value::Null);
        let mut bad: Map<String, Value> =
            serde_json::from_str(r#"{"expiresAt":"soon"}"#).expect("json");
        assert!(
            resolve_fields(&mut bad, start)
                .unwrap_err()
                .contains("expiresAt")
        );
    }
}
