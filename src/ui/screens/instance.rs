//! The instance page: about the server, its rules and announcements.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::app::AccountState;
use crate::html::{render_html, sanitize_line, wrap_text};
use crate::ui::Theme;
use crate::ui::widgets::put_line;
use crate::ui::widgets::status_card::span_style;

use super::views::message;

pub(super) fn instance(
    buf: &mut Buffer,
    area: Rect,
    acc: &AccountState,
    scroll: u16,
    km: &crate::app::keymap::Keymap,
    theme: &Theme,
) {
    let Some(i) = &acc.instance_info else {
        message(buf, area, "Loading the instance information…", theme.dim);
        return;
    };
    let w = area.width.saturating_sub(2).max(1);
    let mut lines: Vec<Line<'static>> = vec![Line::from(Span::styled(
        format!(
            " {} ({})",
            sanitize_line(&i.title),
            sanitize_line(&i.domain)
        ),
        theme.selected_name,
    ))];
    lines.push(Line::from(Span::styled(
        format!(" version {}", sanitize_line(&i.version)),
        theme.dim,
    )));
    lines.push(Line::default());
    announcements(&mut lines, acc, w, km, theme);
    for l in render_html(&i.description, w).lines {
        let mut spans = vec![Span::raw(" ")];
        spans.extend(
            l.spans
                .into_iter()
                .map(|s| Span::styled(s.text, span_style(&s.style, theme))),
        );
        lines.push(Line::from(spans));
    }
    lines.push(Line::default());
    lines.push(Line::from(Span::styled(" Limits", theme.strong)));
    lines.push(Line::from(format!(
        "  {} characters per post, {} attachments, links count {} characters",
        i.max_characters(),
        i.max_media_attachments(),
        i.characters_reserved_per_url()
    )));
    if !i.rules.is_empty() {
        lines.push(Line::default());
        lines.push(Line::from(Span::styled(" Rules", theme.strong)));
        for (n, r) in i.rules.iter().enumerate() {
            for (k, l) in wrap_text(
                &format!("{}. {}", n + 1, r.text),
                w.saturating_sub(2).max(1),
            )
            .into_iter()
            .enumerate()
            {
                lines.push(Line::from(format!(
                    "{}{l}",
                    if k == 0 { "  " } else { "     " }
                )));
            }
        }
    }
    if let Some(c) = &i.contact_account {
        lines.push(Line::default());
        lines.push(Line::from(format!(" Contact: @{}", sanitize_line(&c.acct))));
    }
    if let Some(e) = &i.contact_email {
        lines.push(Line::from(format!(" Email: {}", sanitize_line(e))));
    }
    let start = (scroll as usize).min(lines.len().saturating_sub(1));
    for (row, l) in lines
        .iter()
        .skip(start)
        .take(area.height as usize)
        .enumerate()
    {
        put_line(buf, area, area.y + row as u16, l);
    }
}

/// The announcements section of the instance page, newest first.
pub(super) fn announcements(
    lines: &mut Vec<Line<'static>>,
    acc: &AccountState,
    w: u16,
    km: &crate::app::keymap::Keymap,
    theme: &Theme,
) {
    let Some(list) = acc.announcements.as_ref().filter(|l| !l.is_empty()) else {
        return;
    };
    let unread = list.iter().filter(|a| a.read == Some(false)).count();
    let hint = crate::app::views::instance::announcements_hint(unread, km);
    lines.push(Line::from(vec![
        Span::styled(" Announcements", theme.strong),
        Span::styled(hint, theme.dim),
    ]));
    let day = |t: time::OffsetDateTime| {
        format!(
            "{:04}-{:02}-{:02} {:02}:{:02} UTC",
            t.year(),
            u8::from(t.month()),
            t.day(),
            t.hour(),
            t.minute()
        )
    };
    for a in list {
        let mut head = vec![Span::raw("  ")];
        if a.read == Some(false) {
            head.push(Span::styled("● new ", theme.info));
        }
        if let Some(p) = a.published_at {
            head.push(Span::styled(format!("published {}", day(p)), theme.dim));
        }
        if let Some(s) = a.starts_at {
            let until = a
                .ends_at
                .map(|e| format!(" → {}", day(e)))
                .unwrap_or_default();
            head.push(Span::styled(
                format!(" · event {}{until}", day(s)),
                theme.dim,
            ));
        }
        lines.push(Line::from(head));
        for l in render_html(&a.content, w.saturating_sub(2).max(1)).lines {
            let mut spans = vec![Span::raw("   ")];
            spans.extend(
                l.spans
                    .into_iter()
                    .map(|s| Span::styled(s.text, span_style(&s.style, theme))),
            );
            lines.push(Line::from(spans));
        }
    }
    lines.push(Line::default());
}
