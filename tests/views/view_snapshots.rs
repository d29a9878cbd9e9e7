//! Snapshots of every view and tab at 80×24 and 200×60 (and a narrow size
//! where the layout is tight): hashtag, list and bookmarks tabs, the thread
//! tree, a profile, search results, a poll before and after a vote, the
//! notifications of every type, the compose pane, the link picker and a
//! confirmation. Rendered from state built here, with the clock fixed.

#![allow(clippy::unwrap_used)]

use trompe::app::keymap::Command;
use trompe_testkit as common;

use common::*;
use serde_json::json;
use trompe::api::endpoints::timelines::TimelineKind;
use trompe::api::entities::{ListId, Notification, StatusId};
use trompe::app::views::compose::ComposeState;
use trompe::app::views::{LinkPicker, ProfileSection, ProfileView, SearchView, ThreadView, View};
use trompe::app::{Action, NotificationFilter, State, TabKind, TimelineTab, update};
use trompe::compose::{Draft, DraftMedia, DraftPoll};

fn shot(name: &str, state: &State) {
    for (w, h) in [(80u16, 24u16), (200, 60)] {
        insta::assert_snapshot!(
            format!("{name}_{w}x{h}"),
            rows(&render(state, w, h)).join("\n")
        );
    }
    // Small sizes never panic.
    for (w, h) in [(20u16, 5u16), (30, 10), (1, 1)] {
        let _ = render(state, w, h);
    }
}

fn with_tab(kind: TimelineKind) -> State {
    let mut state = state_with(sample_home());
    let acc = &mut state.accounts[0];
    let mut tab = TimelineTab::new(kind);
    tab.set_initial(acc.tabs[0].ids.clone(), None);
    acc.tabs.push(tab);
    acc.active_tab = acc.tabs.len() - 1;
    state
}

#[test]
fn hashtag_list_and_bookmark_tabs() {
    shot(
        "tab_hashtag",
        &with_tab(TimelineKind::Hashtag {
            tag: "rust".into(),
            any: vec!["terminal".into()],
        }),
    );
    shot(
        "tab_list",
        &with_tab(TimelineKind::List {
            id: ListId::new("1"),
            title: "Close friends".into(),
        }),
    );
    shot("tab_bookmarks", &with_tab(TimelineKind::Bookmarks));
}

#[test]
fn thread_tree() {
    let mut state = state_with(sample_home());
    let acc = &mut state.accounts[0];
    let alice = account("1", "alice", "Alice Martin");
    let bob = account("2", "bob@other.example", "Bob 🦀");
    let mut extra = vec![];
    for (id, who, parent, text) in [
        (
            "300",
            alice.clone(),
            None,
            "<p>Root of the thread: what is your favourite terminal?</p>",
        ),
        (
            "301",
            bob.clone(),
            Some("300"),
            "<p>kitty, for the graphics protocol.</p>",
        ),
        (
            "302",
            alice.clone(),
            Some("301"),
            "<p>Fair! I stay with foot.</p>",
        ),
        (
            "303",
            bob.clone(),
            Some("300"),
            "<p>Also: tmux everywhere.</p>",
        ),
    ] {
        let mut s = status(id, who, text, 30);
        s["in_reply_to_id"] = json!(parent);
        extra.push(decode(s));
    }
    for s in &extra {
        acc.statuses.insert(s.id.clone(), s.clone());
    }
    let items = trompe::app::views::thread::thread_tree(
        &StatusId::new("301"),
        None,
        &extra[..1],
        &extra[2..],
    );
    assert_eq!(
        items.iter().map(|(_, d)| *d).collect::<Vec<_>>(),
        vec![0, 0, 1, 1]
    );
    let mut items = vec![
        (StatusId::new("300"), 0),
        (StatusId::new("301"), 1),
        (StatusId::new("302"), 2),
        (StatusId::new("303"), 1),
    ];
    items.truncate(4);
    acc.views.push(View::Thread(ThreadView {
        focus: StatusId::new("301"),
        items,
        selected: 1,
        viewport: Default::default(),
        loading: None,
        error: None,
    }));
    shot("thread", &state);
}

