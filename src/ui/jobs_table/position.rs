//! Where the table is: its title's `jobs 12/58` (the selected row among
//! the rows shown), how many jobs the filters hide, whether the selected job
//! is only kept in view (after a cancel), and the scrollbar beside the rows.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::widgets::{Scrollbar, ScrollbarOrientation, ScrollbarState};

use crate::app::{App, Focus};
use crate::ui::theme::Theme;

/// `jobs 12/58`: the selected row's place among the rows shown; with a
/// filter on, how many it hides, and whether the selected job is kept
/// though the filter no longer passes it (after a cancel).
pub(super) fn title(app: &App) -> String {
    let position = app.selected_row().map_or(0, |row| row + 1);
    let mut title = format!(" jobs {position}/{}", app.row_count());
    if app.filter().is_active() {
        let hidden = app.total_jobs().saturating_sub(app.row_count());
        title.push_str(&format!(" · {hidden} hidden"));
    }
    if app.kept_outside_filter().is_some() {
        title.push_str(" · selected job kept: it no longer matches the filter");
    }
    title.push(' ');
    title
}

/// A scrollbar on the right border, beside the job rows, when they do not
/// all fit: its thumb is the window's place and size among all rows.
pub(super) fn draw_scrollbar(frame: &mut Frame, area: Rect, app: &App, page: usize, theme: Theme) {
    let len = app.row_count();
    if len <= page || area.height < 4 || area.width < 2 {
        return;
    }
    let track = Rect {
        x: area.right().saturating_sub(1),
        y: area.y.saturating_add(2),
        width: 1,
        height: area.height.saturating_sub(3),
    };
    let window = app.table_window(page);
    let mut state = ScrollbarState::new(len.saturating_sub(page).saturating_add(1))
        .position(window.start)
        .viewport_content_length(page);
    let border = theme.border(app.focus() == Focus::Table);
    let scrollbar = Scrollbar::new(ScrollbarOrientation::VerticalRight)
        .begin_symbol(None)
        .end_symbol(None)
        .track_symbol(Some("│"))
        .thumb_symbol("█")
        .track_style(border)
        .thumb_style(border);
    frame.render_stateful_widget(scrollbar, track, &mut state);
}
