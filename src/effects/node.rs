//! The federation node as a source: the effects of the node's account run
//! here, against its store and with its signed fetches, not against a
//! Mastodon server. ActivityPub objects become the client's entities
//! (`Status`, `Account`) so the same cards, threads and profiles show them.
//!
//! Ids: a post's id in the app is made from when it arrived and its
//! ActivityPub id (`at` then a hash, so ids sort by time like a server's),
//! and this side keeps the way back to the ActivityPub id. Accounts keep
//! their actor id.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use serde_json::{Value, json};
use tokio::sync::mpsc::UnboundedSender;

use crate::api::ApiError;
use crate::api::entities::{Account, Status, StatusId};
use crate::app::views::subscriptions::SubscriptionRow;
use crate::app::{Action, Effect, LoadedPage, PageItems, StreamStatus, TabKind};
use crate::federation::Node;
use crate::federation::node::{NewPost, NodeEvent, Visibility as NodeVisibility};

/// How many posts a page of the Relay timeline holds at most.
const PAGE: usize = 40;
/// How many documents one thread or profile fetches at most.
const FETCHES: usize = 20;

/// The node's side of the runner.
pub struct NodeSource {
    /// The account index the node has in the app.
    pub account: usize,
    node: Arc<Node>,
    tx: UnboundedSender<Action>,
    shared: Arc<Shared>,
    /// The task that forwards the node's events.
    events: Option<tokio::task::JoinHandle<()>>,
    /// Where events come from when the node runs in another process.
    socket: Option<std::path::PathBuf>,
}

/// What the tasks share: the ids and the actors already seen.
#[derive(Default)]
struct Shared {
    /// App id → ActivityPub id.
    ids: Mutex<HashMap<String, String>>,
    /// ActivityPub id → app id.
    back: Mutex<HashMap<String, String>>,
    /// Actor documents, by id.
    actors: Mutex<HashMap<String, Value>>,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// A 32-bit FNV-1a hash (stable across runs, unlike `DefaultHasher`).
fn fnv(s: &str) -> u32 {
    s.bytes().fold(0x811c_9dc5u32, |h, b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    })
}

fn unsupported(what: &str) -> ApiError {
    ApiError::Unsupported(format!("the federation node cannot {what}"))
}

fn node_error(e: impl std::fmt::Display) -> ApiError {
    ApiError::Network(e.to_string())
}

fn parse_time(v: Option<&Value>) -> Option<time::OffsetDateTime> {
    let s = v?.as_str()?;
    time::OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339).ok()
}

fn unix(t: time::OffsetDateTime) -> i64 {
    t.unix_timestamp()
}

fn rfc3339(t: i64) -> Value {
    time::OffsetDateTime::from_unix_timestamp(t)
        .ok()
        .and_then(|t| {
            t.format(&time::format_description::well_known::Rfc3339)
                .ok()
        })
        .map_or(Value::Null, Value::String)
}

/// The `id` of a value that is an id or an object with one.
fn id_of(v: &Value) -> Option<&str> {
    v.as_str()
        .or_else(|| v.get("id").and_then(Value::as_str))
        .or_else(|| v.get("href").and_then(Value::as_str))
}

/// The first URL of a `url` (a string, a Link, or a list of them).
fn url_of(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::Array(items) => items.iter().find_map(|i| url_of(Some(i))),
        other => id_of(other).map(str::to_string),
    }
}

fn host_of(id: &str) -> String {
    url::Url::parse(id)
        .ok()
        .map(|u| match u.port() {
            Some(p) => format!("{}:{p}", u.host_str().unwrap_or_default()),
            None => u.host_str().unwrap_or_default().to_string(),
        })
        .unwrap_or_default()
}

impl Shared {
    /// The app id of an object that arrived at `at`; `order` is its place
    /// in the store (own post?, insertion order), so ids sort as the store
    /// lists them, also within one second. An object fetched, not stored,
    /// sorts by a hash of its id within its second.
    fn app_id(&self, ap: &str, at: i64, order: Option<(bool, i64)>) -> String {
        if let Some(id) = lock(&self.back).get(ap) {
            return id.clone();
        }
        let at = at.max(0);
        let id = match order {
            Some((local, seq)) => format!("{at:011}{}{:012}", u8::from(local), seq.max(0)),
            None => format!("{at:011}2{:012}", fnv(ap)),
        };
        lock(&self.ids).insert(id.clone(), ap.to_string());
        lock(&self.back).insert(ap.to_string(), id.clone());
        id
    }

    /// The ActivityPub id behind an app id (an id it does not know is
    /// taken as an ActivityPub id already).
    fn ap_id(&self, id: &str) -> String {
        lock(&self.ids)
            .get(id)
            .cloned()
            .unwrap_or_else(|| id.to_string())
    }
}

