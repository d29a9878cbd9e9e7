//! REST routes of the demo instance, with Mastodon's shapes, `Link` headers
//! and error bodies.

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{Path, Query, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::Value;

#[cfg(feature = "faults")]
use super::faults::Fault;
use super::world::{Id, World};
use super::{Shared, json, oauth, streaming};

pub(crate) type AppState = Arc<Shared>;

pub(crate) fn router(shared: AppState) -> Router {
    // Rails (Mastodon) routes `/api/v1/instance/` like `/api/v1/instance`, and
    // clients rely on it (Mastodon.py asks for `/api/v1/instance/`, toot for
    // `/oauth/authorize/`). The slash goes before routing: an outer router
    // whose only route is the fallback, with the rewrite as its layer.
    Router::new()
        .fallback_service(routes(shared))
        .layer(middleware::map_request(trim_trailing_slash))
}

/// `/api/v1/instance/?x=1` → `/api/v1/instance?x=1` (the root stays `/`).
async fn trim_trailing_slash(mut req: Request) -> Request {
    let path = req.uri().path();
    if path.len() > 1 && path.ends_with('/') {
        let trimmed = path.trim_end_matches('/');
        let trimmed = if trimmed.is_empty() { "/" } else { trimmed };
        let pq = match req.uri().query() {
            Some(q) => format!("{trimmed}?{q}"),
            None => trimmed.to_string(),
        };
        let mut parts = req.uri().clone().into_parts();
        if let Ok(p) = pq.parse() {
            parts.path_and_query = Some(p);
            if let Ok(uri) = axum::http::Uri::from_parts(parts) {
                *req.uri_mut() = uri;
            }
        }
    }
    req
}

fn routes(shared: AppState) -> Router {
    Router::new()
        .route(
            "/api/v1/accounts/verify_credentials",
            get(verify_credentials),
        )
        .route("/api/v1/accounts/{id}", get(get_account))
        .route("/api/v1/accounts/{id}/statuses", get(account_statuses))
        .route("/api/v2/instance", get(instance_v2))
        .route("/api/v1/instance", get(instance_v1))
        // What every client may ask at start-up (Mastodon.py has a call for
        // each); announcements are with the social routes.
        .route("/api/v1/instance/rules", get(instance_rules))
        .route("/api/v1/custom_emojis", get(custom_emojis))
        .route("/api/v1/preferences", get(preferences))
        .route("/api/v1/timelines/home", get(timeline_home))
        .route("/api/v1/timelines/public", get(timeline_public))
        .route("/api/v1/timelines/tag/{tag}", get(timeline_tag))
        .route("/api/v1/timelines/list/{id}", get(timeline_list))
        .route(
            "/api/v1/statuses/{id}",
            get(get_status).delete(delete_status),
        )
        .route("/api/v1/statuses/{id}/context", get(status_context))
        .route("/api/v1/streaming", get(streaming::handler))
        .route("/api/v1/streaming/", get(streaming::handler))
        .route("/api/v1/streaming/health", get(|| async { "OK" }))
        .route("/.well-known/webfinger", get(webfinger))
        .route("/health", get(|| async { "OK" }))
        .route("/system/{*path}", get(system_file))
        .merge(streaming::sse_routes())
        .merge(oauth::routes())
        .merge(super::social::routes())
        .merge(super::compose::routes())
        .merge(super::activitypub::routes())
        .fallback(not_found)
        .layer(middleware::from_fn_with_state(shared.clone(), apply_faults))
        .with_state(shared)
}

/// A Mastodon error response.
pub(crate) fn error(code: StatusCode, msg: &str) -> Response {
    (code, Json(json::error(msg))).into_response()
}

async fn not_found() -> Response {
    not_found_now()
}

fn not_found_now() -> Response {
    error(StatusCode::NOT_FOUND, "Record not found")
}

async fn apply_faults(State(s): State<AppState>, req: Request, next: Next) -> Response {
    let path = req.uri().path().to_string();
    {
        let mut served = s.files_served.lock().unwrap_or_else(|e| e.into_inner());
        *served.entry(path.clone()).or_insert(0) += 1;
    }
    #[cfg(feature = "faults")]
    if let Some(fault) = s.faults.take(&path) {
        return inject(fault, req, next).await;
    }
    if s.closed_to_visitors
        && !req.headers().contains_key(header::AUTHORIZATION)
        && (path == "/api/v1/timelines/public"
            || path.starts_with("/api/v1/timelines/tag/")
            || path == "/api/v1/trends/statuses")
    {
        return error(
            StatusCode::UNAUTHORIZED,
            "This method requires an authenticated user",
        );
    }
    if path.starts_with("/api/") {
        if let Some(limit) = s.rate_limit {
            return rate_limited(&s, limit, req, next).await;
        }
    }
    next.run(req).await
}

/// Counts an API request against its token's window, as Mastodon does:
/// `X-RateLimit-*` headers on every answer, 429 over the limit.
async fn rate_limited(
    s: &Shared,
    limit: crate::RateLimitOptions,
    req: Request,
    next: Next,
) -> Response {
    let key = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("anonymous")
        .to_string();
    let now = std::time::Instant::now();
    let (used, left) = {
        let mut g = s.rate_windows.lock().unwrap_or_else(|e| e.into_inner());
        let w = g.entry(key).or_insert((now, 0));
        if now.duration_since(w.0) >= limit.window {
            *w = (now, 0);
        }
        w.1 += 1;
        (w.1, limit.window.saturating_sub(now.duration_since(w.0)))
    };
    // The window's end, rounded up to the second, so that waiting until
    // the reset is always enough.
    let end = std::time::SystemTime::now() + left;
    let since = end
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    let reset = since.as_secs() as i64 + i64::from(since.subsec_nanos() > 0);
    let remaining = limit.limit.saturating_sub(used);
    let mut resp = if used > limit.limit {
        error(StatusCode::TOO_MANY_REQUESTS, "Too many requests")
    } else {
        next.run(req).await
    };
    let h = resp.headers_mut();
    let mut set = |name: &'static str, v: String| {
        if let Ok(v) = HeaderValue::from_str(&v) {
            h.insert(name, v);
        }
    };
    set("x-ratelimit-limit", limit.limit.to_string());
    set("x-ratelimit-remaining", remaining.to_string());
    set("x-ratelimit-reset", json::ts(reset));
    resp
}

