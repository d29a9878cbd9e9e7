//! Lists and their members, hashtags (get, follow, the followed ones),
//! filters v2 with keywords and statuses, and search v2 (with `resolve`).

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::{get, post};
use serde_json::{Value, json};

use super::super::json;
use super::super::routes::AppState;
use super::super::streaming;
use super::super::world::{DList, Id, World};
use super::{
    DFilter, DKeyword, Params, Reply, account_list, as_user, filter_json, invalid, keyword_json,
    list_json, not_found, ok, ok_linked, paged, parse_id, tag_json, user_params, viewer_params,
};
use crate::Shared;

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/lists", get(lists).post(create_list))
        .route(
            "/api/v1/lists/{id}",
            get(get_list).put(update_list).delete(delete_list),
        )
        .route(
            "/api/v1/lists/{id}/accounts",
            get(list_accounts)
                .post(add_list_accounts)
                .delete(remove_list_accounts),
        )
        .route("/api/v1/followed_tags", get(followed_tags))
        .route("/api/v1/tags/{name}", get(get_tag))
        .route("/api/v1/tags/{name}/follow", post(follow_tag))
        .route("/api/v1/tags/{name}/unfollow", post(unfollow_tag))
        .route("/api/v2/filters", get(filters).post(create_filter))
        .route(
            "/api/v2/filters/{id}",
            get(get_filter).put(update_filter).delete(delete_filter),
        )
        .route(
            "/api/v2/filters/{id}/keywords",
            get(filter_keywords).post(add_keyword),
        )
        .route(
            "/api/v2/filters/keywords/{id}",
            get(get_keyword).put(update_keyword).delete(delete_keyword),
        )
        .route(
            "/api/v2/filters/{id}/statuses",
            get(filter_statuses).post(add_filter_status),
        )
        .route(
            "/api/v2/filters/statuses/{id}",
            get(get_filter_status).delete(delete_filter_status),
        )
        .route("/api/v2/search", get(search))
}

// ---------------------------------------------------------------------------
// Lists

const REPLIES_POLICIES: &[&str] = &["followed", "list", "none"];

/// The user's list `id`.
fn own_list(w: &World, me: Id, id: &str) -> Result<Id, Response> {
    parse_id(id)
        .and_then(|i| w.lists.get(&i))
        .filter(|l| l.owner == me)
        .map(|l| l.id)
        .ok_or_else(not_found)
}

/// Applies `title`, `replies_policy` and `exclusive` to list `id`.
fn apply_list_params(w: &mut World, id: Id, p: &Params, creating: bool) -> Result<(), Response> {
    let title = p.str("title").map(|t| t.trim().to_string());
    if (creating || title.is_some()) && title.as_deref().is_none_or(str::is_empty) {
        return Err(invalid("Validation failed: Title can't be blank"));
    }
    let policy = p.str("replies_policy");
    if policy
        .as_deref()
        .is_some_and(|x| !REPLIES_POLICIES.contains(&x))
    {
        return Err(invalid(
            "Validation failed: Replies policy is not included in the list",
        ));
    }
    if let Some(l) = w.lists.get_mut(&id) {
        if let Some(t) = title {
            l.title = t;
        }
        if let Some(pol) = policy {
            l.replies_policy = pol;
        }
    }
    match p.bool("exclusive") {
        Some(true) => {
            w.social.exclusive_lists.insert(id);
        }
        Some(false) => {
            w.social.exclusive_lists.remove(&id);
        }
        None => {}
    }
    Ok(())
}

async fn lists(State(s): State<AppState>, h: HeaderMap) -> Response {
    as_user(&s, &h, |w, me| {
        let items: Vec<Value> = w
            .lists
            .values()
            .filter(|l| l.owner == me)
            .map(|l| list_json(w, l.id))
            .collect();
        ok(Value::Array(items))
    })
}

