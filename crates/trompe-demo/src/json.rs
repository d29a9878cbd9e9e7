//! Mastodon entity JSON, built from the world with the field names and shapes
//! of the Mastodon API documentation (not from trompe's own types, so the
//! demo instance cannot merely agree with the client).

use serde_json::{Value, json};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use super::world::{DNotification, Id, World};

/// RFC 3339 with milliseconds and `Z`, as Mastodon sends.
pub fn ts(unix: i64) -> String {
    let t = OffsetDateTime::from_unix_timestamp(unix).unwrap_or(OffsetDateTime::UNIX_EPOCH);
    let s = t.format(&Rfc3339).unwrap_or_default();
    // `2024-01-02T03:04:05Z` → `2024-01-02T03:04:05.000Z`
    match s.strip_suffix('Z') {
        Some(p) if !p.contains('.') => format!("{p}.000Z"),
        _ => s,
    }
}

fn date(unix: i64) -> String {
    ts(unix).chars().take(10).collect()
}

fn emoji_list(w: &World, codes: &[String]) -> Value {
    Value::Array(
        codes
            .iter()
            .filter(|c| w.custom_emoji.contains(c))
            .map(|c| {
                let url = format!("{}/system/custom_emojis/{}.png", w.base, c);
                json!({"shortcode": c, "url": url, "static_url": url, "visible_in_picker": true, "category": null})
            })
            .collect(),
    )
}

/// `GET /api/v1/custom_emojis`: every custom emoji of the instance.
pub fn custom_emojis(w: &World) -> Value {
    emoji_list(w, &w.custom_emoji)
}

/// The Account entity.
pub fn account(w: &World, id: Id) -> Value {
    let Some(a) = w.accounts.get(&id) else {
        return Value::Null;
    };
    let followers = w.follows.iter().filter(|(_, b)| *b == id).count();
    let following = w.follows.iter().filter(|(f, _)| *f == id).count();
    let statuses: Vec<&super::world::DStatus> =
        w.statuses.values().filter(|s| s.account == id).collect();
    let last = statuses.iter().map(|s| s.created_at).max();
    let url = match &a.domain {
        Some(d) => format!("https://{}/@{}", d, a.username),
        None => format!("{}/@{}", w.base, a.username),
    };
    let (avatar, header) = w.profile_images(id);
    let fields: Vec<Value> = a
        .fields
        .iter()
        .map(|(n, v, ok)| {
            let value = if v.starts_with("https://") {
                format!(
                    "<a href=\"{0}\" target=\"_blank\" rel=\"nofollow noopener me\" translate=\"no\"><span class=\"invisible\">https://</span><span class=\"\">{1}</span><span class=\"invisible\"></span></a>",
                    super::format::escape(v),
                    super::format::escape(v.trim_start_matches("https://"))
                )
            } else {
                super::format::escape(v)
            };
            json!({
                "name": n,
                "value": value,
                "verified_at": if *ok { Value::String(ts(a.created_at + 86_400)) } else { Value::Null },
            })
        })
        .collect();
    json!({
        "id": id.to_string(),
        "username": a.username,
        "acct": w.acct(id),
        "display_name": a.display_name,
        "locked": a.locked,
        "bot": a.bot,
        "discoverable": w.discoverable(id),
        "indexable": true,
        "group": false,
        "created_at": ts(a.created_at - a.created_at.rem_euclid(86_400)),
        "note": a.note_html,
        "url": url,
        "uri": url.replace("/@", "/users/"),
        "avatar": avatar,
        "avatar_static": avatar,
        "header": header,
        "header_static": header,
        "followers_count": followers,
        "following_count": following,
        "statuses_count": statuses.len(),
        "last_status_at": last.map(date),
        "hide_collections": false,
        "noindex": false,
        "emojis": emoji_list(w, &a.emojis),
        "roles": [],
        "fields": fields,
    })
}

