//! The yes/no question before a destructive action, with its keys from the keymap.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::html::wrap_text;
use crate::ui::Theme;
use crate::ui::widgets::{overlay, put_line};

pub(super) fn confirm(
    buf: &mut Buffer,
    area: Rect,
    text: &str,
    keymap: &crate::app::keymap::Keymap,
    theme: &Theme,
) {
    let hint = crate::app::views::confirm::hint(keymap);
    let lines = wrap_text(text, 50);
    let Some(inner) = overlay(buf, area, 56, lines.len() as u16 + 4, " confirm ", theme) else {
        return;
    };
    for (i, l) in lines.iter().enumerate() {
        put_line(buf, inner, inner.y + i as u16, &Line::from(format!(" {l}")));
    }
    put_line(
        buf,
        inner,
        inner.y + lines.len() as u16 + 1,
        &Line::from(Span::styled(hint, theme.help_key)),
    );
}
