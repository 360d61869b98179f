//! The footer's one-line summary of the failing clusters:
//! `⚠ 2 clusters failing: events-lake (503), reporting (401) · ! details`.
//! Sorted by label, so it stays put from poll to poll; with no time in it,
//! so it changes only when a cluster starts or stops failing or fails
//! another way; fitted to the width by naming fewer clusters (`+3 more`),
//! never by cutting a name in half.

use ratatui::text::Span;

use super::shorten;
use crate::app::Failing;
use crate::atlas::printable::printable;

/// Where to read the rest.
pub const DETAILS: &str = " · ! details";

/// `label (code)` of one failing cluster, printable; a long label is
/// shortened in the middle.
pub fn item(failing: &Failing<'_>) -> String {
    let label = shorten::label(failing.label, shorten::LABEL_CAP);
    printable(&format!("{label} ({})", failing.error.code)).into_owned()
}

/// The summary of `items` (already sorted) without [`DETAILS`], naming as
/// many clusters as fit in `width` columns together with [`DETAILS`]; the
/// others are counted (`+2 more`). When not even the count fits, the head
/// alone (` ⚠ 5 clusters failing`). `None` without failing clusters.
pub fn fit(items: &[String], width: usize) -> Option<String> {
    let total = items.len();
    if total == 0 {
        return None;
    }
    let noun = if total == 1 { "cluster" } else { "clusters" };
    let head = format!(" ⚠ {total} {noun} failing");
    let room = width.saturating_sub(columns(DETAILS));
    // Columns of the head, ": ", and the first `named` items joined by ", ".
    let mut used = columns(&head) + 2;
    let mut named = 0;
    for item in items {
        let separator = if named == 0 { 0 } else { 2 };
        let next = used + separator + columns(item);
        let rest = total - named - 1;
        let more = if rest == 0 {
            0
        } else {
            2 + columns(&more(rest))
        };
        if next + more > room {
            break;
        }
        used = next;
        named += 1;
    }
    let mut parts: Vec<String> = items.iter().take(named).cloned().collect();
    if named == 0 {
        return Some(head);
    }
    if named < total {
        parts.push(more(total - named));
    }
    Some(format!("{head}: {}", parts.join(", ")))
}

fn more(count: usize) -> String {
    format!("+{count} more")
}

/// Terminal columns `text` takes.
pub fn columns(text: &str) -> usize {
    Span::raw(text).width()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn items(names: &[&str]) -> Vec<String> {
        names.iter().map(|name| name.to_string()).collect()
    }

    #[test]
    fn everything_is_named_when_it_fits() {
        let both = items(&["events-lake (503)", "reporting (401)"]);
        let text = fit(&both, 200).unwrap_or_default();
        assert_eq!(
            text,
            " ⚠ 2 clusters failing: events-lake (503), reporting (401)"
        );
        let one = fit(&both[..1], 200).unwrap_or_default();
        assert_eq!(one, " ⚠ 1 cluster failing: events-lake (503)");
        assert_eq!(fit(&[], 200), None);
    }

    #[test]
    fn what_does_not_fit_is_counted_and_no_name_is_cut() {
        let three = items(&["alpha (503)", "beta (timeout)", "gamma (401)"]);
        let whole = " ⚠ 3 clusters failing: alpha (503), beta (timeout), gamma (401)";
        assert_eq!(
            fit(&three, columns(whole) + columns(DETAILS)).as_deref(),
            Some(whole)
        );
        let one_short = columns(whole) + columns(DETAILS) - 1;
        assert_eq!(
            fit(&three, one_short).as_deref(),
            Some(" ⚠ 3 clusters failing: alpha (503), beta (timeout), +1 more")
        );
        let narrow = fit(&three, 55).unwrap_or_default();
        assert_eq!(narrow, " ⚠ 3 clusters failing: alpha (503), +2 more");
        assert!(columns(&narrow) + columns(DETAILS) <= 55);
        // Not even one name: the count alone says it all.
        assert_eq!(fit(&three, 54).as_deref(), Some(" ⚠ 3 clusters failing"));
        assert_eq!(fit(&three, 10).as_deref(), Some(" ⚠ 3 clusters failing"));
        for width in 0..120 {
            let text = fit(&three, width).unwrap_or_default();
            let shown = text.split_once(": ").map(|(_, shown)| shown);
            for part in shown.into_iter().flat_map(|shown| shown.split(", ")) {
                assert!(
                    three.iter().any(|item| item == part) || part.ends_with(" more"),
                    "at {width}: {part:?} is a whole item"
                );
            }
            let fits = columns(&text) + columns(DETAILS) <= width;
            assert!(
                fits || text == " ⚠ 3 clusters failing",
                "at {width}: {text}"
            );
        }
    }

    #[test]
    fn wide_characters_count_twice() {
        // 14 columns each, though 10 characters.
        let wide = items(&["データベ (503)", "本番本番 (503)"]);
        assert_eq!(columns(&wide[0]), 14);
        let head = " ⚠ 2 clusters failing: ";
        let all = columns(head) + 2 * columns("データベ (503)") + 2 + columns(DETAILS);
        assert!(fit(&wide, all).is_some_and(|text| text.ends_with("本番本番 (503)")));
        let text = fit(&wide, all - 1).unwrap_or_default();
        assert_eq!(text, " ⚠ 2 clusters failing: データベ (503), +1 more");
    }
}
