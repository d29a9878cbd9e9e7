//! Notifications (v1 with type filters, grouped v2, one, dismiss, clear,
//! the unread count) and read markers.

use std::collections::HashMap;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::{get, post};
use serde_json::{Map, Value, json};

use super::super::json;
use super::super::routes::AppState;
use super::super::world::{DNotification, Id, World};
use super::{
    DMarker, Params, as_user, link_for, not_found, ok, ok_linked, paged, parse_id, user_params,
};
use crate::Shared;

/// Types Mastodon groups by default in `/api/v2/notifications`.
const GROUPED_BY_DEFAULT: &[&str] = &["favourite", "follow", "reblog"];

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/notifications", get(list_v1))
        .route("/api/v1/notifications/clear", post(clear))
        .route("/api/v1/notifications/unread_count", get(unread_v1))
        .route("/api/v1/notifications/{id}", get(one))
        .route("/api/v1/notifications/{id}/dismiss", post(dismiss))
        .route("/api/v2/notifications", get(list_v2))
        .route("/api/v2/notifications/unread_count", get(unread_v2))
        .route("/api/v1/markers", get(markers).post(save_markers))
}

/// Whether `me` should see notification `n` (recipient, mutes with
/// notifications, blocks, a deleted status).
fn shown(w: &World, me: Id, n: &DNotification) -> bool {
    n.to == me
        && !(w.mute_of(me, n.from).is_some_and(|m| m.notifications)
            || w.blocks_account(me, n.from)
            || w.social.blocks.contains(&(n.from, me)))
        && n.status.is_none_or(|s| w.statuses.contains_key(&s))
        && super::requests::policy_action(w, me, n) == super::requests::PolicyAction::Accept
}

/// The user's notifications that pass the type and account filters, newest first.
fn filtered(w: &World, me: Id, p: &Params) -> Vec<Id> {
    let types = p.list("types");
    let exclude = p.list("exclude_types");
    let from = p.id("account_id");
    w.notifications
        .values()
        .rev()
        .filter(|n| shown(w, me, n))
        .filter(|n| types.is_empty() || types.contains(&n.kind))
        .filter(|n| !exclude.contains(&n.kind))
        .filter(|n| from.is_none_or(|f| n.from == f))
        .map(|n| n.id)
        .collect()
}

async fn list_v1(State(s): State<AppState>, h: HeaderMap, RawQuery(q): RawQuery) -> Response {
    user_params(&s, &h, q.as_deref(), &[], |w, me, p| {
        let ids = filtered(w, me, p);
        let (page, link) = paged(&s, ids, p, "/api/v1/notifications", 40, 80);
        let items: Vec<Value> = page
            .iter()
            .filter_map(|id| w.notifications.get(id))
            .map(|n| json::notification(w, n))
            .collect();
        ok_linked(Value::Array(items), link)
    })
}

/// The user's notification `id`.
fn own_notification(w: &World, me: Id, id: &str) -> Result<Id, Response> {
    parse_id(id)
        .and_then(|i| w.notifications.get(&i))
        .filter(|n| n.to == me)
        .map(|n| n.id)
        .ok_or_else(not_found)
}

async fn one(State(s): State<AppState>, h: HeaderMap, Path(id): Path<String>) -> Response {
    as_user(&s, &h, |w, me| {
        let nid = own_notification(w, me, &id)?;
        match w.notifications.get(&nid) {
            Some(n) => ok(json::notification(w, n)),
            None => Err(not_found()),
        }
    })
}

async fn dismiss(State(s): State<AppState>, h: HeaderMap, Path(id): Path<String>) -> Response {
    as_user(&s, &h, |w, me| {
        let nid = own_notification(w, me, &id)?;
        w.notifications.remove(&nid);
        ok(json!({}))
    })
}

async fn clear(State(s): State<AppState>, h: HeaderMap) -> Response {
    as_user(&s, &h, |w, me| {
        w.notifications.retain(|_, n| n.to != me);
        ok(json!({}))
    })
}

