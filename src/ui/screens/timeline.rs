//! The timeline screen: a virtualised list of status cards. Only the cards
//! between the first visible one and the bottom of the area are laid out, so
//! the cost follows the screen, not the length of the timeline.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::app::timeline::Loading;
use crate::app::{AccountState, State, TabKind, TimelineTab, Viewport};
use crate::html::{sanitize_line, wrap_text};
use crate::ui::Theme;
use crate::ui::widgets::notification_card::notification_lines;
use crate::ui::widgets::put_line;
use crate::ui::widgets::status_card::{CardContext, card_lines};

/// Shown when there is no account at all.
pub fn render_empty(buf: &mut Buffer, area: Rect, theme: &Theme) {
    put_line(
        buf,
        area,
        area.y,
        &Line::from(Span::styled("No account.", theme.dim)),
    );
}

fn centered_message(buf: &mut Buffer, area: Rect, text: &str, style: ratatui::style::Style) {
    let lines = wrap_text(text, area.width.saturating_sub(2).max(1));
    let start = area.y + area.height.saturating_sub(lines.len() as u16) / 2;
    for (i, l) in lines.iter().enumerate() {
        let y = start + i as u16;
        if y >= area.y + area.height {
            break;
        }
        put_line(
            buf,
            area,
            y,
            &Line::from(Span::styled(format!(" {l}"), style)),
        );
    }
}

fn card_for(
    state: &State,
    acc: &AccountState,
    tab: &TimelineTab,
    index: usize,
    width: u16,
    theme: &Theme,
) -> Vec<Line<'static>> {
    let unavailable = || {
        vec![
            Line::from(Span::styled("  (unavailable)", theme.dim)),
            Line::default(),
        ]
    };
    let Some(id) = tab.ids.get(index) else {
        return unavailable();
    };
    let mut cx = CardContext {
        width,
        now: state.now,
        selected: index == tab.selected,
        cw_expanded: false,
        theme,
        translation: None,
    };
    match tab.kind {
        TabKind::Timeline(_) | TabKind::Relay => {
            let Some(status) = acc.status(id) else {
                return unavailable();
            };
            cx.cw_expanded = state.cw_open(acc, &status.original().id);
            cx.translation = acc
                .translations
                .get(&status.original().id)
                .map(String::as_str);
            card_lines(status, cx)
        }
        TabKind::Notifications(_) => {
            let Some(n) = acc.notifications.get(id) else {
                return unavailable();
            };
            if let Some(s) = &n.status {
                cx.cw_expanded = state.cw_open(acc, &s.original().id);
            }
            notification_lines(n, acc.notification_groups.get(id), cx)
        }
        TabKind::Conversations => {
            let Some(c) = acc.conversations.get(id) else {
                return unavailable();
            };
            if let Some(s) = &c.last_status {
                cx.cw_expanded = state.cw_open(acc, &s.original().id);
            }
            crate::ui::widgets::conversation_card::conversation_lines(c, cx)
        }
    }
}

/// Draws the tab's list and returns the viewport it laid out.
pub fn render(
    buf: &mut Buffer,
    area: Rect,
    state: &State,
    acc: &AccountState,
    tab: &TimelineTab,
    theme: &Theme,
) -> Viewport {
    render_placed(buf, area, state, acc, tab, theme).0
}

