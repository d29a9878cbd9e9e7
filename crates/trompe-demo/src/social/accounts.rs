//! Accounts: lookup, relationships, follow (requests for locked accounts),
//! mute, block, domain blocks, notes, followers and following, follow
//! requests, and the mute and block lists.

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::{get, post};
use serde_json::{Value, json};

use super::super::routes::AppState;
use super::super::streaming;
use super::super::world::{Id, World};
use super::{
    DMute, Params, account_list, as_user, forbidden, invalid, known_account, list_json, not_found,
    offset_paged, ok, ok_linked, paged, relationship_json, user_params, viewer_params,
};
use crate::Shared;

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/accounts/lookup", get(lookup))
        .route("/api/v1/accounts/relationships", get(relationships))
        .route(
            "/api/v1/accounts/{id}/{action}",
            get(follow_page).post(account_action),
        )
        .route("/api/v1/accounts/{id}/lists", get(account_lists))
        .route("/api/v1/follow_requests", get(follow_requests))
        .route("/api/v1/follow_requests/{id}/authorize", post(authorize))
        .route("/api/v1/follow_requests/{id}/reject", post(reject))
        .route("/api/v1/mutes", get(mutes))
        .route("/api/v1/blocks", get(blocks))
        .route(
            "/api/v1/domain_blocks",
            get(domain_blocks).post(block_domain).delete(unblock_domain),
        )
}

/// An account action's effect on the world.
type Action = fn(&Shared, &mut World, Id, Id, &Params) -> Result<(), Response>;

/// `POST /api/v1/accounts/:id/:action` (follow, unfollow,
/// remove_from_followers, block, unblock, mute, unmute, note): the action,
/// then the new relationship.
async fn account_action(
    State(s): State<AppState>,
    headers: HeaderMap,
    Path((id, action)): Path<(String, String)>,
    body: Bytes,
) -> Response {
    let f: Action = match action.as_str() {
        "follow" => follow,
        "unfollow" => unfollow,
        "remove_from_followers" => remove_from_followers,
        "block" => block,
        "unblock" => unblock,
        "mute" => mute,
        "unmute" => unmute,
        "note" => note,
        _ => return not_found(),
    };
    user_params(&s, &headers, None, &body, |w, me, p| {
        let target = known_account(w, &id)?;
        f(&s, w, me, target, p)?;
        ok(relationship_json(w, me, target))
    })
}

/// Adds a notification for `to` and streams it.
fn notify(s: &Shared, w: &mut World, kind: &str, from: Id, to: Id) {
    let now = w.now;
    let nid = w.add_notification(kind, from, to, None, now);
    streaming::publish_notification(s, w, nid);
}

/// Removes the `follow_request` notifications from `from` to `to`.
fn drop_request_notifications(w: &mut World, from: Id, to: Id) {
    w.notifications
        .retain(|_, n| !(n.kind == "follow_request" && n.from == from && n.to == to));
}

async fn lookup(State(s): State<AppState>, headers: HeaderMap, RawQuery(q): RawQuery) -> Response {
    viewer_params(&s, &headers, q.as_deref(), |w, _, p| {
        let acct = p.str("acct").unwrap_or_default();
        let acct = acct.trim().trim_start_matches('@');
        let (user, domain) = match acct.split_once('@') {
            Some((u, d)) => (u, Some(d.to_lowercase())),
            None => (acct, None),
        };
        let local = domain
            .as_deref()
            .is_none_or(|d| d == w.domain.to_lowercase());
        let found = w.accounts.values().find(|a| {
            a.username.eq_ignore_ascii_case(user)
                && if local {
                    a.domain.is_none()
                } else {
                    a.domain.as_ref().map(|d| d.to_lowercase()) == domain
                }
        });
        match found {
            Some(a) => ok(super::super::json::account(w, a.id)),
            None => Err(not_found()),
        }
    })
}

async fn relationships(
    State(s): State<AppState>,
    headers: HeaderMap,
    RawQuery(q): RawQuery,
) -> Response {
    user_params(&s, &headers, q.as_deref(), &[], |w, me, p| {
        let rels: Vec<Value> = p
            .list("id")
            .iter()
            .filter_map(|i| super::parse_id(i))
            .filter(|i| w.accounts.contains_key(i))
            .map(|i| relationship_json(w, me, i))
            .collect();
        ok(Value::Array(rels))
    })
}

fn follow(s: &Shared, w: &mut World, me: Id, target: Id, p: &Params) -> Result<(), Response> {
    if target == me
        || w.social.blocks.contains(&(me, target))
        || w.social.blocks.contains(&(target, me))
    {
        return Err(forbidden());
    }
    let mut opts = w
        .social
        .follow_opts
        .get(&(me, target))
        .cloned()
        .unwrap_or_default();
    if let Some(r) = p.bool("reblogs") {
        opts.reblogs = r;
    }
    if let Some(n) = p.bool("notify") {
        opts.notify = n;
    }
    let langs = p.list("languages");
    if !langs.is_empty() {
        opts.languages = Some(langs);
    }
    let already = w.follows.contains(&(me, target)) || w.follow_requests.contains(&(me, target));
    w.social.follow_opts.insert((me, target), opts);
    if already {
        return Ok(());
    }
    let locked = w.accounts.get(&target).is_some_and(|a| a.locked);
    if locked {
        w.follow_requests.insert((me, target));
        notify(s, w, "follow_request", me, target);
    } else {
        w.follows.insert((me, target));
        notify(s, w, "follow", me, target);
    }
    // A remote account known by ActivityPub gets the Follow itself.
    crate::activitypub::federate_follow(s, w, me, target, true);
    Ok(())
}

