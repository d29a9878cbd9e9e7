//! The compose pane: the content warning, the text (soft-wrapped by display
//! width, with the cursor), the poll and attachments, and a status line
//! with visibility, language and the counter the server will apply.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

use crate::api::entities::Visibility;
use crate::app::views::compose::{ComposeState, Field};
use crate::app::{AccountState, State};
use crate::compose::Limits;
use crate::html::{sanitize, sanitize_line, truncate_to_width};
use crate::ui::Theme;
use crate::ui::widgets::{overlay, put_line};

/// Wraps `text` into rows of at most `width` columns, by grapheme; returns
/// the rows and the (row, column) of the char index `cursor`.
pub fn wrap_with_cursor(text: &str, cursor: usize, width: u16) -> (Vec<String>, (usize, u16)) {
    let width = width.max(1) as usize;
    let mut rows = vec![String::new()];
    let mut col = 0usize;
    let mut pos = (0usize, 0u16);
    let mut chars_seen = 0usize;
    let safe = sanitize(text);
    // The sanitiser keeps newlines and never adds characters, but it may
    // drop some: then the cursor is placed by the visible text.
    for g in safe.graphemes(true) {
        if chars_seen == cursor {
            pos = (rows.len() - 1, col as u16);
        }
        chars_seen += g.chars().count();
        if g == "\n" {
            rows.push(String::new());
            col = 0;
            continue;
        }
        let w = g.width();
        if col + w > width && col > 0 {
            rows.push(String::new());
            col = 0;
            if chars_seen - g.chars().count() == cursor {
                pos = (rows.len() - 1, 0);
            }
        }
        if let Some(r) = rows.last_mut() {
            r.push_str(g);
        }
        col += w;
    }
    if chars_seen <= cursor {
        if col >= width {
            rows.push(String::new());
            col = 0;
        }
        pos = (rows.len() - 1, col as u16);
    }
    (rows, pos)
}

fn visibility_label(v: &Visibility) -> &str {
    match v {
        Visibility::Public => "public",
        Visibility::Unlisted => "unlisted",
        Visibility::Private => "followers only",
        Visibility::Direct => "direct",
        Visibility::Other(o) => o.as_str(),
    }
}

