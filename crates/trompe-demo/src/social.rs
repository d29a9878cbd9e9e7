//! Demo routes for reading and acting: accounts, relationships, lists,
//! followed tags, filters, search, notifications, polls, status actions,
//! markers, trends, conversations, bookmarks and favourites.
//!
//! The semantics follow the Mastodon API documentation: relationships and
//! counts change, a locked account turns a follow into a request, mutes and
//! blocks hide statuses and notifications, votes change polls (422 for an
//! expired poll or a second vote), and every list answers with `Link`
//! headers. This module keeps its state in [`Social`], one field of the
//! world, and must not import ratatui or crossterm.

mod accounts;
mod announce;
mod notes;
mod organize;
pub(crate) mod profile;
pub(crate) mod requests;
pub(crate) mod statuses;

use std::collections::{BTreeMap, BTreeSet, HashMap};

use axum::Json;
use axum::Router;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::Shared;
use super::routes::{AppState, error, parse_body, require_user, viewer};
use super::world::{DStatus, Id, World};

/// The routes of this area.
pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .merge(accounts::routes())
        .merge(announce::routes())
        .merge(statuses::routes())
        .merge(notes::routes())
        .merge(organize::routes())
        .merge(profile::routes())
        .merge(requests::routes())
}

/// A mute of one account by another.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DMute {
    /// Their notifications are muted too.
    pub notifications: bool,
    /// When the mute ends (Unix time); `None` for ever.
    pub expires_at: Option<i64>,
}

/// The settings of a follow (or a follow request).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DFollowOpts {
    pub reblogs: bool,
    pub notify: bool,
    pub languages: Option<Vec<String>>,
}

impl Default for DFollowOpts {
    fn default() -> Self {
        DFollowOpts {
            reblogs: true,
            notify: false,
            languages: None,
        }
    }
}

/// A read marker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DMarker {
    pub last_read_id: String,
    pub version: u64,
    pub updated_at: i64,
}

/// A keyword of a filter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DKeyword {
    pub id: Id,
    pub keyword: String,
    pub whole_word: bool,
}

/// A filter (v2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DFilter {
    pub id: Id,
    pub owner: Id,
    pub title: String,
    pub context: Vec<String>,
    pub action: String,
    pub expires_at: Option<i64>,
    pub keywords: Vec<DKeyword>,
    /// (entry id, status id)
    pub statuses: Vec<(Id, Id)>,
}

/// The state of this area, kept in [`World::social`].
#[derive(Debug, Default)]
pub struct Social {
    /// (account, muted account)
    pub mutes: BTreeMap<(Id, Id), DMute>,
    /// (account, blocked account)
    pub blocks: BTreeSet<(Id, Id)>,
    /// (account, blocked domain, lowercase)
    pub domain_blocks: BTreeSet<(Id, String)>,
    /// (account, other account) → private note
    pub notes: HashMap<(Id, Id), String>,
    /// (follower, followed) → settings, for follows and follow requests;
    /// missing means the defaults.
    pub follow_opts: HashMap<(Id, Id), DFollowOpts>,
    /// (account, status) → when it was pinned
    pub pins: BTreeMap<(Id, Id), i64>,
    /// (account, root status of the conversation)
    pub muted_threads: BTreeSet<(Id, Id)>,
    /// (account, timeline) → marker
    pub markers: HashMap<(Id, String), DMarker>,
    pub filters: BTreeMap<Id, DFilter>,
    /// Lists whose members are kept out of home.
    pub exclusive_lists: BTreeSet<Id>,
    /// Hashtag ids, given out on first use (for pagination of followed tags).
    pub tag_ids: BTreeMap<String, Id>,
    /// (account, conversation) read.
    pub read_conversations: BTreeSet<(Id, Id)>,
    /// (account, conversation) → last status id when removed from the list.
    pub hidden_conversations: HashMap<(Id, Id), Id>,
    /// (account, announcement) dismissed.
    pub read_announcements: BTreeSet<(Id, Id)>,
    /// The notification policy and its requests.
    pub requests: requests::Requests,
    /// What `update_credentials` changed: bios as typed, flags, posting
    /// defaults, uploaded avatars and headers.
    pub profiles: profile::Profiles,
}