fn unfollow(s: &Shared, w: &mut World, me: Id, target: Id, _p: &Params) -> Result<(), Response> {
    if w.follows.contains(&(me, target)) {
        crate::activitypub::federate_follow(s, w, me, target, false);
    }
    w.follows.remove(&(me, target));
    w.follow_requests.remove(&(me, target));
    w.social.follow_opts.remove(&(me, target));
    drop_request_notifications(w, me, target);
    Ok(())
}

fn remove_from_followers(
    _s: &Shared,
    w: &mut World,
    me: Id,
    target: Id,
    _p: &Params,
) -> Result<(), Response> {
    w.follows.remove(&(target, me));
    w.social.follow_opts.remove(&(target, me));
    Ok(())
}

/// Cuts every follow and request between two accounts, and list memberships.
fn sever(w: &mut World, a: Id, b: Id) {
    for pair in [(a, b), (b, a)] {
        w.follows.remove(&pair);
        w.follow_requests.remove(&pair);
        w.social.follow_opts.remove(&pair);
    }
    for l in w.lists.values_mut() {
        if l.owner == a {
            l.members.retain(|m| *m != b);
        } else if l.owner == b {
            l.members.retain(|m| *m != a);
        }
    }
}

fn block(_s: &Shared, w: &mut World, me: Id, target: Id, _p: &Params) -> Result<(), Response> {
    if target == me {
        return Err(forbidden());
    }
    sever(w, me, target);
    w.social.blocks.insert((me, target));
    Ok(())
}

fn unblock(_s: &Shared, w: &mut World, me: Id, target: Id, _p: &Params) -> Result<(), Response> {
    w.social.blocks.remove(&(me, target));
    Ok(())
}

fn mute(_s: &Shared, w: &mut World, me: Id, target: Id, p: &Params) -> Result<(), Response> {
    if target == me {
        return Err(forbidden());
    }
    let duration = p.num("duration").filter(|d| *d > 0);
    let m = DMute {
        notifications: p.bool("notifications").unwrap_or(true),
        expires_at: duration.map(|d| w.now + d),
    };
    w.social.mutes.insert((me, target), m);
    Ok(())
}

fn unmute(_s: &Shared, w: &mut World, me: Id, target: Id, _p: &Params) -> Result<(), Response> {
    w.social.mutes.remove(&(me, target));
    Ok(())
}

fn note(_s: &Shared, w: &mut World, me: Id, target: Id, p: &Params) -> Result<(), Response> {
    let comment = p.str("comment").unwrap_or_default();
    if comment.chars().count() > 2000 {
        return Err(invalid(
            "Validation failed: Comment is too long (maximum is 2000 characters)",
        ));
    }
    if comment.is_empty() {
        w.social.notes.remove(&(me, target));
    } else {
        w.social.notes.insert((me, target), comment);
    }
    Ok(())
}

/// `GET /api/v1/accounts/:id/followers` and `…/following`, newest first.
async fn follow_page(
    State(s): State<AppState>,
    headers: HeaderMap,
    Path((id, which)): Path<(String, String)>,
    RawQuery(q): RawQuery,
) -> Response {
    let followers = match which.as_str() {
        "followers" => true,
        "following" => false,
        _ => return not_found(),
    };
    viewer_params(&s, &headers, q.as_deref(), |w, _, p| {
        let acc = known_account(w, &id)?;
        let mut ids: Vec<Id> = w
            .follows
            .iter()
            .filter_map(|(a, b)| match followers {
                true if *b == acc => Some(*a),
                false if *a == acc => Some(*b),
                _ => None,
            })
            .collect();
        ids.sort_unstable_by(|a, b| b.cmp(a));
        let (page, link) = paged(
            &s,
            ids,
            p,
            &format!("/api/v1/accounts/{acc}/{which}"),
            40,
            80,
        );
        ok_linked(account_list(w, &page), link)
    })
}

async fn account_lists(
    State(s): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    as_user(&s, &headers, |w, me| {
        let acc = known_account(w, &id)?;
        let lists: Vec<Value> = w
            .lists
            .values()
            .filter(|l| l.owner == me && l.members.contains(&acc))
            .map(|l| list_json(w, l.id))
            .collect();
        ok(Value::Array(lists))
    })
}

