//! The list manager: your lists with their replies policy and exclusive flag.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::people::{empty_state, first_visible, gutter, header};
use crate::html::sanitize_line;
use crate::ui::Theme;
use crate::ui::widgets::put_line;

/// Draws the list manager.
pub fn lists(
    buf: &mut Buffer,
    area: Rect,
    l: &crate::app::views::lists::ListsView,
    km: &crate::app::keymap::Keymap,
    theme: &Theme,
) {
    if area.height == 0 {
        return;
    }
    header(
        buf,
        area,
        "Lists",
        &crate::app::views::lists::hint(km),
        theme,
    );
    if l.lists.is_empty() {
        empty_state(
            buf,
            area,
            l.error.as_deref(),
            l.loading,
            "No lists yet. :list-create NAME makes one.",
            theme,
        );
        return;
    }
    let body = area.height.saturating_sub(1) as usize;
    let first = first_visible(l.selected, body, 1);
    for (row, (i, list)) in l
        .lists
        .iter()
        .enumerate()
        .skip(first)
        .take(body)
        .enumerate()
    {
        let sel = i == l.selected;
        let replies = match list.replies_policy.as_str() {
            "followed" => "replies to anyone you follow",
            "none" => "no replies",
            _ => "replies to members",
        };
        let mut spans = vec![
            gutter(sel, theme),
            Span::styled(
                sanitize_line(&list.title).into_owned(),
                if sel {
                    theme.selected_name
                } else {
                    theme.display_name
                },
            ),
            Span::styled(format!("  {replies}"), theme.dim),
        ];
        if list.exclusive {
            spans.push(Span::styled(" [exclusive]", theme.info));
        }
        put_line(buf, area, area.y + 1 + row as u16, &Line::from(spans));
    }
}