// ---------------------------------------------------------------------------
// Queries used by routes elsewhere (timelines, entity JSON).

impl World {
    /// Is `target` muted by `account` right now?
    pub fn mute_of(&self, account: Id, target: Id) -> Option<DMute> {
        self.social
            .mutes
            .get(&(account, target))
            .copied()
            .filter(|m| m.expires_at.is_none_or(|e| e > self.now))
    }

    /// Does `account` block `target`, or `target`'s domain?
    pub fn blocks_account(&self, account: Id, target: Id) -> bool {
        self.social.blocks.contains(&(account, target))
            || self
                .accounts
                .get(&target)
                .and_then(|a| a.domain.as_ref())
                .is_some_and(|d| {
                    self.social
                        .domain_blocks
                        .contains(&(account, d.to_lowercase()))
                })
    }

    /// Should `viewer` not see statuses or notifications from `author`
    /// (muted, blocked either way, or a blocked domain)?
    pub fn silenced(&self, viewer: Id, author: Id) -> bool {
        viewer != author
            && (self.mute_of(viewer, author).is_some()
                || self.blocks_account(viewer, author)
                || self.social.blocks.contains(&(author, viewer)))
    }

    /// Should status `s` stay out of `viewer`'s timelines? Mutes and blocks
    /// of the author, of the booster and of the boosted author hide it.
    pub fn hidden_from(&self, s: &DStatus, viewer: Option<Id>) -> bool {
        let Some(v) = viewer else {
            return false;
        };
        if self.silenced(v, s.account) {
            return true;
        }
        s.reblog_of
            .and_then(|r| self.statuses.get(&r))
            .is_some_and(|t| self.silenced(v, t.account))
    }

    /// Removes from `ids` the statuses [`World::hidden_from`] `viewer`.
    pub fn drop_hidden(&self, ids: &mut Vec<Id>, viewer: Option<Id>) {
        ids.retain(|id| {
            self.statuses
                .get(id)
                .is_none_or(|s| !self.hidden_from(s, viewer))
        });
    }

    /// Is `s` in `viewer`'s home: followed (or a followed hashtag), not
    /// hidden, not a boost from someone whose boosts are off, not from a
    /// member of an exclusive list.
    pub fn in_home_feed(&self, s: &DStatus, viewer: Id) -> bool {
        let by_tag = s.reblog_of.is_none()
            && s.visibility == "public"
            && s.tags
                .iter()
                .any(|t| self.followed_tags.contains(&(viewer, t.clone())));
        if !(self.in_home(s, viewer) || by_tag) || self.hidden_from(s, Some(viewer)) {
            return false;
        }
        if s.account == viewer {
            return true;
        }
        if s.reblog_of.is_some()
            && self
                .social
                .follow_opts
                .get(&(viewer, s.account))
                .is_some_and(|o| !o.reblogs)
        {
            return false;
        }
        !self.lists.values().any(|l| {
            l.owner == viewer
                && self.social.exclusive_lists.contains(&l.id)
                && l.members.contains(&s.account)
        })
    }

    /// The first status of the conversation `id` belongs to.
    pub fn thread_root(&self, id: Id) -> Id {
        let mut cur = id;
        for _ in 0..1000 {
            match self.statuses.get(&cur).and_then(|s| s.in_reply_to) {
                Some(p) if self.statuses.contains_key(&p) => cur = p,
                _ => break,
            }
        }
        cur
    }

    /// Has `viewer` muted the conversation of status `id`?
    pub fn thread_muted(&self, viewer: Id, id: Id) -> bool {
        self.social
            .muted_threads
            .contains(&(viewer, self.thread_root(id)))
    }

    /// Has `viewer` pinned status `id`?
    pub fn pinned(&self, viewer: Id, id: Id) -> bool {
        self.social.pins.contains_key(&(viewer, id))
    }