async fn follow_requests(
    State(s): State<AppState>,
    headers: HeaderMap,
    RawQuery(q): RawQuery,
) -> Response {
    user_params(&s, &headers, q.as_deref(), &[], |w, me, p| {
        let mut ids: Vec<Id> = w
            .follow_requests
            .iter()
            .filter(|(_, t)| *t == me)
            .map(|(r, _)| *r)
            .collect();
        ids.sort_unstable_by(|a, b| b.cmp(a));
        let (page, link) = paged(&s, ids, p, "/api/v1/follow_requests", 40, 80);
        ok_linked(account_list(w, &page), link)
    })
}

/// Accepts (`accept`) or rejects a follow request from the path's account.
fn answer_request(s: &Shared, headers: &HeaderMap, id: &str, accept: bool) -> Response {
    as_user(s, headers, |w, me| {
        let from = known_account(w, id)?;
        if !w.follow_requests.remove(&(from, me)) {
            return Err(not_found());
        }
        drop_request_notifications(w, from, me);
        if accept {
            w.follows.insert((from, me));
            // The request's notification gives way to a follow notification.
            notify(s, w, "follow", from, me);
        } else {
            w.social.follow_opts.remove(&(from, me));
        }
        ok(relationship_json(w, me, from))
    })
}

async fn authorize(
    State(s): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    answer_request(&s, &headers, &id, true)
}

async fn reject(State(s): State<AppState>, headers: HeaderMap, Path(id): Path<String>) -> Response {
    answer_request(&s, &headers, &id, false)
}

async fn mutes(State(s): State<AppState>, headers: HeaderMap, RawQuery(q): RawQuery) -> Response {
    user_params(&s, &headers, q.as_deref(), &[], |w, me, p| {
        let mut ids: Vec<Id> = w
            .social
            .mutes
            .keys()
            .filter(|(a, t)| *a == me && w.mute_of(me, *t).is_some())
            .map(|(_, t)| *t)
            .collect();
        ids.sort_unstable_by(|a, b| b.cmp(a));
        let (page, link) = paged(&s, ids, p, "/api/v1/mutes", 40, 80);
        let items: Vec<Value> = page
            .iter()
            .map(|t| {
                let mut a = super::super::json::account(w, *t);
                let until = w.mute_of(me, *t).and_then(|m| m.expires_at);
                a["mute_expires_at"] = json!(until.map(super::super::json::ts));
                a
            })
            .collect();
        ok_linked(Value::Array(items), link)
    })
}

async fn blocks(State(s): State<AppState>, headers: HeaderMap, RawQuery(q): RawQuery) -> Response {
    user_params(&s, &headers, q.as_deref(), &[], |w, me, p| {
        let mut ids: Vec<Id> = w
            .social
            .blocks
            .iter()
            .filter(|(a, _)| *a == me)
            .map(|(_, t)| *t)
            .collect();
        ids.sort_unstable_by(|a, b| b.cmp(a));
        let (page, link) = paged(&s, ids, p, "/api/v1/blocks", 40, 80);
        ok_linked(account_list(w, &page), link)
    })
}

async fn domain_blocks(
    State(s): State<AppState>,
    headers: HeaderMap,
    RawQuery(q): RawQuery,
) -> Response {
    user_params(&s, &headers, q.as_deref(), &[], |w, me, p| {
        let domains: Vec<String> = w
            .social
            .domain_blocks
            .iter()
            .filter(|(a, _)| *a == me)
            .map(|(_, d)| d.clone())
            .collect();
        let (page, link) = offset_paged(&s, &domains, p, "/api/v1/domain_blocks", 100, 200);
        ok_linked(json!(page), link)
    })
}

/// The `domain` parameter, checked.
fn domain_param(w: &World, p: &Params) -> Result<String, Response> {
    let d = p.str("domain").unwrap_or_default().trim().to_lowercase();
    if d.is_empty() || d.contains('/') || d.contains(' ') {
        return Err(invalid("Validation failed: Domain can't be blank"));
    }
    if d == w.domain.to_lowercase() {
        return Err(invalid("Validation failed: Domain is your own"));
    }
    Ok(d)
}

async fn block_domain(
    State(s): State<AppState>,
    headers: HeaderMap,
    RawQuery(q): RawQuery,
    body: Bytes,
) -> Response {
    user_params(&s, &headers, q.as_deref(), &body, |w, me, p| {
        let d = domain_param(w, p)?;
        // Followers from the domain are removed, as on Mastodon.
        let from_domain: Vec<Id> = w
            .accounts
            .values()
            .filter(|a| a.domain.as_ref().is_some_and(|ad| ad.to_lowercase() == d))
            .map(|a| a.id)
            .collect();
        for a in from_domain {
            w.follows.remove(&(a, me));
            w.follow_requests.remove(&(a, me));
        }
        w.social.domain_blocks.insert((me, d));
        ok(json!({}))
    })
}

async fn unblock_domain(
    State(s): State<AppState>,
    headers: HeaderMap,
    RawQuery(q): RawQuery,
    body: Bytes,
) -> Response {
    user_params(&s, &headers, q.as_deref(), &body, |w, me, p| {
        let d = domain_param(w, p)?;
        w.social.domain_blocks.remove(&(me, d));
        ok(json!({}))
    })
}