/// The MediaAttachment entity.
pub fn media(w: &World, id: Id) -> Value {
    let Some(m) = w.media.get(&id) else {
        return Value::Null;
    };
    let url = format!("{}/system/media_attachments/{}/original.png", w.base, id);
    let preview = format!("{}/system/media_attachments/{}/small.png", w.base, id);
    let (pw, ph) = (
        m.width.min(320),
        (m.height * m.width.min(320)) / m.width.max(1),
    );
    let mut v = json!({
        "id": id.to_string(),
        "type": m.kind,
        "url": url,
        "preview_url": preview,
        "remote_url": null,
        "preview_remote_url": null,
        "text_url": null,
        "meta": {
            "original": {"width": m.width, "height": m.height, "size": format!("{}x{}", m.width, m.height), "aspect": f64::from(m.width) / f64::from(m.height.max(1))},
            "small": {"width": pw, "height": ph, "size": format!("{pw}x{ph}"), "aspect": f64::from(pw) / f64::from(ph.max(1))},
        },
        "description": m.description,
        "blurhash": "UBL_:rOpGG-oBUNG,qRj2so|=eE1w^n4S5NH",
    });
    // The focal point, wherever the attachment shows (upload answers and statuses).
    if let Some((x, y)) = w.compose.media_focus.get(&id) {
        v["meta"]["focus"] = json!({"x": x, "y": y});
    }
    v
}

/// The Poll entity as seen by `viewer`.
pub fn poll(w: &World, id: Id, viewer: Option<Id>) -> Value {
    let Some(p) = w.polls.get(&id) else {
        return Value::Null;
    };
    let expired = p.expires_at.is_some_and(|e| e <= w.now);
    let own = viewer.and_then(|v| p.voted.get(&v));
    // As on Mastodon: with `hide_totals`, the options' counts are null
    // (for everyone, the author too) until the poll ends.
    let hidden = !expired && w.compose.hide_totals.contains(&id);
    json!({
        "id": id.to_string(),
        "expires_at": p.expires_at.map(ts),
        "expired": expired,
        "multiple": p.multiple,
        "votes_count": p.votes.iter().sum::<u32>(),
        "voters_count": if p.multiple { Value::from(p.voters) } else { Value::Null },
        "options": p.options.iter().zip(&p.votes).map(|(t, v)| json!({"title": t, "votes_count": if hidden { Value::Null } else { Value::from(*v) }})).collect::<Vec<_>>(),
        "emojis": [],
        "voted": viewer.map(|_| own.is_some()),
        "own_votes": viewer.map(|_| own.cloned().unwrap_or_default()),
    })
}

/// The `quote` of a status: accepted (quotes are only made of posts the
/// author may quote); the quoted status nests once, deeper quotes are
/// shallow (`quoted_status_id`), as on Mastodon.
fn quote(w: &World, id: Id, viewer: Option<Id>, nest: bool) -> Value {
    let Some(q) = w.compose.quotes.get(&id) else {
        return Value::Null;
    };
    if !nest {
        return json!({"state": "accepted", "quoted_status_id": q.to_string()});
    }
    let visible = w.statuses.get(q).is_some_and(|st| w.visible_to(st, viewer));
    if !visible {
        let state = if w.statuses.contains_key(q) {
            "unauthorized"
        } else {
            "deleted"
        };
        return json!({"state": state, "quoted_status": null});
    }
    json!({"state": "accepted", "quoted_status": status_nested(w, *q, viewer, false)})
}

/// The `quote_approval` of a status: who may quote it, and the viewer.
fn quote_approval(w: &World, id: Id, author: Id, viewer: Option<Id>) -> Value {
    let policy = w
        .compose
        .quote_policy
        .get(&id)
        .map(String::as_str)
        .unwrap_or("public");
    let automatic: Vec<&str> = match policy {
        "public" => vec!["public"],
        "followers" => vec!["followers"],
        _ => vec![],
    };
    let current_user = match (viewer, policy) {
        (Some(v), _) if v == author => "automatic",
        (_, "public") => "automatic",
        (_, "nobody") => "denied",
        _ => "unknown",
    };
    json!({"automatic": automatic, "manual": [], "current_user": current_user})
}

