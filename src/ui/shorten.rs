//! Names shortened to a number of terminal columns: cut in the middle with
//! `…` (`orders-…-eu-west`), so that both the start and the end stay
//! visible (clusters that share a prefix differ in their suffix). Every
//! name on screen that must be shortened goes through here; widths are
//! terminal columns, so wide characters count twice.

use std::borrow::Cow;

use ratatui::text::Span;

/// The widest a cluster label gets where it shares a line with other
/// text (the attention line, the failing clusters' summary, the events
/// panel, the detail pane's title).
pub const LABEL_CAP: usize = 32;

/// The mark of a cut.
const ELLIPSIS: char = '…';
/// A cluster label's project part is shortened down to this many columns
/// before the cluster name is cut.
const PROJECT_MIN: usize = 2;

/// Terminal columns `text` takes.
pub fn columns(text: &str) -> usize {
    // A character takes at most as many columns as it has bytes.
    if text.is_ascii() {
        return text.len();
    }
    Span::raw(text).width()
}

fn char_columns(c: char) -> usize {
    if c.is_ascii() {
        return 1;
    }
    let mut buffer = [0; 4];
    Span::raw(&*c.encode_utf8(&mut buffer)).width()
}

/// `text` in at most `width` columns: whole when it fits, else its start
/// and its end joined by `…` (the end gets the larger half).
pub fn middle(text: &str, width: usize) -> Cow<'_, str> {
    if text.len() <= width || columns(text) <= width {
        return Cow::Borrowed(text);
    }
    if width == 0 {
        return Cow::Borrowed("");
    }
    let room = width - 1;
    let head_room = room / 2;
    let mut head_end = 0;
    let mut used = 0;
    for (at, c) in text.char_indices() {
        let next = used + char_columns(c);
        if next > head_room {
            break;
        }
        used = next;
        head_end = at + c.len_utf8();
    }
    let tail_room = room - used;
    let mut tail_start = text.len();
    let mut tail_used = 0;
    for (at, c) in text.char_indices().rev() {
        let next = tail_used + char_columns(c);
        if next > tail_room || at < head_end {
            break;
        }
        tail_used = next;
        tail_start = at;
    }
    let mut cut = String::with_capacity(head_end + 3 + text.len() - tail_start);
    cut.push_str(&text[..head_end]);
    cut.push(ELLIPSIS);
    cut.push_str(&text[tail_start..]);
    Cow::Owned(cut)
}

/// A text that is not a name (`→ in progress`) in at most `width`
/// columns: its start, and `…` when it had to be cut.
pub fn end(text: &str, width: usize) -> Cow<'_, str> {
    if text.len() <= width || columns(text) <= width {
        return Cow::Borrowed(text);
    }
    let mut cut = String::new();
    let mut used = 0;
    for c in text.chars() {
        let next = used + char_columns(c);
        if next + 1 > width {
            break;
        }
        used = next;
        cut.push(c);
    }
    if width > 0 {
        cut.push(ELLIPSIS);
    }
    Cow::Owned(cut)
}

/// A cluster label (`project/cluster`, or `cluster` alone) in at most
/// `width` columns, keeping its one format: the project part is shortened
/// first (down to two columns, `…d/orders-prod`), then the cluster name,
/// both in the middle. Cluster names hold no `/`, so the last `/` splits.
pub fn label(label: &str, width: usize) -> Cow<'_, str> {
    if label.len() <= width || columns(label) <= width {
        return Cow::Borrowed(label);
    }
    let Some((project, cluster)) = label.rsplit_once('/') else {
        return middle(label, width);
    };
    if width < PROJECT_MIN + 2 {
        return middle(label, width);
    }
    let cluster_columns = columns(cluster);
    let project_room = width.saturating_sub(cluster_columns + 1);
    if project_room >= PROJECT_MIN {
        return Cow::Owned(format!("{}/{cluster}", middle(project, project_room)));
    }
    let project = middle(project, PROJECT_MIN);
    let cluster_room = width.saturating_sub(columns(&project) + 1);
    Cow::Owned(format!("{project}/{}", middle(cluster, cluster_room)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_that_fits_is_left_alone() {
        assert!(matches!(middle("orders", 6), Cow::Borrowed("orders")));
        assert_eq!(middle("orders", 60), "orders");
        assert_eq!(middle("", 0), "");
    }

    #[test]
    fn a_long_name_keeps_its_start_and_its_end() {
        let name = "orders-prod-restore-eu-west";
        assert_eq!(middle(name, 16), "orders-…-eu-west");
        for width in 1..name.len() {
            let cut = middle(name, width);
            assert_eq!(columns(&cut), width, "{cut:?} fills {width} columns");
            assert_eq!(cut.matches('…').count(), 1);
            let (head, tail) = cut.split_once('…').unwrap_or_default();
            assert!(name.starts_with(head) && name.ends_with(tail), "{cut:?}");
            assert!(tail.len() >= head.len(), "the end gets the larger half");
        }
        assert_eq!(middle(name, 1), "…");
        assert_eq!(middle(name, 0), "");
    }

    #[test]
    fn a_text_cut_at_the_end_keeps_its_start() {
        assert_eq!(end("→ in progress", 11), "→ in progr…");
        assert_eq!(end("→ failed", 11), "→ failed");
        assert_eq!(end("本番データ", 5), "本番…");
    }

    #[test]
    fn names_that_differ_only_at_the_end_stay_apart() {
        let east = middle("orders-prod-restore-eu-east", 12);
        let west = middle("orders-prod-restore-eu-west", 12);
        assert_ne!(east, west);
    }

    #[test]
    fn wide_characters_count_twice_and_are_never_split() {
        let name = "本番データベース-eu";
        assert_eq!(columns(name), 19);
        for width in 1..19 {
            let cut = middle(name, width);
            assert!(columns(&cut) <= width, "{cut:?} in {width}");
            assert!(
                columns(&cut) + 1 >= width,
                "{cut:?} wastes at most a column"
            );
            assert!(cut.ends_with("-eu") || width < 6, "{cut:?}");
        }
        assert_eq!(middle(name, 8), "本…ス-eu");
    }

    #[test]
    fn a_label_shortens_its_project_first_then_its_cluster() {
        let label_text = "a-project-name-of-thirty-six-chars-x/orders-prod";
        assert_eq!(label(label_text, 60), label_text);
        assert_eq!(label(label_text, 24), "a-pro…hars-x/orders-prod");
        assert_eq!(label(label_text, 14), "…x/orders-prod");
        assert_eq!(label(label_text, 12), "…x/orde…prod");
        assert_eq!(label("prod/orders-prod", 15), "p…d/orders-prod");
        assert_eq!(label("prod/orders-prod", 14), "…d/orders-prod");
        assert_eq!(label("orders-prod-restore", 10), "orde…store");
        for width in 4..40 {
            let cut = label(label_text, width);
            assert_eq!(columns(&cut), width, "{cut:?}");
            assert!(
                cut.contains('/'),
                "{cut:?} keeps the project/cluster format"
            );
        }
    }
}
