//! A table drawn straight into the buffer, and [`draw_line`], the one way
//! a line of text reaches it. ratatui's `Table` styles each
//! cell six times before a character is written (table, block, row, cell,
//! text, line), and on a wall monitor, where the clock redraws the screen
//! each second, that styling was a fifth of the dashboard's idle CPU. A
//! [`Grid`] draws what `Table` draws for one-line, left-aligned cells: the
//! block, the header row in its style, each row's style once (rows without
//! one are not touched) and each cell's spans, cut at its column.

use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Position, Rect};
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::Widget;

use super::border::Border;

/// Writes `line` at (`x`, `y`), at most `max_width` columns, as
/// [`Buffer::set_line`] does, but a span of plain ASCII (most of what the
/// dashboard shows: ids, names, times) is written a byte to a cell, without
/// the grapheme segmentation every other text needs: that segmentation was
/// a third of the cost of drawing the job table.
pub fn draw_line(buf: &mut Buffer, x: u16, y: u16, line: &Line<'_>, max_width: u16) {
    let mut x = x;
    let mut room = max_width.min(buf.area.right().saturating_sub(x));
    for span in &line.spans {
        if room == 0 {
            break;
        }
        let style = line.style.patch(span.style);
        let text = span.content.as_ref();
        if text
            .bytes()
            .all(|byte| byte.is_ascii_graphic() || byte == b' ')
        {
            let count = u16::try_from(text.len()).unwrap_or(u16::MAX).min(room);
            for (offset, byte) in (0..count).zip(text.bytes()) {
                if let Some(cell) = buf.cell_mut(Position::new(x + offset, y)) {
                    cell.set_char(char::from(byte)).set_style(style);
                }
            }
            x += count;
            room -= count;
        } else {
            let (end, _) = buf.set_stringn(x, y, text, usize::from(room), style);
            room = room.saturating_sub(end.saturating_sub(x));
            x = end;
        }
    }
}

/// Draws `line` across `row`, cut at its width, as a `Paragraph` without
/// wrapping draws it (a line aligned other than left is drawn by ratatui).
pub fn draw_row(buf: &mut Buffer, row: Rect, line: &Line<'_>) {
    match line.alignment {
        None | Some(Alignment::Left) => {
            if line.style != Style::new() {
                buf.set_style(row, line.style);
            }
            draw_line(buf, row.x, row.y, line, row.width);
        }
        Some(_) => line.render(row, buf),
    }
}

/// One row: a line per column, and the style of the whole row.
pub struct GridRow<'a> {
    cells: Vec<Line<'a>>,
    style: Style,
}

impl<'a> GridRow<'a> {
    pub fn new(cells: Vec<Line<'a>>) -> Self {
        GridRow {
            cells,
            style: Style::new(),
        }
    }

    #[must_use]
    pub fn style(self, style: Style) -> Self {
        GridRow { style, ..self }
    }

    /// Draws the row at `y`, `columns` relative to `area`'s left edge.
    fn render(&self, area: Rect, y: u16, columns: &[Rect], buf: &mut Buffer) {
        let row = Rect {
            y,
            height: 1,
            ..area
        };
        if self.style != Style::new() {
            buf.set_style(row, self.style);
        }
        for (cell, column) in self.cells.iter().zip(columns) {
            let x = area.x.saturating_add(column.x);
            let width = column.width.min(area.right().saturating_sub(x));
            if width > 0 {
                draw_line(buf, x, y, cell, width);
            }
        }
    }
}

/// A bordered table of one-line rows under a header row.
pub struct Grid<'a> {
    border: Border<'a>,
    /// Where each column lands: x relative to the inner left edge, width.
    columns: &'a [Rect],
    header: GridRow<'a>,
    rows: Vec<GridRow<'a>>,
}

impl<'a> Grid<'a> {
    pub fn new(border: Border<'a>, columns: &'a [Rect], header: GridRow<'a>) -> Self {
        Grid {
            border,
            columns,
            header,
            rows: Vec::new(),
        }
    }

    #[must_use]
    pub fn rows(self, rows: Vec<GridRow<'a>>) -> Self {
        Grid { rows, ..self }
    }
}

