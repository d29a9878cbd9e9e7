//! `trompe relay …`: the node. `init` makes its key, store and `[relay]`
//! table; `serve` runs it; `follow`, `subscribe`, their undos and `status`
//! work on its store (also while `serve` runs in another process: the store
//! is SQLite in WAL mode).

use std::path::PathBuf;
use std::process::ExitCode;

use trompe_federation::{Node, NodeConfig, NodeKey, RelayConfig, Store};

use super::{EXIT_NETWORK, EXIT_USAGE};
use crate::config::Paths;
use crate::config::accounts::ConfigFile;

/// Arguments of `relay`.
#[derive(clap::Args, Debug)]
pub struct RelayArgs {
    #[command(subcommand)]
    pub command: RelayCommand,
}

/// The node's subcommands.
#[derive(clap::Subcommand, Debug)]
pub enum RelayCommand {
    /// Create the node: an RSA-2048 key, a store, and a `[relay]` table in config.toml.
    ///
    /// Example: `trompe relay init --public-url https://node.example --name trompe`
    Init {
        /// Where peers reach the node: https://HOST[/path].
        #[arg(long)]
        public_url: String,
        /// The actor's name (acct:NAME@HOST).
        #[arg(long, default_value = "trompe")]
        name: String,
    },
    /// Serve the node (WebFinger, NodeInfo, actor, inbox, outbox) until Ctrl-C or SIGTERM.
    ///
    /// Example: `trompe relay serve --listen 127.0.0.1:8787`
    Serve {
        /// The address to listen on (default: the `[relay]` table's, on loopback).
        #[arg(long)]
        listen: Option<String>,
        /// Allow fetching from and delivering to private addresses (tests, LANs).
        #[arg(long)]
        allow_private_addresses: bool,
        /// Serve HTTPS with this certificate chain (PEM); needs --tls-key.
        #[arg(long, requires = "tls_key")]
        tls_cert: Option<PathBuf>,
        /// The certificate's private key (PEM); needs --tls-cert.
        #[arg(long, requires = "tls_cert")]
        tls_key: Option<PathBuf>,
    },
    /// Follow an account on any instance (@user@host or its actor URL).
    Follow {
        target: String,
        #[arg(long)]
        allow_private_addresses: bool,
    },
    /// Stop following an account.
    Unfollow {
        target: String,
        #[arg(long)]
        allow_private_addresses: bool,
    },
    /// Subscribe to a relay (its actor or inbox URL).
    Subscribe {
        relay: String,
        #[arg(long)]
        allow_private_addresses: bool,
    },
    /// Unsubscribe from a relay.
    Unsubscribe {
        relay: String,
        #[arg(long)]
        allow_private_addresses: bool,
    },
    /// The subscriptions and their state, and the followers.
    Status,
    /// Publish a post as the node, to its followers (and relays, unless for followers only).
    ///
    /// Example: `trompe relay post "Hello from a terminal" --cw "greetings" --visibility unlisted`
    Post {
        text: String,
        #[command(flatten)]
        opts: PostOpts,
        #[arg(long)]
        allow_private_addresses: bool,
    },
    /// Edit one of the node's posts (by id): an Update goes where it went.
    Edit {
        id: String,
        text: String,
        #[command(flatten)]
        opts: PostOpts,
        #[arg(long)]
        allow_private_addresses: bool,
    },
    /// Delete one of the node's posts (by id): a Delete goes where it went.
    Delete {
        id: String,
        #[arg(long)]
        allow_private_addresses: bool,
    },
    /// Accept a follower waiting for approval (with `approve_followers = true`).
    Approve {
        /// The follower's actor id (see `trompe relay status`).
        actor: String,
        #[arg(long)]
        allow_private_addresses: bool,
    },
    /// Refuse a follower waiting for approval.
    Reject {
        actor: String,
        #[arg(long)]
        allow_private_addresses: bool,
    },
    /// The deliveries waiting for a retry, and those given up.
    Queue,
    /// The posts the node received, newest first.
    Objects {
        /// How many.
        #[arg(long, default_value_t = 20)]
        limit: usize,
    },
}

