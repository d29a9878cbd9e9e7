//! The conversations tab against the demo instance: direct messages listed
//! by latest activity, a new message moving its conversation to the top
//! live (the `direct` stream's `conversation` event), and opening one
//! marking it read on the server.

#![allow(clippy::unwrap_used)]

use trompe_testkit as common;

use common::{command, named};
use futures::channel::mpsc;
use ratatui::crossterm::event::KeyCode;
use trompe::api::PageQuery;
use trompe::app::{State, StreamStatus, TabKind, View};

use common::WAIT;

fn conversations_tab(s: &State) -> Option<&trompe::app::TimelineTab> {
    s.accounts[0]
        .tabs
        .iter()
        .find(|t| t.kind == TabKind::Conversations)
}

#[tokio::test]
async fn conversations_list_stream_and_are_marked_read() {
    let (server, client, mut app) = common::demo_app().await;
    let (tx, mut rx) = mpsc::unbounded();
    assert!(
        app.run_until(
            &mut rx,
            |s| s.accounts[0].tabs[0].loaded && s.accounts[0].stream == StreamStatus::Live,
            WAIT
        )
        .await
        .unwrap()
    );
    command(&tx, "conversations");
    assert!(
        app.run_until(
            &mut rx,
            |s| conversations_tab(s).is_some_and(|t| t.loaded),
            WAIT
        )
        .await
        .unwrap()
    );
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
    assert_eq!(conversations_tab(&app.state).unwrap().ids, on_server);
    let screen = common::rows(app.terminal().backend().buffer()).join("\n");
    assert!(screen.contains("✉ with @"), "{screen}");

    // A new conversation comes in at the top, live; then a new message in
    // the older one brings that one back above it.
    let oldest = on_server.last().unwrap().clone();
    let conv = app.state.accounts[0].conversations[&oldest].clone();
    let with = conv.accounts[0].acct.clone();
    let last = conv.last_status.as_ref().unwrap().id.as_str().to_string();
    // Wait for the `direct` subscription to reach the server.
    common::until(
        &mut app,
        &mut rx,
        "the direct subscription on the server",
        |_| server.subscriptions("direct") >= 1,
    )
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
    assert!(
        app.run_until(
            &mut rx,
            |s| conversations_tab(s).is_some_and(|t| t.ids.len() == on_server.len() + 1
                && mentions(s, &t.ids[0], "a fresh conversation")),
            WAIT
        )
        .await
        .unwrap()
    );
    server
        .direct_as(
            &with,
            "@demo a new message in an old conversation",
            Some(&last),
        )
        .unwrap();
    assert!(
        app.run_until(
            &mut rx,
            |s| conversations_tab(s).is_some_and(|t| t.ids.first() == Some(&oldest))
                && mentions(s, &oldest, "a new message in an old conversation"),
            WAIT
        )
        .await
        .unwrap()
    );
    let c = &app.state.accounts[0].conversations[&oldest];
    assert!(c.unread);
    assert!(
        c.last_status
            .as_ref()
            .unwrap()
            .content
            .contains("a new message in an old conversation")
    );
    // Enter (the selection follows the top) opens the thread and marks it read.
    tx.unbounded_send(named(KeyCode::Home)).unwrap();
    tx.unbounded_send(named(KeyCode::Enter)).unwrap();
    assert!(
        app.run_until(
            &mut rx,
            |s| matches!(s.accounts[0].views.last(), Some(View::Thread(_)))
                && common::said(s, "marked read"),
            WAIT
        )
        .await
        .unwrap()
    );
    let after = client.conversations(&q).await.unwrap().items;
    let c = after.iter().find(|c| c.id.as_str() == oldest).unwrap();
    assert!(!c.unread, "read on the server");
}
