//! The confirmation popup before a restore job is cancelled: it names the
//! job and its cluster, and only `y` goes ahead.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use super::theme::Theme;
use crate::app::CancelRequest;

const POPUP_WIDTH: u16 = 72;

pub fn draw(frame: &mut Frame, area: Rect, request: &CancelRequest, theme: Theme) {
    let lines = vec![
        Line::raw(format!("Cancel restore job {}", request.job_id)),
        Line::raw(format!("of cluster {}?", request.target)),
        Line::raw(""),
        Line::styled("y: cancel it, any other key: keep it", theme.warning()),
    ];
    let lines = lines
        .into_iter()
        .map(super::printable_line)
        .collect::<Vec<_>>();
    let popup = area.centered(
        Constraint::Length(area.width.min(POPUP_WIDTH)),
        Constraint::Length(area.height.min(6)),
    );
    frame.render_widget(Clear, popup);
    let paragraph = Paragraph::new(lines)
        .block(
            Block::bordered()
                .title(" cancel restore job ")
                .border_style(theme.error()),
        )
        .wrap(Wrap { trim: false });
    frame.render_widget(paragraph, popup);
}