/// Notifications newer than the notifications marker.
fn unread(w: &World, me: Id, p: &Params) -> Vec<Id> {
    let marker = w
        .social
        .markers
        .get(&(me, "notifications".to_string()))
        .and_then(|m| parse_id(&m.last_read_id))
        .unwrap_or(0);
    let mut ids = filtered(w, me, p);
    ids.retain(|id| *id > marker);
    ids
}

async fn unread_v1(State(s): State<AppState>, h: HeaderMap, RawQuery(q): RawQuery) -> Response {
    user_params(&s, &h, q.as_deref(), &[], |w, me, p| {
        let cap = p.limit(100, 1000);
        ok(json!({"count": unread(w, me, p).len().min(cap)}))
    })
}

async fn unread_v2(State(s): State<AppState>, h: HeaderMap, RawQuery(q): RawQuery) -> Response {
    user_params(&s, &h, q.as_deref(), &[], |w, me, p| {
        let cap = p.limit(100, 1000);
        let grouped = grouped_types(p);
        let mut keys: Vec<String> = unread(w, me, p)
            .iter()
            .filter_map(|id| w.notifications.get(id))
            .map(|n| group_key(n, &grouped))
            .collect();
        keys.sort();
        keys.dedup();
        ok(json!({"count": keys.len().min(cap)}))
    })
}

fn grouped_types(p: &Params) -> Vec<String> {
    let asked = p.list("grouped_types");
    if asked.is_empty() {
        GROUPED_BY_DEFAULT.iter().map(|t| t.to_string()).collect()
    } else {
        asked
    }
}

fn group_key(n: &DNotification, grouped: &[String]) -> String {
    if grouped.contains(&n.kind) {
        json::group_key(n)
    } else {
        format!("ungrouped-{}", n.id)
    }
}

/// One group being built.
struct Group {
    key: String,
    kind: String,
    ids: Vec<Id>,
    accounts: Vec<Id>,
    status: Option<Id>,
}

async fn list_v2(State(s): State<AppState>, h: HeaderMap, RawQuery(q): RawQuery) -> Response {
    user_params(&s, &h, q.as_deref(), &[], |w, me, p| {
        grouped_page(&s, w, me, p)
    })
}