async fn create_list(State(s): State<AppState>, h: HeaderMap, body: Bytes) -> Response {
    user_params(&s, &h, None, &body, |w, me, p| {
        // Validate before creating anything.
        let title = p.str("title").unwrap_or_default();
        if title.trim().is_empty() {
            return Err(invalid("Validation failed: Title can't be blank"));
        }
        let id = w.alloc_id();
        w.lists.insert(
            id,
            DList {
                id,
                owner: me,
                title: title.trim().to_string(),
                members: vec![],
                replies_policy: "list".into(),
            },
        );
        if let Err(e) = apply_list_params(w, id, p, true) {
            w.lists.remove(&id);
            return Err(e);
        }
        ok(list_json(w, id))
    })
}

async fn get_list(State(s): State<AppState>, h: HeaderMap, Path(id): Path<String>) -> Response {
    as_user(&s, &h, |w, me| ok(list_json(w, own_list(w, me, &id)?)))
}

async fn update_list(
    State(s): State<AppState>,
    h: HeaderMap,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    user_params(&s, &h, None, &body, |w, me, p| {
        let lid = own_list(w, me, &id)?;
        apply_list_params(w, lid, p, false)?;
        ok(list_json(w, lid))
    })
}

async fn delete_list(State(s): State<AppState>, h: HeaderMap, Path(id): Path<String>) -> Response {
    as_user(&s, &h, |w, me| {
        let lid = own_list(w, me, &id)?;
        w.lists.remove(&lid);
        w.social.exclusive_lists.remove(&lid);
        ok(json!({}))
    })
}

async fn list_accounts(
    State(s): State<AppState>,
    h: HeaderMap,
    Path(id): Path<String>,
    RawQuery(q): RawQuery,
) -> Response {
    user_params(&s, &h, q.as_deref(), &[], |w, me, p| {
        let lid = own_list(w, me, &id)?;
        let mut ids = w
            .lists
            .get(&lid)
            .map(|l| l.members.clone())
            .unwrap_or_default();
        ids.sort_unstable_by(|a, b| b.cmp(a));
        let path = format!("/api/v1/lists/{lid}/accounts");
        let (page, link) = paged(&s, ids, p, &path, 40, 80);
        ok_linked(account_list(w, &page), link)
    })
}

/// The `account_ids` of a request, all known accounts.
fn account_ids(w: &World, p: &Params) -> Result<Vec<Id>, Response> {
    let ids: Vec<Id> = p
        .list("account_ids")
        .iter()
        .map(|i| parse_id(i).filter(|i| w.accounts.contains_key(i)))
        .collect::<Option<_>>()
        .ok_or_else(not_found)?;
    Ok(ids)
}

async fn add_list_accounts(
    State(s): State<AppState>,
    h: HeaderMap,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    user_params(&s, &h, None, &body, |w, me, p| {
        let lid = own_list(w, me, &id)?;
        let ids = account_ids(w, p)?;
        let members = w
            .lists
            .get(&lid)
            .map(|l| l.members.clone())
            .unwrap_or_default();
        for a in &ids {
            if !w.follows.contains(&(me, *a)) {
                return Err(invalid(
                    "Validation failed: You must be following this account to add it to a list",
                ));
            }
            if members.contains(a) {
                return Err(invalid("Validation failed: Account has already been taken"));
            }
        }
        if let Some(l) = w.lists.get_mut(&lid) {
            l.members.extend(ids);
        }
        ok(json!({}))
    })
}

async fn remove_list_accounts(
    State(s): State<AppState>,
    h: HeaderMap,
    Path(id): Path<String>,
    RawQuery(q): RawQuery,
    body: Bytes,
) -> Response {
    user_params(&s, &h, q.as_deref(), &body, |w, me, p| {
        let lid = own_list(w, me, &id)?;
        let ids = account_ids(w, p)?;
        if let Some(l) = w.lists.get_mut(&lid) {
            l.members.retain(|m| !ids.contains(m));
        }
        ok(json!({}))
    })
}

// ---------------------------------------------------------------------------
// Hashtags

/// A valid hashtag name, lowercased.
fn tag_name(name: &str) -> Result<String, Response> {
    let n = name.trim().trim_start_matches('#').to_lowercase();
    if n.is_empty() || !n.chars().all(|c| c.is_alphanumeric() || c == '_') {
        return Err(invalid("Validation failed: Name is invalid"));
    }
    Ok(n)
}

