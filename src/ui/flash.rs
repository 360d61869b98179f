//! The flash message on the status bar, in place of the key hints while it
//! is shown.

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
