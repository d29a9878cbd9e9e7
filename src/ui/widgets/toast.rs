//! Toasts: short messages above the status bar.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::app::{Message, ToastKind};
use crate::html::{sanitize_line, truncate_to_width};
use crate::ui::Theme;

/// Draws the newest toasts, one per row, newest at the bottom.
pub fn render(buf: &mut Buffer, area: Rect, toasts: &[&Message], theme: &Theme) {
    let rows = area.height as usize;
    let shown = &toasts[toasts.len().saturating_sub(rows)..];
    for (i, t) in shown.iter().enumerate() {
        let y = area.y + i as u16;
        let style = match t.kind {
            ToastKind::Error => theme.error,
            ToastKind::Info => theme.info,
        };
        super::fill_row(buf, area, y, style);
        let text = truncate_to_width(
            &format!(" {} ", sanitize_line(&t.text)),
            area.width as usize,
        );
        super::put_line(buf, area, y, &Line::from(Span::styled(text, style)));
    }
}
