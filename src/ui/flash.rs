//! The flash message on the status bar, before the key hints that always
//! show (the others make room for it).

use ratatui::text::Span;

use super::theme::Theme;
use crate::app::{App, FlashKind};

/// The flash as a span, when there is one.
pub fn span(app: &App, theme: Theme) -> Option<Span<'static>> {
    let flash = app.flash()?;
    let style = match flash.kind {
        FlashKind::Info => theme.ok(),
        FlashKind::Error => theme.error(),
    };
    Some(Span::styled(format!("   {}", flash.text), style))
}
