//! Lists of accounts and hashtags in the TUI, against the demo instance:
//! followers and following, undoing a mute from the muted list, accepting
//! and rejecting follow requests, who favourited and boosted a post, a
//! list's members, and trending hashtags followed and opened.

#![allow(clippy::unwrap_used)]

use trompe_testkit as common;

use trompe::api::PageQuery;
use trompe::api::entities::AccountId;
use trompe::app::views::people::{PeopleKind, PeopleView};
use trompe::app::views::tags::TagsView;
use trompe::app::{State, View};

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
    let mut h = common::Harness::demo().await;
    let client = h.client.clone();
    h.until("the home tab and the account", |s| {
        s.accounts[0].tabs[0].loaded && s.accounts[0].me.is_some()
    })
    .await;
    let me = h.app.state.accounts[0].me.clone().unwrap();
    h.command(&format!("followers @{}", me.acct));
    let followers = PeopleKind::followers(&me);
    h.until("the followers listed", |s| loaded(s, &followers))
        .await;
    let expected = account_ids(client.followers(&me.id, &page()).await.unwrap());
    assert!(!expected.is_empty(), "the demo account has followers");
    assert_eq!(ids(people(&h.app.state).unwrap()), expected);
    // Every follower follows us: the badge comes from the relationships.
    let p = people(&h.app.state).unwrap();
    assert!(p.items.iter().all(|a| p.relationships[&a.id].followed_by));
    let screen = h.screen();
    assert!(screen.contains("[follows you]"), "{screen}");

    // Tab flips to whom the account follows.
    h.press("Tab");
    let following = PeopleKind::following(&me);
    h.until("the following listed", |s| loaded(s, &following))
        .await;
    let expected = account_ids(client.following(&me.id, &page()).await.unwrap());
    assert_eq!(ids(people(&h.app.state).unwrap()), expected);

    // M asks for how long, then mutes the selected account, from the list.
    let target = people(&h.app.state).unwrap().items[0].clone();
    h.press("M");
    h.until("the mute menu", |s| {
        matches!(s.accounts[0].views.last(), Some(View::Menu(_)))
    })
    .await;
    // "For an hour", keeping their notifications.
    h.press("j");
    h.press("j");
    h.press("Tab");
    h.press("Enter");
    h.until("the account muted in the list", |s| {
        people(s).is_some_and(|p| p.relationships.get(&target.id).is_some_and(|r| r.muting))
    })
    .await;
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
    let toast = &h.app.state.messages.back().unwrap().text;
    assert!(toast.contains("Muted for 1h"), "{toast}");
    // The demo instance runs on the wall clock.
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    assert!(
        (until.unix_timestamp() - now - 3600).abs() <= 60,
        "an hour from now"
    );
    // The muted list shows it, and M there undoes the mute.
    h.command("muted");
    h.until("the muted accounts listed", |s| {
        loaded(s, &PeopleKind::Muted)
    })
    .await;
    let p = people(&h.app.state).unwrap();
    let pos = p.items.iter().position(|a| a.id == target.id).unwrap();
    for _ in 0..pos {
        h.press("j");
    }
    h.press("M");
    h.until("the account unmuted in the list", |s| {
        people(s).is_some_and(|p| p.relationships.get(&target.id).is_some_and(|r| !r.muting))
    })
    .await;
    let muted = client.mutes(&page()).await.unwrap();
    assert!(muted.items.iter().all(|a| a.id != target.id));
    // Enter opens the profile; Esc comes back to the list.
    h.press("Enter");
    h.until("the account's profile", |s| matches!(s.accounts[0].views.last(), Some(View::Profile(p)) if p.account.id == target.id)).await;
    h.press("Esc");
    h.until("the muted list back on top", |s| people(s).is_some())
        .await;
}

#[tokio::test]
async fn follow_requests_are_accepted_and_rejected_from_their_list() {
    let mut h = common::Harness::demo().await;
    let client = h.client.clone();
    h.until("the home tab loaded", |s| s.accounts[0].tabs[0].loaded)
        .await;
    let before = client.follow_requests(&page()).await.unwrap().items;
    assert!(before.len() >= 2, "the demo seeds follow requests");
    h.command("follow-requests");
    h.until("the follow requests listed", |s| {
        loaded(s, &PeopleKind::FollowRequests)
    })
    .await;
    assert_eq!(
        ids(people(&h.app.state).unwrap()),
        before.iter().map(|a| a.id.clone()).collect::<Vec<_>>()
    );
    let (first, second) = (before[0].clone(), before[1].clone());
    h.press("Enter");
    h.press("x");
    let toast = |s: &State, t: &str| common::said(s, t);
    h.until("the first request accepted and the second rejected", |s| {
        toast(s, &format!("Accepted @{}", first.acct))
            && toast(s, &format!("Rejected @{}", second.acct))
    })
    .await;
    let after = client.follow_requests(&page()).await.unwrap().items;
    assert_eq!(after.len(), before.len() - 2);
    assert!(after.iter().all(|a| a.id != first.id && a.id != second.id));
    let rel = client
        .relationships(std::slice::from_ref(&first.id))
        .await
        .unwrap();
    assert!(rel[0].followed_by, "accepted: they follow us now");
    assert_eq!(people(&h.app.state).unwrap().items.len(), before.len() - 2);
}

