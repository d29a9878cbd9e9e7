//! The node: its HTTP server (documents and inbox), what it does with what
//! arrives, and the follows it sends.
//!
//! An inbox POST is refused with 401, and nothing is stored, unless its
//! signature verifies under the key of the activity's actor: the key is
//! fetched by `keyId` (cached; fetched again once when it no longer
//! verifies, for rotated keys), its owner must be the actor, `Date` must be
//! within 12 hours, `Digest` must match the body, and a signature is
//! accepted once. Objects are then taken from their origin: one whose id is
//! on another host than its signer (relays re-sign what they forward) is
//! fetched with a signed GET, and the forwarded copy is not trusted.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use axum::Router;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Query, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use base64::Engine as _;
use serde_json::{Value, json};
use url::Url;

use crate::config::NodeConfig;
use crate::documents::{self, ACTIVITY_JSON};
use crate::fetch::{Client, FetchError};
use crate::keys::NodeKey;
use crate::signature::{Incoming, MAX_SKEW, Refusal};
use crate::store::{Follower, Store, StoreError, StoredObject, Subscription};

/// The largest inbox body accepted.
pub const MAX_INBOX_BODY: usize = 1 << 20;
/// The whole body of an inbox request must arrive within this: a sender
/// that trickles it in is cut off (408) and holds nothing of the node's.
pub const INBOX_READ_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);
/// The public collection: a Follow of it subscribes to a relay.
pub const PUBLIC: &str = "https://www.w3.org/ns/activitystreams#Public";
/// Retention is applied once per this many stored objects.
const PRUNE_EVERY: u32 = 256;
/// Object types stored when they arrive.
const STORED_KINDS: &[&str] = &["Note", "Question", "Article", "Page"];

/// What the node's own operations can fail with.
#[derive(Debug, thiserror::Error)]
pub enum NodeError {
    #[error(transparent)]
    Fetch(#[from] FetchError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("{0}")]
    Invalid(String),
}

/// A running node's shared state.
pub struct Node {
    pub cfg: NodeConfig,
    key: Arc<NodeKey>,
    pub store: Arc<Store>,
    client: Client,
    /// Per host: the start of its current minute and the requests in it.
    limiter: Mutex<HashMap<String, (Instant, u32)>>,
    /// Objects stored since the last prune.
    since_prune: std::sync::atomic::AtomicU32,
    /// Wakes the delivery loop when something is queued.
    queue_wake: tokio::sync::Notify,
    /// What changed, for whoever shows the node (the TUI).
    events: tokio::sync::broadcast::Sender<NodeEvent>,
}

/// A change in the node's store that a reader may want to show at once.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "event", content = "id", rename_all = "snake_case")]
pub enum NodeEvent {
    /// An object arrived, or one of the node's own was published or edited.
    Stored(String),
    /// An object was deleted.
    Deleted(String),
    /// A subscription was made, answered or undone.
    Subscriptions,
}

impl std::fmt::Debug for Node {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Node")
            .field("actor", &self.cfg.actor_id())
            .finish()
    }
}

fn now_secs() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or_default()
}

/// The `id` of a value that is either an id or an object with one.
pub fn id_of(v: &Value) -> Option<&str> {
    v.as_str()
        .or_else(|| v.get("id").and_then(Value::as_str))
        .or_else(|| v.get("href").and_then(Value::as_str))
}

/// `HOST[:PORT]` of an id.
fn host_of_id(id: &str) -> Option<String> {
    Url::parse(id).ok().map(|u| crate::signature::host_of(&u))
}

fn attributed_to(object: &Value) -> Option<String> {
    let a = object.get("attributedTo")?;
    match a {
        Value::Array(items) => items.iter().find_map(id_of).map(str::to_string),
        other => id_of(other).map(str::to_string),
    }
}

impl Node {
    /// A node with its key and store.
    pub fn new(cfg: NodeConfig, key: NodeKey, store: Store) -> Arc<Node> {
        let key = Arc::new(key);
        let client = Client::new(
            Some((key.clone(), cfg.key_id())),
            cfg.allow_private_addresses,
        );
        Arc::new(Node {
            cfg,
            key,
            store: Arc::new(store),
            client,
            limiter: Mutex::new(HashMap::new()),
            since_prune: std::sync::atomic::AtomicU32::new(0),
            queue_wake: tokio::sync::Notify::new(),
            events: tokio::sync::broadcast::channel(256).0,
        })
    }

    /// The changes from now on (a slow reader loses the oldest and is told
    /// so by `RecvError::Lagged`).
    pub fn events(&self) -> tokio::sync::broadcast::Receiver<NodeEvent> {
        self.events.subscribe()
    }

    fn emit(&self, e: NodeEvent) {
        // Nobody listening is fine.
        let _ = self.events.send(e);
    }

    /// The client that signs as this node.
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// The HTTP routes: WebFinger and NodeInfo at the root, the rest under
    /// the public URL's path.
    pub fn router(self: &Arc<Self>) -> Router {
        let p = self.cfg.path_prefix().to_string();
        Router::new()
            .route("/.well-known/webfinger", get(webfinger))
            .route("/.well-known/nodeinfo", get(nodeinfo_links))
            .route(&format!("{p}/nodeinfo/2.1"), get(nodeinfo))
            .route(&format!("{p}/actor"), get(actor))
            .route(&format!("{p}/inbox"), post(inbox))
            .route(&format!("{p}/outbox"), get(outbox))
            .route(&format!("{p}/followers"), get(followers))
            .route(&format!("{p}/following"), get(following))
            .route(&format!("{p}/objects/{{*rest}}"), get(local_object))
            .layer(DefaultBodyLimit::max(MAX_INBOX_BODY))
            .with_state(self.clone())
    }

