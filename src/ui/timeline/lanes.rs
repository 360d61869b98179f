//! One lane's bars, laid out on the axis: a pure function of the jobs, the
//! axis and `now`. Each job is a bar from its creation to its finish (to
//! now while it runs); a download's expiry window (ready until
//! `expiresAt`) follows its bar. Jobs that overlap go to sub-rows, each on
//! the first sub-row where it leaves a gap of a cell after the bar before
//! (so two bars never read as one); past the sub-rows the lane may have, a
//! job is drawn over the sub-row that frees soonest (later jobs over
//! earlier ones), and the selected job is drawn last, on top.

use chrono::{DateTime, Utc};

use super::axis::Axis;
use crate::atlas::{JobStatus, RestoreJob};

/// A job as the lane draws it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bar {
    /// Columns `[first, last)` of the bar itself.
    pub first: u16,
    pub last: u16,
    /// Where the expiry window after the bar ends (`last` when none).
    pub window_end: u16,
    pub status: JobStatus,
    /// The sub-row within the lane, from 0.
    pub row: u16,
    pub selected: bool,
    /// Atlas no longer lists it: the history remembers it.
    pub gone: bool,
}

/// What the lane needs of a job.
#[derive(Debug, Clone, Copy)]
pub struct LaneJob {
    pub created: DateTime<Utc>,
    pub finished: Option<DateTime<Utc>>,
    pub expires: Option<DateTime<Utc>>,
    pub status: JobStatus,
    pub selected: bool,
    pub gone: bool,
}

impl LaneJob {
    /// `job` at `now`; `None` without a creation time.
    pub fn of(job: &RestoreJob, now: DateTime<Utc>, selected: bool, gone: bool) -> Option<LaneJob> {
        Some(LaneJob {
            created: job.created()?,
            finished: job.finished_at(),
            expires: job.expires_at(),
            status: job.status_at(now),
            selected,
            gone,
        })
    }

    /// Where the bar ends: the finish, now while running; a job ended
    /// without a finish time (failed, cancelled) is a mark at its start.
    fn end(&self, now: DateTime<Utc>) -> DateTime<Utc> {
        let end = match (self.finished, self.status) {
            (Some(finished), _) => finished,
            (None, JobStatus::InProgress) => now,
            (None, _) => self.created,
        };
        end.min(now)
    }

    /// Where its expiry window ends, for a download made ready.
    fn window_end(&self) -> Option<DateTime<Utc>> {
        let window = matches!(self.status, JobStatus::Ready | JobStatus::Expired);
        self.expires.filter(|_| window)
    }

    /// The last instant the job shows at, bar or expiry window.
    pub fn reach(&self, now: DateTime<Utc>) -> DateTime<Utc> {
        let end = self.end(now);
        self.window_end()
            .map_or(end, |window| window.min(now).max(end))
    }
}

/// A lane's bars and how many sub-rows they take (at most `max_rows`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Lane {
    /// In drawing order: later bars over earlier ones, the selected last.
    pub bars: Vec<Bar>,
    pub rows: u16,
}

