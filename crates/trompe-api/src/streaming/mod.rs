//! The streaming client: one websocket per account, multiplexed
//! subscriptions, ping/pong with a read timeout, and a supervised reconnect
//! loop with exponential backoff and jitter. It yields [`StreamMessage`]s on
//! a channel. It must not import ratatui or crossterm.
//!
//! Servers differ in how they take the token and the streams: Mastodon reads
//! the token from `Sec-WebSocket-Protocol` and multiplexes `subscribe`
//! messages; others (older Mastodon, mastodon-mock, some implementations)
//! take the token only as `?access_token=` and one stream per socket with
//! `?stream=`. The first is tried first; a handshake refused with 400, 401 or
//! 403, or an upgrade that ignores the subprotocol, switches to the second
//! (one socket per stream) for the life of the stream.

mod event;

use std::time::Duration;

use futures::{SinkExt, StreamExt};
use tokio::sync::{Notify, mpsc};
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::error::ProtocolError;
use tokio_tungstenite::tungstenite::http::{HeaderValue, StatusCode};
use tokio_tungstenite::tungstenite::{Error as WsError, Message};
use url::Url;

pub use event::{StreamEvent, decode_message};

use crate::Client;

/// A stream to subscribe to.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Subscription {
    User,
    PublicLocal,
    Public,
    Hashtag(String),
    List(String),
    /// Direct messages: `conversation` events.
    Direct,
}