    /// The `filtered` attribute of a status for `viewer`: every active
    /// filter of theirs that matches it, with the matching keywords.
    pub fn filter_results(&self, id: Id, viewer: Option<Id>) -> Value {
        let Some(v) = viewer else {
            return json!([]);
        };
        let Some(s) = self.statuses.get(&id) else {
            return json!([]);
        };
        if !self.social.filters.values().any(|f| f.owner == v) {
            return json!([]);
        }
        let text = format!("{} {}", s.spoiler_text, crate::text::plain_text(&s.html));
        let mut out = Vec::new();
        for f in self.social.filters.values().filter(|f| f.owner == v) {
            if f.expires_at.is_some_and(|e| e <= self.now) {
                continue;
            }
            let keywords: Vec<&str> = f
                .keywords
                .iter()
                .filter(|k| keyword_matches(&text, &k.keyword, k.whole_word))
                .map(|k| k.keyword.as_str())
                .collect();
            let statuses: Vec<String> = f
                .statuses
                .iter()
                .filter(|(_, sid)| *sid == id)
                .map(|(_, sid)| sid.to_string())
                .collect();
            if keywords.is_empty() && statuses.is_empty() {
                continue;
            }
            out.push(json!({
                "filter": filter_json(f, false),
                "keyword_matches": keywords,
                "status_matches": statuses,
            }));
        }
        Value::Array(out)
    }

    /// A hashtag's id, given out on first use.
    pub fn tag_id(&mut self, name: &str) -> Id {
        let key = name.to_lowercase();
        if let Some(id) = self.social.tag_ids.get(&key) {
            return *id;
        }
        let id = self.alloc_id();
        self.social.tag_ids.insert(key, id);
        id
    }
}

/// Whether `keyword` occurs in `text` (case-insensitive), as a whole word
/// when asked.
pub fn keyword_matches(text: &str, keyword: &str, whole_word: bool) -> bool {
    let text = text.to_lowercase();
    let kw = keyword.trim().to_lowercase();
    if kw.is_empty() {
        return false;
    }
    if !whole_word {
        return text.contains(&kw);
    }
    let is_word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
    let mut from = 0;
    while let Some(pos) = text[from..].find(&kw) {
        let start = from + pos;
        let end = start + kw.len();
        if !is_word(text[..start].chars().next_back()) && !is_word(text[end..].chars().next()) {
            return true;
        }
        from = start + kw.chars().next().map_or(1, char::len_utf8);
    }
    false
}

// ---------------------------------------------------------------------------
// Entity JSON for this area.

/// The Relationship entity between `me` and `id`.
pub fn relationship_json(w: &World, me: Id, id: Id) -> Value {
    let following = w.follows.contains(&(me, id));
    let requested = w.follow_requests.contains(&(me, id));
    let opts = w
        .social
        .follow_opts
        .get(&(me, id))
        .cloned()
        .unwrap_or_default();
    let mute = w.mute_of(me, id);
    let domain_blocking = w
        .accounts
        .get(&id)
        .and_then(|a| a.domain.as_ref())
        .is_some_and(|d| w.social.domain_blocks.contains(&(me, d.to_lowercase())));
    json!({
        "id": id.to_string(),
        "following": following,
        "showing_reblogs": (following || requested) && opts.reblogs,
        "notifying": (following || requested) && opts.notify,
        "languages": opts.languages,
        "followed_by": w.follows.contains(&(id, me)),
        "blocking": w.social.blocks.contains(&(me, id)),
        "blocked_by": w.social.blocks.contains(&(id, me)),
        "muting": mute.is_some(),
        "muting_notifications": mute.is_some_and(|m| m.notifications),
        "requested": requested,
        "requested_by": w.follow_requests.contains(&(id, me)),
        "domain_blocking": domain_blocking,
        "endorsed": false,
        "note": w.social.notes.get(&(me, id)).cloned().unwrap_or_default(),
    })
}

/// The List entity.
pub fn list_json(w: &World, id: Id) -> Value {
    match w.lists.get(&id) {
        Some(l) => json!({
            "id": l.id.to_string(),
            "title": l.title,
            "replies_policy": l.replies_policy,
            "exclusive": w.social.exclusive_lists.contains(&l.id),
        }),
        None => Value::Null,
    }
}