/// Whether the world knows a hashtag (used or followed).
fn tag_known(w: &World, name: &str) -> bool {
    w.followed_tags.iter().any(|(_, t)| t == name)
        || w.statuses
            .values()
            .any(|s| s.tags.iter().any(|t| t == name))
}

async fn followed_tags(State(s): State<AppState>, h: HeaderMap, RawQuery(q): RawQuery) -> Response {
    user_params(&s, &h, q.as_deref(), &[], |w, me, p| {
        let names: Vec<String> = w
            .followed_tags
            .iter()
            .filter(|(a, _)| *a == me)
            .map(|(_, t)| t.clone())
            .collect();
        let mut ids: Vec<(Id, String)> = names.into_iter().map(|t| (w.tag_id(&t), t)).collect();
        ids.sort_unstable_by_key(|t| std::cmp::Reverse(t.0));
        let order: Vec<Id> = ids.iter().map(|(i, _)| *i).collect();
        let (page, link) = paged(&s, order, p, "/api/v1/followed_tags", 100, 200);
        let items: Vec<Value> = page
            .iter()
            .filter_map(|i| ids.iter().find(|(x, _)| x == i))
            .map(|(_, t)| tag_json(w, t, Some(me)))
            .collect();
        ok_linked(Value::Array(items), link)
    })
}

async fn get_tag(
    State(s): State<AppState>,
    h: HeaderMap,
    Path(name): Path<String>,
    RawQuery(q): RawQuery,
) -> Response {
    viewer_params(&s, &h, q.as_deref(), |w, v, _| {
        let n = tag_name(&name).map_err(|_| not_found())?;
        if !tag_known(w, &n) {
            return Err(not_found());
        }
        ok(tag_json(w, &n, v))
    })
}

/// Follows or unfollows a hashtag.
fn tag_follow(s: &Shared, h: &HeaderMap, name: &str, on: bool) -> Response {
    as_user(s, h, |w, me| {
        let n = tag_name(name)?;
        if on {
            w.followed_tags.insert((me, n.clone()));
        } else {
            w.followed_tags.remove(&(me, n.clone()));
        }
        ok(tag_json(w, &n, Some(me)))
    })
}

async fn follow_tag(State(s): State<AppState>, h: HeaderMap, Path(name): Path<String>) -> Response {
    tag_follow(&s, &h, &name, true)
}

async fn unfollow_tag(
    State(s): State<AppState>,
    h: HeaderMap,
    Path(name): Path<String>,
) -> Response {
    tag_follow(&s, &h, &name, false)
}

// ---------------------------------------------------------------------------
// Filters (v2)

const CONTEXTS: &[&str] = &["home", "notifications", "public", "thread", "account"];
const ACTIONS: &[&str] = &["warn", "hide", "blur"];

/// Tells the user's streams that their filters changed, as Mastodon does.
fn filters_changed(s: &Shared, me: Id) {
    streaming::publish_user_event(s, me, "filters_changed", String::new());
}

/// The user's filter `id`.
fn own_filter(w: &World, me: Id, id: &str) -> Result<Id, Response> {
    parse_id(id)
        .and_then(|i| w.social.filters.get(&i))
        .filter(|f| f.owner == me)
        .map(|f| f.id)
        .ok_or_else(not_found)
}

/// The filter and keyword of the user's keyword `id`.
fn own_keyword(w: &World, me: Id, id: &str) -> Result<(Id, Id), Response> {
    let kid = parse_id(id).ok_or_else(not_found)?;
    w.social
        .filters
        .values()
        .filter(|f| f.owner == me)
        .find(|f| f.keywords.iter().any(|k| k.id == kid))
        .map(|f| (f.id, kid))
        .ok_or_else(not_found)
}

/// The filter and entry of the user's filter status `id`.
fn own_filter_status(w: &World, me: Id, id: &str) -> Result<(Id, Id), Response> {
    let eid = parse_id(id).ok_or_else(not_found)?;
    w.social
        .filters
        .values()
        .filter(|f| f.owner == me)
        .find(|f| f.statuses.iter().any(|(e, _)| *e == eid))
        .map(|f| (f.id, eid))
        .ok_or_else(not_found)
}

