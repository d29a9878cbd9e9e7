//! The text form of entities for plain CLI output.
//!
//! Every string that came from the server goes through the sanitiser
//! (`html_to_text`/`strip_html` for HTML, `sanitize_line` for names and
//! other fields) before it is formatted; colours are added afterwards.

use time::OffsetDateTime;
use time::macros::format_description;

use super::output::{Output, Style};
use crate::api::entities::{
    Account, Filter, Instance, List, Notification, NotificationType, Poll, Relationship, Status,
    Tag,
};
use crate::html::{html_to_text, sanitize_line, strip_html, wrap_text};

/// A one-line field from the server, sanitised.
pub fn clean(s: &str) -> String {
    sanitize_line(s).into_owned()
}

/// A timestamp as `2024-05-01 14:03 UTC`.
pub fn when(t: Option<OffsetDateTime>) -> String {
    let fmt = format_description!("[year]-[month]-[day] [hour]:[minute] UTC");
    t.and_then(|t| t.to_offset(time::UtcOffset::UTC).format(&fmt).ok())
        .unwrap_or_default()
}

/// `Display Name @acct`.
pub fn who(out: &Output, a: &Account) -> String {
    let name = clean(a.display_name_or_username());
    format!(
        "{} {}",
        out.paint(Style::Strong, &name),
        out.paint(Style::Acct, &format!("@{}", clean(&a.acct)))
    )
}

/// HTML as wrapped text lines.
fn body(out: &Output, html: &str) -> Vec<String> {
    let width = u16::try_from(out.width()).unwrap_or(80);
    html_to_text(html)
        .lines()
        .flat_map(|l| {
            if l.is_empty() {
                vec![String::new()]
            } else {
                wrap_text(l, width)
            }
        })
        .collect()
}

/// A status as a block of lines (no trailing newline).
pub fn status(out: &Output, s: &Status) -> String {
    let mut lines = Vec::new();
    if s.is_reblog() {
        lines.push(out.paint(
            Style::Good,
            &format!("↻ {} boosted", clean(&format!("@{}", s.account.acct))),
        ));
    }
    let o = s.original();
    let mut head = format!(
        "{} {}",
        who(out, &o.account),
        out.paint(
            Style::Dim,
            &format!(
                "· {} · {}{} · id {}",
                when(o.created_at),
                clean(o.visibility.as_str()),
                if o.edited_at.is_some() {
                    " · edited"
                } else {
                    ""
                },
                clean(o.id.as_str())
            )
        )
    );
    if o.in_reply_to_id.is_some() {
        head.push_str(&out.paint(Style::Dim, " · reply"));
    }
    lines.push(head);
    if !o.spoiler_text.is_empty() {
        lines.push(out.paint(Style::Warn, &format!("CW: {}", clean(&o.spoiler_text))));
    }
    lines.extend(body(out, &o.content));
    for m in &o.media_attachments {
        let alt = m
            .description
            .as_deref()
            .filter(|d| !d.trim().is_empty())
            .map(clean)
            .unwrap_or_else(|| out.paint(Style::Warn, "(no alt text)"));
        lines.push(format!(
            "{} {alt}",
            out.paint(Style::Dim, &format!("[{}]", clean(m.kind.as_str())))
        ));
    }
    if let Some(p) = &o.poll {
        lines.push(poll(out, p));
    }
    if let Some(q) = o.quoted_status() {
        lines.push(out.paint(
            Style::Dim,
            &format!(
                "❝ @{}: {}",
                clean(&q.account.acct),
                summary_text(&q.content, 60)
            ),
        ));
    }
    let mut flags = Vec::new();
    if o.favourited == Some(true) {
        flags.push("favourited");
    }
    if o.reblogged == Some(true) {
        flags.push("boosted");
    }
    if o.bookmarked == Some(true) {
        flags.push("bookmarked");
    }
    if o.pinned == Some(true) {
        flags.push("pinned");
    }
    if o.muted == Some(true) {
        flags.push("muted");
    }
    let mut foot = format!(
        "↩ {}  ↻ {}  ★ {}",
        o.replies_count, o.reblogs_count, o.favourites_count
    );
    if !flags.is_empty() {
        foot.push_str(&format!("  ({})", flags.join(", ")));
    }
    if let Some(u) = &o.url {
        foot.push_str(&format!("  {}", clean(u)));
    }
    lines.push(out.paint(Style::Dim, &foot));
    lines.join("\n")
}

