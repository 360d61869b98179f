//! The help overlay, built from the key map the app dispatches on.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use super::theme::Theme;
use crate::app::FILTER_SYNTAX;
use crate::app::keys::{BINDINGS, Binding, FILTER_BINDINGS, keys_label};

const KEYS_WIDTH: usize = 16;
const POPUP_WIDTH: u16 = 100;

pub fn draw(frame: &mut Frame, area: Rect, theme: Theme) {
    let mut lines = Vec::new();
    lines.extend(BINDINGS.iter().map(|b| binding_line(b, theme)));
    lines.push(Line::raw(""));
    lines.push(Line::styled("while typing a filter", theme.heading()));
    lines.extend(FILTER_BINDINGS.iter().map(|b| binding_line(b, theme)));
    lines.extend(
        FILTER_SYNTAX
            .iter()
            .map(|line| Line::raw(format!(" {line}"))),
    );
    lines.push(Line::raw(""));
    lines.push(Line::styled("any key closes this help", theme.muted()));
    let height = u16::try_from(lines.len() + 2).unwrap_or(u16::MAX);
    let popup = area.centered(
        Constraint::Length(area.width.min(POPUP_WIDTH)),
        Constraint::Length(area.height.min(height)),
    );
    frame.render_widget(Clear, popup);
    let paragraph = Paragraph::new(lines)
        .block(Block::bordered().title(" keys "))
        .wrap(Wrap { trim: false });
    frame.render_widget(paragraph, popup);
}

fn binding_line<C>(binding: &Binding<C>, theme: Theme) -> Line<'static> {
    Line::from(vec![
        Span::styled(
            format!(" {:<KEYS_WIDTH$}", keys_label(binding)),
            theme.label(),
        ),
        Span::raw(binding.help),
    ])
}