#[tokio::test]
async fn who_favourited_and_boosted_a_post() {
    let mut h = common::Harness::demo().await;
    let client = h.client.clone();
    h.until("the home tab loaded", |s| s.accounts[0].tabs[0].loaded)
        .await;
    let acc = &h.app.state.accounts[0];
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
        h.press("j");
    }
    h.press("W");
    let favs = PeopleKind::FavouritedBy(target.id.clone());
    h.until("who favourited listed", |s| loaded(s, &favs)).await;
    let expected = account_ids(client.favourited_by(&target.id, &page()).await.unwrap());
    assert!(!expected.is_empty());
    assert_eq!(ids(people(&h.app.state).unwrap()), expected);
    h.press("Tab");
    let boosts = PeopleKind::BoostedBy(target.id.clone());
    h.until("who boosted listed", |s| loaded(s, &boosts)).await;
    let expected = account_ids(client.reblogged_by(&target.id, &page()).await.unwrap());
    assert_eq!(ids(people(&h.app.state).unwrap()), expected);
}

#[tokio::test]
async fn list_members_are_removed_and_trending_tags_followed() {
    let mut h = common::Harness::demo().await;
    let client = h.client.clone();
    h.until("the home tab loaded", |s| s.accounts[0].tabs[0].loaded)
        .await;
    let lists = client.lists().await.unwrap();
    let list = lists[0].clone();
    let members = client.list_accounts(&list.id, &page()).await.unwrap().items;
    assert!(!members.is_empty());
    h.command(&format!("members {}", list.title));
    let kind = PeopleKind::ListMembers(list.title.clone());
    h.until("the list's members listed", |s| loaded(s, &kind))
        .await;
    assert_eq!(
        ids(people(&h.app.state).unwrap()),
        members.iter().map(|a| a.id.clone()).collect::<Vec<_>>()
    );
    h.press("x");
    h.until("the message “Removed from”", |s| {
        common::said(s, "Removed from")
    })
    .await;
    let now = client.list_accounts(&list.id, &page()).await.unwrap().items;
    assert_eq!(now.len(), members.len() - 1);
    assert!(now.iter().all(|a| a.id != members[0].id));

    // Trending hashtags: + follows the selected one, Enter opens it.
    h.command("trending-tags");
    h.until("the trending hashtags listed", |s| {
        tags(s).is_some_and(|t| !t.loading && !t.items.is_empty())
    })
    .await;
    let expected: Vec<String> = client
        .trending_tags(Some(20))
        .await
        .unwrap()
        .items
        .into_iter()
        .map(|t| t.name)
        .collect();
    let shown: Vec<String> = tags(&h.app.state)
        .unwrap()
        .items
        .iter()
        .map(|t| t.name.clone())
        .collect();
    assert_eq!(shown, expected);
    // The first one not followed yet.
    let pos = tags(&h.app.state)
        .unwrap()
        .items
        .iter()
        .position(|t| t.following != Some(true))
        .unwrap();
    let name = shown[pos].clone();
    for _ in 0..pos {
        h.press("j");
    }
    h.press("+");
    h.until("the message “Following #tag”", |s| {
        common::said(s, &format!("Following #{name}"))
    })
    .await;
    let followed = client.followed_tags(&page()).await.unwrap().items;
    assert!(followed.iter().any(|t| t.name.eq_ignore_ascii_case(&name)));
    h.press("Enter");
    h.until("the hashtag's tab open", |s| {
        s.accounts[0]
            .tab()
            .is_some_and(|t| t.title().to_lowercase().contains(&name.to_lowercase()))
    })
    .await;
}

fn lists_view(s: &State) -> Option<&trompe::app::views::lists::ListsView> {
    match s.accounts[0].views.last()? {
        View::Lists(l) => Some(l),
        _ => None,
    }
}

#[tokio::test]
async fn the_list_manager_renames_sets_and_deletes_lists() {
    let mut h = common::Harness::demo().await;
    let client = h.client.clone();
    h.until("the home tab loaded", |s| s.accounts[0].tabs[0].loaded)
        .await;
    let before = client.lists().await.unwrap();
    assert!(!before.is_empty());
    h.command("lists");
    h.until("the list manager loaded", |s| {
        lists_view(s).is_some_and(|l| !l.loading)
    })
    .await;
    let shown: Vec<String> = lists_view(&h.app.state)
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
    h.press("F");
    h.press("Tab");
    let toast = |s: &State, t: &str| common::said(s, t);
    h.until("the replies and exclusive settings changed", |s| {
        toast(s, "shows replies") && (toast(s, "is exclusive") || toast(s, "no longer exclusive"))
    })
    .await;
    let now = client.list(&first.id).await.unwrap();
    assert_ne!(now.replies_policy, first.replies_policy);
    assert_eq!(now.exclusive, !first.exclusive);
    // e asks for the new name in the prompt, prefilled.
    h.press("e");
    h.until("the rename prompt filled in", |s| {
        s.prompt
            .as_ref()
            .is_some_and(|p| p.text.starts_with("list-rename"))
    })
    .await;
    h.type_text("Renamed list");
    h.press("Enter");
    h.until("the list renamed in the manager", |s| {
        lists_view(s).is_some_and(|l| l.lists.iter().any(|x| x.title == "Renamed list"))
    })
    .await;
    assert_eq!(client.list(&first.id).await.unwrap().title, "Renamed list");
    // W: its members.
    let pos = lists_view(&h.app.state)
        .unwrap()
        .lists
        .iter()
        .position(|l| l.id == first.id)
        .unwrap();
    let sel = lists_view(&h.app.state).unwrap().selected;
    for _ in sel..pos {
        h.press("j");
    }
    h.press("W");
    let kind = PeopleKind::ListMembers("Renamed list".into());
    h.until("the list's members listed", |s| loaded(s, &kind))
        .await;
    h.press("Esc");
    // x asks, y deletes.
    h.press("x");
    h.press("y");
    h.until("the list gone from the manager", |s| {
        lists_view(s).is_some_and(|l| l.lists.iter().all(|x| x.id != first.id))
    })
    .await;
    assert!(
        client
            .lists()
            .await
            .unwrap()
            .iter()
            .all(|l| l.id != first.id)
    );
}