/// An actor document as a Mastodon account (`doc`: `None` when it could
/// not be fetched).
pub fn account_json(actor: &str, doc: Option<&Value>) -> Value {
    let text = |k: &str| {
        doc.and_then(|d| d.get(k))
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string()
    };
    let username = Some(text("preferredUsername"))
        .filter(|u| !u.is_empty())
        .or_else(|| {
            url::Url::parse(actor)
                .ok()
                .and_then(|u| u.path_segments()?.next_back().map(str::to_string))
        })
        .unwrap_or_else(|| "unknown".into());
    let kind = text("type");
    let fields: Vec<Value> = doc
        .and_then(|d| d.get("attachment"))
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter(|a| a.get("type").and_then(Value::as_str) == Some("PropertyValue"))
        .map(|a| json!({ "name": a.get("name"), "value": a.get("value") }))
        .collect();
    let image = |k: &str| doc.and_then(|d| url_of(d.get(k).and_then(|i| i.get("url"))));
    json!({
        "id": actor,
        "username": username,
        "acct": format!("{username}@{}", host_of(actor)),
        "display_name": text("name"),
        "note": text("summary"),
        "url": doc.and_then(|d| url_of(d.get("url"))).unwrap_or_else(|| actor.to_string()),
        "avatar": image("icon"),
        "header": image("image"),
        "bot": kind == "Application" || kind == "Service",
        "locked": doc.and_then(|d| d.get("manuallyApprovesFollowers")).and_then(Value::as_bool).unwrap_or(false),
        "created_at": doc.and_then(|d| d.get("published")),
        "fields": fields,
    })
}

/// The attachments of an object as media.
fn media_json(note: &Value) -> Vec<Value> {
    let list = match note.get("attachment") {
        Some(Value::Array(v)) => v.clone(),
        Some(one @ Value::Object(_)) => vec![one.clone()],
        _ => vec![],
    };
    list.iter()
        .filter_map(|a| {
            let url = url_of(a.get("url"))?;
            let media_type = a.get("mediaType").and_then(Value::as_str).unwrap_or("");
            let kind = match media_type.split('/').next() {
                Some("image") if media_type == "image/gif" => "gifv",
                Some("image") => "image",
                Some("video") => "video",
                Some("audio") => "audio",
                _ => "unknown",
            };
            Some(json!({
                "id": url,
                "type": kind,
                "url": url,
                "preview_url": url,
                "remote_url": url,
                "description": a.get("name"),
                "blurhash": a.get("blurhash"),
            }))
        })
        .collect()
}

/// A Question's poll.
fn poll_json(note: &Value, id: &str) -> Option<Value> {
    let (options, multiple) = match (note.get("oneOf"), note.get("anyOf")) {
        (Some(Value::Array(o)), _) => (o, false),
        (_, Some(Value::Array(o))) => (o, true),
        _ => return None,
    };
    let options: Vec<Value> = options
        .iter()
        .map(|o| {
            json!({
                "title": o.get("name"),
                "votes_count": o.pointer("/replies/totalItems"),
            })
        })
        .collect();
    let votes: u64 = options
        .iter()
        .filter_map(|o| o["votes_count"].as_u64())
        .sum();
    let closed = note.get("closed").is_some_and(|c| !c.is_null());
    Some(json!({
        "id": id,
        "expires_at": note.get("endTime"),
        "expired": closed,
        "multiple": multiple,
        "votes_count": votes,
        "voters_count": note.get("votersCount"),
        "options": options,
        "voted": false,
        "own_votes": [],
    }))
}

/// `public`, `unlisted`, `private` or `direct`, from the addressing.
fn visibility_of(note: &Value) -> &'static str {
    const PUBLIC: &str = "https://www.w3.org/ns/activitystreams#Public";
    let has = |k: &str| match note.get(k) {
        Some(Value::Array(v)) => v.iter().any(|x| x.as_str() == Some(PUBLIC)),
        Some(Value::String(s)) => s == PUBLIC,
        _ => false,
    };
    let names_followers = |k: &str| match note.get(k) {
        Some(Value::Array(v)) => v
            .iter()
            .any(|x| x.as_str().is_some_and(|s| s.ends_with("/followers"))),
        Some(Value::String(s)) => s.ends_with("/followers"),
        _ => false,
    };
    if has("to") {
        "public"
    } else if has("cc") {
        "unlisted"
    } else if names_followers("to") || names_followers("cc") {
        "private"
    } else {
        "direct"
    }
}

impl NodeSource {
    /// The node's side for `account`, reporting on `tx`.
    pub fn new(account: usize, node: Arc<Node>, tx: UnboundedSender<Action>) -> NodeSource {
        NodeSource {
            account,
            node,
            tx,
            shared: Arc::new(Shared::default()),
            events: None,
            socket: None,
        }
    }

    /// Takes the node's events from the socket of a `trompe relay serve`
    /// running in another process, instead of from this process's node.
    pub fn set_socket(&mut self, path: std::path::PathBuf) {
        self.socket = Some(path);
    }

    /// Runs an effect of the node's account.
    pub fn run(&mut self, effect: Effect) {
        let account = self.account;
        if let Effect::StartStreaming { .. } | Effect::ReconnectStream { .. } = effect {
            self.start_events();
            return;
        }
        // Streams of other tabs: the node has one stream.
        if let Effect::Subscribe { .. } = effect {
            return;
        }
        let task = Task {
            account,
            node: self.node.clone(),
            shared: self.shared.clone(),
        };
        let tx = self.tx.clone();
        tokio::spawn(async move {
            if let Some(action) = task.run(effect).await {
                let _ = tx.send(action);
            }
        });
    }

