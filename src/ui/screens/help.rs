//! The key list, generated from the keymap table itself, then the `:`
//! commands, the compose keys and each view's own keys (a section per key
//! mode). It scrolls (j/k) when the screen is short.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::app::cmdline::COMMANDS;
use crate::app::keymap::{Command, Keymap, Mode};
use crate::html::{display_width, wrap_text};
use crate::ui::Theme;

/// The compose pane's keys that are not commands of the keymap.
const COMPOSE_FIXED: &[(&str, &str)] = &[
    ("Esc", "close, keeping the draft"),
    ("Tab", "next field: text, content warning, poll"),
];

/// One entry: the key (or command) and what it does, both wrapped to
/// their columns.
fn entry(
    out: &mut Vec<Line<'static>>,
    theme: &Theme,
    key: &str,
    help: &str,
    key_col: usize,
    help_col: usize,
) {
    let helps = wrap_text(help, help_col.max(1) as u16);
    // A key too long for its column gets a line of its own, and its help
    // starts under it in the help column: one entry, not two.
    if display_width(key) > key_col.saturating_sub(2) {
        for k in wrap_text(key, (key_col + help_col).saturating_sub(2).max(1) as u16) {
            out.push(Line::from(Span::styled(format!(" {k}"), theme.help_key)));
        }
        for h in helps {
            out.push(Line::from(vec![
                Span::raw(" ".repeat(key_col)),
                Span::styled(h, theme.text),
            ]));
        }
        return;
    }
    let keys = wrap_text(key, key_col.saturating_sub(2).max(1) as u16);
    for i in 0..keys.len().max(helps.len()) {
        let k = keys.get(i).map(String::as_str).unwrap_or("");
        let pad = key_col.saturating_sub(1 + display_width(k));
        out.push(Line::from(vec![
            Span::styled(format!(" {k}{}", " ".repeat(pad)), theme.help_key),
            Span::styled(helps.get(i).cloned().unwrap_or_default(), theme.text),
        ]));
    }
}

/// The help rows of one mode of the live keymap: every command bound in it
/// or bound there by default (a command left with no key reads `(none)`,
/// so the help never hides one).
fn mode_rows(keymap: &Keymap, mode: Mode) -> Vec<(String, &'static str)> {
    let mut rows = Vec::new();
    for c in Command::ALL {
        let keys = keymap.keys_of(mode, *c);
        if keys.is_empty() && c.home_mode() != mode {
            continue;
        }
        // Keys are listed with spaces (`j Down`); a sequence has spaces of
        // its own (`g g`), so then commas separate them.
        let keys = if keys.is_empty() {
            "(none)".to_string()
        } else if keys.iter().any(|k| k.contains(' ')) {
            keys.join(", ")
        } else {
            keys.join(" ")
        };
        rows.push((keys, c.help()));
    }
    rows
}

/// The key rows: the common keys, then the confirm dialog's.
fn key_rows(keymap: &Keymap) -> Vec<(String, &'static str)> {
    let mut rows = mode_rows(keymap, Mode::Common);
    rows.extend(mode_rows(keymap, Mode::Confirm));
    rows
}

/// The compose pane's rows: its fixed keys, then its commands.
fn compose_rows(keymap: &Keymap) -> Vec<(String, &'static str)> {
    let mut rows: Vec<(String, &'static str)> = COMPOSE_FIXED
        .iter()
        .map(|(k, h)| (k.to_string(), *h))
        .collect();
    rows.extend(mode_rows(keymap, Mode::Compose));
    rows
}

/// The views with keys of their own: a titled section each.
fn view_sections(keymap: &Keymap) -> Vec<(&'static str, Vec<(String, &'static str)>)> {
    Mode::ALL
        .iter()
        .filter(|m| !matches!(m, Mode::Common | Mode::Confirm | Mode::Compose))
        .map(|m| (m.title(), mode_rows(keymap, *m)))
        .collect()
}

