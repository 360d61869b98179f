//! Drawing the dashboard. Pure: everything comes from the view state, the
//! store picture it holds, and the `now` passed in, so tests draw exactly
//! what a user would see at a given instant.

pub mod alert;
pub mod attention;
pub mod border;
pub mod clock;
pub mod confirm;
pub mod contrast;
pub mod detail;
pub mod eta;
pub mod events;
pub mod failing;
pub mod failing_summary;
pub mod flash;
pub mod format;
pub mod grid;
pub mod header;
pub mod help;
pub mod hints;
pub mod jobs_table;
pub mod layout;
pub mod picker;
pub mod shorten;
pub mod status_bar;
pub mod theme;
pub mod timeline;

use chrono::{DateTime, Utc};
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use crate::app::{App, Mode, ViewFacts};
use layout::{MIN_HEIGHT, MIN_WIDTH, Screen};
use theme::Theme;

pub use layout::table_page_size;

/// Draws the whole screen for the instant `now`; returns what the frame
/// showed, for `App::set_layout`.
pub fn draw(frame: &mut Frame, app: &App, now: DateTime<Utc>) -> ViewFacts {
    let area = frame.area();
    let theme = Theme::new(app.theme());
    let attention = attention::line(app, theme, now);
    let shown = layout::screen(area, attention.is_some(), app.detail_view());
    let Screen::Panes(panes) = shown else {
        draw_too_small(frame, area);
        return ViewFacts {
            table_rows: 1,
            detail_scroll_limit: None,
            help: None,
            timeline_cells: None,
        };
    };
    let table_rows = panes.table_rows;
    if let Some(line) = attention {
        frame.render_widget(line, panes.attention);
    }
    header::draw(frame, panes.header, app, theme, now);
    let mut timeline_cells = None;
    let mut detail_scroll_limit = None;
    if let Some(span) = app.timeline() {
        let body = panes.table.union(panes.detail);
        let cells = timeline::draw(frame.buffer_mut(), body, app, span, theme, now);
        timeline_cells = Some(cells);
    } else {
        if !panes.table.is_empty() {
            jobs_table::draw(frame, panes.table, app, table_rows, theme, now);
        }
        detail_scroll_limit =
            (!panes.detail.is_empty()).then(|| detail::draw(frame, panes.detail, app, theme, now));
    }
    status_bar::draw(frame, panes.status, app, theme);
    let mut help = None;
    match app.mode() {
        Mode::Normal | Mode::Filter => {}
        Mode::Help(scroll) => help = Some(help::draw(frame, area, *scroll, theme)),
        Mode::Picker(state) => picker::draw(frame, area, app, state, theme),
        Mode::Confirm(request) => confirm::draw(frame, area, request, theme),
        Mode::Failing { first } => failing::draw(frame, area, app, *first, theme, now),
        Mode::Events(scroll) => events::draw(frame, area, app, *scroll, theme),
    }
    ViewFacts {
        table_rows,
        detail_scroll_limit,
        help,
        timeline_cells,
    }
}

/// Everything the screen says of the poller's bookkeeping at `now`: the
/// header's freshness, the failing clusters' summary (whole, whatever the
/// width), what an empty table says while loading, and the open
/// failing-clusters panel with its retries. Two store pictures that are the same
/// apart from polling (`StoreData::same_apart_from_polling`) and give the
/// same poll text draw the same frame, so the loop need not draw it.
pub fn poll_text(app: &App, now: DateTime<Utc>) -> String {
    let theme = Theme::new(app.theme());
    let lines = [
        attention::line(app, theme, now).unwrap_or_default(),
        header::summary_line(app, theme, true, usize::MAX, now),
        status_bar::health_line(app, theme, usize::MAX),
    ];
    let mut text = String::new();
    for line in lines {
        for span in line.spans {
            text.push_str(&span.content);
        }
        text.push('\n');
    }
    text.push_str(jobs_table::empty_message(app));
    if app.failing_panel().is_some() {
        text.push_str(&failing::panel_text(app, now));
    }
    text
}

/// What the mouse at (`x`, `y`) of a terminal of size `area` points at in
/// the job table, if anything (the help overlay, the picker and the
/// failing-clusters and events panels hide it), as drawn at the app's clock.
pub fn table_hit(area: Rect, app: &App, x: u16, y: u16) -> Option<jobs_table::Hit> {
    if app.timeline().is_some()
        || matches!(
            app.mode(),
            Mode::Help(_) | Mode::Picker(_) | Mode::Failing { .. } | Mode::Events(_)
        )
    {
        return None;
    }
    let attention = attention::shown(app, app.now());
    match layout::screen(area, attention, app.detail_view()) {
        Screen::Panes(panes) => {
            jobs_table::hit(panes.table, app, panes.table_rows, app.now(), x, y)
        }
        Screen::TooSmall => None,
    }
}

/// `line` with every span made [`printable`](crate::atlas::printable::printable):
/// the one gate through which text from the network reaches the screen.
/// Each character maps to one character, so widths measured before still hold.
pub fn printable_line(line: Line<'_>) -> Line<'_> {
    let spans = line
        .spans
        .into_iter()
        .map(|span| {
            let content = match crate::atlas::printable::printable(&span.content) {
                std::borrow::Cow::Borrowed(_) => span.content,
                std::borrow::Cow::Owned(clean) => clean.into(),
            };
            Span { content, ..span }
        })
        .collect::<Vec<_>>();
    Line { spans, ..line }
}

fn draw_too_small(frame: &mut Frame, area: Rect) {
    let message = format!("terminal too small (need {MIN_WIDTH}×{MIN_HEIGHT})");
    let centered = area.centered_vertically(Constraint::Length(2));
    let paragraph = Paragraph::new(Line::raw(message).centered()).wrap(Wrap { trim: true });
    frame.render_widget(paragraph, centered);
}