#[test]
fn profile() {
    let mut state = state_with(sample_home());
    let mut a = account("1", "alice", "Alice Martin");
    a["note"] = json!(
        "<p>Terminal enthusiast. Writes <a href=\"https://demo.example/tags/rust\" class=\"mention hashtag\">#<span>rust</span></a>.</p>"
    );
    a["bot"] = json!(true);
    a["fields"] = json!([{"name": "Site", "value": "<a href=\"https://alice.example\">alice.example</a>", "verified_at": "2024-01-01T00:00:00.000Z"}, {"name": "Pronouns", "value": "she/her", "verified_at": null}]);
    let account: trompe::api::entities::Account = serde_json::from_value(a).unwrap();
    let rel: trompe::api::entities::Relationship = serde_json::from_value(json!({"id": "1", "following": true, "followed_by": true, "muting": false, "blocking": false})).unwrap();
    let mut posts = TimelineTab::new(TimelineKind::Account {
        id: account.id.clone(),
        acct: "alice".into(),
        with_replies: false,
        only_media: false,
    });
    posts.set_initial(vec!["110".into(), "107".into()], None);
    state.accounts[0]
        .views
        .push(View::Profile(Box::new(ProfileView {
            account,
            relationship: Some(rel),
            section: ProfileSection::Posts,
            posts,
            pinned: Vec::new(),
        })));
    shot("profile", &state);
}

#[test]
fn search_results() {
    let mut state = state_with(sample_home());
    let results: trompe::api::entities::SearchResults = serde_json::from_value(json!({
        "accounts": [account("1", "alice", "Alice Martin"), account("2", "bob@other.example", "Bob 🦀")],
        "hashtags": [{"name": "rust", "url": "https://demo.example/tags/rust", "history": []}],
        "statuses": [status("110", account("1", "alice", "Alice Martin"), "<p>Rust is fun</p>", 2)],
    })).unwrap();
    state.accounts[0].views.push(View::Search(SearchView {
        query: "rust".into(),
        results: Some(results),
        selected: 2,
        loading: None,
        error: None,
    }));
    shot("search", &state);
}

fn poll_state(voted: bool) -> State {
    let mut s = status(
        "400",
        account("1", "alice", "Alice Martin"),
        "<p>Which editor?</p>",
        10,
    );
    s["poll"] = json!({
        "id": "p1", "expires_at": "2026-11-28T12:00:00.000Z", "expired": false, "multiple": false,
        "votes_count": if voted { 11 } else { 10 }, "voters_count": null,
        "options": [{"title": "vim", "votes_count": if voted { 6 } else { 5 }}, {"title": "emacs", "votes_count": 3}, {"title": "helix", "votes_count": 2}],
        "emojis": [], "voted": voted, "own_votes": if voted { json!([0]) } else { json!([]) }
    });
    state_with(vec![decode(s)])
}

#[test]
fn poll_before_and_after_a_vote() {
    let mut state = poll_state(false);
    shot("poll_before", &state);
    update(&mut state, Action::Command(Command::StartVote));
    shot("poll_voting", &state);
    shot("poll_after", &poll_state(true));
}