    /// Serves on `listener` (TCP, or [`crate::tls::TlsListener`]) until
    /// `shutdown` resolves, then finishes the requests in flight. The
    /// delivery queue runs beside it.
    pub async fn serve<L>(
        self: &Arc<Self>,
        listener: L,
        shutdown: impl std::future::Future<Output = ()> + Send + 'static,
    ) -> std::io::Result<()>
    where
        L: axum::serve::Listener,
        L::Addr: std::fmt::Debug,
    {
        let queue = tokio::spawn(self.clone().run_queue());
        let served = axum::serve(listener, self.router())
            .with_graceful_shutdown(shutdown)
            .await;
        queue.abort();
        served
    }

    /// Is this host over its inbox budget for the current minute?
    fn over_limit(&self, host: &str) -> bool {
        let mut map = self.limiter.lock().unwrap_or_else(|e| e.into_inner());
        let now = Instant::now();
        if map.len() > 10_000 {
            map.retain(|_, (start, _)| now.duration_since(*start).as_secs() < 60);
        }
        let entry = map.entry(host.to_string()).or_insert((now, 0));
        if now.duration_since(entry.0).as_secs() >= 60 {
            *entry = (now, 0);
        }
        entry.1 += 1;
        entry.1 > self.cfg.inbox_per_minute
    }

    /// The key `key_id` names: (owner, pem), from the cache unless `fresh`.
    async fn key(&self, key_id: &str, fresh: bool) -> Result<(String, String), Refusal> {
        if !fresh {
            if let Ok(Some(found)) = self.store.key(key_id) {
                return Ok(found);
            }
        }
        let fail = |reason: String| Refusal::KeyFetch {
            key: key_id.to_string(),
            reason,
        };
        let mut url = Url::parse(key_id).map_err(|e| fail(e.to_string()))?;
        url.set_fragment(None);
        let doc = self
            .client
            .get(&url)
            .await
            .map_err(|e| fail(e.to_string()))?;
        // An actor with a `publicKey` (one or several), or the key itself.
        let candidates: Vec<&Value> = match doc.get("publicKey") {
            Some(Value::Array(keys)) => keys.iter().collect(),
            Some(k) => vec![k],
            None => vec![&doc],
        };
        let entry = candidates
            .iter()
            .find(|k| k.get("id").and_then(Value::as_str) == Some(key_id))
            .or_else(|| candidates.first())
            .ok_or_else(|| fail("no publicKey".into()))?;
        let pem = entry
            .get("publicKeyPem")
            .and_then(Value::as_str)
            .ok_or_else(|| fail("no publicKeyPem".into()))?;
        let owner = entry
            .get("owner")
            .and_then(Value::as_str)
            .or_else(|| doc.get("id").and_then(Value::as_str))
            .ok_or_else(|| fail("no owner".into()))?;
        let _ = self.store.put_key(key_id, owner, pem, now_secs());
        Ok((owner.to_string(), pem.to_string()))
    }

    /// Checks an inbox request and returns the actor it speaks for.
    pub async fn verify(&self, req: &Incoming<'_>, activity: &Value) -> Result<String, Refusal> {
        let params = req.check(SystemTime::now())?;
        let actor = activity
            .get("actor")
            .and_then(id_of)
            .ok_or_else(|| Refusal::Malformed("the activity has no actor".into()))?
            .to_string();
        let try_key = |pem: &str| {
            req.verifies(&params, pem, false)
                || (self.portless_allowed(req) && req.verifies(&params, pem, true))
        };
        let (mut owner, pem) = self.key(&params.key_id, false).await?;
        if !try_key(&pem) {
            // The key may have rotated: fetch it once more.
            let (fresh_owner, fresh) = self.key(&params.key_id, true).await?;
            if !try_key(&fresh) {
                return Err(Refusal::BadSignature);
            }
            owner = fresh_owner;
        }
        if owner != actor {
            return Err(Refusal::KeyOwner {
                key: params.key_id.clone(),
                owner,
                actor,
            });
        }
        let sig = base64::engine::general_purpose::STANDARD.encode(&params.signature);
        match self
            .store
            .first_use_of_signature(&sig, now_secs(), 2 * MAX_SKEW.as_secs() as i64)
        {
            Ok(true) => Ok(actor),
            Ok(false) => Err(Refusal::Replay),
            Err(e) => Err(Refusal::KeyFetch {
                key: params.key_id.clone(),
                reason: e.to_string(),
            }),
        }
    }

    /// May a signature over `host` without its port count? Only when the
    /// port is the scheme's default, or the compatibility switch is on.
    fn portless_allowed(&self, req: &Incoming<'_>) -> bool {
        let Some(host) = req.header("host") else {
            return false;
        };
        let Some((_, port)) = host.rsplit_once(':') else {
            return false;
        };
        let default = match self.cfg.url().scheme() {
            "https" => "443",
            _ => "80",
        };
        port == default || self.cfg.portless_host_signatures
    }

    /// Acts on a verified activity from `actor`.
    pub async fn receive(&self, activity: &Value, actor: &str) -> Result<(), NodeError> {
        let now = now_secs();
        let kind = activity.get("type").and_then(Value::as_str).unwrap_or("");
        if let Some(id) = activity.get("id").and_then(Value::as_str) {
            if !self.store.first_activity(id, kind, actor, now)? {
                return Ok(()); // already handled
            }
        }
        let _ = self.store.touch_subscription(actor, now);
        let object = activity.get("object").cloned().unwrap_or(Value::Null);
        tracing::info!(kind, actor, object = id_of(&object), "received");
        match kind {
            "Create" | "Update" => self.take_object(&object, actor, None).await,
            "Announce" => self.take_object(&object, actor, Some(actor)).await,
            "Delete" => {
                if let Some(id) = id_of(&object) {
                    if id == actor {
                        self.store.remove_follower(actor)?;
                    } else if self.store.delete_object(id, actor)? {
                        self.emit(NodeEvent::Deleted(id.to_string()));
                    }
                }
                Ok(())
            }
            "Follow" => self.followed(activity, actor).await,
            "Undo" => {
                let inner = object.get("type").and_then(Value::as_str);
                if inner == Some("Follow") {
                    self.store.remove_follower(actor)?;
                }
                Ok(())
            }
            "Accept" | "Reject" => {
                let state = if kind == "Accept" {
                    "accepted"
                } else {
                    "rejected"
                };
                let by_id = id_of(&object)
                    .map(|id| self.store.set_subscription_state(id, state, now))
                    .transpose()?
                    .unwrap_or(false);
                if !by_id {
                    self.store.set_subscription_state(actor, state, now)?;
                }
                self.emit(NodeEvent::Subscriptions);
                Ok(())
            }
            "Move" => self.moved(activity, actor).await,
            _ => Ok(()),
        }
    }

