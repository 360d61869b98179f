//! Which columns the job table shows and how wide, from what the rows in
//! the visible window hold (and the headers), each within a cap. Ids show
//! their last 8 characters, whole when there is room. As the width
//! shrinks: the target names are cut (in the middle), then the target,
//! type and created columns drop in that order, and only then are the
//! cluster names cut; status, id, cluster and expires stay at any width
//! from 60. What is left over goes back to the cut names (cluster, then
//! target), then to whole ids.

use crate::app::SortColumn;

/// A column of the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    Status,
    Id,
    Cluster,
    Type,
    Created,
    Expires,
    Target,
}

/// Space between columns.
pub const SPACING: u16 = 1;
/// The last characters of an id shown when whole ids do not fit.
pub const SHORT_ID: u16 = 8;
/// Names are cut down to this many columns before a column drops.
const CLUSTER_MIN: u16 = 12;
const TARGET_MIN: u16 = 10;
/// What gives way as the width shrinks, in turn, until the columns fit;
/// the status column always stays.
const GIVE_WAY: [Step; 8] = [
    Step::Cut(Column::Target),
    Step::Drop(Column::Target),
    Step::Drop(Column::Type),
    Step::Drop(Column::Created),
    Step::Cut(Column::Cluster),
    Step::Drop(Column::Expires),
    Step::Drop(Column::Cluster),
    Step::Drop(Column::Id),
];

/// A column cut to its minimum, or dropped.
#[derive(Debug, Clone, Copy)]
enum Step {
    Cut(Column),
    Drop(Column),
}
/// Who gets the width left once every shown column has its minimum, in
/// turn: names first, then whole ids.
const GROW_ORDER: [Column; 3] = [Column::Cluster, Column::Target, Column::Id];

impl Column {
    /// Left to right.
    pub const ALL: [Column; 7] = [
        Column::Status,
        Column::Id,
        Column::Cluster,
        Column::Type,
        Column::Created,
        Column::Expires,
        Column::Target,
    ];

    fn at(self) -> usize {
        self as usize
    }

    pub fn title(self) -> &'static str {
        match self {
            Column::Status => "status",
            Column::Id => "id",
            Column::Cluster => "cluster",
            Column::Type => "type",
            Column::Created => "created",
            Column::Expires => "expires",
            Column::Target => "target",
        }
    }

    /// What clicking its header sorts by (the target column sorts nothing).
    pub fn sort(self) -> Option<SortColumn> {
        match self {
            Column::Status => Some(SortColumn::Status),
            Column::Id => Some(SortColumn::Id),
            Column::Cluster => Some(SortColumn::Cluster),
            Column::Type => Some(SortColumn::Type),
            Column::Created => Some(SortColumn::Created),
            Column::Expires => Some(SortColumn::Expires),
            Column::Target => None,
        }
    }

    /// The widest a column grows, whatever its content.
    fn cap(self) -> u16 {
        match self {
            Column::Status => 13,
            Column::Id => 24,
            Column::Cluster => 48,
            Column::Type => 12,
            Column::Created => 10,
            Column::Expires => 17,
            Column::Target => 40,
        }
    }

    /// The narrowest a name is cut to.
    fn min(self, widest: u16) -> u16 {
        match self {
            Column::Cluster => widest.min(CLUSTER_MIN),
            Column::Target => widest.min(TARGET_MIN),
            _ => widest,
        }
    }
}

/// The widest cell of each column (header included), in [`Column::ALL`]
/// order.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Widest([u16; 7]);

impl Widest {
    /// Widens `column` to hold `width` columns.
    pub fn hold(&mut self, column: Column, width: usize) {
        let width = u16::try_from(width).unwrap_or(u16::MAX);
        if let Some(widest) = self.0.get_mut(column.at()) {
            *widest = (*widest).max(width);
        }
    }

    fn of(&self, column: Column) -> u16 {
        self.0
            .get(column.at())
            .copied()
            .unwrap_or(0)
            .min(column.cap())
    }
}

/// The shown columns, left to right, with their widths.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Columns {
    shown: Vec<(Column, u16)>,
}

