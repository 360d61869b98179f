//! Writing the timeline into the buffer, a cell at a time: each lane's
//! label, its bars (a fill character per status, so the picture reads
//! without colour), the tick guides, the side column, and the axis row.

use ratatui::buffer::Buffer;
use ratatui::layout::Position;
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;

use super::lanes::{Bar, Lane};
use crate::atlas::JobStatus;
use crate::ui::grid::draw_line;
use crate::ui::theme::Theme;

/// The expiry window after a download's bar: ready (or expired) until then.
pub const WINDOW: &str = "┄";
/// A tick's guide through the lanes.
const GUIDE: &str = "┊";
/// Points at the selected bar from its right (or left, at the edge).
const POINTER_LEFT: &str = "◀";
const POINTER_RIGHT: &str = "▶";

/// The fill of a bar of `status`: every status its own.
pub fn fill(status: JobStatus) -> &'static str {
    match status {
        JobStatus::InProgress => "▒",
        JobStatus::Ready => "▓",
        JobStatus::Finished => "█",
        JobStatus::Failed => "╳",
        JobStatus::Cancelled => "╱",
        JobStatus::Expired => "░",
    }
}

/// The legend of the fills, for the title.
pub fn legend() -> String {
    let mut parts: Vec<String> = JobStatus::ALL
        .iter()
        .map(|status| format!("{} {}", fill(*status), status.word()))
        .collect();
    parts.push(format!("{WINDOW} link"));
    parts.join(" ")
}

/// Where a lane's bars go: their left edge, and how many columns.
#[derive(Debug, Clone, Copy)]
pub struct Track {
    pub x: u16,
    pub width: u16,
}

fn put(buf: &mut Buffer, x: u16, y: u16, symbol: &str, style: Style) {
    if let Some(cell) = buf.cell_mut(Position::new(x, y)) {
        cell.set_symbol(symbol).set_style(style);
    }
}

/// A lane's `rows` sub-rows from `y`: the tick guides, then the bars,
/// later ones over earlier ones. Each cell is written once: which bar
/// shows in it is worked out first, since hundreds of bars may cover the
/// same cells (jobs left running for days reach across the whole axis).
pub fn lane(
    buf: &mut Buffer,
    track: Track,
    y: u16,
    lane: &Lane,
    rows: u16,
    ticks: &[u16],
    theme: Theme,
) {
    let width = usize::from(track.width);
    // The index of the bar shown in each cell; `NONE` for none.
    const NONE: u32 = u32::MAX;
    let mut owner = vec![NONE; width * usize::from(rows)];
    for (at, bar) in (0..NONE).zip(&lane.bars) {
        let row = usize::from(bar.row) * width;
        let first = usize::from(bar.first).min(width);
        let end = usize::from(bar.window_end).min(width).max(first);
        if let Some(cells) = owner.get_mut(row + first..row + end) {
            cells.fill(at);
        }
    }
    for row in 0..rows {
        for &column in ticks.iter().filter(|column| **column < track.width) {
            put(buf, track.x + column, y + row, GUIDE, theme.muted());
        }
    }
    let mut selected = None;
    for (cell, &at) in owner.iter().enumerate() {
        let bar = (at != NONE).then(|| usize::try_from(at).ok()).flatten();
        let Some(bar) = bar.and_then(|at| lane.bars.get(at)) else {
            continue;
        };
        let (row, column) = (cell / width, cell % width);
        let (Ok(row), Ok(column)) = (u16::try_from(row), u16::try_from(column)) else {
            continue;
        };
        let symbol = if column < bar.last {
            fill(bar.status)
        } else {
            WINDOW
        };
        put(
            buf,
            track.x + column,
            y + row,
            symbol,
            bar_style(bar, theme),
        );
        if bar.selected {
            selected = Some(bar);
        }
    }
    if let Some(bar) = selected {
        pointer(buf, track, y + bar.row, bar, theme);
    }
}

fn bar_style(bar: &Bar, theme: Theme) -> Style {
    let mut style = theme.status(bar.status);
    if bar.gone {
        style = style.add_modifier(Modifier::DIM);
    }
    if bar.selected {
        style = style.patch(theme.selected());
    }
    style
}

/// `◀` after the selected bar, or `▶` before it at the right edge.
fn pointer(buf: &mut Buffer, track: Track, y: u16, bar: &Bar, theme: Theme) {
    let end = bar.window_end.min(track.width);
    if end < track.width {
        put(buf, track.x + end, y, POINTER_LEFT, theme.selected());
    } else if bar.first > 0 {
        put(
            buf,
            track.x + bar.first - 1,
            y,
            POINTER_RIGHT,
            theme.selected(),
        );
    }
}

/// The axis row: each tick's label at its column.
pub fn axis(buf: &mut Buffer, track: Track, y: u16, ticks: &[(u16, String)], theme: Theme) {
    for (column, label) in ticks {
        let room = track.width.saturating_sub(*column);
        draw_line(
            buf,
            track.x + column,
            y,
            &Line::styled(label.as_str(), theme.muted()),
            room,
        );
    }
}