/// How a post is made.
#[derive(clap::Args, Debug)]
pub struct PostOpts {
    /// A content warning.
    #[arg(long)]
    cw: Option<String>,
    /// Mark the media sensitive.
    #[arg(long)]
    sensitive: bool,
    /// public, unlisted or followers.
    #[arg(long, default_value = "public")]
    visibility: trompe_federation::node::Visibility,
    /// The language of the text (ISO 639, e.g. `en`).
    #[arg(long)]
    language: Option<String>,
    /// An attachment by URL, with its alt text after `=` (repeatable):
    /// `--attach https://example.org/cat.png="A cat asleep"`.
    #[arg(long, value_name = "URL[=ALT]")]
    attach: Vec<String>,
    /// The post this one answers (its URL); its author is mentioned and
    /// gets the reply. An edit keeps what the post answered.
    #[arg(long, value_name = "URL")]
    reply_to: Option<String>,
}

impl PostOpts {
    fn post(self, text: String) -> trompe_federation::node::NewPost {
        trompe_federation::node::NewPost {
            text,
            cw: self.cw,
            sensitive: self.sensitive,
            visibility: self.visibility,
            language: self.language,
            attachments: self
                .attach
                .into_iter()
                .map(|a| match a.split_once('=') {
                    Some((url, alt)) => (url.to_string(), alt.to_string()),
                    None => (a, String::new()),
                })
                .collect(),
            in_reply_to: self.reply_to,
        }
    }
}

/// The Unix socket where `relay serve` tells other processes (the TUI)
/// what changed.
pub fn events_socket(paths: &Paths) -> PathBuf {
    paths.data_dir.join("relay").join("events.sock")
}

/// The configured node for the TUI (`None` when `relay init` was never
/// run), with the address it listens on by default.
pub fn configured(paths: &Paths) -> Result<Option<(std::sync::Arc<Node>, String)>, String> {
    let cfg = ConfigFile::load(&paths.config_file()).map_err(|e| e.to_string())?;
    if !cfg.other.contains_key("relay") {
        return Ok(None);
    }
    let (cfg, key, store, listen) = open(paths, false)?;
    Ok(Some((Node::new(cfg, key, store), listen)))
}

/// Where the node keeps its files.
fn files(paths: &Paths) -> (PathBuf, PathBuf) {
    let dir = paths.data_dir.join("relay");
    (dir.join("node.pem"), dir.join("node.sqlite"))
}

fn fail(code: u8, message: impl std::fmt::Display) -> ExitCode {
    eprintln!("trompe: {message}");
    ExitCode::from(code)
}

/// Runs a `relay` subcommand.
pub async fn run(paths: &Paths, args: RelayArgs, json: bool) -> ExitCode {
    match args.command {
        RelayCommand::Init { public_url, name } => init(paths, &public_url, &name),
        RelayCommand::Serve {
            listen,
            allow_private_addresses,
            tls_cert,
            tls_key,
        } => {
            let tls = tls_cert.zip(tls_key);
            serve(paths, listen, allow_private_addresses, tls).await
        }
        RelayCommand::Follow {
            target,
            allow_private_addresses,
        } => follow(paths, &target, false, allow_private_addresses).await,
        RelayCommand::Subscribe {
            relay,
            allow_private_addresses,
        } => follow(paths, &relay, true, allow_private_addresses).await,
        RelayCommand::Unfollow {
            target,
            allow_private_addresses,
        }
        | RelayCommand::Unsubscribe {
            relay: target,
            allow_private_addresses,
        } => unfollow(paths, &target, allow_private_addresses).await,
        RelayCommand::Status => status(paths, json),
        RelayCommand::Post { .. } | RelayCommand::Edit { .. } | RelayCommand::Delete { .. } => {
            match publishing(paths, args.command).await {
                Ok(code) | Err(code) => code,
            }
        }
        RelayCommand::Objects { limit } => objects(paths, limit, json),
        RelayCommand::Queue => queue(paths, json),
        RelayCommand::Approve {
            actor,
            allow_private_addresses,
        } => answer(paths, &actor, true, allow_private_addresses).await,
        RelayCommand::Reject {
            actor,
            allow_private_addresses,
        } => answer(paths, &actor, false, allow_private_addresses).await,
    }
}

