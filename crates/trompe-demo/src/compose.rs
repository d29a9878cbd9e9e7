//! Demo routes for writing: posting (with media, polls, scheduling and
//! idempotency keys), edits and their history, media uploads (202, then
//! processed), and scheduled statuses.
//!
//! Shapes, status codes and validation messages follow the Mastodon API
//! documentation and Mastodon's behaviour: media and a poll exclude each
//! other, media must belong to the poster, be unattached and processed;
//! `scheduled_at` in the past posts now and less than five minutes ahead is
//! refused; an edit replaces the media and the poll (what is not sent is
//! removed); the same `Idempotency-Key` from the same user gives back the
//! first post. The character limit is counted with the demo's own simple
//! rules (URLs as 23, remote mentions as `@user`), independently of the
//! client's counter. State lives in [`Compose`], one field of the world.
//! This module must not import ratatui or crossterm.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::extract::{DefaultBodyLimit, Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{Value, json};
use unicode_segmentation::UnicodeSegmentation;

use super::routes::{
    AppState, as_bool, as_str, error, paginate, parse_body, parse_id, require_user, viewer,
};
use super::world::{DPoll, Id, NewStatus, World};
use super::{Shared, json, streaming};

/// Mastodon's limits, as the demo's instance entity announces them.
const MAX_CHARS: usize = 500;
const URL_CHARS: usize = 23;
const MAX_MEDIA: usize = 4;
const MAX_POLL_OPTIONS: usize = 4;
const MAX_POLL_OPTION_CHARS: usize = 50;
const POLL_MIN_EXPIRY: i64 = 300;
const POLL_MAX_EXPIRY: i64 = 2_629_746;
const MAX_DESCRIPTION: usize = 1500;
const MIN_SCHEDULE_OFFSET: i64 = 300;
const MAX_SCHEDULED: usize = 300;
const IMAGE_LIMIT: usize = 16 * 1024 * 1024;
const VIDEO_LIMIT: usize = 99 * 1024 * 1024;
/// How long an upload stays "processing".
const PROCESSING: Duration = Duration::from_millis(300);

/// The writing side of the world.
#[derive(Debug, Default)]
pub struct Compose {
    /// media id → the account that uploaded it.
    pub media_owner: HashMap<Id, Id>,
    /// media id → when its processing ends.
    pub media_ready_at: HashMap<Id, Instant>,
    /// media id → focal point.
    pub media_focus: HashMap<Id, (f64, f64)>,
    /// Scheduled statuses by id.
    pub scheduled: BTreeMap<Id, DScheduled>,
    /// status id → its versions, oldest first (only for edited statuses).
    pub history: HashMap<Id, Vec<DVersion>>,
    /// Polls whose totals stay hidden until they end.
    pub hide_totals: BTreeSet<Id>,
    /// status id → the status it quotes (Mastodon 4.5 quote posts).
    pub quotes: HashMap<Id, Id>,
    /// status id → who may quote it (`public`, `followers`, `nobody`).
    pub quote_policy: HashMap<Id, String>,
}

/// A status waiting to be published.
#[derive(Debug, Clone)]
pub struct DScheduled {
    pub id: Id,
    pub account: Id,
    pub at: i64,
    pub params: PostParams,
    pub idempotency: Option<String>,
}

/// One version of a status.
#[derive(Debug, Clone)]
pub struct DVersion {
    pub html: String,
    pub spoiler_text: String,
    pub sensitive: bool,
    pub media: Vec<Id>,
    pub poll_options: Option<Vec<String>>,
    pub created_at: i64,
}

/// A poll to create.
#[derive(Debug, Clone, PartialEq)]
pub struct PollParams {
    pub options: Vec<String>,
    pub expires_in: i64,
    pub multiple: bool,
    pub hide_totals: bool,
}

/// The parameters of a post, validated.
#[derive(Debug, Clone)]
pub struct PostParams {
    pub text: String,
    pub spoiler_text: String,
    pub visibility: String,
    pub sensitive: bool,
    pub language: Option<String>,
    pub in_reply_to: Option<Id>,
    pub media: Vec<Id>,
    pub poll: Option<PollParams>,
    /// The status quoted (`quoted_status_id`).
    pub quote: Option<Id>,
    /// `quote_approval_policy`; `None` keeps the default (`public`).
    pub quote_policy: Option<String>,
}

/// The routes of this area.
pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/statuses", post(post_status))
        .route("/api/v1/statuses/{id}", axum::routing::put(edit_status))
        .route("/api/v1/statuses/{id}/history", get(history))
        .route("/api/v1/statuses/{id}/source", get(source))
        .route(
            "/api/v2/media",
            post(upload).layer(DefaultBodyLimit::max(VIDEO_LIMIT + 1024 * 1024)),
        )
        .route("/api/v1/media/{id}", get(get_media).put(update_media))
        .route("/api/v1/scheduled_statuses", get(list_scheduled))
        .route(
            "/api/v1/scheduled_statuses/{id}",
            get(get_scheduled).put(reschedule).delete(cancel_scheduled),
        )
        .route("/api/v1/instance/languages", get(languages))
}

fn unprocessable(msg: &str) -> Response {
    error(StatusCode::UNPROCESSABLE_ENTITY, msg)
}

