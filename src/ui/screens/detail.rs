//! The detail pane of a wide terminal: beside the timeline, the selected
//! post in full (its text, pictures listed, links), following the
//! selection.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::api::entities::Status;
use crate::app::{AccountState, State, TabKind, TimelineTab};
use crate::html::{sanitize_line, truncate_to_width};
use crate::ui::Theme;
use crate::ui::widgets::put_line;
use crate::ui::widgets::status_card::{CardContext, card_lines};

/// Terminals at least this wide show the timeline and the detail side by
/// side; narrower ones keep one column.
pub const WIDE: u16 = 160;
/// The timeline's width beside the detail: a readable measure.
pub const LIST_WIDTH: u16 = 100;

/// The post a tab's selection shows in detail, if any.
fn selected_status<'a>(acc: &'a AccountState, tab: &TimelineTab) -> Option<&'a Status> {
    let id = tab.selected_id()?;
    match tab.kind {
        TabKind::Timeline(_) | TabKind::Relay => acc.status(id),
        TabKind::Notifications(_) => acc.notifications.get(id)?.status.as_ref(),
        TabKind::Conversations => acc.conversations.get(id)?.last_status.as_ref(),
    }
}

/// Draws the detail of `tab`'s selected post into `area`.
pub fn render(
    buf: &mut Buffer,
    area: Rect,
    state: &State,
    acc: &AccountState,
    tab: &TimelineTab,
    theme: &Theme,
) {
    if area.width < 10 || area.height == 0 {
        return;
    }
    // The separator down the left edge.
    for y in area.y..area.y + area.height {
        buf[(area.x, y)].set_symbol("│").set_style(theme.dim);
    }
    let inner = Rect::new(area.x + 2, area.y, area.width - 2, area.height);
    let Some(s) = selected_status(acc, tab) else {
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
    // In full: the content warning open, as the reader asked for it here.
    let cx = CardContext {
        width: inner.width.min(LIST_WIDTH),
        now: state.now,
        selected: false,
        cw_expanded: true,
        theme,
        translation: acc.translations.get(&s.original().id).map(String::as_str),
    };
    lines.extend(card_lines(s, cx));
    // Where its links go.
    let doc = crate::html::Document::parse(&s.original().content);
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
    for (i, l) in lines.iter().take(inner.height as usize).enumerate() {
        put_line(buf, inner, inner.y + i as u16, l);
    }
}
