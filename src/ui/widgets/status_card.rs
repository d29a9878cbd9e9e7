//! One status as a card: boost/reply markers, header, content warning,
//! content, media, poll and counts. Every remote string is sanitised here or
//! by the HTML renderer before it reaches a cell.

use ratatui::style::Style;
use ratatui::text::{Line, Span};
use time::OffsetDateTime;

use crate::api::entities::{Status, Visibility};
use crate::html::{
    LinkKind, SpanStyle, display_width, sanitize_line, truncate_to_width, wrap_text,
};
use crate::ui::Theme;
use crate::ui::time_fmt::relative;

/// Columns taken by the selection gutter.
pub const GUTTER: u16 = 2;

/// Per-card inputs besides the status.
#[derive(Debug, Clone, Copy)]
pub struct CardContext<'a> {
    pub width: u16,
    pub now: OffsetDateTime,
    pub selected: bool,
    pub cw_expanded: bool,
    pub theme: &'a Theme,
    /// A translation to show under the content.
    pub translation: Option<&'a str>,
}

fn visibility_label(v: &Visibility) -> &str {
    match v {
        Visibility::Public => "public",
        Visibility::Unlisted => "unlisted",
        Visibility::Private => "followers",
        Visibility::Direct => "direct",
        Visibility::Other(o) => o.as_str(),
    }
}

/// Maps the HTML renderer's semantic style to a theme style.
pub fn span_style(s: &SpanStyle, theme: &Theme) -> Style {
    let mut style = theme.text;
    if s.quote {
        style = style.patch(theme.quote);
    }
    if s.code {
        style = style.patch(theme.code);
    }
    if s.strong {
        style = style.patch(theme.strong);
    }
    if s.emphasis {
        style = style.patch(theme.emphasis);
    }
    if s.strike {
        style = style.patch(theme.strike);
    }
    match s.link.map(|l| l.kind) {
        Some(LinkKind::Mention) => style = style.patch(theme.mention),
        Some(LinkKind::Hashtag) => style = style.patch(theme.hashtag),
        Some(LinkKind::Url) => style = style.patch(theme.link),
        None => {}
    }
    style
}

