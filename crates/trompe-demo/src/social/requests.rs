//! Filtered notifications (Mastodon 4.3+): the notification policy, and the
//! requests from accounts it holds back, which can be accepted (their
//! notifications join the list) or dismissed (dropped).

use std::collections::BTreeMap;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::{get, post};
use serde_json::{Value, json};

use super::super::json;
use super::super::routes::AppState;
use super::super::world::{DNotification, Id, World};
use super::{Params, as_user, not_found, ok, ok_linked, paged, parse_id, user_params};

/// What the policy does with one kind of sender.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PolicyAction {
    #[default]
    Accept,
    Filter,
    Drop,
}

impl PolicyAction {
    fn as_str(self) -> &'static str {
        match self {
            PolicyAction::Accept => "accept",
            PolicyAction::Filter => "filter",
            PolicyAction::Drop => "drop",
        }
    }

    fn parse(s: &str) -> Option<PolicyAction> {
        match s {
            "accept" => Some(PolicyAction::Accept),
            "filter" => Some(PolicyAction::Filter),
            "drop" => Some(PolicyAction::Drop),
            _ => None,
        }
    }
}

/// One account's notification policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DPolicy {
    pub not_following: PolicyAction,
    pub not_followers: PolicyAction,
    pub new_accounts: PolicyAction,
    pub private_mentions: PolicyAction,
    pub limited_accounts: PolicyAction,
}

impl Default for DPolicy {
    /// Mastodon's defaults: private mentions from strangers and limited
    /// accounts are filtered; the rest is accepted.
    fn default() -> Self {
        DPolicy {
            not_following: PolicyAction::Accept,
            not_followers: PolicyAction::Accept,
            new_accounts: PolicyAction::Accept,
            private_mentions: PolicyAction::Filter,
            limited_accounts: PolicyAction::Filter,
        }
    }
}

/// The policy state of the demo world.
#[derive(Debug, Default)]
pub struct Requests {
    pub policies: BTreeMap<Id, DPolicy>,
    /// (account, sender) accepted: their notifications are shown.
    pub accepted: std::collections::BTreeSet<(Id, Id)>,
    /// (account, sender) dismissed: their held notifications are dropped.
    pub dismissed: std::collections::BTreeSet<(Id, Id)>,
}

/// Types the policy never holds back.
const EXEMPT: &[&str] = &[
    "follow_request",
    "admin.sign_up",
    "admin.report",
    "severed_relationships",
    "moderation_warning",
];

/// What the policy does with notification `n` for `me`.
pub fn policy_action(w: &World, me: Id, n: &DNotification) -> PolicyAction {
    if EXEMPT.contains(&n.kind.as_str()) || n.from == me {
        return PolicyAction::Accept;
    }
    let r = &w.social.requests;
    if r.accepted.contains(&(me, n.from)) {
        return PolicyAction::Accept;
    }
    if r.dismissed.contains(&(me, n.from)) {
        return PolicyAction::Drop;
    }
    let p = r.policies.get(&me).copied().unwrap_or_default();
    let following = w.follows.contains(&(me, n.from));
    let follower = w.follows.contains(&(n.from, me));
    let new_account = w
        .accounts
        .get(&n.from)
        .is_some_and(|a| w.now - a.created_at < 30 * 86_400);
    let private_mention = n.kind == "mention"
        && n.status
            .and_then(|s| w.statuses.get(&s))
            .is_some_and(|s| s.visibility == "direct")
        && !following;
    let mut worst = PolicyAction::Accept;
    for (applies, action) in [
        (!following, p.not_following),
        (!follower, p.not_followers),
        (new_account, p.new_accounts),
        (private_mention, p.private_mentions),
    ] {
        if applies {
            worst = match (worst, action) {
                (PolicyAction::Drop, _) | (_, PolicyAction::Drop) => PolicyAction::Drop,
                (PolicyAction::Filter, _) | (_, PolicyAction::Filter) => PolicyAction::Filter,
                _ => PolicyAction::Accept,
            };
        }
    }
    worst
}

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/api/v2/notifications/policy",
            get(get_policy).patch(patch_policy),
        )
        .route(
            "/api/v1/notifications/policy",
            get(get_policy).patch(patch_policy),
        )
        .route("/api/v1/notifications/requests", get(list))
        .route("/api/v1/notifications/requests/{id}", get(one))
        .route("/api/v1/notifications/requests/{id}/accept", post(accept))
        .route("/api/v1/notifications/requests/{id}/dismiss", post(dismiss))
}

/// Held notifications of `me`, by sender, newest sender first.
fn held(w: &World, me: Id) -> Vec<(Id, Vec<&DNotification>)> {
    let mut by: BTreeMap<Id, Vec<&DNotification>> = BTreeMap::new();
    for n in w.notifications.values().filter(|n| n.to == me) {
        if policy_action(w, me, n) == PolicyAction::Filter {
            by.entry(n.from).or_default().push(n);
        }
    }
    let mut out: Vec<(Id, Vec<&DNotification>)> = by.into_iter().collect();
    out.sort_by_key(|(_, ns)| std::cmp::Reverse(ns.iter().map(|n| n.id).max().unwrap_or(0)));
    out
}

