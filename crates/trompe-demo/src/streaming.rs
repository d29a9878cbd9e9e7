//! The streaming websocket (`/api/v1/streaming`): multiplexed `subscribe` /
//! `unsubscribe` messages over one socket, plus `?stream=` at connect time;
//! the token from `Sec-WebSocket-Protocol`, `access_token` or `Authorization`.
//! Also the server-sent-events endpoints (`/api/v1/streaming/user`,
//! `/public`, `/hashtag?tag=`, …) that Mastodon.py and other clients read
//! over plain HTTP, one stream per request.

use std::collections::{HashMap, HashSet};

use axum::Router;
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::{OriginalUri, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::sse::{Event as SseEvent, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde_json::{Value, json};
use tokio::sync::broadcast::error::RecvError;

use super::faults::DropKind;
#[cfg(feature = "faults")]
use super::faults::StreamingFault;
use super::routes::{AppState, error};
use super::world::{Id, World};
use super::{Shared, StreamEvent, json};

/// A stream name as a subscriber holds it: `user`, `public:local`, `hashtag:rust`, `list:7`.
fn stream_key(stream: &[String]) -> String {
    stream.join(":")
}

/// Parses a subscribe/unsubscribe message (or the `?stream=` query) into a key.
fn key_from(stream: &str, tag: Option<&str>, list: Option<&str>) -> Option<String> {
    match stream {
        "user" | "user:notification" | "public" | "public:local" | "public:remote"
        | "public:media" | "public:local:media" | "direct" => Some(stream.to_string()),
        "hashtag" | "hashtag:local" => tag.map(|t| format!("{stream}:{}", t.to_lowercase())),
        "list" => list.map(|l| format!("list:{l}")),
        _ => None,
    }
}

pub(crate) async fn handler(
    State(s): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<HashMap<String, String>>,
    ws: Result<WebSocketUpgrade, axum::extract::ws::rejection::WebSocketUpgradeRejection>,
) -> Response {
    #[cfg(feature = "faults")]
    if let Some(StreamingFault::RefuseHandshake(code)) = s.faults.take_streaming() {
        let code = StatusCode::from_u16(code).unwrap_or(StatusCode::NOT_FOUND);
        return error(code, "Streaming refused (injected fault)");
    }
    // GoToSocial's teapot: no User-Agent, no stream.
    if s.require_user_agent
        && headers
            .get("user-agent")
            .and_then(|v| v.to_str().ok())
            .is_none_or(|v| v.trim().is_empty())
    {
        return error(StatusCode::IM_A_TEAPOT, "I'm a teapot: send a User-Agent");
    }
    let protocol = headers
        .get("sec-websocket-protocol")
        .and_then(|v| v.to_str().ok())
        .map(|v| v.split(',').next().unwrap_or("").trim().to_string())
        .filter(|v| !v.is_empty());
    let bearer = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::to_string);
    let token = protocol
        .clone()
        .or(bearer)
        .or_else(|| q.get("access_token").cloned());
    let account = {
        let w = s.world();
        match token.as_deref().and_then(|t| w.token_account(t)) {
            Some(t) => t.account,
            None => return error(StatusCode::UNAUTHORIZED, "Error: Missing access token"),
        }
    };
    let Ok(ws) = ws else {
        return error(StatusCode::BAD_REQUEST, "Expected a websocket upgrade");
    };
    let mut initial = HashSet::new();
    if let Some(st) = q.get("stream") {
        match key_from(
            st,
            q.get("tag").map(String::as_str),
            q.get("list").map(String::as_str),
        ) {
            Some(k) => {
                initial.insert(k);
            }
            None => return error(StatusCode::BAD_REQUEST, "Unknown stream type"),
        }
    }
    let ws = match protocol {
        Some(p) => ws.protocols([p]),
        None => ws,
    };
    ws.on_upgrade(move |socket| run(s, socket, account, initial))
        .into_response()
}

/// The server-sent-events routes, one per stream.
pub(crate) fn sse_routes() -> Router<AppState> {
    let mut r = Router::new();
    for path in [
        "/api/v1/streaming/user",
        "/api/v1/streaming/user/notification",
        "/api/v1/streaming/public",
        "/api/v1/streaming/public/local",
        "/api/v1/streaming/public/remote",
        "/api/v1/streaming/hashtag",
        "/api/v1/streaming/hashtag/local",
        "/api/v1/streaming/list",
        "/api/v1/streaming/direct",
    ] {
        r = r.route(path, get(sse));
    }
    r
}

/// How often an idle event stream sends a comment, so proxies and clients
/// know it is alive (Mastodon sends `:thump`).
const SSE_HEARTBEAT: std::time::Duration = std::time::Duration::from_secs(15);

/// One stream over server-sent events: `event: update` / `data: <json>`.
async fn sse(
    State(s): State<AppState>,
    OriginalUri(uri): OriginalUri,
    headers: HeaderMap,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let path = uri.path().trim_start_matches("/api/v1/streaming/");
    let local = q
        .get("local")
        .is_some_and(|v| matches!(v.as_str(), "1" | "true"));
    let name = match path {
        "user" => "user",
        "user/notification" => "user:notification",
        "public" if local => "public:local",
        "public" => "public",
        "public/local" => "public:local",
        "public/remote" => "public:remote",
        "hashtag" if local => "hashtag:local",
        "hashtag" => "hashtag",
        "hashtag/local" => "hashtag:local",
        "list" => "list",
        "direct" => "direct",
        _ => return error(StatusCode::NOT_FOUND, "Record not found"),
    };
    let Some(key) = key_from(
        name,
        q.get("tag").map(String::as_str),
        q.get("list").map(String::as_str),
    ) else {
        return error(StatusCode::BAD_REQUEST, "Unknown stream type");
    };
    let token = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::to_string)
        .or_else(|| q.get("access_token").cloned());
    let account = {
        let w = s.world();
        token
            .as_deref()
            .and_then(|t| w.token_account(t))
            .and_then(|t| t.account)
    };
    let personal = key.starts_with("user") || key.starts_with("list") || key == "direct";
    if personal && account.is_none() {
        return error(StatusCode::UNAUTHORIZED, "Error: Missing access token");
    }
    let rx = s.events.subscribe();
    // Mastodon greets with a comment at once, so a client knows the stream
    // is open before the first event or heartbeat.
    let hello = futures::stream::once(async {
        Ok::<_, std::convert::Infallible>(SseEvent::default().comment(")"))
    });
    let events = futures::stream::unfold((rx, key, account), |(mut rx, key, account)| async move {
        loop {
            match rx.recv().await {
                Ok(ev) => {
                    if ev.account.is_some() && ev.account != account {
                        continue;
                    }
                    if stream_key(&ev.stream) != key {
                        continue;
                    }
                    let item = SseEvent::default().event(ev.event).data(ev.payload);
                    return Some((Ok::<_, std::convert::Infallible>(item), (rx, key, account)));
                }
                Err(RecvError::Lagged(n)) => {
                    tracing::warn!("demo event-stream subscriber lagged by {n}");
                }
                Err(RecvError::Closed) => return None,
            }
        }
    });
    Sse::new(futures::StreamExt::chain(hello, events))
        .keep_alive(KeepAlive::new().interval(SSE_HEARTBEAT).text("thump"))
        .into_response()
}

