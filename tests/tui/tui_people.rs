//! Lists of accounts and hashtags in the TUI, against the demo instance:
//! followers and following, undoing a mute from the muted list, accepting
//! and rejecting follow requests, who favourited and boosted a post, a
//! list's members, and trending hashtags followed and opened.

#![allow(clippy::unwrap_used)]

use trompe_testkit as common;

use common::{command, key, named};
use futures::channel::mpsc;
use ratatui::crossterm::event::KeyCode;
use trompe::api::PageQuery;
use trompe::api::entities::AccountId;
use trompe::app::views::people::{PeopleKind, PeopleView};
use trompe::app::views::tags::TagsView;
use trompe::app::{State, View};

use common::WAIT;

fn people(s: &State) -> Option<&PeopleView> {
    match s.accounts[0].views.last()? {
        View::People(p) => Some(p),
        _ => None,
    }
}

fn tags(s: &State) -> Option<&TagsView> {
    match s.accounts[0].views.last()? {
        View::Tags(t) => Some(t),
        _ => None,
    }
}

/// The list on top has loaded, as `kind`.
fn loaded(s: &State, kind: &PeopleKind) -> bool {
    people(s).is_some_and(|p| p.kind == *kind && p.loading.is_none())
}

fn ids(p: &PeopleView) -> Vec<AccountId> {
    p.items.iter().map(|a| a.id.clone()).collect()
}

fn account_ids(p: trompe::api::Page<trompe::api::entities::Account>) -> Vec<AccountId> {
    p.items.into_iter().map(|a| a.id).collect()
}

fn page() -> PageQuery {
    PageQuery {
        limit: Some(80),
        ..Default::default()
    }
}

#[tokio::test]
async fn followers_following_and_undoing_a_mute_from_the_muted_list() {
    let (_server, client, mut app) = common::demo_app().await;
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
    command(&tx, &format!("followers @{}", me.acct));
    let followers = PeopleKind::followers(&me);
    assert!(
        app.run_until(&mut rx, |s| loaded(s, &followers), WAIT)
            .await
            .unwrap()
    );
    let expected = account_ids(client.followers(&me.id, &page()).await.unwrap());
    assert!(!expected.is_empty(), "the demo account has followers");
    assert_eq!(ids(people(&app.state).unwrap()), expected);
    // Every follower follows us: the badge comes from the relationships.
    let p = people(&app.state).unwrap();
    assert!(p.items.iter().all(|a| p.relationships[&a.id].followed_by));
    let screen = common::rows(app.terminal().backend().buffer()).join("\n");
    assert!(screen.contains("[follows you]"), "{screen}");

    // Tab flips to whom the account follows.
    tx.unbounded_send(named(KeyCode::Tab)).unwrap();
    let following = PeopleKind::following(&me);
    assert!(
        app.run_until(&mut rx, |s| loaded(s, &following), WAIT)
            .await
            .unwrap()
    );
    let expected = account_ids(client.following(&me.id, &page()).await.unwrap());
    assert_eq!(ids(people(&app.state).unwrap()), expected);

    // M asks for how long, then mutes the selected account, from the list.
    let target = people(&app.state).unwrap().items[0].clone();
    tx.unbounded_send(key('M')).unwrap();
    assert!(
        app.run_until(
            &mut rx,
            |s| matches!(s.accounts[0].views.last(), Some(View::Menu(_))),
            WAIT
        )
        .await
        .unwrap()
    );
    // "For an hour", keeping their notifications.
    tx.unbounded_send(key('j')).unwrap();
    tx.unbounded_send(key('j')).unwrap();
    tx.unbounded_send(named(KeyCode::Tab)).unwrap();
    tx.unbounded_send(named(KeyCode::Enter)).unwrap();
    assert!(
        app.run_until(
            &mut rx,
            |s| people(s)
                .is_some_and(|p| p.relationships.get(&target.id).is_some_and(|r| r.muting)),
            WAIT
        )
        .await
        .unwrap()
    );
    let mutes: serde_json::Value = client.get("api/v1/mutes", &[]).await.unwrap();
    let entry = mutes
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == target.id.as_str())
        .unwrap();
    let until = time::OffsetDateTime::parse(
        entry["mute_expires_at"].as_str().unwrap(),
        &time::format_description::well_known::Rfc3339,
    )
    .unwrap();
    let rel = client
        .relationships(std::slice::from_ref(&target.id))
        .await
        .unwrap();
    assert!(
        rel[0].muting && !rel[0].muting_notifications,
        "notifications kept"
    );
    let toast = &app.state.messages.back().unwrap().text;
    assert!(toast.contains("Muted for 1h"), "{toast}");
    // The demo instance runs on the wall clock.
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    assert!(
        (until.unix_timestamp() - now - 3600).abs() <= 60,
        "an hour from now"
    );
    // The muted list shows it, and M there undoes the mute.
    command(&tx, "muted");
    assert!(
        app.run_until(&mut rx, |s| loaded(s, &PeopleKind::Muted), WAIT)
            .await
            .unwrap()
    );
    let p = people(&app.state).unwrap();
    let pos = p.items.iter().position(|a| a.id == target.id).unwrap();
    for _ in 0..pos {
        tx.unbounded_send(key('j')).unwrap();
    }
    tx.unbounded_send(key('M')).unwrap();
    assert!(
        app.run_until(
            &mut rx,
            |s| people(s)
                .is_some_and(|p| p.relationships.get(&target.id).is_some_and(|r| !r.muting)),
            WAIT
        )
        .await
        .unwrap()
    );
    let muted = client.mutes(&page()).await.unwrap();
    assert!(muted.items.iter().all(|a| a.id != target.id));
    // Enter opens the profile; Esc comes back to the list.
    tx.unbounded_send(named(KeyCode::Enter)).unwrap();
    assert!(
        app.run_until(
            &mut rx,
            |s| matches!(s.accounts[0].views.last(), Some(View::Profile(p)) if p.account.id == target.id),
            WAIT
        )
        .await
        .unwrap()
    );
    tx.unbounded_send(named(KeyCode::Esc)).unwrap();
    assert!(
        app.run_until(&mut rx, |s| people(s).is_some(), WAIT)
            .await
            .unwrap()
    );
}