fn request_json(w: &World, me: Id, from: Id, ns: &[&DNotification]) -> Value {
    let newest = ns.iter().max_by_key(|n| n.id);
    let last_status = ns
        .iter()
        .filter_map(|n| n.status)
        .max()
        .map(|s| json::status(w, s, Some(me)));
    json!({
        "id": from.to_string(),
        "created_at": json::ts(ns.iter().map(|n| n.created_at).min().unwrap_or(w.now)),
        "updated_at": json::ts(newest.map(|n| n.created_at).unwrap_or(w.now)),
        "account": json::account(w, from),
        "notifications_count": ns.len().to_string(),
        "last_status": last_status.unwrap_or(Value::Null),
    })
}

fn policy_json(w: &World, me: Id) -> Value {
    let p = w
        .social
        .requests
        .policies
        .get(&me)
        .copied()
        .unwrap_or_default();
    let h = held(w, me);
    json!({
        "for_not_following": p.not_following.as_str(),
        "for_not_followers": p.not_followers.as_str(),
        "for_new_accounts": p.new_accounts.as_str(),
        "for_private_mentions": p.private_mentions.as_str(),
        "for_limited_accounts": p.limited_accounts.as_str(),
        "summary": {
            "pending_requests_count": h.len(),
            "pending_notifications_count": h.iter().map(|(_, ns)| ns.len()).sum::<usize>(),
        }
    })
}

async fn get_policy(State(s): State<AppState>, h: HeaderMap) -> Response {
    as_user(&s, &h, |w, me| ok(policy_json(w, me)))
}

async fn patch_policy(
    State(s): State<AppState>,
    h: HeaderMap,
    RawQuery(q): RawQuery,
    body: Bytes,
) -> Response {
    user_params(&s, &h, q.as_deref(), &body, |w, me, p: &Params| {
        let mut pol = w
            .social
            .requests
            .policies
            .get(&me)
            .copied()
            .unwrap_or_default();
        for (key, slot) in [
            ("for_not_following", &mut pol.not_following),
            ("for_not_followers", &mut pol.not_followers),
            ("for_new_accounts", &mut pol.new_accounts),
            ("for_private_mentions", &mut pol.private_mentions),
            ("for_limited_accounts", &mut pol.limited_accounts),
        ] {
            if let Some(v) = p.str(key) {
                match PolicyAction::parse(&v) {
                    Some(a) => *slot = a,
                    None => {
                        return Err(super::invalid(&format!(
                            "Validation failed: {key} is not included in the list"
                        )));
                    }
                }
            }
        }
        w.social.requests.policies.insert(me, pol);
        ok(policy_json(w, me))
    })
}

async fn list(State(s): State<AppState>, h: HeaderMap, RawQuery(q): RawQuery) -> Response {
    user_params(&s, &h, q.as_deref(), &[], |w, me, p| {
        let all = held(w, me);
        let ids: Vec<Id> = all.iter().map(|(from, _)| *from).collect();
        let (page, link) = paged(&s, ids, p, "/api/v1/notifications/requests", 40, 80);
        let items: Vec<Value> = page
            .iter()
            .filter_map(|from| all.iter().find(|(f, _)| f == from))
            .map(|(from, ns)| request_json(w, me, *from, ns))
            .collect();
        ok_linked(Value::Array(items), link)
    })
}

fn held_from(w: &World, me: Id, id: &str) -> Result<Id, Response> {
    let from = parse_id(id).ok_or_else(not_found)?;
    if held(w, me).iter().any(|(f, _)| *f == from) {
        Ok(from)
    } else {
        Err(not_found())
    }
}

async fn one(State(s): State<AppState>, h: HeaderMap, Path(id): Path<String>) -> Response {
    as_user(&s, &h, |w, me| {
        let from = held_from(w, me, &id)?;
        let all = held(w, me);
        let ns = all
            .iter()
            .find(|(f, _)| *f == from)
            .map(|(_, ns)| ns.clone())
            .unwrap_or_default();
        ok(request_json(w, me, from, &ns))
    })
}

async fn accept(State(s): State<AppState>, h: HeaderMap, Path(id): Path<String>) -> Response {
    as_user(&s, &h, |w, me| {
        let from = held_from(w, me, &id)?;
        w.social.requests.accepted.insert((me, from));
        ok(json!({}))
    })
}

async fn dismiss(State(s): State<AppState>, h: HeaderMap, Path(id): Path<String>) -> Response {
    as_user(&s, &h, |w, me| {
        let from = held_from(w, me, &id)?;
        w.social.requests.dismissed.insert((me, from));
        ok(json!({}))
    })
}