/// A 429 whose window resets at `reset` (Unix seconds), no requests left.
#[cfg(feature = "faults")]
fn too_many(reset: i64) -> Response {
    let mut r = error(StatusCode::TOO_MANY_REQUESTS, "Too many requests");
    let h = r.headers_mut();
    h.insert("x-ratelimit-limit", HeaderValue::from_static("300"));
    h.insert("x-ratelimit-remaining", HeaderValue::from_static("0"));
    if let Ok(v) = HeaderValue::from_str(&json::ts(reset)) {
        h.insert("x-ratelimit-reset", v);
    }
    r
}

/// Answers a request the way `fault` says.
#[cfg(feature = "faults")]
async fn inject(fault: Fault, req: Request, next: Next) -> Response {
    use axum::body::{Body, to_bytes};
    let path = req.uri().path().to_string();
    tracing::debug!(%path, ?fault, "injecting fault");
    match fault {
        Fault::Delay(d) => {
            tokio::time::sleep(d).await;
            next.run(req).await
        }
        Fault::DelayResponse(d) => {
            let resp = next.run(req).await;
            tokio::time::sleep(d).await;
            resp
        }
        Fault::Status(code) => {
            let code = StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            let msg = match code.as_u16() {
                401 => "The access token is invalid",
                404 => "Record not found",
                422 => "Validation failed: Text can't be blank",
                _ => "Something went wrong on our end (injected fault)",
            };
            error(code, msg)
        }
        Fault::RateLimited { reset_in } => {
            let mut r = too_many(super::now_unix() + reset_in.as_secs() as i64);
            let h = r.headers_mut();
            if let Ok(v) = HeaderValue::from_str(&reset_in.as_secs().to_string()) {
                h.insert(header::RETRY_AFTER, v);
            }
            r
        }
        Fault::Body(text) => {
            let mut r = Response::new(Body::from(text));
            r.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json; charset=utf-8"),
            );
            r
        }
        Fault::HugeBody(n) => {
            // A JSON array of zeros, `n` bytes long.
            let mut body = Vec::with_capacity(n);
            body.push(b'[');
            while body.len() + 2 < n {
                body.extend_from_slice(b"0,");
            }
            body.extend_from_slice(b"0]");
            let mut r = Response::new(Body::from(body));
            r.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json; charset=utf-8"),
            );
            r
        }
        Fault::SlowBody { every } => {
            let resp = next.run(req).await;
            let (mut parts, body) = resp.into_parts();
            let bytes = to_bytes(body, 64 * 1024 * 1024).await.unwrap_or_default();
            parts.headers.remove(header::CONTENT_LENGTH);
            let pieces: Vec<Result<axum::body::Bytes, std::io::Error>> = bytes
                .chunks(16)
                .map(|c| Ok(axum::body::Bytes::copy_from_slice(c)))
                .collect();
            use futures::StreamExt as _;
            let stream = futures::stream::iter(pieces).then(move |p| async move {
                tokio::time::sleep(every).await;
                p
            });
            Response::from_parts(parts, Body::from_stream(stream))
        }
        Fault::RateLimitedClockOff { reset_in, off_by } => {
            let their_now = super::now_unix() + off_by;
            let mut r = too_many(their_now + reset_in.as_secs() as i64);
            let h = r.headers_mut();
            let date =
                std::time::UNIX_EPOCH + std::time::Duration::from_secs(their_now.max(0) as u64);
            if let Ok(v) = HeaderValue::from_str(&httpdate::fmt_http_date(date)) {
                h.insert(header::DATE, v);
            }
            r
        }
        Fault::TruncatedBody => {
            let resp = next.run(req).await;
            let (mut parts, body) = resp.into_parts();
            let bytes = to_bytes(body, 64 * 1024 * 1024).await.unwrap_or_default();
            let cut = bytes.slice(0..bytes.len() / 2);
            parts.headers.remove(header::CONTENT_LENGTH);
            Response::from_parts(parts, Body::from(cut))
        }
    }
}

