//! Acting on posts from the TUI against the demo instance: favourite, boost,
//! bookmark with optimistic updates, rollback on a server error, one source
//! of truth across views, and delete with confirmation.

#![allow(clippy::unwrap_used)]

use common::{command, key};
use trompe::app::keymap::Command;
use trompe_testkit as common;

use futures::channel::mpsc;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use trompe::api::entities::{Status, StatusId};
use trompe::api::{AccessToken, Client};
use trompe::app::{AccountState, Action, State, update};
use trompe::tui::App;
use trompe_demo::{DemoOptions, DemoServer, Fault};

use common::WAIT;

async fn setup() -> (DemoServer, Client, App<TestBackend>) {
    let server = DemoServer::start(DemoOptions::default()).await.unwrap();
    let client = Client::new(
        server.base_url().clone(),
        Some(AccessToken::new(server.token())),
    )
    .unwrap();
    let state = State::new(
        vec![AccountState::new("demo@demo", "demo")],
        time::OffsetDateTime::now_utc(),
    );
    let app = App::new(
        Terminal::new(TestBackend::new(100, 30)).unwrap(),
        state,
        vec![client.clone()],
    );
    (server, client, app)
}

fn selected(app: &App<TestBackend>) -> Status {
    let acc = &app.state.accounts[0];
    acc.status(acc.tabs[0].selected_id().unwrap())
        .unwrap()
        .original()
        .clone()
}

fn current(app: &App<TestBackend>, id: &StatusId) -> Status {
    let acc = &app.state.accounts[0];
    acc.statuses
        .values()
        .find_map(|s| {
            if s.id == *id {
                Some(s.clone())
            } else {
                s.reblog.as_deref().filter(|r| r.id == *id).cloned()
            }
        })
        .unwrap()
}