    /// An account the node follows moved: follow the new one, if it names
    /// the old one among its aliases (`alsoKnownAs`), and drop the old.
    async fn moved(&self, activity: &Value, actor: &str) -> Result<(), NodeError> {
        // Only an account can move itself.
        if activity.get("object").and_then(id_of) != Some(actor) {
            return Ok(());
        }
        let Some(target) = activity.get("target").and_then(id_of) else {
            return Ok(());
        };
        let followed = self
            .store
            .subscriptions()?
            .into_iter()
            .any(|s| s.target == actor && s.kind == "account");
        if !followed {
            return Ok(());
        }
        let url = Url::parse(target).map_err(|e| NodeError::Invalid(e.to_string()))?;
        let doc = self.client.get(&url).await?;
        let aliases: Vec<&str> = match doc.get("alsoKnownAs") {
            Some(Value::Array(v)) => v.iter().filter_map(id_of).collect(),
            Some(one) => id_of(one).into_iter().collect(),
            None => vec![],
        };
        if !aliases.contains(&actor) {
            return Err(NodeError::Invalid(format!(
                "{target} does not name {actor} among its aliases: the move is not followed"
            )));
        }
        tracing::info!(from = actor, to = target, "a followed account moved");
        self.follow(target, false).await?;
        self.store.remove_subscription(actor)?;
        self.emit(NodeEvent::Subscriptions);
        Ok(())
    }

    /// Stores a Create's, Update's or Announce's object, from its origin
    /// unless the signer is that origin.
    async fn take_object(
        &self,
        object: &Value,
        signer: &str,
        via: Option<&str>,
    ) -> Result<(), NodeError> {
        let Some(id) = id_of(object).map(str::to_string) else {
            return Ok(());
        };
        let same_origin = host_of_id(&id).is_some() && host_of_id(&id) == host_of_id(signer);
        let embedded = object.is_object() && object.get("type").is_some();
        let doc = if same_origin && embedded && via.is_none() {
            object.clone()
        } else {
            let url = Url::parse(&id).map_err(|e| NodeError::Invalid(e.to_string()))?;
            let doc = self.client.get(&url).await?;
            // The origin must answer for the id asked, not another.
            if doc.get("id").and_then(Value::as_str) != Some(id.as_str()) {
                return Err(NodeError::Invalid(format!(
                    "{id} answered with another object"
                )));
            }
            doc
        };
        let kind = doc.get("type").and_then(Value::as_str).unwrap_or("");
        if !STORED_KINDS.contains(&kind) {
            return Ok(());
        }
        let author = attributed_to(&doc);
        // An author on another host than the object's is a forgery.
        if author.as_deref().and_then(host_of_id) != host_of_id(&id) {
            return Err(NodeError::Invalid(format!(
                "{id} claims an author on another host"
            )));
        }
        self.store.put_object(&StoredObject {
            id: id.clone(),
            kind: kind.to_string(),
            attributed_to: author,
            json: doc.to_string(),
            via: via.map(str::to_string),
            received_at: now_secs(),
        })?;
        self.emit(NodeEvent::Stored(id));
        // Retention is enforced every few hundred objects, not on each:
        // the count query walks the table.
        let stored = self
            .since_prune
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        if stored.is_multiple_of(PRUNE_EVERY) {
            let days = i64::from(self.cfg.keep_days) * 86_400;
            self.store.prune(now_secs(), self.cfg.keep_objects, days)?;
        }
        Ok(())
    }

    /// Someone follows the node: record them, and accept unless approval
    /// is asked for.
    async fn followed(&self, activity: &Value, actor: &str) -> Result<(), NodeError> {
        let object = activity.get("object").and_then(id_of).unwrap_or("");
        if object != self.cfg.actor_id() && object != PUBLIC {
            return Ok(());
        }
        let follow_id = activity
            .get("id")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        let (inbox, shared) = self.inboxes(actor).await?;
        let state = if self.cfg.approve_followers {
            "pending"
        } else {
            "accepted"
        };
        self.store.put_follower(&Follower {
            actor: actor.to_string(),
            inbox: inbox.to_string(),
            shared_inbox: shared.map(|u| u.to_string()),
            follow_id,
            state: state.into(),
            since: now_secs(),
        })?;
        if !self.cfg.approve_followers {
            let accept = json!({
                "@context": "https://www.w3.org/ns/activitystreams",
                "id": self.cfg.new_id("accept"),
                "type": "Accept",
                "actor": self.cfg.actor_id(),
                "object": activity,
            });
            self.client.post(&inbox, &accept).await?;
        }
        Ok(())
    }

