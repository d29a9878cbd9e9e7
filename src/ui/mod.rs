//! Rendering: a pure function of `&State` into a ratatui frame. No I/O here.
//!
//! [`render`] returns what it laid out ([`RenderInfo`]) so the loop can feed
//! the viewport back to `update` as an action; the state itself is never
//! touched from here.

pub mod emoji;
pub mod html_cache;
pub mod hyperlinks;
pub mod images;
pub mod screens;
pub mod theme;
pub mod time_fmt;
pub mod widgets;

use ratatui::Frame;
use ratatui::layout::Rect;

use crate::app::{State, Viewport};

pub use theme::Theme;

/// The timeline's and the detail's areas on a wide terminal (with the
/// automatic layout only).
fn wide_split(state: &State, r: Rect) -> Option<(Rect, Rect)> {
    if r.width < screens::detail::WIDE || state.layout != crate::app::Layout::Auto {
        return None;
    }
    let list_w = screens::detail::LIST_WIDTH;
    Some((
        Rect::new(r.x, r.y, list_w, r.height),
        Rect::new(r.x + list_w, r.y, r.width - list_w, r.height),
    ))
}

/// The terminal window's title: trompe, the account, and the tab or view
/// on screen (`trompe — alice@example.org · Home`), sanitised.
pub fn window_title(state: &State) -> String {
    let Some(acc) = state.account() else {
        return "trompe".into();
    };
    let place = match acc.views.last() {
        Some(v) => v.title(),
        None => acc.tab().map(|t| t.title()).unwrap_or_default(),
    };
    let text = if place.is_empty() {
        format!("trompe — {}", acc.label)
    } else {
        format!("trompe — {} · {place}", acc.label)
    };
    crate::html::sanitize_line(&text)
        .chars()
        .filter(|c| !c.is_control())
        .take(120)
        .collect()
}

/// What the last render laid out.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RenderInfo {
    /// The active tab and its viewport, when a timeline was drawn.
    pub timeline: Option<(usize, Viewport)>,
    /// The tab bar's row, and each tab's columns `[x0, x1)` (for the mouse).
    pub tabs: Option<(u16, Vec<TabSpan>)>,
    /// The active tab's list when it is drawn (no view over it): its area,
    /// and each drawn card's index and first row on screen.
    pub cards: Option<(Rect, Vec<(usize, u16)>)>,
    /// The deck's columns and their tabs, when it is drawn.
    pub columns: Vec<(Rect, usize)>,
    /// Custom emoji pictures the frame would have drawn and did not have
    /// (see [`emoji`]), for the loop to fetch.
    pub emoji_wanted: Vec<String>,
}

impl RenderInfo {
    /// What is at a cell, for a click there; the word under it is found
    /// by the caller, from the frame.
    pub fn hit(&self, x: u16, y: u16) -> Option<HitAt> {
        if let Some((row, tabs)) = &self.tabs {
            if *row == y {
                return tabs
                    .iter()
                    .find(|(x0, x1, _)| (*x0..*x1).contains(&x))
                    .map(|(_, _, i)| HitAt::Tab(*i));
            }
        }
        let inside = |area: &Rect| {
            (area.x..area.x + area.width).contains(&x)
                && (area.y..area.y + area.height).contains(&y)
        };
        // In the deck, a click on another column focuses it.
        let column = || {
            self.columns
                .iter()
                .find(|(area, _)| inside(area))
                .map(|(_, i)| HitAt::Tab(*i))
        };
        let Some((_, cards)) = self.cards.as_ref().filter(|(area, _)| inside(area)) else {
            return column();
        };
        cards
            .iter()
            .rev()
            .find(|(_, top)| *top <= y)
            .map(|(i, _)| HitAt::Card(*i))
    }
}

/// A tab's columns in the tab bar, `[x0, x1)`, and its index.
pub type TabSpan = (u16, u16, usize);

/// What [`RenderInfo::hit`] found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HitAt {
    Tab(usize),
    Card(usize),
}