async fn server_status(client: &Client, id: &StatusId) -> Status {
    client
        .get(&format!("api/v1/statuses/{}", id.as_str()), &[])
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn favourite_boost_bookmark_reach_the_server() {
    let (_server, client, mut app) = setup().await;
    let (tx, mut rx) = mpsc::unbounded();
    assert!(
        app.run_until(
            &mut rx,
            |s| s.accounts[0].tabs[0].loaded
                && s.accounts[0].me.is_some()
                && s.accounts[0].stream == trompe::app::StreamStatus::Live,
            WAIT
        )
        .await
        .unwrap()
    );
    // Pick a public post by someone else that is not favourited yet.
    let me = app.state.accounts[0].me.clone().unwrap();
    let pos = app.state.accounts[0].tabs[0]
        .ids
        .iter()
        .position(|id| {
            let s = app.state.accounts[0].status(id).unwrap().original();
            s.account.id != me.id
                && s.favourited != Some(true)
                && s.reblogged != Some(true)
                && s.bookmarked != Some(true)
                && s.visibility == trompe::api::entities::Visibility::Public
        })
        .unwrap();
    for _ in 0..pos {
        tx.unbounded_send(key('j')).unwrap();
    }
    assert!(
        app.run_until(&mut rx, |s| s.accounts[0].tabs[0].selected == pos, WAIT)
            .await
            .unwrap()
    );
    let before = selected(&app);
    for c in ['f', 'b', 'B'] {
        tx.unbounded_send(key(c)).unwrap();
    }
    // Optimistic: at once in the state.
    assert!(
        app.run_until(
            &mut rx,
            |s| {
                let acc = &s.accounts[0];
                let st = acc
                    .status(acc.tabs[0].selected_id().unwrap())
                    .unwrap()
                    .original();
                st.favourited == Some(true)
                    && st.reblogged == Some(true)
                    && st.bookmarked == Some(true)
            },
            WAIT
        )
        .await
        .unwrap()
    );
    // And on the server, with the counts up.
    common::eventually(
        "the server to have it favourited, boosted and bookmarked",
        || async {
            let on_server = server_status(&client, &before.id).await;
            on_server.favourited == Some(true)
                && on_server.reblogged == Some(true)
                && on_server.bookmarked == Some(true)
        },
    )
    .await;
    let on_server = server_status(&client, &before.id).await;
    assert_eq!(on_server.favourited, Some(true));
    assert_eq!(on_server.reblogged, Some(true));
    assert_eq!(on_server.bookmarked, Some(true));
    assert_eq!(on_server.favourites_count, before.favourites_count + 1);
    assert_eq!(on_server.reblogs_count, before.reblogs_count + 1);
    let now = current(&app, &before.id);
    assert_eq!(now.favourites_count, before.favourites_count + 1);
    tx.unbounded_send(key('q')).unwrap();
    app.run(&mut rx).await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_error_rolls_back_with_a_toast() {
    let (server, _client, mut app) = setup().await;
    let (tx, mut rx) = mpsc::unbounded();
    assert!(
        app.run_until(
            &mut rx,
            |s| s.accounts[0].tabs[0].loaded
                && s.accounts[0].me.is_some()
                && s.accounts[0].stream == trompe::app::StreamStatus::Live,
            WAIT
        )
        .await
        .unwrap()
    );
    let before = selected(&app);
    server.faults().inject(
        &format!("/api/v1/statuses/{}/", before.id.as_str()),
        Fault::Status(500),
        1,
    );
    tx.unbounded_send(key('f')).unwrap();
    assert!(
        app.run_until(&mut rx, |s| common::said(s, "Could not"), WAIT)
            .await
            .unwrap()
    );
    let after = current(&app, &before.id);
    assert_eq!(after.favourited, before.favourited);
    assert_eq!(after.favourites_count, before.favourites_count);
    let toast = &app.state.messages.back().unwrap().text;
    assert!(
        toast.contains("went wrong"),
        "the server's message is shown: {toast}"
    );
    tx.unbounded_send(key('q')).unwrap();
    app.run(&mut rx).await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn delete_asks_first_then_removes_everywhere() {
    let (_server, client, mut app) = setup().await;
    let (tx, mut rx) = mpsc::unbounded();
    assert!(
        app.run_until(
            &mut rx,
            |s| s.accounts[0].tabs[0].loaded
                && s.accounts[0].me.is_some()
                && s.accounts[0].stream == trompe::app::StreamStatus::Live,
            WAIT
        )
        .await
        .unwrap()
    );
    let me = app.state.accounts[0].me.clone().unwrap();
    let pos = app.state.accounts[0].tabs[0]
        .ids
        .iter()
        .position(|id| {
            let s = app.state.accounts[0].status(id).unwrap();
            s.reblog.is_none() && s.account.id == me.id
        })
        .expect("an own post in home");
    for _ in 0..pos {
        tx.unbounded_send(key('j')).unwrap();
    }
    assert!(
        app.run_until(&mut rx, |s| s.accounts[0].tabs[0].selected == pos, WAIT)
            .await
            .unwrap()
    );
    let target = selected(&app).id;
    tx.unbounded_send(key('D')).unwrap();
    assert!(
        app.run_until(
            &mut rx,
            |s| matches!(
                s.accounts[0].views.last(),
                Some(trompe::app::View::Confirm { .. })
            ),
            WAIT
        )
        .await
        .unwrap()
    );
    app.draw().unwrap();
    assert!(
        common::rows(app.terminal().backend().buffer())
            .join("\n")
            .contains("Delete this post?")
    );
    // n cancels; nothing is deleted.
    tx.unbounded_send(key('n')).unwrap();
    assert!(
        app.run_until(&mut rx, |s| s.accounts[0].views.is_empty(), WAIT)
            .await
            .unwrap()
    );
    assert!(app.state.accounts[0].tabs[0].contains(&target));
    tx.unbounded_send(key('D')).unwrap();
    tx.unbounded_send(key('y')).unwrap();
    assert!(
        app.run_until(&mut rx, |s| !s.accounts[0].tabs[0].contains(&target), WAIT)
            .await
            .unwrap()
    );
    let gone = client
        .get::<Status>(&format!("api/v1/statuses/{}", target.as_str()), &[])
        .await;
    assert!(matches!(gone, Err(trompe::api::ApiError::NotFound { .. })));
    tx.unbounded_send(key('q')).unwrap();
    app.run(&mut rx).await.unwrap();
}

#[test]
fn one_source_of_truth_across_tabs_boosts_and_notifications() {
    let home = common::sample_home();
    let original = home[4].reblog.clone().unwrap(); // boosted by bob
    let mut state = common::state_with(home);
    // The same status also stands alone and inside a notification.
    let acc = &mut state.accounts[0];
    acc.statuses
        .insert(original.id.clone(), (*original).clone());
    let n: trompe::api::entities::Notification = serde_json::from_value(serde_json::json!({
        "id": "n1", "type": "favourite", "created_at": "2026-11-27T11:00:00.000Z",
        "account": common::account("5", "zoe", "Zoë"), "status": serde_json::to_value(&*original).unwrap()
    })).unwrap();
    acc.notifications.insert("n1".into(), n);
    // Select the boost (index 4) and favourite it.
    for _ in 0..4 {
        update(&mut state, Action::Command(Command::ScrollDown));
    }
    update(&mut state, Action::Command(Command::Favourite));
    let acc = &state.accounts[0];
    assert_eq!(acc.statuses[&original.id].favourited, Some(true));
    assert_eq!(
        acc.statuses[&StatusId::new("106")]
            .reblog
            .as_ref()
            .unwrap()
            .favourited,
        Some(true)
    );
    assert_eq!(
        acc.notifications["n1"].status.as_ref().unwrap().favourited,
        Some(true)
    );
    assert_eq!(
        acc.statuses[&original.id].favourites_count,
        original.favourites_count + 1
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn follow_and_unfollow_from_a_profile_and_block_asks_first() {
    let (_server, client, mut app) = setup().await;
    let (tx, mut rx) = mpsc::unbounded();
    assert!(
        app.run_until(
            &mut rx,
            |s| s.accounts[0].tabs[0].loaded
                && s.accounts[0].me.is_some()
                && s.accounts[0].stream == trompe::app::StreamStatus::Live,
            WAIT
        )
        .await
        .unwrap()
    );
    let me = app.state.accounts[0].me.clone().unwrap();
    let pos = app.state.accounts[0].tabs[0]
        .ids
        .iter()
        .position(|id| {
            app.state.accounts[0]
                .status(id)
                .unwrap()
                .original()
                .account
                .id
                != me.id
        })
        .unwrap();
    for _ in 0..pos {
        tx.unbounded_send(key('j')).unwrap();
    }
    tx.unbounded_send(key('p')).unwrap();
    let profile_rel = |s: &State| match s.accounts[0].views.last() {
        Some(trompe::app::View::Profile(p)) => p.relationship.clone(),
        _ => None,
    };
    assert!(
        app.run_until(&mut rx, |s| profile_rel(s).is_some(), WAIT)
            .await
            .unwrap()
    );
    let target = match app.state.accounts[0].views.last() {
        Some(trompe::app::View::Profile(p)) => p.account.id.clone(),
        _ => unreachable!(),
    };
    let was_following = profile_rel(&app.state).unwrap().following;
    tx.unbounded_send(key('+')).unwrap();
    assert!(
        app.run_until(
            &mut rx,
            |s| profile_rel(s).is_some_and(|r| r.following != was_following || r.requested),
            WAIT
        )
        .await
        .unwrap()
    );
    let rels: Vec<trompe::api::entities::Relationship> = client
        .get(
            "api/v1/accounts/relationships",
            &[("id[]", target.as_str().to_string())],
        )
        .await
        .unwrap();
    assert_eq!(rels[0].following || rels[0].requested, !was_following);
    // X asks before blocking; n keeps things as they were.
    tx.unbounded_send(key('X')).unwrap();
    assert!(
        app.run_until(
            &mut rx,
            |s| matches!(
                s.accounts[0].views.last(),
                Some(trompe::app::View::Confirm { .. })
            ),
            WAIT
        )
        .await
        .unwrap()
    );
    tx.unbounded_send(key('n')).unwrap();
    assert!(
        app.run_until(
            &mut rx,
            |s| matches!(
                s.accounts[0].views.last(),
                Some(trompe::app::View::Profile(_))
            ),
            WAIT
        )
        .await
        .unwrap()
    );
    let rels: Vec<trompe::api::entities::Relationship> = client
        .get(
            "api/v1/accounts/relationships",
            &[("id[]", target.as_str().to_string())],
        )
        .await
        .unwrap();
    assert!(!rels[0].blocking);
    tx.unbounded_send(key('q')).unwrap();
    app.run(&mut rx).await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn edit_history_and_who_favourited() {
    let (_server, client, mut app) = setup().await;
    let (tx, mut rx) = mpsc::unbounded();
    assert!(
        app.run_until(
            &mut rx,
            |s| s.accounts[0].tabs[0].loaded
                && s.accounts[0].stream == trompe::app::StreamStatus::Live,
            WAIT
        )
        .await
        .unwrap()
    );
    // Edit our newest post so it has a history.
    let me: trompe::api::entities::Account = client.verify_credentials().await.unwrap();
    let posted: Status = client
        .post(
            "api/v1/statuses",
            Some(&serde_json::json!({"status": "before the edit"})),
        )
        .await
        .unwrap();
    let url = client
        .url(&format!("api/v1/statuses/{}", posted.id.as_str()))
        .unwrap();
    client
        .send(
            client
                .request(reqwest::Method::PUT, url)
                .json(&serde_json::json!({"status": "after the edit"})),
            "edit",
        )
        .await
        .unwrap();
    assert!(
        app.run_until(
            &mut rx,
            |s| s.accounts[0]
                .statuses
                .get(&posted.id)
                .is_some_and(|st| st.edited_at.is_some()),
            WAIT
        )
        .await
        .unwrap()
    );
    let pos = app.state.accounts[0].tabs[0]
        .ids
        .iter()
        .position(|id| *id == posted.id.as_str())
        .unwrap();
    for _ in 0..pos {
        tx.unbounded_send(key('j')).unwrap();
    }
    tx.unbounded_send(key('H')).unwrap();
    let text_of = |s: &State| match s.accounts[0].views.last() {
        Some(trompe::app::View::Raw { text, .. }) => text.clone(),
        _ => String::new(),
    };
    assert!(
        app.run_until(&mut rx, |s| text_of(s).contains("version 2"), WAIT)
            .await
            .unwrap()
    );
    let text = text_of(&app.state);
    assert!(
        text.contains("before the edit") && text.contains("after the edit"),
        "{text}"
    );
    tx.unbounded_send(Ok(Event::Key(KeyEvent::new(
        KeyCode::Esc,
        KeyModifiers::NONE,
    ))))
    .unwrap();
    // Favourite it from another angle (the API), then W lists who did.
    let _: Status = client
        .post(
            &format!("api/v1/statuses/{}/favourite", posted.id.as_str()),
            None::<&serde_json::Value>,
        )
        .await
        .unwrap();
    tx.unbounded_send(key('W')).unwrap();
    assert!(
        app.run_until(
            &mut rx,
            |s| matches!(
                s.accounts[0].views.last(),
                Some(trompe::app::View::People(p))
                    if matches!(p.kind, trompe::app::views::people::PeopleKind::FavouritedBy(_))
                        && p.items.iter().any(|a| a.id == me.id)
            ),
            WAIT
        )
        .await
        .unwrap()
    );
    tx.unbounded_send(key('q')).unwrap();
    app.run(&mut rx).await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pin_mute_conversation_and_translate() {
    let (_server, client, mut app) = setup().await;
    let (tx, mut rx) = mpsc::unbounded();
    assert!(
        app.run_until(
            &mut rx,
            |s| s.accounts[0].tabs[0].loaded
                && s.accounts[0].me.is_some()
                && s.accounts[0].stream == trompe::app::StreamStatus::Live,
            WAIT
        )
        .await
        .unwrap()
    );
    let posted: Status = client
        .post(
            "api/v1/statuses",
            Some(&serde_json::json!({"status": "pin me"})),
        )
        .await
        .unwrap();
    assert!(
        app.run_until(
            &mut rx,
            |s| s.accounts[0].tabs[0].ids.first().map(String::as_str) == Some(posted.id.as_str()),
            WAIT
        )
        .await
        .unwrap()
    );
    for c in ['g', 'P', 'm', 'T'] {
        tx.unbounded_send(key(c)).unwrap();
    }
    let id = posted.id.clone();
    let reached = app
        .run_until(
            &mut rx,
            |s| {
                let st = s.accounts[0].statuses.get(&id);
                st.is_some_and(|st| st.pinned == Some(true) && st.muted == Some(true))
                    && s.accounts[0].translations.contains_key(&id)
            },
            WAIT,
        )
        .await
        .unwrap();
    if !reached {
        let a = &app.state.accounts[0];
        let st = a.statuses.get(&id);
        panic!(
            "pinned {:?} muted {:?} translated {} selected {:?} first {:?} messages {:?} pending {:?}",
            st.map(|s| s.pinned),
            st.map(|s| s.muted),
            a.translations.contains_key(&id),
            a.tab().map(|t| t.selected),
            a.tab().and_then(|t| t.ids.first().cloned()),
            app.state
                .messages
                .iter()
                .map(|m| m.text.clone())
                .collect::<Vec<_>>(),
            app.state.pending_keys,
        );
    }
    // The requests may still be in flight: ask the server until it agrees (bounded).
    common::eventually("the server to have the post pinned and muted", || async {
        let on_server = server_status(&client, &id).await;
        on_server.pinned == Some(true) && on_server.muted == Some(true)
    })
    .await;
    app.draw().unwrap();
    assert!(
        common::rows(app.terminal().backend().buffer())
            .join("\n")
            .contains("Translated from")
    );
    tx.unbounded_send(key('T')).unwrap();
    assert!(
        app.run_until(
            &mut rx,
            |s| !s.accounts[0].translations.contains_key(&id),
            WAIT
        )
        .await
        .unwrap()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn management_commands_mute_for_a_while_lists_and_tags() {
    let (_server, client, mut app) = setup().await;
    let (tx, mut rx) = mpsc::unbounded();
    assert!(
        app.run_until(
            &mut rx,
            |s| s.accounts[0].tabs[0].loaded
                && s.accounts[0].me.is_some()
                && s.accounts[0].stream == trompe::app::StreamStatus::Live,
            WAIT
        )
        .await
        .unwrap()
    );
    let me = app.state.accounts[0].me.clone().unwrap();
    let pos = app.state.accounts[0].tabs[0]
        .ids
        .iter()
        .position(|id| {
            app.state.accounts[0]
                .status(id)
                .unwrap()
                .original()
                .account
                .id
                != me.id
        })
        .unwrap();
    for _ in 0..pos {
        tx.unbounded_send(key('j')).unwrap();
    }
    assert!(
        app.run_until(&mut rx, |s| s.accounts[0].tabs[0].selected == pos, WAIT)
            .await
            .unwrap()
    );
    let target = selected(&app).account.clone();
    let lists: Vec<trompe::api::entities::List> = client.get("api/v1/lists", &[]).await.unwrap();
    let list = lists[0].clone();
    let send_cmd = |cmd: &str| command(&tx, cmd);
    send_cmd("mute 1h");
    assert!(
        app.run_until(&mut rx, |s| common::said(s, "Muted for 1h"), WAIT)
            .await
            .unwrap()
    );
    let rels: Vec<trompe::api::entities::Relationship> = client
        .get(
            "api/v1/accounts/relationships",
            &[("id[]", target.id.as_str().to_string())],
        )
        .await
        .unwrap();
    assert!(rels[0].muting);
    send_cmd(&format!("list-add {}", list.title));
    assert!(
        app.run_until(&mut rx, |s| common::said(s, "Added to"), WAIT)
            .await
            .unwrap()
    );
    let members: Vec<trompe::api::entities::Account> = client
        .get(&format!("api/v1/lists/{}/accounts", list.id.as_str()), &[])
        .await
        .unwrap();
    assert!(members.iter().any(|a| a.id == target.id));
    send_cmd("follow-tag zebrafish");
    assert!(
        app.run_until(&mut rx, |s| common::said(s, "Following #zebrafish"), WAIT)
            .await
            .unwrap()
    );
    send_cmd("tags");
    let followed = |s: &State| match s.accounts[0].views.last() {
        Some(trompe::app::View::Tags(t)) => t.items.iter().any(|t| t.name == "zebrafish"),
        _ => false,
    };
    assert!(app.run_until(&mut rx, followed, WAIT).await.unwrap());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn list_manager_notes_and_follow_settings_from_commands() {
    let (_server, client, mut app) = setup().await;
    let (tx, mut rx) = mpsc::unbounded();
    assert!(
        app.run_until(
            &mut rx,
            |s| s.accounts[0].tabs[0].loaded && s.accounts[0].me.is_some(),
            WAIT
        )
        .await
        .unwrap()
    );
    let send_cmd = |cmd: &str| command(&tx, cmd);
    let toast = |s: &State, t: &str| common::said(s, t);
    send_cmd("list-create Book club");
    assert!(
        app.run_until(&mut rx, |s| toast(s, "List “Book club” created"), WAIT)
            .await
            .unwrap()
    );
    send_cmd("list-rename Book club to Readers");
    assert!(
        app.run_until(&mut rx, |s| toast(s, "renamed to “Readers”"), WAIT)
            .await
            .unwrap()
    );
    let lists: Vec<trompe::api::entities::List> = client.get("api/v1/lists", &[]).await.unwrap();
    assert!(lists.iter().any(|l| l.title == "Readers"));
    send_cmd("list-replies Readers none");
    assert!(
        app.run_until(&mut rx, |s| toast(s, "shows replies: none"), WAIT)
            .await
            .unwrap()
    );
    send_cmd("list-exclusive Readers on");
    assert!(
        app.run_until(&mut rx, |s| toast(s, "is exclusive"), WAIT)
            .await
            .unwrap()
    );
    let lists: Vec<trompe::api::entities::List> = client.get("api/v1/lists", &[]).await.unwrap();
    let readers = lists.iter().find(|l| l.title == "Readers").unwrap();
    assert_eq!(
        readers.replies_policy,
        trompe::api::entities::RepliesPolicy::NoReplies
    );
    assert!(readers.exclusive);
    send_cmd("list-replies Readers sometimes");
    assert!(
        app.run_until(
            &mut rx,
            |s| toast(s, "Replies: followed, list or none"),
            WAIT
        )
        .await
        .unwrap()
    );
    send_cmd("list-delete Readers");
    assert!(
        app.run_until(
            &mut rx,
            |s| matches!(
                s.accounts[0].views.last(),
                Some(trompe::app::View::Confirm { .. })
            ),
            WAIT
        )
        .await
        .unwrap()
    );
    tx.unbounded_send(key('y')).unwrap();
    assert!(
        app.run_until(&mut rx, |s| toast(s, "deleted"), WAIT)
            .await
            .unwrap()
    );
    let lists: Vec<trompe::api::entities::List> = client.get("api/v1/lists", &[]).await.unwrap();
    assert!(!lists.iter().any(|l| l.title == "Readers"));
    // A note and a notify setting on the selected post's author.
    let me = app.state.accounts[0].me.clone().unwrap();
    let pos = app.state.accounts[0].tabs[0]
        .ids
        .iter()
        .position(|id| {
            app.state.accounts[0]
                .status(id)
                .unwrap()
                .original()
                .account
                .id
                != me.id
        })
        .unwrap();
    for _ in 0..pos {
        tx.unbounded_send(key('j')).unwrap();
    }
    assert!(
        app.run_until(&mut rx, |s| s.accounts[0].tabs[0].selected == pos, WAIT)
            .await
            .unwrap()
    );
    let target = selected(&app).account.clone();
    send_cmd("note met at the conference");
    assert!(
        app.run_until(&mut rx, |s| toast(s, "Note saved"), WAIT)
            .await
            .unwrap()
    );
    send_cmd("notify");
    assert!(
        app.run_until(&mut rx, |s| toast(s, "told when they post"), WAIT)
            .await
            .unwrap()
    );
    let rels: Vec<trompe::api::entities::Relationship> = client
        .get(
            "api/v1/accounts/relationships",
            &[("id[]", target.id.as_str().to_string())],
        )
        .await
        .unwrap();
    assert_eq!(rels[0].note, "met at the conference");
    assert!(rels[0].notifying);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn boost_with_a_chosen_visibility_from_the_menu() {
    let (_server, client, mut app) = setup().await;
    let (tx, mut rx) = mpsc::unbounded();
    assert!(
        app.run_until(
            &mut rx,
            |s| s.accounts[0].tabs[0].loaded && s.accounts[0].me.is_some(),
            WAIT
        )
        .await
        .unwrap()
    );
    let me = app.state.accounts[0].me.clone().unwrap();
    let pos = app.state.accounts[0].tabs[0]
        .ids
        .iter()
        .position(|id| {
            let s = app.state.accounts[0].status(id).unwrap().original();
            s.account.id != me.id
                && s.reblogged != Some(true)
                && s.visibility == trompe::api::entities::Visibility::Public
        })
        .unwrap();
    for _ in 0..pos {
        tx.unbounded_send(key('j')).unwrap();
    }
    tx.unbounded_send(key('V')).unwrap();
    assert!(
        app.run_until(
            &mut rx,
            |s| matches!(s.accounts[0].views.last(), Some(trompe::app::View::Menu(m)) if m.items.len() == 3),
            WAIT
        )
        .await
        .unwrap()
    );
    let target = selected(&app);
    // The second item: unlisted.
    tx.unbounded_send(key('j')).unwrap();
    tx.unbounded_send(Ok(Event::Key(KeyEvent::new(
        KeyCode::Enter,
        KeyModifiers::NONE,
    ))))
    .unwrap();
    assert!(
        app.run_until(
            &mut rx,
            |s| s.accounts[0].views.is_empty()
                && s.accounts[0]
                    .statuses
                    .values()
                    .any(|x| x.id == target.id && x.reblogged == Some(true)),
            WAIT
        )
        .await
        .unwrap()
    );
    // The server made an unlisted boost.
    let own_boost = || async {
        let page: Vec<Status> = client
            .get(
                &format!("api/v1/accounts/{}/statuses", me.id.as_str()),
                &[("limit", "5".to_string())],
            )
            .await
            .unwrap();
        page.into_iter()
            .find(|s| s.reblog.as_ref().is_some_and(|r| r.id == target.id))
    };
    common::eventually("the boost on the server", || async {
        own_boost().await.is_some()
    })
    .await;
    let boost = own_boost().await.unwrap();
    assert_eq!(
        boost.visibility,
        trompe::api::entities::Visibility::Unlisted
    );
    // V again undoes it, like b.
    tx.unbounded_send(key('V')).unwrap();
    assert!(
        app.run_until(
            &mut rx,
            |s| s.accounts[0]
                .statuses
                .values()
                .any(|x| x.id == target.id && x.reblogged == Some(false)),
            WAIT
        )
        .await
        .unwrap()
    );
    assert!(app.state.accounts[0].views.is_empty(), "no menu to undo");
}

#[test]
fn y_copies_the_link_and_shift_y_the_text() {
    use trompe::app::Effect;
    let mut state = common::state_with(common::sample_home());
    let copied = |fx: Vec<Effect>| {
        fx.into_iter()
            .find_map(|e| match e {
                Effect::Copy { text } => Some(text),
                _ => None,
            })
            .unwrap()
    };
    let link = copied(update(&mut state, Action::Command(Command::CopyLink)));
    assert!(link.starts_with("https://"), "{link}");
    let text = copied(update(&mut state, Action::Command(Command::CopyText)));
    assert!(text.contains("Just shipped a tiny fix"), "{text}");
    assert!(!text.contains('<'), "plain text, not HTML: {text}");
}
