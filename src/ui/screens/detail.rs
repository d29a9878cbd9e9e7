//! The detail pane of a wide terminal: beside the timeline, the selected
//! post in full (its text, pictures listed, links) with its thread around
//! it (the nearest ancestors above, the replies below), following the
//! selection. Only the cards that fit are laid out.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::api::entities::Status;
use crate::app::{AccountState, State};
use crate::html::{sanitize_line, truncate_to_width};
use crate::ui::Theme;
use crate::ui::widgets::put_line;
use crate::ui::widgets::status_card::{CardContext, card_lines};

/// Terminals at least this wide show the timeline and the detail side by
/// side; narrower ones keep one column.
pub const WIDE: u16 = crate::app::views::thread::DETAIL_MIN_WIDTH;
/// The timeline's width beside the detail: a readable measure.
pub const LIST_WIDTH: u16 = 100;

/// Draws the detail of the selected post into `area`.
pub fn render(buf: &mut Buffer, area: Rect, state: &State, acc: &AccountState, theme: &Theme) {
    if area.width < 10 || area.height == 0 {
        return;
    }
    // The separator down the left edge.
    for y in area.y..area.y + area.height {
        buf[(area.x, y)].set_symbol("│").set_style(theme.dim);
    }
    let inner = Rect::new(area.x + 2, area.y, area.width - 2, area.height);
    let Some(s) = crate::app::update::selected_status(acc) else {
        return;
    };
    let keys = &state.keymap;
    use crate::app::keymap::Command;
    let mut lines = vec![Line::from(Span::styled(
        truncate_to_width(
            &format!(
                "The selected post — {}: thread · {}: profile · {}: links",
                keys.key(Command::Select),
                keys.key(Command::OpenProfile),
                keys.key(Command::OpenLinks)
            ),
            inner.width as usize,
        ),
        theme.dim,
    ))];
    lines.push(Line::default());
    let width = inner.width.min(LIST_WIDTH);
    let height = inner.height as usize;
    let card = |st: &Status, width: u16| {
        card_lines(
            st,
            CardContext {
                width,
                now: state.now,
                selected: false,
                cw_expanded: state.cw_open(acc, &st.original().id),
                theme,
                translation: acc.translations.get(&st.original().id).map(String::as_str),
            },
        )
    };
    // The thread around it, once loaded (see `detail_due`).
    let focus = &s.original().id;
    let thread = acc.detail.as_ref().filter(|d| &d.focus == focus);
    let items = thread.map(|d| d.items.as_slice()).unwrap_or(&[]);
    let at = items.iter().position(|(id, _)| id == focus);
    // Its ancestors, the nearest first, in a third of the pane at most.
    if let Some(at) = at {
        let mut above: Vec<Line<'static>> = Vec::new();
        let mut shown = 0;
        for (id, _) in items[..at].iter().rev() {
            let Some(st) = acc.status(id.as_str()) else {
                continue;
            };
            let lines = card(st, width);
            if shown > 0 && above.len() + lines.len() > height / 3 {
                break;
            }
            above.splice(0..0, lines);
            shown += 1;
        }
        if shown < at {
            lines.push(Line::from(Span::styled(
                format!("↑ {} earlier in the thread", at - shown),
                theme.dim,
            )));
        }
        lines.extend(above);
    }
    // The post in full: the content warning open, as the reader asked for
    // it here.
    let cx = CardContext {
        width,
        now: state.now,
        // Marked as the post among its thread.
        selected: true,
        cw_expanded: true,
        theme,
        translation: acc.translations.get(focus).map(String::as_str),
    };
    lines.extend(card_lines(s, cx));
    // Where its links go.
    let doc = crate::ui::html_cache::document(s.original().id.as_str(), &s.original().content);
    let links = doc.links();
    if !links.is_empty() {
        lines.push(Line::from(Span::styled("Links", theme.strong)));
        for (i, l) in links.iter().enumerate() {
            lines.push(Line::from(vec![
                Span::styled(format!("[{}] ", i + 1), theme.dim),
                Span::styled(
                    truncate_to_width(&sanitize_line(&l.url), inner.width as usize - 5),
                    theme.link,
                ),
            ]));
        }
    }
    // Its replies, indented by depth, until the pane is full.
    match (thread, at) {
        (Some(t), Some(at)) if at + 1 < t.items.len() => {
            let base = t.items[at].1;
            lines.push(Line::default());
            lines.push(Line::from(Span::styled(
                format!("Replies ({})", t.items.len() - at - 1),
                theme.strong,
            )));
            for (id, depth) in &t.items[at + 1..] {
                if lines.len() >= height {
                    break;
                }
                let Some(st) = acc.status(id.as_str()) else {
                    continue;
                };
                let indent = depth.saturating_sub(base).saturating_sub(1).min(4) * 2;
                for l in card(st, width.saturating_sub(indent).max(20)) {
                    let mut spans = vec![Span::raw(" ".repeat(usize::from(indent)))];
                    spans.extend(l.spans);
                    lines.push(Line::from(spans));
                }
            }
        }
        (Some(t), _) if t.request.is_some() => {
            lines.push(Line::from(Span::styled("Loading the thread…", theme.dim)));
        }
        (Some(t), _) => {
            if let Some(e) = &t.error {
                lines.push(Line::from(Span::styled(
                    truncate_to_width(
                        &format!("The thread did not load: {}", sanitize_line(e)),
                        inner.width as usize,
                    ),
                    theme.dim,
                )));
            }
        }
        _ => {}
    }
    for (i, l) in lines.iter().take(inner.height as usize).enumerate() {
        put_line(buf, inner, inner.y + i as u16, l);
    }
}