/// Checks and applies the fields of a create or update to `f`.
fn apply_filter_params(
    w: &mut World,
    f: &mut DFilter,
    p: &Params,
    creating: bool,
) -> Result<(), Response> {
    if let Some(t) = p.str("title") {
        f.title = t.trim().to_string();
    }
    if f.title.is_empty() {
        return Err(invalid("Validation failed: Title can't be blank"));
    }
    let ctx = p.list("context");
    if !ctx.is_empty() || creating {
        if ctx.is_empty() {
            return Err(invalid("Validation failed: Context can't be blank"));
        }
        if ctx.iter().any(|c| !CONTEXTS.contains(&c.as_str())) {
            return Err(invalid(
                "Validation failed: Context contains invalid context values",
            ));
        }
        f.context = ctx;
    }
    if let Some(a) = p.str("filter_action") {
        if !ACTIONS.contains(&a.as_str()) {
            return Err(invalid(
                "Validation failed: Filter action is not included in the list",
            ));
        }
        f.action = a;
    }
    if p.0.contains_key("expires_in") {
        f.expires_at = p.num("expires_in").filter(|s| *s > 0).map(|s| w.now + s);
    }
    if let Some(Value::Array(kws)) = p.0.get("keywords_attributes") {
        for k in kws {
            let Value::Object(o) = k else { continue };
            let kp = Params(o.clone());
            let keyword = kp.str("keyword").unwrap_or_default();
            match kp.id("id") {
                Some(kid) => {
                    if kp.bool("_destroy") == Some(true) {
                        f.keywords.retain(|x| x.id != kid);
                    } else if let Some(x) = f.keywords.iter_mut().find(|x| x.id == kid) {
                        if !keyword.trim().is_empty() {
                            x.keyword = keyword;
                        }
                        if let Some(ww) = kp.bool("whole_word") {
                            x.whole_word = ww;
                        }
                    } else {
                        return Err(not_found());
                    }
                }
                None => {
                    if keyword.trim().is_empty() {
                        return Err(invalid("Validation failed: Keyword can't be blank"));
                    }
                    let id = w.alloc_id();
                    f.keywords.push(DKeyword {
                        id,
                        keyword,
                        whole_word: kp.bool("whole_word").unwrap_or(true),
                    });
                }
            }
        }
    }
    Ok(())
}

async fn filters(State(s): State<AppState>, h: HeaderMap) -> Response {
    as_user(&s, &h, |w, me| {
        let items: Vec<Value> = w
            .social
            .filters
            .values()
            .filter(|f| f.owner == me)
            .map(|f| filter_json(f, true))
            .collect();
        ok(Value::Array(items))
    })
}

async fn create_filter(State(s): State<AppState>, h: HeaderMap, body: Bytes) -> Response {
    user_params(&s, &h, None, &body, |w, me, p| {
        let mut f = DFilter {
            id: w.alloc_id(),
            owner: me,
            title: String::new(),
            context: vec![],
            action: "warn".into(),
            expires_at: None,
            keywords: vec![],
            statuses: vec![],
        };
        apply_filter_params(w, &mut f, p, true)?;
        let out = filter_json(&f, true);
        w.social.filters.insert(f.id, f);
        filters_changed(&s, me);
        ok(out)
    })
}

async fn get_filter(State(s): State<AppState>, h: HeaderMap, Path(id): Path<String>) -> Response {
    as_user(&s, &h, |w, me| {
        let fid = own_filter(w, me, &id)?;
        ok(w.social
            .filters
            .get(&fid)
            .map(|f| filter_json(f, true))
            .unwrap_or_default())
    })
}