    /// An actor's inbox and shared inbox.
    async fn inboxes(&self, actor: &str) -> Result<(Url, Option<Url>), NodeError> {
        let url = Url::parse(actor).map_err(|e| NodeError::Invalid(e.to_string()))?;
        let doc = self.client.get(&url).await?;
        let inbox = doc
            .get("inbox")
            .and_then(Value::as_str)
            .and_then(|s| Url::parse(s).ok())
            .ok_or_else(|| NodeError::Invalid(format!("{actor} has no inbox")))?;
        let shared = doc
            .pointer("/endpoints/sharedInbox")
            .and_then(Value::as_str)
            .and_then(|s| Url::parse(s).ok());
        Ok((inbox, shared))
    }

    /// Resolves `@user@host` (WebFinger) or an actor URL to an actor id.
    pub async fn resolve_actor(&self, target: &str) -> Result<String, NodeError> {
        crate::fetch::resolve_actor(&self.client, target)
            .await
            .map_err(|e| match e {
                crate::fetch::ResolveError::Fetch(f) => NodeError::Fetch(f),
                other => NodeError::Invalid(other.to_string()),
            })
    }

    /// Follows an account (`@user@host` or actor URL), or with `relay`
    /// subscribes to a relay (its actor URL, or its inbox URL).
    pub async fn follow(&self, target: &str, relay: bool) -> Result<Subscription, NodeError> {
        let actor = self.resolve_actor(target).await?;
        let url = Url::parse(&actor).map_err(|e| NodeError::Invalid(e.to_string()))?;
        let inbox = match self.client.get(&url).await {
            Ok(doc) => doc
                .get("inbox")
                .and_then(Value::as_str)
                .map(str::to_string)
                .ok_or_else(|| NodeError::Invalid(format!("{actor} has no inbox")))?,
            // A relay named by its inbox (which answers no GET).
            Err(_) if relay => actor.clone(),
            Err(e) => return Err(e.into()),
        };
        let follow_id = self.cfg.new_id("follow");
        let object = if relay {
            PUBLIC.to_string()
        } else {
            actor.clone()
        };
        let follow = json!({
            "@context": "https://www.w3.org/ns/activitystreams",
            "id": follow_id,
            "type": "Follow",
            "actor": self.cfg.actor_id(),
            "object": object,
        });
        let mut sub = Subscription {
            target: actor,
            kind: if relay { "relay" } else { "account" }.into(),
            inbox: inbox.clone(),
            follow_id,
            state: "pending".into(),
            error: None,
            updated_at: now_secs(),
            last_activity: None,
        };
        // Recorded first, so an Accept that beats the POST's answer finds it.
        self.store.put_subscription(&sub)?;
        self.emit(NodeEvent::Subscriptions);
        let inbox_url = Url::parse(&inbox).map_err(|e| NodeError::Invalid(e.to_string()))?;
        if let Err(e) = self.client.post(&inbox_url, &follow).await {
            sub.state = "error".into();
            sub.error = Some(e.to_string());
            self.store.put_subscription(&sub)?;
            self.emit(NodeEvent::Subscriptions);
            return Err(e.into());
        }
        Ok(self
            .store
            .subscriptions()?
            .into_iter()
            .find(|s| s.target == sub.target)
            .unwrap_or(sub))
    }

    /// Answers a follower waiting for approval (`approve_followers`):
    /// Accept, or Reject (which also forgets them).
    pub async fn answer_follower(&self, actor: &str, accept: bool) -> Result<(), NodeError> {
        let follower = self
            .store
            .followers()?
            .into_iter()
            .find(|f| f.actor == actor)
            .ok_or_else(|| NodeError::Invalid(format!("{actor} does not follow this node")))?;
        let answer = json!({
            "@context": "https://www.w3.org/ns/activitystreams",
            "id": self.cfg.new_id(if accept { "accept" } else { "reject" }),
            "type": if accept { "Accept" } else { "Reject" },
            "actor": self.cfg.actor_id(),
            "object": {
                "id": follower.follow_id,
                "type": "Follow",
                "actor": follower.actor,
                "object": self.cfg.actor_id(),
            },
        });
        let inbox = Url::parse(&follower.inbox).map_err(|e| NodeError::Invalid(e.to_string()))?;
        self.client.post(&inbox, &answer).await?;
        if accept {
            self.store.put_follower(&Follower {
                state: "accepted".into(),
                ..follower
            })?;
        } else {
            self.store.remove_follower(actor)?;
        }
        Ok(())
    }

    /// Undoes a follow or a relay subscription.
    pub async fn unfollow(&self, target: &str) -> Result<(), NodeError> {
        let actor = self.resolve_actor(target).await?;
        let sub = self
            .store
            .subscriptions()?
            .into_iter()
            .find(|s| s.target == actor || s.inbox == actor)
            .ok_or_else(|| NodeError::Invalid(format!("not following {target}")))?;
        let object = if sub.kind == "relay" {
            PUBLIC.to_string()
        } else {
            sub.target.clone()
        };
        let undo = json!({
            "@context": "https://www.w3.org/ns/activitystreams",
            "id": self.cfg.new_id("undo"),
            "type": "Undo",
            "actor": self.cfg.actor_id(),
            "object": {
                "id": sub.follow_id,
                "type": "Follow",
                "actor": self.cfg.actor_id(),
                "object": object,
            },
        });
        let inbox = Url::parse(&sub.inbox).map_err(|e| NodeError::Invalid(e.to_string()))?;
        self.client.post(&inbox, &undo).await?;
        self.store.remove_subscription(&sub.target)?;
        self.emit(NodeEvent::Subscriptions);
        Ok(())
    }
}

/// Who a post is for.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Visibility {
    /// Everyone, and the public timelines (relays get it).
    #[default]
    Public,
    /// Everyone who looks, but not the public timelines.
    Unlisted,
    /// The node's followers only (relays do not get it; it is not served).
    Followers,
}

