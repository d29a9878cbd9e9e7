//! The federation node's subscriptions: each followed account and relay,
//! the state of the follow, and when something last came from it.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use time::OffsetDateTime;

use super::people::{empty_state, first_visible, gutter, header};
use crate::app::views::subscriptions::SubscriptionsView;
use crate::html::{sanitize_line, truncate_to_width};
use crate::ui::Theme;
use crate::ui::time_fmt::relative;
use crate::ui::widgets::put_line;

/// Draws the subscriptions.
pub fn subscriptions(
    buf: &mut Buffer,
    area: Rect,
    v: &SubscriptionsView,
    now: OffsetDateTime,
    km: &crate::app::keymap::Keymap,
    theme: &Theme,
) {
    if area.height == 0 {
        return;
    }
    header(
        buf,
        area,
        "Subscriptions",
        &crate::app::views::subscriptions::hint(km),
        theme,
    );
    if v.rows.is_empty() {
        let key = km.key(crate::app::keymap::Command::Subscribe);
        empty_state(
            buf,
            area,
            v.error.as_deref(),
            v.loading,
            &format!(
                "The node follows no one yet. {key} follows @user@host, or subscribes to a relay (relay URL)."
            ),
            theme,
        );
        return;
    }
    // Two lines a row: the target, then its state and times.
    let body = (area.height.saturating_sub(1) / 2) as usize;
    let first = first_visible(v.selected, body, 1);
    let width = area.width as usize;
    for (row, (i, s)) in v.rows.iter().enumerate().skip(first).take(body).enumerate() {
        let sel = i == v.selected;
        let y = area.y + 1 + (row * 2) as u16;
        let kind = if s.kind == "relay" {
            "relay"
        } else {
            "account"
        };
        let target = sanitize_line(&s.target);
        let name = truncate_to_width(&target, width.saturating_sub(12));
        put_line(
            buf,
            area,
            y,
            &Line::from(vec![
                gutter(sel, theme),
                Span::styled(
                    name,
                    if sel {
                        theme.selected_name
                    } else {
                        theme.display_name
                    },
                ),
                Span::styled(format!("  {kind}"), theme.dim),
            ]),
        );
        let state_style = match s.state.as_str() {
            "accepted" => theme.live,
            "pending" => theme.reconnecting,
            _ => theme.error,
        };
        let mut detail = vec![
            Span::raw("   "),
            Span::styled(sanitize_line(&s.state).into_owned(), state_style),
            Span::styled(
                format!(
                    " · last activity {}",
                    match relative(s.last_activity, now).as_str() {
                        _ if s.last_activity.is_none() => "never".into(),
                        "now" => "just now".to_string(),
                        date if date.contains('-') => format!("on {date}"),
                        ago => format!("{ago} ago"),
                    }
                ),
                theme.dim,
            ),
        ];
        if let Some(e) = &s.error {
            detail.push(Span::styled(
                format!(" · {}", sanitize_line(e)),
                theme.error,
            ));
        }
        if y + 1 < area.y + area.height {
            put_line(buf, area, y + 1, &Line::from(detail));
        }
    }
}
