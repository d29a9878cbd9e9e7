//! The embedded demo instance: a Mastodon-compatible server (REST, OAuth,
//! streaming websocket) on 127.0.0.1, seeded with a small world.
//!
//! It serves `trompe --demo`, `trompe demo-server` and every end-to-end test.
//! Fault injection is a Rust API on [`DemoServer`] only, compiled in with the
//! `faults` feature (tests turn it on; the `trompe` binary does not): nothing
//! over HTTP can turn it on. This crate depends on no trompe crate, so it
//! checks the client instead of agreeing with it, and never on ratatui or
//! crossterm.

// Handlers return `Result<_, Response>`; the large error is the HTTP answer itself.
#![allow(clippy::result_large_err)]

mod activitypub;
mod compose;
pub mod faults;
pub mod format;
pub mod json;
mod live;
mod oauth;
pub mod png;
mod routes;
pub mod seed_data;
mod social;
mod streaming;
pub mod text;
pub mod world;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use tokio::sync::{broadcast, watch};
use url::Url;

#[cfg(feature = "faults")]
pub use faults::{Fault, StreamingFault};
use world::World;

/// The demo user's ready-made access token (the demo instance is local and
/// offline; a fixed token lets scripts and other clients use it).
pub const DEMO_TOKEN: &str = "trompe-demo-token";

/// How a demo server is started.
#[derive(Debug, Clone)]
pub struct DemoOptions {
    /// Port on 127.0.0.1; 0 lets the OS choose.
    pub port: u16,
    /// The demo accounts post, boost and mention on their own.
    pub live: bool,
    /// Time between two live actions.
    pub live_interval: Duration,
    /// ActivityPub documents (actors, outboxes, posts) answer only signed
    /// GETs, as on instances in authorized-fetch mode.
    pub authorized_fetch: bool,
    /// Refuse a streaming handshake without a `User-Agent` with 418, as
    /// GoToSocial does.
    pub require_user_agent: bool,
    /// The demo user starts with nothing of its own (no follows, lists,
    /// blocks, mutes, domain blocks, bookmarks, filters or followed tags),
    /// as a new account does: the target of a move.
    pub fresh_account: bool,
    /// Enforce a rate limit per token, as Mastodon does (300 requests per
    /// 5 minutes): every API answer carries `X-RateLimit-*` headers, and a
    /// request over the limit gets 429 until the window resets.
    pub rate_limit: Option<RateLimitOptions>,
    /// Public and hashtag timelines and trending posts answer 401 to a
    /// request without a token, as on instances that turn off the preview
    /// of their timelines for visitors.
    pub closed_to_visitors: bool,
    /// Home holds this many more posts by the followed accounts, older
    /// than the seeded ones: a long timeline for benchmarks.
    pub history: usize,
}

/// A rate limit: `limit` requests per `window`, per token.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RateLimitOptions {
    /// Requests allowed in one window.
    pub limit: u32,
    /// The window's length.
    pub window: Duration,
}

impl Default for DemoOptions {
    fn default() -> Self {
        DemoOptions {
            port: 0,
            live: false,
            live_interval: Duration::from_secs(4),
            authorized_fetch: false,
            require_user_agent: false,
            fresh_account: false,
            rate_limit: None,
            closed_to_visitors: false,
            history: 0,
        }
    }
}

/// One streaming event, routed to subscribers of `stream`.
#[derive(Debug, Clone)]
pub(crate) struct StreamEvent {
    /// The stream as Mastodon names it in messages: `["user"]`, `["hashtag","rust"]`, …
    pub stream: Vec<String>,
    /// Only for this account (user streams); `None` for public streams.
    pub account: Option<world::Id>,
    pub event: String,
    pub payload: String,
}