#[tokio::test]
async fn follow_requests_are_accepted_and_rejected_from_their_list() {
    let (_server, client, mut app) = common::demo_app().await;
    let (tx, mut rx) = mpsc::unbounded();
    assert!(
        app.run_until(&mut rx, |s| s.accounts[0].tabs[0].loaded, WAIT)
            .await
            .unwrap()
    );
    let before = client.follow_requests(&page()).await.unwrap().items;
    assert!(before.len() >= 2, "the demo seeds follow requests");
    command(&tx, "follow-requests");
    assert!(
        app.run_until(&mut rx, |s| loaded(s, &PeopleKind::FollowRequests), WAIT)
            .await
            .unwrap()
    );
    assert_eq!(
        ids(people(&app.state).unwrap()),
        before.iter().map(|a| a.id.clone()).collect::<Vec<_>>()
    );
    let (first, second) = (before[0].clone(), before[1].clone());
    tx.unbounded_send(named(KeyCode::Enter)).unwrap();
    tx.unbounded_send(key('x')).unwrap();
    let toast = |s: &State, t: &str| common::said(s, t);
    assert!(
        app.run_until(
            &mut rx,
            |s| toast(s, &format!("Accepted @{}", first.acct))
                && toast(s, &format!("Rejected @{}", second.acct)),
            WAIT
        )
        .await
        .unwrap()
    );
    let after = client.follow_requests(&page()).await.unwrap().items;
    assert_eq!(after.len(), before.len() - 2);
    assert!(after.iter().all(|a| a.id != first.id && a.id != second.id));
    let rel = client
        .relationships(std::slice::from_ref(&first.id))
        .await
        .unwrap();
    assert!(rel[0].followed_by, "accepted: they follow us now");
    assert_eq!(people(&app.state).unwrap().items.len(), before.len() - 2);
}

