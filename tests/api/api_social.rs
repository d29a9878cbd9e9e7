//! The reading and acting endpoints against the demo instance, checking the
//! server's state after each action (relationships, counts, polls, lists,
//! filters, notifications, markers, search with `resolve`).

#![allow(clippy::unwrap_used)]

use common::demo;
use trompe_testkit as common;

use std::collections::HashSet;

use trompe::api::endpoints::Call;
use trompe::api::endpoints::accounts::{FollowOptions, MuteOptions};
use trompe::api::endpoints::filters::{FilterParams, KeywordParams};
use trompe::api::endpoints::lists::ListParams;
use trompe::api::endpoints::notifications::{NotificationFeed, NotificationQuery};
use trompe::api::endpoints::search::{SearchQuery, SearchType};
use trompe::api::endpoints::timelines::TimelineKind;
use trompe::api::entities::{
    Account, FilterAction, FilterContext, NotificationId, NotificationType, Status, Visibility,
};
use trompe::api::{ApiError, Client, PageQuery};
use trompe_demo::Fault;

fn page(limit: u32) -> PageQuery {
    PageQuery {
        limit: Some(limit),
        ..Default::default()
    }
}

/// Every status of a timeline, following `Link` headers (bounded).
async fn all_statuses(client: &Client, kind: &TimelineKind) -> Vec<Status> {
    let mut out = Vec::new();
    let mut p = client.timeline(kind, &page(40)).await.unwrap();
    for _ in 0..100 {
        out.extend(p.items.clone());
        let Some(next) = p.next.clone() else { break };
        p = client.get_page_at(next).await.unwrap();
        if p.items.is_empty() {
            break;
        }
    }
    out
}

async fn home(client: &Client) -> Vec<Status> {
    all_statuses(client, &TimelineKind::Home).await
}

async fn account(client: &Client, acct: &str) -> Account {
    client.lookup_account(acct).await.unwrap()
}

/// A status in home, not a boost, by someone else, matching `pred`.
async fn someone_elses(client: &Client, pred: impl Fn(&Status) -> bool) -> Status {
    let me = client.verify_credentials().await.unwrap();
    home(client)
        .await
        .into_iter()
        .find(|s| s.reblog.is_none() && s.account.id != me.id && pred(s))
        .expect("a matching status in home")
}

#[tokio::test]
async fn favourite_and_unfavourite_change_the_flag_and_the_count() {
    let (_server, client) = demo().await;
    let s = someone_elses(&client, |s| s.favourited == Some(false)).await;
    let faved = client.favourite(&s.id).await.unwrap();
    assert_eq!(faved.favourited, Some(true));
    assert_eq!(faved.favourites_count, s.favourites_count + 1);
    let again = client.status(&s.id).await.unwrap();
    assert_eq!(again.favourited, Some(true));
    assert_eq!(again.favourites_count, s.favourites_count + 1);
    let who = client.favourited_by(&s.id, &page(80)).await.unwrap();
    assert!(who.items.iter().any(|a| a.username == "demo"));
    // Favourites timeline shows it first.
    let favs = client
        .timeline(&TimelineKind::Favourites, &page(5))
        .await
        .unwrap();
    assert_eq!(favs.items[0].id, s.id);
    assert!(favs.next.is_some(), "favourites answer with a Link header");
    let undone = client.unfavourite(&s.id).await.unwrap();
    assert_eq!(undone.favourited, Some(false));
    assert_eq!(undone.favourites_count, s.favourites_count);
}

