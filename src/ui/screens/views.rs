//! The views over the tabs: thread (an indented tree), profile (header,
//! relationship and posts), search results, the instance page, and the link
//! and poll pickers.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::app::views::{
    LinkPicker, PollVote, ProfileView, SearchRow, SearchView, ThreadView, View,
};
use crate::app::{AccountState, State, Viewport};
use crate::html::{
    display_width, render_html, sanitize_line, strip_html, truncate_to_width, wrap_text,
};
use crate::ui::Theme;
use crate::ui::widgets::status_card::{CardContext, card_lines, span_style};
use crate::ui::widgets::{overlay, put_line};

use super::timeline::{render_list, render_list_placed};
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
        View::Thread(t) => Some(thread(buf, area, state, acc, t, theme, slots)),
        View::Profile(p) => profile(buf, area, state, acc, p, theme),
        View::Search(s) => {
            search(buf, area, s, theme);
            None
        }
        View::Instance { scroll } => {
            instance(buf, area, acc, *scroll, theme);
            None
        }
        View::Links(l) => {
            links(buf, area, l, theme);
            None
        }
        View::Poll(p) => {
            poll(buf, area, p, theme);
            None
        }
        View::Requests(r) => {
            requests(buf, area, r, theme);
            None
        }
        View::People(p) => {
            super::people::people(buf, area, p, theme);
            None
        }
        View::Scheduled(s) => {
            super::people::scheduled(buf, area, s, state.zone, theme);
            None
        }
        View::Lists(l) => {
            super::people::lists(buf, area, l, theme);
            None
        }
        View::Filters(f) => {
            super::filters::render(buf, area, f, theme);
            None
        }
        View::Menu(m) => {
            menu(buf, area, m, theme);
            None
        }
        View::Tags(t) => {
            super::people::tags(buf, area, t, theme);
            None
        }
        View::Drafts {
            drafts,
            selected,
            loading,
        } => {
            let w = area.width as usize;
            put_line(
                buf,
                area,
                area.y,
                &Line::from(Span::styled(
                    " Drafts — Enter continues, x deletes",
                    theme.strong,
                )),
            );
            if drafts.is_empty() {
                let msg = if *loading {
                    " Loading…"
                } else {
                    " No drafts."
                };
                put_line(
                    buf,
                    area,
                    area.y + 1,
                    &Line::from(Span::styled(msg, theme.dim)),
                );
            }
            let rows = area.height.saturating_sub(1) as usize;
            let first = selected.saturating_sub(rows.saturating_sub(1));
            for (row, (i, d)) in drafts.iter().enumerate().skip(first).take(rows).enumerate() {
                let sel = i == *selected;
                let when = format!(
                    "{:04}-{:02}-{:02} {:02}:{:02}",
                    d.updated_at.year(),
                    u8::from(d.updated_at.month()),
                    d.updated_at.day(),
                    d.updated_at.hour(),
                    d.updated_at.minute()
                );
                let kind = if d.edit_of.is_some() {
                    "edit"
                } else if d.reply_to.is_some() {
                    "reply"
                } else {
                    "post"
                };
                let err = d
                    .last_error
                    .as_ref()
                    .map(|e| format!(" · not sent: {e}"))
                    .unwrap_or_default();
                let text = format!(
                    "{}{when} {kind}: {}{err}",
                    if sel { "▶ " } else { "  " },
                    d.text.replace('\n', " ")
                );
                let style = if sel { theme.selected_name } else { theme.text };
                put_line(
                    buf,
                    area,
                    area.y + 1 + row as u16,
                    &Line::from(Span::styled(
                        truncate_to_width(&sanitize_line(&text), w),
                        style,
                    )),
                );
            }
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
            confirm(buf, area, text, &state.keymap, theme);
            None
        }
    }
}

fn confirm(
    buf: &mut Buffer,
    area: Rect,
    text: &str,
    keymap: &crate::app::keymap::Keymap,
    theme: &Theme,
) {
    use crate::app::keymap::{Command, Mode};
    let keys = |c| keymap.keys_of(Mode::Confirm, c).join(" / ");
    let hint = format!(
        " {}: yes    {}: no",
        keys(Command::Confirm),
        keys(Command::Cancel)
    );
    let lines = wrap_text(text, 50);
    let Some(inner) = overlay(buf, area, 56, lines.len() as u16 + 4, " confirm ", theme) else {
        return;
    };
    for (i, l) in lines.iter().enumerate() {
        put_line(buf, inner, inner.y + i as u16, &Line::from(format!(" {l}")));
    }
    put_line(
        buf,
        inner,
        inner.y + lines.len() as u16 + 1,
        &Line::from(Span::styled(hint, theme.help_key)),
    );
}