    /// Forwards the node's events (new posts, deletions, subscription
    /// changes) as stream actions, from this process's node or from the
    /// socket of the serving one.
    fn start_events(&mut self) {
        if let Some(h) = self.events.take() {
            h.abort();
        }
        let task = Task {
            account: self.account,
            node: self.node.clone(),
            shared: self.shared.clone(),
        };
        let tx = self.tx.clone();
        let socket = self.socket.clone();
        let mut rx = self.node.events();
        self.events = Some(tokio::spawn(async move {
            let _ = tx.send(Action::StreamState {
                account: task.account,
                status: StreamStatus::Live,
            });
            match socket {
                None => loop {
                    match rx.recv().await {
                        Ok(e) => task.event(e, &tx).await,
                        Err(tokio::sync::broadcast::error::RecvError::Lagged(n)) => {
                            tracing::warn!("the node's events: {n} missed");
                        }
                        Err(tokio::sync::broadcast::error::RecvError::Closed) => break,
                    }
                },
                Some(path) => task.socket_events(&path, &tx).await,
            }
        }));
    }
}

/// One effect's work, on its own task.
struct Task {
    account: usize,
    node: Arc<Node>,
    shared: Arc<Shared>,
}

impl Task {
    /// Events from the socket of `trompe relay serve` (one JSON event a
    /// line); the connection is made again after a failure, with a pause
    /// that grows to a minute.
    #[cfg(unix)]
    async fn socket_events(&self, path: &std::path::Path, tx: &UnboundedSender<Action>) {
        use tokio::io::AsyncBufReadExt;
        let mut pause = std::time::Duration::from_secs(1);
        loop {
            match tokio::net::UnixStream::connect(path).await {
                Ok(stream) => {
                    pause = std::time::Duration::from_secs(1);
                    let _ = tx.send(Action::StreamState {
                        account: self.account,
                        status: StreamStatus::Live,
                    });
                    let mut lines = tokio::io::BufReader::new(stream).lines();
                    while let Ok(Some(line)) = lines.next_line().await {
                        match serde_json::from_str::<NodeEvent>(&line) {
                            Ok(e) => self.event(e, tx).await,
                            Err(e) => tracing::warn!("the node's socket sent {line:?}: {e}"),
                        }
                    }
                }
                Err(e) => tracing::info!("the node's socket {}: {e}", path.display()),
            }
            let _ = tx.send(Action::StreamState {
                account: self.account,
                status: StreamStatus::Reconnecting { attempt: 1 },
            });
            tokio::time::sleep(pause).await;
            pause = (pause * 2).min(std::time::Duration::from_secs(60));
        }
    }

    #[cfg(not(unix))]
    async fn socket_events(&self, _path: &std::path::Path, _tx: &UnboundedSender<Action>) {}

    /// One event of the node, as the app's stream actions.
    async fn event(&self, e: NodeEvent, tx: &UnboundedSender<Action>) {
        let account = self.account;
        match e {
            NodeEvent::Stored(id) => {
                let item = {
                    let store = self.node.store.clone();
                    let id = id.clone();
                    tokio::task::spawn_blocking(move || store.timeline_item(&id))
                        .await
                        .ok()
                        .and_then(Result::ok)
                        .flatten()
                };
                let Some(item) = item else {
                    return;
                };
                if let Some(status) = self.stored_status(&item).await {
                    let edited = status.edited_at.is_some();
                    let status = Box::new(status);
                    let _ = tx.send(Action::StreamUpdate {
                        account,
                        stream: "relay".into(),
                        status: status.clone(),
                    });
                    if edited {
                        let _ = tx.send(Action::StreamStatusUpdate { account, status });
                    }
                }
            }
            NodeEvent::Deleted(id) => {
                let app = lock(&self.shared.back).get(&id).cloned();
                if let Some(app) = app {
                    let _ = tx.send(Action::StreamDelete {
                        account,
                        id: StatusId::new(app),
                    });
                }
            }
            NodeEvent::Subscriptions => {
                let _ = tx.send(Action::SubscriptionsChanged { account });
            }
        }
    }

    /// An actor document, fetched (signed) once.
    async fn actor(&self, id: &str) -> Option<Value> {
        if let Some(doc) = lock(&self.shared.actors).get(id) {
            return Some(doc.clone());
        }
        let url = url::Url::parse(id).ok()?;
        match self.node.client().get(&url).await {
            Ok(doc) => {
                let mut cache = lock(&self.shared.actors);
                // A small cache: forget all when it is full.
                if cache.len() >= 512 {
                    cache.clear();
                }
                cache.insert(id.to_string(), doc.clone());
                Some(doc)
            }
            Err(e) => {
                tracing::info!("actor {id}: {e}");
                None
            }
        }
    }

    /// The node's own actor, as an account.
    fn me(&self) -> Value {
        let cfg = &self.node.cfg;
        let mut a = account_json(&cfg.actor_id(), None);
        a["username"] = json!(cfg.name);
        a["acct"] = json!(format!("{}@{}", cfg.name, cfg.host()));
        a["display_name"] = json!(format!("{} (node)", cfg.name));
        a["bot"] = json!(true);
        a
    }

    async fn account(&self, actor: &str) -> Value {
        if actor == self.node.cfg.actor_id() {
            return self.me();
        }
        let doc = self.actor(actor).await;
        account_json(actor, doc.as_ref())
    }

    /// An ActivityPub object (Note, Question, Article, Page) as a status;
    /// `at` is when it arrived.
    async fn status(&self, note: &Value, at: i64) -> Option<Status> {
        self.status_ordered(note, at, None).await
    }