/// Draws the pane over `area`.
pub fn render(buf: &mut Buffer, area: Rect, state: &State, c: &ComposeState, theme: &Theme) {
    let acc: Option<&AccountState> = state.accounts.get(c.account);
    let title = if c.draft.edit_of.is_some() {
        " Edit post "
    } else if c.draft.quote_of.is_some() {
        " Quote post "
    } else if c.draft.reply_to.is_some() {
        " Reply "
    } else {
        " New post "
    };
    let Some(inner) = overlay(
        buf,
        area,
        100,
        area.height.saturating_sub(2).max(8),
        title,
        theme,
    ) else {
        return;
    };
    let w = inner.width.saturating_sub(1).max(1);
    let mut y = inner.y;
    let bottom = inner.y + inner.height;
    let line = |buf: &mut Buffer, y: &mut u16, l: Line<'_>| {
        if *y < bottom {
            put_line(buf, inner, *y, &l);
            *y += 1;
        }
    };
    if let Some(r) = &c.draft.reply_to {
        let t = format!(" ↪ replying to @{}", sanitize_line(&r.acct));
        line(
            buf,
            &mut y,
            Line::from(Span::styled(truncate_to_width(&t, w as usize), theme.reply)),
        );
    }
    if let Some(q) = &c.draft.quote_of {
        let t = format!(" ❝ quoting @{}", sanitize_line(&q.acct));
        line(
            buf,
            &mut y,
            Line::from(Span::styled(truncate_to_width(&t, w as usize), theme.quote)),
        );
    }
    let cursor_style = Style::default().add_modifier(Modifier::REVERSED);
    // Content warning: one line.
    let cw_active = c.field == Field::Cw;
    let cw_label = Span::styled(" CW: ", if cw_active { theme.help_key } else { theme.dim });
    let (cw_rows, cw_pos) = wrap_with_cursor(c.cw.text(), c.cw.cursor(), w.saturating_sub(6));
    let cw_text = cw_rows.first().cloned().unwrap_or_default();
    let cw_y = y;
    line(
        buf,
        &mut y,
        Line::from(vec![cw_label, Span::styled(cw_text, theme.cw_banner)]),
    );
    if cw_active {
        set_cursor(buf, inner.x + 5 + cw_pos.1, cw_y, cursor_style, inner);
    }
    line(
        buf,
        &mut y,
        // The whole inner width: the text rows keep one cell for the cursor.
        Line::from(Span::styled("─".repeat(inner.width as usize), theme.dim)),
    );
    // Reserve the rows below the text.
    let mut below = 3u16;
    if let Some(p) = &c.draft.poll {
        below += 1 + p.options.len().max(2) as u16;
    }
    below += c.draft.media.len() as u16;
    if c.field.is_entry() {
        below += 1;
    }
    let text_rows = bottom.saturating_sub(y).saturating_sub(below).max(1);
    let (rows, pos) = wrap_with_cursor(c.text.text(), c.text.cursor(), w.saturating_sub(1));
    // Scroll so the cursor's row is visible.
    let first = pos.0.saturating_sub(text_rows as usize - 1);
    let text_top = y;
    for r in rows.iter().skip(first).take(text_rows as usize) {
        line(buf, &mut y, Line::from(format!(" {r}")));
    }
    if rows.len() == 1 && rows[0].is_empty() && c.field != Field::Text {
        put_line(
            buf,
            inner,
            text_top,
            &Line::from(Span::styled(" What's on your mind?", theme.dim)),
        );
    }
    y = text_top + text_rows.min(bottom.saturating_sub(text_top));
    if c.field == Field::Text {
        let cy = text_top + (pos.0 - first) as u16;
        set_cursor(buf, inner.x + 1 + pos.1, cy, cursor_style, inner);
        // The completion popup, under the cursor's row.
        if let Some((_, items, sel)) = &c.suggestions {
            suggestions(buf, inner, inner.x + 1 + pos.1, cy, items, *sel, theme);
        }
    }
    if let Some(p) = &c.draft.poll {
        let head = poll_head(state, p);
        line(
            buf,
            &mut y,
            Line::from(Span::styled(
                truncate_to_width(&head, w as usize),
                theme.dim,
            )),
        );
        let (prow, ppos) = wrap_with_cursor(c.poll.text(), c.poll.cursor(), w.saturating_sub(4));
        let ptop = y;
        for (i, r) in prow.iter().enumerate() {
            line(
                buf,
                &mut y,
                Line::from(vec![
                    Span::styled(format!(" {} ", if i < 9 { "○" } else { " " }), theme.dim),
                    Span::raw(r.clone()),
                ]),
            );
        }
        if c.field == Field::Poll {
            set_cursor(
                buf,
                inner.x + 3 + ppos.1,
                ptop + ppos.0 as u16,
                cursor_style,
                inner,
            );
        }
    }
    for m in &c.draft.media {
        line(buf, &mut y, media_line(m, w, theme));
    }
    if c.field.is_entry() {
        let label = match c.field {
            Field::MediaPath => " Attach file (Tab completes): ",
            Field::MediaAlt => " Alt text: ",
            Field::MediaFocus => " Focus point x,y (-1..1, 0,0 centre; empty: none): ",
            _ => " Publish at (+1h, 2026-12-01 09:00 local time; empty: now): ",
        };
        let (erows, epos) = wrap_with_cursor(
            c.entry.text(),
            c.entry.cursor(),
            w.saturating_sub(label.len() as u16),
        );
        let ey = y;
        line(
            buf,
            &mut y,
            Line::from(vec![
                Span::styled(label, theme.help_key),
                Span::raw(erows.last().cloned().unwrap_or_default()),
            ]),
        );
        set_cursor(
            buf,
            inner.x + label.len() as u16 + epos.1,
            ey,
            cursor_style,
            inner,
        );
    }
    let status = status_line(state, acc, c, theme);
    let sy = bottom.saturating_sub(3).max(y);
    put_line(buf, inner, sy, &Line::from(status));
    let msg = if let Some(p) = &c.progress {
        Some((p.clone(), theme.info))
    } else {
        c.error.as_ref().map(|e| (e.clone(), theme.cw_banner))
    };
    if let Some((m, style)) = msg {
        put_line(
            buf,
            inner,
            sy + 1,
            &Line::from(Span::styled(
                truncate_to_width(&format!(" {}", sanitize_line(&m)), w as usize),
                style,
            )),
        );
    }
    let help = crate::app::views::compose::hint_fitting(&state.keymap, w as usize);
    put_line(
        buf,
        inner,
        sy + 2,
        &Line::from(Span::styled(
            truncate_to_width(&help, w as usize),
            theme.dim,
        )),
    );
    render_languages(buf, inner, state, c, theme);
}

