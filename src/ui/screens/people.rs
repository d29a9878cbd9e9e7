//! Lists of accounts (followers, muted, follow requests, …). Two rows per
//! account: the name with the relationship badges, then the start of the
//! bio. The row helpers here serve the other list screens too (tags, lists,
//! scheduled).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::app::views::people::PeopleView;
use crate::html::{sanitize_line, strip_html, truncate_to_width};
use crate::ui::Theme;
use crate::ui::widgets::put_line;

/// The selection mark at the start of a row.
pub(super) fn gutter(selected: bool, theme: &Theme) -> Span<'static> {
    if selected {
        Span::styled("▶ ", theme.selected_gutter)
    } else {
        Span::styled("  ", theme.text)
    }
}

/// The first row to draw so that `selected` is visible, `per` rows per item.
pub(super) fn first_visible(selected: usize, rows: usize, per: usize) -> usize {
    let fit = (rows / per).max(1);
    selected.saturating_sub(fit - 1)
}

pub(super) fn header(buf: &mut Buffer, area: Rect, title: &str, hint: &str, theme: &Theme) {
    let line = Line::from(vec![
        Span::styled(format!(" {title}"), theme.strong),
        Span::styled(format!(" — {hint}"), theme.dim),
    ]);
    put_line(buf, area, area.y, &line);
}

pub(super) fn message(
    buf: &mut Buffer,
    area: Rect,
    y: u16,
    text: &str,
    style: ratatui::style::Style,
) {
    let t = truncate_to_width(&format!(" {}", sanitize_line(text)), area.width as usize);
    put_line(buf, area, y, &Line::from(Span::styled(t, style)));
}

/// What an empty list says: its error (with the retry key), that it is
/// loading, or `empty`.
pub(super) fn empty_state(
    buf: &mut Buffer,
    area: Rect,
    error: Option<&str>,
    loading: bool,
    empty: &str,
    theme: &Theme,
) {
    let (text, style) = match (error, loading) {
        (Some(e), _) => (format!("Could not load it: {e} — r retries"), theme.error),
        (None, true) => ("Loading…".to_string(), theme.dim),
        (None, false) => (empty.to_string(), theme.dim),
    };
    message(buf, area, area.y + 1, &text, style);
}

/// Draws a list of accounts.
pub fn people(
    buf: &mut Buffer,
    area: Rect,
    p: &PeopleView,
    km: &crate::app::keymap::Keymap,
    theme: &Theme,
) {
    if area.height == 0 {
        return;
    }
    let w = area.width as usize;
    header(buf, area, &p.kind.title(), &p.kind.hint(km), theme);
    let body = area.height.saturating_sub(1) as usize;
    if p.items.is_empty() {
        empty_state(
            buf,
            area,
            p.error.as_deref(),
            p.loading.is_some(),
            "Nobody here.",
            theme,
        );
        return;
    }
    let first = first_visible(p.selected, body.saturating_sub(1), 2);
    let mut y = area.y + 1;
    let bottom = area.y + area.height;
    for (i, a) in p.items.iter().enumerate().skip(first) {
        if y >= bottom {
            break;
        }
        let sel = i == p.selected;
        let mut spans = vec![
            gutter(sel, theme),
            Span::styled(
                crate::ui::emoji::substitute(
                    &sanitize_line(a.display_name_or_username()),
                    &a.emojis,
                )
                .into_owned(),
                if sel {
                    theme.selected_name
                } else {
                    theme.display_name
                },
            ),
            Span::styled(format!(" @{}", sanitize_line(&a.acct)), theme.acct),
        ];
        let mut marks: Vec<&str> = p
            .relationships
            .get(&a.id)
            .map(|r| r.states())
            .unwrap_or_default();
        if a.bot {
            marks.push("bot");
        }
        if a.locked {
            marks.push("locked");
        }
        for m in marks {
            spans.push(Span::styled(format!(" [{m}]"), theme.info));
        }
        put_line(buf, area, y, &Line::from(spans));
        y += 1;
        if y >= bottom {
            break;
        }
        let bio = strip_html(&a.note).replace('\n', " ");
        let plural =
            |n: u64, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        let second = format!(
            "    {} · {}{}{}",
            plural(a.followers_count, "follower", "followers"),
            plural(a.statuses_count, "post", "posts"),
            if bio.trim().is_empty() { "" } else { " · " },
            bio.trim()
        );
        put_line(
            buf,
            area,
            y,
            &Line::from(Span::styled(
                truncate_to_width(&sanitize_line(&second), w),
                theme.dim,
            )),
        );
        y += 1;
    }
    if y < bottom {
        let footer = if let Some(e) = &p.error {
            format!("Could not load more: {e} — r reloads")
        } else if p.loading.is_some() {
            "Loading more…".to_string()
        } else if p.next.is_none() {
            format!("— {} in all —", p.items.len())
        } else {
            String::new()
        };
        message(buf, area, y, &footer, theme.dim);
    }
}
