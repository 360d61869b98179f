//! A box with plain lines and titles on its top border, drawn as ratatui's
//! `Block::bordered()` draws it, but without first styling every cell
//! inside (which `Block` does even when it has no style to give): for the
//! two panes redrawn each second on a wall monitor, that pass over the
//! whole pane cost as much as their borders and text together.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::symbols::line;
use ratatui::text::Line;
use ratatui::widgets::Widget;

/// A bordered box: a title at the top left, perhaps another at the top
/// right, the lines in `style` (the titles drawn over them, in it too).
pub struct Border<'a> {
    style: Style,
    title: Line<'a>,
    right_title: Option<Line<'a>>,
}

impl<'a> Border<'a> {
    pub fn new(title: impl Into<Line<'a>>) -> Self {
        Border {
            style: Style::new(),
            title: title.into(),
            right_title: None,
        }
    }

    #[must_use]
    pub fn style(self, style: Style) -> Self {
        Border { style, ..self }
    }

    #[must_use]
    pub fn right_title(self, title: Option<Line<'a>>) -> Self {
        Border {
            right_title: title,
            ..self
        }
    }

    /// The area inside the lines.
    pub fn inner(area: Rect) -> Rect {
        Rect {
            x: area.x.saturating_add(1),
            y: area.y.saturating_add(1),
            width: area.width.saturating_sub(2),
            height: area.height.saturating_sub(2),
        }
    }
}

impl Widget for &Border<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let area = area.intersection(buf.area);
        if area.is_empty() {
            return;
        }
        let (left, top) = (area.left(), area.top());
        let (right, bottom) = (area.right() - 1, area.bottom() - 1);
        let mut put = |x: u16, y: u16, symbol: &str| {
            buf[(x, y)].set_symbol(symbol).set_style(self.style);
        };
        for y in top..=bottom {
            put(left, y, line::VERTICAL);
            put(right, y, line::VERTICAL);
        }
        for x in left..=right {
            put(x, top, line::HORIZONTAL);
            put(x, bottom, line::HORIZONTAL);
        }
        put(right, bottom, line::BOTTOM_RIGHT);
        put(right, top, line::TOP_RIGHT);
        put(left, bottom, line::BOTTOM_LEFT);
        put(left, top, line::TOP_LEFT);
        let titles = Rect {
            x: left.saturating_add(1),
            y: top,
            width: area.width.saturating_sub(2),
            height: 1,
        };
        if titles.is_empty() {
            return;
        }
        let width = |line: &Line| u16::try_from(line.width()).unwrap_or(u16::MAX);
        let left_title = Rect {
            width: width(&self.title).min(titles.width),
            ..titles
        };
        (&self.title).render(left_title, buf);
        if let Some(title) = &self.right_title {
            let title_width = width(title);
            let right_title = Rect {
                x: titles
                    .right()
                    .saturating_sub(title_width)
                    .max(titles.left()),
                width: title_width.min(titles.width),
                ..titles
            };
            title.render(right_title, buf);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::style::{Color, Modifier};
    use ratatui::text::Span;
    use ratatui::widgets::Block;

    #[test]
    fn draws_what_a_bordered_block_draws() {
        let style = Style::new().fg(Color::Cyan);
        let left = Line::from(vec![
            Span::raw(" detail · "),
            Span::styled("prod/orders", Style::new().add_modifier(Modifier::BOLD)),
        ]);
        let right = Line::from(" 3-20/41 ").right_aligned();
        for (width, height) in [(40, 6), (20, 3), (12, 4), (3, 3), (2, 2), (1, 5)] {
            let area = Rect::new(1, 1, width, height);
            for right in [None, Some(right.clone())] {
                let mut expected = Buffer::empty(Rect::new(0, 0, 44, 8));
                let mut block = Block::bordered().title(left.clone()).border_style(style);
                if let Some(right) = right.clone() {
                    block = block.title_top(right);
                }
                block.render(area, &mut expected);
                let mut drawn = Buffer::empty(Rect::new(0, 0, 44, 8));
                Border::new(left.clone())
                    .style(style)
                    .right_title(right)
                    .render(area, &mut drawn);
                assert_eq!(drawn, expected, "{width}×{height}");
                assert_eq!(Border::inner(area), Block::bordered().inner(area));
            }
        }
    }
}