    /// [`Task::status`] of a stored object, at its place in the store.
    async fn stored_status(&self, item: &crate::federation::store::TimelineItem) -> Option<Status> {
        let doc = serde_json::from_str::<Value>(&item.json).ok()?;
        self.status_ordered(&doc, item.at, Some((item.local, item.seq)))
            .await
    }

    async fn status_ordered(
        &self,
        note: &Value,
        at: i64,
        order: Option<(bool, i64)>,
    ) -> Option<Status> {
        let ap = note.get("id").and_then(Value::as_str)?;
        let kind = note.get("type").and_then(Value::as_str).unwrap_or("");
        if !matches!(kind, "Note" | "Question" | "Article" | "Page") {
            return None;
        }
        let author = author_of(note)?;
        let account = self.account(&author).await;
        let id = self.shared.app_id(ap, at, order);
        let parent = note.get("inReplyTo").and_then(id_of).map(|parent| {
            lock(&self.shared.back)
                .get(parent)
                .cloned()
                .unwrap_or_else(|| parent.to_string())
        });
        status_of(note, &id, at, account, parent)
    }

    /// A document by id: from the store when it is there, else fetched.
    async fn document(&self, ap: &str) -> Result<(Value, i64), ApiError> {
        let store = self.node.store.clone();
        let key = ap.to_string();
        let stored = tokio::task::spawn_blocking(move || store.timeline_item(&key))
            .await
            .ok()
            .and_then(Result::ok)
            .flatten();
        if let Some(item) = stored {
            let doc = serde_json::from_str(&item.json).map_err(node_error)?;
            return Ok((doc, item.at));
        }
        let url = url::Url::parse(ap).map_err(|e| ApiError::Url(e.to_string()))?;
        let doc = self.node.client().get(&url).await.map_err(node_error)?;
        let at = parse_time(doc.get("published"))
            .map(unix)
            .unwrap_or_else(|| unix(time::OffsetDateTime::now_utc()));
        Ok((doc, at))
    }

    /// The items of a collection's first page (at most `FETCHES`).
    async fn collection_items(&self, collection: &Value) -> Vec<Value> {
        let mut page = collection.clone();
        // A collection named by id, or whose items are on a first page.
        for _ in 0..2 {
            if page.get("orderedItems").is_some() || page.get("items").is_some() {
                break;
            }
            let next = page.get("first").or(Some(&page)).and_then(|f| {
                if f.is_object() && (f.get("orderedItems").is_some() || f.get("items").is_some()) {
                    None
                } else {
                    id_of(f).map(str::to_string)
                }
            });
            if let Some(first) = page.get("first").filter(|f| f.is_object()) {
                page = first.clone();
                continue;
            }
            let Some(url) = next.and_then(|n| url::Url::parse(&n).ok()) else {
                break;
            };
            match self.node.client().get(&url).await {
                Ok(p) => page = p,
                Err(e) => {
                    tracing::info!("collection {url}: {e}");
                    return vec![];
                }
            }
        }
        page.get("orderedItems")
            .or_else(|| page.get("items"))
            .and_then(Value::as_array)
            .map(|v| v.iter().take(FETCHES).cloned().collect())
            .unwrap_or_default()
    }

    /// An actor's latest posts, from its outbox.
    async fn outbox(&self, actor: &str) -> Result<Vec<Status>, ApiError> {
        let doc = self.actor(actor).await.ok_or_else(|| ApiError::NotFound {
            message: format!("{actor} could not be fetched"),
        })?;
        let Some(outbox) = doc.get("outbox").cloned() else {
            return Ok(vec![]);
        };
        let mut out = Vec::new();
        for item in self.collection_items(&outbox).await {
            let kind = item.get("type").and_then(Value::as_str).unwrap_or("");
            let object = match kind {
                "Create" => item.get("object").cloned(),
                "Note" | "Question" | "Article" | "Page" => Some(item.clone()),
                _ => None,
            };
            let object = match object {
                Some(o) if o.is_object() => o,
                Some(o) => match id_of(&o) {
                    Some(id) => match self.document(id).await {
                        Ok((doc, _)) => doc,
                        Err(_) => continue,
                    },
                    None => continue,
                },
                None => continue,
            };
            let at = parse_time(object.get("published"))
                .map(unix)
                .unwrap_or_default();
            if let Some(s) = self.status(&object, at).await {
                out.push(s);
            }
        }
        Ok(out)
    }

    /// A thread: the post's ancestors (through `inReplyTo`) and the first
    /// page of its replies.
    async fn context(&self, id: &str) -> Result<crate::api::entities::Context, ApiError> {
        let ap = self.shared.ap_id(id);
        let (doc, _) = self.document(&ap).await?;
        let mut ancestors = Vec::new();
        let mut parent = doc.get("inReplyTo").and_then(id_of).map(str::to_string);
        while let Some(p) = parent.take() {
            if ancestors.len() >= FETCHES {
                break;
            }
            let Ok((d, at)) = self.document(&p).await else {
                break;
            };
            parent = d.get("inReplyTo").and_then(id_of).map(str::to_string);
            if let Some(s) = self.status(&d, at).await {
                ancestors.insert(0, s);
            }
        }
        let mut descendants = Vec::new();
        if let Some(replies) = doc.get("replies") {
            for item in self.collection_items(replies).await {
                let d = if item.is_object() && item.get("type").is_some() {
                    item
                } else {
                    match id_of(&item) {
                        Some(rid) => match self.document(rid).await {
                            Ok((d, _)) => d,
                            Err(_) => continue,
                        },
                        None => continue,
                    }
                };
                let at = parse_time(d.get("published")).map(unix).unwrap_or_default();
                if let Some(s) = self.status(&d, at).await {
                    descendants.push(s);
                }
            }
        }
        Ok(crate::api::entities::Context {
            ancestors,
            descendants,
        })
    }

