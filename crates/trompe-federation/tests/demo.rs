//! The node against the demo instance's ActivityPub side, which was
//! written apart from this crate: WebFinger, the follow handshake, posts
//! delivered with the demo's signatures, and authorized fetch.

use std::time::Duration;

use serde_json::Value;
use trompe_demo::{DemoOptions, DemoServer};
use trompe_federation::fetch::{Client, FetchError};
use trompe_federation::{Node, NodeConfig, NodeKey, Store};

const WAIT: Duration = Duration::from_secs(60);

async fn node() -> std::sync::Arc<Node> {
    named("node").await
}

async fn named(name: &str) -> std::sync::Arc<Node> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    let mut cfg = NodeConfig::new(url::Url::parse(&base).expect("url"), name);
    cfg.allow_private_addresses = true;
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

async fn eventually(what: &str, mut check: impl FnMut() -> bool) {
    let start = std::time::Instant::now();
    while !check() {
        assert!(start.elapsed() < WAIT, "never happened: {what}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_node_follows_a_demo_account_and_receives_its_posts() {
    let demo = DemoServer::start(DemoOptions::default())
        .await
        .expect("demo");
    let node = node().await;
    let name = demo.username();
    let acct = format!("@{name}@{}", demo.addr());
    let sub = node.follow(&acct, false).await.expect("follow");
    let actor = format!("http://{}/users/{name}", demo.addr());
    assert_eq!(sub.target, actor);
    eventually("the demo accepts the follow", || {
        node.store
            .subscriptions()
            .unwrap_or_default()
            .iter()
            .any(|s| s.target == actor && s.state == "accepted")
    })
    .await;
    assert_eq!(demo.remote_followers(&name), vec![node.cfg.actor_id()]);

    // The demo user posts through the REST API; the post comes by federation.
    let posted: Value = post_on(
        &demo,
        serde_json::json!({"status": "hello, federation", "visibility": "public"}),
    )
    .await;
    let note_id = format!("{actor}/statuses/{}", posted["id"].as_str().expect("id"));
    eventually("the post arrives at the node", || {
        node.store.object(&note_id).ok().flatten().is_some()
    })
    .await;
    let stored = node.store.object(&note_id).expect("get").expect("stored");
    assert!(stored.json.contains("hello, federation"), "{}", stored.json);
    assert_eq!(stored.attributed_to.as_deref(), Some(actor.as_str()));

    // A private post is not delivered: only what is public federates here.
    let private: Value = post_on(
        &demo,
        serde_json::json!({"status": "only for me", "visibility": "private"}),
    )
    .await;
    let private_id = format!("{actor}/statuses/{}", private["id"].as_str().expect("id"));

    // Unfollowing removes the node from the demo's followers.
    node.unfollow(&actor).await.expect("unfollow");
    assert!(demo.remote_followers(&name).is_empty());
    assert!(node.store.object(&private_id).expect("get").is_none());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn authorized_fetch_refuses_unsigned_gets_and_answers_signed_ones() {
    let demo = DemoServer::start(DemoOptions {
        authorized_fetch: true,
        ..Default::default()
    })
    .await
    .expect("demo");
    let name = demo.username();
    let actor = url::Url::parse(&format!("http://{}/users/{name}", demo.addr())).expect("url");
    let plain = reqwest::Client::new()
        .get(actor.clone())
        .header("accept", "application/activity+json")
        .send()
        .await
        .expect("get");
    assert_eq!(plain.status().as_u16(), 401);
    // Without a node, the client says what the instance wants.
    let unsigned = Client::new(None, true).get(&actor).await.expect_err("401");
    assert!(
        matches!(unsigned, FetchError::Status { status: 401, .. })
            && unsigned.to_string().contains("signed requests"),
        "{unsigned}"
    );
    // The node's signed GET is answered.
    let node = node().await;
    let doc = node.client().get(&actor).await.expect("signed get");
    assert_eq!(doc["type"], "Person");
    assert!(doc["publicKey"]["publicKeyPem"].as_str().is_some());
    let outbox = url::Url::parse(&format!("{actor}/outbox?page=1")).expect("url");
    let page = node.client().get(&outbox).await.expect("outbox");
    assert!(
        page["orderedItems"]
            .as_array()
            .is_some_and(|v| !v.is_empty())
    );

    // The whole handshake works in this mode too: every fetch on both
    // sides is signed (the same GET signed twice in one second is the same
    // bytes, and must not pass for a replay).
    node.follow(actor.as_str(), false).await.expect("follow");
    let target = actor.to_string();
    eventually("the demo accepts the follow", || {
        node.store
            .subscriptions()
            .unwrap_or_default()
            .iter()
            .any(|s| s.target == target && s.state == "accepted")
    })
    .await;
}

/// A relay forwards a demo post with its words changed: the node keeps the
/// demo's own copy, fetched from the demo with a signed GET.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_relayed_demo_post_is_taken_from_the_demo_not_the_relay() {
    let demo = DemoServer::start(DemoOptions::default())
        .await
        .expect("demo");
    let node = node().await;
    let relay = named("relay").await;
    let name = demo.username();
    let outbox = url::Url::parse(&format!(
        "http://{}/users/{name}/outbox?page=1",
        demo.addr()
    ))
    .expect("url");
    let page = node.client().get(&outbox).await.expect("outbox");
    let original = page["orderedItems"][0]["object"].clone();
    let id = original["id"].as_str().expect("id").to_string();
    let mut tampered = original.clone();
    tampered["content"] = serde_json::json!("<p>words the author never wrote</p>");
    let forwarded = serde_json::json!({
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": format!("{}/forwarded/1", relay.cfg.actor_id()),
        "type": "Create",
        "actor": relay.cfg.actor_id(),
        "object": tampered,
    });
    relay
        .client()
        .post(
            &url::Url::parse(&node.cfg.inbox()).expect("inbox"),
            &forwarded,
        )
        .await
        .expect("delivered");
    let stored = node.store.object(&id).expect("get").expect("stored");
    let doc: Value = serde_json::from_str(&stored.json).expect("json");
    assert_eq!(doc["content"], original["content"]);
    assert_ne!(doc["content"], tampered["content"]);
}

/// Posts a status on the demo as its user; its JSON.
async fn post_on(demo: &DemoServer, body: Value) -> Value {
    reqwest::Client::new()
        .post(format!("{}api/v1/statuses", demo.base_url()))
        .bearer_auth(demo.token())
        .json(&body)
        .send()
        .await
        .expect("post")
        .json()
        .await
        .expect("json")
}

/// GET on the demo's REST API as its user.
async fn rest(demo: &DemoServer, path: &str) -> Value {
    reqwest::Client::new()
        .get(format!("{}{path}", demo.base_url()))
        .bearer_auth(demo.token())
        .send()
        .await
        .expect("get")
        .json()
        .await
        .expect("json")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reply_from_the_node_reaches_the_demo_account_with_its_edit_and_delete() {
    let demo = DemoServer::start(DemoOptions::default())
        .await
        .expect("demo");
    let node = node().await;
    let name = demo.username();
    let actor = format!("http://{}/users/{name}", demo.addr());
    let posted: Value = post_on(
        &demo,
        serde_json::json!({"status": "who is out there?", "visibility": "public"}),
    )
    .await;
    let local_id = posted["id"].as_str().expect("id").to_string();
    let note_id = format!("{actor}/statuses/{local_id}");

    // The node answers the demo's post, which it has never seen: it fetches
    // it, mentions its author and delivers to the author's inbox, although
    // the demo does not follow the node.
    let reply = node
        .publish(&trompe_federation::node::NewPost {
            text: "the node is".into(),
            in_reply_to: Some(note_id.clone()),
            ..Default::default()
        })
        .await
        .expect("publish");
    assert_eq!(reply.deliveries.len(), 1, "{:?}", reply.deliveries);
    // The mention names the author with the port of its host.
    let ours: Value =
        serde_json::from_str(&node.store.local(&reply.id).expect("get").expect("ours"))
            .expect("json");
    assert_eq!(ours["tag"][0]["name"], format!("@{name}@{}", demo.addr()));
    assert_eq!(ours["inReplyTo"], note_id.as_str());
    assert!(reply.deliveries[0].1.is_ok(), "{:?}", reply.deliveries);

    // The demo parsed the Note with its own code: a reply in the context,
    // a mention for its user, and a post in its federated timeline.
    let context = rest(&demo, &format!("api/v1/statuses/{local_id}/context")).await;
    let descendants = context["descendants"].as_array().expect("descendants");
    assert_eq!(descendants.len(), 1, "{context}");
    let remote = &descendants[0];
    assert!(
        remote["content"]
            .as_str()
            .is_some_and(|c| c.contains("the node is")),
        "{remote}"
    );
    assert_eq!(
        remote["account"]["acct"].as_str(),
        Some(format!("node@{}", node.cfg.host()).as_str())
    );
    let mentions = rest(&demo, "api/v1/notifications?types[]=mention").await;
    assert!(
        mentions
            .as_array()
            .expect("list")
            .iter()
            .any(|n| n["status"]["id"] == remote["id"]),
        "{mentions}"
    );
    let federated = rest(&demo, "api/v1/timelines/public?remote=true").await;
    assert!(
        federated
            .as_array()
            .expect("list")
            .iter()
            .any(|s| s["id"] == remote["id"]),
        "{federated}"
    );

    // An edit and a delete follow the reply to the same inbox.
    node.edit(
        &reply.id,
        &trompe_federation::node::NewPost {
            text: "the node is, edited".into(),
            ..Default::default()
        },
    )
    .await
    .expect("edit");
    let remote_id = remote["id"].as_str().expect("id").to_string();
    let edited = rest(&demo, &format!("api/v1/statuses/{remote_id}")).await;
    assert!(
        edited["content"]
            .as_str()
            .is_some_and(|c| c.contains("edited")),
        "{edited}"
    );
    assert!(edited["edited_at"].is_string(), "{edited}");
    assert_eq!(edited["in_reply_to_id"].as_str(), Some(local_id.as_str()));
    node.delete(&reply.id).await.expect("delete");
    let context = rest(&demo, &format!("api/v1/statuses/{local_id}/context")).await;
    assert_eq!(context["descendants"].as_array().map(Vec::len), Some(0));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_demo_account_follows_the_node_and_reads_its_posts() {
    let demo = DemoServer::start(DemoOptions::default())
        .await
        .expect("demo");
    let node = node().await;
    let http = reqwest::Client::new();
    // The demo finds the node by its handle (WebFinger, then the actor).
    let found = rest(
        &demo,
        &format!("api/v2/search?q=@node@{}&resolve=true", node.cfg.host()),
    )
    .await;
    let account = &found["accounts"][0];
    assert_eq!(
        account["acct"].as_str(),
        Some(format!("node@{}", node.cfg.host()).as_str()),
        "{found}"
    );
    assert_eq!(account["bot"], true, "an Application actor");
    let id = account["id"].as_str().expect("id").to_string();
    http.post(format!("{}api/v1/accounts/{id}/follow", demo.base_url()))
        .bearer_auth(demo.token())
        .send()
        .await
        .expect("follow");
    let actor = format!("http://{}/users/{}", demo.addr(), demo.username());
    eventually("the node has the demo account as a follower", || {
        node.store
            .followers()
            .unwrap_or_default()
            .iter()
            .any(|f| f.actor == actor && f.state == "accepted")
    })
    .await;

    // The node's post reaches the demo: its home and federated timelines.
    let published = node
        .publish(&trompe_federation::node::NewPost {
            text: "news from the node".into(),
            ..Default::default()
        })
        .await
        .expect("publish");
    assert!(
        published.deliveries.iter().all(|(_, r)| r.is_ok()),
        "{:?}",
        published.deliveries
    );
    for timeline in [
        "api/v1/timelines/home",
        "api/v1/timelines/public?remote=true",
    ] {
        let list = rest(&demo, timeline).await;
        assert!(
            list.as_array().expect("list").iter().any(|s| s["content"]
                .as_str()
                .is_some_and(|c| c.contains("news from the node"))
                && s["account"]["id"] == id.as_str()),
            "{timeline}: {list}"
        );
    }

    // Unfollowing sends the Undo: the node forgets its follower.
    http.post(format!("{}api/v1/accounts/{id}/unfollow", demo.base_url()))
        .bearer_auth(demo.token())
        .send()
        .await
        .expect("unfollow");
    eventually("the node has no follower left", || {
        node.store.followers().unwrap_or_default().is_empty()
    })
    .await;
}