async fn run(s: AppState, mut socket: WebSocket, account: Option<Id>, mut subs: HashSet<String>) {
    for k in &subs {
        s.count_subscription(k, true);
    }
    let mut events = s.events.subscribe();
    #[cfg(feature = "faults")]
    let mut drops = s.faults.subscribe_drops();
    // Without fault injection nothing ever drops a socket: a channel whose
    // sender lives as long as the loop and never sends.
    #[cfg(not(feature = "faults"))]
    let (_never, mut drops) = tokio::sync::broadcast::channel::<DropKind>(1);
    loop {
        tokio::select! {
            msg = socket.recv() => {
                let Some(Ok(msg)) = msg else { break };
                match msg {
                    Message::Text(t) => handle_client_message(&s, &mut socket, &mut subs, account, t.as_str()).await,
                    Message::Close(_) => break,
                    _ => {}
                }
            }
            ev = events.recv() => {
                match ev {
                    Ok(ev) => {
                        if ev.account.is_some() && ev.account != account {
                            continue;
                        }
                        let key = stream_key(&ev.stream);
                        if !subs.contains(&key) {
                            continue;
                        }
                        let msg = json!({"stream": ev.stream, "event": ev.event, "payload": ev.payload});
                        if socket.send(Message::Text(msg.to_string().into())).await.is_err() {
                            break;
                        }
                    }
                    Err(RecvError::Lagged(n)) => tracing::warn!("demo streaming subscriber lagged by {n}"),
                    Err(RecvError::Closed) => break,
                }
            }
            d = drops.recv() => {
                match d {
                    Ok(DropKind::Drop) | Err(RecvError::Closed) => break,
                    Ok(DropKind::UnknownEvent) => {
                        let msg = json!({"stream": ["user"], "event": "trompe.unknown_event", "payload": "{\"x\":1}"});
                        let _ = socket.send(Message::Text(msg.to_string().into())).await;
                    }
                    Ok(DropKind::CloseWith(code)) => {
                        let frame = axum::extract::ws::CloseFrame {
                            code,
                            reason: "injected fault".into(),
                        };
                        let _ = socket.send(Message::Close(Some(frame))).await;
                        break;
                    }
                    Ok(DropKind::Garbage) => {
                        for text in ["}{ not json", "[1, 2, 3]", "{\"event\": 7}", "{\"event\":\"update\",\"payload\":\"{broken\"}"] {
                            let _ = socket.send(Message::Text(text.into())).await;
                        }
                        let _ = socket.send(Message::Binary(vec![0u8, 159, 146, 150].into())).await;
                    }
                    Err(RecvError::Lagged(_)) => {}
                }
            }
        }
    }
    for k in &subs {
        s.count_subscription(k, false);
    }
    let _ = socket.send(Message::Close(None)).await;
}