#[tokio::test]
async fn boost_with_a_visibility_then_unboost() {
    let (_server, client) = demo().await;
    let s = someone_elses(&client, |s| {
        s.reblogged == Some(false) && s.visibility == Visibility::Public
    })
    .await;
    let boost = client
        .reblog(&s.id, Some(&Visibility::Unlisted))
        .await
        .unwrap();
    assert_eq!(boost.visibility, Visibility::Unlisted);
    let inner = boost.reblog.as_deref().expect("the boost wraps the status");
    assert_eq!(inner.id, s.id);
    assert_eq!(inner.reblogged, Some(true));
    assert_eq!(inner.reblogs_count, s.reblogs_count + 1);
    let who = client.reblogged_by(&s.id, &page(80)).await.unwrap();
    assert!(who.items.iter().any(|a| a.username == "demo"));
    // Boosting twice gives the same boost back.
    let twice = client.reblog(&s.id, None).await.unwrap();
    assert_eq!(twice.id, boost.id);
    let undone = client.unreblog(&s.id).await.unwrap();
    assert_eq!(undone.reblogged, Some(false));
    assert_eq!(undone.reblogs_count, s.reblogs_count);
    assert!(matches!(
        client.status(&boost.id).await,
        Err(ApiError::NotFound { .. })
    ));
}

#[tokio::test]
async fn bookmarks_page_through_link_headers_once_each() {
    let (_server, client) = demo().await;
    let s = someone_elses(&client, |s| s.bookmarked == Some(false)).await;
    let b = client.bookmark(&s.id).await.unwrap();
    assert_eq!(b.bookmarked, Some(true));
    let mut seen = Vec::new();
    let mut p = client
        .timeline(&TimelineKind::Bookmarks, &page(1))
        .await
        .unwrap();
    assert_eq!(p.items[0].id, s.id, "newest bookmark first");
    for _ in 0..50 {
        seen.extend(p.items.iter().map(|s| s.id.clone()));
        let Some(next) = p.next.clone() else { break };
        p = client.get_page_at(next).await.unwrap();
        if p.items.is_empty() {
            break;
        }
    }
    let unique: HashSet<_> = seen.iter().collect();
    assert_eq!(unique.len(), seen.len());
    assert!(seen.len() >= 2);
    let u = client.unbookmark(&s.id).await.unwrap();
    assert_eq!(u.bookmarked, Some(false));
}

#[tokio::test]
async fn pin_only_own_statuses_and_list_them() {
    let (_server, client) = demo().await;
    let me = client.verify_credentials().await.unwrap();
    let other = someone_elses(&client, |_| true).await;
    assert!(matches!(
        client.pin(&other.id).await,
        Err(ApiError::Unprocessable { .. })
    ));
    let mine = all_statuses(
        &client,
        &TimelineKind::Account {
            id: me.id.clone(),
            acct: me.acct.clone(),
            with_replies: true,
            only_media: false,
        },
    )
    .await
    .into_iter()
    .find(|s| s.reblog.is_none() && s.visibility == Visibility::Public)
    .unwrap();
    let pinned = client.pin(&mine.id).await.unwrap();
    assert_eq!(pinned.pinned, Some(true));
    let list: Vec<Status> = client
        .call_page(
            &Call::get(format!("api/v1/accounts/{}/statuses", me.id)).query("pinned", "true"),
        )
        .await
        .unwrap()
        .items;
    assert_eq!(
        list.iter().map(|s| s.id.clone()).collect::<Vec<_>>(),
        vec![mine.id.clone()]
    );
    let unpinned = client.unpin(&mine.id).await.unwrap();
    assert_eq!(unpinned.pinned, Some(false));
}

#[tokio::test]
async fn mute_a_conversation() {
    let (_server, client) = demo().await;
    let s = someone_elses(&client, |_| true).await;
    assert_eq!(
        client.mute_conversation(&s.id).await.unwrap().muted,
        Some(true)
    );
    assert_eq!(client.status(&s.id).await.unwrap().muted, Some(true));
    assert_eq!(
        client.unmute_conversation(&s.id).await.unwrap().muted,
        Some(false)
    );
}

#[tokio::test]
async fn following_a_locked_account_is_a_request() {
    let (_server, client) = demo().await;
    let owl = account(&client, "owl@akkoma.example").await;
    assert!(owl.locked);
    let r = client.unfollow(&owl.id).await.unwrap();
    assert!(!r.following && !r.requested);
    let r = client
        .follow(&owl.id, &FollowOptions::default())
        .await
        .unwrap();
    assert!(r.requested, "a locked account answers with a request");
    assert!(!r.following);
    assert!(client.relationship(&owl.id).await.unwrap().requested);
    let r = client.unfollow(&owl.id).await.unwrap();
    assert!(!r.requested);
}