/// Runs `f` on a copy of the user's filter `id`, stores it when `f`
/// succeeds, streams `filters_changed` and answers with `answer(filter)`.
fn edit_filter(
    s: &Shared,
    w: &mut World,
    me: Id,
    fid: Id,
    f: impl FnOnce(&mut World, &mut DFilter) -> Result<(), Response>,
    answer: impl FnOnce(&DFilter) -> Value,
) -> Reply {
    let mut filter = w.social.filters.get(&fid).cloned().ok_or_else(not_found)?;
    f(w, &mut filter)?;
    let out = answer(&filter);
    w.social.filters.insert(fid, filter);
    filters_changed(s, me);
    ok(out)
}

async fn update_filter(
    State(s): State<AppState>,
    h: HeaderMap,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    user_params(&s, &h, None, &body, |w, me, p| {
        let fid = own_filter(w, me, &id)?;
        edit_filter(
            &s,
            w,
            me,
            fid,
            |w, f| apply_filter_params(w, f, p, false),
            |f| filter_json(f, true),
        )
    })
}

async fn delete_filter(
    State(s): State<AppState>,
    h: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    as_user(&s, &h, |w, me| {
        let fid = own_filter(w, me, &id)?;
        w.social.filters.remove(&fid);
        filters_changed(&s, me);
        ok(json!({}))
    })
}

async fn filter_keywords(
    State(s): State<AppState>,
    h: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    as_user(&s, &h, |w, me| {
        let fid = own_filter(w, me, &id)?;
        let kws: Vec<Value> = w
            .social
            .filters
            .get(&fid)
            .map(|f| f.keywords.iter().map(keyword_json).collect())
            .unwrap_or_default();
        ok(Value::Array(kws))
    })
}

async fn add_keyword(
    State(s): State<AppState>,
    h: HeaderMap,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    user_params(&s, &h, None, &body, |w, me, p| {
        let fid = own_filter(w, me, &id)?;
        let keyword = p.str("keyword").unwrap_or_default();
        if keyword.trim().is_empty() {
            return Err(invalid("Validation failed: Keyword can't be blank"));
        }
        let kid = w.alloc_id();
        let k = DKeyword {
            id: kid,
            keyword,
            whole_word: p.bool("whole_word").unwrap_or(true),
        };
        let out = keyword_json(&k);
        edit_filter(
            &s,
            w,
            me,
            fid,
            |_, f| {
                f.keywords.push(k);
                Ok(())
            },
            |_| out,
        )
    })
}

async fn get_keyword(State(s): State<AppState>, h: HeaderMap, Path(id): Path<String>) -> Response {
    as_user(&s, &h, |w, me| {
        let (fid, kid) = own_keyword(w, me, &id)?;
        w.social
            .filters
            .get(&fid)
            .and_then(|f| f.keywords.iter().find(|k| k.id == kid))
            .map(keyword_json)
            .ok_or_else(not_found)
            .and_then(ok)
    })
}

async fn update_keyword(
    State(s): State<AppState>,
    h: HeaderMap,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    user_params(&s, &h, None, &body, |w, me, p| {
        let (fid, kid) = own_keyword(w, me, &id)?;
        let keyword = p.str("keyword");
        if keyword.as_deref().is_some_and(|k| k.trim().is_empty()) {
            return Err(invalid("Validation failed: Keyword can't be blank"));
        }
        let whole = p.bool("whole_word");
        edit_filter(
            &s,
            w,
            me,
            fid,
            |_, f| {
                if let Some(k) = f.keywords.iter_mut().find(|k| k.id == kid) {
                    if let Some(kw) = keyword {
                        k.keyword = kw;
                    }
                    if let Some(ww) = whole {
                        k.whole_word = ww;
                    }
                }
                Ok(())
            },
            |f| {
                f.keywords
                    .iter()
                    .find(|k| k.id == kid)
                    .map(keyword_json)
                    .unwrap_or_default()
            },
        )
    })
}

async fn delete_keyword(
    State(s): State<AppState>,
    h: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    as_user(&s, &h, |w, me| {
        let (fid, kid) = own_keyword(w, me, &id)?;
        edit_filter(
            &s,
            w,
            me,
            fid,
            |_, f| {
                f.keywords.retain(|k| k.id != kid);
                Ok(())
            },
            |_| json!({}),
        )
    })
}