async fn handle_client_message(
    s: &Shared,
    socket: &mut WebSocket,
    subs: &mut HashSet<String>,
    account: Option<Id>,
    text: &str,
) {
    let Ok(v) = serde_json::from_str::<Value>(text) else {
        let _ = socket
            .send(Message::Text(
                json!({"error": "Could not parse JSON", "status": 400})
                    .to_string()
                    .into(),
            ))
            .await;
        return;
    };
    let kind = v.get("type").and_then(Value::as_str).unwrap_or("");
    let stream = v.get("stream").and_then(Value::as_str).unwrap_or("");
    let key = key_from(
        stream,
        v.get("tag").and_then(Value::as_str),
        v.get("list").and_then(Value::as_str),
    );
    let Some(key) = key else {
        let _ = socket
            .send(Message::Text(
                json!({"error": "Unknown stream type", "status": 400})
                    .to_string()
                    .into(),
            ))
            .await;
        return;
    };
    if (key.starts_with("user") || key.starts_with("list") || key == "direct") && account.is_none()
    {
        let _ = socket
            .send(Message::Text(
                json!({"error": "Access token does not have the required scopes", "status": 401})
                    .to_string()
                    .into(),
            ))
            .await;
        return;
    }
    match kind {
        "subscribe" if subs.insert(key.clone()) => s.count_subscription(&key, true),
        "unsubscribe" if subs.remove(&key) => s.count_subscription(&key, false),
        _ => {}
    }
}

