//! Unsent drafts: when each was saved, what it is (post, reply, edit), its
//! text, and why it was not sent.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::html::{sanitize_line, truncate_to_width};
use crate::ui::Theme;
use crate::ui::widgets::put_line;

/// Draws the drafts, `selected` highlighted.
pub(super) fn drafts(
    buf: &mut Buffer,
    area: Rect,
    drafts: &[crate::compose::Draft],
    selected: usize,
    loading: bool,
    km: &crate::app::keymap::Keymap,
    theme: &Theme,
) {
    let w = area.width as usize;
    put_line(
        buf,
        area,
        area.y,
        &Line::from(Span::styled(
            crate::app::views::drafts::hint(km),
            theme.strong,
        )),
    );
    if drafts.is_empty() {
        let msg = if loading {
            " Loading…"
        } else {
            " No drafts."
        };
        put_line(
            buf,
            area,
            area.y + 1,
            &Line::from(Span::styled(msg, theme.dim)),
        );
    }
    let rows = area.height.saturating_sub(1) as usize;
    let first = selected.saturating_sub(rows.saturating_sub(1));
    for (row, (i, d)) in drafts.iter().enumerate().skip(first).take(rows).enumerate() {
        let sel = i == selected;
        let when = format!(
            "{:04}-{:02}-{:02} {:02}:{:02}",
            d.updated_at.year(),
            u8::from(d.updated_at.month()),
            d.updated_at.day(),
            d.updated_at.hour(),
            d.updated_at.minute()
        );
        let kind = if d.edit_of.is_some() {
            "edit"
        } else if d.reply_to.is_some() {
            "reply"
        } else {
            "post"
        };
        let err = d
            .last_error
            .as_ref()
            .map(|e| format!(" · not sent: {e}"))
            .unwrap_or_default();
        let text = format!(
            "{}{when} {kind}: {}{err}",
            if sel { "▶ " } else { "  " },
            d.text.replace('\n', " ")
        );
        let style = if sel { theme.selected_name } else { theme.text };
        put_line(
            buf,
            area,
            area.y + 1 + row as u16,
            &Line::from(Span::styled(
                truncate_to_width(&sanitize_line(&text), w),
                style,
            )),
        );
    }
}