fn filter_status_json(eid: Id, sid: Id) -> Value {
    json!({"id": eid.to_string(), "status_id": sid.to_string()})
}

async fn filter_statuses(
    State(s): State<AppState>,
    h: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    as_user(&s, &h, |w, me| {
        let fid = own_filter(w, me, &id)?;
        let items: Vec<Value> = w
            .social
            .filters
            .get(&fid)
            .map(|f| {
                f.statuses
                    .iter()
                    .map(|(e, st)| filter_status_json(*e, *st))
                    .collect()
            })
            .unwrap_or_default();
        ok(Value::Array(items))
    })
}

async fn add_filter_status(
    State(s): State<AppState>,
    h: HeaderMap,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    user_params(&s, &h, None, &body, |w, me, p| {
        let fid = own_filter(w, me, &id)?;
        let sid = p
            .id("status_id")
            .filter(|i| w.statuses.contains_key(i))
            .ok_or_else(not_found)?;
        let eid = w.alloc_id();
        edit_filter(
            &s,
            w,
            me,
            fid,
            |_, f| {
                if f.statuses.iter().any(|(_, st)| *st == sid) {
                    return Err(invalid("Validation failed: Status has already been taken"));
                }
                f.statuses.push((eid, sid));
                Ok(())
            },
            |_| filter_status_json(eid, sid),
        )
    })
}

async fn get_filter_status(
    State(s): State<AppState>,
    h: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    as_user(&s, &h, |w, me| {
        let (fid, eid) = own_filter_status(w, me, &id)?;
        w.social
            .filters
            .get(&fid)
            .and_then(|f| f.statuses.iter().find(|(e, _)| *e == eid))
            .map(|(e, st)| filter_status_json(*e, *st))
            .ok_or_else(not_found)
            .and_then(ok)
    })
}

async fn delete_filter_status(
    State(s): State<AppState>,
    h: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    as_user(&s, &h, |w, me| {
        let (fid, eid) = own_filter_status(w, me, &id)?;
        edit_filter(
            &s,
            w,
            me,
            fid,
            |_, f| {
                f.statuses.retain(|(e, _)| *e != eid);
                Ok(())
            },
            |_| json!({}),
        )
    })
}

// ---------------------------------------------------------------------------
// Search (v2)

/// The status a pasted URL (its `url` or `uri`) points to.
fn status_by_url(w: &World, url: &str, viewer: Option<Id>) -> Option<Id> {
    let url = url.trim().trim_end_matches('/');
    let last = url.rsplit('/').next()?;
    let id = parse_id(last)?;
    let st = w.statuses.get(&id)?;
    if !w.visible_to(st, viewer) {
        return None;
    }
    let j = json::status(w, id, viewer);
    let matches = |k: &str| {
        j[k].as_str()
            .is_some_and(|u| u.trim_end_matches('/') == url)
    };
    (matches("url") || matches("uri")).then_some(id)
}

/// The account a pasted profile URL (its `url` or `uri`) points to.
fn account_by_url(w: &World, url: &str) -> Option<Id> {
    let url = url.trim().trim_end_matches('/');
    w.accounts.keys().copied().find(|id| {
        let j = json::account(w, *id);
        ["url", "uri"].iter().any(|k| {
            j[*k]
                .as_str()
                .is_some_and(|u| u.trim_end_matches('/') == url)
        })
    })
}

/// Accounts for a query: an exact `user@domain`, or a substring of the
/// username, acct or display name.
fn search_accounts(w: &World, q: &str) -> Vec<Id> {
    let q = q.trim().trim_start_matches('@').to_lowercase();
    if q.is_empty() {
        return vec![];
    }
    if q.contains('@') {
        return w.account_by_acct(&q).into_iter().collect();
    }
    let mut exact = vec![];
    let mut partial = vec![];
    for a in w.accounts.values() {
        let acct = w.acct(a.id).to_lowercase();
        if a.username.to_lowercase() == q {
            exact.push(a.id);
        } else if acct.contains(&q) || a.display_name.to_lowercase().contains(&q) {
            partial.push(a.id);
        }
    }
    exact.extend(partial);
    exact
}

