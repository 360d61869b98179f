//! The column beside each lane: restores over the span as a sparkline, the
//! failure rate over the span, and the cluster's p50/p95 duration (of its
//! delivery type with the most samples, from `App::durations`). Its parts
//! drop at narrow widths: the sparkline first, then the failure rate.

use chrono::{DateTime, TimeDelta, Utc};

use crate::app::TimelineSpan;
use crate::atlas::{JobStatus, Target};
use crate::history::{DurationStats, Durations};
use crate::ui::format;

/// Sparkline levels, lowest first; no restore at all is `·`.
const LEVELS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
/// Width of the failure rate (`100%`, `  0%`, `   –`).
pub const RATE_WIDTH: u16 = 4;
/// Width of `p50/p95` (`14m/2h`).
pub const DURATION_WIDTH: u16 = 7;

/// The sparkline's buckets for `span`: how many, how long each, and how
/// the heading names them.
pub fn buckets(span: TimelineSpan) -> (u16, TimeDelta, &'static str) {
    match span {
        TimelineSpan::SixHours => (6, TimeDelta::hours(1), "per 1h"),
        TimelineSpan::Day => (8, TimeDelta::hours(3), "per 3h"),
        TimelineSpan::Week => (7, TimeDelta::days(1), "per day"),
    }
}

/// What the column says of one lane.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LaneStats {
    /// Restores created in each bucket, oldest first.
    pub per_bucket: Vec<u32>,
    pub failed: u32,
    /// Finished, ready or expired: the restore's work was done.
    pub done: u32,
}

impl LaneStats {
    /// Counts the jobs of a lane (creation and status at now) over the
    /// span ending at `end`.
    pub fn count(
        jobs: impl IntoIterator<Item = (DateTime<Utc>, JobStatus)>,
        span: TimelineSpan,
        end: DateTime<Utc>,
    ) -> LaneStats {
        let (count, bucket, _) = buckets(span);
        let mut stats = LaneStats {
            per_bucket: vec![0; usize::from(count)],
            ..LaneStats::default()
        };
        let start = end - span.length();
        for (created, status) in jobs {
            if created < start || created >= end {
                continue;
            }
            let at = (created - start).num_seconds() / bucket.num_seconds().max(1);
            let slot = usize::try_from(at).ok();
            if let Some(slot) = slot.and_then(|at| stats.per_bucket.get_mut(at)) {
                *slot += 1;
            }
            match status {
                JobStatus::Failed => stats.failed += 1,
                JobStatus::Finished | JobStatus::Ready | JobStatus::Expired => stats.done += 1,
                JobStatus::InProgress | JobStatus::Cancelled => {}
            }
        }
        stats
    }

    /// The sparkline: each bucket's height against the busiest one.
    pub fn sparkline(&self) -> String {
        let most = self.per_bucket.iter().copied().max().unwrap_or(0).max(1);
        self.per_bucket
            .iter()
            .map(|&n| {
                if n == 0 {
                    return '·';
                }
                let top = LEVELS.len() - 1;
                let level = (usize::try_from(n).unwrap_or(usize::MAX).saturating_mul(top))
                    .div_ceil(usize::try_from(most).unwrap_or(1));
                LEVELS.get(level.min(top)).copied().unwrap_or('█')
            })
            .collect()
    }

    /// Failed out of finished plus failed: `25%`, `–` with neither.
    pub fn failure_rate(&self) -> String {
        let ended = self.failed + self.done;
        let text = match (self.failed * 100 + ended / 2).checked_div(ended) {
            Some(percent) => format!("{percent}%"),
            None => "–".to_string(),
        };
        format!("{text:>width$}", width = usize::from(RATE_WIDTH))
    }
}

/// The stats of `target`'s delivery type with the most samples (the first
/// by type on a tie).
pub fn lane_durations(durations: &Durations, target: &Target) -> Option<DurationStats> {
    durations
        .of_target(target)
        .max_by(|(a_type, a), (b_type, b)| a.count.cmp(&b.count).then(b_type.cmp(a_type)))
        .map(|(_, stats)| stats)
}

/// `14m/2h`, or `–` without samples.
pub fn durations_text(stats: Option<DurationStats>) -> String {
    let text = match stats {
        Some(stats) => format!(
            "{}/{}",
            format::largest_unit(stats.p50.num_seconds()),
            format::largest_unit(stats.p95.num_seconds())
        ),
        None => "–".to_string(),
    };
    format!("{text:>width$}", width = usize::from(DURATION_WIDTH))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn restores_are_counted_in_their_bucket_and_failures_over_the_ended() {
        let end = DateTime::from_timestamp(7 * 86_400, 0).unwrap_or_default();
        let hours_ago = |h: i64| end - TimeDelta::hours(h);
        let jobs = [
            (hours_ago(1), JobStatus::Failed),
            (hours_ago(2), JobStatus::Finished),
            (hours_ago(2), JobStatus::InProgress),
            (hours_ago(5), JobStatus::Ready),
            (hours_ago(30), JobStatus::Failed),
        ];
        let stats = LaneStats::count(jobs, TimelineSpan::SixHours, end);
        assert_eq!(stats.per_bucket, vec![0, 1, 0, 0, 2, 1]);
        assert_eq!(stats.sparkline(), "·▅··█▅");
        assert_eq!(stats.failure_rate(), " 33%");
        let empty = LaneStats::count([], TimelineSpan::Week, end);
        assert_eq!(empty.failure_rate(), "   –");
        assert_eq!(empty.sparkline(), "·······");
    }
}
