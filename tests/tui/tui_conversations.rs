//! The conversations tab against the demo instance: direct messages listed
//! by latest activity, a new message moving its conversation to the top
//! live (the `direct` stream's `conversation` event), and opening one
//! marking it read on the server.

#![allow(clippy::unwrap_used)]

use trompe::api::PageQuery;
use trompe::app::{State, StreamStatus, TabKind, View};
use trompe_testkit::{Harness, said};

fn conversations_tab(s: &State) -> Option<&trompe::app::TimelineTab> {
    s.accounts[0]
        .tabs
        .iter()
        .find(|t| t.kind == TabKind::Conversations)
}

#[tokio::test]
async fn conversations_list_stream_and_are_marked_read() {
    let mut h = Harness::demo().await;
    let (server, client) = (h.server.clone(), h.client.clone());
    h.until("home loaded and the stream live", |s| {
        s.accounts[0].tabs[0].loaded && s.accounts[0].stream == StreamStatus::Live
    })
    .await;
    h.command("conversations");
    h.until("the conversations tab loaded", |s| {
        conversations_tab(s).is_some_and(|t| t.loaded)
    })
    .await;
    let q = PageQuery {
        limit: Some(40),
        ..Default::default()
    };
    let on_server: Vec<String> = client
        .conversations(&q)
        .await
        .unwrap()
        .items
        .iter()
        .map(|c| c.id.as_str().to_string())
        .collect();
    assert!(!on_server.is_empty(), "the demo seeds direct messages");
    assert_eq!(conversations_tab(h.state()).unwrap().ids, on_server);
    let screen = h.screen();
    assert!(screen.contains("✉ with @"), "{screen}");

    // A new conversation comes in at the top, live; then a new message in
    // the older one brings that one back above it.
    let oldest = on_server.last().unwrap().clone();
    let conv = h.state().accounts[0].conversations[&oldest].clone();
    let with = conv.accounts[0].acct.clone();
    let last = conv.last_status.as_ref().unwrap().id.as_str().to_string();
    h.until("the direct subscription on the server", |_| {
        server.subscriptions("direct") >= 1
    })
    .await;
    server
        .direct_as(&with, "@demo a fresh conversation", None)
        .unwrap();
    let mentions = |s: &State, id: &str, text: &str| {
        s.accounts[0].conversations.get(id).is_some_and(|c| {
            c.last_status
                .as_ref()
                .is_some_and(|l| l.content.contains(text))
        })
    };
    h.until("the new conversation on top", |s| {
        conversations_tab(s).is_some_and(|t| {
            t.ids.len() == on_server.len() + 1 && mentions(s, &t.ids[0], "a fresh conversation")
        })
    })
    .await;
    server
        .direct_as(
            &with,
            "@demo a new message in an old conversation",
            Some(&last),
        )
        .unwrap();
    h.until("the old conversation back on top", |s| {
        conversations_tab(s).is_some_and(|t| t.ids.first() == Some(&oldest))
            && mentions(s, &oldest, "a new message in an old conversation")
    })
    .await;
    let c = &h.state().accounts[0].conversations[&oldest];
    assert!(c.unread);
    assert!(
        c.last_status
            .as_ref()
            .unwrap()
            .content
            .contains("a new message in an old conversation")
    );
    // Enter (the selection follows the top) opens the thread and marks it read.
    h.press("Home");
    h.press("Enter");
    h.until("the thread open and the conversation marked read", |s| {
        matches!(s.accounts[0].views.last(), Some(View::Thread(_))) && said(s, "marked read")
    })
    .await;
    let after = client.conversations(&q).await.unwrap().items;
    let c = after.iter().find(|c| c.id.as_str() == oldest).unwrap();
    assert!(!c.unread, "read on the server");
}