/// The Status entity as seen by `viewer`.
pub fn status(w: &World, id: Id, viewer: Option<Id>) -> Value {
    status_nested(w, id, viewer, true)
}

/// A status; its quote nests the quoted status only when `nest`.
fn status_nested(w: &World, id: Id, viewer: Option<Id>, nest: bool) -> Value {
    let Some(s) = w.statuses.get(&id) else {
        return Value::Null;
    };
    let author = w.accounts.get(&s.account);
    let url = match author.and_then(|a| a.domain.as_ref()) {
        Some(d) => format!(
            "https://{}/@{}/{}",
            d,
            author.map(|a| a.username.as_str()).unwrap_or(""),
            id
        ),
        None => format!(
            "{}/@{}/{}",
            w.base,
            author.map(|a| a.username.as_str()).unwrap_or(""),
            id
        ),
    };
    let uri =
        url.replace("/@", "/users/")
            .replacen(&format!("/{id}"), &format!("/statuses/{id}"), 1);
    let reblog = s
        .reblog_of
        .map(|r| status(w, r, viewer))
        .unwrap_or(Value::Null);
    let count =
        |set: &std::collections::BTreeSet<(Id, Id)>| set.iter().filter(|(_, st)| *st == id).count();
    let reblogs = w
        .statuses
        .values()
        .filter(|x| x.reblog_of == Some(id))
        .count();
    let replies = w
        .statuses
        .values()
        .filter(|x| x.in_reply_to == Some(id))
        .count();
    let mine = |set: &std::collections::BTreeSet<(Id, Id)>| viewer.map(|v| set.contains(&(v, id)));
    let reblogged = viewer.map(|v| {
        w.statuses
            .values()
            .any(|x| x.account == v && x.reblog_of == Some(id))
    });
    let in_reply_to_account = s
        .in_reply_to
        .and_then(|r| w.statuses.get(&r))
        .map(|p| p.account.to_string());
    let mentions: Vec<Value> = s
        .mentions
        .iter()
        .filter_map(|m| w.accounts.get(m))
        .map(|a| {
            let url = match &a.domain {
                Some(d) => format!("https://{}/@{}", d, a.username),
                None => format!("{}/@{}", w.base, a.username),
            };
            json!({"id": a.id.to_string(), "username": a.username, "url": url, "acct": w.acct(a.id)})
        })
        .collect();
    let tags: Vec<Value> = s
        .tags
        .iter()
        .map(|t| json!({"name": t, "url": format!("{}/tags/{}", w.base, t)}))
        .collect();
    json!({
        "id": id.to_string(),
        "created_at": ts(s.created_at),
        "in_reply_to_id": s.in_reply_to.map(|x| x.to_string()),
        "in_reply_to_account_id": in_reply_to_account,
        "sensitive": s.sensitive,
        "spoiler_text": s.spoiler_text,
        "visibility": s.visibility,
        "language": s.language,
        "uri": uri,
        "url": url,
        "replies_count": replies,
        "reblogs_count": reblogs,
        "favourites_count": count(&w.favourites),
        "quotes_count": w.compose.quotes.values().filter(|q| **q == id).count(),
        "quote_approval": quote_approval(w, id, s.account, viewer),
        "edited_at": s.edited_at.map(ts),
        "favourited": mine(&w.favourites),
        "reblogged": reblogged,
        "muted": viewer.map(|v| w.thread_muted(v, id)),
        "bookmarked": mine(&w.bookmarks),
        "pinned": viewer.filter(|v| *v == s.account).map(|v| w.pinned(v, id)),
        "content": s.html,
        "filtered": w.filter_results(id, viewer),
        "reblog": reblog,
        "application": s.application.as_ref().map(|a| json!({"name": a, "website": null})),
        "account": account(w, s.account),
        "media_attachments": s.media.iter().map(|m| media(w, *m)).collect::<Vec<_>>(),
        "mentions": mentions,
        "tags": tags,
        "emojis": emoji_list(w, &s.emojis),
        "quote": quote(w, id, viewer, nest),
        "card": null,
        "poll": s.poll.map(|p| poll(w, p, viewer)).unwrap_or(Value::Null),
        // Mastodon adds fields over time; clients must keep what they don't know.
        "trompe_demo_extension": {"seeded": true},
    })
}

