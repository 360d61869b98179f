//! Lays the detail pane's rows out on its width, once per frame: a label
//! column, values that start after it (never touching the label), and long
//! values wrapped with a hanging indent, continuation lines starting under
//! the first character of the value. Words wrap at spaces; URLs (no spaces)
//! break anywhere. Each screen line remembers where its hyperlink is.

use std::borrow::Cow;

use ratatui::style::Style;
use ratatui::text::{Line, Span};

/// Where values start when the label fits before it with a gap of two.
pub const VALUE_COLUMN: usize = 15;
/// The least space between a label and its value.
const GAP: usize = 2;

/// One row of the pane before it is laid out on a width.
#[derive(Debug, Clone, PartialEq)]
pub struct Row<'a> {
    /// Columns before the label (or the value, when there is no label).
    pub indent: usize,
    /// The label, in the label column; `None`: the value starts at `indent`.
    pub label: Option<Span<'a>>,
    pub value: Vec<Span<'a>>,
    /// The value is a hyperlink to this URL (when hyperlinks are on).
    pub link: Option<Cow<'a, str>>,
}

impl<'a> Row<'a> {
    /// `label` and its value in the label column's style.
    pub fn field(label: Span<'a>, value: Vec<Span<'a>>) -> Row<'a> {
        Row {
            indent: 0,
            label: Some(label),
            value,
            link: None,
        }
    }

    /// A line with no label, starting `indent` columns in.
    pub fn text(indent: usize, value: Vec<Span<'a>>) -> Row<'a> {
        Row {
            indent,
            label: None,
            value,
            link: None,
        }
    }

    pub fn indented(self, indent: usize) -> Row<'a> {
        Row { indent, ..self }
    }

    /// The value links to `url`.
    pub fn linked(self, url: impl Into<Cow<'a, str>>) -> Row<'a> {
        Row {
            link: Some(url.into()),
            ..self
        }
    }
}

/// One screen line: its text, and where on it the row's hyperlink is.
#[derive(Debug, Clone, PartialEq)]
pub struct Laid<'a> {
    pub line: Line<'a>,
    /// The columns `start..start + width` (from the pane's left edge) show
    /// part of the link of row `row`.
    pub link: Option<LinkPart>,
}

/// The part of a hyperlink on one screen line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LinkPart {
    /// Which row (of those laid out) the link belongs to.
    pub row: usize,
    pub start: u16,
    pub width: u16,
}

/// Every row laid out on `width` columns.
pub fn lay_out<'a>(rows: &[Row<'a>], width: u16) -> Vec<Laid<'a>> {
    let width = usize::from(width).max(1);
    let mut laid = Vec::with_capacity(rows.len());
    for (at, row) in rows.iter().enumerate() {
        lay_out_row(row, at, width, &mut laid);
    }
    laid
}

fn lay_out_row<'a>(row: &Row<'a>, at: usize, width: usize, laid: &mut Vec<Laid<'a>>) {
    let label_width = row.label.as_ref().map_or(0, Span::width);
    let start = match &row.label {
        Some(_) => (row.indent + label_width + GAP).max(VALUE_COLUMN),
        None => row.indent,
    };
    // A pane narrower than the label column still shows every value.
    let start = if start + 1 > width {
        width
            .saturating_sub(1)
            .min(row.indent + label_width + GAP.min(1))
    } else {
        start
    };
    let room = width.saturating_sub(start).max(1);
    let words = row.link.is_none();
    let chunks = wrap(&row.value, room, words);
    for (number, chunk) in chunks.into_iter().enumerate() {
        let mut spans = Vec::with_capacity(chunk.len() + 2);
        let mut lead = start;
        if number == 0
            && let Some(label) = &row.label
        {
            spans.push(Span::raw(" ".repeat(row.indent)));
            spans.push(label.clone());
            lead = start.saturating_sub(row.indent + label_width);
        }
        spans.push(Span::raw(" ".repeat(lead)));
        let chunk_width: usize = chunk.iter().map(Span::width).sum();
        spans.extend(chunk);
        let link = row.link.as_ref().map(|_| LinkPart {
            row: at,
            start: u16::try_from(start).unwrap_or(u16::MAX),
            width: u16::try_from(chunk_width).unwrap_or(u16::MAX),
        });
        laid.push(Laid {
            line: Line::from(spans),
            link: link.filter(|part| part.width > 0),
        });
    }
}

/// `value` cut into lines of at most `room` columns (a character wider
/// than `room` gets a line of its own). With `words`, a line ends at a
/// space, and neither that line nor the next carries the spaces: a space
/// between spans, or inside a span too wide for a line, so that a span
/// that fits (a countdown) is never cut. Otherwise lines break anywhere.
/// Always at least one line.
pub fn wrap<'a>(value: &[Span<'a>], room: usize, words: bool) -> Vec<Vec<Span<'a>>> {
    let chars: Vec<Char> = value
        .iter()
        .enumerate()
        .flat_map(|(span, s)| {
            let splittable = s.width() > room;
            s.content.chars().map(move |c| Char {
                c,
                style: s.style,
                span,
                splittable,
            })
        })
        .collect();
    let mut lines = Vec::new();
    let mut begin = 0;
    while begin < chars.len() {
        let end = line_end(&chars, begin, room, words);
        let mut kept = end;
        if words {
            while kept > begin && chars.get(kept - 1).is_some_and(|c| c.c == ' ') {
                kept -= 1;
            }
        }
        lines.push(spans_of(chars.get(begin..kept).unwrap_or_default()));
        begin = end;
        if words {
            while chars.get(begin).is_some_and(|c| c.c == ' ') {
                begin += 1;
            }
        }
    }
    if lines.is_empty() {
        lines.push(Vec::new());
    }
    lines
}