/// The Filter entity (`nested`: inside a FilterResult, without keywords
/// and statuses, as Mastodon sends it).
pub fn filter_json(f: &DFilter, full: bool) -> Value {
    let mut v = json!({
        "id": f.id.to_string(),
        "title": f.title,
        "context": f.context,
        "expires_at": f.expires_at.map(super::json::ts),
        "filter_action": f.action,
    });
    if full {
        v["keywords"] = Value::Array(f.keywords.iter().map(keyword_json).collect());
        v["statuses"] = Value::Array(
            f.statuses
                .iter()
                .map(|(eid, sid)| json!({"id": eid.to_string(), "status_id": sid.to_string()}))
                .collect(),
        );
    }
    v
}

/// The FilterKeyword entity.
pub fn keyword_json(k: &DKeyword) -> Value {
    json!({"id": k.id.to_string(), "keyword": k.keyword, "whole_word": k.whole_word})
}

/// The Tag entity, with a week of usage history and whether `viewer` follows it.
pub fn tag_json(w: &mut World, name: &str, viewer: Option<Id>) -> Value {
    let name = name.to_lowercase();
    let id = w.tag_id(&name);
    let today = w.now - w.now.rem_euclid(86_400);
    let history: Vec<Value> = (0..7)
        .map(|d| {
            let day = today - d * 86_400;
            let used: Vec<&DStatus> = w
                .statuses
                .values()
                .filter(|s| {
                    s.created_at >= day && s.created_at < day + 86_400 && s.tags.contains(&name)
                })
                .collect();
            let accounts: BTreeSet<Id> = used.iter().map(|s| s.account).collect();
            json!({"day": day.to_string(), "uses": used.len().to_string(), "accounts": accounts.len().to_string()})
        })
        .collect();
    json!({
        "id": id.to_string(),
        "name": name,
        "url": format!("{}/tags/{}", w.base, name),
        "history": history,
        "following": viewer.map(|v| w.followed_tags.contains(&(v, name.clone()))),
    })
}

// ---------------------------------------------------------------------------
// Request helpers shared by the submodules.

/// A handler's answer: the response, or the error response.
type Reply = Result<Response, Response>;

/// The parameters of a request: the query and the body (JSON or form),
/// merged, with `key[]` as arrays (see [`parse_body`]).
#[derive(Debug, Clone, Default)]
pub(crate) struct Params(serde_json::Map<String, Value>);

impl Params {
    /// Parses the query string and the body.
    fn parse(query: Option<&str>, headers: &HeaderMap, body: &[u8]) -> Result<Params, Response> {
        let mut map = serde_json::Map::new();
        if let Some(q) = query.filter(|q| !q.is_empty()) {
            if let Value::Object(m) = parse_body(&HeaderMap::new(), q.as_bytes())? {
                map.extend(m);
            }
        }
        if let Value::Object(m) = parse_body(headers, body)? {
            map.extend(m);
        }
        Ok(Params(map))
    }

    /// A value as a string (numbers too).
    fn str(&self, key: &str) -> Option<String> {
        match self.0.get(key)? {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            Value::Bool(b) => Some(b.to_string()),
            _ => None,
        }
    }

    /// A boolean (`true`/`1`); `None` when absent.
    fn bool(&self, key: &str) -> Option<bool> {
        match self.0.get(key)? {
            Value::Bool(b) => Some(*b),
            Value::String(s) => Some(s == "true" || s == "1"),
            Value::Number(n) => Some(n.as_u64() == Some(1)),
            _ => None,
        }
    }

    /// A list: `key[]` values, a JSON array, or one value.
    fn list(&self, key: &str) -> Vec<String> {
        match self.0.get(key) {
            Some(Value::Array(a)) => a
                .iter()
                .filter_map(|v| match v {
                    Value::String(s) => Some(s.clone()),
                    Value::Number(n) => Some(n.to_string()),
                    _ => None,
                })
                .collect(),
            Some(_) => self.str(key).into_iter().collect(),
            None => vec![],
        }
    }

    /// An object (`home[last_read_id]=…` or JSON).
    fn object(&self, key: &str) -> Option<Params> {
        match self.0.get(key)? {
            Value::Object(m) => Some(Params(m.clone())),
            _ => None,
        }
    }

    /// A number.
    fn num(&self, key: &str) -> Option<i64> {
        self.str(key).and_then(|s| s.trim().parse().ok())
    }

    /// An id.
    fn id(&self, key: &str) -> Option<Id> {
        self.str(key).and_then(|s| parse_id(&s))
    }