    /// The relationship of the node with an actor, from its subscriptions.
    async fn relationship(&self, actor: &str) -> Value {
        let store = self.node.store.clone();
        let (subs, followers) = tokio::task::spawn_blocking(move || {
            (
                store.subscriptions().unwrap_or_default(),
                store.followers().unwrap_or_default(),
            )
        })
        .await
        .unwrap_or_default();
        let sub = subs.iter().find(|s| s.target == actor);
        json!({
            "id": actor,
            "following": sub.is_some_and(|s| s.state == "accepted"),
            "requested": sub.is_some_and(|s| s.state == "pending"),
            "followed_by": followers.iter().any(|f| f.actor == actor && f.state == "accepted"),
        })
    }

    /// The subscriptions as rows.
    async fn subscriptions(&self) -> Result<Vec<SubscriptionRow>, String> {
        let store = self.node.store.clone();
        let subs = tokio::task::spawn_blocking(move || store.subscriptions())
            .await
            .map_err(|e| e.to_string())?
            .map_err(|e| e.to_string())?;
        let time = |t: i64| time::OffsetDateTime::from_unix_timestamp(t).ok();
        Ok(subs
            .into_iter()
            .map(|s| SubscriptionRow {
                target: s.target,
                kind: s.kind,
                state: s.state,
                error: s.error,
                updated_at: time(s.updated_at),
                last_activity: s.last_activity.and_then(time),
            })
            .collect())
    }

    /// A draft as the node's post.
    fn post_of(&self, draft: &crate::compose::Draft) -> Result<NewPost, String> {
        use crate::api::entities::Visibility as V;
        if draft.poll.is_some() {
            return Err("the node does not post polls".into());
        }
        if draft.scheduled_at.is_some() {
            return Err("the node does not schedule posts: it publishes at once".into());
        }
        let visibility = match draft.visibility {
            V::Public => NodeVisibility::Public,
            V::Unlisted => NodeVisibility::Unlisted,
            V::Private => NodeVisibility::Followers,
            _ => return Err("the node posts publicly, unlisted or to its followers".into()),
        };
        let mut attachments = Vec::new();
        for m in &draft.media {
            // A URL typed as the file, or an attachment kept by an edit
            // (its id is its URL).
            let url = m
                .path
                .as_ref()
                .map(|p| p.to_string_lossy().to_string())
                .or_else(|| m.uploaded.as_ref().map(|id| id.as_str().to_string()))
                .filter(|p| p.starts_with("https://") || p.starts_with("http://"))
                .ok_or("the node attaches media by URL (https://…), not files")?;
            attachments.push((url, m.description.clone()));
        }
        Ok(NewPost {
            text: draft.text.clone(),
            cw: Some(draft.cw.trim().to_string()).filter(|c| !c.is_empty()),
            sensitive: draft.sensitive,
            visibility,
            language: draft.language.clone(),
            attachments,
            in_reply_to: draft
                .reply_to
                .as_ref()
                .map(|r| self.shared.ap_id(r.id.as_str())),
        })
    }

    /// `@user@host` or a URL of an actor or a post, resolved by the node.
    async fn search(&self, query: &str) -> Result<crate::api::entities::SearchResults, ApiError> {
        let q = query.trim();
        let looks_remote = q.starts_with("https://")
            || q.starts_with("http://")
            || q.trim_start_matches('@').contains('@');
        if !looks_remote {
            return Err(ApiError::Unsupported(
                "the node finds @user@host or a post's URL; words need an instance".into(),
            ));
        }
        let mut results = crate::api::entities::SearchResults::default();
        // A handle, or a URL that is an actor.
        let doc = if q.starts_with("http") {
            let url = url::Url::parse(q).map_err(|e| ApiError::Url(e.to_string()))?;
            self.node.client().get(&url).await.map_err(node_error)?
        } else {
            let actor = self.node.resolve_actor(q).await.map_err(node_error)?;
            json!({ "id": actor, "type": "Person" })
        };
        let kind = doc.get("type").and_then(Value::as_str).unwrap_or("");
        let id = doc.get("id").and_then(Value::as_str).unwrap_or_default();
        if matches!(
            kind,
            "Person" | "Service" | "Application" | "Group" | "Organization"
        ) {
            let account = self.account(id).await;
            results.accounts =
                vec![serde_json::from_value::<Account>(account).map_err(node_error)?];
        } else {
            let at = parse_time(doc.get("published"))
                .map(unix)
                .unwrap_or_default();
            match self.status(&doc, at).await {
                Some(s) => results.statuses = vec![s],
                None => {
                    return Err(ApiError::NotFound {
                        message: format!("{q} is neither an account nor a post"),
                    });
                }
            }
        }
        Ok(results)
    }