/// The account behind the bearer token. `Ok(None)` when no token was sent;
/// an invalid token is a 401, as on Mastodon.
pub(crate) fn viewer(headers: &HeaderMap, w: &World) -> Result<Option<Id>, Response> {
    let Some(auth) = headers.get(header::AUTHORIZATION) else {
        return Ok(None);
    };
    let token = auth
        .to_str()
        .ok()
        .and_then(|v| {
            v.strip_prefix("Bearer ")
                .or_else(|| v.strip_prefix("bearer "))
        })
        .map(str::trim)
        .unwrap_or("");
    match w.token_account(token) {
        Some(t) => Ok(t.account),
        None => Err(error(
            StatusCode::UNAUTHORIZED,
            "The access token is invalid",
        )),
    }
}

/// Like [`viewer`], but a user token is required.
pub(crate) fn require_user(headers: &HeaderMap, w: &World) -> Result<Id, Response> {
    match viewer(headers, w)? {
        Some(id) => Ok(id),
        None => Err(error(
            StatusCode::UNAUTHORIZED,
            "The access token is invalid",
        )),
    }
}

type Q = Query<HashMap<String, String>>;

pub(crate) fn parse_id(s: &str) -> Option<Id> {
    s.trim().parse().ok()
}

/// Applies Mastodon's cursor semantics to ids sorted newest first, and builds
/// the `Link` header (`next` → older via `max_id`, `prev` → newer via `min_id`).
pub(crate) fn paginate(
    ids: Vec<Id>,
    q: &HashMap<String, String>,
    base: &str,
    path: &str,
) -> (Vec<Id>, Option<String>) {
    let limit = q
        .get("limit")
        .and_then(|l| l.parse::<usize>().ok())
        .unwrap_or(20)
        .clamp(1, 40);
    let max_id = q.get("max_id").and_then(|v| parse_id(v));
    let since_id = q.get("since_id").and_then(|v| parse_id(v));
    let min_id = q.get("min_id").and_then(|v| parse_id(v));
    let filtered: Vec<Id> = ids
        .into_iter()
        .filter(|id| max_id.is_none_or(|m| *id < m))
        .filter(|id| since_id.is_none_or(|m| *id > m))
        .filter(|id| min_id.is_none_or(|m| *id > m))
        .collect();
    let page: Vec<Id> = if min_id.is_some() {
        // The items just after min_id, still returned newest first.
        let n = filtered.len();
        filtered[n.saturating_sub(limit)..].to_vec()
    } else {
        filtered.into_iter().take(limit).collect()
    };
    let link = match (page.first(), page.last()) {
        (Some(first), Some(last)) => {
            let keep: Vec<(String, String)> = q
                .iter()
                .filter(|(k, _)| !matches!(k.as_str(), "max_id" | "min_id" | "since_id"))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            let mk = |key: &str, id: Id| {
                let mut u = format!("{base}{path}?");
                let mut pairs: Vec<String> = keep
                    .iter()
                    .map(|(k, v)| format!("{}={}", urlencode(k), urlencode(v)))
                    .collect();
                pairs.sort();
                pairs.push(format!("{key}={id}"));
                u.push_str(&pairs.join("&"));
                u
            };
            Some(format!(
                "<{}>; rel=\"next\", <{}>; rel=\"prev\"",
                mk("max_id", *last),
                mk("min_id", *first)
            ))
        }
        _ => None,
    };
    (page, link)
}