/// Draws the whole screen, image previews with `previews`.
pub fn render(
    frame: &mut Frame<'_>,
    state: &State,
    theme: &Theme,
    previews: &mut images::Previews,
) -> RenderInfo {
    let area = frame.area();
    let buf = frame.buffer_mut();
    render_buffer_with(buf, area, state, theme, previews)
}

/// Draws into a buffer, image previews in halfblocks (the tests).
pub fn render_buffer(
    buf: &mut ratatui::buffer::Buffer,
    area: Rect,
    state: &State,
    theme: &Theme,
) -> RenderInfo {
    render_buffer_with(buf, area, state, theme, &mut images::Previews::halfblocks())
}

/// Draws into a buffer, image previews with `previews`. Where they draw
/// real pictures (not halfblocks), custom emoji are pictures too.
pub fn render_buffer_with(
    buf: &mut ratatui::buffer::Buffer,
    area: Rect,
    state: &State,
    theme: &Theme,
    previews: &mut images::Previews,
) -> RenderInfo {
    previews.begin_frame();
    let pictures = previews.real_graphics() && state.images.enabled() && !overlay_open(state);
    if pictures {
        emoji::begin(&state.images);
    }
    let mut info = render_screen(buf, area, state, theme, previews);
    if pictures {
        let (slots, wanted) = emoji::end(buf);
        previews.draw_in_frame(buf, &slots, state);
        info.emoji_wanted = wanted;
    }
    info
}

/// Whether something is drawn over the screen (help, compose, login, the
/// switcher, a small picker): terminal graphics (sixel, kitty, iTerm2)
/// would show through it, so no pictures are drawn meanwhile.
fn overlay_open(state: &State) -> bool {
    state.show_help
        || state.compose.is_some()
        || state.login.is_some()
        || state.switcher.is_some()
        || state
            .account()
            .and_then(|a| a.views.last())
            .is_some_and(screens::views::is_overlay)
}