/// The lines of a card for `status` (a boost wrapper or a plain status).
pub fn card_lines(status: &Status, cx: CardContext<'_>) -> Vec<Line<'static>> {
    let theme = cx.theme;
    let inner = cx.width.saturating_sub(GUTTER).max(1);
    let mut body: Vec<Line<'static>> = Vec::new();
    let orig = status.original();

    if let Some(_r) = &status.reblog {
        let booster = sanitize_line(status.account.display_name_or_username());
        let booster = crate::ui::emoji::substitute(&booster, &status.account.emojis).into_owned();
        let text = truncate_to_width(&format!("⟳ {booster} boosted"), inner as usize);
        body.push(Line::from(Span::styled(text, theme.boost)));
    }

    // Header: name, acct, visibility, and the time right-aligned.
    let name = sanitize_line(orig.account.display_name_or_username());
    let name = crate::ui::emoji::substitute(&name, &orig.account.emojis).into_owned();
    let acct = format!("@{}", sanitize_line(&orig.account.acct));
    let mut right = format!(
        "{} · {}",
        visibility_label(&orig.visibility),
        relative(orig.created_at, cx.now)
    );
    if orig.edited_at.is_some() {
        right = format!("✎ {right}");
    }
    if orig.pinned == Some(true) {
        right = format!("📌 {right}");
    }
    let right_w = display_width(&right);
    let avail = (inner as usize).saturating_sub(right_w + 1);
    let name_t = truncate_to_width(&name, avail);
    let acct_t = truncate_to_width(&acct, avail.saturating_sub(display_width(&name_t) + 1));
    let used = display_width(&name_t)
        + if acct_t.is_empty() {
            0
        } else {
            1 + display_width(&acct_t)
        };
    let name_style = if cx.selected {
        theme.selected_name
    } else {
        theme.display_name
    };
    let mut header = vec![Span::styled(name_t, name_style)];
    if !acct_t.is_empty() {
        header.push(Span::raw(" "));
        header.push(Span::styled(acct_t, theme.acct));
    }
    if (inner as usize) > used + right_w {
        header.push(Span::raw(" ".repeat(inner as usize - used - right_w)));
        header.push(Span::styled(right, theme.dim));
    }
    body.push(Line::from(header));

    if orig.in_reply_to_id.is_some() {
        let target = orig
            .in_reply_to_account_id
            .as_ref()
            .and_then(|id| {
                if *id == orig.account.id {
                    Some("themselves".to_string())
                } else {
                    orig.mentions
                        .iter()
                        .find(|m| m.id == *id)
                        .map(|m| format!("@{}", sanitize_line(&m.acct)))
                }
            })
            .unwrap_or_else(|| "a post".to_string());
        let text = truncate_to_width(&format!("↪ in reply to {target}"), inner as usize);
        body.push(Line::from(Span::styled(text, theme.reply)));
    }

    // A server-side filter with the `warn` action hides the post behind its title.
    let warned: Vec<&str> = orig
        .filtered
        .iter()
        .filter(|r| r.filter.filter_action == crate::api::entities::FilterAction::Warn)
        .map(|r| r.filter.title.as_str())
        .collect();
    if !warned.is_empty() && !cx.cw_expanded {
        let text = format!(
            "⊘ Filtered: {}  [z: show anyway]",
            sanitize_line(&warned.join(", "))
        );
        for l in wrap_text(&text, inner) {
            body.push(Line::from(Span::styled(l, theme.dim)));
        }
        return finish(body, cx);
    }
    let has_cw = !orig.spoiler_text.trim().is_empty();
    if has_cw {
        let hint = if cx.cw_expanded {
            "  [z: hide]"
        } else {
            "  [z: show]"
        };
        let text = format!("⚠ {}{}", sanitize_line(&orig.spoiler_text), hint);
        for l in wrap_text(&text, inner) {
            body.push(Line::from(Span::styled(l, theme.cw_banner)));
        }
    }
    if !has_cw || cx.cw_expanded {
        // Parsed and laid out once per post and width (see `html_cache`).
        let rich = crate::ui::html_cache::lines(orig.id.as_str(), &orig.content, inner);
        for l in &rich.lines {
            let spans: Vec<Span<'static>> = l
                .spans
                .iter()
                .map(|s| {
                    let style = span_style(&s.style, theme);
                    // Custom emoji as pictures, where they are drawn.
                    let pictured = match crate::ui::emoji::substitute(&s.text, &orig.emojis) {
                        std::borrow::Cow::Owned(t) => Some(t),
                        std::borrow::Cow::Borrowed(_) => None,
                    };
                    Span::styled(pictured.unwrap_or_else(|| s.text.clone()), style)
                })
                .collect();
            body.push(Line::from(spans));
        }
        if let Some(t) = cx.translation {
            for l in wrap_text(&format!("🌐 {t}"), inner) {
                body.push(Line::from(Span::styled(l, theme.quote)));
            }
        }
        for m in &orig.media_attachments {
            media_lines(&mut body, m, orig.sensitive, inner, theme);
        }
        if let Some(p) = &orig.poll {
            poll_lines(&mut body, p, inner, cx.now, theme);
        }
    }

    // A quoted post, nested, or why it is not shown.
    if let Some(q) = &orig.quote {
        match q.visible_status() {
            Some(quoted) if depth_ok(cx) => {
                let sub = CardContext {
                    width: inner.saturating_sub(2),
                    selected: false,
                    cw_expanded: false,
                    translation: None,
                    ..cx
                };
                for l in card_lines(quoted, sub) {
                    let mut spans = vec![Span::styled("┃ ", theme.quote)];
                    spans.extend(l.spans.into_iter().skip(1));
                    body.push(Line::from(spans));
                }
                body.pop();
            }
            _ => {
                let why = match q.state.as_str() {
                    "pending" => "quote pending approval",
                    "revoked" => "the author removed this quote",
                    "deleted" => "the quoted post was deleted",
                    "unauthorized" => "the quoted post is not visible to you",
                    "rejected" => "the author declined this quote",
                    "blocked_account" | "blocked_domain" | "muted_account" => "quoted post hidden",
                    _ => "quoted post unavailable",
                };
                body.push(Line::from(Span::styled(format!("┃ {why}"), theme.quote)));
            }
        }
    }

    body.push(counts_line(orig, inner, theme));

    finish(body, cx)
}

/// The lines of one attachment: its kind, size and alt text (or that it
/// has none).
fn media_lines(
    body: &mut Vec<Line<'static>>,
    m: &crate::api::entities::MediaAttachment,
    sensitive: bool,
    inner: u16,
    theme: &Theme,
) {
    let kind = m.kind.as_str().to_string();
    let size = m
        .meta
        .as_ref()
        .and_then(|meta| meta.original.as_ref())
        .and_then(|o| match (o.width, o.height) {
            (Some(w), Some(h)) => Some(format!(" {w}×{h}")),
            _ => None,
        })
        .unwrap_or_default();
    let sensitive = if sensitive { " (sensitive)" } else { "" };
    match m
        .description
        .as_deref()
        .map(str::trim)
        .filter(|d| !d.is_empty())
    {
        Some(alt) => {
            let text = format!("▣ {kind}{size}{sensitive}: {}", sanitize_line(alt));
            for l in wrap_text(&text, inner) {
                body.push(Line::from(Span::styled(l, theme.media)));
            }
        }
        None => {
            let text = truncate_to_width(
                &format!("▣ {kind}{size}{sensitive} — no alt text"),
                inner as usize,
            );
            body.push(Line::from(Span::styled(text, theme.missing_alt)));
        }
    }
}

/// A poll's options with their share of the votes, then its totals.
fn poll_lines(
    body: &mut Vec<Line<'static>>,
    p: &crate::api::entities::Poll,
    inner: u16,
    now: time::OffsetDateTime,
    theme: &Theme,
) {
    let total = p.votes_count.max(1) as f64;
    let own: &[usize] = p.own_votes.as_deref().unwrap_or(&[]);
    for (i, o) in p.options.iter().enumerate() {
        let votes = o.votes_count.unwrap_or(0);
        let pct = (votes as f64 / total * 100.0).round() as u64;
        let mark = if own.contains(&i) { "✓" } else { " " };
        let bar_w = ((inner as usize).saturating_sub(8) / 4).max(1);
        let filled = ((pct as usize * bar_w) / 100).min(bar_w);
        let title = sanitize_line(&o.title).into_owned();
        let text = format!(
            "{mark}{:>4}% {}{} {}",
            pct,
            "█".repeat(filled),
            "░".repeat(bar_w - filled),
            title
        );
        body.push(Line::from(Span::styled(
            truncate_to_width(&text, inner as usize),
            theme.text,
        )));
    }
    let state = if p.expired {
        "closed".to_string()
    } else {
        match p.expires_at {
            Some(t) => format!("ends in {}", crate::ui::time_fmt::remaining(t, now)),
            None => "open".to_string(),
        }
    };
    let text = format!("{} votes · {state}", p.votes_count);
    body.push(Line::from(Span::styled(
        truncate_to_width(&text, inner as usize),
        theme.dim,
    )));
}

/// Replies, boosts, favourites, the bookmark mark and the application.
fn counts_line(orig: &Status, inner: u16, theme: &Theme) -> Line<'static> {
    let fav_style = if orig.favourited == Some(true) {
        theme.favourited
    } else {
        theme.counts
    };
    let boost_style = if orig.reblogged == Some(true) {
        theme.boost
    } else {
        theme.counts
    };
    // What you did shows by its symbol too, not only by colour: a filled
    // star for a favourite (☆ otherwise), a check on a boost.
    let boost = if orig.reblogged == Some(true) {
        "⟳✓"
    } else {
        "⟳"
    };
    let star = if orig.favourited == Some(true) {
        "★"
    } else {
        "☆"
    };
    let mut counts = vec![
        Span::styled(format!("↩ {}  ", orig.replies_count), theme.counts),
        Span::styled(format!("{boost} {}  ", orig.reblogs_count), boost_style),
        Span::styled(format!("{star} {}", orig.favourites_count), fav_style),
    ];
    if orig.bookmarked == Some(true) {
        counts.push(Span::styled("  ⚑", theme.favourited));
    }
    // The application it was posted with, where the server tells.
    if let Some(app) = orig
        .application
        .as_ref()
        .filter(|a| !a.name.trim().is_empty())
    {
        let used: usize = counts.iter().map(|s| display_width(&s.content)).sum();
        let room = (inner as usize).saturating_sub(used + 7);
        if room >= 4 {
            counts.push(Span::styled(
                format!(
                    "  via {}",
                    truncate_to_width(&sanitize_line(&app.name), room)
                ),
                theme.dim,
            ));
        }
    }
    Line::from(counts)
}