#[tokio::test]
async fn who_favourited_and_boosted_a_post() {
    let (_server, client, mut app) = common::demo_app().await;
    let (tx, mut rx) = mpsc::unbounded();
    assert!(
        app.run_until(&mut rx, |s| s.accounts[0].tabs[0].loaded, WAIT)
            .await
            .unwrap()
    );
    let acc = &app.state.accounts[0];
    let pos = acc.tabs[0]
        .ids
        .iter()
        .position(|id| {
            let s = acc.status(id).unwrap().original();
            s.favourites_count > 0 && s.reblogs_count > 0
        })
        .expect("a post both favourited and boosted");
    let target = acc
        .status(&acc.tabs[0].ids[pos])
        .unwrap()
        .original()
        .clone();
    for _ in 0..pos {
        tx.unbounded_send(key('j')).unwrap();
    }
    tx.unbounded_send(key('W')).unwrap();
    let favs = PeopleKind::FavouritedBy(target.id.clone());
    assert!(
        app.run_until(&mut rx, |s| loaded(s, &favs), WAIT)
            .await
            .unwrap()
    );
    let expected = account_ids(client.favourited_by(&target.id, &page()).await.unwrap());
    assert!(!expected.is_empty());
    assert_eq!(ids(people(&app.state).unwrap()), expected);
    tx.unbounded_send(named(KeyCode::Tab)).unwrap();
    let boosts = PeopleKind::BoostedBy(target.id.clone());
    assert!(
        app.run_until(&mut rx, |s| loaded(s, &boosts), WAIT)
            .await
            .unwrap()
    );
    let expected = account_ids(client.reblogged_by(&target.id, &page()).await.unwrap());
    assert_eq!(ids(people(&app.state).unwrap()), expected);
}

#[tokio::test]
async fn list_members_are_removed_and_trending_tags_followed() {
    let (_server, client, mut app) = common::demo_app().await;
    let (tx, mut rx) = mpsc::unbounded();
    assert!(
        app.run_until(&mut rx, |s| s.accounts[0].tabs[0].loaded, WAIT)
            .await
            .unwrap()
    );
    let lists = client.lists().await.unwrap();
    let list = lists[0].clone();
    let members = client.list_accounts(&list.id, &page()).await.unwrap().items;
    assert!(!members.is_empty());
    command(&tx, &format!("members {}", list.title));
    let kind = PeopleKind::ListMembers(list.title.clone());
    assert!(
        app.run_until(&mut rx, |s| loaded(s, &kind), WAIT)
            .await
            .unwrap()
    );
    assert_eq!(
        ids(people(&app.state).unwrap()),
        members.iter().map(|a| a.id.clone()).collect::<Vec<_>>()
    );
    tx.unbounded_send(key('x')).unwrap();
    assert!(
        app.run_until(&mut rx, |s| common::said(s, "Removed from"), WAIT)
            .await
            .unwrap()
    );
    let now = client.list_accounts(&list.id, &page()).await.unwrap().items;
    assert_eq!(now.len(), members.len() - 1);
    assert!(now.iter().all(|a| a.id != members[0].id));

    // Trending hashtags: + follows the selected one, Enter opens it.
    command(&tx, "trending-tags");
    assert!(
        app.run_until(
            &mut rx,
            |s| tags(s).is_some_and(|t| !t.loading && !t.items.is_empty()),
            WAIT
        )
        .await
        .unwrap()
    );
    let expected: Vec<String> = client
        .trending_tags(Some(20))
        .await
        .unwrap()
        .items
        .into_iter()
        .map(|t| t.name)
        .collect();
    let shown: Vec<String> = tags(&app.state)
        .unwrap()
        .items
        .iter()
        .map(|t| t.name.clone())
        .collect();
    assert_eq!(shown, expected);
    // The first one not followed yet.
    let pos = tags(&app.state)
        .unwrap()
        .items
        .iter()
        .position(|t| t.following != Some(true))
        .unwrap();
    let name = shown[pos].clone();
    for _ in 0..pos {
        tx.unbounded_send(key('j')).unwrap();
    }
    tx.unbounded_send(key('+')).unwrap();
    assert!(
        app.run_until(
            &mut rx,
            |s| common::said(s, &format!("Following #{name}")),
            WAIT
        )
        .await
        .unwrap()
    );
    let followed = client.followed_tags(&page()).await.unwrap().items;
    assert!(followed.iter().any(|t| t.name.eq_ignore_ascii_case(&name)));
    tx.unbounded_send(named(KeyCode::Enter)).unwrap();
    assert!(
        app.run_until(
            &mut rx,
            |s| s.accounts[0]
                .tab()
                .is_some_and(|t| t.title().to_lowercase().contains(&name.to_lowercase())),
            WAIT
        )
        .await
        .unwrap()
    );
}