    /// Does the effect's work; the action reports it (`None`: nothing to say).
    async fn run(&self, effect: Effect) -> Option<Action> {
        let account = self.account;
        Some(match effect {
            Effect::VerifyCredentials { .. } => Action::CredentialsLoaded {
                account,
                result: serde_json::from_value::<Account>(self.me())
                    .map(Box::new)
                    .map_err(node_error),
            },
            Effect::LoadTimeline {
                tab,
                request,
                kind,
                direction,
                query,
                ..
            } => Action::TimelineLoaded {
                account,
                tab,
                request,
                direction,
                result: self.page(&kind, &query).await.map(|statuses| LoadedPage {
                    items: PageItems::Statuses(statuses),
                    next: None,
                    groups: vec![],
                }),
            },
            Effect::NodeSubscriptions { change, .. } => {
                let said = self.change_subscriptions(change).await;
                Action::SubscriptionsLoaded {
                    account,
                    result: self.subscriptions().await,
                    said,
                }
            }
            Effect::LoadContext { request, id, .. } => Action::ContextLoaded {
                account,
                request,
                result: self.context(id.as_str()).await.map(Box::new),
            },
            Effect::LoadProfile { id, .. } => Action::ProfileLoaded {
                account,
                result: self
                    .profile(id.as_str())
                    .await
                    .map(|(a, rel)| (a, rel, Vec::new())),
            },
            Effect::LookupAccount { acct, then, .. } => {
                let result = match self.node.resolve_actor(&acct).await {
                    Ok(actor) => serde_json::from_value::<Account>(self.account(&actor).await)
                        .map(Box::new)
                        .map_err(node_error),
                    Err(e) => Err(node_error(e)),
                };
                Action::AccountFound {
                    account,
                    then,
                    result,
                }
            }
            Effect::Search { request, query, .. } => Action::SearchLoaded {
                account,
                request,
                result: self.search(&query).await.map(Box::new),
            },
            Effect::SendDraft { draft, .. } => {
                let result = match self.post_of(&draft) {
                    Err(e) => Err(e),
                    Ok(post) => match &draft.edit_of {
                        Some(id) => self.node.edit(&self.shared.ap_id(id.as_str()), &post).await,
                        None => self.node.publish(&post).await,
                    }
                    .map(|p| Some(p.id))
                    .map_err(|e| e.to_string()),
                };
                Action::DraftSent {
                    account,
                    draft,
                    result,
                }
            }
            Effect::DeleteStatus { id, redraft, .. } => {
                let ap = self.shared.ap_id(id.as_str());
                Action::DeleteDone {
                    account,
                    id,
                    redraft,
                    result: self
                        .node
                        .delete(&ap)
                        .await
                        .map(|_| None)
                        .map_err(node_error),
                }
            }
            Effect::AccountOp { id, op, .. } => self.account_op(id.as_str(), op).await,
            other => return refused(account, other),
        })
    }

    /// A page of the Relay timeline, or of an actor's posts (its outbox).
    async fn page(
        &self,
        kind: &TabKind,
        query: &crate::api::PageQuery,
    ) -> Result<Vec<Status>, ApiError> {
        match kind {
            TabKind::Relay => {
                let before = query.max_id.as_deref().map(|i| self.shared.ap_id(i));
                let after = query
                    .min_id
                    .as_deref()
                    .or(query.since_id.as_deref())
                    .map(|i| self.shared.ap_id(i));
                let limit = query.limit.map_or(PAGE, |l| (l as usize).min(PAGE));
                let store = self.node.store.clone();
                let items = tokio::task::spawn_blocking(move || {
                    store.timeline(before.as_deref(), after.as_deref(), limit)
                })
                .await
                .map_err(node_error)
                .and_then(|r| r.map_err(node_error));
                match items {
                    Ok(items) => {
                        let mut statuses = Vec::new();
                        for item in items {
                            if let Some(s) = self.stored_status(&item).await {
                                statuses.push(s);
                            }
                        }
                        Ok(statuses)
                    }
                    Err(e) => Err(e),
                }
            }
            TabKind::Timeline(crate::api::endpoints::timelines::TimelineKind::Account {
                id,
                ..
            }) => {
                // The outbox has one page here: older pages are empty.
                if query.max_id.is_some() || query.min_id.is_some() {
                    Ok(vec![])
                } else {
                    self.outbox(id.as_str()).await
                }
            }
            other => Err(unsupported(&format!("show {}", other.title()))),
        }
    }

    /// Follows or unfollows, when asked; how it went.
    async fn change_subscriptions(
        &self,
        change: Option<crate::app::effect::SubscriptionChange>,
    ) -> Option<Result<String, String>> {
        use crate::app::effect::SubscriptionChange as C;
        match change {
            None => None,
            Some(C::Follow { target, relay }) => {
                Some(match self.node.follow(&target, relay).await {
                    Ok(s) if relay => Ok(format!("subscribed to {}: {}", s.target, s.state)),
                    Ok(s) => Ok(format!("follow sent to {}: {}", s.target, s.state)),
                    Err(e) => Err(format!("could not follow {target}: {e}")),
                })
            }
            Some(C::Unfollow(target)) => Some(match self.node.unfollow(&target).await {
                Ok(()) => Ok(format!("unfollowed {target}")),
                Err(e) => Err(format!("could not unfollow {target}: {e}")),
            }),
        }
    }

