//! The key hints at the end of the status bar, fitted to the width by
//! priority: `? help` and `q quit` always show (while a filter is typed,
//! `Enter keep` and `Esc clear`; on the timeline, `t/q list`); the others
//! drop whole, the least needed first, and are never cut mid-word.

use ratatui::text::Span;

use super::shorten::{self, columns};
use crate::app::{App, DetailView};

/// Between the hints.
const SEPARATOR: &str = " · ";
/// Before the hints.
pub const GAP: &str = "   ";

/// One hint and how much it is needed: 0 always shows, higher drops first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hint {
    pub text: &'static str,
    pub rank: u8,
}

const fn hint(text: &'static str, rank: u8) -> Hint {
    Hint { text, rank }
}

/// The hints for the app's mode, left to right.
pub fn of(app: &App) -> Vec<Hint> {
    if app.is_typing_filter() {
        return vec![
            hint("Enter keep", 0),
            hint("Esc clear", 0),
            hint("Backspace delete", 1),
        ];
    }
    if app.timeline().is_some() {
        // The timeline's own keys: `q` goes back to the list there.
        return vec![
            hint("? help", 0),
            hint("+/- zoom", 1),
            hint("j/k select", 2),
            hint("Enter detail", 3),
            hint("r refresh", 7),
            hint("t/q list", 0),
        ];
    }
    // The way back from a hidden or zoomed pane is among the first kept.
    let (zoom, detail) = match app.detail_view() {
        DetailView::Shown => (hint("z zoom", 4), hint("d hide detail", 5)),
        DetailView::Hidden => (hint("z zoom", 4), hint("d show detail", 1)),
        DetailView::Zoomed => (hint("z back", 1), hint("d hide detail", 5)),
    };
    vec![
        hint("? help", 0),
        hint("/ filter", 1),
        hint("s sort", 3),
        hint("0-7 status", 2),
        hint("Tab detail", 6),
        zoom,
        detail,
        hint("r refresh", 7),
        hint("q quit", 0),
    ]
}

/// The hints that fit in `width` columns, joined, in their order: those
/// ranked 0 whatever the width, then the others as long as they fit,
/// most needed first.
pub fn fit(hints: &[Hint], width: usize) -> String {
    let mut kept: Vec<bool> = hints.iter().map(|hint| hint.rank == 0).collect();
    let mut ranks: Vec<u8> = hints
        .iter()
        .map(|hint| hint.rank)
        .filter(|&r| r > 0)
        .collect();
    ranks.sort_unstable();
    ranks.dedup();
    for rank in ranks {
        let mut trial = kept.clone();
        for (keep, hint) in trial.iter_mut().zip(hints) {
            *keep |= hint.rank == rank;
        }
        if columns(&joined(hints, &trial)) > width {
            break;
        }
        kept = trial;
    }
    joined(hints, &kept)
}

/// The columns the hints that always show take, with the gap before them.
pub fn required(hints: &[Hint]) -> usize {
    let kept: Vec<bool> = hints.iter().map(|hint| hint.rank == 0).collect();
    columns(GAP) + columns(&joined(hints, &kept))
}

fn joined(hints: &[Hint], kept: &[bool]) -> String {
    let shown: Vec<&str> = hints
        .iter()
        .zip(kept)
        .filter(|(_, keep)| **keep)
        .map(|(hint, _)| hint.text)
        .collect();
    shown.join(SEPARATOR)
}

/// `spans` cut to `width` columns: the span that crosses it ends in `…`,
/// those after it go.
pub fn cut_spans(spans: &mut Vec<Span<'static>>, width: usize) {
    let mut used = 0;
    for at in 0..spans.len() {
        let Some(span) = spans.get_mut(at) else {
            break;
        };
        let span_width = span.width();
        if used + span_width > width {
            let room = width.saturating_sub(used);
            span.content = shorten::end(&span.content, room).into_owned().into();
            spans.truncate(at + 1);
            return;
        }
        used += span_width;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn normal() -> Vec<Hint> {
        vec![
            hint("? help", 0),
            hint("/ filter", 1),
            hint("s sort", 3),
            hint("0-7 status", 2),
            hint("r refresh", 7),
            hint("q quit", 0),
        ]
    }

    #[test]
    fn everything_shows_when_it_fits() {
        let all = "? help · / filter · s sort · 0-7 status · r refresh · q quit";
        assert_eq!(fit(&normal(), 200), all);
        assert_eq!(fit(&normal(), columns(all)), all);
    }

    #[test]
    fn hints_drop_whole_least_needed_first_and_help_and_quit_stay() {
        let all = "? help · / filter · s sort · 0-7 status · r refresh · q quit";
        assert_eq!(
            fit(&normal(), columns(all) - 1),
            "? help · / filter · s sort · 0-7 status · q quit"
        );
        assert_eq!(
            fit(&normal(), 40),
            "? help · / filter · 0-7 status · q quit"
        );
        assert_eq!(fit(&normal(), 20), "? help · q quit");
        assert_eq!(fit(&normal(), 0), "? help · q quit");
        for width in 0..80 {
            let text = fit(&normal(), width);
            assert!(text.starts_with("? help") && text.ends_with("q quit"));
            for word in text.split(" · ") {
                assert!(normal().iter().any(|h| h.text == word), "{word:?} whole");
            }
        }
        assert_eq!(required(&normal()), 3 + columns("? help · q quit"));
    }

    #[test]
    fn spans_are_cut_at_the_width_with_an_ellipsis() {
        let mut spans = vec![
            Span::raw(" sort: created ▼"),
            Span::raw("  filter: \"orders\""),
            Span::raw("  status: ready"),
        ];
        cut_spans(&mut spans, 24);
        let text: String = spans.iter().map(|s| s.content.as_ref()).collect();
        assert_eq!(text, " sort: created ▼  filte…");
        let mut short = vec![Span::raw(" sort: id ▲")];
        cut_spans(&mut short, 60);
        assert_eq!(short.len(), 1);
        assert_eq!(short[0].content, " sort: id ▲");
    }
}