#[test]
fn notifications_of_every_type() {
    let mut state = state_with(sample_home());
    let acc = &mut state.accounts[0];
    let zoe = account("5", "zoe", "Zoë 👩‍💻");
    let post =
        serde_json::to_value(acc.statuses.get(&StatusId::new("110")).unwrap().clone()).unwrap();
    let kinds = [
        "mention",
        "status",
        "reblog",
        "follow",
        "follow_request",
        "favourite",
        "poll",
        "update",
        "quote",
        "admin.sign_up",
        "admin.report",
        "severed_relationships",
        "moderation_warning",
        "pleroma:emoji_reaction",
    ];
    let mut ids = vec![];
    for (i, k) in kinds.iter().enumerate() {
        let with_status = matches!(
            *k,
            "mention" | "status" | "reblog" | "favourite" | "poll" | "update" | "quote"
        );
        let n: Notification = serde_json::from_value(json!({
            "id": format!("{}", 900 - i), "type": k, "created_at": "2026-11-27T11:00:00.000Z",
            "account": zoe, "status": if with_status { post.clone() } else { serde_json::Value::Null }
        })).unwrap();
        ids.push(n.id.as_str().to_string());
        acc.notifications.insert(n.id.as_str().to_string(), n);
    }
    let mut tab = TimelineTab::with_kind(TabKind::Notifications(NotificationFilter::All));
    tab.set_initial(ids, None);
    acc.tabs[1] = tab;
    acc.active_tab = 1;
    let text = rows(&render(&state, 200, 60)).join("\n");
    for needle in [
        "mentioned you",
        "boosted your post",
        "followed you",
        "asked to follow you",
        "favourited your post",
        "has ended",
        "edited a post",
        "quoted your post",
        "signed up",
        "filed a report",
        "were severed",
        "moderation warning",
        "notification: pleroma:emoji_reaction",
    ] {
        // The list is long: check over several scroll positions.
        let mut found = text.contains(needle);
        let mut s = state.clone();
        for _ in 0..kinds.len() {
            if found {
                break;
            }
            update(&mut s, Action::Command(Command::ScrollDown));
            found = rows(&render(&s, 200, 60)).join("\n").contains(needle);
        }
        assert!(found, "{needle} is rendered");
    }
    shot("notifications", &state);
    // A group of favourites reads as one row.
    state.accounts[0].notification_groups.insert(
        "895".into(),
        trompe::app::NotificationGroupInfo {
            count: 4,
            names: vec!["Zoë 👩‍💻".into(), "Bob".into()],
        },
    );
    let text = rows(&render(&state, 200, 60)).join("\n");
    let mut s = state.clone();
    let mut found = text.contains("Zoë 👩‍💻 and 3 others favourited your post");
    for _ in 0..kinds.len() {
        if found {
            break;
        }
        update(&mut s, Action::Command(Command::ScrollDown));
        found = rows(&render(&s, 200, 60))
            .join("\n")
            .contains("and 3 others favourited your post");
    }
    assert!(found);
}

fn compose_state(draft: Draft) -> State {
    let mut state = state_with(sample_home());
    state.compose = Some(ComposeState::new(0, draft));
    state
}

#[test]
fn compose_pane() {
    shot("compose_empty", &compose_state(Draft::new(NOW)));
    let mut long = Draft::new(NOW);
    long.text = "This is far too long. ".repeat(30);
    shot("compose_over_limit", &compose_state(long));
    let mut rich = Draft::new(NOW);
    rich.text = "Holiday pictures and a question".into();
    rich.media = vec![
        DraftMedia::file("/tmp/beach.png", "A sandy beach at dusk"),
        DraftMedia::file("/tmp/dog.jpg", ""),
    ];
    shot("compose_media", &compose_state(rich));
    let mut poll = Draft::new(NOW);
    poll.text = "Tabs or spaces?".into();
    poll.poll = Some(DraftPoll::new(vec!["tabs".into(), "spaces".into()]));
    shot("compose_poll", &compose_state(poll));
    let parent = sample_home().remove(1);
    let me = trompe::api::entities::AccountId::new("99");
    shot(
        "compose_reply",
        &compose_state(Draft::reply(
            &parent,
            &me,
            &trompe::api::entities::Visibility::Public,
            NOW,
        )),
    );
}

#[test]
fn compose_language_picker() {
    let mut d = Draft::new(NOW);
    d.text = "Bonjour à tous".into();
    d.language = Some("fr".into());
    let mut state = compose_state(d);
    state.accounts[0].languages = Some(
        [
            ("en", "English"),
            ("fr", "French"),
            ("ja", "Japanese"),
            ("ar", "Arabic"),
            ("de", "German"),
            ("es", "Spanish"),
            ("frp", "Arpitan"),
        ]
        .iter()
        .map(|(c, n)| (c.to_string(), n.to_string()))
        .collect(),
    );
    let picker = |filter: &str, selected: usize| {
        Some(trompe::app::views::compose::LanguagePicker {
            filter: filter.into(),
            selected,
        })
    };
    state.compose.as_mut().unwrap().languages = picker("", 2);
    shot("compose_language_picker", &state);
    // Codes that start with the filter first, then names that contain it.
    state.compose.as_mut().unwrap().languages = picker("ar", 1);
    shot("compose_language_picker_filtered", &state);
}