/// Every line of the help, in order, for columns of these widths.
#[allow(clippy::too_many_arguments)]
fn lines(
    rows: &[(String, &'static str)],
    commands: &[(&str, String)],
    compose_rows: &[(String, &'static str)],
    views: &[(&'static str, Vec<(String, &'static str)>)],
    theme: &Theme,
    key_col: usize,
    help_col: usize,
    compose_first: bool,
) -> Vec<Line<'static>> {
    let mut out: Vec<Line<'static>> = Vec::new();
    let compose = |out: &mut Vec<Line<'static>>| {
        out.push(Line::from(Span::styled(
            " In the compose pane",
            theme.strong,
        )));
        for (c, h) in compose_rows {
            entry(out, theme, c, h, key_col, help_col);
        }
        out.push(Line::default());
    };
    // Over the compose pane, its keys come first.
    if compose_first {
        compose(&mut out);
    }
    for (keys, help) in rows {
        entry(&mut out, theme, keys, help, key_col, help_col);
    }
    out.push(Line::default());
    out.push(Line::from(Span::styled(
        " Commands (press :)",
        theme.strong,
    )));
    for (c, h) in commands {
        entry(&mut out, theme, c, h, key_col, help_col);
    }
    out.push(Line::default());
    if !compose_first {
        compose(&mut out);
    }
    for (i, (title, rows)) in views.iter().enumerate() {
        if i > 0 {
            out.push(Line::default());
        }
        out.push(Line::from(Span::styled(format!(" {title}"), theme.strong)));
        for (k, h) in rows {
            entry(&mut out, theme, k, h, key_col, help_col);
        }
    }
    out
}

/// Draws the help overlay centred in `area`, scrolled by `scroll` rows.
/// `compose_first`: the compose pane's keys first (the help opened over it).
pub fn render(
    buf: &mut Buffer,
    area: Rect,
    scroll: u16,
    keymap: &Keymap,
    theme: &Theme,
    compose_first: bool,
) {
    let rows = key_rows(keymap);
    let compose = compose_rows(keymap);
    let views = view_sections(keymap);
    // The `:` commands, with the keys their texts name filled in.
    let commands: Vec<(&str, String)> =
        COMMANDS.iter().map(|(c, h)| (*c, keymap.fill(h))).collect();
    let view_rows = || views.iter().flat_map(|(_, rows)| rows.iter());
    let natural_key = rows
        .iter()
        .map(|(k, _)| display_width(k) + 1)
        .chain(commands.iter().map(|(c, _)| display_width(c) + 1))
        .chain(compose.iter().map(|(c, _)| display_width(c) + 1))
        .chain(view_rows().map(|(k, _)| display_width(k) + 1))
        .max()
        .unwrap_or(10)
        + 1;
    let natural_help = rows
        .iter()
        .map(|(_, h)| display_width(h))
        .chain(commands.iter().map(|(_, h)| display_width(h)))
        .chain(compose.iter().map(|(_, h)| display_width(h)))
        .chain(view_rows().map(|(_, h)| display_width(h)))
        .max()
        .unwrap_or(10);
    // The box fits the screen; the key column takes at most two fifths of
    // it, and both columns wrap.
    let width = (natural_key + natural_help + 3).min(area.width as usize);
    let inner_w = width.saturating_sub(2);
    let key_col = natural_key.min((inner_w * 2 / 5).max(8));
    let help_col = inner_w.saturating_sub(key_col + 1);
    let all = lines(
        &rows,
        &commands,
        &compose,
        &views,
        theme,
        key_col,
        help_col,
        compose_first,
    );
    let title = crate::app::views::help::hint(all.len() + 2 > area.height as usize);
    let Some(inner) =
        crate::ui::widgets::overlay(buf, area, width as u16, all.len() as u16 + 2, title, theme)
    else {
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
        crate::ui::widgets::put_line(buf, inner, inner.y + i as u16, l);
    }
}