/// The first `max` characters of an HTML body, on one line.
pub fn summary_text(html: &str, max: usize) -> String {
    let t = strip_html(html);
    if t.chars().count() > max {
        let cut: String = t.chars().take(max.saturating_sub(1)).collect();
        format!("{cut}…")
    } else {
        t
    }
}

/// A status on one line: `@acct: text…`.
pub fn status_line(out: &Output, s: &Status) -> String {
    let o = s.original();
    let text = if o.spoiler_text.is_empty() {
        summary_text(&o.content, 70)
    } else {
        format!("CW: {}", clean(&o.spoiler_text))
    };
    format!(
        "{} {}",
        out.paint(Style::Acct, &format!("@{}:", clean(&o.account.acct))),
        text
    )
}

/// A poll: the options with votes and bars, the user's choices marked.
pub fn poll(out: &Output, p: &Poll) -> String {
    let total = p.votes_count.max(1);
    let own = p.own_votes.clone().unwrap_or_default();
    let mut lines = vec![out.paint(
        Style::Dim,
        &format!(
            "poll {} · {} vote{}{}{} · {}",
            clean(p.id.as_str()),
            p.votes_count,
            if p.votes_count == 1 { "" } else { "s" },
            if p.multiple {
                " · multiple choice"
            } else {
                ""
            },
            if p.voted == Some(true) {
                " · voted"
            } else {
                ""
            },
            if p.expired {
                "closed".to_string()
            } else {
                format!("closes {}", when(p.expires_at))
            }
        ),
    )];
    for (i, opt) in p.options.iter().enumerate() {
        let votes = opt.votes_count.unwrap_or(0);
        let pct = votes * 100 / total;
        let bar = "█".repeat(usize::try_from(pct / 10).unwrap_or(0));
        let mark = if own.contains(&i) { "✓" } else { " " };
        lines.push(format!(
            "  {mark} {}. {} {} {pct}%",
            i + 1,
            clean(&opt.title),
            out.paint(Style::Good, &bar)
        ));
    }
    lines.join("\n")
}

/// A profile: name, handle, flags, bio, fields, counts, relationship.
pub fn account(out: &Output, a: &Account, rel: Option<&Relationship>) -> String {
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
    let mut head = who(out, a);
    if !flags.is_empty() {
        head.push_str(&out.paint(Style::Dim, &format!(" ({})", flags.join(", "))));
    }
    head.push_str(&out.paint(Style::Dim, &format!(" · id {}", clean(a.id.as_str()))));
    let mut lines = vec![head, out.paint(Style::Link, &clean(&a.url))];
    let bio = body(out, &a.note);
    if !bio.is_empty() {
        lines.push(String::new());
        lines.extend(bio);
        lines.push(String::new());
    }
    for f in &a.fields {
        let mark = if f.verified_at.is_some() {
            out.paint(Style::Good, " ✓")
        } else {
            String::new()
        };
        lines.push(format!(
            "{}: {}{mark}",
            out.paint(Style::Strong, &clean(&f.name)),
            strip_html(&f.value)
        ));
    }
    lines.push(out.paint(
        Style::Dim,
        &format!(
            "joined {} · {} posts · {} following · {} followers",
            when(a.created_at).get(..10).unwrap_or(""),
            a.statuses_count,
            a.following_count,
            a.followers_count
        ),
    ));
    if let Some(r) = rel {
        let states = r.states();
        if !states.is_empty() {
            lines.push(out.paint(Style::Good, &states.join(", ")));
        }
        if !r.note.is_empty() {
            lines.push(format!("note: {}", clean(&r.note)));
        }
    }
    lines.join("\n")
}

/// An account on one line: `Display Name @acct · id`.
pub fn account_line(out: &Output, a: &Account) -> String {
    format!(
        "{} {}",
        who(out, a),
        out.paint(Style::Dim, &format!("· id {}", clean(a.id.as_str())))
    )
}

/// A relationship after an action: `@acct: following, follows you`.
pub fn relationship(out: &Output, acct: &str, r: &Relationship) -> String {
    let states = r.states();
    let states = if states.is_empty() {
        "no relationship".to_string()
    } else {
        states.join(", ")
    };
    format!(
        "{} {states}",
        out.paint(Style::Acct, &format!("@{}:", clean(acct)))
    )
}