impl std::str::FromStr for Visibility {
    type Err = String;
    fn from_str(s: &str) -> Result<Visibility, String> {
        match s {
            "public" => Ok(Visibility::Public),
            "unlisted" => Ok(Visibility::Unlisted),
            "followers" | "private" | "followers-only" => Ok(Visibility::Followers),
            other => Err(format!(
                "visibility `{other}`: public, unlisted or followers"
            )),
        }
    }
}

/// A post to publish as the node.
#[derive(Debug, Clone, Default)]
pub struct NewPost {
    /// Plain text; it is escaped and becomes paragraphs.
    pub text: String,
    /// A content warning (`summary`).
    pub cw: Option<String>,
    pub sensitive: bool,
    pub visibility: Visibility,
    /// An ISO 639 code (`contentMap`).
    pub language: Option<String>,
    /// Attachments by URL, with their alt text.
    pub attachments: Vec<(String, String)>,
    /// The post this one answers (its id): its author is mentioned and
    /// gets the reply in their inbox.
    pub in_reply_to: Option<String>,
}

/// Someone a post mentions: their actor id, `@user@host` and inbox.
#[derive(Debug, Clone)]
struct Mention {
    actor: String,
    name: String,
    inbox: String,
}

/// Where a post went: each inbox, and what it answered.
#[derive(Debug)]
pub struct Published {
    pub id: String,
    /// The inboxes tried now, and how it went (a failure is tried again).
    pub deliveries: Vec<(String, Result<(), FetchError>)>,
    /// Inboxes left to the delivery loop (another worker had them).
    pub queued: usize,
}

fn rfc3339(t: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(t)
        .ok()
        .and_then(|t| {
            t.format(&time::format_description::well_known::Rfc3339)
                .ok()
        })
        .unwrap_or_default()
}

/// The visibility a note was addressed with.
fn visibility_of(note: &Value) -> Visibility {
    let has = |k: &str| {
        note.get(k)
            .and_then(Value::as_array)
            .is_some_and(|v| v.iter().any(|x| x.as_str() == Some(PUBLIC)))
    };
    if has("to") {
        Visibility::Public
    } else if has("cc") {
        Visibility::Unlisted
    } else {
        Visibility::Followers
    }
}

/// The inboxes of those mentioned.
fn inboxes_of(mentions: &[Mention]) -> Vec<String> {
    mentions.iter().map(|m| m.inbox.clone()).collect()
}

/// A media type from a file name, for attachments given by URL.
fn media_type(path: &str) -> &'static str {
    let ext = path.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
    match ext.as_str() {
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        "mp3" => "audio/mpeg",
        "ogg" | "oga" => "audio/ogg",
        _ => "application/octet-stream",
    }
}

/// Plain text to the HTML of a post: escaped, one paragraph per blank-line
/// block, line breaks kept.
fn text_to_html(text: &str) -> String {
    let escape = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;")
    };
    text.split("\n\n")
        .filter(|p| !p.trim().is_empty())
        .map(|p| format!("<p>{}</p>", escape(p.trim()).replace('\n', "<br>")))
        .collect()
}

impl Node {
    /// Publishes a public Note: stores it (served at its id) and its
    /// Create (in the outbox), then delivers the Create to every accepted
    /// relay and follower inbox, each once.
    pub async fn publish(&self, post: &NewPost) -> Result<Published, NodeError> {
        let now = now_secs();
        let id = self.cfg.new_id("note").replace("/activities/", "/objects/");
        let mentions = self.reply_mentions(post).await?;
        let note = self.note(&id, post, now, None, &mentions)?;
        let activity_id = format!("{id}/activity");
        let create = self.activity("Create", &activity_id, &note, note.clone());
        self.store.put_local(
            &id,
            &note.to_string(),
            &activity_id,
            &create.to_string(),
            now,
            post.visibility != Visibility::Followers,
        )?;
        self.emit(NodeEvent::Stored(id.clone()));
        let (deliveries, queued) = self
            .send(&create, post.visibility, &inboxes_of(&mentions), now)
            .await?;
        Ok(Published {
            id,
            deliveries,
            queued,
        })
    }

    /// Edits one of the node's posts: the new version is served at the same
    /// id, and an Update goes where the post went.
    pub async fn edit(&self, id: &str, post: &NewPost) -> Result<Published, NodeError> {
        let old = self.own_note(id)?;
        let now = now_secs();
        let published = old.get("published").and_then(Value::as_str);
        let mentions = self.mentions_of(&old).await;
        let post = NewPost {
            in_reply_to: old
                .get("inReplyTo")
                .and_then(Value::as_str)
                .map(str::to_string),
            ..post.clone()
        };
        let mut note = self.note(id, &post, now, published, &mentions)?;
        note["updated"] = json!(rfc3339(now));
        let update = self.activity(
            "Update",
            &format!("{id}/updates/{now}"),
            &note,
            note.clone(),
        );
        self.store.update_local(id, &note.to_string())?;
        self.emit(NodeEvent::Stored(id.to_string()));
        let (deliveries, queued) = self
            .send(&update, post.visibility, &inboxes_of(&mentions), now)
            .await?;
        Ok(Published {
            id: id.to_string(),
            deliveries,
            queued,
        })
    }

    /// Deletes one of the node's posts: it is no longer served, and a
    /// Delete goes where the post went.
    pub async fn delete(&self, id: &str) -> Result<Published, NodeError> {
        let old = self.own_note(id)?;
        let now = now_secs();
        let visibility = visibility_of(&old);
        let tombstone = json!({ "id": id, "type": "Tombstone" });
        let delete = self.activity("Delete", &format!("{id}#delete"), &old, tombstone);
        self.store.delete_local(id)?;
        self.emit(NodeEvent::Deleted(id.to_string()));
        let mentions = self.mentions_of(&old).await;
        let (deliveries, queued) = self
            .send(&delete, visibility, &inboxes_of(&mentions), now)
            .await?;
        Ok(Published {
            id: id.to_string(),
            deliveries,
            queued,
        })
    }

