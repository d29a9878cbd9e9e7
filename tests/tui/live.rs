//! Live: streaming events reach the right tabs, deletes and edits apply
//! everywhere, a burst with dropped connections leaves no gap and no
//! duplicate, a refused handshake falls back to polling, and the reader's
//! place does not move while posts arrive above.

#![allow(clippy::unwrap_used)]

use trompe::app::keymap::Command;
use trompe_testkit as common;

use std::time::{Duration, Instant};

use futures::channel::mpsc;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::Event;
use trompe::api::endpoints::timelines::TimelineKind;
use trompe::api::{AccessToken, Client};
use trompe::app::{AccountState, Action, State, StreamStatus, TabKind, update};
use trompe::tui::App;
use trompe_demo::{DemoOptions, DemoServer, StreamingFault};

use common::WAIT;

fn author() -> &'static str {
    trompe_demo::seed_data::ACCOUNTS
        .iter()
        .find(|a| a.followed_by_me && !a.bot && a.domain.is_none())
        .unwrap()
        .username
}

fn remote_author() -> &'static str {
    trompe_demo::seed_data::ACCOUNTS
        .iter()
        .find(|a| a.followed_by_me && !a.bot && a.domain.is_some())
        .unwrap()
        .username
}

async fn live_app(
    server: &DemoServer,
) -> (
    App<TestBackend>,
    mpsc::UnboundedReceiver<std::io::Result<Event>>,
    mpsc::UnboundedSender<std::io::Result<Event>>,
) {
    let client = Client::new(
        server.base_url().clone(),
        Some(AccessToken::new(server.token())),
    )
    .unwrap();
    let mut state = State::new(
        vec![AccountState::new("demo@demo", "demo")],
        time::OffsetDateTime::now_utc(),
    );
    state.poll_interval = time::Duration::seconds(1);
    let mut app = App::new(
        Terminal::new(TestBackend::new(100, 30)).unwrap(),
        state,
        vec![client],
    );
    let (tx, mut rx) = mpsc::unbounded();
    common::until(&mut app, &mut rx, "the home tab loaded", |s| {
        s.accounts[0].tabs[0].loaded
    })
    .await;
    (app, rx, tx)
}

