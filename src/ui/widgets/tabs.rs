//! The tab bar, with unread counts. When the tabs do not fit, the bar
//! scrolls so that the active one shows, with ‹ and › where tabs are
//! hidden.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::app::AccountState;
use crate::html::display_width;
use crate::ui::Theme;

/// Draws the tabs of `acc`; returns each fully shown tab's columns
/// `[x0, x1)` and index.
pub fn render(
    buf: &mut Buffer,
    area: Rect,
    acc: &AccountState,
    theme: &Theme,
) -> Vec<(u16, u16, usize)> {
    // The active tab is also bracketed, so that it reads without colour.
    let labels: Vec<String> = acc
        .tabs
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let (open, close) = if i == acc.active_tab {
                ('[', ']')
            } else {
                (' ', ' ')
            };
            if t.unread > 0 {
                format!("{open}{} ({}){close}", t.title(), t.unread)
            } else {
                format!("{open}{}{close}", t.title())
            }
        })
        .collect();
    // Each tab takes its label and a space.
    let widths: Vec<usize> = labels.iter().map(|l| display_width(l) + 1).collect();
    let avail = area.width as usize;
    let active = acc.active_tab.min(labels.len().saturating_sub(1));
    let total: usize = widths.iter().sum();
    let mut start = 0;
    if total > avail {
        // Room for "‹ " on the left and "›" on the right.
        while start < active && 2 + widths[start..=active].iter().sum::<usize>() + 1 > avail {
            start += 1;
        }
    }
    let mut spans = Vec::new();
    let mut placed = Vec::new();
    let mut x = area.x as usize;
    let right = area.x as usize + avail;
    if start > 0 {
        spans.push(Span::styled("‹ ", theme.help_key));
        x += 2;
    }
    let mut hidden_right = false;
    for (i, label) in labels.iter().enumerate().skip(start) {
        let w = widths[i] - 1;
        // The last column is kept for "›" while tabs remain after this one.
        let limit = if i + 1 < labels.len() {
            right.saturating_sub(1)
        } else {
            right
        };
        if x + w > limit {
            hidden_right = true;
            break;
        }
        let style = if i == acc.active_tab {
            theme.tab_active
        } else {
            theme.tab_inactive
        };
        placed.push((x as u16, (x + w) as u16, i));
        spans.push(Span::styled(label.clone(), style));
        spans.push(Span::raw(" "));
        x += w + 1;
    }
    if !hidden_right {
        // Where the reader is inside the views, e.g. "› Thread › @alice".
        for v in &acc.views {
            spans.push(Span::styled(
                format!("› {} ", crate::html::sanitize_line(&v.title())),
                theme.boost,
            ));
        }
    }
    super::put_line(buf, area, area.y, &Line::from(spans));
    if hidden_right && area.width > 0 {
        let last = area.x + area.width - 1;
        buf[(last, area.y)]
            .set_symbol("›")
            .set_style(theme.help_key);
    }
    placed
}
