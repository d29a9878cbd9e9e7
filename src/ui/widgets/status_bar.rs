//! The status bar: account, instance, tab position and connection state.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::app::{AccountState, State, StreamStatus};
use crate::html::{display_width, sanitize_line, truncate_to_width};
use crate::ui::Theme;

/// Draws the bar on the area's first row.
pub fn render(buf: &mut Buffer, area: Rect, state: &State, acc: &AccountState, theme: &Theme) {
    super::fill_row(buf, area, area.y, theme.status_bar);
    let (conn, conn_style) = match &acc.stream {
        StreamStatus::Live => ("● live".to_string(), theme.live),
        StreamStatus::Connecting => ("○ connecting".to_string(), theme.reconnecting),
        StreamStatus::Reconnecting { attempt } => {
            (format!("◌ reconnecting ({attempt})"), theme.reconnecting)
        }
        StreamStatus::Polling => ("◍ polling".to_string(), theme.reconnecting),
        StreamStatus::Offline => ("○ offline".to_string(), theme.status_bar),
    };
    // The position in what is on screen: a view's own list (a profile's
    // posts), a thread's posts, or the tab when no view is open.
    // Pickers and dialogs float over the view under them: its position.
    let base = acc
        .views
        .iter()
        .rev()
        .find(|v| !crate::ui::screens::views::is_overlay(v));
    if let Some(crate::app::View::Thread(t)) = base {
        let pos = if t.items.is_empty() {
            String::new()
        } else {
            format!(" {}/{}", t.selected + 1, t.items.len())
        };
        return draw(buf, area, state, acc, theme, pos, conn, conn_style);
    }
    let list = match base {
        Some(v) => v.tab(),
        None => acc.tab(),
    };
    let pos = list
        .map(|t| {
            let new = if t.unread > 0 && t.selected > 0 {
                format!(" ▲ {} new (g)", t.unread)
            } else {
                String::new()
            };
            // Drawn from the local cache: how old, and whether the server
            // could not be reached.
            let cached = match t.cached {
                Some(at) if t.error.is_some() => format!(
                    " ⚠ offline, cached {}",
                    crate::ui::time_fmt::relative(Some(at), state.now)
                ),
                Some(at) => format!(
                    " cached {}",
                    crate::ui::time_fmt::relative(Some(at), state.now)
                ),
                None => String::new(),
            };
            if t.ids.is_empty() {
                new
            } else {
                format!("{cached}{new} {}/{}", t.selected + 1, t.ids.len())
            }
        })
        .unwrap_or_default();
    draw(buf, area, state, acc, theme, pos, conn, conn_style);
}

#[allow(clippy::too_many_arguments)]
fn draw(
    buf: &mut Buffer,
    area: Rect,
    state: &State,
    acc: &AccountState,
    theme: &Theme,
    pos: String,
    conn: String,
    conn_style: ratatui::style::Style,
) {
    let who = sanitize_line(&acc.label);
    let mut left = format!(" {who}");
    if state.accounts.len() > 1 {
        left.push_str(&format!(" [{}/{}]", state.active + 1, state.accounts.len()));
    }
    let help_key = state.keymap.key(crate::app::keymap::Command::ToggleHelp);
    let right = format!("{pos}  {conn}  {help_key} help ");
    let width = area.width as usize;
    let right_w = display_width(&right);
    let left = truncate_to_width(&left, width.saturating_sub(right_w + 1));
    let pad = width.saturating_sub(display_width(&left) + right_w);
    let line = Line::from(vec![
        Span::styled(left, theme.status_bar),
        Span::styled(" ".repeat(pad), theme.status_bar),
        Span::styled(pos, theme.status_bar),
        Span::styled("  ", theme.status_bar),
        Span::styled(conn, conn_style),
        Span::styled(format!("  {help_key} help "), theme.status_bar),
    ]);
    super::put_line(buf, area, area.y, &line);
}