/// The Notification entity.
pub fn notification(w: &World, n: &DNotification) -> Value {
    json!({
        "id": n.id.to_string(),
        "type": n.kind,
        "group_key": group_key(n),
        "created_at": ts(n.created_at),
        "account": account(w, n.from),
        "status": n.status.map(|s| status(w, s, Some(n.to))).unwrap_or(Value::Null),
    })
}

/// Grouping key as Mastodon builds it: favourites and boosts of one status group.
pub fn group_key(n: &DNotification) -> String {
    match (n.kind.as_str(), n.status) {
        ("favourite" | "reblog", Some(s)) => format!("{}-{}", n.kind, s),
        ("follow", _) => format!("follow-{}", n.created_at / 86_400),
        _ => format!("ungrouped-{}", n.id),
    }
}

/// Instance v2.
pub fn instance_v2(w: &World, streaming: &str) -> Value {
    json!({
        "domain": w.domain,
        "title": "trompe demo",
        "version": "4.3.0 (compatible; trompe-demo)",
        "source_url": "https://github.com/mastodon/mastodon",
        "description": "An offline Mastodon-compatible instance built into trompe, seeded with a small friendly world.",
        "usage": {"users": {"active_month": w.accounts.values().filter(|a| a.domain.is_none()).count()}},
        "thumbnail": {"url": format!("{}/system/site/thumbnail.png", w.base)},
        "languages": ["en", "fr", "ja", "ar"],
        "configuration": {
            "urls": {"streaming": streaming, "status": null},
            "accounts": {"max_featured_tags": 10, "max_pinned_statuses": 5},
            "statuses": {"max_characters": 500, "max_media_attachments": 4, "characters_reserved_per_url": 23},
            "media_attachments": {
                "supported_mime_types": ["image/jpeg", "image/png", "image/gif", "image/webp", "video/mp4"],
                "image_size_limit": 16777216, "image_matrix_limit": 33177600,
                "video_size_limit": 103809024, "video_frame_rate_limit": 120, "video_matrix_limit": 8294400
            },
            "polls": {"max_options": 4, "max_characters_per_option": 50, "min_expiration": 300, "max_expiration": 2629746},
            "translation": {"enabled": true},
        },
        "registrations": {"enabled": false, "approval_required": false, "message": null},
        // 7: quote posts (Mastodon 4.5).
        "api_versions": {"mastodon": 7},
        "contact": {"email": "admin@demo.invalid", "account": account(w, w.me)},
        "rules": [
            {"id": "1", "text": "Be kind.", "hint": ""},
            {"id": "2", "text": "Put content warnings on what others may not want to see.", "hint": "Spoilers, food, politics."},
        ],
    })
}

/// Instance v1 (older servers and clients).
pub fn instance_v1(w: &World, streaming: &str) -> Value {
    json!({
        "uri": w.domain,
        "title": "trompe demo",
        "short_description": "An offline Mastodon-compatible instance built into trompe.",
        "description": "An offline Mastodon-compatible instance built into trompe, seeded with a small friendly world.",
        "email": "admin@demo.invalid",
        "version": "4.3.0 (compatible; trompe-demo)",
        "urls": {"streaming_api": streaming},
        "stats": {"user_count": w.accounts.len(), "status_count": w.statuses.len(), "domain_count": 4},
        "languages": ["en", "fr", "ja", "ar"],
        "registrations": false,
        "approval_required": false,
        "invites_enabled": false,
        "configuration": {
            "statuses": {"max_characters": 500, "max_media_attachments": 4, "characters_reserved_per_url": 23},
            "polls": {"max_options": 4, "max_characters_per_option": 50, "min_expiration": 300, "max_expiration": 2629746},
        },
        "contact_account": account(w, w.me),
        "rules": [{"id": "1", "text": "Be kind."}],
    })
}

/// Mastodon's error body.
pub fn error(msg: &str) -> Value {
    json!({"error": msg})
}
