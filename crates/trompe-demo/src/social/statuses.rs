//! Status actions (favourite, boost with a visibility, bookmark, pin, mute
//! the conversation), who favourited or boosted, translation, polls and
//! votes, the bookmarks and favourites timelines, trends and conversations.

use std::collections::{BTreeMap, BTreeSet};

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::{delete, get, post};
use serde_json::{Value, json};

use super::super::json;
use super::super::routes::AppState;
use super::super::streaming;
use super::super::world::{Id, World};
use super::{
    Params, account_list, as_user, forbidden, invalid, not_found, offset_paged, ok, ok_linked,
    paged, parse_id, status_list, tag_json, user_params, viewer_params, visible_status,
};
use crate::Shared;

/// Pinned statuses an account may have (the instance's `max_pinned_statuses`).
const MAX_PINNED: usize = 5;

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/api/v1/statuses/{id}/{action}",
            post(status_action).get(actors),
        )
        .route("/api/v1/statuses/{id}/translate", post(translate))
        .route("/api/v1/polls/{id}", get(poll))
        .route("/api/v1/polls/{id}/votes", post(vote))
        .route("/api/v1/bookmarks", get(bookmarks))
        .route("/api/v1/favourites", get(favourites))
        .route("/api/v1/trends/statuses", get(trending_statuses))
        .route("/api/v1/trends/tags", get(trending_tags))
        .route("/api/v1/trends", get(trending_tags))
        .route("/api/v1/conversations", get(conversations))
        .route("/api/v1/conversations/{id}/read", post(read_conversation))
        .route("/api/v1/conversations/{id}", delete(delete_conversation))
}

/// The status a boost boosts, or the status itself.
fn original(w: &World, id: Id) -> Id {
    w.statuses.get(&id).and_then(|s| s.reblog_of).unwrap_or(id)
}

/// A status action's effect on the world; returns the status to answer with.
type Action = fn(&Shared, &mut World, Id, Id, &Params) -> Result<Id, Response>;

/// `POST /api/v1/statuses/:id/:action` (favourite, unfavourite, bookmark,
/// unbookmark, reblog, unreblog, pin, unpin, mute, unmute) on a status the
/// user can see; answers with the status.
async fn status_action(
    State(s): State<AppState>,
    h: HeaderMap,
    Path((id, action)): Path<(String, String)>,
    body: Bytes,
) -> Response {
    let f: Action = match action.as_str() {
        "favourite" => |s, w, me, sid, _| toggle(s, w, me, sid, false, true),
        "unfavourite" => |s, w, me, sid, _| toggle(s, w, me, sid, false, false),
        "bookmark" => |s, w, me, sid, _| toggle(s, w, me, sid, true, true),
        "unbookmark" => |s, w, me, sid, _| toggle(s, w, me, sid, true, false),
        "reblog" => reblog,
        "unreblog" => unreblog,
        "pin" => pin,
        "unpin" => |_, w, me, sid, _| {
            w.social.pins.remove(&(me, sid));
            Ok(sid)
        },
        "mute" => |_, w, me, sid, _| {
            let root = w.thread_root(sid);
            w.social.muted_threads.insert((me, root));
            Ok(sid)
        },
        "unmute" => |_, w, me, sid, _| {
            let root = w.thread_root(sid);
            w.social.muted_threads.remove(&(me, root));
            Ok(sid)
        },
        _ => return not_found(),
    };
    user_params(&s, &h, None, &body, |w, me, p| {
        let sid = visible_status(w, &id, Some(me))?;
        let out = f(&s, w, me, sid, p)?;
        ok(json::status(w, out, Some(me)))
    })
}

/// Notifies the author of `status` that `me` did `kind`, unless it is their
/// own status or they silenced `me`.
fn notify_author(s: &Shared, w: &mut World, kind: &str, me: Id, status: Id) {
    let Some(author) = w.statuses.get(&status).map(|st| st.account) else {
        return;
    };
    if author == me || w.silenced(author, me) || w.thread_muted(author, status) {
        return;
    }
    let now = w.now;
    let nid = w.add_notification(kind, me, author, Some(status), now);
    streaming::publish_notification(s, w, nid);
}

/// Removes the notifications of `kind` that `me` caused about `status`.
fn unnotify(w: &mut World, kind: &str, me: Id, status: Id) {
    w.notifications
        .retain(|_, n| !(n.kind == kind && n.from == me && n.status == Some(status)));
}

/// Favourite (`bookmark = false`) or bookmark, on or off.
fn toggle(
    s: &Shared,
    w: &mut World,
    me: Id,
    sid: Id,
    bookmark: bool,
    on: bool,
) -> Result<Id, Response> {
    let sid = original(w, sid);
    let set = if bookmark {
        &mut w.bookmarks
    } else {
        &mut w.favourites
    };
    let changed = if on {
        set.insert((me, sid))
    } else {
        set.remove(&(me, sid))
    };
    if !bookmark && changed {
        if on {
            notify_author(s, w, "favourite", me, sid);
        } else {
            unnotify(w, "favourite", me, sid);
        }
    }
    Ok(sid)
}