fn init(paths: &Paths, public_url: &str, name: &str) -> ExitCode {
    let relay = RelayConfig::new(public_url, name);
    if let Err(e) = NodeConfig::from_relay(&relay) {
        return fail(EXIT_USAGE, e);
    }
    let mut cfg = match ConfigFile::load(&paths.config_file()) {
        Ok(c) => c,
        Err(e) => return fail(EXIT_USAGE, e),
    };
    let (key_path, store_path) = files(paths);
    // An existing key is kept: peers know the node by it.
    let made_key = if key_path.exists() {
        if let Err(e) = NodeKey::load(&key_path) {
            return fail(EXIT_USAGE, e);
        }
        false
    } else {
        match NodeKey::generate().and_then(|k| k.save(&key_path)) {
            Ok(()) => true,
            Err(e) => return fail(1, e),
        }
    };
    if let Err(e) = Store::open(&store_path) {
        return fail(1, e);
    }
    let table = match toml::Value::try_from(&relay) {
        Ok(t) => t,
        Err(e) => return fail(1, e),
    };
    cfg.other.insert("relay".into(), table);
    if let Err(e) = cfg.save(&paths.config_file()) {
        return fail(1, e);
    }
    let node = NodeConfig::from_relay(&relay).ok();
    outln!(
        "{} key: {}",
        if made_key { "new" } else { "kept" },
        key_path.display()
    );
    outln!("store: {}", store_path.display());
    outln!("config: [relay] in {}", paths.config_file().display());
    if let Some(n) = node {
        outln!("actor: {}  (acct:{}@{})", n.actor_id(), n.name, n.host());
    }
    outln!("Next: `trompe relay serve`, reachable at {public_url}");
    ExitCode::SUCCESS
}

/// The configured node, opened: its config, key and store.
fn open(
    paths: &Paths,
    allow_private: bool,
) -> Result<(NodeConfig, NodeKey, Store, String), String> {
    let cfg = ConfigFile::load(&paths.config_file()).map_err(|e| e.to_string())?;
    let table = cfg
        .other
        .get("relay")
        .ok_or("no node yet: run `trompe relay init --public-url https://HOST` first")?;
    let relay: RelayConfig = table
        .clone()
        .try_into()
        .map_err(|e: toml::de::Error| format!("[relay] in config.toml: {}", e.message()))?;
    let mut node = NodeConfig::from_relay(&relay).map_err(|e| format!("[relay]: {e}"))?;
    node.allow_private_addresses |= allow_private;
    let (key_path, store_path) = files(paths);
    let key = NodeKey::load(&key_path).map_err(|e| e.to_string())?;
    let store = Store::open(&store_path).map_err(|e| e.to_string())?;
    Ok((node, key, store, relay.listen))
}

async fn serve(
    paths: &Paths,
    listen: Option<String>,
    allow_private: bool,
    tls: Option<(PathBuf, PathBuf)>,
) -> ExitCode {
    let (cfg, key, store, default_listen) = match open(paths, allow_private) {
        Ok(o) => o,
        Err(e) => return fail(EXIT_USAGE, e),
    };
    let tls = match tls
        .map(|(cert, key)| trompe_federation::tls::server_config(&cert, &key))
        .transpose()
    {
        Ok(t) => t,
        Err(e) => return fail(EXIT_USAGE, e),
    };
    let addr = listen.unwrap_or(default_listen);
    let listener = match tokio::net::TcpListener::bind(&addr).await {
        Ok(l) => l,
        Err(e) => return fail(EXIT_NETWORK, format!("cannot listen on {addr}: {e}")),
    };
    let node = Node::new(cfg, key, store);
    // Readers in other processes (the TUI) are told what changed.
    let socket = events_socket(paths);
    let events = {
        let node = node.clone();
        tokio::spawn(async move {
            if let Err(e) = trompe_federation::events::serve(node, &socket).await {
                tracing::warn!("the events socket {}: {e}", socket.display());
            }
        })
    };
    let local = listener.local_addr().map(|a| a.to_string()).unwrap_or(addr);
    let scheme = if tls.is_some() { "https" } else { "http" };
    outln!("trompe node listening on {scheme}://{local}");
    outln!("actor: {}", node.cfg.actor_id());
    outln!("Press Ctrl-C to stop.");
    let shutdown = async {
        let term = async {
            #[cfg(unix)]
            {
                use tokio::signal::unix::{SignalKind, signal};
                match signal(SignalKind::terminate()) {
                    Ok(mut s) => {
                        s.recv().await;
                    }
                    Err(_) => std::future::pending::<()>().await,
                }
            }
            #[cfg(not(unix))]
            std::future::pending::<()>().await
        };
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            _ = term => {}
        }
    };
    let served = match tls {
        Some(config) => match trompe_federation::tls::TlsListener::new(listener, config) {
            Ok(l) => node.serve(l, shutdown).await,
            Err(e) => Err(e),
        },
        None => node.serve(listener, shutdown).await,
    };
    events.abort();
    let _ = std::fs::remove_file(events_socket(paths));
    match served {
        Ok(()) => {
            outln!("stopped");
            ExitCode::SUCCESS
        }
        Err(e) => fail(EXIT_NETWORK, e),
    }
}

