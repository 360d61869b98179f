//! Writing the timeline into the buffer, a cell at a time: each lane's
//! label, its bars (a fill character per status, so the picture reads
//! without colour), the tick guides, the side column, and the axis row.

use ratatui::buffer::Buffer;
use ratatui::layout::Position;
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;

use super::lanes::Bar;
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

/// The tick guides of one row of a lane (drawn first: bars go over them).
pub fn guides(buf: &mut Buffer, track: Track, y: u16, ticks: &[u16], theme: Theme) {
    for &column in ticks.iter().filter(|column| **column < track.width) {
        put(buf, track.x + column, y, GUIDE, theme.muted());
    }
}

/// One bar, its sub-row at `y`.
pub fn bar(buf: &mut Buffer, track: Track, y: u16, bar: &Bar, theme: Theme) {
    let mut style = theme.status(bar.status);
    if bar.gone {
        style = style.add_modifier(Modifier::DIM);
    }
    if bar.selected {
        style = style.patch(theme.selected());
    }
    let end = bar.window_end.min(track.width);
    for column in bar.first..end {
        let symbol = if column < bar.last {
            fill(bar.status)
        } else {
            WINDOW
        };
        put(buf, track.x + column, y, symbol, style);
    }
    if bar.selected {
        let pointer = theme.selected();
        if end < track.width {
            put(buf, track.x + end, y, POINTER_LEFT, pointer);
        } else if bar.first > 0 {
            put(buf, track.x + bar.first - 1, y, POINTER_RIGHT, pointer);
        }
    }
}

/// `line` at (`x`, `y`) in at most `width` columns.
pub fn text(buf: &mut Buffer, x: u16, y: u16, line: &Line<'_>, width: u16) {
    if width > 0 {
        draw_line(buf, x, y, line, width);
    }
}

/// The axis row: each tick's label at its column.
pub fn axis(buf: &mut Buffer, track: Track, y: u16, ticks: &[(u16, String)], theme: Theme) {
    for (column, label) in ticks {
        let room = track.width.saturating_sub(*column);
        text(
            buf,
            track.x + column,
            y,
            &Line::styled(label.as_str(), theme.muted()),
            room,
        );
    }
}
