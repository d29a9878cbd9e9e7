//! Acting on posts from the TUI against the demo instance: favourite, boost,
//! bookmark with optimistic updates, rollback on a server error, one source
//! of truth across views, and delete with confirmation.

#![allow(clippy::unwrap_used)]

use trompe::app::keymap::Command;
use trompe_testkit as common;

use ratatui::backend::TestBackend;
use trompe::api::Client;
use trompe::api::entities::{Status, StatusId};
use trompe::app::{Action, State, update};
use trompe::tui::App;
use trompe_demo::Fault;

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
    let mut h = common::Harness::demo().await;
    let client = h.client.clone();
    h.ready().await;
    // Pick a public post by someone else that is not favourited yet.
    let me = h.app.state.accounts[0].me.clone().unwrap();
    let pos = h.app.state.accounts[0].tabs[0]
        .ids
        .iter()
        .position(|id| {
            let s = h.app.state.accounts[0].status(id).unwrap().original();
            s.account.id != me.id
                && s.favourited != Some(true)
                && s.reblogged != Some(true)
                && s.bookmarked != Some(true)
                && s.visibility == trompe::api::entities::Visibility::Public
        })
        .unwrap();
    for _ in 0..pos {
        h.press("j");
    }
    h.until("the selection on that post", |s| {
        s.accounts[0].tabs[0].selected == pos
    })
    .await;
    let before = selected(&h.app);
    for c in ["f", "b", "B"] {
        h.press(c);
    }
    // Optimistic: at once in the state.
    h.until("the post favourited, boosted and bookmarked at once", |s| {
        let acc = &s.accounts[0];
        let st = acc
            .status(acc.tabs[0].selected_id().unwrap())
            .unwrap()
            .original();
        st.favourited == Some(true) && st.reblogged == Some(true) && st.bookmarked == Some(true)
    })
    .await;
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
    let now = current(&h.app, &before.id);
    assert_eq!(now.favourites_count, before.favourites_count + 1);
    h.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_error_rolls_back_with_a_toast() {
    let mut h = common::Harness::demo().await;
    let server = h.server.clone();
    h.ready().await;
    let before = selected(&h.app);
    server.faults().inject(
        &format!("/api/v1/statuses/{}/", before.id.as_str()),
        Fault::Status(500),
        1,
    );
    h.press("f");
    h.until("the message “Could not”", |s| {
        common::said(s, "Could not")
    })
    .await;
    let after = current(&h.app, &before.id);
    assert_eq!(after.favourited, before.favourited);
    assert_eq!(after.favourites_count, before.favourites_count);
    let toast = &h.app.state.messages.back().unwrap().text;
    assert!(
        toast.contains("went wrong"),
        "the server's message is shown: {toast}"
    );
    h.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn delete_asks_first_then_removes_everywhere() {
    let mut h = common::Harness::demo().await;
    let client = h.client.clone();
    h.ready().await;
    let me = h.app.state.accounts[0].me.clone().unwrap();
    let pos = h.app.state.accounts[0].tabs[0]
        .ids
        .iter()
        .position(|id| {
            let s = h.app.state.accounts[0].status(id).unwrap();
            s.reblog.is_none() && s.account.id == me.id
        })
        .expect("an own post in home");
    for _ in 0..pos {
        h.press("j");
    }
    h.until("the selection on that post", |s| {
        s.accounts[0].tabs[0].selected == pos
    })
    .await;
    let target = selected(&h.app).id;
    h.press("D");
    h.until("the confirm dialog", |s| {
        matches!(
            s.accounts[0].views.last(),
            Some(trompe::app::View::Confirm { .. })
        )
    })
    .await;
    assert!(h.screen().contains("Delete this post?"));
    // n cancels; nothing is deleted.
    h.press("n");
    h.until("the views closed", |s| s.accounts[0].views.is_empty())
        .await;
    assert!(h.app.state.accounts[0].tabs[0].contains(&target));
    h.press("D");
    h.press("y");
    h.until("the deleted post gone from home", |s| {
        !s.accounts[0].tabs[0].contains(&target)
    })
    .await;
    let gone = client
        .get::<Status>(&format!("api/v1/statuses/{}", target.as_str()), &[])
        .await;
    assert!(matches!(gone, Err(trompe::api::ApiError::NotFound { .. })));
    h.quit().await;
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
    let mut h = common::Harness::demo().await;
    let client = h.client.clone();
    h.ready().await;
    let me = h.app.state.accounts[0].me.clone().unwrap();
    let pos = h.app.state.accounts[0].tabs[0]
        .ids
        .iter()
        .position(|id| {
            h.app.state.accounts[0]
                .status(id)
                .unwrap()
                .original()
                .account
                .id
                != me.id
        })
        .unwrap();
    for _ in 0..pos {
        h.press("j");
    }
    h.press("p");
    let profile_rel = |s: &State| match s.accounts[0].views.last() {
        Some(trompe::app::View::Profile(p)) => p.relationship.clone(),
        _ => None,
    };
    h.until("the profile with its relationship", |s| {
        profile_rel(s).is_some()
    })
    .await;
    let target = match h.app.state.accounts[0].views.last() {
        Some(trompe::app::View::Profile(p)) => p.account.id.clone(),
        _ => unreachable!(),
    };
    let was_following = profile_rel(&h.app.state).unwrap().following;
    h.press("+");
    h.until("the relationship changed (following or requested)", |s| {
        profile_rel(s).is_some_and(|r| r.following != was_following || r.requested)
    })
    .await;
    let rels: Vec<trompe::api::entities::Relationship> = client
        .get(
            "api/v1/accounts/relationships",
            &[("id[]", target.as_str().to_string())],
        )
        .await
        .unwrap();
    assert_eq!(rels[0].following || rels[0].requested, !was_following);
    // X asks before blocking; n keeps things as they were.
    h.press("X");
    h.until("the confirm dialog", |s| {
        matches!(
            s.accounts[0].views.last(),
            Some(trompe::app::View::Confirm { .. })
        )
    })
    .await;
    h.press("n");
    h.until("the profile back on top, not blocked", |s| {
        matches!(
            s.accounts[0].views.last(),
            Some(trompe::app::View::Profile(_))
        )
    })
    .await;
    let rels: Vec<trompe::api::entities::Relationship> = client
        .get(
            "api/v1/accounts/relationships",
            &[("id[]", target.as_str().to_string())],
        )
        .await
        .unwrap();
    assert!(!rels[0].blocking);
    h.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn edit_history_and_who_favourited() {
    let mut h = common::Harness::demo().await;
    let client = h.client.clone();
    h.until("the home tab loaded and the stream live", |s| {
        s.accounts[0].tabs[0].loaded && s.accounts[0].stream == trompe::app::StreamStatus::Live
    })
    .await;
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
    h.until("the edit to reach the post in home", |s| {
        s.accounts[0]
            .statuses
            .get(&posted.id)
            .is_some_and(|st| st.edited_at.is_some())
    })
    .await;
    let pos = h.app.state.accounts[0].tabs[0]
        .ids
        .iter()
        .position(|id| *id == posted.id.as_str())
        .unwrap();
    for _ in 0..pos {
        h.press("j");
    }
    h.press("H");
    let text_of = |s: &State| match s.accounts[0].views.last() {
        Some(trompe::app::View::Raw { text, .. }) => text.clone(),
        _ => String::new(),
    };
    h.until("the edit history with version 2", |s| {
        text_of(s).contains("version 2")
    })
    .await;
    let text = text_of(&h.app.state);
    assert!(
        text.contains("before the edit") && text.contains("after the edit"),
        "{text}"
    );
    h.press("Esc");
    // Favourite it from another angle (the API), then W lists who did.
    let _: Status = client
        .post(
            &format!("api/v1/statuses/{}/favourite", posted.id.as_str()),
            None::<&serde_json::Value>,
        )
        .await
        .unwrap();
    h.press("W");
    h.until("who favourited, listing the demo account", |s| {
        matches!(
            s.accounts[0].views.last(),
            Some(trompe::app::View::People(p))
                if matches!(p.kind, trompe::app::views::people::PeopleKind::FavouritedBy(_))
                    && p.items.iter().any(|a| a.id == me.id)
        )
    })
    .await;
    h.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pin_mute_conversation_and_translate() {
    let mut h = common::Harness::demo().await;
    let client = h.client.clone();
    h.ready().await;
    let posted: Status = client
        .post(
            "api/v1/statuses",
            Some(&serde_json::json!({"status": "pin me"})),
        )
        .await
        .unwrap();
    h.until("the new post first in home", |s| {
        s.accounts[0].tabs[0].ids.first().map(String::as_str) == Some(posted.id.as_str())
    })
    .await;
    for c in ["g", "P", "m", "T"] {
        h.press(c);
    }
    let id = posted.id.clone();
    h.until_with(
        "the post pinned, its conversation muted and translated",
        |s| {
            let st = s.accounts[0].statuses.get(&id);
            st.is_some_and(|st| st.pinned == Some(true) && st.muted == Some(true))
                && s.accounts[0].translations.contains_key(&id)
        },
        |s| {
            let a = &s.accounts[0];
            let st = a.statuses.get(&id);
            format!(
                "pinned {:?} muted {:?} translated {} selected {:?} first {:?} messages {:?} pending {:?}",
                st.map(|s| s.pinned),
                st.map(|s| s.muted),
                a.translations.contains_key(&id),
                a.tab().map(|t| t.selected),
                a.tab().and_then(|t| t.ids.first().cloned()),
                s.messages.iter().map(|m| m.text.clone()).collect::<Vec<_>>(),
                s.pending_keys,
            )
        },
    )
    .await;
    // The requests may still be in flight: ask the server until it agrees (bounded).
    common::eventually("the server to have the post pinned and muted", || async {
        let on_server = server_status(&client, &id).await;
        on_server.pinned == Some(true) && on_server.muted == Some(true)
    })
    .await;
    assert!(h.screen().contains("Translated from"));
    h.press("T");
    h.until("the translation hidden again", |s| {
        !s.accounts[0].translations.contains_key(&id)
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn management_commands_mute_for_a_while_lists_and_tags() {
    let mut h = common::Harness::demo().await;
    let client = h.client.clone();
    h.ready().await;
    let me = h.app.state.accounts[0].me.clone().unwrap();
    let pos = h.app.state.accounts[0].tabs[0]
        .ids
        .iter()
        .position(|id| {
            h.app.state.accounts[0]
                .status(id)
                .unwrap()
                .original()
                .account
                .id
                != me.id
        })
        .unwrap();
    for _ in 0..pos {
        h.press("j");
    }
    h.until("the selection on that post", |s| {
        s.accounts[0].tabs[0].selected == pos
    })
    .await;
    let target = selected(&h.app).account.clone();
    let lists: Vec<trompe::api::entities::List> = client.get("api/v1/lists", &[]).await.unwrap();
    let list = lists[0].clone();
    h.command("mute 1h");
    h.until("the message “Muted for 1h”", |s| {
        common::said(s, "Muted for 1h")
    })
    .await;
    let rels: Vec<trompe::api::entities::Relationship> = client
        .get(
            "api/v1/accounts/relationships",
            &[("id[]", target.id.as_str().to_string())],
        )
        .await
        .unwrap();
    assert!(rels[0].muting);
    h.command(&format!("list-add {}", list.title));
    h.until("the message “Added to”", |s| {
        common::said(s, "Added to")
    })
    .await;
    let members: Vec<trompe::api::entities::Account> = client
        .get(&format!("api/v1/lists/{}/accounts", list.id.as_str()), &[])
        .await
        .unwrap();
    assert!(members.iter().any(|a| a.id == target.id));
    h.command("follow-tag zebrafish");
    h.until("the message “Following #zebrafish”", |s| {
        common::said(s, "Following #zebrafish")
    })
    .await;
    h.command("tags");
    let followed = |s: &State| match s.accounts[0].views.last() {
        Some(trompe::app::View::Tags(t)) => t.items.iter().any(|t| t.name == "zebrafish"),
        _ => false,
    };
    h.until("the followed hashtags listing #zebrafish", followed)
        .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn list_manager_notes_and_follow_settings_from_commands() {
    let mut h = common::Harness::demo().await;
    let client = h.client.clone();
    h.until("the home tab and the account", |s| {
        s.accounts[0].tabs[0].loaded && s.accounts[0].me.is_some()
    })
    .await;
    let toast = |s: &State, t: &str| common::said(s, t);
    h.command("list-create Book club");
    h.until("the message “List “Book club” created”", |s| {
        toast(s, "List “Book club” created")
    })
    .await;
    h.command("list-rename Book club to Readers");
    h.until("the message “renamed to “Readers””", |s| {
        toast(s, "renamed to “Readers”")
    })
    .await;
    let lists: Vec<trompe::api::entities::List> = client.get("api/v1/lists", &[]).await.unwrap();
    assert!(lists.iter().any(|l| l.title == "Readers"));
    h.command("list-replies Readers none");
    h.until("the message “shows replies: none”", |s| {
        toast(s, "shows replies: none")
    })
    .await;
    h.command("list-exclusive Readers on");
    h.until("the message “is exclusive”", |s| {
        toast(s, "is exclusive")
    })
    .await;
    let lists: Vec<trompe::api::entities::List> = client.get("api/v1/lists", &[]).await.unwrap();
    let readers = lists.iter().find(|l| l.title == "Readers").unwrap();
    assert_eq!(
        readers.replies_policy,
        trompe::api::entities::RepliesPolicy::NoReplies
    );
    assert!(readers.exclusive);
    h.command("list-replies Readers sometimes");
    h.until("the message “Replies: followed, list or none”", |s| {
        toast(s, "Replies: followed, list or none")
    })
    .await;
    h.command("list-delete Readers");
    h.until("the confirm dialog", |s| {
        matches!(
            s.accounts[0].views.last(),
            Some(trompe::app::View::Confirm { .. })
        )
    })
    .await;
    h.press("y");
    h.until("the message “deleted”", |s| toast(s, "deleted"))
        .await;
    let lists: Vec<trompe::api::entities::List> = client.get("api/v1/lists", &[]).await.unwrap();
    assert!(!lists.iter().any(|l| l.title == "Readers"));
    // A note and a notify setting on the selected post's author.
    let me = h.app.state.accounts[0].me.clone().unwrap();
    let pos = h.app.state.accounts[0].tabs[0]
        .ids
        .iter()
        .position(|id| {
            h.app.state.accounts[0]
                .status(id)
                .unwrap()
                .original()
                .account
                .id
                != me.id
        })
        .unwrap();
    for _ in 0..pos {
        h.press("j");
    }
    h.until("the selection on that post", |s| {
        s.accounts[0].tabs[0].selected == pos
    })
    .await;
    let target = selected(&h.app).account.clone();
    h.command("note met at the conference");
    h.until("the message “Note saved”", |s| toast(s, "Note saved"))
        .await;
    h.command("notify");
    h.until("the message “told when they post”", |s| {
        toast(s, "told when they post")
    })
    .await;
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
    let mut h = common::Harness::demo().await;
    let client = h.client.clone();
    h.until("the home tab and the account", |s| {
        s.accounts[0].tabs[0].loaded && s.accounts[0].me.is_some()
    })
    .await;
    let me = h.app.state.accounts[0].me.clone().unwrap();
    let pos = h.app.state.accounts[0].tabs[0]
        .ids
        .iter()
        .position(|id| {
            let s = h.app.state.accounts[0].status(id).unwrap().original();
            s.account.id != me.id
                && s.reblogged != Some(true)
                && s.visibility == trompe::api::entities::Visibility::Public
        })
        .unwrap();
    for _ in 0..pos {
        h.press("j");
    }
    h.press("V");
    h.until("the boost menu with its three visibilities", |s| matches!(s.accounts[0].views.last(), Some(trompe::app::View::Menu(m)) if m.items.len() == 3)).await;
    let target = selected(&h.app);
    // The second item: unlisted.
    h.press("j");
    h.press("Enter");
    h.until("the boost done as unlisted, the menu closed", |s| {
        s.accounts[0].views.is_empty()
            && s.accounts[0]
                .statuses
                .values()
                .any(|x| x.id == target.id && x.reblogged == Some(true))
    })
    .await;
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
    h.press("V");
    h.until("the boost undone", |s| {
        s.accounts[0]
            .statuses
            .values()
            .any(|x| x.id == target.id && x.reblogged == Some(false))
    })
    .await;
    assert!(h.app.state.accounts[0].views.is_empty(), "no menu to undo");
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