#[test]
fn link_picker_and_confirmation() {
    let mut state = state_with(sample_home());
    state.accounts[0].views.push(View::Links(LinkPicker {
        links: vec![
            (
                "example.com/a/very/long/path".into(),
                "https://example.com/a/very/long/path/that/goes/on".into(),
            ),
            (
                "image: An orange sky".into(),
                "https://demo.example/m1.png".into(),
            ),
        ],
        selected: 1,
    }));
    shot("links", &state);
    let mut state = state_with(sample_home());
    state.accounts[0].views.push(View::Confirm {
        text: "Delete this post? “Just shipped a tiny fix”".into(),
        action: Box::new(Action::Command(Command::Quit)),
    });
    shot("confirm", &state);
}

#[test]
fn people_and_hashtag_lists() {
    use trompe::app::views::people::{PeopleKind, PeopleView};
    use trompe::app::views::tags::{TagsKind, TagsView};
    let mut state = state_with(sample_home());
    let mut alice = account("1", "alice", "Alice Martin");
    alice["note"] = json!("<p>Terminal enthusiast. Writes <b>Rust</b>.</p>");
    let mut bot = account("2", "weather@other.example", "Weather \u{1b}[31mbot");
    bot["bot"] = json!(true);
    let mut locked = account("3", "robin", "Robin 🦀");
    locked["locked"] = json!(true);
    let items: Vec<trompe::api::entities::Account> = [alice, bot, locked]
        .into_iter()
        .map(|a| serde_json::from_value(a).unwrap())
        .collect();
    let rels: Vec<trompe::api::entities::Relationship> = serde_json::from_value(json!([
        {"id": "1", "following": true, "followed_by": true},
        {"id": "2", "muting": true},
        {"id": "3", "requested": true, "blocking": false},
    ]))
    .unwrap();
    let me = items[0].clone();
    state.accounts[0]
        .views
        .push(View::People(Box::new(PeopleView {
            kind: PeopleKind::followers(&me),
            items,
            relationships: rels.into_iter().map(|r| (r.id.clone(), r)).collect(),
            selected: 1,
            next: None,
            loading: None,
            error: None,
        })));
    shot("people_followers", &state);

    let mut state = state_with(sample_home());
    let tags: Vec<trompe::api::entities::Tag> = serde_json::from_value(json!([
        {"name": "rust", "url": "https://demo.example/tags/rust", "following": true,
         "history": [{"day": "1764201600", "uses": "12", "accounts": "5"}, {"day": "1764115200", "uses": "3", "accounts": "2"}]},
        {"name": "terminal", "url": "https://demo.example/tags/terminal", "history": [{"day": "1764201600", "uses": "1", "accounts": "1"}]},
        {"name": "fediverse", "url": "https://demo.example/tags/fediverse", "history": []},
    ]))
    .unwrap();
    state.accounts[0].views.push(View::Tags(TagsView {
        kind: TagsKind::Trending,
        items: tags,
        selected: 0,
        loading: false,
        error: None,
    }));
    shot("tags_trending", &state);
}