    /// One of the node's own notes.
    fn own_note(&self, id: &str) -> Result<Value, NodeError> {
        let json = self
            .store
            .local(id)?
            .ok_or_else(|| NodeError::Invalid(format!("{id} is not one of this node's posts")))?;
        serde_json::from_str(&json).map_err(|e| NodeError::Invalid(e.to_string()))
    }

    /// The author of the post `post` answers, to mention and deliver to.
    async fn reply_mentions(&self, post: &NewPost) -> Result<Vec<Mention>, NodeError> {
        let Some(target) = &post.in_reply_to else {
            return Ok(vec![]);
        };
        let doc: Value = if let Some(o) = self.store.object(target)? {
            serde_json::from_str(&o.json).map_err(|e| NodeError::Invalid(e.to_string()))?
        } else if let Some(local) = self.store.local(target)? {
            serde_json::from_str(&local).map_err(|e| NodeError::Invalid(e.to_string()))?
        } else {
            let url = Url::parse(target).map_err(|e| NodeError::Invalid(e.to_string()))?;
            self.client.get(&url).await?
        };
        let author = attributed_to(&doc)
            .ok_or_else(|| NodeError::Invalid(format!("{target} names no author")))?;
        if author == self.cfg.actor_id() {
            return Ok(vec![]);
        }
        Ok(vec![self.mention(&author).await?])
    }

    /// An actor as a mention: its handle and inbox.
    async fn mention(&self, actor: &str) -> Result<Mention, NodeError> {
        let url = Url::parse(actor).map_err(|e| NodeError::Invalid(e.to_string()))?;
        let doc = self.client.get(&url).await?;
        let inbox = doc
            .pointer("/endpoints/sharedInbox")
            .or_else(|| doc.get("inbox"))
            .and_then(Value::as_str)
            .ok_or_else(|| NodeError::Invalid(format!("{actor} has no inbox")))?;
        let user = doc
            .get("preferredUsername")
            .and_then(Value::as_str)
            .unwrap_or("someone");
        Ok(Mention {
            actor: actor.to_string(),
            name: format!("@{user}@{}", crate::signature::host_of(&url)),
            inbox: inbox.to_string(),
        })
    }

