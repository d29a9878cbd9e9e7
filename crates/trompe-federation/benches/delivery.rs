//! Deliveries per second through the node's durable queue: posts published
//! to followers at several inboxes, each delivery claimed from SQLite,
//! signed, POSTed over loopback and marked done, as `relay post` and
//! `relay serve` do it. `cargo bench -p trompe-federation --bench delivery`
//! (`BENCH_POSTS`, `BENCH_INBOXES` change the sizes).
//!
//! The inboxes answer 202 at once, so this is the sender's cost; the
//! receiver's (verify and store) is the `inbox` benchmark's.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use trompe_federation::node::NewPost;
use trompe_federation::store::Follower;
use trompe_federation::{Node, NodeConfig, NodeKey, Store};

fn env(k: &str, default: usize) -> usize {
    std::env::var(k)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn main() {
    let posts = env("BENCH_POSTS", 200);
    let inboxes = env("BENCH_INBOXES", 10);
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    rt.block_on(async move {
        // The inboxes: one loopback server, one path each.
        let got = Arc::new(AtomicUsize::new(0));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("addr");
        let counter = got.clone();
        let app = axum::Router::new().route(
            "/inbox/{n}",
            axum::routing::post(move || {
                let c = counter.clone();
                async move {
                    c.fetch_add(1, Ordering::Relaxed);
                    axum::http::StatusCode::ACCEPTED
                }
            }),
        );
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });

        let dir = std::env::temp_dir().join(format!("trompe-delivery-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let mut cfg = NodeConfig::new(url::Url::parse("http://127.0.0.1:9/").expect("url"), "a");
        cfg.allow_private_addresses = true;
        // On disk, as in use.
        let store = Store::open(&dir.join("node.sqlite")).expect("store");
        let node = Node::new(cfg, NodeKey::generate().expect("key"), store);
        for i in 0..inboxes {
            node.store
                .put_follower(&Follower {
                    actor: format!("http://{addr}/users/{i}"),
                    inbox: format!("http://{addr}/inbox/{i}"),
                    shared_inbox: None,
                    follow_id: format!("f{i}"),
                    state: "accepted".into(),
                    since: 0,
                })
                .expect("follower");
        }
        let started = Instant::now();
        for i in 0..posts {
            node.publish(&NewPost {
                text: format!("post {i}"),
                ..Default::default()
            })
            .await
            .expect("publish");
        }
        let secs = started.elapsed().as_secs_f64();
        let delivered = got.load(Ordering::Relaxed);
        let left = node.store.queue().expect("queue").len();
        println!(
            "delivery: {posts} posts x {inboxes} inboxes: {delivered} delivered in {secs:.2} s = {:.0} deliveries/s ({:.1} ms a post), {left} left in the queue",
            delivered as f64 / secs,
            secs * 1000.0 / posts as f64,
        );
        assert_eq!(delivered, posts * inboxes, "every delivery arrived once");
        assert_eq!(left, 0);
        let _ = std::fs::remove_dir_all(&dir);
    });
}
