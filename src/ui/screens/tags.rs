//! Lists of hashtags: trending, or the ones you follow.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::people::{empty_state, first_visible, gutter, header};
use crate::app::views::tags::{TagsKind, TagsView};
use crate::html::sanitize_line;
use crate::ui::Theme;
use crate::ui::widgets::put_line;

/// Draws a list of hashtags.
pub fn tags(
    buf: &mut Buffer,
    area: Rect,
    t: &TagsView,
    km: &crate::app::keymap::Keymap,
    theme: &Theme,
) {
    if area.height == 0 {
        return;
    }
    let hint = crate::app::views::tags::hint(km);
    header(buf, area, t.title(), &hint, theme);
    if t.items.is_empty() {
        empty_state(
            buf,
            area,
            t.error.as_deref(),
            t.loading,
            "No hashtags.",
            theme,
        );
        return;
    }
    let body = area.height.saturating_sub(1) as usize;
    let first = first_visible(t.selected, body, 1);
    for (row, (i, tag)) in t
        .items
        .iter()
        .enumerate()
        .skip(first)
        .take(body)
        .enumerate()
    {
        let sel = i == t.selected;
        // History is newest first: uses and people over the days given.
        let uses: u64 = tag.history.iter().map(|h| h.uses).sum();
        let people: u64 = tag.history.iter().map(|h| h.accounts).sum();
        let days = tag.history.len();
        let following = tag.following.unwrap_or(t.kind == TagsKind::Followed);
        let mut spans = vec![
            gutter(sel, theme),
            Span::styled(
                format!("#{}", sanitize_line(&tag.name)),
                if sel {
                    theme.selected_name
                } else {
                    theme.hashtag
                },
            ),
        ];
        if days > 0 {
            spans.push(Span::styled(
                format!(
                    "  {uses} post{} by {people} {} in {days} day{}",
                    if uses == 1 { "" } else { "s" },
                    if people == 1 { "person" } else { "people" },
                    if days == 1 { "" } else { "s" }
                ),
                theme.dim,
            ));
        }
        if following {
            spans.push(Span::styled(" [following]", theme.info));
        }
        put_line(buf, area, area.y + 1 + row as u16, &Line::from(spans));
    }
}