#[tokio::test]
async fn following_an_open_account_changes_counts_and_options() {
    let (_server, client) = demo().await;
    let me = client.verify_credentials().await.unwrap();
    let robin = account(&client, "robin").await;
    let r = client
        .follow(
            &robin.id,
            &FollowOptions {
                reblogs: Some(false),
                notify: Some(true),
                languages: None,
            },
        )
        .await
        .unwrap();
    assert!(r.following);
    assert!(!r.showing_reblogs);
    assert!(r.notifying);
    let after = client.account(&robin.id).await.unwrap();
    assert_eq!(after.followers_count, robin.followers_count + 1);
    let me_after = client.verify_credentials().await.unwrap();
    assert_eq!(me_after.following_count, me.following_count + 1);
    let following = client.following(&me.id, &page(80)).await.unwrap();
    assert!(following.items.iter().any(|a| a.id == robin.id));
    let r = client.unfollow(&robin.id).await.unwrap();
    assert!(!r.following);
    let back = client.account(&robin.id).await.unwrap();
    assert_eq!(back.followers_count, robin.followers_count);
}

#[tokio::test]
async fn authorizing_a_follow_request_makes_a_follower_and_a_notification() {
    let (_server, client) = demo().await;
    let reqs = client.follow_requests(&page(40)).await.unwrap();
    let robin = reqs
        .items
        .iter()
        .find(|a| a.username == "robin")
        .expect("robin asked to follow")
        .clone();
    let r = client.relationship(&robin.id).await.unwrap();
    assert!(r.requested_by && !r.followed_by);
    let r = client.authorize_follow_request(&robin.id).await.unwrap();
    assert!(r.followed_by);
    assert!(!r.requested_by);
    let left = client.follow_requests(&page(40)).await.unwrap().items;
    assert_eq!(left.len(), reqs.items.len() - 1);
    assert!(left.iter().all(|a| a.id != robin.id));
    let follows = client
        .notifications(&NotificationQuery {
            types: vec![NotificationType::Follow],
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(
        follows.items[0].account.as_ref().unwrap().id,
        robin.id,
        "the newest follow notification is robin's"
    );
    // No request left to answer.
    assert!(matches!(
        client.reject_follow_request(&robin.id).await,
        Err(ApiError::NotFound { .. })
    ));
}

#[tokio::test]
async fn muting_hides_statuses_and_notifications_until_unmuted() {
    let (_server, client) = demo().await;
    let ferris = account(&client, "ferris").await;
    assert!(
        home(&client)
            .await
            .iter()
            .any(|s| s.account.id == ferris.id)
    );
    let r = client
        .mute(
            &ferris.id,
            &MuteOptions {
                notifications: Some(true),
                duration: Some(3600),
            },
        )
        .await
        .unwrap();
    assert!(r.muting && r.muting_notifications);
    let h = home(&client).await;
    assert!(!h.iter().any(|s| s.account.id == ferris.id));
    assert!(
        !h.iter()
            .any(|s| s.reblog.as_ref().is_some_and(|b| b.account.id == ferris.id))
    );
    let n = client
        .notifications(&NotificationQuery {
            page: page(80),
            ..Default::default()
        })
        .await
        .unwrap();
    assert!(
        !n.items
            .iter()
            .any(|n| n.account.as_ref().is_some_and(|a| a.id == ferris.id))
    );
    let mutes: Vec<serde_json::Value> = client
        .call(&Call::mutes(&PageQuery::default()))
        .await
        .unwrap();
    assert_eq!(mutes[0]["id"], ferris.id.as_str());
    assert!(mutes[0]["mute_expires_at"].is_string());
    client.unmute(&ferris.id).await.unwrap();
    assert!(
        home(&client)
            .await
            .iter()
            .any(|s| s.account.id == ferris.id)
    );
}

#[tokio::test]
async fn blocking_cuts_follows_both_ways() {
    let (_server, client) = demo().await;
    let zoe = account(&client, "zoe").await;
    let before = client.relationship(&zoe.id).await.unwrap();
    assert!(before.following && before.followed_by);
    let r = client.block(&zoe.id).await.unwrap();
    assert!(r.blocking && !r.following && !r.followed_by);
    let blocks = client.blocks(&page(40)).await.unwrap();
    assert_eq!(blocks.items[0].id, zoe.id);
    assert!(!home(&client).await.iter().any(|s| s.account.id == zoe.id));
    let r = client.unblock(&zoe.id).await.unwrap();
    assert!(!r.blocking);
    assert!(client.blocks(&page(40)).await.unwrap().items.is_empty());
}

#[tokio::test]
async fn a_domain_block_hides_the_domain() {
    let (_server, client) = demo().await;
    let haruki = account(&client, "haruki@other.example").await;
    client.block_domain("other.example").await.unwrap();
    assert!(
        client
            .relationship(&haruki.id)
            .await
            .unwrap()
            .domain_blocking
    );
    let blocked = client.domain_blocks(&page(40)).await.unwrap();
    assert_eq!(blocked.items, vec!["other.example".to_string()]);
    assert!(
        !home(&client)
            .await
            .iter()
            .any(|s| s.account.acct.ends_with("@other.example"))
    );
    client.unblock_domain("other.example").await.unwrap();
    assert!(
        !client
            .relationship(&haruki.id)
            .await
            .unwrap()
            .domain_blocking
    );
}

#[tokio::test]
async fn a_private_note_is_kept() {
    let (_server, client) = demo().await;
    let sam = account(&client, "sam").await;
    let r = client
        .set_account_note(&sam.id, "runs the Pi")
        .await
        .unwrap();
    assert_eq!(r.note, "runs the Pi");
    assert_eq!(
        client.relationship(&sam.id).await.unwrap().note,
        "runs the Pi"
    );
}

#[tokio::test]
async fn votes_change_the_poll_and_second_votes_or_expired_polls_are_refused() {
    let (_server, client) = demo().await;
    let statuses = all_statuses(&client, &TimelineKind::Federated).await;
    let mut h = home(&client).await;
    h.extend(statuses);
    let open = h
        .iter()
        .filter_map(|s| s.original().poll.clone())
        .find(|p| !p.expired && p.voted == Some(false))
        .expect("an open poll");
    let voted = client.vote(&open.id, &[0]).await.unwrap();
    assert_eq!(voted.voted, Some(true));
    assert_eq!(voted.own_votes, Some(vec![0]));
    assert_eq!(voted.votes_count, open.votes_count + 1);
    assert_eq!(
        voted.options[0].votes_count,
        open.options[0].votes_count.map(|v| v + 1)
    );
    assert!(matches!(
        client.vote(&open.id, &[0]).await,
        Err(ApiError::Unprocessable { .. })
    ));
    assert_eq!(
        client.poll(&open.id).await.unwrap().votes_count,
        voted.votes_count
    );
    let expired = h
        .iter()
        .filter_map(|s| s.original().poll.clone())
        .find(|p| p.expired)
        .expect("an expired poll");
    let err = client.vote(&expired.id, &[0]).await.unwrap_err();
    assert!(err.to_string().contains("ended"), "{err}");
}

#[tokio::test]
async fn search_resolves_pasted_urls_and_accounts() {
    let (_server, client) = demo().await;
    let remote = someone_elses(&client, |s| {
        s.account.acct.contains('@') && s.visibility == Visibility::Public
    })
    .await;
    let url = remote.url.clone().unwrap();
    let plain = client
        .search(&SearchQuery {
            q: url.clone(),
            ..Default::default()
        })
        .await
        .unwrap();
    assert!(plain.statuses.is_empty(), "a URL needs resolve=true");
    let found = client.resolve_status(&url).await.unwrap();
    assert_eq!(found.id, remote.id);
    let by_uri = client.resolve_status(&remote.uri).await.unwrap();
    assert_eq!(by_uri.id, remote.id);
    let acct = client
        .find_account("@camille@social.example.org")
        .await
        .unwrap();
    assert_eq!(acct.acct, "camille@social.example.org");
    let tags = client
        .search(&SearchQuery {
            q: "#rus".into(),
            kind: Some(SearchType::Hashtags),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(tags.hashtags[0].name, "rust");
    assert!(tags.accounts.is_empty() && tags.statuses.is_empty());
    let words = client
        .search(&SearchQuery {
            q: "borrow".into(),
            ..Default::default()
        })
        .await
        .unwrap();
    assert!(!words.statuses.is_empty() || !words.accounts.is_empty());
    assert!(matches!(
        client.find_account("nobody@nowhere.example").await,
        Err(ApiError::NotFound { .. })
    ));
}

#[tokio::test]
async fn notifications_filter_dismiss_clear_and_count() {
    let (_server, client) = demo().await;
    let mentions = client
        .notifications(&NotificationQuery {
            types: vec![NotificationType::Mention],
            page: page(80),
            ..Default::default()
        })
        .await
        .unwrap();
    assert!(!mentions.items.is_empty());
    assert!(
        mentions
            .items
            .iter()
            .all(|n| n.kind == NotificationType::Mention)
    );
    let no_favs = client
        .notifications(&NotificationQuery {
            exclude_types: vec![NotificationType::Favourite],
            page: page(80),
            ..Default::default()
        })
        .await
        .unwrap();
    assert!(
        no_favs
            .items
            .iter()
            .all(|n| n.kind != NotificationType::Favourite)
    );
    let first = mentions.items[0].id.clone();
    assert_eq!(client.notification(&first).await.unwrap().id, first);
    client.dismiss_notification(&first).await.unwrap();
    assert!(matches!(
        client.notification(&first).await,
        Err(ApiError::NotFound { .. })
    ));
    let unread = client.unread_notification_count().await.unwrap();
    assert!(unread > 0);
    let newest = client
        .notifications(&NotificationQuery::default())
        .await
        .unwrap()
        .items[0]
        .id
        .clone();
    client
        .save_markers(None, Some(newest.as_str()))
        .await
        .unwrap();
    assert_eq!(client.unread_notification_count().await.unwrap(), 0);
    client.clear_notifications().await.unwrap();
    assert!(
        client
            .notifications(&NotificationQuery::default())
            .await
            .unwrap()
            .items
            .is_empty()
    );
    let _ = NotificationId::new("0");
}

#[tokio::test]
async fn grouped_notifications_fold_favourites_and_fall_back_to_v1() {
    let (server, client) = demo().await;
    let feed = client
        .notification_feed(
            &NotificationQuery {
                page: page(80),
                ..Default::default()
            },
            &[],
        )
        .await
        .unwrap();
    let NotificationFeed::Grouped { results, next, .. } = feed else {
        panic!("the demo has grouped notifications");
    };
    assert!(next.is_some());
    let fav = results
        .notification_groups
        .iter()
        .find(|g| g.kind == NotificationType::Favourite && g.notifications_count >= 4)
        .expect("a group of favourites");
    assert!(fav.sample_account_ids.len() >= 4);
    assert!(results.group_status(fav).is_some());
    assert_eq!(
        results.group_accounts(fav).count(),
        fav.sample_account_ids.len()
    );
    let keys: HashSet<_> = results
        .notification_groups
        .iter()
        .map(|g| &g.group_key)
        .collect();
    assert_eq!(
        keys.len(),
        results.notification_groups.len(),
        "one entry per key"
    );
    // A server without v2 (GoToSocial) answers 404: the same query goes to v1.
    server
        .faults()
        .inject("/api/v2/notifications", Fault::Status(404), 1);
    let feed = client
        .notification_feed(&NotificationQuery::default(), &[])
        .await
        .unwrap();
    assert!(matches!(feed, NotificationFeed::Plain(p) if !p.items.is_empty()));
}

#[tokio::test]
async fn lists_and_their_members() {
    let (_server, client) = demo().await;
    let before = client.lists().await.unwrap().len();
    let list = client
        .create_list(&ListParams {
            title: "Crabs".into(),
            replies_policy: None,
            exclusive: Some(true),
        })
        .await
        .unwrap();
    assert!(list.exclusive);
    assert!(matches!(
        client
            .create_list(&ListParams {
                title: " ".into(),
                ..Default::default()
            })
            .await,
        Err(ApiError::Unprocessable { .. })
    ));
    let ferris = account(&client, "ferris").await;
    let robin = account(&client, "robin").await;
    assert!(
        matches!(
            client
                .add_to_list(&list.id, std::slice::from_ref(&robin.id))
                .await,
            Err(ApiError::Unprocessable { .. })
        ),
        "only followed accounts join a list"
    );
    client
        .add_to_list(&list.id, std::slice::from_ref(&ferris.id))
        .await
        .unwrap();
    let members = client.list_accounts(&list.id, &page(40)).await.unwrap();
    assert_eq!(members.items[0].id, ferris.id);
    assert!(
        client
            .account_lists(&ferris.id)
            .await
            .unwrap()
            .iter()
            .any(|l| l.id == list.id)
    );
    // An exclusive list keeps its members out of home.
    assert!(
        !home(&client)
            .await
            .iter()
            .any(|s| s.account.id == ferris.id)
    );
    let feed = client
        .timeline(
            &TimelineKind::List {
                id: list.id.clone(),
                title: list.title.clone(),
            },
            &page(40),
        )
        .await
        .unwrap();
    assert!(feed.items.iter().all(|s| s.account.id == ferris.id));
    assert!(!feed.items.is_empty());
    let renamed = client
        .update_list(
            &list.id,
            &ListParams {
                title: "Rustaceans only".into(),
                exclusive: Some(false),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(renamed.title, "Rustaceans only");
    client
        .remove_from_list(&list.id, std::slice::from_ref(&ferris.id))
        .await
        .unwrap();
    assert!(
        client
            .list_accounts(&list.id, &page(40))
            .await
            .unwrap()
            .items
            .is_empty()
    );
    client.delete_list(&list.id).await.unwrap();
    assert!(matches!(
        client.list(&list.id).await,
        Err(ApiError::NotFound { .. })
    ));
    assert_eq!(client.lists().await.unwrap().len(), before);
}

#[tokio::test]
async fn follow_and_unfollow_hashtags() {
    let (_server, client) = demo().await;
    let followed = client.followed_tags(&page(100)).await.unwrap();
    assert!(followed.items.iter().all(|t| t.following == Some(true)));
    assert!(followed.items.iter().any(|t| t.name == "rust"));
    let t = client.follow_tag("#Knitting").await.unwrap();
    assert_eq!(t.name, "knitting");
    assert_eq!(t.following, Some(true));
    assert_eq!(t.history.len(), 7);
    assert_eq!(client.tag("knitting").await.unwrap().following, Some(true));
    let t = client.unfollow_tag("knitting").await.unwrap();
    assert_eq!(t.following, Some(false));
    assert!(matches!(
        client.tag("neverusedanywhere").await,
        Err(ApiError::NotFound { .. })
    ));
}

#[tokio::test]
async fn filters_match_statuses_and_can_be_edited() {
    let (_server, client) = demo().await;
    let f = client
        .create_filter(&FilterParams {
            title: Some("No crabs".into()),
            context: vec![FilterContext::Home, FilterContext::Public],
            action: Some(FilterAction::Hide),
            expires_in: None,
            keywords: vec![KeywordParams {
                keyword: "rust".into(),
                whole_word: true,
                ..Default::default()
            }],
        })
        .await
        .unwrap();
    assert_eq!(f.filter_action, FilterAction::Hide);
    assert_eq!(f.keywords.len(), 1);
    let h = home(&client).await;
    let hit = h
        .iter()
        .find(|s| !s.filtered.is_empty())
        .expect("a status about rust is marked");
    assert_eq!(hit.filtered[0].filter.id, f.id);
    assert_eq!(hit.filtered[0].keyword_matches, vec!["rust".to_string()]);
    let k = client
        .add_filter_keyword(&f.id, "borrow checker", false)
        .await
        .unwrap();
    assert_eq!(client.filter_keywords(&f.id).await.unwrap().len(), 2);
    client.delete_filter_keyword(&k.id).await.unwrap();
    let updated = client
        .update_filter(
            &f.id,
            &FilterParams {
                action: Some(FilterAction::Warn),
                expires_in: Some(Some(3600)),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(updated.filter_action, FilterAction::Warn);
    assert!(updated.expires_at.is_some());
    assert_eq!(updated.title, "No crabs");
    assert!(matches!(
        client
            .create_filter(&FilterParams {
                title: Some("no context".into()),
                ..Default::default()
            })
            .await,
        Err(ApiError::Unprocessable { .. })
    ));
    client.delete_filter(&f.id).await.unwrap();
    assert!(matches!(
        client.filter(&f.id).await,
        Err(ApiError::NotFound { .. })
    ));
    // Only the seeded filter matches now.
    assert!(
        home(&client)
            .await
            .iter()
            .all(|s| s.filtered.iter().all(|r| r.filter.title == "Storm news"))
    );
}

#[tokio::test]
async fn markers_are_saved_and_versioned() {
    let (_server, client) = demo().await;
    assert!(client.markers().await.unwrap().home.is_none());
    let h = client
        .timeline(&TimelineKind::Home, &page(3))
        .await
        .unwrap();
    let id = h.items[2].id.as_str().to_string();
    client.save_markers(Some(&id), None).await.unwrap();
    let m = client.markers().await.unwrap();
    let home = m.home.unwrap();
    assert_eq!(home.last_read_id, id);
    assert_eq!(home.version, 1);
    client.save_markers(Some(&id), None).await.unwrap();
    assert_eq!(client.markers().await.unwrap().home.unwrap().version, 2);
}

#[tokio::test]
async fn trends_conversations_and_translation() {
    let (_server, client) = demo().await;
    let statuses = client.trending_statuses(Some(5)).await.unwrap();
    assert_eq!(statuses.items.len(), 5);
    assert!(statuses.next.is_some());
    let more: trompe::api::Page<Status> = client
        .get_page_at(statuses.next.clone().unwrap())
        .await
        .unwrap();
    assert!(
        more.items
            .iter()
            .all(|s| !statuses.items.iter().any(|t| t.id == s.id))
    );
    let tags = client.trending_tags(None).await.unwrap();
    assert!(!tags.items.is_empty());
    let convs = client.conversations(&page(20)).await.unwrap();
    let c = convs
        .items
        .iter()
        .find(|c| c.unread)
        .expect("an unread conversation");
    let read = client.mark_conversation_read(&c.id).await.unwrap();
    assert!(!read.unread);
    client.delete_conversation(&c.id).await.unwrap();
    assert!(
        !client
            .conversations(&page(20))
            .await
            .unwrap()
            .items
            .iter()
            .any(|x| x.id == c.id)
    );
    let s = someone_elses(&client, |s| s.language.as_deref() == Some("fr")).await;
    let t = client.translate(&s.id, Some("en")).await.unwrap();
    assert_eq!(t.detected_source_language.as_deref(), Some("fr"));
    assert!(!t.content.is_empty());
}

#[tokio::test]
async fn followers_page_through_link_headers() {
    let (_server, client) = demo().await;
    let me = client.verify_credentials().await.unwrap();
    let mut seen = Vec::new();
    let mut p = client.followers(&me.id, &page(2)).await.unwrap();
    for _ in 0..50 {
        seen.extend(p.items.iter().map(|a| a.id.clone()));
        let Some(next) = p.next.clone() else { break };
        p = client.get_page_at(next).await.unwrap();
        if p.items.is_empty() {
            break;
        }
    }
    assert_eq!(seen.len() as u64, me.followers_count);
    let unique: HashSet<_> = seen.iter().collect();
    assert_eq!(unique.len(), seen.len());
}

#[tokio::test]
async fn raw_calls_keep_unknown_fields() {
    let (_server, client) = demo().await;
    let s = someone_elses(&client, |_| true).await;
    let raw: serde_json::Value = client.call(&Call::status(&s.id)).await.unwrap();
    assert!(raw.get("trompe_demo_extension").is_some());
}