/// A character of a value, with its span's style and whether its span
/// may be cut at its spaces.
struct Char {
    c: char,
    style: Style,
    span: usize,
    splittable: bool,
}

/// Where the line starting at `begin` ends (exclusive).
fn line_end(chars: &[Char], begin: usize, room: usize, words: bool) -> usize {
    let mut used = 0;
    let mut end = begin;
    while let Some(c) = chars.get(end) {
        let width = char_width(c.c);
        if used + width > room && end > begin {
            break;
        }
        used += width;
        end += 1;
    }
    if !words || end >= chars.len() {
        return end;
    }
    // The next character does not fit: end at the last space allowed.
    let may_break = |at: usize| {
        let (Some(before), Some(after)) = (chars.get(at - 1), chars.get(at)) else {
            return false;
        };
        before.c == ' ' && (before.span != after.span || before.splittable)
    };
    match (begin + 1..=end).rev().find(|at| may_break(*at)) {
        Some(at) => at,
        None => end,
    }
}

/// How many columns `c` takes.
fn char_width(c: char) -> usize {
    let mut buffer = [0; 4];
    Span::raw(&*c.encode_utf8(&mut buffer)).width()
}

/// Characters back into spans, one per run of the same style.
fn spans_of<'a>(chars: &[Char]) -> Vec<Span<'a>> {
    let mut spans: Vec<Span<'a>> = Vec::new();
    let mut text = String::new();
    let mut style = None;
    for c in chars {
        if style.is_some_and(|s| s != c.style) {
            spans.push(Span::styled(
                std::mem::take(&mut text),
                style.unwrap_or_default(),
            ));
        }
        style = Some(c.style);
        text.push(c.c);
    }
    if let Some(style) = style {
        spans.push(Span::styled(text, style));
    }
    spans
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(laid: &[Laid]) -> Vec<String> {
        laid.iter().map(|l| l.line.to_string()).collect()
    }

    #[test]
    fn a_long_url_hangs_under_its_first_character() {
        let url = "https://example.net/abcdefghijklmnopqrstuvwxyz";
        let rows = [Row::text(4, vec![Span::raw(url)]).linked(url)];
        let laid = lay_out(&rows, 24);
        assert_eq!(
            texts(&laid),
            [
                "    https://example.net/",
                "    abcdefghijklmnopqrst",
                "    uvwxyz",
            ]
        );
        let parts: Vec<Option<LinkPart>> = laid.iter().map(|l| l.link).collect();
        assert_eq!(
            parts,
            [
                Some(LinkPart {
                    row: 0,
                    start: 4,
                    width: 20
                }),
                Some(LinkPart {
                    row: 0,
                    start: 4,
                    width: 20
                }),
                Some(LinkPart {
                    row: 0,
                    start: 4,
                    width: 6
                }),
            ]
        );
    }

    #[test]
    fn labels_keep_a_gap_and_values_hang_under_the_value_column() {
        let rows = [
            Row::field(Span::raw("point in time"), vec![Span::raw("1795717167")]),
            Row::field(
                Span::raw("a label too long"),
                vec![Span::raw("one two three four")],
            ),
        ];
        let laid = lay_out(&rows, 30);
        assert_eq!(
            texts(&laid),
            [
                "point in time  1795717167",
                "a label too long  one two",
                "                  three four",
            ]
        );
    }

    #[test]
    fn words_wrap_at_spaces_and_a_long_word_breaks() {
        let text = |value: &[Span], room: usize| -> Vec<String> {
            wrap(value, room, true)
                .iter()
                .map(|spans| spans.iter().map(|s| s.content.as_ref()).collect())
                .collect()
        };
        let value = [Span::raw("alpha beta "), Span::raw("gammadeltaepsilon")];
        assert_eq!(text(&value, 10), ["alpha", "beta", "gammadelta", "epsilon"]);
        let expiry = [
            Span::raw("2024-05-01 15:58:00 UTC  "),
            Span::raw("in 3h 58m 0s"),
        ];
        assert_eq!(
            text(&expiry, 30),
            ["2024-05-01 15:58:00 UTC", "in 3h 58m 0s"],
            "a span that fits a line is not cut"
        );
        assert_eq!(wrap(&[], 10, true), [Vec::<Span>::new()]);
        let wide: Vec<usize> = wrap(&[Span::raw("日本語")], 1, false)
            .iter()
            .map(Vec::len)
            .collect();
        assert_eq!(
            wide,
            [1, 1, 1],
            "a character wider than the room gets its own line"
        );
    }
}
