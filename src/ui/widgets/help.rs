//! The key list, generated from the keymap table itself, then the `:`
//! commands and the compose keys. It scrolls (j/k) when the screen is short.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::app::keymap::{BINDINGS, display_key};
use crate::app::navigate::COMMANDS;
use crate::ui::Theme;

/// The keys of the compose pane (handled as text input, so not in the keymap).
const COMPOSE_KEYS: &[(&str, &str)] = &[
    ("ctrl-s", "send (the draft stays if it fails)"),
    ("Esc", "close, keeping the draft"),
    ("Tab", "next field: text, content warning, poll"),
    ("ctrl-v / ctrl-k", "visibility / sensitive"),
    ("ctrl-l", "language (a list; type to filter)"),
    ("ctrl-e", "edit the text in $VISUAL / $EDITOR"),
    ("ctrl-o", "attach a file, alt text, focus"),
    (
        "ctrl-p / ctrl-t / ctrl-u",
        "poll on-off / duration / single-multiple",
    ),
    ("ctrl-r", "poll: hide totals until the end"),
    ("ctrl-g", "who may quote it (newer servers)"),
    ("ctrl-d", "schedule (+1h, 2026-12-01 09:00)"),
    ("ctrl-z / ctrl-y", "undo / redo"),
];

/// Every line of the help, in order.
fn lines(theme: &Theme, key_col: usize) -> Vec<Line<'static>> {
    let row = |k: String, h: &str| {
        Line::from(vec![
            Span::styled(format!(" {k:<key_col$}"), theme.help_key),
            Span::styled(h.to_string(), theme.text),
        ])
    };
    let mut out: Vec<Line<'static>> = BINDINGS
        .iter()
        .map(|b| {
            let keys: Vec<&str> = b.keys.iter().map(|k| display_key(k)).collect();
            row(keys.join(" "), b.help)
        })
        .collect();
    out.push(Line::default());
    out.push(Line::from(Span::styled(
        " Commands (press :)",
        theme.strong,
    )));
    out.extend(COMMANDS.iter().map(|(c, h)| row(c.to_string(), h)));
    out.push(Line::default());
    out.push(Line::from(Span::styled(
        " In the compose pane",
        theme.strong,
    )));
    out.extend(COMPOSE_KEYS.iter().map(|(c, h)| row(c.to_string(), h)));
    out
}

/// Draws the help overlay centred in `area`, scrolled by `scroll` rows.
pub fn render(buf: &mut Buffer, area: Rect, scroll: u16, theme: &Theme) {
    let key_col = BINDINGS
        .iter()
        .map(|b| {
            b.keys
                .iter()
                .map(|k| display_key(k).len() + 1)
                .sum::<usize>()
        })
        .chain(COMMANDS.iter().map(|(c, _)| c.len() + 1))
        .chain(COMPOSE_KEYS.iter().map(|(c, _)| c.len() + 1))
        .max()
        .unwrap_or(10)
        + 1;
    let help_col = BINDINGS
        .iter()
        .map(|b| b.help.len())
        .chain(COMMANDS.iter().map(|(_, h)| h.len()))
        .max()
        .unwrap_or(10);
    let all = lines(theme, key_col);
    let title = if all.len() + 2 > area.height as usize {
        " keys — j/k scroll, Esc or ? closes "
    } else {
        " keys — Esc or ? closes "
    };
    let Some(inner) = super::overlay(
        buf,
        area,
        (key_col + help_col + 4) as u16,
        all.len() as u16 + 2,
        title,
        theme,
    ) else {
        return;
    };
    let max_start = all.len().saturating_sub(inner.height as usize);
    let start = (scroll as usize).min(max_start);
    for (i, l) in all
        .iter()
        .skip(start)
        .take(inner.height as usize)
        .enumerate()
    {
        super::put_line(buf, inner, inner.y + i as u16, l);
    }
}