fn lists_view(s: &State) -> Option<&trompe::app::views::lists::ListsView> {
    match s.accounts[0].views.last()? {
        View::Lists(l) => Some(l),
        _ => None,
    }
}

#[tokio::test]
async fn the_list_manager_renames_sets_and_deletes_lists() {
    let (_server, client, mut app) = common::demo_app().await;
    let (tx, mut rx) = mpsc::unbounded();
    assert!(
        app.run_until(&mut rx, |s| s.accounts[0].tabs[0].loaded, WAIT)
            .await
            .unwrap()
    );
    let before = client.lists().await.unwrap();
    assert!(!before.is_empty());
    command(&tx, "lists");
    assert!(
        app.run_until(&mut rx, |s| lists_view(s).is_some_and(|l| !l.loading), WAIT)
            .await
            .unwrap()
    );
    let shown: Vec<String> = lists_view(&app.state)
        .unwrap()
        .lists
        .iter()
        .map(|l| l.title.clone())
        .collect();
    assert_eq!(
        shown,
        before.iter().map(|l| l.title.clone()).collect::<Vec<_>>()
    );
    let first = before[0].clone();
    // F cycles the replies policy, Tab toggles exclusive: on the server too.
    tx.unbounded_send(key('F')).unwrap();
    tx.unbounded_send(named(KeyCode::Tab)).unwrap();
    let toast = |s: &State, t: &str| common::said(s, t);
    assert!(
        app.run_until(
            &mut rx,
            |s| toast(s, "shows replies")
                && (toast(s, "is exclusive") || toast(s, "no longer exclusive")),
            WAIT
        )
        .await
        .unwrap()
    );
    let now = client.list(&first.id).await.unwrap();
    assert_ne!(now.replies_policy, first.replies_policy);
    assert_eq!(now.exclusive, !first.exclusive);
    // e asks for the new name in the prompt, prefilled.
    tx.unbounded_send(key('e')).unwrap();
    assert!(
        app.run_until(
            &mut rx,
            |s| s
                .prompt
                .as_ref()
                .is_some_and(|p| p.text.starts_with("list-rename")),
            WAIT
        )
        .await
        .unwrap()
    );
    for c in "Renamed list".chars() {
        tx.unbounded_send(key(c)).unwrap();
    }
    tx.unbounded_send(named(KeyCode::Enter)).unwrap();
    assert!(
        app.run_until(
            &mut rx,
            |s| lists_view(s).is_some_and(|l| l.lists.iter().any(|x| x.title == "Renamed list")),
            WAIT
        )
        .await
        .unwrap()
    );
    assert_eq!(client.list(&first.id).await.unwrap().title, "Renamed list");
    // W: its members.
    let pos = lists_view(&app.state)
        .unwrap()
        .lists
        .iter()
        .position(|l| l.id == first.id)
        .unwrap();
    let sel = lists_view(&app.state).unwrap().selected;
    for _ in sel..pos {
        tx.unbounded_send(key('j')).unwrap();
    }
    tx.unbounded_send(key('W')).unwrap();
    let kind = PeopleKind::ListMembers("Renamed list".into());
    assert!(
        app.run_until(&mut rx, |s| loaded(s, &kind), WAIT)
            .await
            .unwrap()
    );
    tx.unbounded_send(named(KeyCode::Esc)).unwrap();
    // x asks, y deletes.
    tx.unbounded_send(key('x')).unwrap();
    tx.unbounded_send(key('y')).unwrap();
    assert!(
        app.run_until(
            &mut rx,
            |s| lists_view(s).is_some_and(|l| l.lists.iter().all(|x| x.id != first.id)),
            WAIT
        )
        .await
        .unwrap()
    );
    assert!(
        client
            .lists()
            .await
            .unwrap()
            .iter()
            .all(|l| l.id != first.id)
    );
}
