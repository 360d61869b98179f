//! A job's sort keys, computed when its target's job list arrives (and
//! again when the clock passes its expiry) and kept: each column's value as
//! an order-preserving integer, the id as a number, and the status at that
//! instant, which the counts and the status filter use.

use std::cmp::Ordering;

use chrono::{DateTime, Utc};

use crate::app::sort::SortColumn;
use crate::atlas::{DeliveryType, JobStatus, RestoreJob};

/// Every column's key of one job (the cluster's rank is the target's).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct JobKeys {
    created: u64,
    expires: u64,
    delivery: u64,
    pub id: u128,
    pub status: JobStatus,
}

impl JobKeys {
    /// The keys of `job` at `now`: they hold until the clock reaches its
    /// `expiresAt` (see [`JobKeys::valid_until`]).
    pub fn of(job: &RestoreJob, now: DateTime<Utc>) -> JobKeys {
        JobKeys {
            // Unknown creation sorts as oldest.
            created: ordered(job.created().map_or(i64::MIN, |t| t.timestamp())),
            expires: expires_key(job.expires_at, now),
            delivery: delivery_key(&job.delivery_type),
            id: id_number(&job.id),
            status: job.status_at(now),
        }
    }

    /// When keys taken at `now` stop being true: at the job's `expiresAt`,
    /// if that is still to come (its status and its expiry key change then).
    pub fn valid_until(job: &RestoreJob, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        job.expires_at.filter(|at| *at > now)
    }

    /// The key of `column` for this job of a target whose label has
    /// `cluster_rank` among all labels.
    pub fn primary(&self, column: SortColumn, cluster_rank: u64) -> u64 {
        match column {
            SortColumn::Created => self.created,
            SortColumn::Expires => self.expires,
            SortColumn::Status => self.status as u64,
            SortColumn::Cluster => cluster_rank,
            SortColumn::Type => self.delivery,
            SortColumn::Id => 0,
        }
    }
}

/// Half the span of expiry keys within one group: every representable
/// Unix second (about ±2^43) fits.
const EXPIRY_SPAN: i64 = 1 << 59;

/// The expiry key that puts the soonest live link first: links still to
/// expire, soonest first; then the expired ones, most recently expired
/// first; then jobs with no expiry.
fn expires_key(expires_at: Option<DateTime<Utc>>, now: DateTime<Utc>) -> u64 {
    let (group, offset) = match expires_at {
        Some(at) if at > now => (0, at.timestamp()),
        Some(at) => (1, -at.timestamp()),
        None => (2, 0),
    };
    let offset = offset.clamp(-EXPIRY_SPAN + 1, EXPIRY_SPAN - 1) + EXPIRY_SPAN;
    (group << 60) | offset.unsigned_abs()
}

/// An `i64` as a `u64` in the same order.
fn ordered(value: i64) -> u64 {
    (value as u64) ^ (1 << 63)
}

/// A 24-digit lowercase hex id as its number (same order as the text among
/// such ids); any other id is `u128::MAX`, and sorts after them by its text.
pub(super) fn id_number(id: &str) -> u128 {
    let valid = id.len() == 24
        && id
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
    if valid {
        u128::from_str_radix(id, 16).unwrap_or(u128::MAX)
    } else {
        u128::MAX
    }
}

/// The low byte of a text key: below `LONG`, the text's length (it fits in
/// the key whole); `LONG` for any other long text; above, a known long word.
const LONG: u64 = 8;

/// A delivery type's text as a key in the text's byte order: its first
/// seven bytes, then its length, or which known long word it is. Equal keys
/// of short texts or of the same known word mean equal texts; only other
/// long texts sharing seven bytes need [`compare_text_keys`]'s look at the
/// text. No pass over the other jobs is needed.
fn delivery_key(delivery: &DeliveryType) -> u64 {
    let known = match delivery {
        DeliveryType::Automated => 1,
        DeliveryType::Download => 2,
        DeliveryType::PointInTime => 3,
        DeliveryType::Restore | DeliveryType::Other(_) | DeliveryType::Missing => 0,
    };
    text_key(delivery.as_str(), known)
}

fn text_key(text: &str, known: u64) -> u64 {
    let mut prefix = [0u8; 8];
    for (slot, byte) in prefix.iter_mut().zip(text.bytes().take(7)) {
        *slot = byte;
    }
    let code = match u64::try_from(text.len()) {
        Ok(len) if len < LONG => len,
        _ => LONG + known,
    };
    (u64::from_be_bytes(prefix) & !0xff) | code
}

/// Two text keys in the order of their texts; `texts` gives the texts when
/// the keys cannot tell.
pub(super) fn compare_text_keys<'a>(
    a: u64,
    b: u64,
    texts: impl FnOnce() -> (&'a str, &'a str),
) -> Ordering {
    (a >> 8).cmp(&(b >> 8)).then_with(|| {
        let (code_a, code_b) = (a & 0xff, b & 0xff);
        if code_a < LONG || code_b < LONG {
            // The shorter text is a prefix of the other (or they are equal).
            code_a.cmp(&code_b)
        } else if code_a == code_b && code_a != LONG {
            Ordering::Equal
        } else {
            let (text_a, text_b) = texts();
            text_a.cmp(text_b)
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn by_keys(a: &str, b: &str) -> Ordering {
        let known = |text: &str| match text {
            "automated" => 1,
            "download" => 2,
            "pointInTime" => 3,
            _ => 0,
        };
        compare_text_keys(text_key(a, known(a)), text_key(b, known(b)), || (a, b))
    }

    #[test]
    fn text_keys_order_like_the_texts() {
        let texts = [
            "",
            "\0",
            "a",
            "a\0",
            "a\0b",
            "automat",
            "automate",
            "automated",
            "automatee",
            "automatea",
            "download",
            "downloa",
            "downloads",
            "pointInTime",
            "pointInTimf",
            "—",
            "—x",
            "zzzzzzzzzzzzz",
            "é",
        ];
        for a in texts {
            for b in texts {
                assert_eq!(by_keys(a, b), a.cmp(b), "{a:?} against {b:?}");
            }
        }
    }

    #[test]
    fn soonest_live_link_first_then_latest_expired_then_none() {
        let now = DateTime::from_timestamp(1_800_000_000, 0).unwrap_or_default();
        let at = |seconds: i64| Some(now + chrono::TimeDelta::seconds(seconds));
        let ascending = [
            at(1),
            at(600),
            at(86_400 * 365 * 1000),
            at(0),
            at(-60),
            at(-86_400 * 365 * 1000),
            None,
        ];
        let keys: Vec<u64> = ascending.iter().map(|e| expires_key(*e, now)).collect();
        for pair in keys.windows(2) {
            assert!(pair[0] < pair[1], "{ascending:?} give {keys:?}");
        }
        let extremes = [DateTime::<Utc>::MIN_UTC, DateTime::<Utc>::MAX_UTC];
        for extreme in extremes {
            let key = expires_key(Some(extreme), now);
            assert!(key < expires_key(None, now));
        }
    }

    #[test]
    fn object_ids_are_numbers_and_other_ids_are_not() {
        assert_eq!(id_number("00000000000000000000000a"), 10);
        assert_eq!(id_number("00000000000000000000000A"), u128::MAX);
        assert_eq!(id_number("job-1"), u128::MAX);
    }
}