fn not_found() -> Response {
    error(StatusCode::NOT_FOUND, "Record not found")
}

// ---------------------------------------------------------------- counting

/// The length Mastodon gives a post, by the demo's own simple rules: words
/// starting with `http://` or `https://` count as 23, `@user@domain` as
/// `@user`, and the rest (with the content warning) in grapheme clusters.
pub fn countable_length(text: &str, spoiler_text: &str) -> usize {
    let mut counted = String::from(spoiler_text);
    if !text.trim().is_empty() {
        for token in text.split_inclusive(char::is_whitespace) {
            let word = token.trim_end();
            let space = &token[word.len()..];
            let lead = word.len() - word.trim_start_matches('(').len();
            let core = word[lead..].trim_end_matches(['.', ',', ')', '!', '?', ';', ':', '"']);
            let trail = &word[lead + core.len()..];
            let is_url = (core.starts_with("https://") && core.len() > 8)
                || (core.starts_with("http://") && core.len() > 7);
            let remote_user = core
                .strip_prefix('@')
                .and_then(|rest| rest.split_once('@'))
                .map(|(user, _)| user);
            counted.push_str(&word[..lead]);
            match (is_url, remote_user) {
                (true, _) => counted.extend(std::iter::repeat_n('x', URL_CHARS)),
                (false, Some(user)) => {
                    counted.push('@');
                    counted.push_str(user);
                }
                _ => counted.push_str(core),
            }
            counted.push_str(trail);
            counted.push_str(space);
        }
    }
    counted.graphemes(true).count()
}

// ---------------------------------------------------------------- parameters

fn ids_param(params: &Value, key: &str) -> Vec<Id> {
    params
        .get(key)
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|v| as_str(Some(v)).and_then(|s| parse_id(&s)))
                .collect()
        })
        .unwrap_or_default()
}

fn language_param(params: &Value) -> Option<String> {
    let lang = as_str(params.get("language"))?.trim().to_ascii_lowercase();
    // Mastodon falls back to a default for codes it does not know.
    let ok = (2..=3).contains(&lang.len()) && lang.chars().all(|c| c.is_ascii_lowercase());
    Some(if ok { lang } else { "en".into() })
}

fn poll_param(params: &Value) -> Result<Option<PollParams>, Response> {
    let Some(p) = params.get("poll").filter(|p| !p.is_null()) else {
        return Ok(None);
    };
    let options: Vec<String> = p
        .get("options")
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(|v| as_str(Some(v))).collect())
        .unwrap_or_default();
    let expires_in = as_str(p.get("expires_in"))
        .and_then(|v| v.trim().parse::<i64>().ok())
        .unwrap_or(0);
    if options.len() < 2 {
        return Err(unprocessable(
            "Validation failed: Poll options must have more than one item",
        ));
    }
    if options.len() > MAX_POLL_OPTIONS {
        return Err(unprocessable(&format!(
            "Validation failed: Poll options can't contain more than {MAX_POLL_OPTIONS} items"
        )));
    }
    if options
        .iter()
        .any(|o| o.trim().is_empty() || o.chars().count() > MAX_POLL_OPTION_CHARS)
    {
        return Err(unprocessable(&format!(
            "Validation failed: Poll options cannot be longer than {MAX_POLL_OPTION_CHARS} characters each or blank"
        )));
    }
    let mut seen = BTreeSet::new();
    if !options.iter().all(|o| seen.insert(o.trim().to_string())) {
        return Err(unprocessable(
            "Validation failed: Poll options contain duplicate items",
        ));
    }
    if expires_in < POLL_MIN_EXPIRY {
        return Err(unprocessable(
            "Validation failed: Poll expires at is too early",
        ));
    }
    if expires_in > POLL_MAX_EXPIRY {
        return Err(unprocessable(
            "Validation failed: Poll expires at is too far into the future",
        ));
    }
    Ok(Some(PollParams {
        options,
        expires_in,
        multiple: as_bool(p.get("multiple")),
        hide_totals: as_bool(p.get("hide_totals")),
    }))
}

/// Checks media for a post by `me`: owned, processed, and unattached
/// (or already attached to `editing`).
fn check_media(w: &World, me: Id, media: &[Id], editing: Option<Id>) -> Result<(), Response> {
    if media.len() > MAX_MEDIA {
        return Err(unprocessable(&format!(
            "Cannot attach more than {MAX_MEDIA} files"
        )));
    }
    let missing: Vec<String> = media
        .iter()
        .filter(|m| {
            let owned = w.compose.media_owner.get(m) == Some(&me);
            let attached_elsewhere = w
                .statuses
                .values()
                .any(|s| s.media.contains(m) && Some(s.id) != editing);
            !owned || attached_elsewhere || !w.media.contains_key(m)
        })
        .map(Id::to_string)
        .collect();
    if !missing.is_empty() {
        return Err(unprocessable(&format!(
            "Media {} not found or already attached to another post",
            missing.join(", ")
        )));
    }
    if media.iter().any(|m| processing(w, *m)) {
        return Err(unprocessable(
            "Cannot attach files that have not finished processing. Try again in a moment!",
        ));
    }
    Ok(())
}