/// The user's boosts of `target`.
fn my_boosts(w: &World, me: Id, target: Id) -> Vec<Id> {
    w.statuses
        .values()
        .filter(|x| x.account == me && x.reblog_of == Some(target))
        .map(|x| x.id)
        .collect()
}

fn reblog(s: &Shared, w: &mut World, me: Id, sid: Id, p: &Params) -> Result<Id, Response> {
    let target = original(w, sid);
    let Some(st) = w.statuses.get(&target) else {
        return Err(not_found());
    };
    let own = st.account == me;
    match st.visibility.as_str() {
        "direct" => return Err(forbidden()),
        "private" if !own => return Err(forbidden()),
        _ => {}
    }
    let visibility = p.str("visibility").unwrap_or_else(|| "public".into());
    if !matches!(visibility.as_str(), "public" | "unlisted" | "private") {
        return Err(invalid(
            "Validation failed: Visibility is not included in the list",
        ));
    }
    if let Some(existing) = my_boosts(w, me, target).first() {
        return Ok(*existing);
    }
    let now = w.now;
    let boost = w.insert_boost(me, target, now);
    if let Some(b) = w.statuses.get_mut(&boost) {
        b.visibility = visibility;
    }
    notify_author(s, w, "reblog", me, target);
    streaming::publish_status(s, w, boost);
    Ok(boost)
}

fn unreblog(s: &Shared, w: &mut World, me: Id, sid: Id, _p: &Params) -> Result<Id, Response> {
    let target = original(w, sid);
    for b in my_boosts(w, me, target) {
        w.statuses.remove(&b);
        streaming::publish_delete(s, b);
    }
    unnotify(w, "reblog", me, target);
    Ok(target)
}

fn pin(_s: &Shared, w: &mut World, me: Id, sid: Id, _p: &Params) -> Result<Id, Response> {
    let Some(st) = w.statuses.get(&sid) else {
        return Err(not_found());
    };
    if st.reblog_of.is_some() {
        return Err(invalid("Validation failed: A boost cannot be pinned"));
    }
    if st.account != me {
        return Err(invalid(
            "Validation failed: Someone else's post cannot be pinned",
        ));
    }
    if st.visibility == "direct" {
        return Err(invalid(
            "Validation failed: Private mentions cannot be pinned",
        ));
    }
    let pinned = w.social.pins.keys().filter(|(a, _)| *a == me).count();
    if !w.pinned(me, sid) && pinned >= MAX_PINNED {
        return Err(invalid(
            "Validation failed: You have already pinned the maximum number of posts",
        ));
    }
    let now = w.now;
    w.social.pins.entry((me, sid)).or_insert(now);
    Ok(sid)
}

/// `GET /api/v1/statuses/:id/favourited_by` and `…/reblogged_by`: the
/// accounts that favourited or boosted a status.
async fn actors(
    State(s): State<AppState>,
    h: HeaderMap,
    Path((id, which)): Path<(String, String)>,
    RawQuery(q): RawQuery,
) -> Response {
    let boosts = match which.as_str() {
        "reblogged_by" => true,
        "favourited_by" => false,
        _ => return not_found(),
    };
    viewer_params(&s, &h, q.as_deref(), |w, v, p| {
        let sid = original(w, visible_status(w, &id, v)?);
        let mut ids: Vec<Id> = if boosts {
            w.statuses
                .values()
                .filter(|x| x.reblog_of == Some(sid))
                .map(|x| x.account)
                .collect()
        } else {
            w.favourites
                .iter()
                .filter(|(_, st)| *st == sid)
                .map(|(a, _)| *a)
                .collect()
        };
        ids.sort_unstable_by(|a, b| b.cmp(a));
        ids.dedup();
        let which = if boosts {
            "reblogged_by"
        } else {
            "favourited_by"
        };
        let path = format!("/api/v1/statuses/{sid}/{which}");
        let (page, link) = paged(&s, ids, p, &path, 40, 80);
        ok_linked(account_list(w, &page), link)
    })
}

async fn translate(
    State(s): State<AppState>,
    h: HeaderMap,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    user_params(&s, &h, None, &body, |w, me, p| {
        let sid = original(w, visible_status(w, &id, Some(me))?);
        let Some(st) = w.statuses.get(&sid) else {
            return Err(not_found());
        };
        let from = st.language.clone().unwrap_or_else(|| "und".into());
        let to = p.str("lang").unwrap_or_else(|| "en".into());
        // The demo has no translation service: it labels the original.
        let content = format!(
            "<p><em>[{from} → {to}, demo translation]</em></p>{}",
            st.html
        );
        ok(json!({
            "content": content,
            "spoiler_text": st.spoiler_text,
            "poll": null,
            "media_attachments": [],
            "detected_source_language": from,
            "provider": "trompe demo",
        }))
    })
}

