//! The tab bar, with unread counts.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::app::AccountState;
use crate::ui::Theme;

/// Draws the tabs of `acc`; returns each tab's columns `[x0, x1)`.
pub fn render(
    buf: &mut Buffer,
    area: Rect,
    acc: &AccountState,
    theme: &Theme,
) -> Vec<(u16, u16, usize)> {
    let mut spans = Vec::new();
    let mut placed = Vec::new();
    let mut x = area.x;
    for (i, t) in acc.tabs.iter().enumerate() {
        let label = if t.unread > 0 {
            format!(" {} ({}) ", t.title(), t.unread)
        } else {
            format!(" {} ", t.title())
        };
        let style = if i == acc.active_tab {
            theme.tab_active
        } else {
            theme.tab_inactive
        };
        let w = unicode_width::UnicodeWidthStr::width(label.as_str()) as u16;
        placed.push((x, x.saturating_add(w).min(area.x + area.width), i));
        x = x.saturating_add(w + 1);
        spans.push(Span::styled(label, style));
        spans.push(Span::raw(" "));
    }
    // Where the reader is inside the views, e.g. "› Thread › @alice".
    for v in &acc.views {
        spans.push(Span::styled(
            format!("› {} ", crate::html::sanitize_line(&v.title())),
            theme.boost,
        ));
    }
    super::put_line(buf, area, area.y, &Line::from(spans));
    placed.retain(|(x0, _, _)| *x0 < area.x + area.width);
    placed
}
