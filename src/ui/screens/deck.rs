//! The deck (`[ui] layout = "deck"`): the account's tabs side by side as
//! columns, as the web UI's advanced view shows them. The active tab is
//! the focused column; the tab keys move the focus, and the columns scroll
//! sideways so that it always shows. Each column is a virtualised list of
//! its own, so a frame costs what is visible in every column.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::app::{AccountState, State, Viewport};
use crate::html::truncate_to_width;
use crate::ui::Theme;
use crate::ui::widgets::put_line;

/// The narrowest column; fewer columns show when they would be narrower.
pub const MIN_COLUMN: u16 = 40;

/// The focused column's viewport, its list area, and its cards (index,
/// first row on screen).
pub type Focused = (Viewport, Rect, Vec<(usize, u16)>);

/// What the deck drew: the focused column, and each column's area and tab.
pub struct Drawn {
    pub focused: Option<Focused>,
    pub columns: Vec<(Rect, usize)>,
}

/// How many columns fit in `width`, for `tabs` tabs: 0 when fewer than two
/// would (then the single column is drawn instead).
pub fn columns_for(width: u16, tabs: usize) -> usize {
    let fit = usize::from((width + 1) / (MIN_COLUMN + 1));
    let n = fit.min(tabs);
    if n >= 2 { n } else { 0 }
}

/// Draws `n` columns (see [`columns_for`]) of `acc`'s tabs in `area`.
pub fn render(
    buf: &mut Buffer,
    area: Rect,
    state: &State,
    acc: &AccountState,
    n: usize,
    theme: &Theme,
) -> Drawn {
    let mut drawn = Drawn {
        focused: None,
        columns: Vec::new(),
    };
    let active = acc.active_tab.min(acc.tabs.len().saturating_sub(1));
    // The window of tabs shown: the focused one always in it.
    let first = (active + 1)
        .saturating_sub(n)
        .min(acc.tabs.len().saturating_sub(n));
    let gaps = n as u16 - 1;
    let width = (area.width - gaps) / n as u16;
    let mut x = area.x;
    for (k, index) in (first..first + n).enumerate() {
        let Some(tab) = acc.tabs.get(index) else {
            break;
        };
        // The last column takes what the division left.
        let w = if k + 1 == n {
            area.x + area.width - x
        } else {
            width
        };
        let column = Rect::new(x, area.y, w, area.height);
        let focused = index == active;
        // The header: the tab's name, bracketed and highlighted when focused.
        let title = if tab.unread > 0 {
            format!("{} ({})", tab.title(), tab.unread)
        } else {
            tab.title()
        };
        let (label, style) = if focused {
            (format!("[{title}]"), theme.tab_active)
        } else {
            (format!(" {title} "), theme.tab_inactive)
        };
        let label = truncate_to_width(&label, usize::from(w));
        put_line(
            buf,
            column,
            column.y,
            &Line::from(Span::styled(label, style)),
        );
        if column.height > 1 {
            let list = Rect::new(column.x, column.y + 1, column.width, column.height - 1);
            let (vp, placed) = super::timeline::render_placed(buf, list, state, acc, tab, theme);
            if focused {
                let rows = placed
                    .into_iter()
                    .map(|(i, y)| (i, list.y + y as u16))
                    .collect();
                drawn.focused = Some((vp, list, rows));
            }
        }
        drawn.columns.push((column, index));
        x += w;
        // A rule between two columns.
        if k + 1 < n && x < area.x + area.width {
            for y in area.y..area.y + area.height {
                buf[(x, y)].set_symbol("│").set_style(theme.dim);
            }
            x += 1;
        }
    }
    drawn
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_fit_the_width_and_the_tabs() {
        assert_eq!(columns_for(80, 4), 0, "one column is not a deck");
        assert_eq!(columns_for(81, 4), 2);
        assert_eq!(columns_for(120, 4), 2);
        assert_eq!(columns_for(123, 4), 3);
        assert_eq!(columns_for(220, 3), 3);
        assert_eq!(columns_for(220, 1), 0);
    }
}