#[test]
fn conversations_tab() {
    let mut state = state_with(sample_home());
    let acc = &mut state.accounts[0];
    let mut dm = status(
        "120",
        account("1", "alice", "Alice Martin"),
        "<p><span class=\"h-card\"><a href=\"https://demo.example/@demo\" class=\"u-url mention\">@<span>demo</span></a></span> Dinner on Thursday?</p>",
        3,
    );
    dm["visibility"] = json!("direct");
    let convs: Vec<trompe::api::entities::Conversation> = serde_json::from_value(json!([
        {"id": "9", "unread": true, "accounts": [account("1", "alice", "Alice Martin")], "last_status": dm},
        {"id": "4", "unread": false, "accounts": [account("2", "bob@other.example", "Bob"), account("3", "carol", "Carol")],
         "last_status": status("90", account("2", "bob@other.example", "Bob"), "<p>See you all there.</p>", 600)},
    ]))
    .unwrap();
    let mut tab = TimelineTab::with_kind(TabKind::Conversations);
    tab.set_initial(vec!["9".into(), "4".into()], None);
    for c in convs {
        acc.conversations.insert(c.id.as_str().to_string(), c);
    }
    acc.tabs.push(tab);
    acc.active_tab = acc.tabs.len() - 1;
    shot("tab_conversations", &state);
}

#[test]
fn instance_page_with_announcements() {
    let mut state = state_with(sample_home());
    let v2: trompe::api::entities::InstanceV2 = serde_json::from_value(json!({
        "domain": "demo.example", "title": "Demo \u{1b}]0;owned\u{7}Social", "version": "4.5.0",
        "description": "<p>A small instance for <b>terminal</b> people.</p>",
        "configuration": {"statuses": {"max_characters": 500, "max_media_attachments": 4, "characters_reserved_per_url": 23}},
        "contact": {"email": "staff@demo.example", "account": account("9", "admin", "The Staff")},
        "rules": [{"id": "1", "text": "Be kind."}, {"id": "2", "text": "No spam, no ads, no crypto schemes."}],
    }))
    .unwrap();
    let list: Vec<trompe::api::entities::Announcement> = serde_json::from_value(json!([
        {"id": "2", "content": "<p>Maintenance on <b>Saturday</b>: read-only for an hour.</p>", "all_day": false,
         "published_at": "2026-11-27T09:00:00.000Z", "starts_at": "2026-11-28T18:00:00.000Z", "ends_at": "2026-11-28T20:00:00.000Z",
         "read": false, "reactions": []},
        {"id": "1", "content": "<p>Welcome! Try the #terminal tag.</p>", "published_at": "2026-11-20T10:00:00.000Z", "read": true},
    ]))
    .unwrap();
    let acc = &mut state.accounts[0];
    acc.instance_info = Some(trompe::api::entities::Instance::from(v2));
    acc.announcements = Some(list);
    acc.views.push(View::Instance { scroll: 0 });
    shot("instance_page", &state);
}

#[test]
fn mute_menu() {
    use trompe::api::entities::AccountId;
    use trompe::app::effect::SocialOp;
    use trompe::app::views::MenuView;
    let mut state = state_with(sample_home());
    let items = [
        ("For ever", None),
        ("For an hour", Some(3600)),
        ("For a day", Some(86_400)),
    ]
    .into_iter()
    .map(|(l, secs)| {
        (
            l.to_string(),
            Action::ConfirmedSocial(SocialOp::MuteFor {
                id: AccountId::new("1"),
                secs,
                notifications: true,
            }),
        )
    })
    .collect();
    let menu = MenuView {
        title: "Mute @alice".into(),
        items,
        selected: 1,
        check: Some(("Hide their notifications too".into(), false)),
    };
    // The check box decides the notifications flag of the chosen item.
    assert!(matches!(
        menu.chosen(),
        Some(Action::ConfirmedSocial(SocialOp::MuteFor {
            secs: Some(3600),
            notifications: false,
            ..
        }))
    ));
    state.accounts[0].views.push(View::Menu(menu));
    shot("menu_mute", &state);
}