/// The view under an overlay (links/poll pickers show over the previous one).
pub fn is_overlay(view: &View) -> bool {
    matches!(
        view,
        View::Links(_) | View::Poll(_) | View::Menu(_) | View::Confirm { .. }
    )
}

fn message(buf: &mut Buffer, area: Rect, text: &str, style: ratatui::style::Style) {
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

fn thread(
    buf: &mut Buffer,
    area: Rect,
    state: &State,
    acc: &AccountState,
    t: &ThreadView,
    theme: &Theme,
    slots: &mut Vec<ImageSlot>,
) -> Viewport {
    if let Some(e) = &t.error {
        message(
            buf,
            area,
            &format!(
                "Could not load the thread: {} — r retries, Esc goes back",
                sanitize_line(e)
            ),
            theme.cw_banner,
        );
        return Viewport::default();
    }
    // Where the previews of the focused post start in its card, with their
    // columns (x offset, width, URL).
    let pictures: std::cell::RefCell<Option<(usize, Columns)>> = std::cell::RefCell::new(None);
    let card = |i: usize| -> Vec<Line<'static>> {
        let Some((id, depth)) = t.items.get(i) else {
            return vec![];
        };
        let Some(s) = acc.statuses.get(id) else {
            return vec![
                Line::from(Span::styled("  (loading…)", theme.dim)),
                Line::default(),
            ];
        };
        // Indent by depth, narrowing as the tree deepens but never below 20 columns.
        let indent = (*depth * 2).min(area.width.saturating_sub(20));
        let cx = CardContext {
            width: area.width.saturating_sub(indent),
            now: state.now,
            selected: i == t.selected,
            cw_expanded: state.cw_open(acc, &s.original().id),
            theme,
            translation: acc.translations.get(&s.original().id).map(String::as_str),
        };
        let focus = *id == t.focus;
        let mut lines = card_lines(s, cx);
        if focus {
            // The previews go above the card's closing blank line.
            let at = if lines.last().is_some_and(|l| l.spans.is_empty()) {
                lines.len() - 1
            } else {
                lines.len()
            };
            let block = preview_block(
                state,
                s,
                area.width.saturating_sub(indent + 2),
                i == t.selected,
                theme,
            );
            if let Some((rows, cols)) = block {
                *pictures.borrow_mut() = Some((at, cols));
                lines.splice(at..at, rows);
            }
        }
        lines
            .into_iter()
            .map(|l| {
                let bars = "│ ".repeat((indent / 2) as usize);
                let style = if focus && !l.spans.is_empty() {
                    theme.boost
                } else {
                    theme.dim
                };
                let mut spans = vec![Span::styled(bars, style)];
                spans.extend(l.spans);
                Line::from(spans)
            })
            .collect()
    };
    let (vp, y, placed) =
        render_list_placed(buf, area, t.items.len(), t.selected, t.viewport.top, &card);
    // The pictures of the focused post, where its card was drawn.
    let focus_at = t.items.iter().position(|(id, _)| *id == t.focus);
    let start = placed
        .iter()
        .find(|(i, _)| Some(*i) == focus_at)
        .map(|(_, y)| *y);
    if let (Some(card_y), Some((offset, cols))) = (start, pictures.into_inner()) {
        let indent = focus_at
            .and_then(|i| t.items.get(i))
            .map(|(_, d)| (*d * 2).min(area.width.saturating_sub(20)))
            .unwrap_or(0);
        let top = area.y as usize + card_y + offset;
        let bottom = (area.y + area.height) as usize;
        let rows = (PREVIEW_ROWS as usize).min(bottom.saturating_sub(top)) as u16;
        // Too little of it on screen: leave the rows blank until scrolled.
        if rows >= 3 {
            for (x, w, url) in cols {
                slots.push(ImageSlot {
                    area: Rect::new(area.x + indent + 2 + x, top as u16, w, rows),
                    url,
                });
            }
        }
    }
    if t.loading.is_some() && (y as u16) < area.height {
        put_line(
            buf,
            area,
            area.y + y as u16,
            &Line::from(Span::styled("  Loading the thread…", theme.dim)),
        );
    }
    vp
}