pub(crate) struct Shared {
    world: Mutex<World>,
    pub events: broadcast::Sender<StreamEvent>,
    #[cfg(feature = "faults")]
    pub faults: faults::Faults,
    pub base: String,
    pub streaming_url: String,
    /// Requests received, by path (tests count the downloads of a picture,
    /// or how often an endpoint was asked).
    pub files_served: Mutex<HashMap<String, usize>>,
    /// Websocket subscriptions open now, by stream key (`user`,
    /// `hashtag:rust`, …): Mastodon acknowledges no subscribe, so tests
    /// wait on this before they post what the stream should carry.
    pub subscribed: Mutex<HashMap<String, usize>>,
    /// The ActivityPub side: remote followers, keys seen, the fetch mode.
    pub ap: activitypub::ApState,
    /// Refuse websocket handshakes without a `User-Agent` (418).
    pub require_user_agent: bool,
    /// The rate limit, and per token: (window start, requests in it).
    pub rate_limit: Option<RateLimitOptions>,
    /// See [`DemoOptions::closed_to_visitors`].
    pub closed_to_visitors: bool,
    pub rate_windows: Mutex<HashMap<String, (std::time::Instant, u32)>>,
}

impl Shared {
    /// Counts a websocket subscription opened (`+1`) or closed (`-1`).
    pub fn count_subscription(&self, key: &str, opened: bool) {
        let mut g = self.subscribed.lock().unwrap_or_else(|e| e.into_inner());
        let n = g.entry(key.to_string()).or_insert(0);
        *n = if opened { *n + 1 } else { n.saturating_sub(1) };
    }
}

impl Shared {
    /// Locks the world, recovering from a poisoned lock (a panicked handler
    /// must not take the whole demo down).
    pub fn world(&self) -> MutexGuard<'_, World> {
        let mut g = self.world.lock().unwrap_or_else(|e| e.into_inner());
        g.now = now_unix();
        g
    }
}

pub(crate) fn now_unix() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}

/// A running demo instance. Dropping it stops the server.
pub struct DemoServer {
    addr: SocketAddr,
    base_url: Url,
    shared: Arc<Shared>,
    shutdown: watch::Sender<bool>,
}

impl DemoServer {
    /// Starts the server on 127.0.0.1 and returns once it accepts connections.
    pub async fn start(opts: DemoOptions) -> std::io::Result<DemoServer> {
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", opts.port)).await?;
        let addr = listener.local_addr()?;
        let base = format!("http://{addr}");
        let base_url = Url::parse(&base).map_err(std::io::Error::other)?;
        let domain = addr.to_string();
        let mut world = World::seeded_with(&base, &domain, now_unix(), opts.history);
        world.tokens.insert(
            DEMO_TOKEN.to_string(),
            world::DToken {
                account: Some(world.me),
                client_id: None,
                scopes: "read write follow push".into(),
                created_at: now_unix(),
            },
        );
        if opts.fresh_account {
            world.clear_own(world.me);
        }
        let ap = activitypub::state(&world, opts.authorized_fetch);
        let (events, _) = broadcast::channel(4096);
        let shared = Arc::new(Shared {
            world: Mutex::new(world),
            events,
            #[cfg(feature = "faults")]
            faults: faults::Faults::default(),
            base: base.clone(),
            streaming_url: format!("ws://{addr}"),
            files_served: Mutex::new(HashMap::new()),
            subscribed: Mutex::new(HashMap::new()),
            ap,
            require_user_agent: opts.require_user_agent,
            rate_limit: opts.rate_limit,
            closed_to_visitors: opts.closed_to_visitors,
            rate_windows: Mutex::new(HashMap::new()),
        });
        let app = routes::router(shared.clone());
        let (shutdown, mut rx) = watch::channel(false);
        tokio::spawn(async move {
            let serve = axum::serve(listener, app).with_graceful_shutdown(async move {
                let _ = rx.wait_for(|stop| *stop).await;
            });
            if let Err(e) = serve.await {
                tracing::error!("demo server stopped: {e}");
            }
        });
        if opts.live {
            live::spawn(shared.clone(), opts.live_interval, shutdown.subscribe());
        }
        tracing::info!(%base, "demo instance started");
        Ok(DemoServer {
            addr,
            base_url,
            shared,
            shutdown,
        })
    }