#[test]
fn filter_editor() {
    use trompe::app::views::filters::FiltersView;
    let mut state = state_with(sample_home());
    let filters: Vec<trompe::api::entities::Filter> = serde_json::from_value(json!([
        {"id": "1", "title": "Spoilers", "context": ["home", "notifications", "public", "thread"],
         "filter_action": "warn", "expires_at": null,
         "keywords": [{"id": "1", "keyword": "finale", "whole_word": true}, {"id": "2", "keyword": "plot twist", "whole_word": false}],
         "statuses": []},
        {"id": "2", "title": "Crypto \u{1b}[2Jnoise", "context": ["public"], "filter_action": "hide",
         "expires_at": "2026-12-25T00:00:00.000Z",
         "keywords": [{"id": "3", "keyword": "nft", "whole_word": true}],
         "statuses": [{"id": "1", "status_id": "110"}]},
    ]))
    .unwrap();
    state.accounts[0].views.push(View::Filters(FiltersView {
        filters,
        selected: 1,
        loading: false,
        error: None,
    }));
    shot("filters", &state);
}

#[test]
fn list_manager() {
    use trompe::app::views::lists::ListsView;
    let mut state = state_with(sample_home());
    let lists: Vec<trompe::api::entities::List> = serde_json::from_value(json!([
        {"id": "1", "title": "Close friends", "replies_policy": "list", "exclusive": false},
        {"id": "2", "title": "Rustaceans", "replies_policy": "followed", "exclusive": true},
        {"id": "3", "title": "News \u{1b}[31mdesk", "replies_policy": "none", "exclusive": false},
    ]))
    .unwrap();
    state.accounts[0].views.push(View::Lists(ListsView {
        lists,
        selected: 1,
        loading: false,
        error: None,
    }));
    shot("lists", &state);
}

#[test]
fn edit_history_page() {
    let mut state = state_with(sample_home());
    let versions: Vec<trompe::api::entities::StatusEdit> = serde_json::from_value(json!([
        {"content": "<p>First try</p>", "spoiler_text": "", "sensitive": false, "created_at": "2026-11-27T10:00:00.000Z",
         "account": account("1", "alice", "Alice Martin"), "media_attachments": [], "emojis": []},
        {"content": "<p>First try, with a typo fixd</p>", "spoiler_text": "draft", "sensitive": false, "created_at": "2026-11-27T10:05:00.000Z",
         "account": account("1", "alice", "Alice Martin"), "media_attachments": [], "emojis": []},
        {"content": "<p>First try, with a typo fixed</p>", "spoiler_text": "", "sensitive": false, "created_at": "2026-11-27T10:07:00.000Z",
         "account": account("1", "alice", "Alice Martin"), "media_attachments": [], "emojis": [],
         "poll": {"options": [{"title": "yes"}, {"title": "no"}]}},
    ]))
    .unwrap();
    state.accounts[0].views.push(View::Raw {
        text: trompe::app::pages::edit_history(&versions),
        scroll: 0,
    });
    shot("edit_history", &state);
}