fn send(s: &Shared, stream: Vec<String>, account: Option<Id>, event: &str, payload: String) {
    // No subscribers is fine; the send error only means nobody listens.
    let _ = s.events.send(StreamEvent {
        stream,
        account,
        event: event.to_string(),
        payload,
    });
}

/// Streams an event only to `account`'s user stream (`filters_changed`, …).
pub(crate) fn publish_user_event(s: &Shared, account: Id, event: &str, payload: String) {
    send(s, vec!["user".into()], Some(account), event, payload);
}

/// Streams a new status to every stream it belongs to.
pub(crate) fn publish_status(s: &Shared, w: &World, id: Id) {
    publish_status_event(s, w, id, "update");
    // And by federation, to the author's remote followers.
    super::activitypub::deliver_status(s, w, id);
}

/// Streams an edited status (`status.update`).
pub(crate) fn publish_edit(s: &Shared, w: &World, id: Id) {
    publish_status_event(s, w, id, "status.update");
}

fn publish_status_event(s: &Shared, w: &World, id: Id, event: &str) {
    let Some(st) = w.statuses.get(&id) else {
        return;
    };
    let local_accounts: Vec<Id> = w
        .accounts
        .values()
        .filter(|a| a.domain.is_none())
        .map(|a| a.id)
        .collect();
    for &viewer in &local_accounts {
        // A direct message moves its conversation to the top, for everyone in it.
        if event == "update" && st.visibility == "direct" && w.visible_to(st, Some(viewer)) {
            if let Some(c) = super::social::statuses::conversation_of_status(w, viewer, id) {
                send(
                    s,
                    vec!["direct".into()],
                    Some(viewer),
                    "conversation",
                    c.to_string(),
                );
            }
        }
    }
    for viewer in local_accounts {
        if w.in_home_feed(st, viewer) {
            send(
                s,
                vec!["user".into()],
                Some(viewer),
                event,
                json::status(w, id, Some(viewer)).to_string(),
            );
        }
    }
    let public = json::status(w, id, None).to_string();
    if w.in_public(st, false) {
        send(s, vec!["public".into()], None, event, public.clone());
        let local = w.in_public(st, true);
        if local {
            send(s, vec!["public:local".into()], None, event, public.clone());
        } else {
            send(s, vec!["public:remote".into()], None, event, public.clone());
        }
        for t in &st.tags {
            send(
                s,
                vec!["hashtag".into(), t.clone()],
                None,
                event,
                public.clone(),
            );
            if local {
                send(
                    s,
                    vec!["hashtag:local".into(), t.clone()],
                    None,
                    event,
                    public.clone(),
                );
            }
        }
    }
    for l in w.lists.values() {
        if l.members.contains(&st.account) && w.visible_to(st, Some(l.owner)) {
            send(
                s,
                vec!["list".into(), l.id.to_string()],
                Some(l.owner),
                event,
                json::status(w, id, Some(l.owner)).to_string(),
            );
        }
    }
}

/// Streams a deletion to every stream.
pub(crate) fn publish_delete(s: &Shared, id: Id) {
    let w = id.to_string();
    for stream in [
        vec!["user".to_string()],
        vec!["public".into()],
        vec!["public:local".into()],
    ] {
        let _ = s.events.send(StreamEvent {
            stream,
            account: None,
            event: "delete".into(),
            payload: w.clone(),
        });
    }
}

/// Streams a notification to its recipient.
pub(crate) fn publish_notification(s: &Shared, w: &World, nid: Id) {
    if let Some(n) = w.notifications.get(&nid).filter(|n| {
        // What the notification policy holds back is not pushed either.
        super::social::requests::policy_action(w, n.to, n)
            == super::social::requests::PolicyAction::Accept
    }) {
        let payload = json::notification(w, n).to_string();
        send(
            s,
            vec!["user".into()],
            Some(n.to),
            "notification",
            payload.clone(),
        );
        send(
            s,
            vec!["user:notification".into()],
            Some(n.to),
            "notification",
            payload,
        );
    }
}
