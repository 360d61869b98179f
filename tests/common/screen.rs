//! Drawing into a `TestBackend` and reading the screen back as text.

use atlas_restores::app::App;
use atlas_restores::ui;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::Color;

use chrono::{DateTime, Utc};

use super::now;

/// Draws `app` at `now()` in a `width`×`height` terminal.
pub fn render(app: &mut App, width: u16, height: u16) -> Buffer {
    render_at(app, width, height, now())
}

/// Moves the app's clock to `at`, draws it at `at` in a `width`×`height`
/// terminal and tells it what the frame showed, as the dashboard does.
pub fn render_at(app: &mut App, width: u16, height: u16, at: DateTime<Utc>) -> Buffer {
    app.set_clock(at);
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("a test terminal");
    let mut facts = None;
    terminal
        .draw(|frame| facts = Some(ui::draw(frame, app, at)))
        .expect("a frame");
    if let Some(facts) = facts {
        app.set_layout(facts);
    }
    terminal.backend().buffer().clone()
}

/// The buffer as lines of text.
pub fn lines(buffer: &Buffer) -> Vec<String> {
    let area = buffer.area;
    (area.top()..area.bottom())
        .map(|y| {
            (area.left()..area.right())
                .filter_map(|x| buffer.cell((x, y)).map(|cell| cell.symbol().to_string()))
                .collect()
        })
        .collect()
}

pub fn screen_text(buffer: &Buffer) -> String {
    lines(buffer).join("\n")
}

/// Where `needle` starts on screen (column, row), counting cells.
pub fn find(buffer: &Buffer, needle: &str) -> Option<(u16, u16)> {
    lines(buffer).iter().enumerate().find_map(|(row, line)| {
        let at = line.find(needle)?;
        let column = line.get(..at)?.chars().count();
        Some((u16::try_from(column).ok()?, u16::try_from(row).ok()?))
    })
}

/// Where `needle` starts in the job table: left of the detail pane, which
/// repeats the selected job's status and countdown.
pub fn find_in_table(buffer: &Buffer, needle: &str) -> Option<(u16, u16)> {
    let (detail, _) = find(buffer, "┌ detail")?;
    lines(buffer).iter().enumerate().find_map(|(row, line)| {
        let table: String = line.chars().take(usize::from(detail)).collect();
        let at = table.find(needle)?;
        let column = table.get(..at)?.chars().count();
        Some((u16::try_from(column).ok()?, u16::try_from(row).ok()?))
    })
}

pub fn fg_at(buffer: &Buffer, needle: &str) -> Color {
    let (x, y) = find(buffer, needle).unwrap_or_else(|| panic!("{needle:?} on screen"));
    buffer.cell((x, y)).map(|cell| cell.fg).unwrap_or_default()
}

/// The text inside the detail pane (right of column `left`), joined so
/// that wrapped values read whole (a continuation's hanging indent left
/// out).
pub fn detail_text(buffer: &Buffer, left: u16) -> String {
    lines(buffer)
        .iter()
        .map(|line| {
            let inside: String = line.chars().skip(usize::from(left) + 1).collect();
            inside.trim_end_matches(['│', ' ']).trim_start().to_string()
        })
        .collect::<Vec<_>>()
        .concat()
}
