//! The view on top of the tabs: dispatches to its screen (one file each
//! beside this one) and draws a text page (raw JSON, edit history,
//! messages) itself.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::app::views::View;
use crate::app::{AccountState, State, Viewport};
use crate::html::{sanitize_line, truncate_to_width, wrap_text};
use crate::ui::Theme;
use crate::ui::widgets::put_line;

use crate::ui::images::ImageSlot;

/// Draws the top view; returns the viewport of its list, if it has one.
pub fn render(
    buf: &mut Buffer,
    area: Rect,
    state: &State,
    acc: &AccountState,
    view: &View,
    theme: &Theme,
    slots: &mut Vec<ImageSlot>,
) -> Option<Viewport> {
    match view {
        View::Thread(t) => Some(super::thread::thread(
            buf, area, state, acc, t, theme, slots,
        )),
        View::Profile(p) => super::profile::profile(buf, area, state, acc, p, theme),
        View::Search(s) => {
            super::search::search(buf, area, s, theme);
            None
        }
        View::Instance { scroll } => {
            super::instance::instance(buf, area, acc, *scroll, &state.keymap, theme);
            None
        }
        View::Links(l) => {
            super::links::links(buf, area, l, &state.keymap, theme);
            None
        }
        View::Poll(p) => {
            super::poll::poll(buf, area, p, theme);
            None
        }
        View::Requests(r) => {
            super::requests::requests(buf, area, r, &state.keymap, theme);
            None
        }
        View::People(p) => {
            super::people::people(buf, area, p, &state.keymap, theme);
            None
        }
        View::Scheduled(s) => {
            super::scheduled::scheduled(buf, area, s, state.zone, &state.keymap, theme);
            None
        }
        View::Subscriptions(v) => {
            super::subscriptions::subscriptions(buf, area, v, state.now, &state.keymap, theme);
            None
        }
        View::Lists(l) => {
            super::lists::lists(buf, area, l, &state.keymap, theme);
            None
        }
        View::Filters(f) => {
            super::filters::render(buf, area, f, &state.keymap, theme);
            None
        }
        View::Menu(m) => {
            super::menu::menu(buf, area, m, &state.keymap, theme);
            None
        }
        View::Tags(t) => {
            super::tags::tags(buf, area, t, &state.keymap, theme);
            None
        }
        View::Drafts {
            drafts,
            selected,
            loading,
        } => {
            super::drafts::drafts(buf, area, drafts, *selected, *loading, &state.keymap, theme);
            None
        }
        View::Raw { text, scroll } => {
            let lines: Vec<&str> = text.lines().collect();
            let start = (*scroll as usize).min(lines.len().saturating_sub(1));
            for (row, l) in lines
                .iter()
                .skip(start)
                .take(area.height as usize)
                .enumerate()
            {
                let t = truncate_to_width(&format!(" {}", sanitize_line(l)), area.width as usize);
                put_line(buf, area, area.y + row as u16, &Line::from(t));
            }
            None
        }
        View::Confirm { text, .. } => {
            super::confirm::confirm(buf, area, text, &state.keymap, theme);
            None
        }
    }
}

/// The view under an overlay (links/poll pickers show over the previous one).
pub fn is_overlay(view: &View) -> bool {
    matches!(
        view,
        View::Links(_) | View::Poll(_) | View::Menu(_) | View::Confirm { .. }
    )
}

pub(super) fn message(buf: &mut Buffer, area: Rect, text: &str, style: ratatui::style::Style) {
    for (i, l) in wrap_text(text, area.width.saturating_sub(2).max(1))
        .iter()
        .enumerate()
    {
        put_line(
            buf,
            area,
            area.y + i as u16,
            &Line::from(Span::styled(format!(" {l}"), style)),
        );
    }
}
