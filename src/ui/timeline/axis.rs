//! The timeline's time axis: `cells` columns of equal time each, the last
//! one holding now. A cell lasts the span divided by the columns (whole
//! seconds, rounded up) and cells start at whole multiples of that length
//! since the epoch, so the picture is the same for every instant inside a
//! cell and moves one column when now enters the next: the redraw clock
//! wakes once a cell (about 7 minutes at 24 h on 200 columns). Tick labels
//! in UTC, as many as fit: `12:00` for hours, `Mon 30` for days.

use chrono::{DateTime, Datelike, Timelike, Utc};

use crate::app::TimelineSpan;

/// Where times land on the screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Axis {
    /// The end of the last cell (the one holding now).
    pub end: DateTime<Utc>,
    /// Seconds per cell, at least one.
    pub cell: i64,
    /// Columns, at least one.
    pub cells: u16,
    /// The start of the first cell, in seconds since the epoch.
    start: i64,
}

impl Axis {
    /// The axis of `span` over `cells` columns whose last cell holds `now`.
    pub fn at(span: TimelineSpan, cells: u16, now: DateTime<Utc>) -> Axis {
        let cells = cells.max(1);
        let cell = cell_seconds(span, cells);
        let end = (now.timestamp().div_euclid(cell) + 1).saturating_mul(cell);
        let end = DateTime::from_timestamp(end, 0).unwrap_or(now);
        Axis::new(end, cell, cells)
    }

    fn new(end: DateTime<Utc>, cell: i64, cells: u16) -> Axis {
        let length = cell.saturating_mul(i64::from(cells));
        Axis {
            end,
            cell,
            cells,
            start: end.timestamp().saturating_sub(length),
        }
    }

    /// An axis ending exactly at `end` (for tests of the geometry).
    pub fn ending(end: DateTime<Utc>, span: TimelineSpan, cells: u16) -> Axis {
        let cells = cells.max(1);
        Axis::new(end, cell_seconds(span, cells), cells)
    }

    /// The start of the first cell.
    pub fn start(&self) -> DateTime<Utc> {
        DateTime::from_timestamp(self.start, 0).unwrap_or(self.end)
    }

    /// The column `at` falls in, counted from the first cell; negative
    /// before the axis, `cells` or more after it.
    pub fn column(&self, at: DateTime<Utc>) -> i64 {
        (at.timestamp() - self.start).div_euclid(self.cell)
    }