/// [`render`], also telling where each drawn card starts: (index, row
/// from the top of `area`), for the mouse.
pub fn render_placed(
    buf: &mut Buffer,
    area: Rect,
    state: &State,
    acc: &AccountState,
    tab: &TimelineTab,
    theme: &Theme,
) -> (Viewport, Vec<(usize, usize)>) {
    if tab.ids.is_empty() {
        let msg = if let Some(e) = &tab.error {
            format!(
                "Could not load {}: {} — press {} to retry",
                tab.title(),
                sanitize_line(e),
                state.keymap.key(crate::app::keymap::Command::Refresh)
            )
        } else if tab.initial != Loading::Idle || !tab.loaded {
            format!("Loading {}…", tab.title())
        } else if tab.kind == TabKind::Relay {
            use crate::app::keymap::Command;
            format!(
                "Nothing has come to the node yet. {} opens its subscriptions, where {} follows an account or a relay.",
                state.keymap.key(Command::ShowSubscriptions),
                state.keymap.key(Command::Subscribe)
            )
        } else {
            format!(
                "Nothing here yet. Press {} to refresh.",
                state.keymap.key(crate::app::keymap::Command::Refresh)
            )
        };
        let style = if tab.error.is_some() {
            theme.cw_banner
        } else {
            theme.dim
        };
        centered_message(buf, area, &msg, style);
        return (Viewport::default(), Vec::new());
    }
    let (viewport, y, placed) = render_list_placed(
        buf,
        area,
        tab.ids.len(),
        tab.selected,
        tab.viewport.top,
        &|index| card_for(state, acc, tab, index, area.width, theme),
    );
    let (top, shown) = (viewport.top, viewport.shown);
    let height = area.height as usize;
    let index = top + shown;
    if y < height && index >= tab.ids.len() {
        let footer = if tab.older != Loading::Idle {
            "  Loading older posts…".to_string()
        } else if tab.cached.is_some() && tab.error.is_some() {
            format!(
                "  Offline: these posts are from the local cache — press {} to try again",
                state.keymap.key(crate::app::keymap::Command::Refresh)
            )
        } else if tab.cached.is_some() {
            "  From the local cache; asking the server…".to_string()
        } else if let Some(e) = &tab.error {
            format!(
                "  {} — press {} to retry",
                sanitize_line(e),
                state.keymap.key(crate::app::keymap::Command::Refresh)
            )
        } else if tab.reached_end || tab.next.is_none() {
            "  — end of timeline —".to_string()
        } else {
            String::new()
        };
        put_line(
            buf,
            area,
            area.y + y as u16,
            &Line::from(Span::styled(footer, theme.dim)),
        );
    }
    (Viewport { top, shown }, placed)
}

/// Lays out a virtualised list: only the cards from the first visible one to
/// the bottom of `area` are built. The first card is `top` unless the
/// selection left the screen, in which case it is moved just enough to show
/// the selected card. Returns the viewport and the first free row.
pub fn render_list(
    buf: &mut Buffer,
    area: Rect,
    len: usize,
    selected: usize,
    top: usize,
    card: &dyn Fn(usize) -> Vec<Line<'static>>,
) -> (Viewport, usize) {
    let (vp, y, _) = render_list_placed(buf, area, len, selected, top, card);
    (vp, y)
}

/// [`render_list`], also telling where each drawn card starts: (index, row
/// from the top of `area`).
pub fn render_list_placed(
    buf: &mut Buffer,
    area: Rect,
    len: usize,
    selected: usize,
    top: usize,
    card: &dyn Fn(usize) -> Vec<Line<'static>>,
) -> (Viewport, usize, Vec<(usize, usize)>) {
    let mut placed = Vec::new();
    if len == 0 || area.height == 0 {
        return (Viewport::default(), 0, placed);
    }
    let height = area.height as usize;
    let selected = selected.min(len - 1);
    let mut top = top.min(selected);
    // Each card is built once per frame, whether measured or drawn.
    let mut built: std::collections::HashMap<usize, Vec<Line<'static>>> =
        std::collections::HashMap::new();
    let mut card =
        |i: usize| -> Vec<Line<'static>> { built.entry(i).or_insert_with(|| card(i)).clone() };
    let mut used = card(selected).len();
    let mut t = selected;
    let mut fits_from = selected;
    while t > top {
        let h = card(t - 1).len();
        if used + h > height {
            break;
        }
        used += h;
        t -= 1;
        fits_from = t;
    }
    if fits_from > top {
        top = fits_from;
    }
    let mut y = 0usize;
    let mut index = top;
    let mut shown = 0;
    while y < height && index < len {
        placed.push((index, y));
        for l in card(index) {
            if y >= height {
                break;
            }
            put_line(buf, area, area.y + y as u16, &l);
            y += 1;
        }
        shown += 1;
        index += 1;
    }
    (Viewport { top, shown }, y, placed)
}