/// The pictures of a preview block: x offset, width and URL of each.
type Columns = Vec<(u16, u16, String)>;

/// Rows of terminal cells a preview takes.
pub const PREVIEW_ROWS: u16 = 10;

/// The preview block of a post shown in detail: the picture rows (blank,
/// or a loading / unavailable mark) and a caption row with each alt text;
/// a single line while the media is hidden as sensitive. Returns the lines
/// and each picture's column (x, width, URL). `None` when there is nothing
/// to preview or previews are off.
fn preview_block(
    state: &State,
    s: &crate::api::entities::Status,
    width: u16,
    selected: bool,
    theme: &Theme,
) -> Option<(Vec<Line<'static>>, Columns)> {
    use crate::app::images::{Preview, hidden, preview_url, previewable};
    if !state.images.enabled() {
        return None;
    }
    let media = previewable(s);
    if media.is_empty() || width < 4 {
        return None;
    }
    // The card's own gutter, so the block reads as part of the post.
    let gutter = if selected {
        Span::styled("▌ ", theme.selected_gutter)
    } else {
        Span::raw("  ")
    };
    if hidden(state, s) {
        let n = media.len();
        let text = format!(
            "▣ {n} sensitive {} — press {} to show",
            if n == 1 { "picture" } else { "pictures" },
            state.keymap.key(crate::app::keymap::Command::ToggleCw)
        );
        return Some((
            vec![Line::from(vec![
                gutter.clone(),
                Span::styled(truncate_to_width(&text, width as usize), theme.cw_banner),
            ])],
            vec![],
        ));
    }
    let n = media.len() as u16;
    let gap = 1u16;
    let col = (width.saturating_sub(gap * (n - 1)) / n).max(1);
    let mut cols = Vec::new();
    let mut first: Vec<Span<'static>> = vec![gutter.clone()];
    let mut caption: Vec<Span<'static>> = vec![gutter.clone()];
    for (k, m) in media.iter().enumerate() {
        let x = k as u16 * (col + gap);
        let Some(url) = preview_url(m) else {
            continue;
        };
        let pad = |text: &str| {
            let t = truncate_to_width(text, col as usize);
            let w = display_width(&t);
            format!(
                "{t}{}",
                " ".repeat((col as usize).saturating_sub(w) + gap as usize)
            )
        };
        let (mark, style) = match state.images.get(url) {
            Some(Preview::Ready(_)) => (String::new(), theme.dim),
            Some(Preview::Failed(_)) => ("⊘ preview unavailable".to_string(), theme.missing_alt),
            _ => ("… loading preview".to_string(), theme.dim),
        };
        first.push(Span::styled(pad(&mark), style));
        match m
            .description
            .as_deref()
            .map(str::trim)
            .filter(|d| !d.is_empty())
        {
            Some(alt) => caption.push(Span::styled(pad(&sanitize_line(alt)), theme.media)),
            None => caption.push(Span::styled(pad("no alt text"), theme.missing_alt)),
        }
        cols.push((x, col, url.to_string()));
    }
    let mut lines = vec![Line::from(first)];
    lines.extend((1..PREVIEW_ROWS).map(|_| Line::from(gutter.clone())));
    lines.push(Line::from(caption));
    Some((lines, cols))
}

fn relationship_line(p: &ProfileView) -> String {
    let Some(r) = &p.relationship else {
        return String::new();
    };
    let parts = r.states();
    parts.join(" · ")
}

