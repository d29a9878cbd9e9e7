//! Reading in the TUI against the demo instance: threads, profiles, search,
//! hashtag tabs from the command line, closing tabs, polls, and snapshots
//! of each view.

#![allow(clippy::unwrap_used)]

use common::screen;
use trompe::app::keymap::Command;
use trompe_testkit as common;

use futures::channel::mpsc;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use trompe::api::endpoints::timelines::TimelineKind;
use trompe::api::{AccessToken, Client};
use trompe::app::views::View;
use trompe::app::{AccountState, State, TabKind};
use trompe::tui::App;
use trompe_demo::{DemoOptions, DemoServer};

use common::Tx;

fn key(code: KeyCode) -> std::io::Result<Event> {
    Ok(Event::Key(KeyEvent::new(code, KeyModifiers::NONE)))
}

fn type_text(tx: &Tx, s: &str) {
    for c in s.chars() {
        tx.unbounded_send(key(KeyCode::Char(c))).unwrap();
    }
}

async fn app(width: u16, height: u16) -> (DemoServer, App<TestBackend>) {
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
        Terminal::new(TestBackend::new(width, height)).unwrap(),
        state,
        vec![client],
    );
    (server, app)
}

fn top_view(s: &State) -> Option<&View> {
    s.accounts[0].views.last()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn thread_profile_search_and_tabs() {
    let (_server, mut app) = app(100, 40).await;
    let (tx, mut rx) = mpsc::unbounded();
    common::until(&mut app, &mut rx, "the home tab loaded", |s| {
        s.accounts[0].tabs[0].loaded
    })
    .await;

    // Find a reply in home and open its thread: ancestors come in.
    let idx = app.state.accounts[0].tabs[0]
        .ids
        .iter()
        .position(|id| {
            app.state.accounts[0]
                .status(id)
                .is_some_and(|s| s.original().in_reply_to_id.is_some())
        })
        .expect("a reply in home");
    for _ in 0..idx {
        type_text(&tx, "j");
    }
    tx.unbounded_send(key(KeyCode::Enter)).unwrap();
    common::until(&mut app, &mut rx, "matches!(top_view(s), Some(View::Thread(t)) if t.loading.is_none() && t.items.len() >= 2)", |s| matches!(top_view(s), Some(View::Thread(t)) if t.loading.is_none() && t.items.len() >= 2)).await;
    let Some(View::Thread(t)) = top_view(&app.state) else {
        unreachable!()
    };
    assert!(t.selected > 0, "the focused status is below its ancestors");
    app.draw().unwrap();
    assert!(screen(&app).contains("› Thread"), "{}", screen(&app));

    // p opens the selected author's profile, with posts.
    type_text(&tx, "p");
    common::until(&mut app, &mut rx, "matches!(top_view(s), Some(View::Profile(p)) if p.posts.loaded && p.relationship.is_some())", |s| matches!(top_view(s), Some(View::Profile(p)) if p.posts.loaded && p.relationship.is_some())).await;
    app.draw().unwrap();
    let text = screen(&app);
    assert!(text.contains("followers"), "{text}");
    // Esc twice: back to home.
    tx.unbounded_send(key(KeyCode::Esc)).unwrap();
    tx.unbounded_send(key(KeyCode::Esc)).unwrap();
    common::until(&mut app, &mut rx, "back on the tabs", |s| {
        s.accounts[0].views.is_empty()
    })
    .await;

    // / searches; a hashtag result opens its tab.
    type_text(&tx, "/rust");
    tx.unbounded_send(key(KeyCode::Enter)).unwrap();
    common::until(
        &mut app,
        &mut rx,
        "matches!(top_view(s), Some(View::Search(v)) if v.results.is_some())",
        |s| matches!(top_view(s), Some(View::Search(v)) if v.results.is_some()),
    )
    .await;
    app.draw().unwrap();
    assert!(screen(&app).contains("Search: rust"), "{}", screen(&app));
    tx.unbounded_send(key(KeyCode::Esc)).unwrap();

    // :tag opens a hashtag tab that loads; ctrl-w closes it.
    type_text(&tx, ":tag rust");
    tx.unbounded_send(key(KeyCode::Enter)).unwrap();
    let is_tag = |k: &TabKind| matches!(k, TabKind::Timeline(TimelineKind::Hashtag { tag, .. }) if tag == "rust");
    common::until(
        &mut app,
        &mut rx,
        "s.accounts[0] .tab() .is_some_and(|t| is_tag(&t.kind) && t.loaded && !t.ids.is_empty())",
        |s| {
            s.accounts[0]
                .tab()
                .is_some_and(|t| is_tag(&t.kind) && t.loaded && !t.ids.is_empty())
        },
    )
    .await;
    for id in &app.state.accounts[0].tab().unwrap().ids {
        let st = app.state.accounts[0].status(id).unwrap();
        assert!(
            st.original()
                .tags
                .iter()
                .any(|t| t.name.eq_ignore_ascii_case("rust"))
        );
    }
    let tabs_before = app.state.accounts[0].tabs.len();
    tx.unbounded_send(Ok(Event::Key(KeyEvent::new(
        KeyCode::Char('w'),
        KeyModifiers::CONTROL,
    ))))
    .unwrap();
    common::until(
        &mut app,
        &mut rx,
        "s.accounts[0].tabs.len() == tabs_before - 1",
        |s| s.accounts[0].tabs.len() == tabs_before - 1,
    )
    .await;

    // An unknown command is a toast, not a crash.
    type_text(&tx, ":frobnicate");
    tx.unbounded_send(key(KeyCode::Enter)).unwrap();
    common::until(
        &mut app,
        &mut rx,
        "common::said(s, \"Unknown command\")",
        |s| common::said(s, "Unknown command"),
    )
    .await;
    type_text(&tx, "q");
    app.run(&mut rx).await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn notifications_tab_loads_every_seeded_type() {
    let (_server, mut app) = app(100, 40).await;
    let (tx, mut rx) = mpsc::unbounded();
    common::until(&mut app, &mut rx, "the home tab loaded", |s| {
        s.accounts[0].tabs[0].loaded
    })
    .await;
    type_text(&tx, "l");
    common::until(
        &mut app,
        &mut rx,
        "s.accounts[0].active_tab == 1 && s.accounts[0].tabs[1].loaded",
        |s| s.accounts[0].active_tab == 1 && s.accounts[0].tabs[1].loaded,
    )
    .await;
    let acc = &app.state.accounts[0];
    assert!(matches!(acc.tabs[1].kind, TabKind::Notifications(_)));
    assert!(!acc.tabs[1].ids.is_empty());
    // The demo serves grouped notifications (v2): favourites of one post fold into one row.
    assert!(
        acc.notification_groups
            .values()
            .any(|g| g.count > 1 && g.names.len() > 1),
        "grouped notifications"
    );
    app.draw().unwrap();
    let text = screen(&app);
    assert!(text.contains("Notifications"), "{text}");
    let mut grouped_seen = text.contains("others favourited") || text.contains(" and ");
    for _ in 0..app.state.accounts[0].tabs[1].ids.len() {
        if grouped_seen {
            break;
        }
        app.send(trompe::app::Action::Command(Command::ScrollDown));
        app.draw().unwrap();
        grouped_seen = screen(&app).contains("others favourited");
    }
    assert!(grouped_seen, "a grouped row is rendered");
    // F cycles the filter to mentions: every item is a mention.
    type_text(&tx, "F");
    common::until(&mut app, &mut rx, "s.accounts[0].tabs[1].loaded && matches!(s.accounts[0].tabs[1].kind, TabKind::Notifications(f) if f != Defa…", |s| s.accounts[0].tabs[1].loaded && matches!(s.accounts[0].tabs[1].kind, TabKind::Notifications(f) if f != Default::default())).await;
    let acc = &app.state.accounts[0];
    for id in &acc.tabs[1].ids {
        assert_eq!(acc.notifications[id].kind.as_str(), "mention");
    }
    type_text(&tx, "q");
    app.run(&mut rx).await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_read_position_is_saved_and_restored() {
    // The read position of home is the newest post read: it only moves
    // forward (up, to newer posts), whenever it is saved (every 15 s and at
    // quit), so where it ends does not depend on when the clock ticked.
    let server = DemoServer::start(DemoOptions::default()).await.unwrap();
    let client = || {
        Client::new(
            server.base_url().clone(),
            Some(AccessToken::new(server.token())),
        )
        .unwrap()
    };
    let home: Vec<String> = client()
        .timeline(
            &trompe::api::endpoints::timelines::TimelineKind::Home,
            &trompe::api::PageQuery::default(),
        )
        .await
        .unwrap()
        .items
        .iter()
        .map(|s| s.id.as_str().to_string())
        .collect();
    assert!(home.len() > 8, "the demo seeds a home timeline");
    client().save_markers(Some(&home[7]), None).await.unwrap();
    let session = || {
        let state = State::new(
            vec![AccountState::new("demo@demo", "demo")],
            time::OffsetDateTime::now_utc(),
        );
        App::new(
            Terminal::new(TestBackend::new(100, 30)).unwrap(),
            state,
            vec![client()],
        )
    };
    let at = |id: &str| {
        let id = id.to_string();
        move |s: &State| s.accounts[0].tabs[0].selected_id() == Some(id.as_str())
    };
    // A session starts at the saved position; reading up three posts moves it.
    let mut app = session();
    let (tx, mut rx) = mpsc::unbounded();
    common::until(
        &mut app,
        &mut rx,
        "home at the saved position",
        at(&home[7]),
    )
    .await;
    type_text(&tx, "kkk");
    common::until(&mut app, &mut rx, "three posts up", at(&home[4])).await;
    type_text(&tx, "q");
    app.run(&mut rx).await.unwrap();
    let saved: serde_json::Value = client()
        .get("api/v1/markers", &[("timeline[]", "home".to_string())])
        .await
        .unwrap();
    assert_eq!(saved["home"]["last_read_id"], home[4].as_str());
    // The next session starts there.
    let mut app = session();
    let (_tx, mut rx) = mpsc::unbounded();
    common::until(&mut app, &mut rx, "home at the new position", at(&home[4])).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn server_filters_hide_and_warn_and_reload_on_change() {
    let (server, mut app) = app(100, 40).await;
    let author = trompe_demo::seed_data::ACCOUNTS
        .iter()
        .find(|a| a.followed_by_me && !a.bot)
        .unwrap()
        .username;
    let hidden = server.post_as(author, "a post about zebras").unwrap();
    let warned = server.post_as(author, "a post about giraffes").unwrap();
    let (_tx, mut rx) = mpsc::unbounded();
    common::until(&mut app, &mut rx, "s.accounts[0].tabs[0].contains(&hidden) && s.accounts[0].stream == trompe::app::StreamStatus::Live", |s| s.accounts[0].tabs[0].contains(&hidden)
                && s.accounts[0].stream == trompe::app::StreamStatus::Live).await;
    let client = Client::new(
        server.base_url().clone(),
        Some(AccessToken::new(server.token())),
    )
    .unwrap();
    for (title, word, action) in [
        ("Zebras", "zebras", "hide"),
        ("Giraffes", "giraffes", "warn"),
    ] {
        let _: serde_json::Value = client
            .post(
                "api/v2/filters",
                Some(&serde_json::json!({
                    "title": title, "context": ["home", "public"], "filter_action": action,
                    "keywords_attributes": [{"keyword": word, "whole_word": true}]
                })),
            )
            .await
            .unwrap();
    }
    // filters_changed arrives over the stream; home reloads without a key press.
    common::until(
        &mut app,
        &mut rx,
        "home reloaded by itself: the hidden post gone, the warned one kept",
        |s| {
            s.accounts[0].tabs[0].loaded
                && !s.accounts[0].tabs[0].contains(&hidden)
                && s.accounts[0].tabs[0].contains(&warned)
        },
    )
    .await;
    let pos = app.state.accounts[0].tabs[0]
        .ids
        .iter()
        .position(|i| *i == warned)
        .unwrap();
    for _ in 0..pos {
        app.send(trompe::app::Action::Command(Command::ScrollDown));
    }
    app.draw().unwrap();
    let text = screen(&app);
    assert!(text.contains("Filtered: Giraffes"), "{text}");
    assert!(
        !text.contains("a post about giraffes"),
        "the warned post is collapsed"
    );
    app.send(trompe::app::Action::Command(Command::ToggleCw));
    app.draw().unwrap();
    assert!(screen(&app).contains("a post about giraffes"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn scrolling_300_statuses_to_the_end_gives_each_once() {
    let (server, mut app) = app(100, 40).await;
    let author = trompe_demo::seed_data::ACCOUNTS
        .iter()
        .find(|a| a.followed_by_me && !a.bot)
        .unwrap()
        .username;
    for i in 0..150 {
        server.post_as(author, &format!("filler {i}")).unwrap();
    }
    let expected = server.home_ids();
    assert!(expected.len() >= 300, "home has {}", expected.len());
    let (_tx, mut rx) = mpsc::unbounded();
    common::until(&mut app, &mut rx, "the home tab loaded", |s| {
        s.accounts[0].tabs[0].loaded
    })
    .await;
    // G repeatedly: each time the bottom is reached, older pages load.
    for _ in 0..40 {
        app.send(trompe::app::Action::Command(Command::Bottom));
        common::until(&mut app, &mut rx, "the older page loaded", |s| {
            s.accounts[0].tabs[0].older == trompe::app::timeline::Loading::Idle
        })
        .await;
        if app.state.accounts[0].tabs[0].reached_end {
            break;
        }
    }
    let ids = &app.state.accounts[0].tabs[0].ids;
    assert!(app.state.accounts[0].tabs[0].reached_end);
    assert_eq!(ids, &expected, "every status once, in order");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pasted_remote_url_resolves_through_search() {
    let (_server, mut app) = app(100, 40).await;
    let (tx, mut rx) = mpsc::unbounded();
    common::until(&mut app, &mut rx, "the home tab loaded", |s| {
        s.accounts[0].tabs[0].loaded
    })
    .await;
    // A remote account's post, by its URL on its home instance.
    let remote = app.state.accounts[0].tabs[0]
        .ids
        .iter()
        .find_map(|id| {
            let s = app.state.accounts[0].status(id)?.original();
            (s.account.acct.contains('@') && s.url.is_some())
                .then(|| (s.id.clone(), s.url.clone().unwrap()))
        })
        .expect("a remote post in home");
    type_text(&tx, "/");
    tx.unbounded_send(Ok(Event::Paste(remote.1.clone())))
        .unwrap();
    tx.unbounded_send(key(KeyCode::Enter)).unwrap();
    common::until(&mut app, &mut rx, "matches!(top_view(s), Some(View::Search(v)) if v.results.as_ref().is_some_and(|r| r.statuses.iter().any(|st…", |s| matches!(top_view(s), Some(View::Search(v)) if v.results.as_ref().is_some_and(|r| r.statuses.iter().any(|st| st.id == remote.0)))).await;
    // Enter opens it as a thread.
    tx.unbounded_send(key(KeyCode::Enter)).unwrap();
    common::until(
        &mut app,
        &mut rx,
        "matches!(top_view(s), Some(View::Thread(t)) if t.focus == remote.0)",
        |s| matches!(top_view(s), Some(View::Thread(t)) if t.focus == remote.0),
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn filtered_notifications_policy_and_requests() {
    let (server, mut app) = app(100, 40).await;
    let (tx, mut rx) = mpsc::unbounded();
    common::until(&mut app, &mut rx, "the home tab loaded", |s| {
        s.accounts[0].tabs[0].loaded
    })
    .await;
    // Load the notifications tab too.
    type_text(&tx, "l");
    common::until(&mut app, &mut rx, "the second tab loaded", |s| {
        s.accounts[0].tabs[1].loaded
    })
    .await;
    let requests = |s: &State| match top_view(s) {
        Some(View::Requests(r)) if !r.loading => Some(r.clone()),
        _ => None,
    };
    type_text(&tx, "N");
    common::until(
        &mut app,
        &mut rx,
        "requests(s).is_some_and(|r| r.policy.is_some())",
        |s| requests(s).is_some_and(|r| r.policy.is_some()),
    )
    .await;
    assert_eq!(
        requests(&app.state)
            .unwrap()
            .policy
            .unwrap()
            .for_not_following,
        "accept"
    );
    // Enter on the first row: filter people you don't follow.
    tx.unbounded_send(key(KeyCode::Enter)).unwrap();
    common::until(&mut app, &mut rx, "requests(s).is_some_and(|r| r .policy .as_ref() .is_some_and(|p| p.for_not_following == \"filter\"))", |s| requests(s).is_some_and(|r| r
                .policy
                .as_ref()
                .is_some_and(|p| p.for_not_following == "filter"))).await;
    // A stranger mentions us: held back, not in the notifications.
    let stranger = trompe_demo::seed_data::ACCOUNTS
        .iter()
        .find(|a| !a.followed_by_me && a.username != trompe_demo::seed_data::ME)
        .unwrap()
        .username;
    let id = server
        .post_as(stranger, "@demo hello from someone you don't follow")
        .unwrap();
    common::settle(&mut app, &mut rx).await;
    assert!(
        !app.state.accounts[0]
            .notifications
            .values()
            .any(|n| n.status.as_ref().is_some_and(|s| s.id.as_str() == id))
    );
    tx.unbounded_send(key(KeyCode::Esc)).unwrap();
    type_text(&tx, "N");
    common::until(
        &mut app,
        &mut rx,
        "requests(s) .is_some_and(|r| r.requests.iter().any(|q| q.account.username == stranger))",
        |s| requests(s).is_some_and(|r| r.requests.iter().any(|q| q.account.username == stranger)),
    )
    .await;
    app.draw().unwrap();
    assert!(screen(&app).contains("Held back: 1"), "{}", screen(&app));
    // Select the request and accept it: the mention joins the notifications.
    for _ in 0..trompe::app::views::POLICY_ROWS.len() {
        type_text(&tx, "j");
    }
    tx.unbounded_send(key(KeyCode::Enter)).unwrap();
    common::until(&mut app, &mut rx, "requests(s).is_some_and(|r| r.requests.is_empty()) && s.accounts[0] .notifications .values() .any(|n| n.sta…", |s| requests(s).is_some_and(|r| r.requests.is_empty())
                && s.accounts[0]
                    .notifications
                    .values()
                    .any(|n| n.status.as_ref().is_some_and(|st| st.id.as_str() == id))).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn links_open_with_the_configured_command() {
    let (_server, mut app) = app(100, 40).await;
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("opened.txt");
    app.set_opener(Some(vec![
        "sh".into(),
        "-c".into(),
        format!("printf '%s' \"$0\" > {}", out.display()),
    ]));
    let (tx, mut rx) = mpsc::unbounded();
    common::until(&mut app, &mut rx, "the home tab loaded", |s| {
        s.accounts[0].tabs[0].loaded
    })
    .await;
    type_text(&tx, "o");
    common::until(
        &mut app,
        &mut rx,
        "matches!(top_view(s), Some(View::Links(_)))",
        |s| matches!(top_view(s), Some(View::Links(_))),
    )
    .await;
    let url = match top_view(&app.state) {
        Some(View::Links(l)) => l.links[0].1.clone(),
        _ => unreachable!(),
    };
    tx.unbounded_send(key(KeyCode::Enter)).unwrap();
    let written = |_: &State| !std::fs::read_to_string(&out).unwrap_or_default().is_empty();
    common::until(&mut app, &mut rx, "the opener to write the URL", written).await;
    assert_eq!(std::fs::read_to_string(&out).unwrap(), url);
}

/// Servers do not acknowledge a `subscribe`: a post made between a new
/// tab's first page and the moment the server applied its subscription
/// would be missed, so the tab asks for newer posts once, a little later.
#[test]
fn a_new_tab_checks_for_newer_posts_once_after_subscribing() {
    use trompe::app::{Action, Effect, LoadDirection, LoadedPage, PageItems, update};
    let mut state = common::state_with(common::sample_home());
    let kind = TabKind::Timeline(TimelineKind::Hashtag {
        tag: "rust".into(),
        any: vec![],
    });
    let fx = update(
        &mut state,
        Action::OpenTab {
            account: 0,
            kind: kind.clone(),
        },
    );
    assert!(
        fx.iter()
            .any(|e| matches!(e, Effect::Subscribe { on: true, .. }))
    );
    let request = fx
        .iter()
        .find_map(|e| match e {
            Effect::LoadTimeline { request, .. } => Some(*request),
            _ => None,
        })
        .unwrap();
    let tab = state.accounts[0].tabs.len() - 1;
    let first = common::sample_home().into_iter().next().unwrap();
    update(
        &mut state,
        Action::TimelineLoaded {
            account: 0,
            tab,
            request,
            direction: LoadDirection::Initial,
            result: Ok(LoadedPage {
                items: PageItems::Statuses(vec![first]),
                next: None,
                groups: vec![],
            }),
        },
    );
    let newer = |fx: &[Effect]| {
        fx.iter()
            .filter(|e| {
                matches!(e, Effect::LoadTimeline { tab: t, direction: LoadDirection::Newer, .. } if *t == tab)
            })
            .count()
    };
    let t0 = state.now;
    let fx = update(&mut state, Action::Tick(t0 + time::Duration::seconds(1)));
    assert_eq!(newer(&fx), 0, "not yet");
    let fx = update(&mut state, Action::Tick(t0 + time::Duration::seconds(4)));
    assert_eq!(
        newer(&fx),
        1,
        "once, after the subscription had time to apply"
    );
    let fx = update(&mut state, Action::Tick(t0 + time::Duration::seconds(9)));
    assert_eq!(newer(&fx), 0, "and only once");
    // A second tab on a stream already subscribed needs no check.
    let _ = update(
        &mut state,
        Action::OpenTab {
            account: 0,
            kind: TabKind::Timeline(TimelineKind::Home),
        },
    );
    assert!(
        state.accounts[0]
            .tabs
            .iter()
            .all(|t| t.recheck_at.is_none())
    );
}

/// Looking at the notifications writes their read marker, as the web UI
/// does: the newest notification seen.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_notifications_marker_is_written_when_they_were_seen() {
    let mut h = trompe_testkit::Harness::demo().await;
    h.ready().await;
    h.until("the markers loaded", |s| s.accounts[0].markers.loaded)
        .await;
    h.press("Tab");
    h.until("the notifications shown and loaded", |s| {
        s.accounts[0].active_tab == 1 && s.accounts[0].tabs[1].loaded
    })
    .await;
    let newest = h.state().accounts[0].tabs[1].ids.first().cloned().unwrap();
    // Back to Home at once: looking at them was enough.
    h.press("BackTab");
    h.until("home again", |s| s.accounts[0].active_tab == 0)
        .await;
    h.quit().await;
    let saved: serde_json::Value = h
        .client
        .get(
            "api/v1/markers",
            &[("timeline[]", "notifications".to_string())],
        )
        .await
        .unwrap();
    let newest_on_server: Vec<serde_json::Value> = h
        .client
        .get("api/v1/notifications", &[("limit", "1".to_string())])
        .await
        .unwrap();
    assert_eq!(
        saved["notifications"]["last_read_id"], newest_on_server[0]["id"],
        "the marker is the newest notification's id (the tab's first item is {newest}): {saved}"
    );
}
