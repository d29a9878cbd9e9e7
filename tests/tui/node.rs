//! The federation node in the TUI, against the demo instance: follow a
//! demo account from the Subscriptions view, see its new post arrive in
//! the Relay tab with no key pressed, and reply to it as the node; the
//! demo account gets the reply.

use std::sync::Arc;

use trompe::app::{AccountState, View};
use trompe::federation::{Node, NodeConfig, NodeKey, Store};
use trompe_testkit as common;

/// A node on loopback (private addresses allowed: the demo is local too).
async fn node() -> Arc<Node> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let mut cfg = NodeConfig::new(url::Url::parse(&base).unwrap(), "node");
    cfg.allow_private_addresses = true;
    let node = Node::new(cfg, NodeKey::generate().unwrap(), Store::memory().unwrap());
    let serving = node.clone();
    tokio::spawn(async move {
        let _ = serving.serve(listener, std::future::pending()).await;
    });
    node
}

/// The demo and the TUI with `node` as its second source, switched to it
/// in the account switcher (its events from `socket` when another process
/// serves it).
async fn on_node(node: &Arc<Node>, socket: Option<std::path::PathBuf>) -> common::Harness {
    let mut h = common::Harness::demo().await;
    let label = format!("node@{} (node)", node.cfg.host());
    h.app
        .state
        .accounts
        .push(AccountState::node(label, node.cfg.host()));
    h.app.set_node(1, node.clone(), socket);
    h.ready().await;
    h.press("A");
    h.press("j");
    h.press("Enter");
    h.until("the node active, its Relay tab loaded and live", |s| {
        s.active == 1
            && s.accounts[1].tabs[0].loaded
            && s.accounts[1].stream == trompe::app::StreamStatus::Live
    })
    .await;
    h
}

