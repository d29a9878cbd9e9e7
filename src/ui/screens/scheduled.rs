//! The scheduled posts, soonest first, in local time.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::people::{empty_state, first_visible, gutter, header};
use crate::html::{sanitize_line, truncate_to_width};
use crate::ui::Theme;
use crate::ui::widgets::put_line;

/// Draws the scheduled posts, soonest first, times in `zone`.
pub fn scheduled(
    buf: &mut Buffer,
    area: Rect,
    s: &crate::app::views::scheduled::ScheduledView,
    zone: crate::compose::Zone,
    km: &crate::app::keymap::Keymap,
    theme: &Theme,
) {
    if area.height == 0 {
        return;
    }
    header(
        buf,
        area,
        "Scheduled posts",
        &crate::app::views::scheduled::hint(km),
        theme,
    );
    if s.items.is_empty() {
        empty_state(
            buf,
            area,
            s.error.as_deref(),
            s.loading,
            "Nothing scheduled. In the compose pane, ctrl-d schedules a post.",
            theme,
        );
        return;
    }
    let w = area.width as usize;
    let body = area.height.saturating_sub(1) as usize;
    let first = first_visible(s.selected, body, 2);
    let mut y = area.y + 1;
    let bottom = area.y + area.height;
    for (i, item) in s.items.iter().enumerate().skip(first) {
        if y >= bottom {
            break;
        }
        let sel = i == s.selected;
        let at = item
            .scheduled_at
            .map(|t| crate::compose::format_local(t, zone))
            .unwrap_or_else(|| "(no time)".into());
        let mut spans = vec![
            gutter(sel, theme),
            Span::styled(
                at,
                if sel {
                    theme.selected_name
                } else {
                    theme.display_name
                },
            ),
            Span::styled(
                format!("  id {}", sanitize_line(item.id.as_str())),
                theme.dim,
            ),
        ];
        if let Some(v) = &item.params.visibility {
            spans.push(Span::styled(format!(" · {}", v.as_str()), theme.dim));
        }
        let media = item.media_attachments.len();
        if media > 0 {
            spans.push(Span::styled(
                format!(" · {media} attachment{}", if media == 1 { "" } else { "s" }),
                theme.dim,
            ));
        }
        put_line(buf, area, y, &Line::from(spans));
        y += 1;
        if y >= bottom {
            break;
        }
        let cw = item
            .params
            .spoiler_text
            .as_deref()
            .filter(|c| !c.is_empty())
            .map(|c| format!("[CW: {c}] "))
            .unwrap_or_default();
        let text = format!("    {cw}{}", item.params.text.replace('\n', " "));
        put_line(
            buf,
            area,
            y,
            &Line::from(Span::styled(
                truncate_to_width(&sanitize_line(&text), w),
                theme.text,
            )),
        );
        y += 1;
    }
}
