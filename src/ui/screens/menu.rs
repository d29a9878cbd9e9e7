//! A short menu over the view (mute for how long, boost with which visibility).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::html::{display_width, truncate_to_width};
use crate::ui::Theme;
use crate::ui::widgets::{overlay, put_line};

pub(super) fn menu(
    buf: &mut Buffer,
    area: Rect,
    m: &crate::app::views::MenuView,
    km: &crate::app::keymap::Keymap,
    theme: &Theme,
) {
    let title = m.hint(km);
    let widest = m
        .items
        .iter()
        .map(|(l, _)| display_width(l))
        .chain(m.check.iter().map(|(l, _)| display_width(l) + 14))
        .chain(std::iter::once(display_width(&title)))
        .max()
        .unwrap_or(20);
    let rows = m.items.len() as u16 + if m.check.is_some() { 2 } else { 0 };
    let Some(inner) = overlay(buf, area, widest as u16 + 6, rows + 2, &title, theme) else {
        return;
    };
    let w = inner.width as usize;
    for (i, (label, _)) in m.items.iter().enumerate().take(inner.height as usize) {
        let sel = i == m.selected;
        let text = format!("{}{label}", if sel { "▶ " } else { "  " });
        let style = if sel { theme.selected_name } else { theme.text };
        put_line(
            buf,
            inner,
            inner.y + i as u16,
            &Line::from(Span::styled(truncate_to_width(&text, w), style)),
        );
    }
    if let Some((label, checked)) = &m.check {
        let text = format!("  [{}] {label} (Tab)", if *checked { "x" } else { " " });
        put_line(
            buf,
            inner,
            inner.y + m.items.len() as u16 + 1,
            &Line::from(Span::styled(truncate_to_width(&text, w), theme.dim)),
        );
    }
}