fn urlencode(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

fn with_link(body: Value, link: Option<String>) -> Response {
    let mut r = Json(body).into_response();
    if let Some(l) = link.and_then(|l| HeaderValue::from_str(&l).ok()) {
        r.headers_mut().insert(header::LINK, l);
    }
    r
}

fn status_page(
    w: &World,
    ids: Vec<Id>,
    q: &HashMap<String, String>,
    base: &str,
    path: &str,
    viewer: Option<Id>,
) -> Response {
    let (page, link) = paginate(ids, q, base, path);
    let items: Vec<Value> = page.iter().map(|id| json::status(w, *id, viewer)).collect();
    with_link(Value::Array(items), link)
}

fn truthy(q: &HashMap<String, String>, key: &str) -> bool {
    q.get(key).is_some_and(|v| v == "true" || v == "1")
}

async fn verify_credentials(State(s): State<AppState>, headers: HeaderMap) -> Response {
    let w = s.world();
    let me = match require_user(&headers, &w) {
        Ok(m) => m,
        Err(r) => return r,
    };
    Json(w.credential_account(me)).into_response()
}

async fn get_account(
    State(s): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    let w = s.world();
    if let Err(r) = viewer(&headers, &w) {
        return r;
    }
    match parse_id(&id).filter(|i| w.accounts.contains_key(i)) {
        Some(i) => Json(json::account(&w, i)).into_response(),
        None => not_found_now(),
    }
}

async fn account_statuses(
    State(s): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Query(q): Q,
) -> Response {
    let w = s.world();
    let v = match viewer(&headers, &w) {
        Ok(v) => v,
        Err(r) => return r,
    };
    let Some(acc) = parse_id(&id).filter(|i| w.accounts.contains_key(i)) else {
        return not_found_now();
    };
    let exclude_replies = truthy(&q, "exclude_replies");
    let exclude_reblogs = truthy(&q, "exclude_reblogs");
    let only_media = truthy(&q, "only_media");
    let pinned = truthy(&q, "pinned");
    let ids = w.select(|st| {
        st.account == acc
            && w.visible_to(st, v)
            && (!pinned || w.pinned(acc, st.id))
            && !(exclude_replies && st.in_reply_to.is_some())
            && !(exclude_reblogs && st.reblog_of.is_some())
            && !(only_media && st.media.is_empty())
    });
    status_page(
        &w,
        ids,
        &q,
        &s.base,
        &format!("/api/v1/accounts/{acc}/statuses"),
        v,
    )
}

async fn instance_v2(State(s): State<AppState>) -> Response {
    let w = s.world();
    Json(json::instance_v2(&w, &s.streaming_url)).into_response()
}

async fn instance_v1(State(s): State<AppState>) -> Response {
    let w = s.world();
    Json(json::instance_v1(&w, &s.streaming_url)).into_response()
}

/// `GET /api/v1/instance/rules`: the rules of the v2 instance entity.
async fn instance_rules(State(s): State<AppState>) -> Response {
    let w = s.world();
    let v2 = json::instance_v2(&w, &s.streaming_url);
    Json(v2.get("rules").cloned().unwrap_or(Value::Array(vec![]))).into_response()
}

/// `GET /api/v1/custom_emojis`: the emoji the statuses use.
async fn custom_emojis(State(s): State<AppState>) -> Response {
    let w = s.world();
    Json(json::custom_emojis(&w)).into_response()
}

/// `GET /api/v1/preferences`.
async fn preferences(State(s): State<AppState>, headers: HeaderMap) -> Response {
    let w = s.world();
    let me = match require_user(&headers, &w) {
        Ok(m) => m,
        Err(r) => return r,
    };
    // The posting defaults are the ones update_credentials sets.
    let src = w.account_source(me);
    Json(serde_json::json!({
        "posting:default:visibility": src["privacy"],
        "posting:default:sensitive": src["sensitive"],
        "posting:default:language": src["language"],
        "reading:expand:media": "default",
        "reading:expand:spoilers": false,
    }))
    .into_response()
}

async fn timeline_home(State(s): State<AppState>, headers: HeaderMap, Query(q): Q) -> Response {
    let w = s.world();
    let me = match require_user(&headers, &w) {
        Ok(m) => m,
        Err(r) => return r,
    };
    let ids = w.select(|st| w.in_home_feed(st, me));
    status_page(&w, ids, &q, &s.base, "/api/v1/timelines/home", Some(me))
}

async fn timeline_public(State(s): State<AppState>, headers: HeaderMap, Query(q): Q) -> Response {
    let w = s.world();
    let v = match viewer(&headers, &w) {
        Ok(v) => v,
        Err(r) => return r,
    };
    let local = truthy(&q, "local");
    let remote = truthy(&q, "remote");
    let only_media = truthy(&q, "only_media");
    let mut ids = w.select(|st| {
        w.in_public(st, local)
            && !(remote
                && w.accounts
                    .get(&st.account)
                    .is_some_and(|a| a.domain.is_none()))
            && !(only_media && st.media.is_empty())
    });
    w.drop_hidden(&mut ids, v);
    status_page(&w, ids, &q, &s.base, "/api/v1/timelines/public", v)
}

async fn timeline_tag(
    State(s): State<AppState>,
    headers: HeaderMap,
    Path(tag): Path<String>,
    Query(q): Q,
) -> Response {
    let w = s.world();
    let v = match viewer(&headers, &w) {
        Ok(v) => v,
        Err(r) => return r,
    };
    let tag = tag.to_lowercase();
    let local = truthy(&q, "local");
    let ids =
        w.select(|st| w.in_public(st, local) && st.tags.contains(&tag) && !w.hidden_from(st, v));
    status_page(
        &w,
        ids,
        &q,
        &s.base,
        &format!("/api/v1/timelines/tag/{tag}"),
        v,
    )
}

async fn timeline_list(
    State(s): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Query(q): Q,
) -> Response {
    let w = s.world();
    let me = match require_user(&headers, &w) {
        Ok(m) => m,
        Err(r) => return r,
    };
    let Some(list) = parse_id(&id)
        .and_then(|i| w.lists.get(&i))
        .filter(|l| l.owner == me)
    else {
        return not_found_now();
    };
    let members = list.members.clone();
    let lid = list.id;
    let ids = w.select(|st| {
        members.contains(&st.account) && w.visible_to(st, Some(me)) && !w.hidden_from(st, Some(me))
    });
    status_page(
        &w,
        ids,
        &q,
        &s.base,
        &format!("/api/v1/timelines/list/{lid}"),
        Some(me),
    )
}

async fn get_status(
    State(s): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    let w = s.world();
    let v = match viewer(&headers, &w) {
        Ok(v) => v,
        Err(r) => return r,
    };
    match parse_id(&id)
        .and_then(|i| w.statuses.get(&i))
        .filter(|st| w.visible_to(st, v))
    {
        Some(st) => Json(json::status(&w, st.id, v)).into_response(),
        None => not_found_now(),
    }
}

async fn status_context(
    State(s): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    let w = s.world();
    let v = match viewer(&headers, &w) {
        Ok(v) => v,
        Err(r) => return r,
    };
    let Some(st) = parse_id(&id)
        .and_then(|i| w.statuses.get(&i))
        .filter(|st| w.visible_to(st, v))
    else {
        return not_found_now();
    };
    let mut ancestors = Vec::new();
    let mut cur = st.in_reply_to;
    // Bounded walk: a cycle in the data must not hang the server.
    while let Some(p) = cur.and_then(|p| w.statuses.get(&p)) {
        if ancestors.len() > 1000 {
            break;
        }
        if w.visible_to(p, v) {
            ancestors.push(p.id);
        }
        cur = p.in_reply_to;
    }
    ancestors.reverse();
    // Descendants in depth-first order, as Mastodon returns them.
    let mut descendants = Vec::new();
    let mut stack = vec![st.id];
    while let Some(parent) = stack.pop() {
        if descendants.len() > 4000 {
            break;
        }
        let mut kids: Vec<Id> = w
            .statuses
            .values()
            .filter(|c| c.in_reply_to == Some(parent) && w.visible_to(c, v))
            .map(|c| c.id)
            .collect();
        kids.sort_unstable();
        for k in kids.iter().rev() {
            stack.push(*k);
        }
        if parent != st.id {
            descendants.push(parent);
        }
    }
    Json(serde_json::json!({
        "ancestors": ancestors.iter().map(|i| json::status(&w, *i, v)).collect::<Vec<_>>(),
        "descendants": descendants.iter().map(|i| json::status(&w, *i, v)).collect::<Vec<_>>(),
    }))
    .into_response()
}

/// Accepts both JSON and form bodies, as Mastodon does.
pub(crate) fn parse_body(headers: &HeaderMap, body: &[u8]) -> Result<Value, Response> {
    let ct = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if body.is_empty() {
        return Ok(Value::Object(Default::default()));
    }
    if ct.starts_with("application/json") {
        return serde_json::from_slice(body)
            .map_err(|_| error(StatusCode::BAD_REQUEST, "Error while parsing request body"));
    }
    // Multipart: the text parts, as a form's (files are read by the routes
    // that take them).
    if ct.starts_with("multipart/form-data") {
        let Some(parts) = super::compose::parse_multipart(ct, body) else {
            return Err(error(
                StatusCode::BAD_REQUEST,
                "Error while parsing request body",
            ));
        };
        let mut map = serde_json::Map::new();
        for p in parts.iter().filter(|p| p.file_name.is_none()) {
            insert_param(
                &mut map,
                &p.name,
                String::from_utf8_lossy(&p.data).into_owned(),
            );
        }
        return Ok(Value::Object(map));
    }
    // Form: repeated `key[]` become arrays, `poll[options][]` and
    // `fields_attributes[0][name]` nest.
    let mut map = serde_json::Map::new();
    for (k, v) in url::form_urlencoded::parse(body) {
        insert_param(&mut map, &k, v.into_owned());
    }
    Ok(Value::Object(map))
}

/// Puts one form parameter into `map`: `a[b][c]=v` as `{"a":{"b":{"c":v}}}`,
/// `a[b][]=v` appended to the array `a.b`.
fn insert_param(map: &mut serde_json::Map<String, Value>, key: &str, v: String) {
    let (base, array) = match key.strip_suffix("[]") {
        Some(b) => (b, true),
        None => (key, false),
    };
    let mut segs: Vec<String> = Vec::new();
    match base.split_once('[') {
        Some((outer, rest)) => {
            segs.push(outer.to_string());
            segs.extend(rest.trim_end_matches(']').split("][").map(str::to_string));
        }
        None => segs.push(base.to_string()),
    }
    let Some((last, parents)) = segs.split_last() else {
        return;
    };
    let mut cur = map;
    for p in parents {
        let slot = cur
            .entry(p.clone())
            .or_insert_with(|| Value::Object(Default::default()));
        if !slot.is_object() {
            *slot = Value::Object(Default::default());
        }
        let Some(next) = slot.as_object_mut() else {
            return;
        };
        cur = next;
    }
    if array {
        let slot = cur
            .entry(last.clone())
            .or_insert_with(|| Value::Array(vec![]));
        if let Value::Array(a) = slot {
            a.push(Value::String(v));
        }
    } else {
        cur.insert(last.clone(), Value::String(v));
    }
}

pub(crate) fn as_bool(v: Option<&Value>) -> bool {
    match v {
        Some(Value::Bool(b)) => *b,
        Some(Value::String(s)) => s == "true" || s == "1",
        _ => false,
    }
}

pub(crate) fn as_str(v: Option<&Value>) -> Option<String> {
    match v {
        Some(Value::String(s)) => Some(s.clone()),
        Some(Value::Number(n)) => Some(n.to_string()),
        _ => None,
    }
}

async fn delete_status(
    State(s): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    let mut w = s.world();
    let me = match require_user(&headers, &w) {
        Ok(m) => m,
        Err(r) => return r,
    };
    let Some(st) = parse_id(&id)
        .and_then(|i| w.statuses.get(&i))
        .filter(|st| st.account == me)
    else {
        return not_found_now();
    };
    let sid = st.id;
    let mut body = json::status(&w, sid, Some(me));
    body["text"] = Value::String(st.text.clone());
    w.statuses.remove(&sid);
    streaming::publish_delete(&s, sid);
    Json(body).into_response()
}

async fn webfinger(State(s): State<AppState>, Query(q): Q) -> Response {
    let w = s.world();
    let resource = q.get("resource").cloned().unwrap_or_default();
    let acct = resource.trim_start_matches("acct:");
    let found = w
        .account_by_acct(acct)
        .filter(|id| w.accounts.get(id).is_some_and(|a| a.domain.is_none()));
    match found {
        Some(id) => {
            let a = &w.accounts[&id];
            let href = format!("{}/users/{}", w.base, a.username);
            let mut r = Json(serde_json::json!({
                "subject": format!("acct:{}@{}", a.username, w.domain),
                "aliases": [format!("{}/@{}", w.base, a.username), href],
                "links": [
                    {"rel": "http://webfinger.net/rel/profile-page", "type": "text/html", "href": format!("{}/@{}", w.base, a.username)},
                    {"rel": "self", "type": "application/activity+json", "href": href},
                ]
            }))
            .into_response();
            r.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/jrd+json; charset=utf-8"),
            );
            r
        }
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

async fn system_file(State(s): State<AppState>, Path(path): Path<String>) -> Response {
    // Avatars and headers uploaded through update_credentials are served
    // as they came; every other image is generated: media, avatars,
    // headers, emoji.
    let (w, h, color) = {
        let world = s.world();
        if let Some(img) = world.social.profiles.file(&path) {
            return (
                [
                    (header::CONTENT_TYPE, img.mime.clone()),
                    (header::CACHE_CONTROL, "public, max-age=3600".to_string()),
                ],
                img.data.as_ref().clone(),
            )
                .into_response();
        }
        let id = path
            .split('/')
            .find_map(|seg| seg.trim_end_matches(".png").parse::<Id>().ok());
        let media = id.and_then(|i| world.media.get(&i));
        let small = path.ends_with("small.png");
        match media {
            Some(m) if small => (
                m.width.min(320),
                (m.height * m.width.min(320)) / m.width.max(1),
                m.color,
            ),
            Some(m) => (m.width.min(1024), m.height.min(1024), m.color),
            None => {
                let seed = path
                    .bytes()
                    .fold(7u32, |a, b| a.wrapping_mul(31).wrapping_add(u32::from(b)));
                (
                    64,
                    64,
                    (
                        (seed & 0xff) as u8,
                        ((seed >> 8) & 0xff) as u8,
                        ((seed >> 16) & 0xff) as u8,
                    ),
                )
            }
        }
    };
    let png = super::png::pattern_png(w, h, color);
    (
        [
            (header::CONTENT_TYPE, "image/png"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        png,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn form(ct: &str, body: &[u8]) -> Value {
        let mut h = HeaderMap::new();
        h.insert(header::CONTENT_TYPE, ct.parse().unwrap());
        parse_body(&h, body).unwrap()
    }

    #[test]
    fn form_keys_nest_at_any_depth() {
        let v = form(
            "application/x-www-form-urlencoded",
            b"a=1&poll[options][]=x&poll[options][]=y&fields_attributes[0][name]=N&fields_attributes[0][value]=V&source[privacy]=private&ids[]=3",
        );
        assert_eq!(
            v,
            serde_json::json!({
                "a": "1",
                "poll": {"options": ["x", "y"]},
                "fields_attributes": {"0": {"name": "N", "value": "V"}},
                "source": {"privacy": "private"},
                "ids": ["3"],
            })
        );
    }

    #[test]
    fn multipart_text_parts_are_parameters_and_files_are_not() {
        let body = b"--XX\r\nContent-Disposition: form-data; name=\"source[language]\"\r\n\r\nfr\r\n--XX\r\nContent-Disposition: form-data; name=\"avatar\"; filename=\"a.png\"\r\nContent-Type: image/png\r\n\r\nPNGDATA\r\n--XX--\r\n";
        let v = form("multipart/form-data; boundary=XX", body);
        assert_eq!(v, serde_json::json!({"source": {"language": "fr"}}));
    }
}