async fn follow(paths: &Paths, target: &str, relay: bool, allow_private: bool) -> ExitCode {
    let node = match node(paths, allow_private) {
        Ok(n) => n,
        Err(code) => return code,
    };
    match node.follow(target, relay).await {
        Ok(sub) => {
            outln!(
                "{} {}: {} (the answer arrives at the node's inbox; `trompe relay status` shows it)",
                if relay { "subscribed to" } else { "following" },
                sub.target,
                sub.state
            );
            ExitCode::SUCCESS
        }
        Err(e) => fail(EXIT_NETWORK, e),
    }
}

async fn unfollow(paths: &Paths, target: &str, allow_private: bool) -> ExitCode {
    let node = match node(paths, allow_private) {
        Ok(n) => n,
        Err(code) => return code,
    };
    match node.unfollow(target).await {
        Ok(()) => {
            outln!("undone: {target}");
            ExitCode::SUCCESS
        }
        Err(e) => fail(EXIT_NETWORK, e),
    }
}

/// The configured node, ready to act (not serving).
fn node(paths: &Paths, allow_private: bool) -> Result<std::sync::Arc<Node>, ExitCode> {
    match open(paths, allow_private) {
        Ok((cfg, key, store, _)) => Ok(Node::new(cfg, key, store)),
        Err(e) => Err(fail(EXIT_USAGE, e)),
    }
}

/// `post`, `edit` and `delete`: what they send, and where it went.
async fn publishing(paths: &Paths, command: RelayCommand) -> Result<ExitCode, ExitCode> {
    Ok(match command {
        RelayCommand::Post {
            text,
            opts,
            allow_private_addresses,
        } => {
            let node = node(paths, allow_private_addresses)?;
            report("published", node.publish(&opts.post(text)).await)
        }
        RelayCommand::Edit {
            id,
            text,
            opts,
            allow_private_addresses,
        } => {
            let node = node(paths, allow_private_addresses)?;
            report("updated", node.edit(&id, &opts.post(text)).await)
        }
        RelayCommand::Delete {
            id,
            allow_private_addresses,
        } => {
            let node = node(paths, allow_private_addresses)?;
            report("deleted", node.delete(&id).await)
        }
        _ => ExitCode::SUCCESS,
    })
}

/// Says what a post, edit or delete did.
fn report(
    verb: &str,
    done: Result<trompe_federation::node::Published, trompe_federation::node::NodeError>,
) -> ExitCode {
    let published = match done {
        Ok(p) => p,
        Err(e) => return fail(EXIT_USAGE, e),
    };
    outln!("{verb} {}", published.id);
    let mut failed = 0;
    for (inbox, result) in &published.deliveries {
        match result {
            Ok(()) => outln!("  delivered to {inbox}"),
            Err(e) => {
                failed += 1;
                outln!("  not delivered to {inbox} yet: {e}");
            }
        }
    }
    if published.queued > 0 {
        outln!("  {} more in the delivery queue", published.queued);
    }
    if published.deliveries.is_empty() && published.queued == 0 {
        outln!("  no followers or relays yet: it is in the outbox");
    }
    if failed > 0 {
        outln!(
            "  failed deliveries are tried again with growing delays by `trompe relay serve`; `trompe relay queue` lists them"
        );
    }
    ExitCode::SUCCESS
}

fn queue(paths: &Paths, json: bool) -> ExitCode {
    let (_, _, store, _) = match open(paths, false) {
        Ok(o) => o,
        Err(e) => return fail(EXIT_USAGE, e),
    };
    let list = match store.queue() {
        Ok(l) => l,
        Err(e) => return fail(1, e),
    };
    if json {
        for d in &list {
            let activity: serde_json::Value = serde_json::from_str(&d.activity).unwrap_or_default();
            outln!(
                "{}",
                serde_json::json!({
                    "inbox": d.inbox, "state": d.state, "attempts": d.attempts,
                    "next_at": d.next_at, "last_error": d.last_error,
                    "activity": activity.get("id"),
                })
            );
        }
        return ExitCode::SUCCESS;
    }
    if list.is_empty() {
        outln!("the delivery queue is empty");
    }
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or_default();
    for d in &list {
        let when = if d.state == "dead" {
            "given up".to_string()
        } else if d.next_at <= now {
            "due now".to_string()
        } else {
            format!("next try in {}s", d.next_at - now)
        };
        outln!(
            "{:<7} {} · {} attempt(s) · {when}",
            d.state,
            crate::html::sanitize_line(&d.inbox),
            d.attempts
        );
        if let Some(e) = &d.last_error {
            outln!("        {}", crate::html::sanitize_line(e));
        }
    }
    ExitCode::SUCCESS
}