/// A notification: who did what, and the status concerned.
pub fn notification(out: &Output, n: &Notification) -> String {
    let actor = n
        .account
        .as_ref()
        .map(|a| who(out, a))
        .unwrap_or_else(|| "someone".into());
    let what = match &n.kind {
        NotificationType::Mention => "mentioned you",
        NotificationType::Status => "posted",
        NotificationType::Reblog => "boosted your post",
        NotificationType::Follow => "followed you",
        NotificationType::FollowRequest => "asked to follow you",
        NotificationType::Favourite => "favourited your post",
        NotificationType::Poll => "a poll has ended",
        NotificationType::Update => "edited a post",
        NotificationType::Quote => "quoted your post",
        _ => n.kind.as_str(),
    };
    let mut lines = vec![format!(
        "{actor} {} {}",
        clean(what),
        out.paint(
            Style::Dim,
            &format!("· {} · id {}", when(n.created_at), clean(n.id.as_str()))
        )
    )];
    if let Some(s) = &n.status {
        lines.push(format!("  {}", status_line(out, s)));
    }
    lines.join("\n")
}

/// A hashtag with its use this week and whether it is followed.
pub fn tag(out: &Output, t: &Tag) -> String {
    let uses: u64 = t.history.iter().map(|h| h.uses).sum();
    let mut s = out.paint(Style::Link, &format!("#{}", clean(&t.name)));
    if !t.history.is_empty() {
        let plural = if uses == 1 { "" } else { "s" };
        s.push_str(&out.paint(Style::Dim, &format!(" · {uses} post{plural} this week")));
    }
    if t.following == Some(true) {
        s.push_str(&out.paint(Style::Good, " · following"));
    }
    s
}

/// A list: id, title and settings.
pub fn list(out: &Output, l: &List) -> String {
    format!(
        "{} {}{}",
        out.paint(Style::Dim, &format!("{:>6}", clean(l.id.as_str()))),
        out.paint(Style::Strong, &clean(&l.title)),
        out.paint(
            Style::Dim,
            &format!(
                " · replies: {}{}",
                clean(l.replies_policy.as_str()),
                if l.exclusive { " · exclusive" } else { "" }
            )
        )
    )
}

/// A filter: id, title, contexts, action, keywords.
pub fn filter(out: &Output, f: &Filter) -> String {
    let ctx: Vec<String> = f.context.iter().map(|c| clean(c.as_str())).collect();
    let mut lines = vec![format!(
        "{} {} {}",
        out.paint(Style::Dim, &format!("{:>6}", clean(f.id.as_str()))),
        out.paint(Style::Strong, &clean(&f.title)),
        out.paint(
            Style::Dim,
            &format!(
                "· {} in {}{}",
                clean(f.filter_action.as_str()),
                ctx.join(", "),
                match f.expires_at {
                    Some(t) => format!(" · until {}", when(Some(t))),
                    None => String::new(),
                }
            )
        )
    )];
    for k in &f.keywords {
        lines.push(format!(
            "       “{}”{}",
            clean(&k.keyword),
            if k.whole_word { " (whole word)" } else { "" }
        ));
    }
    if !f.statuses.is_empty() {
        lines.push(format!("       {} statuses", f.statuses.len()));
    }
    lines.join("\n")
}

/// An instance: title, domain, version, description, limits, rules.
pub fn instance(out: &Output, i: &Instance) -> String {
    let mut lines = vec![
        format!(
            "{} {}",
            out.paint(Style::Strong, &clean(&i.title)),
            out.paint(
                Style::Dim,
                &format!("({} · {})", clean(&i.domain), clean(&i.version))
            )
        ),
        String::new(),
    ];
    lines.extend(body(out, &i.description));
    lines.push(String::new());
    lines.push(format!(
        "Posts: {} characters, {} attachments; sign-ups {}{}",
        i.max_characters(),
        i.max_media_attachments(),
        if i.registrations_open {
            "open"
        } else {
            "closed"
        },
        if i.approval_required {
            " (approval required)"
        } else {
            ""
        }
    ));
    if let Some(a) = &i.contact_account {
        lines.push(format!("Contact: {}", who(out, a)));
    }
    if !i.rules.is_empty() {
        lines.push("Rules:".into());
        for (n, r) in i.rules.iter().enumerate() {
            lines.push(format!("  {}. {}", n + 1, clean(&r.text)));
        }
    }
    lines.join("\n")
}