/// The poll `id` and its status, if `viewer` may see them.
fn visible_poll(w: &World, id: &str, viewer: Option<Id>) -> Result<Id, Response> {
    let pid = parse_id(id)
        .filter(|p| w.polls.contains_key(p))
        .ok_or_else(not_found)?;
    let seen = w
        .statuses
        .values()
        .any(|st| st.poll == Some(pid) && w.visible_to(st, viewer));
    if seen { Ok(pid) } else { Err(not_found()) }
}

async fn poll(
    State(s): State<AppState>,
    h: HeaderMap,
    Path(id): Path<String>,
    RawQuery(q): RawQuery,
) -> Response {
    viewer_params(&s, &h, q.as_deref(), |w, v, _| {
        let pid = visible_poll(w, &id, v)?;
        ok(json::poll(w, pid, v))
    })
}

async fn vote(
    State(s): State<AppState>,
    h: HeaderMap,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    user_params(&s, &h, None, &body, |w, me, p| {
        let pid = visible_poll(w, &id, Some(me))?;
        let now = w.now;
        let Some(poll) = w.polls.get_mut(&pid) else {
            return Err(not_found());
        };
        if poll.expires_at.is_some_and(|e| e <= now) {
            return Err(invalid("Validation failed: The poll has already ended"));
        }
        if poll.voted.contains_key(&me) {
            return Err(invalid(
                "Validation failed: You have already voted on this poll",
            ));
        }
        let mut choices: Vec<usize> = Vec::new();
        for c in p.list("choices") {
            match c.trim().parse::<usize>() {
                Ok(i) if i < poll.options.len() => {
                    if !choices.contains(&i) {
                        choices.push(i);
                    }
                }
                _ => return Err(invalid("Validation failed: Choices is not a valid option")),
            }
        }
        if choices.is_empty() {
            return Err(invalid("Validation failed: Choices can't be blank"));
        }
        if choices.len() > 1 && !poll.multiple {
            return Err(invalid(
                "Validation failed: You can only choose one option in this poll",
            ));
        }
        for c in &choices {
            if let Some(v) = poll.votes.get_mut(*c) {
                *v += 1;
            }
        }
        poll.voters += 1;
        poll.voted.insert(me, choices);
        ok(json::poll(w, pid, Some(me)))
    })
}

/// The user's bookmarks (`bookmarks = true`) or favourites, newest first.
fn saved(s: &Shared, h: &HeaderMap, q: Option<&str>, bookmarks: bool) -> Response {
    user_params(s, h, q, &[], |w, me, p| {
        let set = if bookmarks {
            &w.bookmarks
        } else {
            &w.favourites
        };
        let ids = w.select(|st| set.contains(&(me, st.id)) && w.visible_to(st, Some(me)));
        let path = if bookmarks {
            "/api/v1/bookmarks"
        } else {
            "/api/v1/favourites"
        };
        let (page, link) = paged(s, ids, p, path, 20, 40);
        ok_linked(status_list(w, &page, Some(me)), link)
    })
}

async fn bookmarks(State(s): State<AppState>, h: HeaderMap, RawQuery(q): RawQuery) -> Response {
    saved(&s, &h, q.as_deref(), true)
}

async fn favourites(State(s): State<AppState>, h: HeaderMap, RawQuery(q): RawQuery) -> Response {
    saved(&s, &h, q.as_deref(), false)
}

async fn trending_statuses(
    State(s): State<AppState>,
    h: HeaderMap,
    RawQuery(q): RawQuery,
) -> Response {
    viewer_params(&s, &h, q.as_deref(), |w, v, p| {
        let mut scored: Vec<(usize, Id)> = w
            .statuses
            .values()
            .filter(|st| w.in_public(st, false) && !w.hidden_from(st, v))
            .map(|st| {
                let favs = w.favourites.iter().filter(|(_, x)| *x == st.id).count();
                let boosts = w
                    .statuses
                    .values()
                    .filter(|x| x.reblog_of == Some(st.id))
                    .count();
                (favs + 2 * boosts, st.id)
            })
            .filter(|(score, _)| *score > 0)
            .collect();
        scored.sort_unstable_by(|a, b| b.cmp(a));
        let ids: Vec<Id> = scored.into_iter().map(|(_, id)| id).collect();
        let (page, link) = offset_paged(&s, &ids, p, "/api/v1/trends/statuses", 20, 40);
        ok_linked(status_list(w, &page, v), link)
    })
}

