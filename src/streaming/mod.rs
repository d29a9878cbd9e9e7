//! The streaming client: one websocket per account, multiplexed
//! subscriptions, ping/pong with a read timeout, and a supervised reconnect
//! loop with exponential backoff and jitter. It yields [`StreamMessage`]s on
//! a channel. It must not import ratatui or crossterm.

mod event;

use std::time::Duration;

use futures::{SinkExt, StreamExt};
use tokio::sync::{Notify, mpsc};
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::http::{HeaderValue, StatusCode};
use tokio_tungstenite::tungstenite::{Error as WsError, Message};
use url::Url;

pub use event::{StreamEvent, decode_message};

use crate::api::Client;

/// A stream to subscribe to.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Subscription {
    User,
    PublicLocal,
    Public,
    Hashtag(String),
    List(String),
}

impl Subscription {
    /// Parses trompe's stream names (`user`, `public:local`, `public`,
    /// `hashtag:tag`, `list:id`), as `TimelineKind::stream` gives them.
    pub fn from_name(name: &str) -> Option<Subscription> {
        match name {
            "user" => Some(Subscription::User),
            "public:local" => Some(Subscription::PublicLocal),
            "public" => Some(Subscription::Public),
            _ => {
                if let Some(t) = name.strip_prefix("hashtag:") {
                    Some(Subscription::Hashtag(t.to_string()))
                } else {
                    name.strip_prefix("list:")
                        .map(|l| Subscription::List(l.to_string()))
                }
            }
        }
    }

    /// The `subscribe` message for this stream.
    pub fn message(&self, kind: &str) -> String {
        let v = match self {
            Subscription::User => serde_json::json!({"type": kind, "stream": "user"}),
            Subscription::PublicLocal => {
                serde_json::json!({"type": kind, "stream": "public:local"})
            }
            Subscription::Public => serde_json::json!({"type": kind, "stream": "public"}),
            Subscription::Hashtag(t) => {
                serde_json::json!({"type": kind, "stream": "hashtag", "tag": t})
            }
            Subscription::List(l) => serde_json::json!({"type": kind, "stream": "list", "list": l}),
        };
        v.to_string()
    }
}

/// What the supervised stream reports.
#[derive(Debug, Clone)]
pub enum StreamMessage {
    /// Connected and subscribed.
    Connected,
    /// The connection was lost; the next attempt comes after a backoff.
    Reconnecting { attempt: u32 },
    /// Streaming is unavailable on this server; the caller should poll.
    Unavailable { reason: String },
    /// The token was rejected: stop.
    Unauthorized,
    /// An event.
    Event(StreamEvent),
}

/// How long without any frame before the connection counts as dead.
pub const READ_TIMEOUT: Duration = Duration::from_secs(60);
/// How often we ping.
pub const PING_EVERY: Duration = Duration::from_secs(20);
/// The longest backoff between attempts.
pub const MAX_BACKOFF: Duration = Duration::from_secs(60);

/// A change to the set of streams.
#[derive(Debug, Clone)]
enum SubCommand {
    Subscribe(Subscription),
    Unsubscribe(Subscription),
}

/// A handle on a running stream.
#[derive(Debug, Clone)]
pub struct StreamHandle {
    reconnect: std::sync::Arc<Notify>,
    stop: std::sync::Arc<Notify>,
    cmd: mpsc::UnboundedSender<SubCommand>,
}

impl StreamHandle {
    /// Adds a stream (a tab opened); kept across reconnects.
    pub fn subscribe(&self, sub: Subscription) {
        let _ = self.cmd.send(SubCommand::Subscribe(sub));
    }
    /// Removes a stream (a tab closed).
    pub fn unsubscribe(&self, sub: Subscription) {
        let _ = self.cmd.send(SubCommand::Unsubscribe(sub));
    }
    /// Skip the backoff and reconnect now (user refresh, focus regained).
    pub fn reconnect_now(&self) {
        self.reconnect.notify_one();
    }
    /// Stop the stream.
    pub fn stop(&self) {
        self.stop.notify_one();
    }
}

