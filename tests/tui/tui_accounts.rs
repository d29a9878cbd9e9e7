//! Accounts in the TUI: the first-run login screen driven by keys (paste
//! path), two instances in one session with the switcher, and snapshots of
//! the login screen and the switcher.

#![allow(clippy::unwrap_used)]

use trompe::app::keymap::Command;
use trompe_testkit as common;

use futures::channel::mpsc;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use trompe::api::{AccessToken, Client};
use trompe::app::{AccountState, Action, LoginForm, LoginPhase, State, update};
use trompe::tui::App;
use trompe_demo::{DemoOptions, DemoServer};

fn key(code: KeyCode) -> std::io::Result<Event> {
    Ok(Event::Key(KeyEvent::new(code, KeyModifiers::NONE)))
}

fn type_text(tx: &mpsc::UnboundedSender<std::io::Result<Event>>, s: &str) {
    for c in s.chars() {
        tx.unbounded_send(key(KeyCode::Char(c))).unwrap();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn first_run_login_in_the_tui_then_home() {
    let server = DemoServer::start(DemoOptions::default()).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let paths = trompe::config::Paths::under(dir.path());
    let state = State::new(vec![], common::NOW);
    let mut app = App::new(
        Terminal::new(TestBackend::new(90, 26)).unwrap(),
        state,
        vec![],
    );
    app.set_data_dirs(paths.clone());
    app.set_browser(false);
    let (tx, mut rx) = mpsc::unbounded();
    common::until(&mut app, &mut rx, "the login form open", |s| {
        s.login.is_some()
    })
    .await;
    app.draw().unwrap();
    let text = common::rows(app.terminal().backend().buffer()).join("\n");
    assert!(text.contains("Welcome to trompe"), "{text}");

    // q is text here, not quit.
    type_text(&tx, server.base_url().as_str());
    tx.unbounded_send(key(KeyCode::Enter)).unwrap();
    common::until(
        &mut app,
        &mut rx,
        "matches!( s.login.as_ref().map(|l| &l.phase), Some(LoginPhase::PasteCode { .. }) )",
        |s| {
            matches!(
                s.login.as_ref().map(|l| &l.phase),
                Some(LoginPhase::PasteCode { .. })
            )
        },
    )
    .await;
    let url = match &app.state.login.as_ref().unwrap().phase {
        LoginPhase::PasteCode { url } => url.clone(),
        _ => unreachable!(),
    };
    app.draw().unwrap();
    let text = common::rows(app.terminal().backend().buffer()).join("\n");
    assert!(text.contains("authorize trompe, then paste"), "{text}");

    // The user authorizes in a browser elsewhere and pastes the code.
    let auth = url::Url::parse(&url).unwrap();
    let html = common::approve(&auth, "approve")
        .await
        .text()
        .await
        .unwrap();
    let code = common::code_from_page(&html);
    tx.unbounded_send(Ok(Event::Paste(code))).unwrap();
    tx.unbounded_send(key(KeyCode::Enter)).unwrap();
    common::until(
        &mut app,
        &mut rx,
        "s.accounts.len() == 1 && s.login.is_none() && s.accounts[0].tabs[0].loaded",
        |s| s.accounts.len() == 1 && s.login.is_none() && s.accounts[0].tabs[0].loaded,
    )
    .await;
    assert!(app.state.accounts[0].label.starts_with("demo@127.0.0.1:"));
    let cfg = trompe::config::accounts::ConfigFile::load(&paths.config_file()).unwrap();
    assert_eq!(cfg.accounts.len(), 1);
    tx.unbounded_send(Ok(Event::Key(KeyEvent::new(
        KeyCode::Char('c'),
        KeyModifiers::CONTROL,
    ))))
    .unwrap();
    app.run(&mut rx).await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_instances_in_one_session_each_with_its_own_home() {
    let one = DemoServer::start(DemoOptions::default()).await.unwrap();
    let two = DemoServer::start(DemoOptions::default()).await.unwrap();
    let author = trompe_demo::seed_data::ACCOUNTS
        .iter()
        .find(|a| a.followed_by_me && !a.bot)
        .unwrap()
        .username;
    let only_on_two = two.post_as(author, "only on the second instance").unwrap();
    let clients = [&one, &two]
        .iter()
        .map(|s| Client::new(s.base_url().clone(), Some(AccessToken::new(s.token()))).unwrap())
        .collect();
    let accounts = vec![
        AccountState::new("demo@one", "one"),
        AccountState::new("demo@two", "two"),
    ];
    let mut app = App::new(
        Terminal::new(TestBackend::new(100, 30)).unwrap(),
        State::new(accounts, common::NOW),
        clients,
    );
    let (tx, mut rx) = mpsc::unbounded();
    common::until(
        &mut app,
        &mut rx,
        "s.accounts.iter().all(|a| a.tabs[0].loaded)",
        |s| s.accounts.iter().all(|a| a.tabs[0].loaded),
    )
    .await;
    let sid = trompe::api::entities::StatusId::new(only_on_two.clone());
    assert!(!app.state.accounts[0].tabs[0].contains(&sid));
    assert!(app.state.accounts[1].tabs[0].contains(&sid));
    app.draw().unwrap();
    let before = common::rows(app.terminal().backend().buffer()).join("\n");
    assert!(!before.contains("only on the second instance"));
    assert!(before.contains("demo@one"));

    // Scroll the first account, switch with A j Enter, and come back.
    type_text(&tx, "jj");
    type_text(&tx, "Aj");
    tx.unbounded_send(key(KeyCode::Enter)).unwrap();
    common::until(
        &mut app,
        &mut rx,
        "s.active == 1 && s.switcher.is_none()",
        |s| s.active == 1 && s.switcher.is_none(),
    )
    .await;
    app.draw().unwrap();
    let after = common::rows(app.terminal().backend().buffer()).join("\n");
    assert!(after.contains("only on the second instance"), "{after}");
    assert!(after.contains("demo@two"));
    type_text(&tx, "Ak");
    tx.unbounded_send(key(KeyCode::Enter)).unwrap();
    common::until(&mut app, &mut rx, "the first account active", |s| {
        s.active == 0
    })
    .await;
    assert_eq!(
        app.state.accounts[0].tabs[0].selected, 2,
        "the first account kept its position"
    );
    type_text(&tx, "q");
    app.run(&mut rx).await.unwrap();
}

#[test]
fn login_screen_snapshots() {
    let mut state = State::new(vec![], common::NOW);
    state.login = Some(LoginForm {
        instance: "mastodon.social".into(),
        ..Default::default()
    });
    insta::assert_snapshot!(
        "login_first_run",
        common::rows(&common::render(&state, 80, 24)).join("\n")
    );
    state.login = Some(LoginForm {
        instance: "mastodon.social".into(),
        code: "abc123".into(),
        phase: LoginPhase::PasteCode { url: "https://mastodon.social/oauth/authorize?client_id=xyz&redirect_uri=urn%3Aietf%3Awg%3Aoauth%3A2.0%3Aoob&response_type=code".into() },
        error: None,
    });
    insta::assert_snapshot!(
        "login_paste_code",
        common::rows(&common::render(&state, 80, 24)).join("\n")
    );
    state.login = Some(LoginForm {
        instance: "nowhere.invalid".into(),
        error: Some("could not reach https://nowhere.invalid/: network error: dns error".into()),
        ..Default::default()
    });
    insta::assert_snapshot!(
        "login_error_narrow",
        common::rows(&common::render(&state, 40, 16)).join("\n")
    );
}

#[test]
fn switcher_snapshot() {
    let mut state = common::state_with(common::sample_home());
    state.accounts[0].tabs[0].unread = 3;
    let mut work = AccountState::new("alice@work.example", "work.example");
    work.needs_login = true;
    state.accounts.push(work);
    state
        .accounts
        .push(AccountState::new("bot@bots.example", "bots.example"));
    update(&mut state, Action::Command(Command::ToggleSwitcher));
    update(&mut state, Action::Command(Command::ScrollDown));
    insta::assert_snapshot!(
        "switcher",
        common::rows(&common::render(&state, 80, 24)).join("\n")
    );
    insta::assert_snapshot!(
        "switcher_narrow",
        common::rows(&common::render(&state, 30, 10)).join("\n")
    );
}

#[test]
fn switcher_selects_with_keys() {
    let mut state = State::new(
        vec![
            AccountState::new("a@one", "one"),
            AccountState::new("b@two", "two"),
        ],
        common::NOW,
    );
    for a in ["A", "j", "Enter"] {
        let action = common::key_action(&state, a);
        update(&mut state, action);
    }
    assert_eq!(state.active, 1);
    assert!(state.switcher.is_none());
}

/// `:move 2` in the TUI: the plan in a confirm dialog, nothing changed
/// before the yes, then the move, its report in a page, and the second
/// account holding the first one's follows, lists and tags.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn move_to_another_account_shows_the_plan_asks_then_moves() {
    let one = DemoServer::start(DemoOptions::default()).await.unwrap();
    let two = DemoServer::start(DemoOptions {
        fresh_account: true,
        ..Default::default()
    })
    .await
    .unwrap();
    let client = |s: &DemoServer| {
        Client::new(s.base_url().clone(), Some(AccessToken::new(s.token()))).unwrap()
    };
    let dir = tempfile::tempdir().unwrap();
    let accounts = vec![
        AccountState::new("demo@one", "one"),
        AccountState::new("demo@two", "two"),
    ];
    let mut app = App::new(
        Terminal::new(TestBackend::new(100, 30)).unwrap(),
        State::new(accounts, common::NOW),
        vec![client(&one), client(&two)],
    );
    app.set_data_dirs(trompe::config::Paths::under(dir.path()));
    let (tx, mut rx) = mpsc::unbounded();
    common::until(&mut app, &mut rx, "home loaded", |s| {
        s.accounts[0].tabs[0].loaded
    })
    .await;
    type_text(&tx, ":move 2");
    tx.unbounded_send(key(KeyCode::Enter)).unwrap();
    common::until(&mut app, &mut rx, "the plan in a confirm dialog", |s| {
        matches!(
            s.accounts[0].views.last(),
            Some(trompe::app::views::View::Confirm { .. })
        )
    })
    .await;
    app.draw().unwrap();
    let text = common::rows(app.terminal().backend().buffer()).join("\n");
    assert!(text.contains("Move to demo@two?"), "{text}");
    assert!(text.contains("follows        13"), "{text}");
    let followed = |s: &DemoServer| {
        let c = client(s);
        async move {
            let me: serde_json::Value = c
                .call(&trompe::api::endpoints::Call::verify_credentials())
                .await
                .unwrap();
            me["following_count"].as_u64().unwrap()
        }
    };
    assert_eq!(followed(&two).await, 0, "the plan changes nothing");

    type_text(&tx, "y");
    common::until(&mut app, &mut rx, "the move's report", |s| {
        matches!(
            s.accounts[0].views.last(),
            Some(trompe::app::views::View::Raw { text, .. }) if text.starts_with("Move to demo@two")
        )
    })
    .await;
    app.draw().unwrap();
    let text = common::rows(app.terminal().backend().buffer()).join("\n");
    assert!(text.contains("follows        13 done"), "{text}");
    assert!(text.contains("Moving from a different account"), "{text}");
    // Twelve follows, and the locked account left as a request.
    assert_eq!(followed(&two).await, 12);
    let lists: Vec<serde_json::Value> = client(&two)
        .call(&trompe::api::endpoints::Call::get("api/v1/lists"))
        .await
        .unwrap();
    assert_eq!(lists.len(), 3);
    // The export stays in the data directory, for the record.
    assert!(
        std::fs::read_dir(dir.path().join("data/moves"))
            .unwrap()
            .count()
            == 1
    );
}