fn tab_of(s: &State, pred: impl Fn(&TabKind) -> bool) -> &trompe::app::TimelineTab {
    s.accounts[0].tabs.iter().find(|t| pred(&t.kind)).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn events_reach_the_right_tabs_and_edits_and_deletes_apply_everywhere() {
    let server = DemoServer::start(DemoOptions::default()).await.unwrap();
    let (mut app, mut rx, tx) = live_app(&server).await;
    // Open a hashtag tab and load the local and federated tabs.
    let fx = update(&mut app.state, Action::Command(Command::StartCommand));
    assert!(fx.is_empty());
    for c in "tag streamtest".chars() {
        tx.unbounded_send(Ok(Event::Key(ratatui::crossterm::event::KeyEvent::new(
            ratatui::crossterm::event::KeyCode::Char(c),
            ratatui::crossterm::event::KeyModifiers::NONE,
        ))))
        .unwrap();
    }
    tx.unbounded_send(Ok(Event::Key(ratatui::crossterm::event::KeyEvent::new(
        ratatui::crossterm::event::KeyCode::Enter,
        ratatui::crossterm::event::KeyModifiers::NONE,
    ))))
    .unwrap();
    let is_tag = |k: &TabKind| matches!(k, TabKind::Timeline(TimelineKind::Hashtag { .. }));
    let is_local = |k: &TabKind| matches!(k, TabKind::Timeline(TimelineKind::Local));
    let is_fed = |k: &TabKind| matches!(k, TabKind::Timeline(TimelineKind::Federated));
    common::until(
        &mut app,
        &mut rx,
        "s.accounts[0] .tabs .iter() .any(|t| is_tag(&t.kind) && t.loaded)",
        |s| {
            s.accounts[0]
                .tabs
                .iter()
                .any(|t| is_tag(&t.kind) && t.loaded)
        },
    )
    .await;
    for kind in [TimelineKind::Local, TimelineKind::Federated] {
        let i = app.state.accounts[0]
            .tabs
            .iter()
            .position(|t| t.kind == TabKind::Timeline(kind.clone()))
            .unwrap();
        app.state.accounts[0].active_tab = i;
        app.send(Action::Command(Command::Refresh));
    }
    common::until(&mut app, &mut rx, "s.accounts[0] .tabs .iter() .filter(|t| matches!( t.kind, TabKind::Timeline(TimelineKind::Local | TimelineK…", |s| s.accounts[0]
                .tabs
                .iter()
                .filter(|t| matches!(
                    t.kind,
                    TabKind::Timeline(TimelineKind::Local | TimelineKind::Federated)
                ))
                .all(|t| t.loaded)).await;

    // Mastodon acknowledges no subscription: wait until the server holds
    // them before posting what they should carry.
    let subscribed = |_: &State| {
        ["hashtag:streamtest", "public:local", "public"]
            .iter()
            .all(|k| server.subscriptions(k) >= 1)
    };
    common::until(
        &mut app,
        &mut rx,
        "the three subscriptions on the server",
        subscribed,
    )
    .await;
    let local = server.post_as(author(), "local news #streamtest").unwrap();
    let remote = server.post_as(remote_author(), "news from afar").unwrap();
    common::until(
        &mut app,
        &mut rx,
        "a post lands in home, local (when local) and its hashtag tab",
        |s| {
            let home = &s.accounts[0].tabs[0];
            home.contains(&local)
                && home.contains(&remote)
                && tab_of(s, is_local).contains(&local)
                && !tab_of(s, is_local).contains(&remote)
                && tab_of(s, is_fed).contains(&remote)
                && tab_of(s, is_tag).contains(&local)
                && !tab_of(s, is_tag).contains(&remote)
        },
    )
    .await;

    // Our own post, edited then deleted through the API: the stream applies both.
    let client = Client::new(
        server.base_url().clone(),
        Some(AccessToken::new(server.token())),
    )
    .unwrap();
    let mine: trompe::api::entities::Status = client
        .post(
            "api/v1/statuses",
            Some(&serde_json::json!({"status": "first version #streamtest"})),
        )
        .await
        .unwrap();
    let id = mine.id.clone();
    common::until(
        &mut app,
        &mut rx,
        "s.accounts[0].tabs[0].contains(&id)",
        |s| s.accounts[0].tabs[0].contains(&id),
    )
    .await;
    let url = client
        .url(&format!("api/v1/statuses/{}", id.as_str()))
        .unwrap();
    client
        .send(
            client
                .request(reqwest::Method::PUT, url.clone())
                .json(&serde_json::json!({"status": "second version #streamtest"})),
            "edit",
        )
        .await
        .unwrap();
    common::until(&mut app, &mut rx, "s.accounts[0] .statuses .get(&id) .is_some_and(|st| st.content.contains(\"second version\"))", |s| s.accounts[0]
                .statuses
                .get(&id)
                .is_some_and(|st| st.content.contains("second version"))).await;
    client
        .send(client.request(reqwest::Method::DELETE, url), "delete")
        .await
        .unwrap();
    common::until(&mut app, &mut rx, "s.accounts[0].tabs.iter().all(|t| !t.contains(&id)) && !s.accounts[0].statuses.contains_key(&id)", |s| s.accounts[0].tabs.iter().all(|t| !t.contains(&id))
                && !s.accounts[0].statuses.contains_key(&id)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_burst_of_1000_with_five_drops_arrives_once_and_in_order() {
    let server = DemoServer::start(DemoOptions::default()).await.unwrap();
    let (mut app, mut rx, _tx) = live_app(&server).await;
    common::until(
        &mut app,
        &mut rx,
        "s.accounts[0].stream == StreamStatus::Live",
        |s| s.accounts[0].stream == StreamStatus::Live,
    )
    .await;
    let before: Vec<String> = app.state.accounts[0].tabs[0].ids.clone();
    let server = std::sync::Arc::new(server);
    let s2 = server.clone();
    let burst = tokio::spawn(async move {
        let mut ids = Vec::new();
        let mut last_drop = Instant::now();
        for i in 0..1000 {
            ids.push(s2.post_as(author(), &format!("burst post {i}")).unwrap());
            if i % 200 == 100 {
                s2.faults().drop_streams();
                last_drop = Instant::now();
            }
            if i % 25 == 0 {
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
        }
        (ids, last_drop)
    });
    let (ids, last_drop) = burst.await.unwrap();
    let all_there = |s: &State| ids.iter().all(|id| s.accounts[0].tabs[0].contains(id));
    common::until(&mut app, &mut rx, "every burst post arrived", all_there).await;
    let filled = last_drop.elapsed();
    eprintln!(
        "burst: all 1000 present {:.0} ms after the last drop",
        filled.as_secs_f64() * 1000.0
    );
    let home = &app.state.accounts[0].tabs[0].ids;
    let unique: std::collections::HashSet<&String> = home.iter().collect();
    assert_eq!(unique.len(), home.len(), "no duplicates");
    // Newest first, and the burst in order.
    let positions: Vec<usize> = ids
        .iter()
        .map(|id| home.iter().position(|h| h == id).unwrap())
        .collect();
    assert!(
        positions.windows(2).all(|w| w[0] > w[1]),
        "the burst is in order"
    );
    assert!(
        before.iter().all(|id| home.contains(id)),
        "nothing older was lost"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_handshake_falls_back_to_polling() {
    let server = DemoServer::start(DemoOptions::default()).await.unwrap();
    server
        .faults()
        .streaming(StreamingFault::RefuseHandshake(404), 100);
    let (mut app, mut rx, _tx) = live_app(&server).await;
    common::until(
        &mut app,
        &mut rx,
        "s.accounts[0].stream == StreamStatus::Polling",
        |s| s.accounts[0].stream == StreamStatus::Polling,
    )
    .await;
    let id = server.post_as(author(), "seen by polling").unwrap();
    // No key press: the poll brings it in.
    common::until(
        &mut app,
        &mut rx,
        "s.accounts[0].tabs[0].contains(&id)",
        |s| s.accounts[0].tabs[0].contains(&id),
    )
    .await;
    app.draw().unwrap();
    assert!(
        common::rows(app.terminal().backend().buffer())
            .join("\n")
            .contains("polling")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_reader_keeps_their_place_while_50_posts_arrive() {
    let server = DemoServer::start(DemoOptions::default()).await.unwrap();
    let (mut app, mut rx, _tx) = live_app(&server).await;
    common::until(
        &mut app,
        &mut rx,
        "s.accounts[0].stream == StreamStatus::Live",
        |s| s.accounts[0].stream == StreamStatus::Live,
    )
    .await;
    for _ in 0..12 {
        app.send(Action::Command(Command::ScrollDown));
    }
    app.draw().unwrap();
    let tab = &app.state.accounts[0].tabs[0];
    let reading = tab.selected_id().unwrap().to_string();
    let top_item = tab.ids[tab.viewport.top].clone();
    let mut last = String::new();
    for i in 0..50 {
        last = server.post_as(author(), &format!("arriving {i}")).unwrap();
    }
    common::until(
        &mut app,
        &mut rx,
        "s.accounts[0].tabs[0].contains(&last)",
        |s| s.accounts[0].tabs[0].contains(&last),
    )
    .await;
    app.draw().unwrap();
    let tab = &app.state.accounts[0].tabs[0];
    assert_eq!(
        tab.selected_id(),
        Some(reading.as_str()),
        "the selection stays on the same post"
    );
    assert_eq!(
        tab.ids[tab.viewport.top], top_item,
        "the first visible post is the same"
    );
    assert_eq!(tab.unread, 50);
    let screen = common::rows(app.terminal().backend().buffer()).join("\n");
    assert!(screen.contains("50 new"), "{screen}");
    // g jumps to the newest.
    app.send(Action::Command(Command::Top));
    assert_eq!(
        app.state.accounts[0].tabs[0].selected_id(),
        Some(last.as_str())
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn trompe_stream_json_prints_one_object_per_event() {
    use std::io::{BufRead, BufReader};
    let server = DemoServer::start(DemoOptions::default()).await.unwrap();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_trompe"))
        .args([
            "stream",
            "user",
            "--json",
            "--count",
            "3",
            "--timeout",
            "30",
        ])
        .env("TROMPE_INSTANCE", server.base_url().as_str())
        .env("TROMPE_TOKEN", server.token())
        .env("TROMPE_DATA_DIR", tempfile::tempdir().unwrap().path())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let ready = tokio::task::spawn_blocking(move || {
        BufReader::new(stderr)
            .lines()
            .map_while(Result::ok)
            .any(|l| l.contains("streaming user"))
    });
    assert!(
        tokio::time::timeout(WAIT, ready).await.unwrap().unwrap(),
        "the stream connected"
    );
    // The subscription is a message the server applies asynchronously
    // (Mastodon does not acknowledge it): wait until the server holds it.
    let deadline = Instant::now() + WAIT;
    while server.subscriptions("user") == 0 {
        assert!(
            Instant::now() < deadline,
            "the user stream never reached the server"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let mut ids = Vec::new();
    for i in 0..3 {
        ids.push(
            server
                .post_as(author(), &format!("for the pipe {i}"))
                .unwrap(),
        );
    }
    let out = tokio::task::spawn_blocking(move || child.wait_with_output())
        .await
        .unwrap()
        .unwrap();
    assert!(out.status.success());
    let lines: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is one JSON object"))
        .collect();
    assert_eq!(lines.len(), 3);
    for (l, id) in lines.iter().zip(&ids) {
        assert_eq!(l["event"], "update");
        assert_eq!(l["payload"]["id"], serde_json::Value::String(id.clone()));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_stream_events_are_ignored() {
    let server = DemoServer::start(DemoOptions::default()).await.unwrap();
    let (mut app, mut rx, _tx) = live_app(&server).await;
    common::until(
        &mut app,
        &mut rx,
        "s.accounts[0].stream == StreamStatus::Live",
        |s| s.accounts[0].stream == StreamStatus::Live,
    )
    .await;
    server.faults().send_unknown_event();
    let id = server.post_as(author(), "after an unknown event").unwrap();
    common::until(
        &mut app,
        &mut rx,
        "s.accounts[0].tabs[0].contains(&id)",
        |s| s.accounts[0].tabs[0].contains(&id),
    )
    .await;
    assert_eq!(
        app.state.accounts[0].stream,
        StreamStatus::Live,
        "still connected"
    );
}