/// The websocket URL for `base` (the instance's streaming URL or API host).
pub fn streaming_url(base: &Url) -> Url {
    let mut u = base.clone();
    let scheme = match u.scheme() {
        "https" | "wss" => "wss",
        _ => "ws",
    };
    let _ = u.set_scheme(scheme);
    let path = format!("{}/api/v1/streaming", u.path().trim_end_matches('/'));
    u.set_path(&path);
    u.set_query(None);
    u
}

/// Exponential backoff with jitter, capped at [`MAX_BACKOFF`].
pub fn backoff(attempt: u32) -> Duration {
    use rand::Rng;
    let base = 500u64.saturating_mul(1u64 << attempt.min(10));
    let capped = base.min(MAX_BACKOFF.as_millis() as u64);
    let jitter = rand::rng().random_range(0..=capped / 4 + 1);
    Duration::from_millis((capped * 3 / 4 + jitter).min(MAX_BACKOFF.as_millis() as u64))
}

enum Outcome {
    /// Lost after having been connected (reset the backoff).
    Lost,
    /// Could not connect.
    Failed,
    Unauthorized,
    /// The handshake was refused with a status that retrying won't fix.
    Refused(u16),
    Stopped,
}

/// Starts the supervised stream for `client`, subscribed to `subs`. The
/// streaming URL comes from the instance information when `streaming_base`
/// is `None` (falling back to the API host).
pub fn spawn(
    client: Client,
    streaming_base: Option<Url>,
    subs: Vec<Subscription>,
    tx: mpsc::UnboundedSender<StreamMessage>,
) -> StreamHandle {
    let (cmd, mut cmd_rx) = mpsc::unbounded_channel();
    let handle = StreamHandle {
        reconnect: Default::default(),
        stop: Default::default(),
        cmd,
    };
    let h = handle.clone();
    let mut subs = subs;
    tokio::spawn(async move {
        let base = match streaming_base {
            Some(b) => b,
            None => match client.instance().await {
                Ok(i) => i
                    .streaming_url()
                    .and_then(|u| Url::parse(u).ok())
                    .unwrap_or_else(|| client.base().clone()),
                Err(_) => client.base().clone(),
            },
        };
        let url = streaming_url(&base);
        let mut attempt: u32 = 0;
        let mut token_in_query = false;
        loop {
            let outcome = tokio::select! {
                o = connect_once(&client, &url, &mut subs, &mut cmd_rx, token_in_query, &tx, &h) => o,
                _ = h.stop.notified() => Outcome::Stopped,
            };
            match outcome {
                Outcome::Stopped => break,
                Outcome::Unauthorized => {
                    let _ = tx.send(StreamMessage::Unauthorized);
                    break;
                }
                Outcome::Refused(code) => {
                    if !token_in_query && code == 400 {
                        // Some servers only take the token as a query parameter.
                        token_in_query = true;
                        continue;
                    }
                    let _ = tx.send(StreamMessage::Unavailable {
                        reason: format!("the server refused the websocket ({code})"),
                    });
                    break;
                }
                Outcome::Lost => attempt = 1,
                Outcome::Failed => attempt = attempt.saturating_add(1),
            }
            if tx.is_closed() {
                break;
            }
            let _ = tx.send(StreamMessage::Reconnecting { attempt });
            let wait = backoff(attempt.saturating_sub(1));
            tracing::info!(attempt, ?wait, "stream reconnecting");
            tokio::select! {
                _ = tokio::time::sleep(wait) => {}
                _ = h.reconnect.notified() => {}
                _ = h.stop.notified() => break,
            }
        }
    });
    handle
}

