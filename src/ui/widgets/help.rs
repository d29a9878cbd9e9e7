//! The key list, generated from the keymap table itself.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::app::keymap::{BINDINGS, display_key};
use crate::ui::Theme;

/// Draws the help overlay centred in `area`.
pub fn render(buf: &mut Buffer, area: Rect, theme: &Theme) {
    let rows = BINDINGS.len() as u16 + 2;
    let key_col = BINDINGS
        .iter()
        .map(|b| {
            b.keys
                .iter()
                .map(|k| display_key(k).len() + 1)
                .sum::<usize>()
        })
        .max()
        .unwrap_or(10)
        + 1;
    let help_col = BINDINGS.iter().map(|b| b.help.len()).max().unwrap_or(10);
    let Some(inner) = super::overlay(
        buf,
        area,
        (key_col + help_col + 4) as u16,
        rows,
        " keys — Esc or ? to close ",
        theme,
    ) else {
        return;
    };
    for (i, b) in BINDINGS.iter().enumerate().take(inner.height as usize) {
        let keys: Vec<&str> = b.keys.iter().map(|k| display_key(k)).collect();
        let line = Line::from(vec![
            Span::styled(format!(" {:<key_col$}", keys.join(" ")), theme.help_key),
            Span::styled(b.help, theme.text),
        ]);
        super::put_line(buf, inner, inner.y + i as u16, &line);
    }
}
