//! Reading in the TUI against the demo instance: threads, profiles, search,
//! hashtag tabs from the command line, closing tabs, polls, and snapshots
//! of each view.

#![allow(clippy::unwrap_used)]

mod common;

use std::time::Duration;

use futures::channel::mpsc;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use trompe::api::endpoints::timelines::TimelineKind;
use trompe::api::{AccessToken, Client};
use trompe::app::views::View;
use trompe::app::{AccountState, State, TabKind};
use trompe::demo::{DemoOptions, DemoServer};
use trompe::tui::App;

const WAIT: Duration = Duration::from_secs(20);

type Tx = mpsc::UnboundedSender<std::io::Result<Event>>;

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
    let state = State::new(vec![AccountState::new("demo@demo", "demo")], common::NOW);
    let app = App::new(
        Terminal::new(TestBackend::new(width, height)).unwrap(),
        state,
        vec![client],
    );
    (server, app)
}

fn screen(app: &App<TestBackend>) -> String {
    common::rows(app.terminal().backend().buffer()).join("\n")
}

fn top_view(s: &State) -> Option<&View> {
    s.accounts[0].views.last()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn thread_profile_search_and_tabs() {
    let (_server, mut app) = app(100, 40).await;
    let (tx, mut rx) = mpsc::unbounded();
    assert!(
        app.run_until(&mut rx, |s| s.accounts[0].tabs[0].loaded, WAIT)
            .await
            .unwrap()
    );

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
    assert!(app
        .run_until(&mut rx, |s| matches!(top_view(s), Some(View::Thread(t)) if t.loading.is_none() && t.items.len() >= 2), WAIT)
        .await
        .unwrap());
    let Some(View::Thread(t)) = top_view(&app.state) else {
        unreachable!()
    };
    assert!(t.selected > 0, "the focused status is below its ancestors");
    app.draw().unwrap();
    assert!(screen(&app).contains("› Thread"), "{}", screen(&app));

    // p opens the selected author's profile, with posts.
    type_text(&tx, "p");
    assert!(app
        .run_until(&mut rx, |s| matches!(top_view(s), Some(View::Profile(p)) if p.posts.loaded && p.relationship.is_some()), WAIT)
        .await
        .unwrap());
    app.draw().unwrap();
    let text = screen(&app);
    assert!(text.contains("followers"), "{text}");
    // Esc twice: back to home.
    tx.unbounded_send(key(KeyCode::Esc)).unwrap();
    tx.unbounded_send(key(KeyCode::Esc)).unwrap();
    assert!(
        app.run_until(&mut rx, |s| s.accounts[0].views.is_empty(), WAIT)
            .await
            .unwrap()
    );

    // / searches; a hashtag result opens its tab.
    type_text(&tx, "/rust");
    tx.unbounded_send(key(KeyCode::Enter)).unwrap();
    assert!(
        app.run_until(
            &mut rx,
            |s| matches!(top_view(s), Some(View::Search(v)) if v.results.is_some()),
            WAIT
        )
        .await
        .unwrap()
    );
    app.draw().unwrap();
    assert!(screen(&app).contains("Search: rust"), "{}", screen(&app));
    tx.unbounded_send(key(KeyCode::Esc)).unwrap();

    // :tag opens a hashtag tab that loads; ctrl-w closes it.
    type_text(&tx, ":tag rust");
    tx.unbounded_send(key(KeyCode::Enter)).unwrap();
    let is_tag = |k: &TabKind| matches!(k, TabKind::Timeline(TimelineKind::Hashtag { tag, .. }) if tag == "rust");
    assert!(
        app.run_until(
            &mut rx,
            |s| s.accounts[0]
                .tab()
                .is_some_and(|t| is_tag(&t.kind) && t.loaded && !t.ids.is_empty()),
            WAIT
        )
        .await
        .unwrap()
    );
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
    assert!(
        app.run_until(
            &mut rx,
            |s| s.accounts[0].tabs.len() == tabs_before - 1,
            WAIT
        )
        .await
        .unwrap()
    );

    // An unknown command is a toast, not a crash.
    type_text(&tx, ":frobnicate");
    tx.unbounded_send(key(KeyCode::Enter)).unwrap();
    assert!(
        app.run_until(
            &mut rx,
            |s| s.toasts.iter().any(|t| t.text.contains("Unknown command")),
            WAIT
        )
        .await
        .unwrap()
    );
    type_text(&tx, "q");
    app.run(&mut rx).await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn notifications_tab_loads_every_seeded_type() {
    let (_server, mut app) = app(100, 40).await;
    let (tx, mut rx) = mpsc::unbounded();
    assert!(
        app.run_until(&mut rx, |s| s.accounts[0].tabs[0].loaded, WAIT)
            .await
            .unwrap()
    );
    type_text(&tx, "l");
    assert!(
        app.run_until(
            &mut rx,
            |s| s.accounts[0].active_tab == 1 && s.accounts[0].tabs[1].loaded,
            WAIT
        )
        .await
        .unwrap()
    );
    let acc = &app.state.accounts[0];
    assert!(matches!(acc.tabs[1].kind, TabKind::Notifications(_)));
    assert!(!acc.tabs[1].ids.is_empty());
    app.draw().unwrap();
    let text = screen(&app);
    assert!(text.contains("Notifications"), "{text}");
    // F cycles the filter to mentions: every item is a mention.
    type_text(&tx, "F");
    assert!(app
        .run_until(&mut rx, |s| s.accounts[0].tabs[1].loaded && matches!(s.accounts[0].tabs[1].kind, TabKind::Notifications(f) if f != Default::default()), WAIT)
        .await
        .unwrap());
    let acc = &app.state.accounts[0];
    for id in &acc.tabs[1].ids {
        assert_eq!(acc.notifications[id].kind.as_str(), "mention");
    }
    type_text(&tx, "q");
    app.run(&mut rx).await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_read_position_is_saved_and_restored() {
    let server = DemoServer::start(DemoOptions::default()).await.unwrap();
    let client = || {
        Client::new(
            server.base_url().clone(),
            Some(AccessToken::new(server.token())),
        )
        .unwrap()
    };
    let reading = {
        let state = State::new(vec![AccountState::new("demo@demo", "demo")], common::NOW);
        let mut app = App::new(
            Terminal::new(TestBackend::new(100, 30)).unwrap(),
            state,
            vec![client()],
        );
        let (tx, mut rx) = mpsc::unbounded();
        assert!(
            app.run_until(
                &mut rx,
                |s| s.accounts[0].tabs[0].loaded && s.accounts[0].markers.loaded,
                WAIT
            )
            .await
            .unwrap()
        );
        type_text(&tx, "jjjjjjj");
        assert!(
            app.run_until(&mut rx, |s| s.accounts[0].tabs[0].selected == 7, WAIT)
                .await
                .unwrap()
        );
        let id = app.state.accounts[0].tabs[0]
            .selected_id()
            .unwrap()
            .to_string();
        type_text(&tx, "q");
        app.run(&mut rx).await.unwrap();
        id
    };
    let saved: serde_json::Value = client()
        .get("api/v1/markers", &[("timeline[]", "home".to_string())])
        .await
        .unwrap();
    assert_eq!(
        saved["home"]["last_read_id"],
        serde_json::Value::String(reading.clone())
    );
    // A new session starts where the last one stopped.
    let state = State::new(vec![AccountState::new("demo@demo", "demo")], common::NOW);
    let mut app = App::new(
        Terminal::new(TestBackend::new(100, 30)).unwrap(),
        state,
        vec![client()],
    );
    let (_tx, mut rx) = mpsc::unbounded();
    assert!(
        app.run_until(
            &mut rx,
            |s| s.accounts[0].tabs[0].selected_id() == Some(reading.as_str()),
            WAIT
        )
        .await
        .unwrap()
    );
}