fn profile(
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
    let name = sanitize_line(a.display_name_or_username()).into_owned();
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

fn search(buf: &mut Buffer, area: Rect, s: &SearchView, theme: &Theme) {
    let header = format!(" Search: {}", sanitize_line(&s.query));
    put_line(
        buf,
        area,
        area.y,
        &Line::from(Span::styled(
            truncate_to_width(&header, area.width as usize),
            theme.selected_name,
        )),
    );
    let body = Rect::new(
        area.x,
        area.y + 1,
        area.width,
        area.height.saturating_sub(1),
    );
    if s.loading.is_some() {
        message(buf, body, "Searching…", theme.dim);
        return;
    }
    if let Some(e) = &s.error {
        message(
            buf,
            body,
            &format!("Search failed: {}", sanitize_line(e)),
            theme.cw_banner,
        );
        return;
    }
    let Some(r) = &s.results else {
        return;
    };
    let rows = s.rows();
    if rows.is_empty() {
        message(buf, body, "Nothing found.", theme.dim);
        return;
    }
    let w = area.width as usize;
    let height = body.height as usize;
    let first = s.selected.saturating_sub(height.saturating_sub(1));
    for (line_no, (i, row)) in rows.iter().enumerate().skip(first).take(height).enumerate() {
        let sel = i == s.selected;
        let marker = if sel { "▶ " } else { "  " };
        let text = match row {
            SearchRow::Account(k) => r.accounts.get(*k).map(|a| {
                format!(
                    "{marker}👤 {} @{}",
                    sanitize_line(a.display_name_or_username()),
                    sanitize_line(&a.acct)
                )
            }),
            SearchRow::Hashtag(k) => r
                .hashtags
                .get(*k)
                .map(|t| format!("{marker}# {}", sanitize_line(&t.name))),
            SearchRow::Status(k) => r.statuses.get(*k).map(|st| {
                format!(
                    "{marker}✉ @{}: {}",
                    sanitize_line(&st.account.acct),
                    strip_html(&st.content)
                )
            }),
        }
        .unwrap_or_default();
        let style = if sel { theme.selected_name } else { theme.text };
        put_line(
            buf,
            body,
            body.y + line_no as u16,
            &Line::from(Span::styled(truncate_to_width(&text, w), style)),
        );
    }
}

fn instance(buf: &mut Buffer, area: Rect, acc: &AccountState, scroll: u16, theme: &Theme) {
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
    announcements(&mut lines, acc, w, theme);
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
fn announcements(lines: &mut Vec<Line<'static>>, acc: &AccountState, w: u16, theme: &Theme) {
    let Some(list) = acc.announcements.as_ref().filter(|l| !l.is_empty()) else {
        return;
    };
    let unread = list.iter().filter(|a| a.read == Some(false)).count();
    let hint = if unread > 0 {
        format!(" — {unread} unread, x marks them read")
    } else {
        String::new()
    };
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

fn links(buf: &mut Buffer, area: Rect, l: &LinkPicker, theme: &Theme) {
    let widest = l
        .links
        .iter()
        .map(|(t, u)| display_width(t) + display_width(u) + 8)
        .max()
        .unwrap_or(20);
    let Some(inner) = overlay(
        buf,
        area,
        (widest as u16).clamp(30, 100),
        l.links.len() as u16 + 2,
        " open — Enter opens, Esc closes ",
        theme,
    ) else {
        return;
    };
    for (i, (label, url)) in l.links.iter().enumerate().take(inner.height as usize) {
        let sel = i == l.selected;
        let text = format!(
            "{}{} {}  {}",
            if sel { "▶" } else { " " },
            i + 1,
            label,
            sanitize_line(url)
        );
        let style = if sel { theme.selected_name } else { theme.text };
        put_line(
            buf,
            inner,
            inner.y + i as u16,
            &Line::from(Span::styled(
                truncate_to_width(&text, inner.width as usize),
                style,
            )),
        );
    }
}

fn menu(buf: &mut Buffer, area: Rect, m: &crate::app::views::MenuView, theme: &Theme) {
    let title = format!(" {} — Enter chooses, Esc cancels ", sanitize_line(&m.title));
    let widest = m
        .items
        .iter()
        .map(|(l, _)| display_width(l))
        .chain(m.check.iter().map(|(l, _)| display_width(l) + 14))
        .chain(std::iter::once(display_width(&title)))
        .max()
        .unwrap_or(20);
    let rows = m.items.len() as u16 + if m.check.is_some() { 2 } else { 0 };
    let Some(inner) = overlay(buf, area, widest as u16 + 6, rows + 2, &title, theme) else {
        return;
    };
    let w = inner.width as usize;
    for (i, (label, _)) in m.items.iter().enumerate().take(inner.height as usize) {
        let sel = i == m.selected;
        let text = format!("{}{label}", if sel { "▶ " } else { "  " });
        let style = if sel { theme.selected_name } else { theme.text };
        put_line(
            buf,
            inner,
            inner.y + i as u16,
            &Line::from(Span::styled(truncate_to_width(&text, w), style)),
        );
    }
    if let Some((label, checked)) = &m.check {
        let text = format!("  [{}] {label} (Tab)", if *checked { "x" } else { " " });
        put_line(
            buf,
            inner,
            inner.y + m.items.len() as u16 + 1,
            &Line::from(Span::styled(truncate_to_width(&text, w), theme.dim)),
        );
    }
}

fn poll(buf: &mut Buffer, area: Rect, p: &PollVote, theme: &Theme) {
    let hint = if p.multiple {
        " vote — Enter toggles, v sends "
    } else {
        " vote — Enter votes "
    };
    let Some(inner) = overlay(buf, area, 60, p.options.len() as u16 + 2, hint, theme) else {
        return;
    };
    for (i, o) in p.options.iter().enumerate().take(inner.height as usize) {
        let sel = i == p.selected;
        let box_ = match (p.multiple, p.chosen.get(i).copied().unwrap_or(false)) {
            (true, true) => "[x]",
            (true, false) => "[ ]",
            (false, true) => "(•)",
            (false, false) => "( )",
        };
        let text = format!("{}{box_} {o}", if sel { "▶" } else { " " });
        let style = if sel { theme.selected_name } else { theme.text };
        put_line(
            buf,
            inner,
            inner.y + i as u16,
            &Line::from(Span::styled(
                truncate_to_width(&text, inner.width as usize),
                style,
            )),
        );
    }
}

fn requests(buf: &mut Buffer, area: Rect, r: &crate::app::views::RequestsView, theme: &Theme) {
    use crate::app::views::POLICY_ROWS;
    let w = area.width as usize;
    let mut lines: Vec<Line<'static>> = vec![Line::from(Span::styled(
        " Notifications from… (Enter cycles accept → filter → drop)",
        theme.strong,
    ))];
    for (i, (_, label)) in POLICY_ROWS.iter().enumerate() {
        let sel = i == r.selected;
        let value = r.policy_value(i).unwrap_or("…");
        let text = format!("{}{label:<34} {value}", if sel { "▶ " } else { "  " });
        let style = if sel { theme.selected_name } else { theme.text };
        lines.push(Line::from(Span::styled(truncate_to_width(&text, w), style)));
    }
    lines.push(Line::default());
    let pending = r.requests.len();
    lines.push(Line::from(Span::styled(
        format!(
            " Held back: {pending} account{} (Enter accepts, x dismisses)",
            if pending == 1 { "" } else { "s" }
        ),
        theme.strong,
    )));
    if r.requests.is_empty() && !r.loading {
        lines.push(Line::from(Span::styled(
            "   nothing is held back",
            theme.dim,
        )));
    }
    for (k, req) in r.requests.iter().enumerate() {
        let sel = POLICY_ROWS.len() + k == r.selected;
        let preview = req
            .last_status
            .as_ref()
            .map(|s| format!(" — {}", strip_html(&s.content)))
            .unwrap_or_default();
        let text = format!(
            "{}{} @{} · {} notification{}{preview}",
            if sel { "▶ " } else { "  " },
            sanitize_line(req.account.display_name_or_username()),
            sanitize_line(&req.account.acct),
            req.notifications_count,
            if req.notifications_count == 1 {
                ""
            } else {
                "s"
            }
        );
        let style = if sel { theme.selected_name } else { theme.text };
        lines.push(Line::from(Span::styled(truncate_to_width(&text, w), style)));
    }
    if let Some(e) = &r.error {
        lines.push(Line::default());
        lines.push(Line::from(Span::styled(
            truncate_to_width(&format!(" {}", sanitize_line(e)), w),
            theme.cw_banner,
        )));
    } else if r.loading {
        lines.push(Line::from(Span::styled(" Loading…", theme.dim)));
    }
    // Keep the selection visible on short screens.
    let sel_line = if r.selected < POLICY_ROWS.len() {
        r.selected + 1
    } else {
        r.selected + 4
    };
    let start = sel_line.saturating_sub(area.height.saturating_sub(1) as usize);
    for (row, l) in lines
        .iter()
        .skip(start)
        .take(area.height as usize)
        .enumerate()
    {
        put_line(buf, area, area.y + row as u16, l);
    }
}
