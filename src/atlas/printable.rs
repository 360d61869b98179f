//! What text from the network may reach the terminal: control characters
//! and bidi overrides never do. One rule, used by the UI and by error excerpts.

use std::borrow::Cow;

/// Shown in place of a character that must not reach the terminal.
pub const REPLACEMENT: char = '\u{fffd}';

/// Characters that would steer the terminal or reorder what it shows: C0
/// and C1 controls, DEL, and the bidi embeddings, overrides and isolates
/// (Trojan-source text).
pub fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
        )
}

/// `text` fit for the terminal: whitespace controls (tab, newline, carriage
/// return) become a space, every other unsafe character a visible `�`.
/// Borrows when there is nothing to replace, which is nearly always.
pub fn printable(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| match c {
                c if !is_unsafe(c) => c,
                c if c.is_whitespace() => ' ',
                _ => REPLACEMENT,
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_overrides_are_replaced_and_clean_text_is_borrowed() {
        assert_eq!(printable("\u{1b}[31mred\r\n\tx"), "�[31mred   x");
        assert_eq!(printable("abc\u{202e}cba"), "abc�cba");
        assert_eq!(printable("\u{85}\u{7f}"), " �");
        assert!(matches!(printable("é漢😀\u{200d}"), Cow::Borrowed(_)));
    }
}
