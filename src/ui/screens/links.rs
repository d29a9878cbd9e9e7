//! The link picker over a post: its links and attachments.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::app::views::LinkPicker;
use crate::html::{display_width, sanitize_line, truncate_to_width};
use crate::ui::Theme;
use crate::ui::widgets::{overlay, put_line};

pub(super) fn links(
    buf: &mut Buffer,
    area: Rect,
    l: &LinkPicker,
    km: &crate::app::keymap::Keymap,
    theme: &Theme,
) {
    let widest = l
        .links
        .iter()
        .map(|(t, u)| display_width(t) + display_width(u) + 8)
        .max()
        .unwrap_or(20);
    let Some(inner) = overlay(
        buf,
        area,
        (widest as u16).clamp(30, 100),
        l.links.len() as u16 + 2,
        &crate::app::views::links::hint(km),
        theme,
    ) else {
        return;
    };
    for (i, (label, url)) in l.links.iter().enumerate().take(inner.height as usize) {
        let sel = i == l.selected;
        let text = format!(
            "{}{} {}  {}",
            if sel { "▶" } else { " " },
            i + 1,
            label,
            sanitize_line(url)
        );
        let style = if sel { theme.selected_name } else { theme.text };
        put_line(
            buf,
            inner,
            inner.y + i as u16,
            &Line::from(Span::styled(
                truncate_to_width(&text, inner.width as usize),
                style,
            )),
        );
    }
}