/// The pane's status line: visibility, language, sensitive, who may
/// quote, the schedule, and the counter.
fn status_line<'a>(
    state: &State,
    acc: Option<&AccountState>,
    c: &ComposeState,
    theme: &Theme,
) -> Vec<Span<'a>> {
    let limits = acc
        .and_then(|a| a.instance_info.as_ref())
        .map(Limits::from_instance)
        .unwrap_or_default();
    let count = c.draft.char_count(&limits);
    let counter = format!("{}/{}", count.used, count.max);
    let mut status = vec![
        Span::styled(
            format!(" {}", visibility_label(&c.draft.visibility)),
            theme.boost,
        ),
        Span::raw(" · "),
        Span::raw(c.draft.language.clone().unwrap_or_else(|| "auto".into())),
    ];
    if c.draft.sensitive {
        status.push(Span::styled(" · sensitive", theme.cw_banner));
    }
    if crate::app::views::compose::quotes_supported(state, c.account) && c.draft.edit_of.is_none() {
        let who = match c.draft.quote_policy.as_deref() {
            None => "quotes: default",
            Some("public") => "quotes: anyone",
            Some("followers") => "quotes: followers",
            Some(_) => "quotes: nobody",
        };
        status.push(Span::raw(format!(" · {who}")));
    }
    if let Some(at) = c.draft.scheduled_at {
        status.push(Span::raw(format!(
            " · scheduled {}",
            crate::compose::format_local(at, state.zone)
        )));
    }
    status.push(Span::raw(" · "));
    status.push(Span::styled(
        counter,
        if count.is_over() {
            theme.error
        } else {
            theme.dim
        },
    ));
    status
}

/// The poll's heading: duration, kind, totals and the keys that change them.
fn poll_head(state: &State, p: &crate::compose::DraftPoll) -> String {
    format!(
        " Poll · {} · {} · {} ({} duration, {} kind, {} totals; Tab edits options, one per line)",
        crate::compose::when::describe_secs(p.expires_in),
        if p.multiple {
            "multiple choice"
        } else {
            "single choice"
        },
        if p.hide_totals {
            "totals hidden until the end"
        } else {
            "totals shown"
        },
        state.keymap.key(crate::app::keymap::Command::PollDuration),
        state.keymap.key(crate::app::keymap::Command::PollKind),
        state.keymap.key(crate::app::keymap::Command::PollTotals)
    )
}

/// One attachment: its file name, alt text (or that it has none) and
/// focal point.
fn media_line<'a>(m: &crate::compose::DraftMedia, w: u16, theme: &Theme) -> Line<'a> {
    let name = m
        .path
        .as_ref()
        .and_then(|p| p.file_name())
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "attachment".into());
    let focus = m
        .focus
        .map(|(x, y)| format!(" · focus {x:.2},{y:.2}"))
        .unwrap_or_default();
    let (text, style) = if m.description.trim().is_empty() {
        (
            format!(" ▣ {} — no alt text{focus}", sanitize_line(&name)),
            theme.missing_alt,
        )
    } else {
        (
            format!(
                " ▣ {}: {}{focus}",
                sanitize_line(&name),
                sanitize_line(&m.description)
            ),
            theme.media,
        )
    };
    Line::from(Span::styled(truncate_to_width(&text, w as usize), style))
}