    /// The `limit` parameter, clamped.
    fn limit(&self, default: usize, max: usize) -> usize {
        self.num("limit")
            .map_or(default, |l| usize::try_from(l).unwrap_or(default))
            .clamp(1, max)
    }

    /// The pairs to repeat in `Link` URLs (everything but the cursors).
    fn link_pairs(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        for (k, v) in &self.0 {
            if matches!(k.as_str(), "max_id" | "min_id" | "since_id" | "offset") {
                continue;
            }
            match v {
                Value::Array(a) => {
                    for x in a {
                        if let Some(s) = x.as_str() {
                            out.push((format!("{k}[]"), s.to_string()));
                        }
                    }
                }
                Value::String(s) => out.push((k.clone(), s.clone())),
                Value::Number(n) => out.push((k.clone(), n.to_string())),
                Value::Bool(b) => out.push((k.clone(), b.to_string())),
                _ => {}
            }
        }
        out
    }
}

/// Parses an id from a path or parameter.
pub(crate) fn parse_id(s: &str) -> Option<Id> {
    s.trim().parse().ok()
}

/// 404 with Mastodon's message.
fn not_found() -> Response {
    error(StatusCode::NOT_FOUND, "Record not found")
}

/// 422 with a validation message.
fn invalid(msg: &str) -> Response {
    error(StatusCode::UNPROCESSABLE_ENTITY, msg)
}

/// 403, as Mastodon answers actions it does not allow.
fn forbidden() -> Response {
    error(StatusCode::FORBIDDEN, "This action is not allowed")
}

/// A JSON answer.
fn ok(v: Value) -> Reply {
    Ok(Json(v).into_response())
}

/// A JSON answer with a `Link` header.
fn ok_linked(v: Value, link: Option<String>) -> Reply {
    let mut r = Json(v).into_response();
    if let Some(l) = link.and_then(|l| HeaderValue::from_str(&l).ok()) {
        r.headers_mut().insert(header::LINK, l);
    }
    Ok(r)
}