/// The thread view of a post with two pictures: one decoded (drawn in
/// halfblocks, with its alt text), one that failed (no alt text); then the
/// same post marked sensitive, hidden until z.
#[test]
fn thread_with_image_previews() {
    let mut state = state_with(sample_home());
    let (ready, failed) = ("https://demo.example/m1.png", "https://demo.example/m2.png");
    let png = trompe_demo::png::pattern_png(120, 80, (232, 150, 70));
    let img = trompe::fetch_image::decode(&png).unwrap();
    assert!(state.images.request(ready));
    state.images.finish(ready, Ok(img));
    assert!(state.images.request(failed));
    state.images.finish(failed, Err("bad image".into()));
    let focus = StatusId::new("105");
    state.accounts[0].views.push(View::Thread(ThreadView {
        focus: focus.clone(),
        items: vec![(focus, 0)],
        selected: 0,
        viewport: Default::default(),
        loading: None,
        error: None,
    }));
    shot("thread_previews", &state);
    // Narrow: the two columns share 36 cells.
    insta::assert_snapshot!(
        "thread_previews_40x20",
        rows(&render(&state, 40, 20)).join("\n")
    );
    let buf = render(&state, 80, 24);
    let text = rows(&buf).join("\n");
    assert!(
        text.contains('▀') || text.contains('▄'),
        "halfblocks drawn:\n{text}"
    );
    assert!(text.contains("preview unavailable"), "{text}");
    assert!(text.contains("no alt text"), "{text}");

    // Under an overlay (here the link picker) the pictures are not drawn:
    // terminal graphics would show through it.
    state.accounts[0].views.push(View::Links(LinkPicker {
        links: vec![("1".into(), "https://example.com".into())],
        selected: 0,
    }));
    let text = rows(&render(&state, 80, 24)).join("\n");
    assert!(!text.contains('▀') && !text.contains('▄'), "{text}");
    assert!(text.contains("An orange sky over rooftops"), "{text}");
    state.accounts[0].views.pop();

    // Sensitive: one line instead of the pictures, until z reveals the post.
    let s = state.accounts[0]
        .statuses
        .get_mut(&StatusId::new("105"))
        .unwrap();
    s.sensitive = true;
    shot("thread_previews_sensitive", &state);
    let text = rows(&render(&state, 80, 24)).join("\n");
    assert!(text.contains("press z to show"), "{text}");
    assert!(!text.contains('▀') && !text.contains('▄'), "{text}");
    let fx = update(&mut state, Action::Command(Command::ToggleCw));
    assert!(fx.is_empty(), "both pictures are already known: {fx:?}");
    let text = rows(&render(&state, 80, 24)).join("\n");
    assert!(text.contains('▀') || text.contains('▄'), "{text}");

    // Previews off: the card lists the attachments as before, nothing else.
    state.images = trompe::app::images::ImageCache::new(false, 1 << 20);
    let text = rows(&render(&state, 80, 24)).join("\n");
    assert!(!text.contains('▀') && !text.contains('▄'), "{text}");
    assert!(!text.contains("loading preview"), "{text}");
    assert!(text.contains("▣ image"), "{text}");

    // Previews on, nothing fetched yet: a mark in place of each picture.
    state.images = trompe::app::images::ImageCache::default();
    let text = rows(&render(&state, 80, 24)).join("\n");
    assert_eq!(text.matches("… loading preview").count(), 2, "{text}");
}

#[test]
fn scheduled_posts() {
    use trompe::app::views::scheduled::ScheduledView;
    let mut state = state_with(sample_home());
    state.zone = trompe::compose::Zone::Fixed(time::macros::offset!(+1));
    let items: Vec<trompe::api::entities::ScheduledStatus> = serde_json::from_value(json!([
        {"id": "3", "scheduled_at": "2026-12-01T08:00:00.000Z",
         "params": {"text": "Good morning, December!", "visibility": "public", "spoiler_text": null},
         "media_attachments": []},
        {"id": "7", "scheduled_at": "2026-12-24T17:30:00.000Z",
         "params": {"text": "Happy holidays \u{1b}[5mto all\nsee you next year", "visibility": "unlisted", "spoiler_text": "feelings"},
         "media_attachments": [{"id": "m1", "type": "image", "url": "https://demo.example/m1.png", "description": "a tree"}]},
    ]))
    .unwrap();
    state.accounts[0].views.push(View::Scheduled(ScheduledView {
        items,
        selected: 1,
        loading: false,
        error: None,
    }));
    shot("scheduled", &state);
}

/// A node's account with its Relay tab holding `notes` (ActivityPub
/// objects, mapped as the node source maps them).
fn relay_state(notes: &[serde_json::Value]) -> State {
    use trompe::effects::node::{account_json, status_of};
    let mut state = State::new(
        vec![trompe::app::AccountState::node(
            "node@relay.example (node)",
            "relay.example",
        )],
        NOW,
    );
    let acc = &mut state.accounts[0];
    let mut ids = Vec::new();
    for (i, note) in notes.iter().enumerate() {
        let actor = note["attributedTo"].as_str().unwrap();
        let doc = json!({
            "id": actor, "type": "Person", "preferredUsername": actor.rsplit('/').next().unwrap(),
            "name": format!("{} \u{1b}[31m", actor.rsplit('/').next().unwrap()),
        });
        let id = format!("{:011}{:010}", 1_800_000_000 - i as i64 * 60, i);
        let s = status_of(note, &id, 0, account_json(actor, Some(&doc)), None).unwrap();
        acc.statuses.insert(s.id.clone(), s);
        ids.push(id);
    }
    acc.tabs[0].set_initial(ids, None);
    state
}

