//! Lists of accounts (followers, muted, follow requests, …) and of hashtags
//! (trending, followed). Two rows per account: the name with the
//! relationship badges, then the start of the bio.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::app::people::{PeopleView, TagsKind, TagsView};
use crate::html::{sanitize_line, strip_html, truncate_to_width};
use crate::ui::Theme;
use crate::ui::widgets::put_line;

/// The selection mark at the start of a row.
fn gutter(selected: bool, theme: &Theme) -> Span<'static> {
    if selected {
        Span::styled("▶ ", theme.selected_gutter)
    } else {
        Span::styled("  ", theme.text)
    }
}

/// The first row to draw so that `selected` is visible, `per` rows per item.
fn first_visible(selected: usize, rows: usize, per: usize) -> usize {
    let fit = (rows / per).max(1);
    selected.saturating_sub(fit - 1)
}

fn header(buf: &mut Buffer, area: Rect, title: &str, hint: &str, theme: &Theme) {
    let line = Line::from(vec![
        Span::styled(format!(" {title}"), theme.strong),
        Span::styled(format!(" — {hint}"), theme.dim),
    ]);
    put_line(buf, area, area.y, &line);
}

fn message(buf: &mut Buffer, area: Rect, y: u16, text: &str, style: ratatui::style::Style) {
    let t = truncate_to_width(&format!(" {}", sanitize_line(text)), area.width as usize);
    put_line(buf, area, y, &Line::from(Span::styled(t, style)));
}

/// What an empty list says: its error (with the retry key), that it is
/// loading, or `empty`.
fn empty_state(
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
pub fn people(buf: &mut Buffer, area: Rect, p: &PeopleView, theme: &Theme) {
    if area.height == 0 {
        return;
    }
    let w = area.width as usize;
    header(buf, area, &p.kind.title(), p.kind.hint(), theme);
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
                sanitize_line(a.display_name_or_username()).into_owned(),
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

/// Draws a list of hashtags.
pub fn tags(buf: &mut Buffer, area: Rect, t: &TagsView, theme: &Theme) {
    if area.height == 0 {
        return;
    }
    let hint = "Enter opens · + follows/unfollows · r refreshes";
    header(buf, area, t.title(), hint, theme);
    if t.items.is_empty() {
        empty_state(
            buf,
            area,
            t.error.as_deref(),
            t.loading,
            "No hashtags.",
            theme,
        );
        return;
    }
    let body = area.height.saturating_sub(1) as usize;
    let first = first_visible(t.selected, body, 1);
    for (row, (i, tag)) in t
        .items
        .iter()
        .enumerate()
        .skip(first)
        .take(body)
        .enumerate()
    {
        let sel = i == t.selected;
        // History is newest first: uses and people over the days given.
        let uses: u64 = tag.history.iter().map(|h| h.uses).sum();
        let people: u64 = tag.history.iter().map(|h| h.accounts).sum();
        let days = tag.history.len();
        let following = tag.following.unwrap_or(t.kind == TagsKind::Followed);
        let mut spans = vec![
            gutter(sel, theme),
            Span::styled(
                format!("#{}", sanitize_line(&tag.name)),
                if sel {
                    theme.selected_name
                } else {
                    theme.hashtag
                },
            ),
        ];
        if days > 0 {
            spans.push(Span::styled(
                format!(
                    "  {uses} post{} by {people} {} in {days} day{}",
                    if uses == 1 { "" } else { "s" },
                    if people == 1 { "person" } else { "people" },
                    if days == 1 { "" } else { "s" }
                ),
                theme.dim,
            ));
        }
        if following {
            spans.push(Span::styled(" [following]", theme.info));
        }
        put_line(buf, area, area.y + 1 + row as u16, &Line::from(spans));
    }
}

/// Draws the list manager.
pub fn lists(buf: &mut Buffer, area: Rect, l: &crate::app::people::ListsView, theme: &Theme) {
    if area.height == 0 {
        return;
    }
    header(
        buf,
        area,
        "Lists",
        "Enter opens · W members · e renames · F replies · Tab exclusive · x deletes",
        theme,
    );
    if l.lists.is_empty() {
        empty_state(
            buf,
            area,
            l.error.as_deref(),
            l.loading,
            "No lists yet. :list-create NAME makes one.",
            theme,
        );
        return;
    }
    let body = area.height.saturating_sub(1) as usize;
    let first = first_visible(l.selected, body, 1);
    for (row, (i, list)) in l
        .lists
        .iter()
        .enumerate()
        .skip(first)
        .take(body)
        .enumerate()
    {
        let sel = i == l.selected;
        let replies = match list.replies_policy.as_str() {
            "followed" => "replies to anyone you follow",
            "none" => "no replies",
            _ => "replies to members",
        };
        let mut spans = vec![
            gutter(sel, theme),
            Span::styled(
                sanitize_line(&list.title).into_owned(),
                if sel {
                    theme.selected_name
                } else {
                    theme.display_name
                },
            ),
            Span::styled(format!("  {replies}"), theme.dim),
        ];
        if list.exclusive {
            spans.push(Span::styled(" [exclusive]", theme.info));
        }
        put_line(buf, area, area.y + 1 + row as u16, &Line::from(spans));
    }
}

/// Draws the scheduled posts, soonest first, times in `zone`.
pub fn scheduled(
    buf: &mut Buffer,
    area: Rect,
    s: &crate::app::scheduled::ScheduledView,
    zone: crate::compose::Zone,
    theme: &Theme,
) {
    if area.height == 0 {
        return;
    }
    header(
        buf,
        area,
        "Scheduled posts",
        "e or Enter moves one · x cancels · r reloads",
        theme,
    );
    if s.items.is_empty() {
        empty_state(
            buf,
            area,
            s.error.as_deref(),
            s.loading,
            "Nothing scheduled. In the compose pane, ctrl-d schedules a post.",
            theme,
        );
        return;
    }
    let w = area.width as usize;
    let body = area.height.saturating_sub(1) as usize;
    let first = first_visible(s.selected, body, 2);
    let mut y = area.y + 1;
    let bottom = area.y + area.height;
    for (i, item) in s.items.iter().enumerate().skip(first) {
        if y >= bottom {
            break;
        }
        let sel = i == s.selected;
        let at = item
            .scheduled_at
            .map(|t| crate::compose::format_local(t, zone))
            .unwrap_or_else(|| "(no time)".into());
        let mut spans = vec![
            gutter(sel, theme),
            Span::styled(
                at,
                if sel {
                    theme.selected_name
                } else {
                    theme.display_name
                },
            ),
            Span::styled(
                format!("  id {}", sanitize_line(item.id.as_str())),
                theme.dim,
            ),
        ];
        if let Some(v) = &item.params.visibility {
            spans.push(Span::styled(format!(" · {}", v.as_str()), theme.dim));
        }
        let media = item.media_attachments.len();
        if media > 0 {
            spans.push(Span::styled(
                format!(" · {media} attachment{}", if media == 1 { "" } else { "s" }),
                theme.dim,
            ));
        }
        put_line(buf, area, y, &Line::from(spans));
        y += 1;
        if y >= bottom {
            break;
        }
        let cw = item
            .params
            .spoiler_text
            .as_deref()
            .filter(|c| !c.is_empty())
            .map(|c| format!("[CW: {c}] "))
            .unwrap_or_default();
        let text = format!("    {cw}{}", item.params.text.replace('\n', " "));
        put_line(
            buf,
            area,
            y,
            &Line::from(Span::styled(
                truncate_to_width(&sanitize_line(&text), w),
                theme.text,
            )),
        );
        y += 1;
    }
}
