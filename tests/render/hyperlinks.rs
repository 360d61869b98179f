//! The detail pane's URLs as OSC 8 hyperlinks: in the buffer's cells
//! (each cell a whole link, one column wide for the diff, every wrapped
//! piece hanging under the URL's start) and through the real crossterm
//! backend, which must write the escapes around each character and nothing
//! again for an unchanged frame.

use super::detail::{atlas_app, two_url_download};
use super::*;

const URL_A: &str =
    "https://restore-a.example.net/backup/orders/restore-66322b.tar.gz?token=abcdefghijklmnop";

/// The URL each cell of `row` links to, from its OSC 8 escape.
fn linked_cells(screen: &ratatui::buffer::Buffer, row: u16) -> Vec<(u16, String)> {
    (0..screen.area.width)
        .filter_map(|x| {
            let symbol = screen.cell((x, row))?.symbol().to_string();
            let rest = symbol.strip_prefix("\x1b]8;id=")?;
            let (_, url) = rest.split_once(';')?;
            let (url, _) = url.split_once("\x1b\\")?;
            Some((x, url.to_string()))
        })
        .collect()
}

#[test]
fn delivery_urls_are_hyperlinks_on_every_wrapped_line() {
    let mut app = atlas_app(vec![two_url_download()]);
    app.set_hyperlinks(true);
    let screen = render(&mut app, 160, 45);
    let (left, _) = find(&screen, "┌ detail").expect("the pane");
    let rows: Vec<u16> = (0..screen.area.height)
        .filter(|row| {
            linked_cells(&screen, *row)
                .iter()
                .any(|(_, url)| url == URL_A)
        })
        .collect();
    assert!(rows.len() >= 2, "the URL wraps over {} lines", rows.len());
    let mut shown = String::new();
    for row in &rows {
        let cells = linked_cells(&screen, *row);
        let first = cells.first().map(|(x, _)| *x).unwrap_or_default();
        assert_eq!(first, left + 3, "each piece hangs under the URL's start");
        for (x, url) in &cells {
            assert_eq!(url, URL_A);
            let symbol = screen.cell((*x, *row)).map(|c| c.symbol().to_string());
            let symbol = symbol.unwrap_or_default();
            let text = symbol
                .split("\x1b\\")
                .nth(1)
                .and_then(|t| t.strip_suffix("\x1b]8;;"))
                .unwrap_or_default();
            shown.push_str(text);
            assert_eq!(
                screen.cell((*x, *row)).map(|c| c.diff_option),
                Some(ratatui::buffer::CellDiffOption::ForcedWidth(
                    std::num::NonZeroU16::MIN
                )),
                "one column per cell for the diff"
            );
        }
    }
    assert_eq!(shown, URL_A, "the pieces spell the URL");
    let atlas = (0..screen.area.height)
        .flat_map(|row| linked_cells(&screen, row))
        .any(|(_, url)| url.ends_with("#/clusters/detail/orders"));
    assert!(atlas, "the Atlas page is a link too");
    app.set_hyperlinks(false);
    let plain = render(&mut app, 160, 45);
    assert!(
        !screen_text(&plain).contains('\x1b'),
        "no escape at all when hyperlinks are off"
    );
}

/// What the terminal is sent, kept for the test to read.
#[derive(Clone, Default)]
struct Sent(std::rc::Rc<std::cell::RefCell<Vec<u8>>>);

impl std::io::Write for Sent {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Sent {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.borrow()).to_string()
    }
}

#[test]
fn the_crossterm_backend_writes_osc8_around_each_url_cell() {
    use ratatui::backend::CrosstermBackend;
    use ratatui::layout::Rect;
    use ratatui::{Terminal, TerminalOptions, Viewport};
    let mut app = atlas_app(vec![two_url_download()]);
    app.set_hyperlinks(true);
    let at = now();
    app.set_clock(at);
    let options = TerminalOptions {
        viewport: Viewport::Fixed(Rect::new(0, 0, 100, 40)),
    };
    let sent = Sent::default();
    let mut terminal =
        Terminal::with_options(CrosstermBackend::new(sent.clone()), options).expect("a terminal");
    terminal
        .draw(|frame| {
            atlas_restores::ui::draw(frame, &app, at);
        })
        .expect("a frame");
    let written = sent.text();
    let opening = "\x1b]8;id=";
    let first = written
        .find(opening)
        .expect("an OSC 8 hyperlink is written");
    let escape = written.get(first..).unwrap_or_default();
    assert!(escape.starts_with(&format!("{opening}atlas-restores-")));
    let linked: String = written
        .split(opening)
        .skip(1)
        .filter_map(|piece| {
            let (_, rest) = piece.split_once(';')?;
            let (url, rest) = rest.split_once("\x1b\\")?;
            let (text, _) = rest.split_once("\x1b]8;;\x1b\\")?;
            (url == URL_A).then(|| text.to_string())
        })
        .collect();
    assert_eq!(linked, URL_A, "each cell of the URL is written as a link");
    let before = written.len();
    terminal
        .draw(|frame| {
            atlas_restores::ui::draw(frame, &app, at);
        })
        .expect("a frame");
    let again = sent.text();
    let again = again.get(before..).unwrap_or_default();
    assert!(
        !again.contains("\x1b]8;"),
        "an unchanged frame writes no link again: {again:?}"
    );
}