/// Hashtags starting with (first) or containing the query.
fn search_tags(w: &World, q: &str) -> Vec<String> {
    let q = q.trim().trim_start_matches('#').to_lowercase();
    if q.is_empty() {
        return vec![];
    }
    let mut all: Vec<String> = w
        .statuses
        .values()
        .flat_map(|s| s.tags.iter().cloned())
        .chain(w.followed_tags.iter().map(|(_, t)| t.clone()))
        .filter(|t| t.contains(&q))
        .collect();
    all.sort();
    all.dedup();
    all.sort_by_key(|t| !t.starts_with(&q));
    all
}

async fn search(State(s): State<AppState>, h: HeaderMap, RawQuery(q): RawQuery) -> Response {
    // `resolve=true` finds remote accounts by ActivityPub first.
    let pairs: Vec<(String, String)> =
        url::form_urlencoded::parse(q.as_deref().unwrap_or("").as_bytes())
            .into_owned()
            .collect();
    let get = |k: &str| pairs.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
    let mut fetched_note = None;
    if get("resolve") == Some("true") {
        if let Some(query) = get("q") {
            let remote = query.starts_with("http") || query.trim_start_matches('@').contains('@');
            let wants_statuses = get("type").is_none_or(|t| t == "statuses");
            if query.starts_with("http") && wants_statuses {
                fetched_note = crate::activitypub::resolve_note(&s, query).await;
            }
            if remote && fetched_note.is_none() {
                let _ = crate::activitypub::resolve(&s, query).await;
            }
        }
    }
    viewer_params(&s, &h, q.as_deref(), |w, v, p| {
        let query = p.str("q").unwrap_or_default();
        let query = query.trim();
        let kind = p.str("type");
        let wants = |k: &str| kind.as_deref().is_none_or(|x| x == k);
        let resolve = p.bool("resolve").unwrap_or(false);
        let limit = p.limit(20, 40);
        let offset = p
            .num("offset")
            .and_then(|o| usize::try_from(o).ok())
            .unwrap_or(0);
        let (mut accounts, mut statuses, mut tags) = (vec![], vec![], vec![]);
        let is_url = query.starts_with("https://") || query.starts_with("http://");
        if is_url {
            // As on Mastodon, a URL is only looked up with `resolve=true`.
            if resolve {
                if wants("statuses") {
                    let fetched = fetched_note
                        .filter(|id| w.statuses.get(id).is_some_and(|st| w.visible_to(st, v)));
                    statuses.extend(status_by_url(w, query, v).or(fetched));
                }
                if wants("accounts") && statuses.is_empty() {
                    accounts.extend(account_by_url(w, query));
                }
            }
        } else {
            if wants("accounts") {
                accounts = search_accounts(w, query);
                if p.bool("following") == Some(true) {
                    if let Some(me) = v {
                        accounts.retain(|a| w.follows.contains(&(me, *a)));
                    }
                }
            }
            if wants("hashtags") {
                tags = search_tags(w, query);
            }
            if wants("statuses") && v.is_some() && !query.starts_with('#') {
                let needle = query.to_lowercase();
                let from = p.id("account_id");
                statuses = w.select(|st| {
                    st.reblog_of.is_none()
                        && w.visible_to(st, v)
                        && !w.hidden_from(st, v)
                        && from.is_none_or(|a| st.account == a)
                        && crate::text::plain_text(&st.html)
                            .to_lowercase()
                            .contains(&needle)
                });
            }
        }
        let window =
            |ids: Vec<Id>| -> Vec<Id> { ids.into_iter().skip(offset).take(limit).collect() };
        let accounts = window(accounts);
        let statuses = window(statuses);
        let tags: Vec<String> = tags.into_iter().skip(offset).take(limit).collect();
        let tag_values: Vec<Value> = tags.iter().map(|t| tag_json(w, t, v)).collect();
        ok(json!({
            "accounts": account_list(w, &accounts),
            "statuses": statuses.iter().map(|st| json::status(w, *st, v)).collect::<Vec<_>>(),
            "hashtags": tag_values,
        }))
    })
}
