//! The node over HTTP on loopback: its documents, the inbox's refusals,
//! origin fetches, and two nodes following each other.
//!
//! Every node here is a real server on 127.0.0.1 with its own key and
//! store; "remote actors" are other nodes, so their keys are fetched over
//! HTTP exactly as a peer's would be.

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use serde_json::{Value, json};
use trompe_federation::documents::ACTIVITY_JSON;
use trompe_federation::signature::sign;
use trompe_federation::{Node, NodeConfig, NodeKey, Store};

/// The longest any wait may take: a busy machine is slow, not wrong.
const WAIT: Duration = Duration::from_secs(60);

struct Running {
    node: Arc<Node>,
    base: String,
    _stop: tokio::sync::oneshot::Sender<()>,
}

async fn start(name: &str) -> Running {
    peer(name).await.0
}

/// A signed POST to `inbox` as `signer` (its key and keyId), with `body`
/// sent as given: tests alter it after signing.
struct Post {
    headers: Vec<(&'static str, String)>,
    body: Vec<u8>,
    inbox: url::Url,
}

fn signed_post(key: &NodeKey, key_id: &str, inbox: &str, activity: &Value, at: SystemTime) -> Post {
    let inbox = url::Url::parse(inbox).expect("inbox");
    let body = serde_json::to_vec(activity).expect("json");
    let headers = sign(
        key,
        key_id,
        "POST",
        &inbox,
        Some((&body, ACTIVITY_JSON)),
        at,
    )
    .expect("sign");
    Post {
        headers,
        body,
        inbox,
    }
}

async fn send(p: &Post) -> (u16, String) {
    let mut req = reqwest::Client::new().post(p.inbox.clone());
    for (name, value) in p.headers.iter().filter(|(n, _)| *n != "host") {
        req = req.header(*name, value);
    }
    let resp = req.body(p.body.clone()).send().await.expect("send");
    let status = resp.status().as_u16();
    (status, resp.text().await.unwrap_or_default())
}

fn note(id: &str, author: &str, text: &str) -> Value {
    json!({
        "id": id,
        "type": "Note",
        "attributedTo": author,
        "content": text,
        "to": ["https://www.w3.org/ns/activitystreams#Public"],
    })
}

fn create(actor: &str, object: Value) -> Value {
    json!({
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": format!("{actor}/activities/{}", rand_id()),
        "type": "Create",
        "actor": actor,
        "object": object,
    })
}

fn rand_id() -> String {
    format!(
        "{:x}",
        SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or_default()
    )
}

/// The node's own key, to sign as it in tests (it is the "remote" peer).
fn key_of(dir: &tempfile::TempDir) -> NodeKey {
    NodeKey::load(&dir.path().join("k.pem")).expect("load")
}

async fn eventually(what: &str, mut check: impl FnMut() -> bool) {
    let start = std::time::Instant::now();
    while !check() {
        assert!(start.elapsed() < WAIT, "never happened: {what}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// A peer whose key the test holds: a node started from a saved key.
async fn peer(name: &str) -> (Running, NodeKey) {
    peer_with(name, |_| {}).await
}

/// A peer whose configuration `tweak` adjusts.
async fn peer_with(name: &str, tweak: impl FnOnce(&mut NodeConfig)) -> (Running, NodeKey) {
    let (key, copy) = key_pair();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    (launch(name, listener, key, tweak), copy)
}

/// A key and a second handle on it (NodeKey is not Clone: it goes through a file).
fn key_pair() -> (NodeKey, NodeKey) {
    let dir = tempfile::tempdir().expect("dir");
    NodeKey::generate()
        .expect("key")
        .save(&dir.path().join("k.pem"))
        .expect("save");
    (key_of(&dir), key_of(&dir))
}

/// Serves a node with `key` on `listener`.
fn launch(
    name: &str,
    listener: tokio::net::TcpListener,
    key: NodeKey,
    tweak: impl FnOnce(&mut NodeConfig),
) -> Running {
    let addr = listener.local_addr().expect("addr");
    let base = format!("http://{addr}");
    let mut cfg = NodeConfig::new(url::Url::parse(&base).expect("url"), name);
    cfg.allow_private_addresses = true;
    tweak(&mut cfg);
    let node = Node::new(cfg, key, Store::memory().expect("store"));
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let serving = node.clone();
    tokio::spawn(async move {
        let _ = serving
            .serve(listener, async {
                let _ = rx.await;
            })
            .await;
    });
    Running {
        node,
        base,
        _stop: tx,
    }
}

#[tokio::test]
async fn the_documents_describe_an_application_actor() {
    let a = start("node").await;
    let http = reqwest::Client::new();
    let host = a.base.trim_start_matches("http://");
    let wf: Value = http
        .get(format!(
            "{}/.well-known/webfinger?resource=acct:node@{host}",
            a.base
        ))
        .send()
        .await
        .expect("webfinger")
        .json()
        .await
        .expect("json");
    let actor_url = wf["links"][0]["href"].as_str().expect("href").to_string();
    let resp = http
        .get(&actor_url)
        .header("accept", ACTIVITY_JSON)
        .send()
        .await
        .expect("actor");
    assert_eq!(
        resp.headers()["content-type"].to_str().expect("ct"),
        ACTIVITY_JSON
    );
    let actor: Value = resp.json().await.expect("json");
    assert_eq!(actor["type"], "Application");
    assert!(
        actor["publicKey"]["publicKeyPem"]
            .as_str()
            .is_some_and(|p| p.contains("BEGIN PUBLIC KEY"))
    );
    let links: Value = http
        .get(format!("{}/.well-known/nodeinfo", a.base))
        .send()
        .await
        .expect("nodeinfo")
        .json()
        .await
        .expect("json");
    let href = links["links"][0]["href"].as_str().expect("href");
    let info: Value = http
        .get(href)
        .send()
        .await
        .expect("doc")
        .json()
        .await
        .expect("json");
    assert_eq!(info["version"], "2.1");
    assert_eq!(info["protocols"][0], "activitypub");
    let outbox: Value = http
        .get(actor["outbox"].as_str().expect("outbox"))
        .send()
        .await
        .expect("outbox")
        .json()
        .await
        .expect("json");
    assert_eq!(outbox["type"], "OrderedCollection");
    assert!(outbox["first"].as_str().is_some());
}

#[tokio::test]
async fn the_inbox_refuses_every_unverifiable_request_and_stores_nothing() {
    let a = start("a").await;
    let (b, b_key) = peer("b").await;
    let (c, c_key) = peer("c").await;
    let inbox = a.node.cfg.inbox();
    let b_actor = b.node.cfg.actor_id();
    let b_key_id = b.node.cfg.key_id();
    let now = SystemTime::now();
    let activity = |text: &str| {
        create(
            &b_actor,
            note(&format!("{}/notes/{}", b.base, rand_id()), &b_actor, text),
        )
    };

    // Unsigned.
    let unsigned = reqwest::Client::new()
        .post(&inbox)
        .header("content-type", ACTIVITY_JSON)
        .body(activity("unsigned").to_string())
        .send()
        .await
        .expect("send");
    assert_eq!(unsigned.status().as_u16(), 401);

    // A forged signature: right keyId, bytes altered.
    let mut forged = signed_post(&b_key, &b_key_id, &inbox, &activity("forged"), now);
    for (name, value) in forged.headers.iter_mut() {
        if *name == "signature" {
            *value = value.replacen("signature=\"", "signature=\"AAAA", 1);
        }
    }
    assert_eq!(send(&forged).await.0, 401, "forged");

    // Signed by another key under b's keyId.
    let other = signed_post(&c_key, &b_key_id, &inbox, &activity("other key"), now);
    let (status, why) = send(&other).await;
    assert_eq!(status, 401, "another key: {why}");

    // A stale Date.
    let stale_at = now - Duration::from_secs(13 * 3600);
    let stale = signed_post(&b_key, &b_key_id, &inbox, &activity("stale"), stale_at);
    let (status, why) = send(&stale).await;
    assert_eq!((status, why.contains("Date")), (401, true), "{why}");

    // A body that is not the one signed (wrong Digest).
    let mut altered = signed_post(&b_key, &b_key_id, &inbox, &activity("digest"), now);
    altered.body = activity("changed after signing").to_string().into_bytes();
    let (status, why) = send(&altered).await;
    assert_eq!((status, why.contains("Digest")), (401, true), "{why}");

    // A key whose owner is not the activity's actor: c's key, c's keyId,
    // speaking as b.
    let c_key_id = c.node.cfg.key_id();
    let impostor = signed_post(&c_key, &c_key_id, &inbox, &activity("impostor"), now);
    let (status, why) = send(&impostor).await;
    assert_eq!((status, why.contains("belongs to")), (401, true), "{why}");

    assert!(
        a.node.store.recent_objects(10).expect("list").is_empty(),
        "nothing refused was stored"
    );

    // A valid request is stored, once; its replay is refused.
    let good_note = format!("{}/notes/good", b.base);
    let good = signed_post(
        &b_key,
        &b_key_id,
        &inbox,
        &create(&b_actor, note(&good_note, &b_actor, "hello")),
        now,
    );
    let (status, why) = send(&good).await;
    assert_eq!(status, 202, "{why}");
    let stored = a
        .node
        .store
        .object(&good_note)
        .expect("get")
        .expect("stored");
    assert_eq!(stored.attributed_to.as_deref(), Some(b_actor.as_str()));
    let (status, why) = send(&good).await;
    assert_eq!((status, why.contains("already")), (401, true), "{why}");
    assert_eq!(a.node.store.recent_objects(10).expect("list").len(), 1);
}

#[tokio::test]
async fn a_relayed_object_is_taken_from_its_origin_not_from_the_relay() {
    let a = start("a").await;
    let (relay, relay_key) = peer("relay").await;
    // The origin serves its note at its id.
    let origin_listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let origin = format!("http://{}", origin_listener.local_addr().expect("addr"));
    let author = format!("{origin}/users/zoe");
    let note_id = format!("{origin}/notes/1");
    let original = note(&note_id, &author, "the original words");
    let served = original.clone();
    let app = axum::Router::new().route(
        "/notes/1",
        axum::routing::get(move || {
            let doc = served.clone();
            async move {
                (
                    [("content-type", ACTIVITY_JSON)],
                    serde_json::to_string(&doc).unwrap_or_default(),
                )
            }
        }),
    );
    tokio::spawn(async move {
        let _ = axum::serve(origin_listener, app).await;
    });

    // The relay forwards a Create with the note's words changed.
    let tampered = note(&note_id, &author, "words the author never wrote");
    let relay_actor = relay.node.cfg.actor_id();
    let post = signed_post(
        &relay_key,
        &relay.node.cfg.key_id(),
        &a.node.cfg.inbox(),
        &create(&relay_actor, tampered),
        SystemTime::now(),
    );
    let (status, why) = send(&post).await;
    assert_eq!(status, 202, "{why}");
    let stored = a.node.store.object(&note_id).expect("get").expect("stored");
    let doc: Value = serde_json::from_str(&stored.json).expect("json");
    assert_eq!(doc["content"], "the original words");
}

#[tokio::test]
async fn two_nodes_follow_and_subscribe_with_a_signed_handshake() {
    let a = start("a").await;
    let b = start("b").await;
    let sub = a
        .node
        .follow(&b.node.cfg.actor_id(), false)
        .await
        .expect("follow");
    assert_eq!(sub.kind, "account");
    let b_actor = b.node.cfg.actor_id();
    eventually("b accepts a's follow", || {
        a.node
            .store
            .subscriptions()
            .unwrap_or_default()
            .iter()
            .any(|s| s.target == b_actor && s.state == "accepted")
    })
    .await;
    let followers = b.node.store.followers().expect("followers");
    assert_eq!(followers.len(), 1);
    assert_eq!(followers[0].actor, a.node.cfg.actor_id());

    // b publishes: the post is served at its id, listed in b's outbox,
    // and delivered to a, which stores it.
    let published = b
        .node
        .publish(&trompe_federation::node::NewPost {
            text: "to my <followers>\n\nsecond paragraph".into(),
            cw: Some("a test".into()),
            ..Default::default()
        })
        .await
        .expect("publish");
    assert_eq!(published.deliveries.len(), 1);
    assert!(
        published.deliveries[0].1.is_ok(),
        "{:?}",
        published.deliveries
    );
    let stored = a
        .node
        .store
        .object(&published.id)
        .expect("get")
        .expect("a stored b's post");
    let doc: Value = serde_json::from_str(&stored.json).expect("json");
    assert_eq!(
        doc["content"],
        "<p>to my &lt;followers&gt;</p><p>second paragraph</p>"
    );
    assert_eq!(doc["summary"], "a test");
    let http = reqwest::Client::new();
    let served: Value = http
        .get(&published.id)
        .send()
        .await
        .expect("get")
        .json()
        .await
        .expect("json");
    assert_eq!(served["id"], published.id.as_str());
    let page: Value = http
        .get(format!("{}?page=1", b.node.cfg.collection("outbox")))
        .send()
        .await
        .expect("outbox")
        .json()
        .await
        .expect("json");
    assert_eq!(
        page["orderedItems"][0]["object"]["id"],
        published.id.as_str()
    );

    // Unfollowing removes the follower on b's side.
    a.node.unfollow(&b_actor).await.expect("unfollow");
    assert!(b.node.store.followers().expect("followers").is_empty());
    assert!(a.node.store.subscriptions().expect("subs").is_empty());

    // A relay subscription is a Follow of the public collection.
    let relay = start("relay").await;
    a.node
        .follow(&relay.node.cfg.actor_id(), true)
        .await
        .expect("subscribe");
    let relay_actor = relay.node.cfg.actor_id();
    eventually("the relay accepts", || {
        a.node
            .store
            .subscriptions()
            .unwrap_or_default()
            .iter()
            .any(|s| s.target == relay_actor && s.kind == "relay" && s.state == "accepted")
    })
    .await;
}

#[tokio::test]
async fn the_node_serves_over_tls() {
    let cert = rcgen::generate_simple_self_signed(vec!["127.0.0.1".into()]).expect("cert");
    let dir = tempfile::tempdir().expect("dir");
    let cert_path = dir.path().join("cert.pem");
    let key_path = dir.path().join("key.pem");
    std::fs::write(&cert_path, cert.cert.pem()).expect("write");
    std::fs::write(&key_path, cert.signing_key.serialize_pem()).expect("write");
    let config = trompe_federation::tls::server_config(&cert_path, &key_path).expect("tls config");
    // A key file that is not one is refused without quoting it.
    std::fs::write(dir.path().join("bad.pem"), "secret-looking words").expect("write");
    let err = trompe_federation::tls::server_config(&cert_path, &dir.path().join("bad.pem"))
        .expect_err("refused");
    assert!(!err.to_string().contains("secret-looking"), "{err}");

    let tcp = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = tcp.local_addr().expect("addr");
    let base = format!("https://{addr}");
    let mut cfg = NodeConfig::new(url::Url::parse(&base).expect("url"), "tls");
    cfg.allow_private_addresses = true;
    let node = Node::new(
        cfg,
        NodeKey::generate().expect("key"),
        Store::memory().expect("store"),
    );
    let listener = trompe_federation::tls::TlsListener::new(tcp, config).expect("listener");
    let serving = node.clone();
    tokio::spawn(async move {
        let _ = serving.serve(listener, std::future::pending()).await;
    });
    // A silent client does not hold up the others.
    let _silent = tokio::net::TcpStream::connect(addr).await.expect("connect");
    let client = reqwest::Client::builder()
        .add_root_certificate(
            reqwest::Certificate::from_pem(cert.cert.pem().as_bytes()).expect("ca"),
        )
        .build()
        .expect("client");
    let actor: Value = client
        .get(format!("{base}/actor"))
        .send()
        .await
        .expect("https")
        .json()
        .await
        .expect("json");
    assert_eq!(actor["id"], format!("{base}/actor"));
}

/// A Create of a new note by `b`, signed by `key` for `inbox`.
fn note_post(b: &Running, key: &NodeKey, inbox: &str) -> Post {
    let actor = b.node.cfg.actor_id();
    let id = format!("{}/notes/{}", b.base, rand_id());
    signed_post(
        key,
        &b.node.cfg.key_id(),
        inbox,
        &create(&actor, note(&id, &actor, "hi")),
        SystemTime::now(),
    )
}

#[tokio::test]
async fn a_rotated_key_is_fetched_again_once() {
    let a = start("a").await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    let (old, old_copy) = key_pair();
    let b = launch("b", listener, old, |_| {});
    let inbox = a.node.cfg.inbox();
    assert_eq!(send(&note_post(&b, &old_copy, &inbox)).await.0, 202);
    // b comes back on the same address with a new key.
    drop(b);
    let mut relisten = None;
    let start = std::time::Instant::now();
    while relisten.is_none() {
        relisten = tokio::net::TcpListener::bind(addr).await.ok();
        assert!(start.elapsed() < WAIT, "the address never came free");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let (new, new_copy) = key_pair();
    let b = launch("b", relisten.expect("listener"), new, |_| {});
    let (status, why) = send(&note_post(&b, &new_copy, &inbox)).await;
    assert_eq!(status, 202, "the new key is fetched: {why}");
    // The old key no longer verifies.
    let (status, _) = send(&note_post(&b, &old_copy, &inbox)).await;
    assert_eq!(status, 401);
}

#[tokio::test]
async fn blocked_domains_limits_and_oversized_bodies_are_refused() {
    let (b, b_key) = peer("b").await;
    let blocked = start_with("a", |c| c.blocked_domains = vec!["127.0.0.1".into()]).await;
    let (status, why) = send(&note_post(&b, &b_key, &blocked.node.cfg.inbox())).await;
    assert_eq!((status, why.contains("blocked")), (403, true), "{why}");

    let limited = start_with("a", |c| c.inbox_per_minute = 2).await;
    let inbox = limited.node.cfg.inbox();
    for _ in 0..2 {
        assert_eq!(send(&note_post(&b, &b_key, &inbox)).await.0, 202);
    }
    assert_eq!(send(&note_post(&b, &b_key, &inbox)).await.0, 429);

    let a = start("a").await;
    let mut big = note_post(&b, &b_key, &a.node.cfg.inbox());
    big.body = vec![b' '; trompe_federation::node::MAX_INBOX_BODY + 1];
    assert_eq!(send(&big).await.0, 413);
    assert!(a.node.store.recent_objects(5).expect("list").is_empty());
}

#[tokio::test]
async fn hs2019_and_a_portless_host_are_taken_where_allowed() {
    let (b, b_key) = peer("b").await;
    let a = start("a").await;
    // hs2019 names the same RSA signature.
    let mut post = note_post(&b, &b_key, &a.node.cfg.inbox());
    for (name, value) in post.headers.iter_mut() {
        if *name == "signature" {
            *value = value.replace("algorithm=\"rsa-sha256\"", "algorithm=\"hs2019\"");
        }
    }
    assert_eq!(send(&post).await.0, 202, "hs2019");

    // A signature over `host` without its port, as activityrelay makes.
    let portless = |inbox: &str| {
        let mut post = note_post(&b, &b_key, inbox);
        let url = url::Url::parse(inbox).expect("url");
        let date = post
            .headers
            .iter()
            .find(|(n, _)| *n == "date")
            .map(|(_, v)| v.clone())
            .expect("date");
        let digest = post
            .headers
            .iter()
            .find(|(n, _)| *n == "digest")
            .map(|(_, v)| v.clone())
            .expect("digest");
        let text = format!(
            "(request-target): post {}\nhost: {}\ndate: {date}\ndigest: {digest}",
            url.path(),
            url.host_str().expect("host")
        );
        let sig = base64::Engine::encode(
            &base64::engine::general_purpose::STANDARD,
            b_key.sign(text.as_bytes()).expect("sign"),
        );
        for (name, value) in post.headers.iter_mut() {
            if *name == "signature" {
                *value = format!(
                    "keyId=\"{}\",algorithm=\"rsa-sha256\",headers=\"(request-target) host date digest\",signature=\"{sig}\"",
                    b.node.cfg.key_id()
                );
            }
        }
        post
    };
    // The port is not the scheme's default: refused unless switched on.
    assert_eq!(send(&portless(&a.node.cfg.inbox())).await.0, 401);
    let lenient = start_with("a", |c| c.portless_host_signatures = true).await;
    let (status, why) = send(&portless(&lenient.node.cfg.inbox())).await;
    assert_eq!(status, 202, "{why}");
}

async fn start_with(name: &str, tweak: impl FnOnce(&mut NodeConfig)) -> Running {
    peer_with(name, tweak).await.0
}

#[tokio::test]
async fn a_follower_waits_for_approval_when_asked() {
    let a = start_with("a", |c| c.approve_followers = true).await;
    let b = start("b").await;
    let c = start("c").await;
    let a_actor = a.node.cfg.actor_id();
    b.node.follow(&a_actor, false).await.expect("b follows");
    c.node.follow(&a_actor, false).await.expect("c follows");
    let pending = a.node.store.followers().expect("followers");
    assert_eq!(pending.len(), 2);
    assert!(pending.iter().all(|f| f.state == "pending"));
    let state_at = |n: &Running| {
        n.node
            .store
            .subscriptions()
            .unwrap_or_default()
            .first()
            .map(|s| s.state.clone())
    };
    assert_eq!(state_at(&b).as_deref(), Some("pending"));

    a.node
        .answer_follower(&b.node.cfg.actor_id(), true)
        .await
        .expect("approve");
    a.node
        .answer_follower(&c.node.cfg.actor_id(), false)
        .await
        .expect("reject");
    assert_eq!(state_at(&b).as_deref(), Some("accepted"));
    assert_eq!(state_at(&c).as_deref(), Some("rejected"));
    let left = a.node.store.followers().expect("followers");
    assert_eq!(left.len(), 1);
    assert_eq!(left[0].state, "accepted");
}

/// A followed account that moves is followed at its new address when that
/// one names the old among its aliases; a move to an account that does not
/// is ignored.
#[tokio::test]
async fn a_move_is_followed_only_to_an_account_that_names_the_old_one() {
    let a = start("a").await;
    let (b, b_key) = peer("b").await;
    let b_actor = b.node.cfg.actor_id();
    a.node.follow(&b_actor, false).await.expect("follow");
    // Two possible new homes: one names b as an alias, one does not.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let home = format!("http://{}", listener.local_addr().expect("addr"));
    let aka = b_actor.clone();
    let base = home.clone();
    let app = axum::Router::new()
        .route(
            "/users/{name}",
            axum::routing::get(
                move |axum::extract::Path(name): axum::extract::Path<String>| {
                    let (aka, base) = (aka.clone(), base.clone());
                    async move {
                        let also: Vec<String> = if name == "new" { vec![aka] } else { vec![] };
                        (
                            [("content-type", ACTIVITY_JSON)],
                            json!({
                                "id": format!("{base}/users/{name}"),
                                "type": "Person",
                                "inbox": format!("{base}/users/{name}/inbox"),
                                "alsoKnownAs": also,
                            })
                            .to_string(),
                        )
                    }
                },
            ),
        )
        .route(
            "/users/{name}/inbox",
            axum::routing::post(|| async { axum::http::StatusCode::ACCEPTED }),
        );
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    let move_to = |target: String| {
        json!({
            "@context": "https://www.w3.org/ns/activitystreams",
            "id": format!("{b_actor}/moves/{}", rand_id()),
            "type": "Move",
            "actor": b_actor,
            "object": b_actor,
            "target": target,
        })
    };
    let targets = |n: &Running| -> Vec<String> {
        n.node
            .store
            .subscriptions()
            .unwrap_or_default()
            .into_iter()
            .map(|s| s.target)
            .collect()
    };
    let inbox = a.node.cfg.inbox();
    let stranger = format!("{home}/users/stranger");
    let post = signed_post(
        &b_key,
        &b.node.cfg.key_id(),
        &inbox,
        &move_to(stranger),
        SystemTime::now(),
    );
    assert_eq!(send(&post).await.0, 202);
    assert_eq!(
        targets(&a),
        vec![b_actor.clone()],
        "no alias: nothing changes"
    );
    let new = format!("{home}/users/new");
    let post = signed_post(
        &b_key,
        &b.node.cfg.key_id(),
        &inbox,
        &move_to(new.clone()),
        SystemTime::now(),
    );
    assert_eq!(send(&post).await.0, 202);
    assert_eq!(
        targets(&a),
        vec![new],
        "the new account is followed, the old dropped"
    );
}

/// An inbox that is down (503) until told otherwise, and keeps what it gets.
struct Inbox {
    url: String,
    up: Arc<std::sync::atomic::AtomicBool>,
    got: Arc<std::sync::Mutex<Vec<Value>>>,
}

async fn inbox_fixture() -> Inbox {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let url = format!("http://{}/inbox", listener.local_addr().expect("addr"));
    let up = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let got = Arc::new(std::sync::Mutex::new(Vec::new()));
    let (u, g) = (up.clone(), got.clone());
    let app = axum::Router::new().route(
        "/inbox",
        axum::routing::post(move |body: axum::body::Bytes| {
            let (u, g) = (u.clone(), g.clone());
            async move {
                if !u.load(std::sync::atomic::Ordering::SeqCst) {
                    return axum::http::StatusCode::SERVICE_UNAVAILABLE;
                }
                if let Ok(v) = serde_json::from_slice(&body) {
                    g.lock().expect("lock").push(v);
                }
                axum::http::StatusCode::ACCEPTED
            }
        }),
    );
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    Inbox { url, up, got }
}

fn follower_at(inbox: &str) -> trompe_federation::store::Follower {
    trompe_federation::store::Follower {
        actor: format!("{inbox}/actor"),
        inbox: inbox.to_string(),
        shared_inbox: None,
        follow_id: "f".into(),
        state: "accepted".into(),
        since: 0,
    }
}

fn post(text: &str) -> trompe_federation::node::NewPost {
    trompe_federation::node::NewPost {
        text: text.into(),
        ..Default::default()
    }
}

#[tokio::test]
async fn deliveries_retry_with_backoff_give_up_and_mark_a_dead_inbox() {
    use trompe_federation::node::{DEAD_AFTER, MAX_ATTEMPTS, backoff};
    let a = start("a").await;
    let inbox = inbox_fixture().await;
    a.node
        .store
        .put_follower(&follower_at(&inbox.url))
        .expect("follower");
    let first = a.node.publish(&post("one")).await.expect("publish");
    assert!(first.deliveries[0].1.is_err(), "the inbox is down");
    let queued = a.node.store.queue().expect("queue");
    assert_eq!((queued.len(), queued[0].attempts), (1, 1));
    let mut at = queued[0].next_at;
    assert_eq!(at - queued[0].created_at, backoff(1));
    // Not due yet: nothing is tried.
    assert!(a.node.deliver_due(at - 1).await.expect("due").is_empty());
    for attempt in 2..=MAX_ATTEMPTS {
        let tried = a.node.deliver_due(at).await.expect("due");
        assert_eq!(tried.len(), 1, "attempt {attempt}");
        let q = a.node.store.queue().expect("queue");
        assert_eq!(q[0].attempts, attempt);
        if attempt < MAX_ATTEMPTS {
            assert_eq!(q[0].next_at - at, backoff(attempt));
            at = q[0].next_at;
        }
    }
    let q = a.node.store.queue().expect("queue");
    assert_eq!(q[0].state, "dead", "given up after {MAX_ATTEMPTS} attempts");
    assert!(
        q[0].last_error
            .as_deref()
            .is_some_and(|e| e.contains("503"))
    );
    assert!(!a.node.store.is_dead(&inbox.url, at).expect("dead?"));

    // A second post fails the same way: the inbox is marked dead, and a
    // third post is not even tried there.
    a.node.publish(&post("two")).await.expect("publish");
    for _ in 0..(DEAD_AFTER - MAX_ATTEMPTS) {
        at += 6 * 3600;
        a.node.deliver_due(at).await.expect("due");
    }
    assert!(a.node.store.is_dead(&inbox.url, at).expect("dead?"));
    let a_day_later = at + trompe_federation::store::DEAD_FOR + 1;
    assert!(
        !a.node
            .store
            .is_dead(&inbox.url, a_day_later)
            .expect("dead?"),
        "the mark lasts a day"
    );
    inbox.up.store(true, std::sync::atomic::Ordering::SeqCst);
    let third = a.node.publish(&post("three")).await.expect("publish");
    assert!(third.deliveries[0].1.is_err(), "{:?}", third.deliveries);
    assert!(inbox.got.lock().expect("lock").is_empty());
}

#[tokio::test]
async fn the_queue_survives_a_restart() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("node.sqlite");
    let cfg = || {
        let mut c = NodeConfig::new(url::Url::parse("http://127.0.0.1:9/").expect("url"), "a");
        c.allow_private_addresses = true;
        c
    };
    let (key, again) = key_pair();
    let inbox = inbox_fixture().await;
    let first = Node::new(cfg(), key, Store::open(&path).expect("store"));
    first
        .store
        .put_follower(&follower_at(&inbox.url))
        .expect("follower");
    let published = first
        .publish(&post("while it was down"))
        .await
        .expect("publish");
    drop(first);
    inbox.up.store(true, std::sync::atomic::Ordering::SeqCst);
    let second = Node::new(cfg(), again, Store::open(&path).expect("reopen"));
    let later = second.store.queue().expect("queue")[0].next_at;
    let tried = second.deliver_due(later).await.expect("due");
    assert!(tried[0].1.is_ok(), "{:?}", tried[0].1);
    assert!(second.store.queue().expect("queue").is_empty());
    let got = inbox.got.lock().expect("lock");
    assert_eq!(got[0]["object"]["id"], published.id.as_str());
}

#[tokio::test]
async fn posts_are_addressed_edited_and_deleted_where_they_went() {
    use trompe_federation::node::{NewPost, Visibility};
    let a = start("a").await;
    let b = start("b").await;
    let relay = start("relay").await;
    a.node
        .follow(&b.node.cfg.actor_id(), false)
        .await
        .expect("follow");
    b.node
        .follow(&relay.node.cfg.actor_id(), true)
        .await
        .expect("subscribe");
    let http = reqwest::Client::new();
    let status_of = |url: String| {
        let http = http.clone();
        async move { http.get(url).send().await.expect("get").status().as_u16() }
    };

    let unlisted = b
        .node
        .publish(&NewPost {
            text: "bonjour".into(),
            visibility: Visibility::Unlisted,
            language: Some("fr".into()),
            attachments: vec![("https://example.org/chat.png".into(), "un chat".into())],
            ..Default::default()
        })
        .await
        .expect("publish");
    assert_eq!(unlisted.deliveries.len(), 2, "the follower and the relay");
    let stored = a
        .node
        .store
        .object(&unlisted.id)
        .expect("get")
        .expect("stored");
    let doc: Value = serde_json::from_str(&stored.json).expect("json");
    assert_eq!(doc["contentMap"]["fr"], "<p>bonjour</p>");
    assert_eq!(doc["attachment"][0]["name"], "un chat");
    assert_eq!(doc["attachment"][0]["mediaType"], "image/png");
    assert_eq!(doc["cc"][0], "https://www.w3.org/ns/activitystreams#Public");

    // An edit replaces the follower's copy; the id stays.
    b.node
        .edit(
            &unlisted.id,
            &NewPost {
                text: "bonsoir".into(),
                visibility: Visibility::Unlisted,
                ..Default::default()
            },
        )
        .await
        .expect("edit");
    let stored = a
        .node
        .store
        .object(&unlisted.id)
        .expect("get")
        .expect("kept");
    assert!(stored.json.contains("bonsoir") && stored.json.contains("updated"));
    assert_eq!(status_of(unlisted.id.clone()).await, 200);

    // Followers only: not to the relay, not served to anyone who asks.
    let private = b
        .node
        .publish(&NewPost {
            text: "for my followers".into(),
            visibility: Visibility::Followers,
            ..Default::default()
        })
        .await
        .expect("publish");
    assert_eq!(private.deliveries.len(), 1, "{:?}", private.deliveries);
    assert!(a.node.store.object(&private.id).expect("get").is_some());
    assert_eq!(status_of(private.id.clone()).await, 404);

    // A delete removes it everywhere it went.
    b.node.delete(&unlisted.id).await.expect("delete");
    assert!(a.node.store.object(&unlisted.id).expect("get").is_none());
    assert_eq!(status_of(unlisted.id.clone()).await, 404);
    assert!(b.node.delete(&unlisted.id).await.is_err(), "already gone");
}

/// An inbox that answers `status` (202 counts the delivery), or that
/// hangs without answering while `hang` is set.
struct Flaky {
    url: String,
    status: Arc<std::sync::atomic::AtomicU16>,
    hang: Arc<std::sync::atomic::AtomicBool>,
    got: Arc<std::sync::Mutex<Vec<Value>>>,
    /// Requests that came in, answered or not.
    seen: Arc<std::sync::atomic::AtomicUsize>,
}

async fn flaky(status: u16, hang: bool) -> Flaky {
    use std::sync::atomic::Ordering::SeqCst;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let f = Flaky {
        url: format!("http://{}/inbox", listener.local_addr().expect("addr")),
        status: Arc::new(std::sync::atomic::AtomicU16::new(status)),
        hang: Arc::new(std::sync::atomic::AtomicBool::new(hang)),
        got: Arc::new(std::sync::Mutex::new(Vec::new())),
        seen: Arc::new(std::sync::atomic::AtomicUsize::new(0)),
    };
    let (st, hg, got, seen) = (
        f.status.clone(),
        f.hang.clone(),
        f.got.clone(),
        f.seen.clone(),
    );
    let app = axum::Router::new().route(
        "/inbox",
        axum::routing::post(move |body: axum::body::Bytes| {
            let (st, hg, got, seen) = (st.clone(), hg.clone(), got.clone(), seen.clone());
            async move {
                seen.fetch_add(1, SeqCst);
                if hg.load(SeqCst) {
                    std::future::pending::<()>().await;
                }
                let code = st.load(SeqCst);
                if code == 202 {
                    if let Ok(v) = serde_json::from_slice(&body) {
                        got.lock().expect("lock").push(v);
                    }
                }
                axum::http::StatusCode::from_u16(code).expect("status")
            }
        }),
    );
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    f
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_node_killed_mid_delivery_delivers_the_rest_once_after_a_restart() {
    use std::sync::atomic::Ordering::SeqCst;
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("node.sqlite");
    let cfg = || {
        let mut c = NodeConfig::new(url::Url::parse("http://127.0.0.1:9/").expect("url"), "a");
        c.allow_private_addresses = true;
        c
    };
    let (key, again) = key_pair();
    let up = flaky(202, false).await;
    let failing = flaky(500, false).await;
    let hanging = flaky(202, true).await;
    // Nothing listens there: the connection is refused.
    let refused = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        format!("http://{}/inbox", l.local_addr().expect("addr"))
    };
    let first = Node::new(cfg(), key, Store::open(&path).expect("store"));
    for inbox in [&up.url, &failing.url, &hanging.url, &refused] {
        first
            .store
            .put_follower(&follower_at(inbox))
            .expect("follower");
    }
    // The post goes out; the node dies while one delivery hangs.
    let publishing = {
        let n = first.clone();
        tokio::spawn(async move { n.publish(&post("through thick and thin")).await })
    };
    // Also wait until the store has recorded the delivery done: the inbox
    // gets the post a moment before its answer is written down.
    eventually(
        "the reachable inbox has it, its delivery is recorded, and the hanging one is asked",
        || {
            up.got.lock().expect("lock").len() == 1
                && failing.seen.load(SeqCst) == 1
                && hanging.seen.load(SeqCst) == 1
                && first.store.queue().is_ok_and(|q| q.len() == 3)
        },
    )
    .await;
    publishing.abort();
    let _ = publishing.await;
    drop(first);

    // Restarted on the same store, with the failing inbox mended and the
    // hanging one answering: the rest is delivered, and only the rest.
    failing.status.store(202, SeqCst);
    hanging.hang.store(false, SeqCst);
    let second = Node::new(cfg(), again, Store::open(&path).expect("reopen"));
    let queue = second.store.queue().expect("queue");
    assert_eq!(queue.len(), 3, "the delivered one is done: {queue:?}");
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock")
        .as_secs() as i64;
    // After the backoff and the hanging delivery's lease.
    let tried = second.deliver_due(now + 600).await.expect("due");
    assert_eq!(tried.len(), 3, "{tried:?}");
    for (d, r) in &tried {
        assert_eq!(r.is_ok(), d.inbox != refused, "{}: {r:?}", d.inbox);
    }
    // Later rounds try only the refused one again, never the delivered.
    let again = second.deliver_due(now + 100_000).await.expect("due");
    assert!(again.iter().all(|(d, _)| d.inbox == refused), "{again:?}");
    for (name, inbox) in [("up", &up), ("failing", &failing), ("hanging", &hanging)] {
        let got = inbox.got.lock().expect("lock");
        assert_eq!(got.len(), 1, "{name} got it once: {got:?}");
        assert_eq!(got[0]["type"], "Create");
    }
    let left = second.store.queue().expect("queue");
    assert_eq!(left.len(), 1);
    assert_eq!(left[0].inbox, refused);
    assert!(left[0].last_error.is_some());
}

/// A sender that trickles its body in is cut off (408), and one that nests
/// its JSON ten thousand deep is refused (400), while another sender's
/// post goes through in the meantime.
#[tokio::test]
async fn slow_and_deeply_nested_requests_are_cut_off_without_hurting_others() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let (b, b_key) = peer("b").await;
    let a = start("a").await;
    let inbox = url::Url::parse(&a.node.cfg.inbox()).expect("inbox");
    let addr = format!(
        "{}:{}",
        inbox.host_str().expect("host"),
        inbox.port_or_known_default().expect("port")
    );
    // The slow one: headers, a few bytes of a 1,000-byte body, then nothing.
    let mut slow = tokio::net::TcpStream::connect(&addr)
        .await
        .expect("connect");
    let head = format!(
        "POST {} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/activity+json\r\nContent-Length: 1000\r\n\r\n{{\"type\":",
        inbox.path()
    );
    slow.write_all(head.as_bytes()).await.expect("write");
    // Meanwhile another sender is served.
    let (status, why) = send(&note_post(&b, &b_key, inbox.as_str())).await;
    assert_eq!(status, 202, "{why}");
    let mut answer = Vec::new();
    let read = tokio::time::timeout(WAIT, slow.read_to_end(&mut answer)).await;
    assert!(read.is_ok(), "the slow request was never cut off");
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");

    // Ten thousand levels of nesting: not taken as JSON, nothing stored
    // but the other sender's post.
    let mut deep = note_post(&b, &b_key, inbox.as_str());
    deep.body = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000)).into_bytes();
    let (status, why) = send(&deep).await;
    assert_eq!(status, 400, "{why}");
    assert_eq!(a.node.store.recent_objects(5).expect("list").len(), 1);
}
