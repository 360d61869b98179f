//! Where the detail pane goes: beside (or below) the table, hidden (`d`)
//! so the table gets the whole body, or zoomed (`z`) to fill the body
//! itself; `z` or Esc brings it back.

use super::{App, Focus};

/// How the detail pane is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DetailView {
    /// Right of the table on wide terminals, below it otherwise.
    #[default]
    Shown,
    /// Not drawn: the table fills the body.
    Hidden,
    /// Fills the body; the table is not drawn.
    Zoomed,
}

impl App {
    pub fn detail_view(&self) -> DetailView {
        self.detail_view
    }

    /// `d`: hides the pane (the table takes the focus), or shows it again.
    pub(super) fn toggle_detail(&mut self) {
        self.detail_view = match self.detail_view {
            DetailView::Shown | DetailView::Zoomed => DetailView::Hidden,
            DetailView::Hidden => DetailView::Shown,
        };
        if self.detail_view == DetailView::Hidden {
            self.focus = Focus::Table;
        }
    }

    /// `z`: zooms the pane, focused so the movement keys scroll it; again,
    /// back to the table beside it.
    pub(super) fn toggle_zoom(&mut self) {
        if self.detail_view == DetailView::Zoomed {
            self.unzoom();
        } else {
            self.detail_view = DetailView::Zoomed;
            self.focus = Focus::Detail;
        }
    }

    /// Back from the zoom to the table; false when not zoomed.
    pub(super) fn unzoom(&mut self) -> bool {
        if self.detail_view != DetailView::Zoomed {
            return false;
        }
        self.detail_view = DetailView::Shown;
        self.focus = Focus::Table;
        true
    }

    /// Enter and Tab move the focus to the pane: a hidden one shows again.
    pub(super) fn show_detail(&mut self) {
        if self.detail_view == DetailView::Hidden {
            self.detail_view = DetailView::Shown;
        }
    }
}