impl Columns {
    /// The columns of a table `inner` columns wide whose window holds
    /// cells as wide as `widest`.
    pub fn allocate(widest: &Widest, inner: u16) -> Columns {
        let mut widths: [Option<u16>; 7] = Column::ALL.map(|column| match column {
            Column::Id => Some(widest.of(column).min(SHORT_ID)),
            _ => Some(widest.of(column)),
        });
        let used = |widths: &[Option<u16>; 7]| -> u32 {
            let shown = widths.iter().flatten();
            let count = u32::try_from(shown.clone().count()).unwrap_or(0);
            let cells: u32 = shown.map(|&w| u32::from(w)).sum();
            cells + u32::from(SPACING) * count.saturating_sub(1)
        };
        for step in GIVE_WAY {
            if used(&widths) <= u32::from(inner) {
                break;
            }
            match step {
                Step::Cut(column) => {
                    if let Some(Some(width)) = widths.get_mut(column.at()) {
                        *width = column.min(*width);
                    }
                }
                Step::Drop(column) => {
                    if let Some(width) = widths.get_mut(column.at()) {
                        *width = None;
                    }
                }
            }
        }
        let mut spare = u32::from(inner).saturating_sub(used(&widths));
        for column in GROW_ORDER {
            let Some(Some(width)) = widths.get_mut(column.at()) else {
                continue;
            };
            let want = u32::from(widest.of(column).saturating_sub(*width));
            // An id grows whole or not at all.
            let grow = if column == Column::Id && want > spare {
                0
            } else {
                want.min(spare)
            };
            spare -= grow;
            *width = width.saturating_add(u16::try_from(grow).unwrap_or(0));
        }
        let shown = Column::ALL
            .into_iter()
            .zip(widths)
            .filter_map(|(column, width)| Some((column, width?)))
            .collect();
        Columns { shown }
    }

