//! Where the timeline's columns go across its width: the lane labels, the
//! bars, and the side column, whose parts drop while the bars would have
//! fewer than [`MIN_TRACK`] columns.

use ratatui::layout::Rect;

use super::paint::Track;
use super::side;
use crate::app::{App, TimelineSpan};

/// The bars keep at least this many columns; the side column gives way.
const MIN_TRACK: u16 = 30;
/// The widest lane label.
const MAX_LABEL: u16 = 24;

/// Where the label, the bars and the side column go across the lanes.
pub struct Columns {
    pub label: u16,
    pub track: Track,
    pub side_x: u16,
    pub side_width: u16,
    pub sparkline: bool,
    pub rate: bool,
    pub durations: bool,
}

impl Columns {
    /// In `inner`: the label as wide as the widest (within bounds), the
    /// side column's parts while the bars keep [`MIN_TRACK`] columns:
    /// p50/p95 first, then the failure rate, then the sparkline.
    pub fn of(app: &App, inner: Rect, span: TimelineSpan) -> Columns {
        let width = inner.width;
        let widest = (0..app.data().targets.len())
            .map(|at| app.cluster_label(at).chars().count())
            .max()
            .unwrap_or(0);
        let widest = u16::try_from(widest).unwrap_or(MAX_LABEL).saturating_add(1);
        let label = widest.clamp(6, MAX_LABEL.min(width / 4).max(6));
        let (spark, _, _) = side::buckets(span);
        let mut room = width.saturating_sub(label + 1 + MIN_TRACK);
        let mut take = |part: u16| {
            let fits = room > part;
            if fits {
                room -= part + 1;
            }
            fits
        };
        let durations = take(side::DURATION_WIDTH);
        let rate = durations && take(side::RATE_WIDTH);
        let sparkline = rate && take(spark);
        let side: u16 = [
            (sparkline, spark),
            (rate, side::RATE_WIDTH),
            (durations, side::DURATION_WIDTH),
        ]
        .iter()
        .filter(|(shown, _)| *shown)
        .map(|(_, part)| part + 1)
        .sum();
        let track_width = width.saturating_sub(label + 1 + side).max(1);
        let track_x = inner.x + label + 1;
        Columns {
            label,
            track: Track {
                x: track_x,
                width: track_width,
            },
            side_x: track_x + track_width + 1,
            side_width: side.saturating_sub(1),
            sparkline,
            rate,
            durations,
        }
    }

    /// The side column's heading (for the axis row).
    pub fn heading(&self, span: TimelineSpan) -> String {
        let (spark, _, name) = side::buckets(span);
        let mut parts = Vec::new();
        if self.sparkline {
            parts.push(format!("{name:<width$}", width = usize::from(spark)));
        }
        if self.rate {
            parts.push(format!(
                "{:>width$}",
                "fail",
                width = usize::from(side::RATE_WIDTH)
            ));
        }
        if self.durations {
            let width = usize::from(side::DURATION_WIDTH);
            parts.push(format!("{:>width$}", "p50/p95"));
        }
        parts.join(" ")
    }
}