impl Subscription {
    /// Parses trompe's stream names (`user`, `public:local`, `public`,
    /// `hashtag:tag`, `list:id`), as `TimelineKind::stream` gives them.
    pub fn from_name(name: &str) -> Option<Subscription> {
        match name {
            "user" => Some(Subscription::User),
            "public:local" => Some(Subscription::PublicLocal),
            "public" => Some(Subscription::Public),
            "direct" => Some(Subscription::Direct),
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

    /// trompe's name for this stream (the inverse of [`Subscription::from_name`]).
    pub fn name(&self) -> String {
        match self {
            Subscription::User => "user".into(),
            Subscription::PublicLocal => "public:local".into(),
            Subscription::Public => "public".into(),
            Subscription::Hashtag(t) => format!("hashtag:{t}"),
            Subscription::List(l) => format!("list:{l}"),
            Subscription::Direct => "direct".into(),
        }
    }

    /// The `?stream=` (and `tag` / `list`) query pairs that choose this
    /// stream at connect time, for servers that take one stream per socket.
    fn query_pairs(&self) -> Vec<(&'static str, String)> {
        match self {
            Subscription::User => vec![("stream", "user".into())],
            Subscription::PublicLocal => vec![("stream", "public:local".into())],
            Subscription::Public => vec![("stream", "public".into())],
            Subscription::Hashtag(t) => vec![("stream", "hashtag".into()), ("tag", t.clone())],
            Subscription::List(l) => vec![("stream", "list".into()), ("list", l.clone())],
            Subscription::Direct => vec![("stream", "direct".into())],
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
            Subscription::Direct => serde_json::json!({"type": kind, "stream": "direct"}),
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
    /// The handshake answered 401.
    Unauthorized,
    /// The handshake was refused with a status that retrying won't fix
    /// (0 when the server ignored the token subprotocol).
    Refused(u16),
    /// The set of streams changed while one-stream-per-socket: reconnect now.
    Resubscribe,
    Stopped,
}

/// How the token and the streams reach the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Mastodon's way: the token in `Sec-WebSocket-Protocol`, every stream
    /// multiplexed over one socket with `subscribe` messages.
    Multiplexed,
    /// The fallback for servers that take the token only as `?access_token=`
    /// and one stream per socket, chosen by `?stream=`: one socket per stream.
    PerStream,
}

/// The most sockets opened at once in [`Mode::PerStream`] (one per stream).
pub const MAX_SOCKETS: usize = 16;

/// The handshake failure that made the server accept neither way yet.
const SUBPROTOCOL_IGNORED: u16 = 0;

/// Should a handshake refused with `code` in [`Mode::Multiplexed`] be retried
/// in [`Mode::PerStream`]? 400 and 403 are how servers refuse a socket without
/// `?stream=`; 401 is how they refuse a token they did not look for in the
/// header; [`SUBPROTOCOL_IGNORED`] is a server that accepted without reading
/// `Sec-WebSocket-Protocol`.
fn falls_back(code: u16) -> bool {
    matches!(code, SUBPROTOCOL_IGNORED | 400 | 401 | 403)
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
            None => match client.instance_cached().await {
                Ok(i) => i
                    .streaming_url()
                    .and_then(|u| Url::parse(u).ok())
                    .unwrap_or_else(|| client.base().clone()),
                Err(_) => client.base().clone(),
            },
        };
        let url = streaming_url(&base);
        let mut attempt: u32 = 0;
        let mut mode = Mode::Multiplexed;
        loop {
            let outcome = tokio::select! {
                o = connect_once(&client, &url, &mut subs, &mut cmd_rx, mode, &tx, &h) => o,
                _ = h.stop.notified() => Outcome::Stopped,
            };
            match outcome {
                Outcome::Stopped => break,
                Outcome::Resubscribe => continue,
                Outcome::Unauthorized if mode == Mode::Multiplexed => {
                    tracing::info!("stream: token refused in the header; trying ?access_token=");
                    mode = Mode::PerStream;
                    continue;
                }
                Outcome::Unauthorized => {
                    let _ = tx.send(StreamMessage::Unauthorized);
                    break;
                }
                Outcome::Refused(code) => {
                    if mode == Mode::Multiplexed && falls_back(code) {
                        // Some servers only take the token as a query parameter,
                        // and one stream per socket.
                        tracing::info!(code, "stream: falling back to one socket per stream");
                        mode = Mode::PerStream;
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

type Socket =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// Opens one socket: the token in the header (`sub` is `None`), or the token
/// and the stream in the query.
async fn open(
    url: &Url,
    token: Option<&str>,
    sub: Option<&Subscription>,
) -> Result<Socket, Outcome> {
    let mut url = url.clone();
    if let Some(sub) = sub {
        let mut q = url.query_pairs_mut();
        if let Some(t) = token {
            q.append_pair("access_token", t);
        }
        for (k, v) in sub.query_pairs() {
            q.append_pair(k, &v);
        }
    }
    let Ok(mut req) = url.as_str().into_client_request() else {
        return Err(Outcome::Refused(SUBPROTOCOL_IGNORED));
    };
    req.headers_mut().insert(
        "User-Agent",
        HeaderValue::from_static(crate::client::USER_AGENT),
    );
    if sub.is_none() {
        if let Some(t) = token.and_then(|t| HeaderValue::from_str(t).ok()) {
            req.headers_mut().insert("Sec-WebSocket-Protocol", t);
        }
    }
    let connect = tokio::time::timeout(
        Duration::from_secs(15),
        tokio_tungstenite::connect_async(req),
    );
    match connect.await {
        Err(_) => Err(Outcome::Failed),
        Ok(Ok((ws, _))) => Ok(ws),
        Ok(Err(WsError::Http(resp))) => {
            let code = resp.status();
            tracing::warn!(status = code.as_u16(), "stream handshake refused");
            Err(if code == StatusCode::UNAUTHORIZED {
                Outcome::Unauthorized
            } else if code.is_client_error() {
                Outcome::Refused(code.as_u16())
            } else {
                Outcome::Failed
            })
        }
        Ok(Err(WsError::Protocol(ProtocolError::SecWebSocketSubProtocolError(e)))) => {
            // The server upgraded without echoing the token subprotocol: it
            // did not read the token there.
            tracing::warn!("stream handshake ignored the token subprotocol: {e}");
            Err(Outcome::Refused(SUBPROTOCOL_IGNORED))
        }
        Ok(Err(e)) => {
            tracing::warn!("stream connect failed: {e}");
            Err(Outcome::Failed)
        }
    }
}

/// One frame from one of the sockets, or `None` when that socket ended.
type Frame = (usize, Option<Result<Message, WsError>>);

async fn connect_once(
    client: &Client,
    url: &Url,
    subs: &mut Vec<Subscription>,
    cmd_rx: &mut mpsc::UnboundedReceiver<SubCommand>,
    mode: Mode,
    tx: &mpsc::UnboundedSender<StreamMessage>,
    h: &StreamHandle,
) -> Outcome {
    // Changes made while disconnected.
    while let Ok(c) = cmd_rx.try_recv() {
        apply(subs, &c);
    }
    let token = client.token().map(|t| t.secret().to_string());
    let mut sockets = Vec::new();
    match mode {
        Mode::Multiplexed => match open(url, token.as_deref(), None).await {
            Ok(ws) => sockets.push(ws),
            Err(o) => return o,
        },
        Mode::PerStream => {
            if subs.is_empty() {
                // Nothing to open a socket for: wait for a stream to be wanted.
                tokio::select! {
                    Some(c) = cmd_rx.recv() => { apply(subs, &c); }
                    _ = h.reconnect.notified() => {}
                    _ = tokio::time::sleep(MAX_BACKOFF) => {}
                }
                return if tx.is_closed() {
                    Outcome::Stopped
                } else {
                    Outcome::Resubscribe
                };
            }
            if subs.len() > MAX_SOCKETS {
                tracing::warn!(
                    streams = subs.len(),
                    "stream: too many streams for one socket each; streaming the first {MAX_SOCKETS}"
                );
            }
            for sub in subs.iter().take(MAX_SOCKETS) {
                match open(url, token.as_deref(), Some(sub)).await {
                    Ok(ws) => sockets.push(ws),
                    Err(o) => return o,
                }
            }
        }
    }
    let mut sinks = Vec::with_capacity(sockets.len());
    let mut reads = Vec::with_capacity(sockets.len());
    for (i, ws) in sockets.into_iter().enumerate() {
        let (sink, stream) = ws.split();
        sinks.push(sink);
        let tagged = stream
            .map(move |m| (i, Some(m)))
            .chain(futures::stream::once(async move { (i, None) }));
        reads.push(tagged.boxed());
    }
    let mut frames = futures::stream::select_all(reads);
    if mode == Mode::Multiplexed {
        if let Some(sink) = sinks.first_mut() {
            for s in subs.iter() {
                if sink
                    .send(Message::Text(s.message("subscribe").into()))
                    .await
                    .is_err()
                {
                    return Outcome::Failed;
                }
            }
        }
    }
    // In one-stream-per-socket mode the socket says which stream an event is
    // for (some servers name hashtag and list streams without the tag or id).
    let per_socket: Vec<String> = subs.iter().map(Subscription::name).collect();
    let _ = tx.send(StreamMessage::Connected);
    let mut ping = tokio::time::interval(PING_EVERY);
    ping.tick().await;
    loop {
        tokio::select! {
            msg = tokio::time::timeout(READ_TIMEOUT, frames.next()) => {
                let frame: Frame = match msg {
                    Err(_) => {
                        tracing::warn!("stream read timeout");
                        return Outcome::Lost;
                    }
                    Ok(None) => return Outcome::Lost,
                    Ok(Some(f)) => f,
                };
                match frame {
                    (_, None) | (_, Some(Err(_))) | (_, Some(Ok(Message::Close(_)))) => return Outcome::Lost,
                    (i, Some(Ok(Message::Text(t)))) => {
                        match decode_message(t.as_str()) {
                            Ok(mut ev) => {
                                if mode == Mode::PerStream {
                                    if let Some(name) = per_socket.get(i) {
                                        ev.set_stream(name);
                                    }
                                }
                                if tx.send(StreamMessage::Event(ev)).is_err() {
                                    return Outcome::Stopped;
                                }
                            }
                            Err(e) => tracing::warn!("ignoring stream message: {e}"),
                        }
                    }
                    (_, Some(Ok(_))) => {}
                }
            }
            _ = ping.tick() => {
                for sink in sinks.iter_mut() {
                    if sink.send(Message::Ping(Vec::new().into())).await.is_err() {
                        return Outcome::Lost;
                    }
                }
            }
            _ = h.reconnect.notified() => return Outcome::Lost,
            Some(c) = cmd_rx.recv() => {
                let (kind, sub) = match &c {
                    SubCommand::Subscribe(s) => ("subscribe", s.clone()),
                    SubCommand::Unsubscribe(s) => ("unsubscribe", s.clone()),
                };
                if !apply(subs, &c) {
                    continue;
                }
                match (mode, sinks.first_mut()) {
                    (Mode::Multiplexed, Some(sink)) => {
                        if sink.send(Message::Text(sub.message(kind).into())).await.is_err() {
                            return Outcome::Lost;
                        }
                    }
                    // One socket per stream: reopen them for the new set.
                    _ => {
                        for sink in sinks.iter_mut() {
                            let _ = sink.close().await;
                        }
                        return Outcome::Resubscribe;
                    }
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

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use crate::AccessToken;
    use trompe_demo::{DemoOptions, DemoServer, StreamingFault};

    #[test]
    fn names_round_trip_and_query_pairs() {
        for s in [
            Subscription::User,
            Subscription::PublicLocal,
            Subscription::Public,
            Subscription::Hashtag("rust".into()),
            Subscription::List("7".into()),
            Subscription::Direct,
        ] {
            assert_eq!(Subscription::from_name(&s.name()), Some(s.clone()));
            assert!(s.query_pairs().iter().any(|(k, _)| *k == "stream"));
        }
        assert_eq!(
            Subscription::Hashtag("rust".into()).query_pairs(),
            vec![
                ("stream", "hashtag".to_string()),
                ("tag", "rust".to_string())
            ]
        );
    }

    #[test]
    fn which_refusals_fall_back() {
        for code in [SUBPROTOCOL_IGNORED, 400, 401, 403] {
            assert!(falls_back(code), "{code}");
        }
        // No streaming there at all, or a server error: polling, not a retry.
        for code in [404, 410, 429, 500] {
            assert!(!falls_back(code), "{code}");
        }
    }

    /// A local account the demo user follows (its posts reach `user`).
    fn followed() -> &'static str {
        trompe_demo::seed_data::ACCOUNTS
            .iter()
            .find(|a| a.followed_by_me && !a.bot)
            .unwrap()
            .username
    }

    /// Waits (at most a minute) until the demo holds a subscription to
    /// each of `streams`: servers acknowledge none.
    async fn subscribed(server: &DemoServer, streams: &[&str]) {
        let deadline = std::time::Instant::now() + Duration::from_secs(60);
        while !streams.iter().all(|s| server.subscriptions(s) >= 1) {
            assert!(
                std::time::Instant::now() < deadline,
                "never subscribed: {streams:?}"
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    async fn next_event(rx: &mut mpsc::UnboundedReceiver<StreamMessage>) -> StreamMessage {
        loop {
            let m = tokio::time::timeout(Duration::from_secs(60), rx.recv())
                .await
                .expect("a message in time")
                .expect("stream open");
            if !matches!(m, StreamMessage::Reconnecting { .. }) {
                return m;
            }
        }
    }

    /// A server that refuses the header token (403, as mastodon-mock does
    /// without `?stream=`) gets one socket per stream, with the token and
    /// the stream in the query, and events still name their stream.
    #[tokio::test]
    async fn falls_back_to_one_socket_per_stream() {
        let server = DemoServer::start(DemoOptions::default()).await.unwrap();
        server
            .faults()
            .streaming(StreamingFault::RefuseHandshake(403), 1);
        let client = Client::new(
            server.base_url().clone(),
            Some(AccessToken::new(server.token())),
        )
        .unwrap();
        let (tx, mut rx) = mpsc::unbounded_channel();
        let handle = spawn(
            client,
            Some(server.base_url().clone()),
            vec![Subscription::User, Subscription::PublicLocal],
            tx,
        );
        assert!(matches!(
            next_event(&mut rx).await,
            StreamMessage::Connected
        ));
        subscribed(&server, &["user", "public:local"]).await;
        let id = server.post_as(followed(), "one socket each").unwrap();
        let mut streams = Vec::new();
        while streams.len() < 2 {
            match next_event(&mut rx).await {
                StreamMessage::Event(StreamEvent::Update { stream, status })
                    if status.id.as_str() == id =>
                {
                    streams.push(stream)
                }
                StreamMessage::Event(_) => {}
                other => panic!("{other:?}"),
            }
        }
        streams.sort();
        assert_eq!(streams, ["public:local", "user"]);

        // A new stream reopens the sockets.
        handle.subscribe(Subscription::Public);
        assert!(matches!(
            next_event(&mut rx).await,
            StreamMessage::Connected
        ));
        subscribed(&server, &["public"]).await;
        let id = server.post_as(followed(), "and a third").unwrap();
        loop {
            if let StreamMessage::Event(StreamEvent::Update { stream, status }) =
                next_event(&mut rx).await
            {
                if status.id.as_str() == id && stream == "public" {
                    break;
                }
            }
        }
        handle.stop();
    }

    /// A refusal that the fallback does not fix ends as unavailable, once.
    #[tokio::test]
    async fn refused_both_ways_is_unavailable() {
        let server = DemoServer::start(DemoOptions::default()).await.unwrap();
        server
            .faults()
            .streaming(StreamingFault::RefuseHandshake(403), 2);
        let client = Client::new(
            server.base_url().clone(),
            Some(AccessToken::new(server.token())),
        )
        .unwrap();
        let (tx, mut rx) = mpsc::unbounded_channel();
        let _handle = spawn(
            client,
            Some(server.base_url().clone()),
            vec![Subscription::User],
            tx,
        );
        assert!(matches!(
            next_event(&mut rx).await,
            StreamMessage::Unavailable { .. }
        ));
    }
}
