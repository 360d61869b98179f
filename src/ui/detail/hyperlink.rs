//! OSC 8 terminal hyperlinks in the drawn buffer. ratatui has no hyperlink
//! span, so (as its `hyperlink` example does) the escape goes into cell
//! symbols: each cell of a link becomes `ESC]8;id=…;URL ESC\ c ESC]8;; ESC\`
//! with its width forced to the character's, so the diffing backend still
//! counts one column per cell and redraws any single cell whole, even when
//! a popup covers part of the link. Every line of a wrapped URL opens the
//! same link (same id and URL), so a terminal that supports OSC 8 treats
//! the pieces as one link; one that does not ignores the escapes (tmux
//! without its `hyperlinks` feature drops them and shows the text).

use std::num::NonZeroU16;

use ratatui::buffer::{Buffer, CellDiffOption};
use ratatui::layout::Rect;

/// Whether `url` may go inside an OSC 8 escape: printable ASCII without
/// spaces (as the escape's grammar wants), so that nothing in a URL from
/// the network can end the escape and write to the terminal. Other URLs
/// are shown as plain text.
pub fn is_linkable(url: &str) -> bool {
    !url.is_empty() && url.bytes().all(|b| b.is_ascii_graphic())
}

/// The symbol of one cell of a link: the character `text` linked to `url`.
pub fn cell_symbol(url: &str, id: &str, text: &str) -> String {
    format!("\x1b]8;id={id};{url}\x1b\\{text}\x1b]8;;\x1b\\")
}

/// Turns the cells `x..x + width` of row `y` of `buffer` (clipped to
/// `area`) into parts of the hyperlink to `url`, named `id`.
pub fn mark(buffer: &mut Buffer, area: Rect, (x, y, width): (u16, u16, u16), url: &str, id: &str) {
    if !is_linkable(url) || y < area.top() || y >= area.bottom() {
        return;
    }
    let end = x.saturating_add(width).min(area.right());
    let mut at = x.max(area.left());
    while at < end {
        let Some(cell) = buffer.cell_mut((at, y)) else {
            return;
        };
        let text = cell.symbol().to_string();
        let columns = u16::try_from(ratatui::text::Span::raw(text.as_str()).width())
            .unwrap_or(1)
            .max(1);
        if let Some(forced) = NonZeroU16::new(columns) {
            cell.set_symbol(&cell_symbol(url, id, &text))
                .set_diff_option(CellDiffOption::ForcedWidth(forced));
        }
        at = at.saturating_add(columns);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_printable_ascii_urls_become_links() {
        assert!(is_linkable("https://x.example/a?b=c&d=%20"));
        for url in [
            "",
            "https://x/a b",
            "https://x/\x1b]8;;evil\x07",
            "https://x/é",
        ] {
            assert!(!is_linkable(url), "{url:?}");
        }
    }

    #[test]
    fn each_cell_of_the_range_is_linked_and_keeps_one_column() {
        let area = Rect::new(0, 0, 8, 2);
        let mut buffer = Buffer::empty(area);
        buffer.set_string(0, 0, "ab日cd", ratatui::style::Style::new());
        mark(&mut buffer, area, (1, 0, 20), "https://x", "l1");
        assert_eq!(buffer[(0, 0)].symbol(), "a");
        assert_eq!(
            buffer[(1, 0)].symbol(),
            "\x1b]8;id=l1;https://x\x1b\\b\x1b]8;;\x1b\\"
        );
        assert_eq!(
            buffer[(1, 0)].diff_option,
            CellDiffOption::ForcedWidth(NonZeroU16::MIN)
        );
        assert_eq!(
            buffer[(2, 0)].diff_option,
            CellDiffOption::ForcedWidth(NonZeroU16::new(2).unwrap_or(NonZeroU16::MIN)),
            "a wide character keeps its two columns"
        );
        assert!(buffer[(5, 0)].symbol().contains("d\x1b]8;;"));
    }
}