    /// The shown columns and their widths, left to right.
    pub fn shown(&self) -> impl Iterator<Item = (Column, u16)> + '_ {
        self.shown.iter().copied()
    }

    /// The width of `column`; `None` when it is not shown.
    pub fn width(&self, column: Column) -> Option<u16> {
        self.shown
            .iter()
            .find(|(shown, _)| *shown == column)
            .map(|&(_, width)| width)
    }

    /// Where each shown column lands, left to right: x from the table's
    /// inner left edge, and width (what [`Columns::at`] finds).
    pub fn rects(&self) -> Vec<ratatui::layout::Rect> {
        let mut left = 0u16;
        self.shown
            .iter()
            .map(|&(_, width)| {
                let rect = ratatui::layout::Rect::new(left, 0, width, 1);
                left = left.saturating_add(width).saturating_add(SPACING);
                rect
            })
            .collect()
    }

    /// The column at `x` columns from the table's inner left edge.
    pub fn at(&self, x: u16) -> Option<Column> {
        let mut left = 0u16;
        for &(column, width) in &self.shown {
            let right = left.saturating_add(width);
            if x >= left && x < right {
                return Some(column);
            }
            left = right.saturating_add(SPACING);
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The demo's window: `in progress`, whole ids, `staging/search-staging`,
    /// `pointInTime`, `created ▼`, `expired 18h ago`, `orders-prod-restore`.
    fn demo() -> Widest {
        let mut widest = Widest::default();
        for (column, width) in [
            (Column::Status, 13),
            (Column::Id, 24),
            (Column::Cluster, 22),
            (Column::Type, 11),
            (Column::Created, 9),
            (Column::Expires, 15),
            (Column::Target, 19),
        ] {
            widest.hold(column, width);
        }
        widest
    }

    fn names(columns: &Columns) -> Vec<&'static str> {
        columns.shown().map(|(column, _)| column.title()).collect()
    }

    fn total(columns: &Columns) -> u16 {
        let count = u16::try_from(columns.shown.len()).unwrap_or(0);
        columns.shown().map(|(_, w)| w).sum::<u16>() + count.saturating_sub(1) * SPACING
    }

    #[test]
    fn a_wide_table_shows_everything_at_its_content_width() {
        let columns = Columns::allocate(&demo(), 198);
        assert_eq!(names(&columns).len(), 7);
        assert_eq!(columns.width(Column::Cluster), Some(22));
        assert_eq!(columns.width(Column::Target), Some(19), "never cut");
        assert_eq!(columns.width(Column::Id), Some(24));
        assert_eq!(total(&columns), 13 + 24 + 22 + 11 + 9 + 15 + 19 + 6);
    }

    #[test]
    fn columns_drop_by_priority_as_the_width_shrinks() {
        let mut last = 7;
        let mut dropped = Vec::new();
        for inner in (40..=198).rev() {
            let columns = Columns::allocate(&demo(), inner);
            assert!(total(&columns) <= inner, "fits in {inner}");
            let shown = names(&columns);
            assert!(shown.len() <= last, "nothing comes back as it narrows");
            last = shown.len();
            for title in ["target", "type", "created", "expires", "cluster"] {
                if !shown.contains(&title) && !dropped.contains(&title) {
                    dropped.push(title);
                }
            }
            if inner >= 58 {
                for kept in ["status", "id", "cluster", "expires"] {
                    assert!(shown.contains(&kept), "{kept} at {inner}: {shown:?}");
                }
            }
        }
        assert_eq!(dropped[..3], ["target", "type", "created"]);
    }

    #[test]
    fn the_target_is_cut_then_dropped_before_the_cluster_is_cut() {
        // 13 + 8 + 22 + 11 + 9 + 15 + 19 + 6 = 103 wants everything but whole ids.
        let columns = Columns::allocate(&demo(), 103);
        assert_eq!(columns.width(Column::Id), Some(SHORT_ID));
        assert_eq!(columns.width(Column::Target), Some(19));
        let narrower = Columns::allocate(&demo(), 95);
        assert_eq!(narrower.width(Column::Cluster), Some(22));
        assert_eq!(
            narrower.width(Column::Target),
            Some(11),
            "the target is cut"
        );
        let dropped = Columns::allocate(&demo(), 90);
        assert_eq!(dropped.width(Column::Target), None, "then it drops");
        assert_eq!(
            dropped.width(Column::Cluster),
            Some(22),
            "the cluster whole"
        );
        // Type and created dropped too: the cluster is still whole.
        let kept_four = Columns::allocate(&demo(), 61);
        assert_eq!(names(&kept_four), ["status", "id", "cluster", "expires"]);
        assert_eq!(kept_four.width(Column::Cluster), Some(22));
        // Only now is it cut.
        let cut = Columns::allocate(&demo(), 60);
        assert_eq!(cut.width(Column::Cluster), Some(21));
    }

    #[test]
    fn spare_width_makes_ids_whole() {
        let columns = Columns::allocate(&demo(), 119);
        assert_eq!(columns.width(Column::Id), Some(24));
        let short = Columns::allocate(&demo(), 118);
        assert_eq!(
            short.width(Column::Id),
            Some(SHORT_ID),
            "whole or not at all"
        );
    }

    #[test]
    fn at_60_columns_the_cluster_stays() {
        let columns = Columns::allocate(&demo(), 58);
        assert_eq!(names(&columns), ["status", "id", "cluster", "expires"]);
        assert_eq!(columns.width(Column::Cluster), Some(19));
    }

    #[test]
    fn caps_hold_whatever_the_content() {
        let mut widest = demo();
        widest.hold(Column::Cluster, 300);
        let columns = Columns::allocate(&widest, 400);
        assert_eq!(columns.width(Column::Cluster), Some(48));
    }

    #[test]
    fn a_position_finds_its_column_and_gaps_find_none() {
        let columns = Columns::allocate(&demo(), 198);
        assert_eq!(columns.at(0), Some(Column::Status));
        assert_eq!(columns.at(12), Some(Column::Status));
        assert_eq!(columns.at(13), None, "the gap");
        assert_eq!(columns.at(14), Some(Column::Id));
        assert_eq!(columns.at(197), None, "past the last column");
    }
}