/// The completion popup under the cursor at (`cx`, `cy`).
fn suggestions(
    buf: &mut Buffer,
    inner: Rect,
    cx: u16,
    cy: u16,
    items: &[String],
    sel: usize,
    theme: &Theme,
) {
    let wdt = items
        .iter()
        .map(|i| crate::html::display_width(i))
        .max()
        .unwrap_or(10) as u16
        + 4;
    let x = cx.min((inner.x + inner.width).saturating_sub(wdt));
    for (k, item) in items.iter().enumerate() {
        let y = cy + 1 + k as u16;
        if y >= inner.y + inner.height {
            break;
        }
        let style = if k == sel {
            theme.tab_active
        } else {
            theme.status_bar
        };
        let text = format!(" {:<w$} ", sanitize_line(item), w = (wdt - 2) as usize);
        let r = Rect::new(x, y, wdt.min(inner.width), 1);
        put_line(buf, r, y, &Line::from(Span::styled(text, style)));
    }
}

/// The language picker, over the middle of the pane.
fn render_languages(buf: &mut Buffer, area: Rect, state: &State, c: &ComposeState, theme: &Theme) {
    let Some(p) = &c.languages else {
        return;
    };
    let all = crate::app::views::compose::languages_of(state, c.account);
    let items = p.matches(&all);
    let rows = (items.len().max(1) as u16)
        .min(12)
        .min(area.height.saturating_sub(4))
        .max(1);
    let Some(inner) = overlay(
        buf,
        area,
        44,
        rows + 3,
        " Language · Enter picks · Esc cancels ",
        theme,
    ) else {
        return;
    };
    let w = inner.width as usize;
    let filter = format!(" Filter: {}", sanitize_line(&p.filter));
    put_line(
        buf,
        inner,
        inner.y,
        &Line::from(Span::styled(truncate_to_width(&filter, w), theme.help_key)),
    );
    let fx = inner.x + crate::html::display_width(&filter).min(w) as u16;
    set_cursor(
        buf,
        fx,
        inner.y,
        Style::default().add_modifier(Modifier::REVERSED),
        inner,
    );
    if items.is_empty() {
        put_line(
            buf,
            inner,
            inner.y + 1,
            &Line::from(Span::styled(" no language matches", theme.dim)),
        );
        return;
    }
    let visible = inner.height.saturating_sub(1).max(1) as usize;
    let first = p.selected.saturating_sub(visible - 1);
    let current = c.draft.language.as_deref();
    for (k, (code, name)) in items.iter().enumerate().skip(first).take(visible) {
        let y = inner.y + 1 + (k - first) as u16;
        let mark = if Some(code.as_str()) == current {
            "•"
        } else {
            " "
        };
        let pointer = if k == p.selected { "▸" } else { " " };
        let text = format!(
            " {pointer}{mark} {:<5} {}",
            sanitize_line(code),
            sanitize_line(name)
        );
        let style = if k == p.selected {
            theme.tab_active
        } else {
            theme.text
        };
        let text = truncate_to_width(&text, w);
        let pad = w.saturating_sub(crate::html::display_width(&text));
        put_line(
            buf,
            inner,
            y,
            &Line::from(Span::styled(format!("{text}{}", " ".repeat(pad)), style)),
        );
    }
}

fn set_cursor(buf: &mut Buffer, x: u16, y: u16, style: Style, area: Rect) {
    if x < area.x + area.width && y < area.y + area.height {
        if let Some(cell) = buf.cell_mut((x, y)) {
            cell.set_style(style);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_by_width_and_places_the_cursor() {
        let (rows, pos) = wrap_with_cursor("hello world", 11, 5);
        assert_eq!(rows, vec!["hello", " worl", "d"]);
        assert_eq!(pos, (2, 1));
        let (rows, pos) = wrap_with_cursor("日本語テキスト", 2, 4);
        assert_eq!(rows, vec!["日本", "語テ", "キス", "ト"]);
        assert_eq!(pos, (1, 0));
        let (_, pos) = wrap_with_cursor("a\nb", 2, 10);
        assert_eq!(pos, (1, 0));
        let (rows, pos) = wrap_with_cursor("", 0, 10);
        assert_eq!((rows.len(), pos), (1, (0, 0)));
    }
}
