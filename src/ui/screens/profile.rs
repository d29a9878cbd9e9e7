//! The profile view: header, verified fields, relationship and the posts.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::app::views::ProfileView;
use crate::app::{AccountState, State, Viewport};
use crate::html::{display_width, render_html, sanitize_line, strip_html, truncate_to_width};
use crate::ui::Theme;
use crate::ui::widgets::put_line;
use crate::ui::widgets::status_card::{CardContext, card_lines, span_style};

use super::timeline::render_list;
use super::views::message;

pub(super) fn relationship_line(p: &ProfileView) -> String {
    let Some(r) = &p.relationship else {
        return String::new();
    };
    let parts = r.states();
    parts.join(" · ")
}

pub(super) fn profile(
    buf: &mut Buffer,
    area: Rect,
    state: &State,
    acc: &AccountState,
    p: &ProfileView,
    theme: &Theme,
) -> Option<Viewport> {
    let a = &p.account;
    let w = area.width.saturating_sub(2).max(1);
    let mut head: Vec<Line<'static>> = Vec::new();
    let mut flags = Vec::new();
    if a.bot {
        flags.push("bot");
    }
    if a.locked {
        flags.push("locked");
    }
    if a.group {
        flags.push("group");
    }
    let name = sanitize_line(a.display_name_or_username());
    let name = crate::ui::emoji::substitute(&name, &a.emojis).into_owned();
    let title = format!(
        " {name} @{}{}",
        sanitize_line(&a.acct),
        if flags.is_empty() {
            String::new()
        } else {
            format!("  [{}]", flags.join(", "))
        }
    );
    head.push(Line::from(Span::styled(
        truncate_to_width(&title, area.width as usize),
        theme.selected_name,
    )));
    let joined = a
        .created_at
        .map(|t| {
            format!(
                "joined {:04}-{:02}-{:02}",
                t.year(),
                u8::from(t.month()),
                t.day()
            )
        })
        .unwrap_or_default();
    let counts = format!(
        " {} posts · {} following · {} followers · {joined}",
        a.statuses_count, a.following_count, a.followers_count
    );
    head.push(Line::from(Span::styled(
        truncate_to_width(&counts, area.width as usize),
        theme.dim,
    )));
    let rel = relationship_line(p);
    if !rel.is_empty() {
        head.push(Line::from(Span::styled(format!(" {rel}"), theme.boost)));
    }
    for l in render_html(&a.note, w).lines.into_iter().take(6) {
        let mut spans = vec![Span::raw(" ")];
        spans.extend(
            l.spans
                .into_iter()
                .map(|s| Span::styled(s.text, span_style(&s.style, theme))),
        );
        head.push(Line::from(spans));
    }
    for f in a.fields.iter().take(4) {
        let mark = if f.verified_at.is_some() {
            "✓ "
        } else {
            "  "
        };
        let text = format!(
            " {mark}{}: {}",
            sanitize_line(&f.name),
            strip_html(&f.value)
        );
        let style = if f.verified_at.is_some() {
            theme.live
        } else {
            theme.text
        };
        head.push(Line::from(Span::styled(
            truncate_to_width(&text, area.width as usize),
            style,
        )));
    }
    // Pinned posts, above the posts (one line each).
    if p.section == crate::app::views::ProfileSection::Posts && !p.pinned.is_empty() {
        head.push(Line::from(Span::styled(" 📌 Pinned", theme.help_key)));
        const SHOWN: usize = 3;
        for id in p.pinned.iter().take(SHOWN) {
            let Some(s) = acc.statuses.get(id) else {
                continue;
            };
            let when = crate::ui::time_fmt::relative(s.created_at, state.now);
            let text = strip_html(&s.content);
            let room = (area.width as usize).saturating_sub(display_width(&when) + 6);
            head.push(Line::from(vec![
                Span::styled(
                    format!("   {} ", truncate_to_width(&text, room)),
                    theme.text,
                ),
                Span::styled(format!("· {when}"), theme.dim),
            ]));
        }
        if p.pinned.len() > SHOWN {
            head.push(Line::from(Span::styled(
                format!("   and {} more pinned", p.pinned.len() - SHOWN),
                theme.dim,
            )));
        }
    }
    head.push(Line::from(Span::styled(
        truncate_to_width(
            &format!(" ── {} (Tab: next) ", p.section.label()),
            area.width as usize,
        ),
        theme.dim,
    )));
    // Keep at least a few rows for the posts on small screens.
    let head_rows = (head.len() as u16).min(area.height.saturating_sub(3));
    for (i, l) in head.iter().take(head_rows as usize).enumerate() {
        put_line(buf, area, area.y + i as u16, l);
    }
    let list = Rect::new(
        area.x,
        area.y + head_rows,
        area.width,
        area.height - head_rows,
    );
    let tab = &p.posts;
    if tab.ids.is_empty() {
        let msg = match &tab.error {
            Some(e) => format!("Could not load: {}", sanitize_line(e)),
            None if !tab.loaded => "Loading…".into(),
            None => "No posts.".into(),
        };
        message(buf, list, &msg, theme.dim);
        return Some(Viewport::default());
    }
    let card = |i: usize| -> Vec<Line<'static>> {
        let Some(s) = tab.ids.get(i).and_then(|id| acc.status(id)) else {
            return vec![];
        };
        card_lines(
            s,
            CardContext {
                width: list.width,
                now: state.now,
                selected: i == tab.selected,
                cw_expanded: state.cw_open(acc, &s.original().id),
                theme,
                translation: acc.translations.get(&s.original().id).map(String::as_str),
            },
        )
    };
    let (vp, _) = render_list(
        buf,
        list,
        tab.ids.len(),
        tab.selected,
        tab.viewport.top,
        &card,
    );
    Some(vp)
}