#[test]
fn relay_tab_of_the_node() {
    let public = "https://www.w3.org/ns/activitystreams#Public";
    let notes = [
        json!({
            "id": "https://a.example/notes/1", "type": "Note",
            "attributedTo": "https://a.example/users/ada",
            "content": "<p>Hello from <a href=\"https://a.example/tags/fediverse\" class=\"hashtag\">#fediverse</a>, <span class=\"h-card\"><a href=\"https://b.example/users/bo\" class=\"u-url mention\">@bo</a></span></p>",
            "published": "2026-11-27T11:55:00Z", "to": [public],
            "tag": [{"type": "Mention", "href": "https://b.example/users/bo", "name": "@bo@b.example"},
                    {"type": "Hashtag", "href": "https://a.example/tags/fediverse", "name": "#fediverse"}],
        }),
        json!({
            "id": "https://b.example/notes/2", "type": "Note",
            "attributedTo": "https://b.example/users/bo",
            "summary": "spoilers for the finale", "sensitive": true,
            "content": "<p>They \u{1b}]0;owned\u{7}never find out.</p>",
            "published": "2026-11-27T11:40:00Z", "to": ["https://b.example/users/bo/followers"], "cc": [public],
            "attachment": [{"type": "Document", "mediaType": "image/png", "url": "https://b.example/m/1.png", "name": "a cat asleep"}],
        }),
        json!({
            "id": "https://c.example/q/3", "type": "Question",
            "attributedTo": "https://c.example/users/cy",
            "content": "<p>Tabs or spaces?</p>", "published": "2026-11-27T10:00:00Z", "to": [public],
            "endTime": "2026-11-28T10:00:00Z",
            "oneOf": [{"type": "Note", "name": "tabs", "replies": {"totalItems": 3}},
                      {"type": "Note", "name": "spaces", "replies": {"totalItems": 5}}],
        }),
    ];
    let state = relay_state(&notes);
    let acc = &state.accounts[0];
    let cw = acc.status(&acc.tabs[0].ids[1]).unwrap();
    assert_eq!(cw.spoiler_text, "spoilers for the finale");
    assert_eq!(cw.media_attachments.len(), 1);
    let q = acc.status(&acc.tabs[0].ids[2]).unwrap();
    assert_eq!(q.poll.as_ref().map(|p| p.options.len()), Some(2));
    shot("tab_relay", &state);
}

#[test]
fn subscriptions_of_the_node() {
    use trompe::app::views::subscriptions::{SubscriptionRow, SubscriptionsView};
    let mut state = relay_state(&[]);
    let at = |mins: i64| Some(NOW - time::Duration::minutes(mins));
    let row =
        |target: &str, kind: &str, st: &str, last: Option<time::OffsetDateTime>| SubscriptionRow {
            target: target.into(),
            kind: kind.into(),
            state: st.into(),
            error: None,
            updated_at: at(90),
            last_activity: last,
        };
    let mut failed = row(
        "https://down.example/users/x\u{1b}[2J",
        "account",
        "error",
        None,
    );
    failed.error = Some("network error: connection refused".into());
    state.accounts[0]
        .views
        .push(View::Subscriptions(SubscriptionsView {
            rows: vec![
                row("https://relay.example/actor", "relay", "accepted", at(1)),
                row(
                    "https://a.example/users/ada",
                    "account",
                    "accepted",
                    at(180),
                ),
                row("https://b.example/users/bo", "account", "pending", None),
                failed,
            ],
            selected: 1,
            loading: false,
            error: None,
        }));
    shot("subscriptions", &state);
    // With none yet, it says how to start.
    let mut empty = relay_state(&[]);
    empty.accounts[0]
        .views
        .push(View::Subscriptions(SubscriptionsView::default()));
    let text = rows(&render(&empty, 80, 24)).join("\n");
    assert!(text.contains("follows @user@host"), "{text}");
}