fn check_text(text: &str, spoiler_text: &str, has_media: bool) -> Result<(), Response> {
    if text.trim().is_empty() && !has_media {
        return Err(unprocessable("Validation failed: Text can't be blank"));
    }
    if countable_length(text, spoiler_text) > MAX_CHARS {
        return Err(unprocessable(&format!(
            "Validation failed: Text character limit of {MAX_CHARS} exceeded"
        )));
    }
    Ok(())
}

fn post_params(w: &World, me: Id, params: &Value) -> Result<PostParams, Response> {
    let text = as_str(params.get("status")).unwrap_or_default();
    let spoiler_text = as_str(params.get("spoiler_text")).unwrap_or_default();
    let media = ids_param(params, "media_ids");
    let poll = poll_param(params)?;
    if !media.is_empty() && poll.is_some() {
        return Err(unprocessable(
            "Validation failed: A post cannot have both media and a poll",
        ));
    }
    check_text(&text, &spoiler_text, !media.is_empty())?;
    check_media(w, me, &media, None)?;
    let visibility = as_str(params.get("visibility")).unwrap_or_else(|| "public".into());
    if !matches!(
        visibility.as_str(),
        "public" | "unlisted" | "private" | "direct"
    ) {
        return Err(unprocessable(
            "Validation failed: Visibility is not included in the list",
        ));
    }
    let in_reply_to = as_str(params.get("in_reply_to_id")).and_then(|v| parse_id(&v));
    if let Some(r) = in_reply_to {
        if !w
            .statuses
            .get(&r)
            .is_some_and(|p| w.visible_to(p, Some(me)))
        {
            return Err(not_found());
        }
    }
    let quote = match as_str(params.get("quoted_status_id")).filter(|v| !v.trim().is_empty()) {
        None => None,
        Some(v) => {
            let quoted = parse_id(&v)
                .and_then(|q| w.statuses.get(&q).map(|st| (q, st)))
                .filter(|(_, st)| w.visible_to(st, Some(me)));
            match quoted {
                None => return Err(not_found()),
                // Private mentions cannot be quoted; the policy is the author's say.
                Some((_, st)) if st.visibility == "direct" => {
                    return Err(unprocessable(
                        "Validation failed: Quoted status cannot be quoted",
                    ));
                }
                Some((q, st))
                    if st.account != me
                        && w.compose.quote_policy.get(&q).map(String::as_str) == Some("nobody") =>
                {
                    return Err(unprocessable(
                        "Validation failed: Quoted status cannot be quoted",
                    ));
                }
                Some((q, _)) => Some(q),
            }
        }
    };
    let quote_policy =
        match as_str(params.get("quote_approval_policy")).filter(|v| !v.trim().is_empty()) {
            None => None,
            Some(v) if matches!(v.as_str(), "public" | "followers" | "nobody") => Some(v),
            Some(_) => {
                return Err(unprocessable(
                    "Validation failed: Quote approval policy is not included in the list",
                ));
            }
        };
    Ok(PostParams {
        quote,
        quote_policy,
        text,
        spoiler_text,
        visibility,
        sensitive: as_bool(params.get("sensitive")),
        language: language_param(params),
        in_reply_to,
        media,
        poll,
    })
}

/// `scheduled_at`: `Ok(None)` to post now (absent, or already past).
fn scheduled_param(params: &Value, now: i64) -> Result<Option<i64>, Response> {
    let Some(raw) = as_str(params.get("scheduled_at")).filter(|s| !s.trim().is_empty()) else {
        return Ok(None);
    };
    let at =
        time::OffsetDateTime::parse(raw.trim(), &time::format_description::well_known::Rfc3339)
            .map_err(|_| unprocessable("Validation failed: Scheduled at is invalid"))?
            .unix_timestamp();
    if at <= now {
        return Ok(None);
    }
    check_schedule(at, now)?;
    Ok(Some(at))
}

fn check_schedule(at: i64, now: i64) -> Result<(), Response> {
    if at < now + MIN_SCHEDULE_OFFSET {
        return Err(unprocessable(
            "Validation failed: Scheduled at The scheduled date must be in the future",
        ));
    }
    Ok(())
}

// ---------------------------------------------------------------- statuses

fn create_poll(w: &mut World, poll: &PollParams, now: i64) -> Id {
    let pid = w.alloc_id();
    w.polls.insert(
        pid,
        DPoll {
            id: pid,
            options: poll.options.clone(),
            votes: vec![0; poll.options.len()],
            voters: 0,
            multiple: poll.multiple,
            expires_at: Some(now + poll.expires_in),
            voted: HashMap::new(),
        },
    );
    if poll.hide_totals {
        w.compose.hide_totals.insert(pid);
    }
    pid
}

