//! The poll picker: choose options, then send the vote.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::app::views::PollVote;
use crate::html::truncate_to_width;
use crate::ui::Theme;
use crate::ui::widgets::{overlay, put_line};

pub(super) fn poll(buf: &mut Buffer, area: Rect, p: &PollVote, theme: &Theme) {
    let hint = p.hint();
    let Some(inner) = overlay(buf, area, 60, p.options.len() as u16 + 2, hint, theme) else {
        return;
    };
    for (i, o) in p.options.iter().enumerate().take(inner.height as usize) {
        let sel = i == p.selected;
        let box_ = match (p.multiple, p.chosen.get(i).copied().unwrap_or(false)) {
            (true, true) => "[x]",
            (true, false) => "[ ]",
            (false, true) => "(•)",
            (false, false) => "( )",
        };
        let text = format!("{}{box_} {o}", if sel { "▶" } else { " " });
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