/// Draws the screen (see [`render_buffer_with`]).
fn render_screen(
    buf: &mut ratatui::buffer::Buffer,
    area: Rect,
    state: &State,
    theme: &Theme,
    previews: &mut images::Previews,
) -> RenderInfo {
    let mut info = RenderInfo::default();
    if area.width == 0 || area.height == 0 {
        return info;
    }
    let Some(acc) = state.account() else {
        match &state.login {
            Some(form) => screens::login::render(buf, area, form, true, theme),
            None => screens::timeline::render_empty(buf, area, theme),
        }
        return info;
    };
    // Layout: tabs (1) · banner (0/1) · list · toasts (0..n) · status bar (1).
    let row = |y: u16, n: u16| Rect::new(area.x, y, area.width, n);
    let mut y = area.y;
    let tabs_area = if area.height >= 3 {
        y += 1;
        Some(row(area.y, 1))
    } else {
        None
    };
    let banner_area = if acc.needs_login && area.height >= 4 {
        y += 1;
        Some(row(y - 1, 1))
    } else {
        None
    };
    let bottom = area.y + area.height;
    let status_rows = u16::from(area.height >= 2);
    let toasts = state.toasts();
    let toast_rows = (toasts.len() as u16).min(area.height.saturating_sub(3) / 2);
    let prompt_rows = u16::from(state.prompt.is_some() && area.height >= 4);
    let list_rows = bottom
        .saturating_sub(y)
        .saturating_sub(toast_rows + status_rows + prompt_rows);
    let list_area = (list_rows > 0).then(|| row(y, list_rows));
    let toast_area = (toast_rows > 0).then(|| row(y + list_rows, toast_rows));
    let status_area = (status_rows > 0).then(|| row(bottom - 1, 1));
    let prompt_area = (prompt_rows > 0).then(|| row(bottom - 1 - status_rows, prompt_rows));

    if let Some(r) = tabs_area {
        info.tabs = Some((r.y, widgets::tabs::render(buf, r, acc, theme)));
    }
    if let Some(r) = banner_area {
        widgets::banner::render_login_needed(buf, r, acc, theme);
    }
    if let Some(r) = list_area {
        // The top view that is not a small picker covers the tabs' list.
        let base_view = acc
            .views
            .iter()
            .enumerate()
            .rev()
            .find(|(_, v)| !screens::views::is_overlay(v));
        match base_view {
            Some((i, v)) => {
                let mut slots = Vec::new();
                let vp = screens::views::render(buf, r, state, acc, v, theme, &mut slots);
                if let Some(vp) = vp {
                    info.timeline = Some((app_view_ref(i, v), vp));
                }
                if !overlay_open(state) {
                    previews.draw_in_frame(buf, &slots, state);
                }
            }
            None => {
                let deck = match state.layout {
                    crate::app::Layout::Deck => screens::deck::columns_for(r.width, acc.tabs.len()),
                    _ => 0,
                };
                if deck > 0 {
                    let d = screens::deck::render(buf, r, state, acc, deck, theme);
                    if let Some((vp, list, rows)) = d.focused {
                        info.timeline = Some((acc.active_tab, vp));
                        info.cards = Some((list, rows));
                    }
                    info.columns = d.columns;
                } else if let Some(tab) = acc.tabs.get(acc.active_tab) {
                    // A wide terminal: the timeline at a readable width, and
                    // the selected post in full beside it.
                    let (list, detail) = match wide_split(state, r) {
                        Some((list, detail)) => (list, Some(detail)),
                        None => (r, None),
                    };
                    let (vp, placed) =
                        screens::timeline::render_placed(buf, list, state, acc, tab, theme);
                    info.timeline = Some((acc.active_tab, vp));
                    let rows = placed
                        .into_iter()
                        .map(|(i, y)| (i, list.y + y as u16))
                        .collect();
                    info.cards = Some((list, rows));
                    if let Some(d) = detail.filter(|_| state.compose.is_none()) {
                        screens::detail::render(buf, d, state, acc, theme);
                    }
                }
            }
        }
        if let Some(v) = acc.views.last().filter(|v| screens::views::is_overlay(v)) {
            screens::views::render(buf, r, state, acc, v, theme, &mut Vec::new());
        }
    }
    if let Some(r) = prompt_area {
        widgets::prompt::render(buf, r, state, theme);
    }
    if let Some(r) = toast_area {
        widgets::toast::render(buf, r, &toasts, theme);
    }
    if let Some(r) = status_area {
        widgets::status_bar::render(buf, r, state, acc, theme);
    }
    if let Some(sel) = state.switcher {
        screens::switcher::render(buf, area, state, sel, theme);
    }
    if let Some(c) = &state.compose {
        // Docked beside the timeline on a wide terminal (when no view
        // covers it), floating over the screen otherwise.
        let docked = list_area
            .filter(|_| acc.views.iter().all(screens::views::is_overlay))
            .and_then(|r| wide_split(state, r))
            .map(|(_, d)| Rect::new(d.x + 1, d.y, d.width.saturating_sub(1), d.height));
        screens::compose::render(buf, docked.unwrap_or(area), state, c, theme);
    }
    if let Some(form) = &state.login {
        screens::login::render(buf, area, form, false, theme);
    }
    if state.show_help {
        screens::help::render(
            buf,
            area,
            state.help_scroll,
            &state.keymap,
            theme,
            state.compose.is_some(),
        );
    }
    info
}

/// The viewport reference of view `i`: thread views report as their own
/// reference space, lists embedded in views as `VIEW_TAB_BASE + i`.
fn app_view_ref(i: usize, _v: &crate::app::View) -> usize {
    crate::app::views::VIEW_TAB_BASE + i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_window_title_names_the_account_and_the_place_without_controls() {
        let mut acc =
            crate::app::AccountState::new("alice@example.org\u{1b}]0;evil\u{7}", "example.org");
        acc.views.clear();
        let state = State::new(vec![acc], time::OffsetDateTime::UNIX_EPOCH);
        let t = window_title(&state);
        assert!(t.starts_with("trompe — alice@example.org"), "{t}");
        assert!(t.ends_with("· Home"), "{t}");
        assert!(!t.chars().any(|c| c.is_control()), "{t:?}");
    }
}
