//! The account switcher: every account with its instance and unread count,
//! and a last row to add an account.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::app::{State, StreamStatus};
use crate::html::{sanitize_line, truncate_to_width};
use crate::ui::Theme;

/// Draws the switcher centred in `area`, `selected` highlighted.
pub fn render(buf: &mut Buffer, area: Rect, state: &State, selected: usize, theme: &Theme) {
    let rows = state.accounts.len() as u16 + 1;
    let Some(inner) = crate::ui::widgets::overlay(
        buf,
        area,
        64,
        rows + 2,
        crate::app::views::switcher::HINT,
        theme,
    ) else {
        return;
    };
    let w = inner.width as usize;
    // Keep the selected row visible in a short box.
    let first = selected.saturating_sub(inner.height.saturating_sub(1) as usize);
    for (row, i) in (first..=state.accounts.len()).enumerate() {
        if row >= inner.height as usize {
            break;
        }
        let is_sel = i == selected;
        let marker = if is_sel { "▶ " } else { "  " };
        let line = if let Some(acc) = state.accounts.get(i) {
            let active = if i == state.active { "●" } else { " " };
            let unread = state.unread(i);
            let badge = if unread > 0 {
                format!(" · {unread} new")
            } else {
                String::new()
            };
            let warn = if acc.needs_login {
                " · needs login"
            } else if acc.stream == StreamStatus::Polling {
                " · polling"
            } else {
                ""
            };
            let text = format!(
                "{marker}{active} {}  {}{badge}{warn}",
                sanitize_line(&acc.label),
                sanitize_line(&acc.instance)
            );
            let style = if is_sel {
                theme.selected_name
            } else {
                theme.text
            };
            Line::from(Span::styled(truncate_to_width(&text, w), style))
        } else {
            let style = if is_sel {
                theme.selected_name
            } else {
                theme.dim
            };
            Line::from(Span::styled(
                truncate_to_width(&format!("{marker}+ Add an account…"), w),
                style,
            ))
        };
        crate::ui::widgets::put_line(buf, inner, inner.y + row as u16, &line);
    }
}