/// Inserts a status from validated parameters.
fn create_status(w: &mut World, author: Id, p: &PostParams, now: i64) -> Id {
    let poll = p.poll.as_ref().map(|poll| create_poll(w, poll, now));
    let id = w.insert_status(
        author,
        NewStatus {
            text: p.text.clone(),
            spoiler_text: p.spoiler_text.clone(),
            visibility: p.visibility.clone(),
            // A content warning makes the post sensitive, as on Mastodon.
            sensitive: p.sensitive || !p.spoiler_text.is_empty(),
            // Without a language, the author's default (as Mastodon does), else English.
            language: p.language.clone().or_else(|| {
                w.social
                    .profiles
                    .by_account
                    .get(&author)
                    .and_then(|prof| prof.language.clone())
                    .or_else(|| Some("en".into()))
            }),
            in_reply_to: p.in_reply_to,
            media: p.media.clone(),
            poll,
            application: Some("trompe".into()),
        },
        now,
    );
    if let Some(q) = p.quote {
        w.compose.quotes.insert(id, q);
    }
    // Private posts and private mentions cannot be quoted by others.
    let policy = match p.visibility.as_str() {
        "private" | "direct" => Some("nobody".to_string()),
        _ => p.quote_policy.clone(),
    };
    if let Some(policy) = policy {
        w.compose.quote_policy.insert(id, policy);
    }
    id
}

/// Streams a new status and notifies the local accounts it mentions.
pub(crate) fn announce(s: &Shared, w: &mut World, id: Id) {
    streaming::publish_status(s, w, id);
    let Some((author, mentions)) = w
        .statuses
        .get(&id)
        .map(|st| (st.account, st.mentions.clone()))
    else {
        return;
    };
    let now = w.now;
    for m in mentions {
        if m != author && w.accounts.get(&m).is_some_and(|a| a.domain.is_none()) {
            let nid = w.add_notification("mention", author, m, Some(id), now);
            streaming::publish_notification(s, w, nid);
        }
    }
}

fn idempotency_key(headers: &HeaderMap) -> Option<String> {
    headers
        .get("idempotency-key")
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .filter(|k| !k.is_empty())
        .map(str::to_string)
}