    /// The socket address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The base URL, e.g. `http://127.0.0.1:41234/`.
    pub fn base_url(&self) -> &Url {
        &self.base_url
    }

    /// The actor ids of a local account's remote (ActivityPub) followers.
    pub fn remote_followers(&self, username: &str) -> Vec<String> {
        activitypub::followers_of(&self.shared, username)
            .into_iter()
            .map(|f| f.actor)
            .collect()
    }

    /// The demo user's username (its actor is `/users/NAME`).
    pub fn username(&self) -> String {
        let w = self.shared.world();
        w.accounts
            .get(&w.me)
            .map(|a| a.username.clone())
            .unwrap_or_default()
    }

    /// The client secrets of the apps registered so far (a test checks
    /// that they leak nowhere).
    pub fn client_secrets(&self) -> Vec<String> {
        let w = self.shared.world();
        w.apps.iter().map(|a| a.client_secret.clone()).collect()
    }

    /// The demo user's access token.
    pub fn token(&self) -> &'static str {
        DEMO_TOKEN
    }

    #[cfg(feature = "faults")]
    /// Fault injection, for tests.
    pub fn faults(&self) -> &faults::Faults {
        &self.shared.faults
    }

    /// How many times the file at `path` (e.g.
    /// `/system/media_attachments/3/small.png`) was downloaded.
    pub fn file_requests(&self, path: &str) -> usize {
        let g = self
            .shared
            .files_served
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        g.get(path).copied().unwrap_or(0)
    }

    /// Websocket subscriptions to `stream` (`user`, `public:local`,
    /// `hashtag:rust`, `list:7`, `direct`) open now, over every socket.
    pub fn subscriptions(&self, stream: &str) -> usize {
        let g = self
            .shared
            .subscribed
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        g.get(stream).copied().unwrap_or(0)
    }

    /// Requests received for `path` (any endpoint).
    pub fn requests(&self, path: &str) -> usize {
        self.file_requests(path)
    }

    /// Downloads of every file under `/system/`.
    pub fn file_requests_total(&self) -> usize {
        let g = self
            .shared
            .files_served
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        g.iter()
            .filter(|(p, _)| p.starts_with("/system/"))
            .map(|(_, n)| n)
            .sum()
    }

    /// Number of statuses in the demo user's home timeline (for tests).
    pub fn home_count(&self) -> usize {
        let w = self.shared.world();
        let me = w.me;
        w.select(|s| w.in_home_feed(s, me)).len()
    }

    /// Ids of the demo user's home timeline, newest first (for tests).
    pub fn home_ids(&self) -> Vec<String> {
        let w = self.shared.world();
        let me = w.me;
        w.select(|s| w.in_home_feed(s, me))
            .into_iter()
            .map(|i| i.to_string())
            .collect()
    }

    /// Posts a status as `username` (as if it arrived from that account), streams
    /// it to subscribers and returns its id.
    pub fn post_as(&self, username: &str, text: &str) -> Option<String> {
        live::post_as(&self.shared, username, text, "public").map(|id| id.to_string())
    }

    /// Sends a direct message as `username` (to whoever `text` mentions), in
    /// reply to the status `in_reply_to` if given; streams it and returns its id.
    pub fn direct_as(
        &self,
        username: &str,
        text: &str,
        in_reply_to: Option<&str>,
    ) -> Option<String> {
        let parent = match in_reply_to {
            Some(p) => Some(p.parse().ok()?),
            None => None,
        };
        live::reply_as(&self.shared, username, text, "direct", parent).map(|id| id.to_string())
    }

    /// Runs one step of the live activity now.
    pub fn live_step(&self, n: u64) {
        live::step(&self.shared, n);
    }

    /// Stops the server.
    pub fn stop(&self) {
        let _ = self.shutdown.send(true);
    }
}

impl Drop for DemoServer {
    fn drop(&mut self) {
        let _ = self.shutdown.send(true);
    }
}