async fn trending_tags(State(s): State<AppState>, h: HeaderMap, RawQuery(q): RawQuery) -> Response {
    viewer_params(&s, &h, q.as_deref(), |w, v, p| {
        let week = w.now - 7 * 86_400;
        let mut uses: BTreeMap<String, BTreeSet<Id>> = BTreeMap::new();
        for st in w.statuses.values() {
            if st.created_at >= week && st.visibility == "public" {
                for t in &st.tags {
                    uses.entry(t.clone()).or_default().insert(st.account);
                }
            }
        }
        let mut ranked: Vec<(usize, String)> =
            uses.into_iter().map(|(t, a)| (a.len(), t)).collect();
        ranked.sort_unstable_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
        let names: Vec<String> = ranked.into_iter().map(|(_, t)| t).collect();
        let (page, link) = offset_paged(&s, &names, p, "/api/v1/trends/tags", 10, 20);
        let tags: Vec<Value> = page.iter().map(|t| tag_json(w, t, v)).collect();
        ok_linked(Value::Array(tags), link)
    })
}

/// A direct conversation as the user sees it.
struct Conv {
    id: Id,
    last: Id,
    participants: BTreeSet<Id>,
}

/// The user's conversations, newest activity first.
fn conversations_of(w: &World, me: Id) -> Vec<Conv> {
    let mut by_root: BTreeMap<Id, Conv> = BTreeMap::new();
    for st in w.statuses.values() {
        if st.visibility != "direct" || st.reblog_of.is_some() || !w.visible_to(st, Some(me)) {
            continue;
        }
        let root = w.thread_root(st.id);
        let c = by_root.entry(root).or_insert(Conv {
            id: root,
            last: st.id,
            participants: BTreeSet::new(),
        });
        c.last = c.last.max(st.id);
        c.participants.insert(st.account);
        c.participants.extend(st.mentions.iter().copied());
    }
    let mut out: Vec<Conv> = by_root
        .into_values()
        .filter(|c| {
            w.social
                .hidden_conversations
                .get(&(me, c.id))
                .is_none_or(|hidden_at| c.last > *hidden_at)
        })
        .collect();
    out.sort_unstable_by_key(|c| std::cmp::Reverse(c.last));
    out
}

/// The conversation a direct status belongs to, as `me` sees it (for the
/// `direct` stream's `conversation` event).
pub(crate) fn conversation_of_status(w: &World, me: Id, status: Id) -> Option<Value> {
    let root = w.thread_root(status);
    conversations_of(w, me)
        .iter()
        .find(|c| c.id == root)
        .map(|c| conversation_json(w, me, c))
}

/// The Conversation entity.
fn conversation_json(w: &World, me: Id, c: &Conv) -> Value {
    let last_by_other = w.statuses.get(&c.last).is_some_and(|s| s.account != me);
    let unread = last_by_other && !w.social.read_conversations.contains(&(me, c.last));
    let accounts: Vec<Value> = c
        .participants
        .iter()
        .filter(|a| **a != me)
        .map(|a| json::account(w, *a))
        .collect();
    json!({
        "id": c.id.to_string(),
        "unread": unread,
        "accounts": accounts,
        "last_status": json::status(w, c.last, Some(me)),
    })
}

async fn conversations(State(s): State<AppState>, h: HeaderMap, RawQuery(q): RawQuery) -> Response {
    user_params(&s, &h, q.as_deref(), &[], |w, me, p| {
        let convs = conversations_of(w, me);
        let lasts: Vec<Id> = convs.iter().map(|c| c.last).collect();
        let (page, link) = paged(&s, lasts, p, "/api/v1/conversations", 20, 40);
        let items: Vec<Value> = page
            .iter()
            .filter_map(|last| convs.iter().find(|c| c.last == *last))
            .map(|c| conversation_json(w, me, c))
            .collect();
        ok_linked(Value::Array(items), link)
    })
}

/// The user's conversation `id`.
fn find_conversation(w: &World, me: Id, id: &str) -> Result<Conv, Response> {
    let cid = parse_id(id).ok_or_else(not_found)?;
    conversations_of(w, me)
        .into_iter()
        .find(|c| c.id == cid)
        .ok_or_else(not_found)
}

async fn read_conversation(
    State(s): State<AppState>,
    h: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    as_user(&s, &h, |w, me| {
        let c = find_conversation(w, me, &id)?;
        w.social.read_conversations.insert((me, c.last));
        ok(conversation_json(w, me, &c))
    })
}

async fn delete_conversation(
    State(s): State<AppState>,
    h: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    as_user(&s, &h, |w, me| {
        let c = find_conversation(w, me, &id)?;
        w.social.hidden_conversations.insert((me, c.id), c.last);
        ok(json!({}))
    })
}