/// A page of grouped notifications: at most `limit` groups, each holding
/// the notifications of this page that share its key.
fn grouped_page(s: &Shared, w: &World, me: Id, p: &Params) -> Result<Response, Response> {
    let limit = p.limit(40, 80);
    let grouped = grouped_types(p);
    let max_id = p.id("max_id");
    let since_id = p.id("since_id");
    let min_id = p.id("min_id");
    let all = filtered(w, me, p);
    let mut candidates: Vec<Id> = all
        .iter()
        .copied()
        .filter(|id| max_id.is_none_or(|m| *id < m))
        .filter(|id| since_id.is_none_or(|m| *id > m))
        .filter(|id| min_id.is_none_or(|m| *id > m))
        .collect();
    if min_id.is_some() {
        // Just after min_id: walk oldest first, answer newest first.
        candidates.reverse();
    }
    let mut groups: Vec<Group> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut consumed: Vec<Id> = Vec::new();
    for id in candidates {
        let Some(n) = w.notifications.get(&id) else {
            continue;
        };
        let key = group_key(n, &grouped);
        let slot = match index.get(&key) {
            Some(i) => *i,
            None if groups.len() >= limit => break,
            None => {
                index.insert(key.clone(), groups.len());
                groups.push(Group {
                    key,
                    kind: n.kind.clone(),
                    ids: vec![],
                    accounts: vec![],
                    status: n.status,
                });
                groups.len() - 1
            }
        };
        if let Some(g) = groups.get_mut(slot) {
            g.ids.push(id);
            if !g.accounts.contains(&n.from) {
                g.accounts.push(n.from);
            }
        }
        consumed.push(id);
    }
    for g in &mut groups {
        g.ids.sort_unstable_by(|a, b| b.cmp(a));
    }
    groups.sort_unstable_by(|a, b| b.ids.first().cmp(&a.ids.first()));
    // Totals count the whole group, not only this page.
    let mut totals: HashMap<String, usize> = HashMap::new();
    for id in &all {
        if let Some(n) = w.notifications.get(id) {
            *totals.entry(group_key(n, &grouped)).or_default() += 1;
        }
    }
    let mut account_ids: Vec<Id> = Vec::new();
    let mut status_ids: Vec<Id> = Vec::new();
    let items: Vec<Value> = groups
        .iter()
        .map(|g| {
            let newest = g.ids.first().copied().unwrap_or_default();
            let oldest = g.ids.last().copied().unwrap_or_default();
            let samples: Vec<Id> = g.accounts.iter().take(8).copied().collect();
            for a in &samples {
                if !account_ids.contains(a) {
                    account_ids.push(*a);
                }
            }
            if let Some(st) = g.status.filter(|st| !status_ids.contains(st)) {
                status_ids.push(st);
            }
            let at = w.notifications.get(&newest).map(|n| json::ts(n.created_at));
            let most_recent = all
                .iter()
                .find(|id| {
                    w.notifications
                        .get(id)
                        .is_some_and(|n| group_key(n, &grouped) == g.key)
                })
                .copied()
                .unwrap_or(newest);
            json!({
                "group_key": g.key,
                "notifications_count": totals.get(&g.key).copied().unwrap_or(g.ids.len()),
                "type": g.kind,
                "most_recent_notification_id": most_recent.to_string(),
                "page_min_id": oldest.to_string(),
                "page_max_id": newest.to_string(),
                "latest_page_notification_at": at,
                "sample_account_ids": samples.iter().map(Id::to_string).collect::<Vec<_>>(),
                "status_id": g.status.map(|s| s.to_string()),
            })
        })
        .collect();
    let body = json!({
        "accounts": account_ids.iter().map(|a| json::account(w, *a)).collect::<Vec<_>>(),
        "statuses": status_ids.iter().map(|st| json::status(w, *st, Some(me))).collect::<Vec<_>>(),
        "notification_groups": items,
    });
    let link = match (consumed.iter().max(), consumed.iter().min()) {
        (Some(newest), Some(oldest)) => {
            Some(link_for(s, "/api/v2/notifications", p, *newest, *oldest))
        }
        _ => None,
    };
    ok_linked(body, link)
}

const TIMELINES: &[&str] = &["home", "notifications"];

fn marker_json(m: &DMarker) -> Value {
    json!({
        "last_read_id": m.last_read_id,
        "version": m.version,
        "updated_at": json::ts(m.updated_at),
    })
}

async fn markers(State(s): State<AppState>, h: HeaderMap, RawQuery(q): RawQuery) -> Response {
    user_params(&s, &h, q.as_deref(), &[], |w, me, p| {
        let asked = p.list("timeline");
        let mut out = Map::new();
        for t in TIMELINES {
            if !asked.is_empty() && !asked.iter().any(|a| a == t) {
                continue;
            }
            if let Some(m) = w.social.markers.get(&(me, t.to_string())) {
                out.insert(t.to_string(), marker_json(m));
            }
        }
        ok(Value::Object(out))
    })
}

async fn save_markers(State(s): State<AppState>, h: HeaderMap, body: Bytes) -> Response {
    user_params(&s, &h, None, &body, |w, me, p| {
        let mut out = Map::new();
        let now = w.now;
        for t in TIMELINES {
            let Some(last) = p.object(t).and_then(|o| o.str("last_read_id")) else {
                continue;
            };
            let m = w
                .social
                .markers
                .entry((me, t.to_string()))
                .or_insert(DMarker {
                    last_read_id: String::new(),
                    version: 0,
                    updated_at: now,
                });
            m.last_read_id = last;
            m.version += 1;
            m.updated_at = now;
            out.insert(t.to_string(), marker_json(m));
        }
        ok(Value::Object(out))
    })
}