    /// The columns `[first, last)` a bar from `from` to `to` covers: every
    /// cell it touches, at least one; `None` when it lies outside the axis.
    pub fn cover(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> Option<(u16, u16)> {
        let to = to.max(from);
        // Whole seconds (bars need no finer), counted without chrono's
        // arithmetic: this runs for every job on every frame.
        let seconds = |at: DateTime<Utc>| at.timestamp() - self.start;
        let first = seconds(from).div_euclid(self.cell);
        let last = (seconds(to) + self.cell - 1).div_euclid(self.cell);
        let cells = i64::from(self.cells);
        if seconds(to) < 0 || first >= cells {
            return None;
        }
        let first = first.clamp(0, cells - 1);
        let last = last.clamp(first + 1, cells);
        Some((u16::try_from(first).ok()?, u16::try_from(last).ok()?))
    }

    /// The next instant after `now` at which the axis moves a column.
    pub fn changes_at(span: TimelineSpan, cells: u16, now: DateTime<Utc>) -> DateTime<Utc> {
        Axis::at(span, cells, now).end
    }

    /// The ticks that fit: each tick's column and label, in UTC.
    pub fn ticks(&self, span: TimelineSpan) -> Vec<(u16, String)> {
        let daily = span == TimelineSpan::Week;
        let width = if daily { 6 } else { 5 };
        let Some(step) = STEPS
            .iter()
            .copied()
            .filter(|step| !daily || *step >= DAY)
            .find(|step| step / self.cell >= width + 2)
        else {
            return Vec::new();
        };
        let start = self.start().timestamp();
        let mut at = start
            .div_euclid(step)
            .saturating_add(1)
            .saturating_mul(step);
        let mut ticks = Vec::new();
        while at < self.end.timestamp() {
            let Some(time) = DateTime::from_timestamp(at, 0) else {
                break;
            };
            let column = self.column(time);
            if let Ok(column) = u16::try_from(column)
                && i64::from(column) + width <= i64::from(self.cells)
            {
                ticks.push((column, tick_label(time, daily)));
            }
            at = at.saturating_add(step);
        }
        ticks
    }
}

const HOUR: i64 = 3600;
const DAY: i64 = 24 * HOUR;
/// Tick steps, each dividing a day or a whole number of days, so ticks
/// land on round UTC times.
const STEPS: [i64; 9] = [
    HOUR,
    2 * HOUR,
    3 * HOUR,
    6 * HOUR,
    12 * HOUR,
    DAY,
    2 * DAY,
    7 * DAY,
    14 * DAY,
];

fn cell_seconds(span: TimelineSpan, cells: u16) -> i64 {
    let span = span.length().num_seconds();
    let cells = i64::from(cells.max(1));
    ((span + cells - 1) / cells).max(1)
}

/// `09:00`, or `Mon 30` on the daily axis.
fn tick_label(at: DateTime<Utc>, daily: bool) -> String {
    if daily {
        format!("{} {:02}", at.weekday(), at.day())
    } else {
        format!("{:02}:{:02}", at.hour(), at.minute())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeDelta;

    fn at(hour: u32, minute: u32) -> DateTime<Utc> {
        let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 30)
            .and_then(|d| d.and_hms_opt(hour, minute, 0));
        day.map(|d| d.and_utc()).unwrap_or_default()
    }

    #[test]
    fn an_hour_of_a_six_hour_span_covers_its_sixth_of_the_columns() {
        // 60 columns of 6 minutes ending at 12:00: 06:00 is column 0.
        let axis = Axis::ending(at(12, 0), TimelineSpan::SixHours, 60);
        assert_eq!(axis.start(), at(6, 0));
        assert_eq!(axis.cover(at(10, 0), at(11, 0)), Some((40, 50)));
        // A minute's job still shows, in the cell it falls in.
        assert_eq!(axis.cover(at(10, 1), at(10, 2)), Some((40, 41)));
        // Before the axis: cut at its start; after it: not drawn.
        assert_eq!(axis.cover(at(5, 0), at(7, 0)), Some((0, 10)));
        assert_eq!(axis.cover(at(3, 0), at(5, 0)), None);
        assert_eq!(axis.cover(at(5, 59), at(5, 59)), None, "a minute before");
        assert_eq!(axis.cover(at(12, 0), at(13, 0)), None);
    }

    #[test]
    fn the_axis_moves_a_column_when_now_enters_the_next_cell() {
        // 24 h over 200 columns: 432 s a cell.
        let now = at(10, 0);
        let axis = Axis::at(TimelineSpan::Day, 200, now);
        assert_eq!(axis.cell, 432);
        assert!(axis.end > now && axis.end - now <= TimeDelta::seconds(432));
        let next = Axis::changes_at(TimelineSpan::Day, 200, now);
        let just_before = next - TimeDelta::milliseconds(1);
        assert_eq!(Axis::at(TimelineSpan::Day, 200, just_before), axis);
        assert_eq!(
            Axis::at(TimelineSpan::Day, 200, next).end,
            axis.end + TimeDelta::seconds(432)
        );
    }

    #[test]
    fn ticks_are_round_utc_times_that_fit() {
        let axis = Axis::ending(at(12, 0), TimelineSpan::SixHours, 60);
        let ticks = axis.ticks(TimelineSpan::SixHours);
        assert_eq!(ticks.first(), Some(&(10, "07:00".to_string())));
        assert_eq!(ticks.len(), 5, "{ticks:?}");
        let week = Axis::ending(at(0, 0), TimelineSpan::Week, 140);
        let days: Vec<String> = week
            .ticks(TimelineSpan::Week)
            .into_iter()
            .map(|t| t.1)
            .collect();
        assert_eq!(days.first().map(String::as_str), Some("Tue 24"), "{days:?}");
    }
}