    /// The accounts one of the node's notes mentions (for its Update or
    /// Delete); one that cannot be reached now is left out.
    async fn mentions_of(&self, note: &Value) -> Vec<Mention> {
        let mut out = Vec::new();
        for tag in note
            .get("tag")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            if tag.get("type").and_then(Value::as_str) != Some("Mention") {
                continue;
            }
            if let Some(href) = tag.get("href").and_then(Value::as_str) {
                match self.mention(href).await {
                    Ok(m) => out.push(m),
                    Err(e) => tracing::warn!("mention {href}: {e}"),
                }
            }
        }
        out
    }

    /// The Note of `post` at `id`.
    fn note(
        &self,
        id: &str,
        post: &NewPost,
        now: i64,
        published: Option<&str>,
        mentions: &[Mention],
    ) -> Result<Value, NodeError> {
        if post.text.trim().is_empty() {
            return Err(NodeError::Invalid("a post needs some text".into()));
        }
        let (to, cc) = self.audience(post.visibility);
        let content = text_to_html(&post.text);
        let mut note = json!({
            "@context": "https://www.w3.org/ns/activitystreams",
            "id": id,
            "type": "Note",
            "attributedTo": self.cfg.actor_id(),
            "content": content,
            "summary": post.cw,
            "sensitive": post.sensitive || post.cw.is_some(),
            "published": published.map_or_else(|| rfc3339(now), str::to_string),
            "url": id,
            "to": to,
            "cc": cc,
        });
        if let Some(lang) = &post.language {
            note["contentMap"] = json!({ lang.as_str(): content });
        }
        if let Some(parent) = &post.in_reply_to {
            note["inReplyTo"] = json!(parent);
        }
        if !mentions.is_empty() {
            note["tag"] = json!(
                mentions
                    .iter()
                    .map(|m| json!({ "type": "Mention", "href": m.actor, "name": m.name }))
                    .collect::<Vec<_>>()
            );
            // Those mentioned are addressed, whatever the visibility.
            if let Some(cc) = note["cc"].as_array_mut() {
                cc.extend(mentions.iter().map(|m| json!(m.actor)));
            }
        }
        if !post.attachments.is_empty() {
            let mut list = Vec::new();
            for (url, alt) in &post.attachments {
                let parsed = Url::parse(url)
                    .ok()
                    .filter(|u| matches!(u.scheme(), "http" | "https"))
                    .ok_or_else(|| {
                        NodeError::Invalid(format!("attachment `{url}` is not a URL"))
                    })?;
                list.push(json!({
                    "type": "Document",
                    "mediaType": media_type(parsed.path()),
                    "url": url,
                    "name": alt,
                }));
            }
            note["attachment"] = json!(list);
        }
        Ok(note)
    }

    /// `to` and `cc` for a visibility.
    fn audience(&self, v: Visibility) -> (Value, Value) {
        let followers = self.cfg.collection("followers");
        match v {
            Visibility::Public => (json!([PUBLIC]), json!([followers])),
            Visibility::Unlisted => (json!([followers]), json!([PUBLIC])),
            Visibility::Followers => (json!([followers]), json!([])),
        }
    }

    /// An activity of the node about `note`, addressed like it.
    fn activity(&self, kind: &str, id: &str, note: &Value, object: Value) -> Value {
        json!({
            "@context": "https://www.w3.org/ns/activitystreams",
            "id": id,
            "type": kind,
            "actor": self.cfg.actor_id(),
            "published": note.get("published"),
            "to": note.get("to"),
            "cc": note.get("cc"),
            "object": object,
        })
    }

    /// Queues `activity` for the followers (and the relays, unless it is
    /// for followers only) and tries it now; returns what was tried and how
    /// many wait for the loop.
    async fn send(
        &self,
        activity: &Value,
        visibility: Visibility,
        mentioned: &[String],
        now: i64,
    ) -> Result<(Vec<(String, Result<(), FetchError>)>, usize), NodeError> {
        let mut inboxes: Vec<String> = if visibility == Visibility::Followers {
            vec![]
        } else {
            self.store
                .subscriptions()?
                .into_iter()
                .filter(|s| s.kind == "relay" && s.state == "accepted")
                .map(|s| s.inbox)
                .collect()
        };
        inboxes.extend(
            self.store
                .followers()?
                .into_iter()
                .filter(|f| f.state == "accepted")
                .map(|f| f.shared_inbox.unwrap_or(f.inbox)),
        );
        inboxes.extend(mentioned.iter().cloned());
        inboxes.sort();
        inboxes.dedup();
        // Through the queue: what fails now is tried again later, also
        // after a restart.
        let body = activity.to_string();
        self.store.enqueue(&inboxes, &body, now)?;
        let mut deliveries: Vec<(String, Result<(), FetchError>)> = self
            .deliver_due(now)
            .await?
            .into_iter()
            .filter(|(d, _)| d.activity == body)
            .map(|(d, r)| (d.inbox, r))
            .collect();
        // Inboxes marked dead are queued as dead, not tried.
        for inbox in &inboxes {
            if !deliveries.iter().any(|(i, _)| i == inbox) && self.store.is_dead(inbox, now)? {
                deliveries.push((
                    inbox.clone(),
                    Err(FetchError::Url(format!("{inbox} (marked dead)"))),
                ));
            }
        }
        deliveries.sort_by(|a, b| a.0.cmp(&b.0));
        // The loop sleeps until the next retry, which may now be sooner.
        self.queue_wake.notify_one();
        let queued = inboxes.len().saturating_sub(deliveries.len());
        Ok((deliveries, queued))
    }

    /// Tries the deliveries due at `now` (at most 64, at once) and records
    /// each outcome: done, again later (exponential backoff), or dead after
    /// the last attempt.
    pub async fn deliver_due(
        &self,
        now: i64,
    ) -> Result<Vec<(crate::store::Delivery, Result<(), FetchError>)>, NodeError> {
        let due = self.store.claim_due(now, 64, LEASE)?;
        let mut tasks = tokio::task::JoinSet::new();
        for d in due {
            let client = self.client.clone();
            tasks.spawn(async move {
                let result = match (
                    Url::parse(&d.inbox),
                    serde_json::from_str::<Value>(&d.activity),
                ) {
                    (Ok(url), Ok(activity)) => client.post(&url, &activity).await,
                    _ => Err(FetchError::Url(d.inbox.clone())),
                };
                (d, result)
            });
        }
        let mut out = Vec::new();
        while let Some(done) = tasks.join_next().await {
            let Ok((d, result)) = done else { continue };
            match &result {
                Ok(()) => {
                    tracing::info!(inbox = d.inbox, "delivered");
                    self.store.delivered(d.id, &d.inbox)?;
                }
                Err(e) => {
                    let attempts = d.attempts + 1;
                    let next = (attempts < MAX_ATTEMPTS).then(|| now + backoff(attempts));
                    tracing::warn!(inbox = d.inbox, attempts, error = %e, "not delivered");
                    self.store
                        .failed(&d, &e.to_string(), next, now, DEAD_AFTER)?;
                }
            }
            out.push((d, result));
        }
        Ok(out)
    }

    /// Delivers what is due, then sleeps until the next is due (or
    /// something is queued), until the task is dropped.
    pub async fn run_queue(self: Arc<Self>) {
        loop {
            let now = now_secs();
            if let Err(e) = self.deliver_due(now).await {
                tracing::warn!(error = %e, "delivery queue");
            }
            let wait = match self.store.next_due() {
                Ok(Some(at)) => (at - now_secs()).clamp(1, 60),
                _ => 60,
            };
            tokio::select! {
                _ = tokio::time::sleep(std::time::Duration::from_secs(wait as u64)) => {}
                _ = self.queue_wake.notified() => {}
            }
        }
    }
}

/// Seconds a claimed delivery is held back from other workers.
const LEASE: i64 = 300;
/// Attempts of one delivery before it is given up.
pub const MAX_ATTEMPTS: i64 = 8;
/// Failures in a row after which an inbox is marked dead.
pub const DEAD_AFTER: i64 = 16;

/// Seconds before attempt `n + 1`: 30 s, 1 min, 2 min, … at most 6 h.
pub fn backoff(attempts: i64) -> i64 {
    let exp = u32::try_from(attempts.clamp(0, 20)).unwrap_or(20);
    (30_i64.saturating_mul(2_i64.saturating_pow(exp.saturating_sub(1)))).min(6 * 3600)
}

type Shared = State<Arc<Node>>;

fn activity_json(doc: Value) -> Response {
    let mut resp = axum::Json(doc).into_response();
    resp.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(ACTIVITY_JSON),
    );
    resp
}

async fn webfinger(State(node): Shared, Query(q): Query<HashMap<String, String>>) -> Response {
    let resource = q.get("resource").map(String::as_str).unwrap_or("");
    match documents::webfinger(&node.cfg, resource) {
        Some(doc) => {
            let mut resp = axum::Json(doc).into_response();
            resp.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/jrd+json"),
            );
            resp
        }
        None => (StatusCode::NOT_FOUND, "no such account here").into_response(),
    }
}

async fn nodeinfo_links(State(node): Shared) -> Response {
    axum::Json(documents::nodeinfo_links(&node.cfg)).into_response()
}

