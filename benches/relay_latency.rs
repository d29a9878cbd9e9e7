//! How long a post takes from the demo instance to the node's Relay tab on
//! screen: the demo user posts (REST), the demo delivers it to the node it
//! is followed by (a signed POST), the node verifies and stores it, tells
//! the TUI, which maps it to a status and draws the frame that shows it.
//! All in one process over loopback, the TUI on a test terminal.
//!
//! `cargo bench --bench relay_latency` (`BENCH_ROUNDS`, default 20).

use std::sync::Arc;
use std::time::{Duration, Instant};

use trompe::app::AccountState;
use trompe::federation::{Node, NodeConfig, NodeKey, Store};
use trompe_testkit as common;

async fn node() -> Arc<Node> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    let mut cfg = NodeConfig::new(url::Url::parse(&base).expect("url"), "node");
    cfg.allow_private_addresses = true;
    cfg.inbox_per_minute = u32::MAX;
    let node = Node::new(
        cfg,
        NodeKey::generate().expect("key"),
        Store::memory().expect("store"),
    );
    let serving = node.clone();
    tokio::spawn(async move {
        let _ = serving.serve(listener, std::future::pending()).await;
    });
    node
}

fn main() {
    let rounds: usize = std::env::var("BENCH_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(async move {
        let mut h = common::Harness::demo().await;
        let node = node().await;
        h.app
            .state
            .accounts
            .push(AccountState::node("node (node)", node.cfg.host()));
        h.app.set_node(1, node.clone(), None);
        h.ready().await;
        h.press("A");
        h.press("j");
        h.press("Enter");
        h.until("the node active", |s| {
            s.active == 1 && s.accounts[1].tabs[0].loaded
        })
        .await;
        let acct = format!("@{}@{}", h.server.username(), h.server.addr());
        node.follow(&acct, false).await.expect("follow");
        let http = reqwest::Client::new();
        let mut times = Vec::new();
        for i in 0..rounds {
            let text = format!("latency probe {i}");
            let started = Instant::now();
            http.post(format!("{}api/v1/statuses", h.server.base_url()))
                .bearer_auth(h.server.token())
                .json(&serde_json::json!({"status": text, "visibility": "public"}))
                .send()
                .await
                .expect("post");
            let wanted = text.clone();
            let shown = h
                .app
                .run_until(
                    &mut h.rx,
                    move |s| {
                        let acc = &s.accounts[1];
                        acc.tabs[0].ids.first().is_some_and(|id| {
                            acc.status(id).is_some_and(|st| st.content.contains(&wanted))
                        })
                    },
                    Duration::from_secs(60),
                )
                .await
                .expect("run");
            assert!(
                shown,
                "the post never came: the node has {:?}, subscriptions {:?}, messages {:?}",
                node.store.timeline(None, None, 3).map(|v| v.len()),
                node.store.subscriptions(),
                h.app.state.messages.iter().map(|m| &m.text).collect::<Vec<_>>()
            );
            let screen = h.screen();
            assert!(screen.contains(&text), "not drawn: {screen}");
            times.push(started.elapsed());
        }
        times.sort();
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        println!(
            "relay latency, demo post to the frame showing it, {rounds} rounds: median {:.1} ms, p90 {:.1} ms, min {:.1} ms, max {:.1} ms",
            ms(times[times.len() / 2]),
            ms(times[(times.len() * 9 / 10).min(times.len() - 1)]),
            ms(times[0]),
            ms(times[times.len() - 1]),
        );
    });
}
