//! End to end: the demo instance, the whole app loop with injected key
//! events on a TestBackend terminal, and a clean quit.

#![allow(clippy::unwrap_used)]

use common::key;
use trompe_testkit as common;

use futures::channel::mpsc;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use trompe::api::{AccessToken, Client};
use trompe::app::{AccountState, State, StreamStatus};
use trompe::tui::App;
use trompe_demo::{DemoOptions, DemoServer};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn timeline_loads_scrolls_refreshes_streams_and_quits() {
    let server = DemoServer::start(DemoOptions::default()).await.unwrap();
    let client = Client::new(
        server.base_url().clone(),
        Some(AccessToken::new(server.token())),
    )
    .unwrap();
    let state = State::new(
        vec![AccountState::new("", "demo")],
        time::OffsetDateTime::now_utc(),
    );
    let terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    let mut app = App::new(terminal, state, vec![client]);
    let (tx, mut rx) = mpsc::unbounded();

    // The first page loads and the stream goes live.
    common::until(
        &mut app,
        &mut rx,
        "home loaded (a page of 40) and the stream live",
        |s| s.accounts[0].tabs[0].ids.len() >= 40 && s.accounts[0].stream == StreamStatus::Live,
    )
    .await;
    let screen = common::rows(app.terminal().backend().buffer()).join("\n");
    assert!(screen.contains("Home"), "{screen}");
    assert!(screen.contains("live"), "{screen}");
    assert_eq!(
        app.state.accounts[0]
            .me
            .as_ref()
            .map(|m| m.username.as_str()),
        Some("demo")
    );

    // j j j k → selection 2.
    for c in ['j', 'j', 'j', 'k'] {
        tx.unbounded_send(key(c)).unwrap();
    }
    common::until(
        &mut app,
        &mut rx,
        "s.accounts[0].tabs[0].selected == 2",
        |s| s.accounts[0].tabs[0].selected == 2,
    )
    .await;

    // G goes to the bottom, which loads older pages (infinite scroll).
    tx.unbounded_send(key('G')).unwrap();
    common::until(
        &mut app,
        &mut rx,
        "s.accounts[0].tabs[0].ids.len() > 40",
        |s| s.accounts[0].tabs[0].ids.len() > 40,
    )
    .await;

    // A post arrives over the stream while we read: it lands in home.
    let author = trompe_demo::seed_data::ACCOUNTS
        .iter()
        .find(|a| a.followed_by_me && !a.bot)
        .unwrap()
        .username;
    let id = server.post_as(author, "streamed while reading").unwrap();
    let sid = trompe::api::entities::StatusId::new(id.clone());
    common::until(
        &mut app,
        &mut rx,
        "s.accounts[0].tabs[0].contains(&sid)",
        |s| s.accounts[0].tabs[0].contains(&sid),
    )
    .await;

    // g goes to the top; r refreshes; the selection is the newest.
    tx.unbounded_send(key('g')).unwrap();
    tx.unbounded_send(key('r')).unwrap();
    common::until(&mut app, &mut rx, "s.accounts[0].tabs[0].selected == 0 && s.accounts[0].tabs[0].newer == trompe::app::timeline::Loading::Idle", |s| s.accounts[0].tabs[0].selected == 0
                && s.accounts[0].tabs[0].newer == trompe::app::timeline::Loading::Idle).await;
    assert_eq!(app.state.accounts[0].tabs[0].ids[0].as_str(), id);
    let screen = common::rows(app.terminal().backend().buffer()).join("\n");
    assert!(screen.contains("streamed while reading"), "{screen}");

    // q quits cleanly.
    tx.unbounded_send(key('q')).unwrap();
    app.run(&mut rx).await.unwrap();
    assert!(app.state.should_quit);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refresh_without_streaming_brings_new_posts() {
    let server = DemoServer::start(DemoOptions::default()).await.unwrap();
    server
        .faults()
        .streaming(trompe_demo::StreamingFault::RefuseHandshake(404), 10);
    let client = Client::new(
        server.base_url().clone(),
        Some(AccessToken::new(server.token())),
    )
    .unwrap();
    let state = State::new(
        vec![AccountState::new("", "demo")],
        time::OffsetDateTime::now_utc(),
    );
    let mut app = App::new(
        Terminal::new(TestBackend::new(100, 30)).unwrap(),
        state,
        vec![client],
    );
    let (tx, mut rx) = mpsc::unbounded();
    common::until(
        &mut app,
        &mut rx,
        "s.accounts[0].tabs[0].loaded && s.accounts[0].stream == StreamStatus::Polling",
        |s| s.accounts[0].tabs[0].loaded && s.accounts[0].stream == StreamStatus::Polling,
    )
    .await;
    let author = trompe_demo::seed_data::ACCOUNTS
        .iter()
        .find(|a| a.followed_by_me && !a.bot)
        .unwrap()
        .username;
    let id = server
        .post_as(author, "posted while not streaming")
        .unwrap();
    tx.unbounded_send(key('r')).unwrap();
    let sid = trompe::api::entities::StatusId::new(id);
    common::until(
        &mut app,
        &mut rx,
        "s.accounts[0].tabs[0].ids.first().map(String::as_str) == Some(sid.as_str())",
        |s| s.accounts[0].tabs[0].ids.first().map(String::as_str) == Some(sid.as_str()),
    )
    .await;
    tx.unbounded_send(Ok(Event::Key(KeyEvent::new(
        KeyCode::Char('c'),
        KeyModifiers::CONTROL,
    ))))
    .unwrap();
    app.run(&mut rx).await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn revoked_token_shows_a_banner_not_a_crash() {
    let server = DemoServer::start(DemoOptions::default()).await.unwrap();
    let client = Client::new(
        server.base_url().clone(),
        Some(AccessToken::new("not-a-valid-token")),
    )
    .unwrap();
    let state = State::new(
        vec![AccountState::new("demo@demo", "demo")],
        time::OffsetDateTime::now_utc(),
    );
    let mut app = App::new(
        Terminal::new(TestBackend::new(80, 24)).unwrap(),
        state,
        vec![client],
    );
    let (_tx, mut rx) = mpsc::unbounded::<std::io::Result<Event>>();
    common::until(
        &mut app,
        &mut rx,
        "the account asked to log in again",
        |s| s.accounts[0].needs_login,
    )
    .await;
    app.draw().unwrap();
    let screen = common::rows(app.terminal().backend().buffer()).join("\n");
    assert!(screen.contains("log in again"), "{screen}");
}