    /// An actor's profile and the node's relationship with it.
    async fn profile(
        &self,
        actor: &str,
    ) -> Result<(Box<Account>, Option<crate::api::entities::Relationship>), ApiError> {
        let actor = actor.to_string();
        match self.actor(&actor).await {
            Some(doc) => {
                let account = account_json(&actor, Some(&doc));
                let rel = self.relationship(&actor).await;
                serde_json::from_value::<Account>(account)
                    .map(|a| (Box::new(a), serde_json::from_value(rel).ok()))
                    .map_err(node_error)
            }
            None if actor == self.node.cfg.actor_id() => {
                serde_json::from_value::<Account>(self.me())
                    .map(|a| (Box::new(a), None))
                    .map_err(node_error)
            }
            None => Err(ApiError::NotFound {
                message: format!("{actor} could not be fetched"),
            }),
        }
    }

    /// Follow and unfollow from a profile; the node does nothing else.
    async fn account_op(&self, actor: &str, op: crate::app::interact::AccountOp) -> Action {
        let account = self.account;
        let actor = actor.to_string();
        use crate::app::interact::AccountOp;
        let result = match op {
            AccountOp::Follow => self.node.follow(&actor, false).await.map(|_| ()),
            AccountOp::Unfollow => self.node.unfollow(&actor).await,
            _ => {
                return Action::RelationshipChanged {
                    account,
                    what: String::new(),
                    result: Err(unsupported("mute or block (it only follows)")),
                };
            }
        };
        Action::RelationshipChanged {
            account,
            what: if op == AccountOp::Follow {
                "follow sent".into()
            } else {
                "unfollowed".into()
            },
            result: match result {
                Ok(()) => serde_json::from_value(self.relationship(&actor).await)
                    .map(Box::new)
                    .map_err(node_error),
                Err(e) => Err(node_error(e)),
            },
        }
    }
}

/// What the node cannot do, answered as the action that reports it (so a
/// view waiting for it stops waiting, and the user reads why).
fn refused(account: usize, effect: Effect) -> Option<Action> {
    Some(match effect {
        Effect::StatusOp { id, op, .. } => Action::StatusOpDone {
            account,
            id,
            op,
            result: Err(unsupported("favourite, boost or bookmark posts")),
        },
        Effect::Vote { status, .. } => Action::PollVoted {
            account,
            status,
            result: Err(unsupported("vote")),
        },
        Effect::Translate { id, .. } => Action::Translated {
            account,
            id,
            result: Err(unsupported("translate")),
        },
        Effect::LoadHistory { .. } => Action::TextLoaded {
            account,
            result: Err(unsupported("show an edit history")),
        },
        Effect::LoadLists { .. } => Action::ListsLoaded {
            account,
            result: Err(unsupported("keep lists")),
        },
        Effect::LoadScheduled { .. } => Action::ScheduledLoaded {
            account,
            result: Err(unsupported("schedule posts")),
        },
        Effect::LoadPeople { request, .. } => Action::PeopleLoaded {
            account,
            request,
            result: Err(unsupported(
                "list accounts here (:subscriptions lists its follows)",
            )),
        },
        Effect::LoadTags { kind, .. } => Action::TagsLoaded {
            account,
            kind,
            result: Err(unsupported("list hashtags")),
        },
        Effect::Filters { .. } => Action::FiltersLoaded {
            account,
            done: None,
            result: Err(unsupported("keep filters")),
        },
        Effect::Requests { .. } => Action::RequestsLoaded {
            account,
            result: Err(unsupported("hold notifications")),
        },
        Effect::Complete { word, .. } => Action::Suggestions {
            word,
            items: vec![],
        },
        Effect::LoadLanguages { .. } => Action::LanguagesLoaded {
            account,
            result: Err(unsupported("list languages")),
        },
        Effect::LoadInstance { .. }
        | Effect::LoadMarkers { .. }
        | Effect::SaveMarkers { .. }
        | Effect::LoadAnnouncements { .. } => return None,
        other => Action::ServerActionDone {
            account,
            what: "that".into(),
            result: Err(unsupported(&format!(
                "do that ({})",
                format!("{other:?}")
                    .split([' ', '{', '('])
                    .next()
                    .unwrap_or("?")
            ))),
        },
    })
}

/// The author of an object (`attributedTo`).
fn author_of(note: &Value) -> Option<String> {
    match note.get("attributedTo") {
        Some(Value::Array(v)) => v.iter().find_map(id_of),
        Some(other) => id_of(other),
        None => None,
    }
    .map(str::to_string)
}