fn urlencode(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

/// A URL of `path` with the request's parameters and one cursor.
fn page_url(s: &Shared, path: &str, p: &Params, cursor: (&str, String)) -> String {
    let mut pairs: Vec<String> = p
        .link_pairs()
        .iter()
        .map(|(k, v)| format!("{}={}", urlencode(k), urlencode(v)))
        .collect();
    pairs.sort();
    pairs.push(format!("{}={}", cursor.0, urlencode(&cursor.1)));
    format!("{}{}?{}", s.base, path, pairs.join("&"))
}

/// The `Link` header for a page whose newest item has cursor `first` and
/// oldest `last`.
fn link_for(s: &Shared, path: &str, p: &Params, first: Id, last: Id) -> String {
    format!(
        "<{}>; rel=\"next\", <{}>; rel=\"prev\"",
        page_url(s, path, p, ("max_id", last.to_string())),
        page_url(s, path, p, ("min_id", first.to_string()))
    )
}

/// Mastodon's cursor semantics over ids sorted newest first (`max_id`,
/// `since_id`, `min_id`, `limit`), with the `Link` header.
fn paged(
    s: &Shared,
    ids: Vec<Id>,
    p: &Params,
    path: &str,
    default: usize,
    max: usize,
) -> (Vec<Id>, Option<String>) {
    let limit = p.limit(default, max);
    let max_id = p.id("max_id");
    let since_id = p.id("since_id");
    let min_id = p.id("min_id");
    let filtered: Vec<Id> = ids
        .into_iter()
        .filter(|id| max_id.is_none_or(|m| *id < m))
        .filter(|id| since_id.is_none_or(|m| *id > m))
        .filter(|id| min_id.is_none_or(|m| *id > m))
        .collect();
    let page: Vec<Id> = if min_id.is_some() {
        let n = filtered.len();
        filtered[n.saturating_sub(limit)..].to_vec()
    } else {
        filtered.into_iter().take(limit).collect()
    };
    let link = match (page.first(), page.last()) {
        (Some(f), Some(l)) => Some(link_for(s, path, p, *f, *l)),
        _ => None,
    };
    (page, link)
}

/// Offset pagination (trends, search): the slice and its `Link` header.
fn offset_paged<T: Clone>(
    s: &Shared,
    items: &[T],
    p: &Params,
    path: &str,
    default: usize,
    max: usize,
) -> (Vec<T>, Option<String>) {
    let limit = p.limit(default, max);
    let offset = p
        .num("offset")
        .and_then(|o| usize::try_from(o).ok())
        .unwrap_or(0);
    let page: Vec<T> = items.iter().skip(offset).take(limit).cloned().collect();
    let mut links = Vec::new();
    if offset + page.len() < items.len() {
        links.push(format!(
            "<{}>; rel=\"next\"",
            page_url(s, path, p, ("offset", (offset + limit).to_string()))
        ));
    }
    if offset > 0 {
        links.push(format!(
            "<{}>; rel=\"prev\"",
            page_url(
                s,
                path,
                p,
                ("offset", offset.saturating_sub(limit).to_string())
            )
        ));
    }
    let link = (!links.is_empty()).then(|| links.join(", "));
    (page, link)
}

/// A page of statuses as `viewer` sees them.
fn status_list(w: &World, page: &[Id], viewer: Option<Id>) -> Value {
    Value::Array(
        page.iter()
            .map(|id| super::json::status(w, *id, viewer))
            .collect(),
    )
}

/// A page of accounts.
fn account_list(w: &World, page: &[Id]) -> Value {
    Value::Array(page.iter().map(|id| super::json::account(w, *id)).collect())
}

/// Runs `f` with the world locked and the signed-in user; answers 401
/// without a valid user token.
fn as_user(s: &Shared, headers: &HeaderMap, f: impl FnOnce(&mut World, Id) -> Reply) -> Response {
    let mut w = s.world();
    let me = match require_user(headers, &w) {
        Ok(m) => m,
        Err(r) => return r,
    };
    f(&mut w, me).unwrap_or_else(|r| r)
}

/// Parses the parameters (query and body), then runs `f` as the signed-in user.
fn user_params(
    s: &Shared,
    headers: &HeaderMap,
    query: Option<&str>,
    body: &[u8],
    f: impl FnOnce(&mut World, Id, &Params) -> Reply,
) -> Response {
    match Params::parse(query, headers, body) {
        Ok(p) => as_user(s, headers, |w, me| f(w, me, &p)),
        Err(r) => r,
    }
}

/// Parses the query, then runs `f` with the viewer, if any.
fn viewer_params(
    s: &Shared,
    headers: &HeaderMap,
    query: Option<&str>,
    f: impl FnOnce(&mut World, Option<Id>, &Params) -> Reply,
) -> Response {
    match Params::parse(query, &HeaderMap::new(), &[]) {
        Ok(p) => as_viewer(s, headers, |w, v| f(w, v, &p)),
        Err(r) => r,
    }
}

/// Runs `f` with the world locked and the viewer, if any (public endpoints).
fn as_viewer(
    s: &Shared,
    headers: &HeaderMap,
    f: impl FnOnce(&mut World, Option<Id>) -> Reply,
) -> Response {
    let mut w = s.world();
    let v = match viewer(headers, &w) {
        Ok(v) => v,
        Err(r) => return r,
    };
    f(&mut w, v).unwrap_or_else(|r| r)
}

/// A status `viewer` may see, by path id.
fn visible_status(w: &World, id: &str, viewer: Option<Id>) -> Result<Id, Response> {
    parse_id(id)
        .and_then(|i| w.statuses.get(&i))
        .filter(|st| w.visible_to(st, viewer))
        .map(|st| st.id)
        .ok_or_else(not_found)
}

/// An account, by path id.
fn known_account(w: &World, id: &str) -> Result<Id, Response> {
    parse_id(id)
        .filter(|i| w.accounts.contains_key(i))
        .ok_or_else(not_found)
}

#[cfg(test)]
mod tests {
    use super::keyword_matches;

    #[test]
    fn keywords_match_whole_words_when_asked() {
        assert!(keyword_matches("I love Rust.", "rust", true));
        assert!(!keyword_matches("trusty crates", "rust", true));
        assert!(keyword_matches("trusty crates", "rust", false));
        assert!(keyword_matches("Café au lait", "café", true));
        assert!(!keyword_matches("anything", "  ", false));
    }
}