async fn answer(paths: &Paths, actor: &str, accept: bool, allow_private: bool) -> ExitCode {
    let node = match node(paths, allow_private) {
        Ok(n) => n,
        Err(code) => return code,
    };
    match node.answer_follower(actor, accept).await {
        Ok(()) => {
            outln!("{} {actor}", if accept { "accepted" } else { "rejected" });
            ExitCode::SUCCESS
        }
        Err(e) => fail(EXIT_NETWORK, e),
    }
}

fn objects(paths: &Paths, limit: usize, json: bool) -> ExitCode {
    let (_, _, store, _) = match open(paths, false) {
        Ok(o) => o,
        Err(e) => return fail(EXIT_USAGE, e),
    };
    let list = match store.recent_objects(limit) {
        Ok(l) => l,
        Err(e) => return fail(1, e),
    };
    for o in &list {
        let doc: serde_json::Value = serde_json::from_str(&o.json).unwrap_or_default();
        if json {
            outln!("{doc}");
            continue;
        }
        let author = o.attributed_to.as_deref().unwrap_or("?");
        let via = o
            .via
            .as_deref()
            .map(|v| format!(" (via {})", crate::html::sanitize_line(v)))
            .unwrap_or_default();
        outln!(
            "{} {}{via}",
            crate::html::sanitize_line(author),
            crate::html::sanitize_line(&o.id)
        );
        if let Some(cw) = doc.get("summary").and_then(|s| s.as_str()) {
            outln!("  CW: {}", crate::html::sanitize_line(cw));
        }
        let text = doc
            .get("content")
            .and_then(|c| c.as_str())
            .map(crate::html::html_to_text)
            .unwrap_or_default();
        for line in text.lines() {
            outln!("  {}", crate::html::sanitize_line(line));
        }
    }
    if list.is_empty() && !json {
        outln!("nothing received yet");
    }
    ExitCode::SUCCESS
}

fn status(paths: &Paths, json: bool) -> ExitCode {
    let (cfg, _, store, _) = match open(paths, false) {
        Ok(o) => o,
        Err(e) => return fail(EXIT_USAGE, e),
    };
    let (subs, followers) = match (store.subscriptions(), store.followers()) {
        (Ok(s), Ok(f)) => (s, f),
        (Err(e), _) | (_, Err(e)) => return fail(1, e),
    };
    if json {
        let doc = serde_json::json!({
            "actor": cfg.actor_id(),
            "subscriptions": subs.iter().map(|s| serde_json::json!({
                "target": s.target, "kind": s.kind, "state": s.state,
                "error": s.error, "last_activity": s.last_activity,
            })).collect::<Vec<_>>(),
            "followers": followers.iter().map(|f| serde_json::json!({
                "actor": f.actor, "state": f.state,
            })).collect::<Vec<_>>(),
        });
        outln!("{doc:#}");
        return ExitCode::SUCCESS;
    }
    outln!("actor: {}", cfg.actor_id());
    if subs.is_empty() {
        outln!("no subscriptions (`trompe relay follow @user@host`, `trompe relay subscribe URL`)");
    }
    for s in &subs {
        let last = s
            .last_activity
            .map(|t| format!(", last activity {}", ago(t)))
            .unwrap_or_default();
        outln!(
            "{:<8} {:<8} {}{last}",
            s.kind,
            s.state,
            crate::html::sanitize_line(&s.target)
        );
        if let Some(e) = s.error.as_deref() {
            outln!("         error: {}", crate::html::sanitize_line(e));
        }
    }
    outln!("{} follower(s)", followers.len());
    for f in &followers {
        outln!("  {} ({})", crate::html::sanitize_line(&f.actor), f.state);
    }
    ExitCode::SUCCESS
}

fn ago(t: i64) -> String {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(t);
    match now - t {
        s if s < 60 => format!("{s}s ago"),
        s if s < 3600 => format!("{}m ago", s / 60),
        s if s < 86_400 => format!("{}h ago", s / 3600),
        s => format!("{}d ago", s / 86_400),
    }
}