async fn connect_once(
    client: &Client,
    url: &Url,
    subs: &mut Vec<Subscription>,
    cmd_rx: &mut mpsc::UnboundedReceiver<SubCommand>,
    token_in_query: bool,
    tx: &mpsc::UnboundedSender<StreamMessage>,
    h: &StreamHandle,
) -> Outcome {
    let mut url = url.clone();
    let token = client.token().map(|t| t.secret().to_string());
    if token_in_query {
        if let Some(t) = &token {
            url.query_pairs_mut().append_pair("access_token", t);
        }
        if let Some(first) = subs.first() {
            let (stream, extra) = match first {
                Subscription::User => ("user", None),
                Subscription::PublicLocal => ("public:local", None),
                Subscription::Public => ("public", None),
                Subscription::Hashtag(t) => ("hashtag", Some(("tag", t.as_str()))),
                Subscription::List(l) => ("list", Some(("list", l.as_str()))),
            };
            url.query_pairs_mut().append_pair("stream", stream);
            if let Some((k, v)) = extra {
                url.query_pairs_mut().append_pair(k, v);
            }
        }
    }
    let Ok(mut req) = url.as_str().into_client_request() else {
        return Outcome::Refused(0);
    };
    if !token_in_query {
        if let Some(t) = token.as_deref().and_then(|t| HeaderValue::from_str(t).ok()) {
            req.headers_mut().insert("Sec-WebSocket-Protocol", t);
        }
    }
    let connect = tokio::time::timeout(
        Duration::from_secs(15),
        tokio_tungstenite::connect_async(req),
    );
    let ws = match connect.await {
        Err(_) => return Outcome::Failed,
        Ok(Ok((ws, _))) => ws,
        Ok(Err(WsError::Http(resp))) => {
            let code = resp.status();
            tracing::warn!(status = code.as_u16(), "stream handshake refused");
            return if code == StatusCode::UNAUTHORIZED {
                Outcome::Unauthorized
            } else if code.is_client_error() {
                Outcome::Refused(code.as_u16())
            } else {
                Outcome::Failed
            };
        }
        Ok(Err(e)) => {
            tracing::warn!("stream connect failed: {e}");
            return Outcome::Failed;
        }
    };
    let (mut sink, mut stream) = ws.split();
    // Changes made while disconnected.
    while let Ok(c) = cmd_rx.try_recv() {
        apply(subs, &c);
    }
    let to_send: Vec<Subscription> = if token_in_query {
        subs.iter().skip(1).cloned().collect()
    } else {
        subs.clone()
    };
    for s in &to_send {
        if sink
            .send(Message::Text(s.message("subscribe").into()))
            .await
            .is_err()
        {
            return Outcome::Failed;
        }
    }
    let _ = tx.send(StreamMessage::Connected);
    let mut ping = tokio::time::interval(PING_EVERY);
    ping.tick().await;
    loop {
        tokio::select! {
            msg = tokio::time::timeout(READ_TIMEOUT, stream.next()) => {
                match msg {
                    Err(_) => {
                        tracing::warn!("stream read timeout");
                        return Outcome::Lost;
                    }
                    Ok(None) | Ok(Some(Err(_))) => return Outcome::Lost,
                    Ok(Some(Ok(Message::Text(t)))) => {
                        match decode_message(t.as_str()) {
                            Ok(ev) => {
                                if tx.send(StreamMessage::Event(ev)).is_err() {
                                    return Outcome::Stopped;
                                }
                            }
                            Err(e) => tracing::warn!("ignoring stream message: {e}"),
                        }
                    }
                    Ok(Some(Ok(Message::Close(_)))) => return Outcome::Lost,
                    Ok(Some(Ok(_))) => {}
                }
            }
            _ = ping.tick() => {
                if sink.send(Message::Ping(Vec::new().into())).await.is_err() {
                    return Outcome::Lost;
                }
            }
            _ = h.reconnect.notified() => return Outcome::Lost,
            Some(c) = cmd_rx.recv() => {
                let (kind, sub) = match &c {
                    SubCommand::Subscribe(s) => ("subscribe", s.clone()),
                    SubCommand::Unsubscribe(s) => ("unsubscribe", s.clone()),
                };
                let changed = apply(subs, &c);
                if changed && sink.send(Message::Text(sub.message(kind).into())).await.is_err() {
                    return Outcome::Lost;
                }
            }
        }
    }
}

/// Applies a change to the set; true when it changed.
fn apply(subs: &mut Vec<Subscription>, c: &SubCommand) -> bool {
    match c {
        SubCommand::Subscribe(s) => {
            if subs.contains(s) {
                false
            } else {
                subs.push(s.clone());
                true
            }
        }
        SubCommand::Unsubscribe(s) => {
            let before = subs.len();
            subs.retain(|x| x != s);
            subs.len() != before
        }
    }
}