async fn nodeinfo(State(node): Shared) -> Response {
    let posts = node.store.outbox(0, 0).map(|(n, _)| n).unwrap_or(0);
    axum::Json(documents::nodeinfo(posts)).into_response()
}

async fn actor(State(node): Shared) -> Response {
    activity_json(documents::actor(&node.cfg, node.key.public_pem()))
}

fn page_of(q: &HashMap<String, String>) -> Option<usize> {
    q.get("page")
        .and_then(|p| p.parse().ok())
        .filter(|p| *p >= 1)
}

/// One of the node's own objects (or the activity that made it), by its
/// full URL id.
async fn local_object(State(node): Shared, uri: Uri) -> Response {
    let id = format!(
        "{}{}",
        node.cfg.url().as_str().trim_end_matches('/'),
        uri.path()
            .strip_prefix(node.cfg.path_prefix())
            .unwrap_or(uri.path())
    );
    match node.store.local(&id) {
        Ok(Some(json)) => match serde_json::from_str::<Value>(&json) {
            // Followers-only posts reach followers in their Create only.
            Ok(doc) if visibility_of(&doc) == Visibility::Followers => {
                (StatusCode::NOT_FOUND, "no such object here").into_response()
            }
            Ok(doc) => activity_json(doc),
            Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
        },
        Ok(None) => (StatusCode::NOT_FOUND, "no such object here").into_response(),
        Err(e) => (StatusCode::INTERNAL_SERVER_ERROR, e.to_string()).into_response(),
    }
}

async fn outbox(State(node): Shared, Query(q): Query<HashMap<String, String>>) -> Response {
    let id = node.cfg.collection("outbox");
    let page = page_of(&q);
    let offset = page.map_or(0, |p| (p - 1) * documents::PAGE);
    match node.store.outbox(offset, documents::PAGE) {
        Ok((total, items)) => {
            let items = items
                .iter()
                .filter_map(|j| serde_json::from_str(j).ok())
                .collect();
            activity_json(documents::collection(&id, total, page, items))
        }
        Err(e) => (StatusCode::INTERNAL_SERVER_ERROR, e.to_string()).into_response(),
    }
}

async fn followers(State(node): Shared, Query(q): Query<HashMap<String, String>>) -> Response {
    let id = node.cfg.collection("followers");
    let list: Vec<Value> = node
        .store
        .followers()
        .unwrap_or_default()
        .into_iter()
        .filter(|f| f.state == "accepted")
        .map(|f| json!(f.actor))
        .collect();
    activity_json(paged(&id, list, page_of(&q)))
}

async fn following(State(node): Shared, Query(q): Query<HashMap<String, String>>) -> Response {
    let id = node.cfg.collection("following");
    let list: Vec<Value> = node
        .store
        .subscriptions()
        .unwrap_or_default()
        .into_iter()
        .filter(|s| s.state == "accepted" && s.kind == "account")
        .map(|s| json!(s.target))
        .collect();
    activity_json(paged(&id, list, page_of(&q)))
}

fn paged(id: &str, all: Vec<Value>, page: Option<usize>) -> Value {
    let total = all.len();
    let items = match page {
        Some(p) => all
            .into_iter()
            .skip((p - 1) * documents::PAGE)
            .take(documents::PAGE)
            .collect(),
        None => vec![],
    };
    documents::collection(id, total, page, items)
}

async fn inbox(
    State(node): Shared,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: axum::body::Body,
) -> Response {
    let refuse = |status: StatusCode, why: String| {
        tracing::info!(%status, why, "inbox request refused");
        (status, why).into_response()
    };
    let body: Bytes = match tokio::time::timeout(
        INBOX_READ_TIMEOUT,
        axum::body::to_bytes(body, MAX_INBOX_BODY),
    )
    .await
    {
        Ok(Ok(b)) => b,
        Ok(Err(_)) => {
            return refuse(
                StatusCode::PAYLOAD_TOO_LARGE,
                format!("the body is over {MAX_INBOX_BODY} bytes, or broke off"),
            );
        }
        Err(_) => {
            return refuse(
                StatusCode::REQUEST_TIMEOUT,
                "the body took too long to arrive".into(),
            );
        }
    };
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if !(content_type.starts_with(ACTIVITY_JSON) || content_type.starts_with("application/ld+json"))
    {
        return refuse(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "an inbox takes application/activity+json".into(),
        );
    }
    let Ok(activity) = serde_json::from_slice::<Value>(&body) else {
        return refuse(StatusCode::BAD_REQUEST, "the body is not JSON".into());
    };
    let actor_host = activity
        .get("actor")
        .and_then(id_of)
        .and_then(host_of_id)
        .unwrap_or_default();
    let bare_host = actor_host.split(':').next().unwrap_or_default();
    if node.cfg.blocked(bare_host) {
        return refuse(
            StatusCode::FORBIDDEN,
            format!("{bare_host} is blocked here"),
        );
    }
    if node.over_limit(&actor_host) {
        return refuse(
            StatusCode::TOO_MANY_REQUESTS,
            format!("too many requests from {actor_host}"),
        );
    }
    let target = uri
        .path_and_query()
        .map(|p| p.as_str().to_string())
        .unwrap_or_else(|| uri.path().to_string());
    let req = Incoming {
        method: method.as_str(),
        target: &target,
        headers: &headers,
        body: &body,
    };
    let actor = match node.verify(&req, &activity).await {
        Ok(actor) => actor,
        Err(why) => return refuse(StatusCode::UNAUTHORIZED, why.to_string()),
    };
    match node.receive(&activity, &actor).await {
        Ok(()) => StatusCode::ACCEPTED.into_response(),
        Err(e) => {
            tracing::warn!(actor, error = %e, "could not take an activity");
            // The signature was good; the content was not usable.
            (StatusCode::ACCEPTED, e.to_string()).into_response()
        }
    }
}