/// An ActivityPub object (Note, Question, Article, Page) as a status with
/// the app id `id`, by `account` (a Mastodon account, see
/// [`account_json`]), answering the post with app id `parent`; `at` is
/// when it arrived. `None` for other objects.
pub fn status_of(
    note: &Value,
    id: &str,
    at: i64,
    account: Value,
    parent: Option<String>,
) -> Option<Status> {
    let ap = note.get("id").and_then(Value::as_str)?;
    let kind = note.get("type").and_then(Value::as_str).unwrap_or("");
    if !matches!(kind, "Note" | "Question" | "Article" | "Page") {
        return None;
    }
    let tags: Vec<&Value> = match note.get("tag") {
        Some(Value::Array(v)) => v.iter().collect(),
        Some(one @ Value::Object(_)) => vec![one],
        _ => vec![],
    };
    let of = |k: &'static str| {
        tags.iter()
            .filter(move |t| t.get("type").and_then(Value::as_str) == Some(k))
            .copied()
    };
    let mentions: Vec<Value> = of("Mention")
        .filter_map(|t| {
            let href = t.get("href").and_then(Value::as_str)?;
            let name = t
                .get("name")
                .and_then(Value::as_str)
                .unwrap_or(href)
                .trim_start_matches('@');
            Some(json!({
                "id": href,
                "username": name.split('@').next().unwrap_or(name),
                "acct": name,
                "url": href,
            }))
        })
        .collect();
    let hashtags: Vec<Value> = of("Hashtag")
        .filter_map(|t| {
            let name = t
                .get("name")
                .and_then(Value::as_str)?
                .trim_start_matches('#');
            Some(json!({ "name": name, "url": t.get("href") }))
        })
        .collect();
    let emojis: Vec<Value> = of("Emoji")
        .filter_map(|t| {
            let code = t.get("name").and_then(Value::as_str)?.trim_matches(':');
            let url = url_of(t.get("icon").and_then(|i| i.get("url")))?;
            Some(json!({ "shortcode": code, "url": url, "static_url": url }))
        })
        .collect();
    let mut content = note
        .get("content")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    // An article's title, then its summary as the text.
    if kind != "Note" && kind != "Question" {
        if let Some(name) = note.get("name").and_then(Value::as_str) {
            content = format!("<p><strong>{}</strong></p>{content}", escape(name));
        }
    }
    let created = note
        .get("published")
        .filter(|p| parse_time(Some(p)).is_some())
        .cloned()
        .unwrap_or_else(|| rfc3339(at));
    // Whom it answers: the first account it mentions, as servers do.
    let reply_to_account = parent
        .as_ref()
        .and_then(|_| mentions.first())
        .and_then(|m| m.get("id").cloned());
    let status = json!({
        "id": id,
        "uri": ap,
        "url": url_of(note.get("url")).unwrap_or_else(|| ap.to_string()),
        "created_at": created,
        "edited_at": note.get("updated").filter(|u| parse_time(Some(u)).is_some()),
        "account": account,
        "content": content,
        "spoiler_text": note.get("summary").and_then(Value::as_str).unwrap_or_default(),
        "sensitive": note.get("sensitive").and_then(Value::as_bool).unwrap_or(false),
        "language": note.get("contentMap").and_then(Value::as_object).and_then(|m| m.keys().next().cloned()),
        "visibility": visibility_of(note),
        "in_reply_to_id": parent,
        "in_reply_to_account_id": reply_to_account,
        "media_attachments": media_json(note),
        "poll": if kind == "Question" { poll_json(note, ap) } else { None },
        "mentions": mentions,
        "tags": hashtags,
        "emojis": emojis,
        "replies_count": note.pointer("/replies/totalItems"),
    });
    match serde_json::from_value::<Status>(status) {
        Ok(s) => Some(s),
        Err(e) => {
            tracing::warn!("{ap} does not map to a status: {e}");
            None
        }
    }
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_sort_by_arrival_and_lead_back() {
        let s = Shared::default();
        let a = s.app_id("https://a.example/notes/1", 1_700_000_000, None);
        let b = s.app_id("https://b.example/notes/2", 1_700_000_001, None);
        // In one second: the store's order.
        let c = s.app_id("https://c.example/notes/3", 1_700_000_001, Some((false, 7)));
        let d = s.app_id(
            "https://d.example/notes/4",
            1_700_000_001,
            Some((false, 12)),
        );
        let own = s.app_id(
            "https://node.example/objects/5",
            1_700_000_001,
            Some((true, 1)),
        );
        assert!(crate::app::timeline::cmp_ids(&c, &d).is_lt());
        assert!(crate::app::timeline::cmp_ids(&d, &own).is_lt());
        assert_eq!(c.len(), a.len());
        assert!(crate::app::timeline::cmp_ids(&a, &b).is_lt());
        assert_eq!(a.len(), b.len());
        assert_eq!(s.ap_id(&b), "https://b.example/notes/2");
        // The same object keeps its id.
        assert_eq!(s.app_id("https://a.example/notes/1", 5, None), a);
        // An unknown id is taken as an ActivityPub id.
        assert_eq!(s.ap_id("https://c.example/x"), "https://c.example/x");
    }

    #[test]
    fn addressing_gives_the_visibility() {
        let p = "https://www.w3.org/ns/activitystreams#Public";
        assert_eq!(visibility_of(&json!({"to": [p]})), "public");
        assert_eq!(
            visibility_of(&json!({"to": ["x/followers"], "cc": [p]})),
            "unlisted"
        );
        assert_eq!(
            visibility_of(&json!({"to": "https://h/u/followers"})),
            "private"
        );
        assert_eq!(visibility_of(&json!({"to": ["https://h/u/bob"]})), "direct");
    }

    #[test]
    fn an_actor_without_a_document_still_has_a_name() {
        let a = account_json("https://h.example:8443/users/zoe", None);
        assert_eq!(a["acct"], "zoe@h.example:8443");
        let acc: Account = serde_json::from_value(a).expect("account");
        assert_eq!(acc.username, "zoe");
    }
}