/// Lays out `jobs` on `axis` at `now` in at most `max_rows` sub-rows.
pub fn lay_out(jobs: &[LaneJob], axis: &Axis, max_rows: u16, now: DateTime<Utc>) -> Lane {
    let max_rows = max_rows.max(1);
    let mut bars: Vec<Bar> = jobs
        .iter()
        .filter_map(|job| {
            // The bar may lie before the axis while its window reaches in.
            let (first, window_end) = axis.cover(job.created, job.reach(now))?;
            let last = axis
                .cover(job.created, job.end(now))
                .map_or(first, |(_, last)| last);
            Some(Bar {
                first,
                last,
                window_end,
                status: job.status,
                row: 0,
                selected: job.selected,
                gone: job.gone,
            })
        })
        .collect();
    bars.sort_by_key(|bar| (bar.first, bar.last));
    // The column after each sub-row's last bar.
    let mut ends: Vec<u16> = Vec::new();
    for bar in &mut bars {
        let free = ends.iter().position(|end| *end < bar.first);
        let row = match free {
            Some(row) => row,
            None if ends.len() < usize::from(max_rows) => {
                ends.push(0);
                ends.len() - 1
            }
            None => (0..ends.len())
                .min_by_key(|row| ends.get(*row))
                .unwrap_or(0),
        };
        if let Some(end) = ends.get_mut(row) {
            *end = (*end).max(bar.window_end);
        }
        bar.row = u16::try_from(row).unwrap_or(0);
    }
    // The selected bar on top.
    bars.sort_by_key(|bar| bar.selected);
    let rows = u16::try_from(ends.len()).unwrap_or(max_rows).max(1);
    Lane { bars, rows }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::TimelineSpan;

    fn at(hour: u32, minute: u32) -> DateTime<Utc> {
        let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 30)
            .and_then(|d| d.and_hms_opt(hour, minute, 0));
        day.map(|d| d.and_utc()).unwrap_or_default()
    }

    fn job(from: (u32, u32), to: Option<(u32, u32)>, status: JobStatus) -> LaneJob {
        LaneJob {
            created: at(from.0, from.1),
            finished: to.map(|(h, m)| at(h, m)),
            expires: None,
            status,
            selected: false,
            gone: false,
        }
    }

    /// 60 columns of 6 minutes from 06:00 to 12:00.
    fn axis() -> Axis {
        Axis::ending(at(12, 0), TimelineSpan::SixHours, 60)
    }

    #[test]
    fn a_finished_job_covers_the_cells_of_its_hour() {
        let lane = lay_out(
            &[job((10, 0), Some((11, 0)), JobStatus::Finished)],
            &axis(),
            3,
            at(12, 0),
        );
        let bar = lane.bars.first().copied();
        assert_eq!(bar.map(|b| (b.first, b.last, b.row)), Some((40, 50, 0)));
    }

    #[test]
    fn a_running_job_reaches_now_and_a_ready_link_its_expiry() {
        let now = at(11, 30);
        let running = job((11, 0), None, JobStatus::InProgress);
        let mut ready = job((7, 0), Some((8, 0)), JobStatus::Ready);
        ready.expires = Some(at(9, 0));
        let lane = lay_out(&[running, ready], &axis(), 3, now);
        let spans: Vec<(u16, u16, u16)> = lane
            .bars
            .iter()
            .map(|b| (b.first, b.last, b.window_end))
            .collect();
        assert_eq!(spans, vec![(10, 20, 30), (50, 55, 55)]);
        assert_eq!(lane.rows, 1, "they do not overlap");
        // Ready before the axis, its link alive into it: the window shows.
        let mut early = job((4, 0), Some((5, 0)), JobStatus::Ready);
        early.expires = Some(at(7, 0));
        let lane = lay_out(&[early], &axis(), 3, now);
        let bar = lane.bars.first().map(|b| (b.first, b.last, b.window_end));
        assert_eq!(bar, Some((0, 0, 10)));
    }

    #[test]
    fn overlapping_jobs_take_sub_rows_then_draw_over_the_one_freeing_first() {
        let jobs = [
            job((7, 0), Some((9, 0)), JobStatus::Finished),
            job((8, 0), Some((10, 0)), JobStatus::Failed),
            job((8, 30), Some((9, 30)), JobStatus::Finished),
            job((9, 0), Some((9, 6)), JobStatus::Cancelled),
        ];
        let lane = lay_out(&jobs, &axis(), 2, at(12, 0));
        let rows: Vec<u16> = lane.bars.iter().map(|b| b.row).collect();
        // The third overlaps both: over the first (which frees at 09:00);
        // the fourth starts where the first ends: no gap, so over it too.
        assert_eq!(rows, vec![0, 1, 0, 0]);
        assert_eq!(lane.rows, 2);
        let roomy = lay_out(&jobs, &axis(), 3, at(12, 0));
        let rows: Vec<u16> = roomy.bars.iter().map(|b| b.row).collect();
        assert_eq!(rows, vec![0, 1, 2, 0]);
    }
}