/// A status shown under another line (a notification's sentence, a
/// conversation's participants): indented by `gutter`, never styled as
/// selected itself.
pub fn nested_card(
    status: &Status,
    cx: CardContext<'_>,
    gutter: &Span<'static>,
) -> Vec<Line<'static>> {
    let sub = CardContext {
        width: cx.width.saturating_sub(GUTTER),
        selected: false,
        ..cx
    };
    card_lines(status, sub)
        .into_iter()
        .map(|l| {
            let mut spans = vec![gutter.clone()];
            spans.extend(l.spans);
            Line::from(spans)
        })
        .collect()
}

/// Quotes nest one level: a quote inside a quote shows its state line only.
fn depth_ok(cx: CardContext<'_>) -> bool {
    cx.width > 24
}

/// Adds the selection gutter and the blank separator.
fn finish(body: Vec<Line<'static>>, cx: CardContext<'_>) -> Vec<Line<'static>> {
    let theme = cx.theme;
    let gutter = if cx.selected {
        Span::styled("▌ ", theme.selected_gutter)
    } else {
        Span::raw("  ")
    };
    let mut out: Vec<Line<'static>> = body
        .into_iter()
        .map(|l| {
            let mut spans = Vec::with_capacity(l.spans.len() + 1);
            spans.push(gutter.clone());
            spans.extend(l.spans);
            Line::from(spans)
        })
        .collect();
    out.push(Line::default());
    out
}