async fn post_status(
    State(s): State<AppState>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Response {
    let params = match parse_body(&headers, &body) {
        Ok(p) => p,
        Err(r) => return r,
    };
    let mut guard = s.world();
    let w = &mut *guard;
    let me = match require_user(&headers, w) {
        Ok(m) => m,
        Err(r) => return r,
    };
    let key = idempotency_key(&headers);
    // The same key from the same user: the first answer again, never a second post.
    if let Some(&earlier) = key
        .as_ref()
        .and_then(|k| w.idempotency.get(&(me, k.clone())))
    {
        if w.statuses.contains_key(&earlier) {
            return Json(json::status(w, earlier, Some(me))).into_response();
        }
        if w.compose.scheduled.contains_key(&earlier) {
            return Json(scheduled_json(w, earlier)).into_response();
        }
    }
    let p = match post_params(w, me, &params) {
        Ok(p) => p,
        Err(r) => return r,
    };
    let now = w.now;
    match scheduled_param(&params, now) {
        Err(r) => r,
        Ok(Some(at)) => {
            if w.compose
                .scheduled
                .values()
                .filter(|d| d.account == me)
                .count()
                >= MAX_SCHEDULED
            {
                return unprocessable(&format!(
                    "Validation failed: You have exceeded the limit of {MAX_SCHEDULED} scheduled posts"
                ));
            }
            let id = w.alloc_id();
            w.compose.scheduled.insert(
                id,
                DScheduled {
                    id,
                    account: me,
                    at,
                    params: p,
                    idempotency: key.clone(),
                },
            );
            if let Some(k) = key {
                w.idempotency.insert((me, k), id);
            }
            spawn_publisher(&s, id);
            Json(scheduled_json(w, id)).into_response()
        }
        Ok(None) => {
            let id = create_status(w, me, &p, now);
            if let Some(k) = key {
                w.idempotency.insert((me, k), id);
            }
            announce(&s, w, id);
            Json(json::status(w, id, Some(me))).into_response()
        }
    }
}

fn version_of(w: &World, id: Id, at: i64) -> Option<DVersion> {
    let st = w.statuses.get(&id)?;
    Some(DVersion {
        html: st.html.clone(),
        spoiler_text: st.spoiler_text.clone(),
        sensitive: st.sensitive,
        media: st.media.clone(),
        poll_options: st
            .poll
            .and_then(|p| w.polls.get(&p))
            .map(|p| p.options.clone()),
        created_at: at,
    })
}

/// Applies `media_attributes[]` (description, focus) to media of `me`.
fn apply_media_attributes(w: &mut World, me: Id, params: &Value) {
    let Some(attrs) = params.get("media_attributes") else {
        return;
    };
    let list: Vec<&Value> = match attrs {
        Value::Array(a) => a.iter().collect(),
        Value::Object(o) => o.values().collect(),
        _ => Vec::new(),
    };
    for a in list {
        let Some(id) = as_str(a.get("id")).and_then(|v| parse_id(&v)) else {
            continue;
        };
        if w.compose.media_owner.get(&id) != Some(&me) {
            continue;
        }
        if let Some(d) = as_str(a.get("description")) {
            if let Some(m) = w.media.get_mut(&id) {
                m.description = Some(d).filter(|d| !d.is_empty());
            }
        }
        if let Some(f) = as_str(a.get("focus")).and_then(|f| parse_focus(&f)) {
            w.compose.media_focus.insert(id, f);
        }
    }
}

async fn edit_status(
    State(s): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: axum::body::Bytes,
) -> Response {
    let params = match parse_body(&headers, &body) {
        Ok(p) => p,
        Err(r) => return r,
    };
    let mut guard = s.world();
    let w = &mut *guard;
    let me = match require_user(&headers, w) {
        Ok(m) => m,
        Err(r) => return r,
    };
    let Some(sid) = parse_id(&id).filter(|i| {
        w.statuses
            .get(i)
            .is_some_and(|st| st.account == me && st.reblog_of.is_none())
    }) else {
        return not_found();
    };
    let text = as_str(params.get("status")).unwrap_or_default();
    let spoiler_text = as_str(params.get("spoiler_text")).unwrap_or_default();
    // What is not sent is removed, as on Mastodon.
    let media = ids_param(&params, "media_ids");
    let poll = match poll_param(&params) {
        Ok(p) => p,
        Err(r) => return r,
    };
    if !media.is_empty() && poll.is_some() {
        return unprocessable("Validation failed: A post cannot have both media and a poll");
    }
    if let Err(r) = check_text(&text, &spoiler_text, !media.is_empty())
        .and_then(|()| check_media(w, me, &media, Some(sid)))
    {
        return r;
    }
    let now = w.now;
    if !w.compose.history.contains_key(&sid) {
        let created = w.statuses.get(&sid).map_or(now, |st| st.created_at);
        if let Some(v) = version_of(w, sid, created) {
            w.compose.history.insert(sid, vec![v]);
        }
    }
    apply_media_attributes(w, me, &params);
    let old_poll = w.statuses.get(&sid).and_then(|st| st.poll);
    let same_poll = match (&poll, old_poll.and_then(|p| w.polls.get(&p))) {
        (Some(new), Some(old)) => new.options == old.options && new.multiple == old.multiple,
        (None, None) => true,
        _ => false,
    };
    let new_poll = if same_poll {
        old_poll
    } else {
        // Changed options start a new poll: the old votes no longer apply.
        poll.as_ref().map(|p| create_poll(w, p, now))
    };
    let f = w.format(&text);
    let language = language_param(&params);
    if let Some(st) = w.statuses.get_mut(&sid) {
        st.text = text;
        st.html = f.html;
        st.tags = f.tags;
        st.emojis = f.emojis;
        st.spoiler_text = spoiler_text;
        st.sensitive = as_bool(params.get("sensitive"));
        if language.is_some() {
            st.language = language;
        }
        st.media = media;
        st.poll = new_poll;
        st.edited_at = Some(now);
    }
    if let Some(v) = version_of(w, sid, now) {
        w.compose.history.entry(sid).or_default().push(v);
    }
    streaming::publish_edit(&s, w, sid);
    Json(json::status(w, sid, Some(me))).into_response()
}

fn visible_status(w: &World, headers: &HeaderMap, id: &str) -> Result<(Id, Option<Id>), Response> {
    let v = viewer(headers, w)?;
    parse_id(id)
        .filter(|i| w.statuses.get(i).is_some_and(|st| w.visible_to(st, v)))
        .map(|i| (i, v))
        .ok_or_else(not_found)
}

fn version_json(w: &World, author: Id, v: &DVersion) -> Value {
    json!({
        "content": v.html,
        "spoiler_text": v.spoiler_text,
        "sensitive": v.sensitive,
        "created_at": json::ts(v.created_at),
        "account": json::account(w, author),
        "poll": v.poll_options.as_ref().map(|o| json!({"options": o.iter().map(|t| json!({"title": t})).collect::<Vec<_>>()})),
        "media_attachments": v.media.iter().map(|m| media_json(w, *m)).collect::<Vec<_>>(),
        "emojis": [],
    })
}

async fn history(
    State(s): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    let w = s.world();
    let (sid, _) = match visible_status(&w, &headers, &id) {
        Ok(x) => x,
        Err(r) => return r,
    };
    let Some(author) = w.statuses.get(&sid).map(|st| st.account) else {
        return not_found();
    };
    // A status never edited has one version: itself.
    let versions = match w.compose.history.get(&sid) {
        Some(v) => v.clone(),
        None => version_of(&w, sid, w.statuses.get(&sid).map_or(0, |st| st.created_at))
            .into_iter()
            .collect(),
    };
    Json(Value::Array(
        versions
            .iter()
            .map(|v| version_json(&w, author, v))
            .collect(),
    ))
    .into_response()
}

async fn source(State(s): State<AppState>, headers: HeaderMap, Path(id): Path<String>) -> Response {
    let w = s.world();
    match visible_status(&w, &headers, &id) {
        Ok((sid, _)) => match w.statuses.get(&sid) {
            Some(st) => Json(json!({
                "id": sid.to_string(),
                "text": st.text,
                "spoiler_text": st.spoiler_text,
            }))
            .into_response(),
            None => not_found(),
        },
        Err(r) => r,
    }
}

// ---------------------------------------------------------------- media

fn processing(w: &World, id: Id) -> bool {
    w.compose
        .media_ready_at
        .get(&id)
        .is_some_and(|t| Instant::now() < *t)
}

fn parse_focus(s: &str) -> Option<(f64, f64)> {
    let (x, y) = s.split_once(',')?;
    let (x, y) = (x.trim().parse::<f64>().ok()?, y.trim().parse::<f64>().ok()?);
    ((-1.0..=1.0).contains(&x) && (-1.0..=1.0).contains(&y)).then_some((x, y))
}

/// The MediaAttachment entity: `url` is null while processing, the focal point is in `meta`.
fn media_json(w: &World, id: Id) -> Value {
    let mut v = json::media(w, id);
    if processing(w, id) {
        v["url"] = Value::Null;
    }
    v
}

/// One part of a `multipart/form-data` body.
pub(crate) struct FormPart {
    pub(crate) name: String,
    /// The `filename` of a file part (`None` for a text field).
    pub(crate) file_name: Option<String>,
    pub(crate) content_type: Option<String>,
    pub(crate) data: Vec<u8>,
}

fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    if needle.is_empty() || from > hay.len() {
        return None;
    }
    hay[from..]
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

/// Parses `multipart/form-data` (enough for uploads: names, types, bytes).
pub(crate) fn parse_multipart(content_type: &str, body: &[u8]) -> Option<Vec<FormPart>> {
    let boundary = content_type
        .split(';')
        .find_map(|p| p.trim().strip_prefix("boundary="))?
        .trim_matches('"');
    let delim = format!("--{boundary}").into_bytes();
    let mut parts = Vec::new();
    let mut pos = find(body, &delim, 0)? + delim.len();
    // Bounded by the body: each part moves `pos` forward.
    while !body[pos..].starts_with(b"--") {
        let head_start = pos + 2; // CRLF after the delimiter
        let head_end = find(body, b"\r\n\r\n", head_start)?;
        let head = String::from_utf8_lossy(body.get(head_start..head_end)?);
        let data_start = head_end + 4;
        let mut close = b"\r\n".to_vec();
        close.extend_from_slice(&delim);
        let data_end = find(body, &close, data_start)?;
        let mut name = String::new();
        let mut file_name = None;
        let mut ctype = None;
        for line in head.lines() {
            let lower = line.to_ascii_lowercase();
            if lower.starts_with("content-disposition:") {
                if let Some(n) = line.split(';').find_map(|p| p.trim().strip_prefix("name=")) {
                    name = n.trim_matches('"').to_string();
                }
                if let Some(n) = line
                    .split(';')
                    .find_map(|p| p.trim().strip_prefix("filename="))
                {
                    file_name = Some(n.trim_matches('"').to_string());
                }
            } else if let Some(v) = lower.strip_prefix("content-type:") {
                ctype = Some(v.trim().to_string());
            }
        }
        parts.push(FormPart {
            name,
            file_name,
            content_type: ctype,
            data: body[data_start..data_end].to_vec(),
        });
        pos = data_end + close.len();
    }
    Some(parts)
}

/// The file's type from its first bytes, else what the client declared.
fn sniff(data: &[u8], declared: Option<&str>) -> String {
    let t = match crate::text::image_type(data) {
        Some(image) => image,
        None if data.len() > 8 && &data[4..8] == b"ftyp" => "video/mp4",
        None => declared.unwrap_or("application/octet-stream"),
    };
    t.to_string()
}

fn dimensions(data: &[u8], mime: &str) -> (u32, u32) {
    let be = |b: &[u8]| u32::from_be_bytes([b[0], b[1], b[2], b[3]]);
    match mime {
        "image/png" if data.len() >= 24 => (be(&data[16..20]), be(&data[20..24])),
        "image/gif" if data.len() >= 10 => (
            u32::from(u16::from_le_bytes([data[6], data[7]])),
            u32::from(u16::from_le_bytes([data[8], data[9]])),
        ),
        _ => (640, 480),
    }
}

async fn upload(
    State(s): State<AppState>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Response {
    let mut guard = s.world();
    let w = &mut *guard;
    let me = match require_user(&headers, w) {
        Ok(m) => m,
        Err(r) => return r,
    };
    let ct = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let Some(parts) = parse_multipart(ct, &body) else {
        return unprocessable("Validation failed: File can't be blank");
    };
    let field = |n: &str| {
        parts
            .iter()
            .find(|p| p.name == n)
            .map(|p| String::from_utf8_lossy(&p.data).into_owned())
    };
    let Some(file) = parts.iter().find(|p| p.name == "file") else {
        return unprocessable("Validation failed: File can't be blank");
    };
    let mime = sniff(&file.data, file.content_type.as_deref());
    let kind = match mime.as_str() {
        "image/png" | "image/jpeg" | "image/webp" => "image",
        "image/gif" => "gifv",
        "video/mp4" => "video",
        _ => return unprocessable("Validation failed: File content type is invalid"),
    };
    let limit = if kind == "image" {
        IMAGE_LIMIT
    } else {
        VIDEO_LIMIT
    };
    if file.data.len() > limit {
        return unprocessable(&format!(
            "Validation failed: File file size must be less than {} MB",
            limit / (1024 * 1024)
        ));
    }
    let description = field("description").filter(|d| !d.trim().is_empty());
    if description
        .as_ref()
        .is_some_and(|d| d.chars().count() > MAX_DESCRIPTION)
    {
        return unprocessable(&format!(
            "Validation failed: Description is too long (maximum is {MAX_DESCRIPTION} characters)"
        ));
    }
    let (width, height) = dimensions(&file.data, &mime);
    let seed = file
        .data
        .iter()
        .take(4096)
        .fold(17u32, |a, b| a.wrapping_mul(31).wrapping_add(u32::from(*b)));
    let color = (seed as u8, (seed >> 8) as u8, (seed >> 16) as u8);
    let id = w.add_media(kind, description, width.max(1), height.max(1), color);
    w.compose.media_owner.insert(id, me);
    w.compose
        .media_ready_at
        .insert(id, Instant::now() + PROCESSING);
    if let Some(f) = field("focus").and_then(|f| parse_focus(&f)) {
        w.compose.media_focus.insert(id, f);
    }
    (StatusCode::ACCEPTED, Json(media_json(w, id))).into_response()
}

/// The answer for media: 206 while processing, 200 after (as Mastodon).
fn media_answer(w: &World, id: Id) -> Response {
    let code = if processing(w, id) {
        StatusCode::PARTIAL_CONTENT
    } else {
        StatusCode::OK
    };
    (code, Json(media_json(w, id))).into_response()
}

/// Media of `me` not yet attached to a status.
fn own_unattached(w: &World, me: Id, id: &str) -> Option<Id> {
    parse_id(id).filter(|m| {
        w.compose.media_owner.get(m) == Some(&me)
            && !w.statuses.values().any(|s| s.media.contains(m))
    })
}

async fn get_media(
    State(s): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    let w = s.world();
    let me = match require_user(&headers, &w) {
        Ok(m) => m,
        Err(r) => return r,
    };
    match own_unattached(&w, me, &id) {
        Some(m) => media_answer(&w, m),
        None => not_found(),
    }
}

async fn update_media(
    State(s): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: axum::body::Bytes,
) -> Response {
    let params = match parse_body(&headers, &body) {
        Ok(p) => p,
        Err(r) => return r,
    };
    let mut guard = s.world();
    let w = &mut *guard;
    let me = match require_user(&headers, w) {
        Ok(m) => m,
        Err(r) => return r,
    };
    let Some(mid) = own_unattached(w, me, &id) else {
        return not_found();
    };
    if let Some(d) = as_str(params.get("description")) {
        if d.chars().count() > MAX_DESCRIPTION {
            return unprocessable(&format!(
                "Validation failed: Description is too long (maximum is {MAX_DESCRIPTION} characters)"
            ));
        }
        if let Some(m) = w.media.get_mut(&mid) {
            m.description = Some(d).filter(|d| !d.trim().is_empty());
        }
    }
    if let Some(f) = as_str(params.get("focus")).and_then(|f| parse_focus(&f)) {
        w.compose.media_focus.insert(mid, f);
    }
    media_answer(w, mid)
}

// ---------------------------------------------------------------- scheduled

fn scheduled_json(w: &World, id: Id) -> Value {
    let Some(d) = w.compose.scheduled.get(&id) else {
        return Value::Null;
    };
    let p = &d.params;
    json!({
        "id": id.to_string(),
        "scheduled_at": json::ts(d.at),
        "params": {
            "text": p.text,
            "poll": p.poll.as_ref().map(|poll| json!({
                "options": poll.options,
                "expires_in": poll.expires_in.to_string(),
                "multiple": poll.multiple,
                "hide_totals": poll.hide_totals,
            })),
            "media_ids": if p.media.is_empty() { Value::Null } else { json!(p.media.iter().map(Id::to_string).collect::<Vec<_>>()) },
            "sensitive": p.sensitive,
            "spoiler_text": p.spoiler_text,
            "visibility": p.visibility,
            "in_reply_to_id": p.in_reply_to.map(|r| r.to_string()),
            "language": p.language,
            "application_id": 1,
            "scheduled_at": null,
            "idempotency": d.idempotency,
            "with_rate_limit": false,
        },
        "media_attachments": p.media.iter().map(|m| media_json(w, *m)).collect::<Vec<_>>(),
    })
}

/// Publishes the scheduled statuses due at `now`; returns the new status ids.
pub(crate) fn take_due(w: &mut World, now: i64) -> Vec<Id> {
    let due: Vec<Id> = w
        .compose
        .scheduled
        .values()
        .filter(|d| d.at <= now)
        .map(|d| d.id)
        .collect();
    let mut out = Vec::new();
    for sid in due {
        let Some(d) = w.compose.scheduled.remove(&sid) else {
            continue;
        };
        let id = create_status(w, d.account, &d.params, now);
        if let Some(k) = d.idempotency {
            w.idempotency.insert((d.account, k), id);
        }
        out.push(id);
    }
    out
}

/// Publishes scheduled status `id` when it is due. The task holds only a
/// weak reference (it ends with the server), wakes at least every 30 s (so
/// a reschedule is noticed) and ends when the status is published or cancelled.
fn spawn_publisher(s: &AppState, id: Id) {
    let weak = Arc::downgrade(s);
    tokio::spawn(async move {
        loop {
            let wait = {
                let Some(shared) = weak.upgrade() else { return };
                let mut w = shared.world();
                let Some(at) = w.compose.scheduled.get(&id).map(|d| d.at) else {
                    return;
                };
                let now = w.now;
                if at <= now {
                    for sid in take_due(&mut w, now) {
                        announce(&shared, &mut w, sid);
                    }
                    return;
                }
                (at - now).clamp(1, 30)
            };
            tokio::time::sleep(Duration::from_secs(wait as u64)).await;
        }
    });
}

fn own_scheduled(w: &World, me: Id, id: &str) -> Option<Id> {
    parse_id(id).filter(|i| w.compose.scheduled.get(i).is_some_and(|d| d.account == me))
}

async fn list_scheduled(
    State(s): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let w = s.world();
    let me = match require_user(&headers, &w) {
        Ok(m) => m,
        Err(r) => return r,
    };
    let ids: Vec<Id> = w
        .compose
        .scheduled
        .values()
        .rev()
        .filter(|d| d.account == me)
        .map(|d| d.id)
        .collect();
    let (page, link) = paginate(ids, &q, &s.base, "/api/v1/scheduled_statuses");
    let mut r = Json(Value::Array(
        page.iter().map(|i| scheduled_json(&w, *i)).collect(),
    ))
    .into_response();
    if let Some(l) = link.and_then(|l| HeaderValue::from_str(&l).ok()) {
        r.headers_mut().insert(header::LINK, l);
    }
    r
}

async fn get_scheduled(
    State(s): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    let w = s.world();
    let me = match require_user(&headers, &w) {
        Ok(m) => m,
        Err(r) => return r,
    };
    match own_scheduled(&w, me, &id) {
        Some(i) => Json(scheduled_json(&w, i)).into_response(),
        None => not_found(),
    }
}

async fn reschedule(
    State(s): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: axum::body::Bytes,
) -> Response {
    let params = match parse_body(&headers, &body) {
        Ok(p) => p,
        Err(r) => return r,
    };
    let mut w = s.world();
    let me = match require_user(&headers, &w) {
        Ok(m) => m,
        Err(r) => return r,
    };
    let Some(sid) = own_scheduled(&w, me, &id) else {
        return not_found();
    };
    let now = w.now;
    let at = match scheduled_param(&params, now) {
        Ok(Some(at)) => at,
        Ok(None) => {
            return unprocessable(
                "Validation failed: Scheduled at The scheduled date must be in the future",
            );
        }
        Err(r) => return r,
    };
    if let Some(d) = w.compose.scheduled.get_mut(&sid) {
        d.at = at;
    }
    Json(scheduled_json(&w, sid)).into_response()
}

async fn cancel_scheduled(
    State(s): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    let mut w = s.world();
    let me = match require_user(&headers, &w) {
        Ok(m) => m,
        Err(r) => return r,
    };
    match own_scheduled(&w, me, &id) {
        Some(sid) => {
            w.compose.scheduled.remove(&sid);
            Json(json!({})).into_response()
        }
        None => not_found(),
    }
}

async fn languages() -> Response {
    Json(json!([
        {"code": "en", "name": "English"},
        {"code": "fr", "name": "French"},
        {"code": "ja", "name": "Japanese"},
        {"code": "ar", "name": "Arabic"},
        {"code": "de", "name": "German"},
        {"code": "es", "name": "Spanish"},
    ]))
    .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_like_mastodon() {
        assert_eq!(countable_length("hello", ""), 5);
        assert_eq!(countable_length("   ", "cw"), 2);
        assert_eq!(
            countable_length("see https://example.com/a/long/path/here.", ""),
            4 + 23 + 1
        );
        assert_eq!(countable_length("@alice@example.com hi", ""), 9);
        assert_eq!(countable_length("👍🏽 日本", ""), 4);
    }

    #[test]
    fn multipart_parts_are_read() {
        let body = b"--XX\r\nContent-Disposition: form-data; name=\"description\"\r\n\r\nalt\r\n--XX\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.png\"\r\nContent-Type: image/png\r\n\r\n\x89PNG\r\n\x1a\n\r\n--XX--\r\n";
        let parts = parse_multipart("multipart/form-data; boundary=XX", body).unwrap_or_default();
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[0].name, "description");
        assert_eq!(parts[0].data, b"alt");
        assert_eq!(parts[1].content_type.as_deref(), Some("image/png"));
        assert_eq!(sniff(&parts[1].data, None), "image/png");
    }

    #[test]
    fn due_scheduled_statuses_are_published_once() {
        let mut w = World::seeded("http://demo", "demo", 1_000_000);
        let me = w.me;
        let params = PostParams {
            text: "later".into(),
            spoiler_text: String::new(),
            visibility: "public".into(),
            sensitive: false,
            language: Some("en".into()),
            in_reply_to: None,
            media: vec![],
            poll: None,
            quote: None,
            quote_policy: None,
        };
        let id = w.alloc_id();
        w.compose.scheduled.insert(
            id,
            DScheduled {
                id,
                account: me,
                at: 1_000_600,
                params,
                idempotency: Some("k".into()),
            },
        );
        assert!(take_due(&mut w, 1_000_599).is_empty());
        let published = take_due(&mut w, 1_000_600);
        assert_eq!(published.len(), 1);
        assert!(w.compose.scheduled.is_empty());
        assert_eq!(
            w.idempotency.get(&(me, "k".to_string())),
            Some(&published[0])
        );
        assert!(take_due(&mut w, 1_000_700).is_empty());
    }
}