fn relay_texts(s: &trompe::app::State) -> Vec<String> {
    let Some(acc) = s.accounts.get(1) else {
        return vec![];
    };
    acc.tabs[0]
        .ids
        .iter()
        .filter_map(|id| acc.status(id))
        .map(|st| trompe::html::strip_html(&st.content))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn follow_a_demo_account_see_its_post_live_and_reply_as_the_node() {
    let node = node().await;
    let mut h = on_node(&node, None).await;

    // Follow the demo account from the Subscriptions view.
    h.press("S");
    h.until(
        "the subscriptions view open and loaded",
        |s| matches!(s.accounts[1].views.last(), Some(View::Subscriptions(v)) if !v.loading),
    )
    .await;
    h.press("+");
    let acct = format!("@{}@{}", h.server.username(), h.server.addr());
    h.type_text(&acct);
    h.press("Enter");
    let actor = format!("http://{}/users/{}", h.server.addr(), h.server.username());
    h.until("the demo account's follow accepted in the view", |s| {
        matches!(s.accounts[1].views.last(), Some(View::Subscriptions(v))
            if v.rows.iter().any(|r| r.target == actor && r.state == "accepted"))
    })
    .await;
    h.press("Esc");
    h.until("back on the Relay tab", |s| s.accounts[1].views.is_empty())
        .await;

    // The demo account posts; the post comes to the Relay tab by itself.
    let posted: serde_json::Value = reqwest::Client::new()
        .post(format!("{}api/v1/statuses", h.server.base_url()))
        .bearer_auth(h.server.token())
        .json(&serde_json::json!({"status": "a post for my followers far away", "visibility": "public"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let local_id = posted["id"].as_str().unwrap().to_string();
    h.until("the demo's post in the Relay tab", |s| {
        relay_texts(s)
            .first()
            .is_some_and(|t| t.contains("a post for my followers far away"))
    })
    .await;
    let screen = h.screen();
    assert!(
        screen.contains("a post for my followers far away"),
        "{screen}"
    );

    // Reply to it as the node.
    h.press("R");
    h.until("the compose pane open as a reply", |s| {
        s.compose
            .as_ref()
            .is_some_and(|c| c.draft.reply_to.is_some())
    })
    .await;
    h.type_text("greetings from the node");
    h.press("ctrl-s");
    h.until("the reply posted", |s| common::said(s, "Posted"))
        .await;

    // The demo account has the reply under its post, and a mention.
    let client = h.client.clone();
    common::eventually("the reply under the demo's post", || {
        let client = client.clone();
        let id = local_id.clone();
        async move {
            client
                .status_context(&trompe::api::entities::StatusId::new(id))
                .await
                .is_ok_and(|c| {
                    c.descendants.iter().any(|d| {
                        d.content.contains("greetings from the node")
                            && d.account.acct.starts_with("node@")
                    })
                })
        }
    })
    .await;

    // Edit it (an Update), then delete it (a Delete, after asking): the
    // demo follows both.
    h.until("the reply in the Relay tab", |s| {
        relay_texts(s)
            .iter()
            .any(|t| t.contains("greetings from the node"))
    })
    .await;
    // Posted in the same second as the post it answers, it may sort
    // either side of it: select it where it is.
    let at = relay_texts(h.state())
        .iter()
        .position(|t| t.contains("greetings from the node"))
        .unwrap();
    h.press("g");
    for _ in 0..at {
        h.press("j");
    }
    h.until("the reply selected", |s| {
        s.accounts[1].tabs[0].selected == at
    })
    .await;
    h.press("e");
    h.until("the compose pane open on the reply", |s| {
        s.compose
            .as_ref()
            .is_some_and(|c| c.draft.edit_of.is_some())
    })
    .await;
    h.type_text(", edited");
    h.press("ctrl-s");
    h.until("the edit sent", |s| {
        s.compose.is_none() && common::said(s, "Edited")
    })
    .await;
    let reply_on_demo = |client: trompe::api::Client, id: String, text: &'static str| async move {
        client
            .status_context(&trompe::api::entities::StatusId::new(id))
            .await
            .is_ok_and(|c| c.descendants.iter().any(|d| d.content.contains(text)))
    };
    let (c, id) = (h.client.clone(), local_id.clone());
    common::eventually("the edit on the demo", || {
        reply_on_demo(c.clone(), id.clone(), "greetings from the node, edited")
    })
    .await;
    h.until("the edit shown in the Relay tab", |s| {
        relay_texts(s)
            .iter()
            .any(|t| t.contains("greetings from the node, edited"))
    })
    .await;
    h.press("D");
    h.until("the delete asked about", |s| {
        matches!(s.accounts[1].views.last(), Some(View::Confirm { .. }))
    })
    .await;
    h.press("y");
    h.until("the reply deleted and gone from the Relay tab", |s| {
        !relay_texts(s)
            .iter()
            .any(|t| t.contains("greetings from the node"))
    })
    .await;
    common::eventually("the reply gone from the demo", || {
        let (c, id) = (c.clone(), id.clone());
        async move { !reply_on_demo(c, id, "greetings from the node").await }
    })
    .await;
    h.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn search_as_the_node_opens_remote_profiles_and_threads() {
    let node = node().await;
    let mut h = on_node(&node, None).await;
    // A thread on the demo: a post and a reply to it.
    let post = |body: serde_json::Value| {
        let url = format!("{}api/v1/statuses", h.server.base_url());
        let token = h.server.token().to_string();
        async move {
            reqwest::Client::new()
                .post(url)
                .bearer_auth(token)
                .json(&body)
                .send()
                .await
                .unwrap()
                .json::<serde_json::Value>()
                .await
                .unwrap()
        }
    };
    let first =
        post(serde_json::json!({"status": "the start of a thread", "visibility": "public"})).await;
    let first_id = first["id"].as_str().unwrap().to_string();
    post(serde_json::json!({"status": "and its answer", "visibility": "public", "in_reply_to_id": first_id})).await;

    // A handle: the account is found by WebFinger, its profile shows its
    // outbox's posts, fetched with signed GETs.
    h.press("/");
    h.type_text(&format!("@{}@{}", h.server.username(), h.server.addr()));
    h.press("Enter");
    h.until("the account found", |s| {
        matches!(s.accounts[1].views.last(), Some(View::Search(v))
            if v.results.as_ref().is_some_and(|r| r.accounts.len() == 1))
    })
    .await;
    h.press("Enter");
    h.until("its profile with the thread's first post", |s| {
        matches!(s.accounts[1].views.last(), Some(View::Profile(p))
        if p.posts.loaded && p.posts.ids.iter().any(|id| {
            s.accounts[1].status(id).is_some_and(|st| st.content.contains("the start of a thread"))
        }))
    })
    .await;
    h.press("Esc");
    h.press("Esc");
    h.until("back on the Relay tab", |s| s.accounts[1].views.is_empty())
        .await;

    // A post's URL opens as a thread, with its replies.
    let note = format!(
        "http://{}/users/{}/statuses/{first_id}",
        h.server.addr(),
        h.server.username()
    );
    h.press("/");
    h.type_text(&note);
    h.press("Enter");
    h.until("the post found", |s| {
        matches!(s.accounts[1].views.last(), Some(View::Search(v))
            if v.results.as_ref().is_some_and(|r| r.statuses.len() == 1))
    })
    .await;
    h.press("Enter");
    h.until_with(
        "the thread with the answer",
        |s| {
            matches!(s.accounts[1].views.last(), Some(View::Thread(t))
                if t.loading.is_none() && t.items.iter().any(|(id, _)| {
                    s.accounts[1].statuses.get(id).is_some_and(|st| st.content.contains("and its answer"))
                }))
        },
        |s| format!("views: {:?}", s.accounts[1].views.last().map(|v| v.title())),
    )
    .await;
    h.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_node_served_by_another_process_tells_the_tui_over_its_socket() {
    // The serving node (as `trompe relay serve` runs it) and the TUI's
    // own handle on the same store and key, told of changes by the socket.
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("node.sqlite");
    let socket = dir.path().join("events.sock");
    let key_path = dir.path().join("node.pem");
    NodeKey::generate().unwrap().save(&key_path).unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let cfg = || {
        let mut c = NodeConfig::new(url::Url::parse(&base).unwrap(), "node");
        c.allow_private_addresses = true;
        c
    };
    let serving = Node::new(
        cfg(),
        NodeKey::load(&key_path).unwrap(),
        Store::open(&store).unwrap(),
    );
    {
        let n = serving.clone();
        tokio::spawn(async move {
            let _ = n.serve(listener, std::future::pending()).await;
        });
        let (n, path) = (serving.clone(), socket.clone());
        tokio::spawn(async move { trompe::federation::events::serve(n, &path).await });
    }
    let reader = Node::new(
        cfg(),
        NodeKey::load(&key_path).unwrap(),
        Store::open(&store).unwrap(),
    );
    let mut h = on_node(&reader, Some(socket)).await;
    // The follow goes out from the TUI's process; the Accept comes to the
    // serving one, which tells the TUI: the view shows it accepted.
    h.command(&format!(
        "subscribe @{}@{}",
        h.server.username(),
        h.server.addr()
    ));
    h.until("the follow accepted", |s| {
        matches!(s.accounts[1].views.last(), Some(View::Subscriptions(v))
            if v.rows.iter().any(|r| r.state == "accepted"))
    })
    .await;
    reqwest::Client::new()
        .post(format!("{}api/v1/statuses", h.server.base_url()))
        .bearer_auth(h.server.token())
        .json(&serde_json::json!({"status": "heard through the socket", "visibility": "public"}))
        .send()
        .await
        .unwrap();
    h.until("the post in the Relay tab, with no key pressed", |s| {
        relay_texts(s)
            .iter()
            .any(|t| t.contains("heard through the socket"))
    })
    .await;
    h.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn compose_as_the_node_with_a_warning_and_a_picture_by_url() {
    let node = node().await;
    let mut h = on_node(&node, None).await;
    h.press("c");
    h.until("the compose pane open", |s| s.compose.is_some())
        .await;
    h.type_text("a cat, asleep");
    // A content warning in its field.
    h.press("Tab");
    h.type_text("cats");
    h.press("Tab");
    // A picture by its URL, with its alt text (no focal point).
    h.press("ctrl-o");
    h.type_text("https://pictures.example/cat.png");
    h.press("Enter");
    h.type_text("a grey cat asleep on a keyboard");
    h.press("Enter");
    h.press("Enter");
    h.until("the picture attached with its alt text", |s| {
        s.compose.as_ref().is_some_and(|c| {
            c.draft.media.len() == 1 && c.draft.media[0].description.contains("grey cat")
        })
    })
    .await;
    h.press("ctrl-s");
    h.until("posted as the node", |s| {
        s.compose.is_none() && common::said(s, "Posted")
    })
    .await;
    // What the node serves: a Note with the warning and the picture.
    let ours = node.store.timeline(None, None, 5).unwrap();
    let note: serde_json::Value = serde_json::from_str(&ours[0].json).unwrap();
    assert_eq!(note["summary"], "cats", "{note}");
    assert_eq!(note["sensitive"], true);
    assert_eq!(
        note["attachment"][0]["url"],
        "https://pictures.example/cat.png"
    );
    assert_eq!(
        note["attachment"][0]["name"],
        "a grey cat asleep on a keyboard"
    );
    assert!(note["content"].as_str().unwrap().contains("a cat, asleep"));
    // And it shows in the Relay tab, behind its warning.
    h.until("the post in the Relay tab", |s| {
        s.accounts[1].tabs[0].ids.first().is_some_and(|id| {
            s.accounts[1]
                .status(id)
                .is_some_and(|st| st.spoiler_text == "cats" && st.media_attachments.len() == 1)
        })
    })
    .await;
    h.quit().await;
}