impl Widget for Grid<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let inner = Border::inner(area);
        (&self.border).render(area, buf);
        if inner.is_empty() {
            return;
        }
        let lines =
            (inner.top()..inner.bottom()).zip(std::iter::once(&self.header).chain(&self.rows));
        for (y, row) in lines {
            row.render(inner, y, self.columns, buf);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::layout::{Constraint, Layout};
    use ratatui::style::{Color, Modifier};
    use ratatui::text::Span;
    use ratatui::widgets::{Block, Cell, Row, Table};

    /// What ratatui's `Table` draws of the same rows.
    fn table(
        area: Rect,
        widths: &[Constraint],
        header: &[&str],
        rows: &[(Vec<Line<'static>>, Style)],
    ) -> Buffer {
        let mut buf = Buffer::empty(area);
        let rows = rows
            .iter()
            .map(|(cells, style)| Row::new(cells.iter().cloned().map(Cell::from)).style(*style));
        Table::new(rows, widths.to_vec())
            .header(
                Row::new(header.iter().copied()).style(Style::new().add_modifier(Modifier::BOLD)),
            )
            .block(Block::bordered().title(" jobs "))
            .render(area, &mut buf);
        buf
    }

    #[test]
    fn draws_what_ratatuis_table_draws() {
        let area = Rect::new(0, 0, 40, 7);
        let widths = [
            Constraint::Length(6),
            Constraint::Fill(2),
            Constraint::Length(5),
        ];
        let rows = vec![
            (
                vec![
                    Line::from(vec![
                        Span::styled("✗", Style::new().fg(Color::Red)),
                        Span::raw(" failed"),
                    ]),
                    Line::from("orders-prod-eu-west-with-a-long-name"),
                    Line::from("in 5m"),
                ],
                Style::new().bg(Color::DarkGray),
            ),
            (
                vec![
                    Line::from("◆ ready"),
                    Line::from("日本語のクラスター名前"),
                    Line::from("—"),
                ],
                Style::new(),
            ),
        ];
        let expected = table(area, &widths, &["status", "cluster", "exp"], &rows);
        let columns = Layout::horizontal(widths)
            .spacing(1)
            .split(Rect::new(0, 0, area.width - 2, 1))
            .to_vec();
        let header = GridRow::new(vec![
            Line::from("status"),
            Line::from("cluster"),
            Line::from("exp"),
        ])
        .style(Style::new().add_modifier(Modifier::BOLD));
        let grid_rows = rows
            .into_iter()
            .map(|(cells, style)| GridRow::new(cells).style(style))
            .collect();
        let mut drawn = Buffer::empty(area);
        Grid::new(Border::new(" jobs "), &columns, header)
            .rows(grid_rows)
            .render(area, &mut drawn);
        assert_eq!(drawn, expected);
    }

    #[test]
    fn a_line_is_written_as_ratatui_writes_it_ascii_or_not() {
        let area = Rect::new(0, 0, 12, 1);
        let lines = [
            Line::from(vec![
                Span::styled("orders", Style::new().fg(Color::Red)),
                Span::raw(" prod-eu"),
            ]),
            Line::from(vec![
                Span::raw("日本 ok"),
                Span::styled("⚠ in 5m", Style::new().fg(Color::Yellow)),
            ]),
            Line::from("tab\there").style(Style::new().bg(Color::Blue)),
        ];
        for line in &lines {
            for (x, width) in [(0, 12), (3, 5), (10, 9)] {
                let mut expected = Buffer::empty(area);
                expected.set_line(x, 0, line, width);
                let mut drawn = Buffer::empty(area);
                draw_line(&mut drawn, x, 0, line, width);
                assert_eq!(drawn, expected, "{line:?} at {x}, {width} wide");
            }
        }
    }

    #[test]
    fn rows_past_the_bottom_are_not_drawn() {
        let area = Rect::new(0, 0, 20, 4);
        let columns = [Rect::new(0, 0, 18, 1)];
        let rows = (0..5)
            .map(|n| GridRow::new(vec![Line::from(format!("row {n}"))]))
            .collect();
        let mut drawn = Buffer::empty(area);
        Grid::new(
            Border::new(""),
            &columns,
            GridRow::new(vec![Line::from("head")]),
        )
        .rows(rows)
        .render(area, &mut drawn);
        let text: Vec<String> = (0..4)
            .map(|y| (0..20).map(|x| drawn[(x, y)].symbol()).collect())
            .collect();
        assert!(
            text[1].contains("head") && text[2].contains("row 0"),
            "{text:?}"
        );
        assert!(text[3].starts_with('└'), "the border stays: {text:?}");
    }
}
