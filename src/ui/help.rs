//! The help overlay, built from the key map the app dispatches on; a long
//! description wraps under itself, past the keys; the overlay scrolls when
//! it does not fit, and its border says which lines show (` keys 12-30/58 `).

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use super::shorten::columns;
use super::theme::Theme;
use crate::app::keys::{BINDINGS, Binding, FILTER_BINDINGS, keys_label};
use crate::app::{FILTER_SYNTAX, HelpFacts};

const KEYS_WIDTH: usize = 16;
const POPUP_WIDTH: u16 = 100;

/// Draws the help over `area`, scrolled by `scroll` lines (at most to its
/// end); returns how far it scrolls and how many lines it shows.
pub fn draw(frame: &mut Frame, area: Rect, scroll: usize, theme: Theme) -> HelpFacts {
    let width = area.width.min(POPUP_WIDTH);
    let room = usize::from(width.saturating_sub(2));
    let mut lines = Vec::new();
    for binding in BINDINGS {
        lines.extend(binding_lines(binding, room, theme));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled("while typing a filter", theme.heading()));
    for binding in FILTER_BINDINGS {
        lines.extend(binding_lines(binding, room, theme));
    }
    lines.extend(
        FILTER_SYNTAX
            .iter()
            .map(|line| Line::raw(format!(" {line}"))),
    );
    let paragraph = Paragraph::new(lines).wrap(Wrap { trim: false });
    let total = paragraph.line_count(width.saturating_sub(2));
    let wanted = u16::try_from(total.saturating_add(2)).unwrap_or(u16::MAX);
    let popup = area.centered(
        Constraint::Length(width),
        Constraint::Length(area.height.min(wanted)),
    );
    let rows = usize::from(popup.height.saturating_sub(2));
    let scroll_limit = total.saturating_sub(rows);
    let first = scroll.min(scroll_limit);
    let title = if scroll_limit == 0 {
        " keys ".to_string()
    } else {
        let last = first.saturating_add(rows).min(total);
        format!(" keys {}-{last}/{total} ", first + 1)
    };
    let block = Block::bordered().title(title).title_bottom(Line::styled(
        " j/k PgUp/PgDn g/G scroll · q Esc ? close ",
        theme.muted(),
    ));
    frame.render_widget(Clear, popup);
    let scrolled = paragraph
        .block(block)
        .scroll((u16::try_from(first).unwrap_or(u16::MAX), 0));
    frame.render_widget(scrolled, popup);
    HelpFacts {
        scroll_limit,
        rows: rows.max(1),
    }
}

/// A binding's keys and description in `room` columns, the description
/// wrapped at word boundaries under itself (a word too long for a line
/// is left to the paragraph's wrapping).
fn binding_lines<C>(binding: &Binding<C>, room: usize, theme: Theme) -> Vec<Line<'static>> {
    let indent = KEYS_WIDTH + 1;
    let text_room = room.saturating_sub(indent).max(1);
    let mut rows: Vec<String> = vec![String::new()];
    for word in binding.help.split(' ') {
        let Some(row) = rows.last_mut() else {
            break;
        };
        if !row.is_empty() && columns(row) + 1 + columns(word) > text_room {
            rows.push(word.to_string());
        } else {
            if !row.is_empty() {
                row.push(' ');
            }
            row.push_str(word);
        }
    }
    let keys = format!(" {:<KEYS_WIDTH$}", keys_label(binding));
    rows.into_iter()
        .enumerate()
        .map(|(at, row)| {
            let lead = if at == 0 {
                Span::styled(keys.clone(), theme.label())
            } else {
                Span::raw(" ".repeat(indent))
            };
            Line::from(vec![lead, Span::raw(row)])
        })
        .collect()
}
