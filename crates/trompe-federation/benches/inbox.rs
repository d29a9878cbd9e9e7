//! Signed activities verified and stored per second, through the real
//! inbox over loopback HTTP: `cargo bench -p trompe-federation --bench inbox`.
//!
//! The requests are signed before the clock starts (signing is the
//! sender's cost); the peer's key is fetched once and then cached, as in
//! steady state. Target: at least 1,000 per second.

use std::time::{Instant, SystemTime};

use serde_json::json;
use trompe_federation::documents::ACTIVITY_JSON;
use trompe_federation::signature::sign;
use trompe_federation::{Node, NodeConfig, NodeKey, Store};

/// A request ready to send: its signed headers and body.
type SignedPost = (Vec<(&'static str, String)>, Vec<u8>);

/// A node on loopback, with `key`, storing in `store`.
async fn serve(name: &str, key: NodeKey, store: Store) -> std::sync::Arc<Node> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    let mut cfg = NodeConfig::new(url::Url::parse(&base).expect("url"), name);
    cfg.allow_private_addresses = true;
    // The benchmark is one host sending much: no per-host limit.
    cfg.inbox_per_minute = u32::MAX;
    let node = Node::new(cfg, key, store);
    let serving = node.clone();
    tokio::spawn(async move {
        let _ = serving.serve(listener, std::future::pending()).await;
    });
    node
}

fn main() {
    let n: usize = std::env::var("BENCH_N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3000);
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    rt.block_on(async move {
        let dir = std::env::temp_dir().join(format!("trompe-bench-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        // The receiver stores on disk, as it would in use.
        let store = Store::open(&dir.join("node.sqlite")).expect("store");
        let receiver = serve("receiver", NodeKey::generate().expect("key"), store).await;
        let key = NodeKey::generate().expect("key");
        key.save(&dir.join("peer.pem")).expect("save");
        let peer_key = NodeKey::load(&dir.join("peer.pem")).expect("load");
        let peer = serve("peer", peer_key, Store::memory().expect("store")).await;
        let base = peer.cfg.url().as_str().trim_end_matches('/').to_string();
        let actor = peer.cfg.actor_id();
        let inbox = url::Url::parse(&receiver.cfg.inbox()).expect("inbox");
        let signed: Vec<SignedPost> = (0..n)
            .map(|i| {
                let activity = json!({
                    "id": format!("{base}/activities/{i}"),
                    "type": "Create",
                    "actor": actor,
                    "object": {
                        "id": format!("{base}/notes/{i}"),
                        "type": "Note",
                        "attributedTo": actor,
                        "content": format!("<p>post number {i}</p>"),
                    },
                });
                let body = serde_json::to_vec(&activity).expect("json");
                let headers = sign(
                    &key,
                    &peer.cfg.key_id(),
                    "POST",
                    &inbox,
                    Some((&body, ACTIVITY_JSON)),
                    SystemTime::now(),
                )
                .expect("sign");
                (headers, body)
            })
            .collect();
        let client = reqwest::Client::new();
        let started = Instant::now();
        let mut tasks = tokio::task::JoinSet::new();
        let per = n.div_ceil(8);
        let mut chunks = signed.into_iter().peekable();
        while chunks.peek().is_some() {
            let batch: Vec<_> = chunks.by_ref().take(per).collect();
            let client = client.clone();
            let inbox = inbox.clone();
            tasks.spawn(async move {
                let mut ok = 0usize;
                for (headers, body) in batch {
                    let mut req = client.post(inbox.clone());
                    for (name, value) in headers.iter().filter(|(n, _)| *n != "host") {
                        req = req.header(*name, value);
                    }
                    if let Ok(resp) = req.body(body).send().await {
                        ok += usize::from(resp.status().as_u16() == 202);
                    }
                }
                ok
            });
        }
        let mut accepted = 0;
        while let Some(r) = tasks.join_next().await {
            accepted += r.unwrap_or(0);
        }
        let secs = started.elapsed().as_secs_f64();
        let stored = receiver.store.recent_objects(n + 1).map(|v| v.len()).unwrap_or(0);
        println!(
            "inbox: {accepted}/{n} accepted, {stored} stored, in {secs:.2} s: {:.0} verified and stored per second",
            accepted as f64 / secs
        );
        let _ = std::fs::remove_dir_all(&dir);
    });
}
