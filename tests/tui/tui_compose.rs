//! Composing in the TUI against the demo instance: write and post, reply,
//! edit, a failed send that keeps the draft and posts once on retry, and a
//! draft that survives the app being dropped mid-compose.

#![allow(clippy::unwrap_used)]

use common::{command, ctrl, enter, key, type_text};
use trompe_testkit as common;

use futures::channel::mpsc;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use trompe::api::entities::Status;
use trompe::api::{AccessToken, Client};
use trompe::app::{AccountState, State};
use trompe::compose::DraftStore;
use trompe::tui::App;
use trompe_demo::{DemoOptions, DemoServer, Fault};

fn new_app(server: &DemoServer, dir: &std::path::Path) -> App<TestBackend> {
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
    app.set_drafts(DraftStore::new(dir));
    app
}

/// The drafts saved in `dir`.
fn drafts_on_disk(dir: &std::path::Path) -> Vec<trompe::compose::Draft> {
    DraftStore::new(dir).list().unwrap()
}

/// Is a draft with this text saved in `dir`?
fn draft_on_disk(dir: &std::path::Path, text: &str) -> bool {
    drafts_on_disk(dir).iter().any(|d| d.text == text)
}

async fn own_posts(client: &Client, me: &str) -> Vec<Status> {
    client
        .get(
            &format!("api/v1/accounts/{me}/statuses"),
            &[("limit", "40".to_string())],
        )
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn write_post_reply_and_edit() {
    let server = DemoServer::start(DemoOptions::default()).await.unwrap();
    let client = Client::new(
        server.base_url().clone(),
        Some(AccessToken::new(server.token())),
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut app = new_app(&server, dir.path());
    let (tx, mut rx) = mpsc::unbounded();
    common::until(
        &mut app,
        &mut rx,
        "home loaded, the account and its instance known",
        |s| {
            s.accounts[0].tabs[0].loaded
                && s.accounts[0].me.is_some()
                && s.accounts[0].instance_info.is_some()
        },
    )
    .await;
    let me = app.state.accounts[0].me.clone().unwrap();

    // c, a CW, text with a paste, ctrl-s.
    type_text(&tx, "c");
    tx.unbounded_send(Ok(Event::Key(KeyEvent::new(
        KeyCode::Tab,
        KeyModifiers::NONE,
    ))))
    .unwrap();
    type_text(&tx, "spoilers");
    tx.unbounded_send(Ok(Event::Key(KeyEvent::new(
        KeyCode::Tab,
        KeyModifiers::NONE,
    ))))
    .unwrap();
    type_text(&tx, "First line ");
    tx.unbounded_send(Ok(Event::Paste("pasted q and\nj keys".into())))
        .unwrap();
    common::until(
        &mut app,
        &mut rx,
        "s .compose .as_ref() .is_some_and(|c| c.draft.text.ends_with(\"keys\"))",
        |s| {
            s.compose
                .as_ref()
                .is_some_and(|c| c.draft.text.ends_with("keys"))
        },
    )
    .await;
    app.draw().unwrap();
    let screen = common::rows(app.terminal().backend().buffer()).join("\n");
    assert!(
        screen.contains("New post") && screen.contains("/500"),
        "{screen}"
    );
    tx.unbounded_send(ctrl('s')).unwrap();
    common::until(
        &mut app,
        &mut rx,
        "s.compose.is_none() && common::said(s, \"Posted\")",
        |s| s.compose.is_none() && common::said(s, "Posted"),
    )
    .await;
    let posts = own_posts(&client, me.id.as_str()).await;
    let newest = &posts[0];
    assert_eq!(newest.spoiler_text, "spoilers");
    assert!(
        newest.content.contains("pasted q and"),
        "{}",
        newest.content
    );
    // The sent draft is gone from disk (the delete runs after the save).
    let no_drafts = |_: &State| drafts_on_disk(dir.path()).is_empty();
    common::until(
        &mut app,
        &mut rx,
        "the sent draft deleted from disk",
        no_drafts,
    )
    .await;

    // R on someone else's post: mentions and visibility inherited. Wait for
    // our own post to arrive over the stream first, so positions are stable.
    let first_id = newest.id.clone();
    common::until(
        &mut app,
        &mut rx,
        "s.accounts[0].tabs[0].contains(&first_id)",
        |s| s.accounts[0].tabs[0].contains(&first_id),
    )
    .await;
    let pos = app.state.accounts[0].tabs[0]
        .ids
        .iter()
        .position(|id| {
            let s = app.state.accounts[0].status(id).unwrap().original();
            s.account.id != me.id
        })
        .unwrap();
    type_text(&tx, "g");
    for _ in 0..pos {
        type_text(&tx, "j");
    }
    common::until(
        &mut app,
        &mut rx,
        "s.accounts[0].tabs[0].selected == pos",
        |s| s.accounts[0].tabs[0].selected == pos,
    )
    .await;
    let parent = {
        let acc = &app.state.accounts[0];
        acc.status(acc.tabs[0].selected_id().unwrap())
            .unwrap()
            .original()
            .clone()
    };
    type_text(&tx, "R");
    common::until(&mut app, &mut rx, "the compose pane open", |s| {
        s.compose.is_some()
    })
    .await;
    assert!(
        app.state
            .compose
            .as_ref()
            .unwrap()
            .draft
            .text
            .starts_with(&format!("@{} ", parent.account.acct))
    );
    type_text(&tx, "thanks!");
    tx.unbounded_send(ctrl('s')).unwrap();
    common::until(&mut app, &mut rx, "the compose pane closed", |s| {
        s.compose.is_none()
    })
    .await;
    let reply = own_posts(&client, me.id.as_str()).await.remove(0);
    assert_eq!(reply.in_reply_to_id.as_ref(), Some(&parent.id));
    assert!(reply.content.contains("thanks!"));

    // e on our own newest post: edit it.
    type_text(&tx, "g");
    let position = |s: &State| {
        s.accounts[0].tabs[0]
            .ids
            .iter()
            .position(|id| *id == reply.id.as_str())
    };
    common::until(&mut app, &mut rx, "the reply in the home tab", |s| {
        position(s).is_some()
    })
    .await;
    let own = position(&app.state).unwrap();
    for _ in 0..own {
        type_text(&tx, "j");
    }
    common::until(
        &mut app,
        &mut rx,
        "s.accounts[0].tabs[0].selected == own",
        |s| s.accounts[0].tabs[0].selected == own,
    )
    .await;
    type_text(&tx, "e");
    common::until(
        &mut app,
        &mut rx,
        "s .compose .as_ref() .is_some_and(|c| c.draft.edit_of.is_some())",
        |s| {
            s.compose
                .as_ref()
                .is_some_and(|c| c.draft.edit_of.is_some())
        },
    )
    .await;
    type_text(&tx, " (edited)");
    tx.unbounded_send(ctrl('s')).unwrap();
    common::until(&mut app, &mut rx, "the compose pane closed", |s| {
        s.compose.is_none()
    })
    .await;
    let edited: Status = client
        .get(&format!("api/v1/statuses/{}", reply.id.as_str()), &[])
        .await
        .unwrap();
    assert!(edited.content.contains("(edited)"), "{}", edited.content);
    assert!(edited.edited_at.is_some());
    type_text(&tx, "q");
    app.run(&mut rx).await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_send_keeps_the_draft_and_a_retry_posts_once() {
    let server = DemoServer::start(DemoOptions::default()).await.unwrap();
    let client = Client::new(
        server.base_url().clone(),
        Some(AccessToken::new(server.token())),
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut app = new_app(&server, dir.path());
    let (tx, mut rx) = mpsc::unbounded();
    common::until(&mut app, &mut rx, "the account known", |s| {
        s.accounts[0].me.is_some()
    })
    .await;
    let me = app.state.accounts[0].me.clone().unwrap();
    let before = own_posts(&client, me.id.as_str()).await.len();
    server
        .faults()
        .inject("/api/v1/statuses", Fault::Status(500), 1);
    type_text(&tx, "cthis must not be lost");
    tx.unbounded_send(ctrl('s')).unwrap();
    common::until(
        &mut app,
        &mut rx,
        "s .compose .as_ref() .is_some_and(|c| c.error.is_some() && !c.sending)",
        |s| {
            s.compose
                .as_ref()
                .is_some_and(|c| c.error.is_some() && !c.sending)
        },
    )
    .await;
    let c = app.state.compose.as_ref().unwrap();
    assert!(
        c.error.as_ref().unwrap().contains("draft is kept"),
        "{:?}",
        c.error
    );
    assert_eq!(c.draft.text, "this must not be lost");
    // On disk too.
    let kept = |_: &State| draft_on_disk(dir.path(), "this must not be lost");
    common::until(&mut app, &mut rx, "the failed post's draft on disk", kept).await;
    tx.unbounded_send(ctrl('s')).unwrap();
    common::until(&mut app, &mut rx, "the compose pane closed", |s| {
        s.compose.is_none()
    })
    .await;
    let after = own_posts(&client, me.id.as_str()).await;
    assert_eq!(after.len(), before + 1, "exactly one post");
    type_text(&tx, "q");
    app.run(&mut rx).await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_draft_survives_the_app_dying_mid_compose() {
    let server = DemoServer::start(DemoOptions::default()).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    {
        let mut app = new_app(&server, dir.path());
        let (tx, mut rx) = mpsc::unbounded();
        common::until(&mut app, &mut rx, "s.accounts[0].tabs[0].loaded && s.accounts[0].stream == trompe::app::StreamStatus::Live", |s| s.accounts[0].tabs[0].loaded
                    && s.accounts[0].stream == trompe::app::StreamStatus::Live).await;
        type_text(&tx, "chalf-written thought");
        common::until(
            &mut app,
            &mut rx,
            "s .compose .as_ref() .is_some_and(|c| c.draft.text == \"half-written thought\")",
            |s| {
                s.compose
                    .as_ref()
                    .is_some_and(|c| c.draft.text == "half-written thought")
            },
        )
        .await;
        // The autosave runs about a second after the last key; the draft
        // is on disk once the store lists it.
        let on_disk = |_: &State| draft_on_disk(dir.path(), "half-written thought");
        common::until(&mut app, &mut rx, "the autosaved draft on disk", on_disk).await;
        // Dropped without a clean exit.
    }
    let mut app = new_app(&server, dir.path());
    let (tx, mut rx) = mpsc::unbounded();
    common::until(
        &mut app,
        &mut rx,
        "s.accounts[0].pending_draft.is_some()",
        |s| s.accounts[0].pending_draft.is_some(),
    )
    .await;
    assert!(common::said(&app.state, "unsent draft"));
    type_text(&tx, "c");
    common::until(
        &mut app,
        &mut rx,
        "s .compose .as_ref() .is_some_and(|c| c.draft.text == \"half-written thought\")",
        |s| {
            s.compose
                .as_ref()
                .is_some_and(|c| c.draft.text == "half-written thought")
        },
    )
    .await;
    type_text(&tx, "q");
    // q is text in the pane; ctrl-c quits and keeps the draft.
    tx.unbounded_send(ctrl('c')).unwrap();
    app.run(&mut rx).await.unwrap();
    assert!(draft_on_disk(dir.path(), "half-written thoughtq"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn delete_and_redraft_opens_the_source_text() {
    let server = DemoServer::start(DemoOptions::default()).await.unwrap();
    let client = Client::new(
        server.base_url().clone(),
        Some(AccessToken::new(server.token())),
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut app = new_app(&server, dir.path());
    let (tx, mut rx) = mpsc::unbounded();
    common::until(&mut app, &mut rx, "s.accounts[0].tabs[0].loaded && s.accounts[0].me.is_some() && s.accounts[0].stream == trompe::app::StreamSt…", |s| s.accounts[0].tabs[0].loaded
                && s.accounts[0].me.is_some()
                && s.accounts[0].stream == trompe::app::StreamStatus::Live).await;
    let posted: Status = client
        .post(
            "api/v1/statuses",
            Some(&serde_json::json!({"status": "redraft me #trompe"})),
        )
        .await
        .unwrap();
    common::until(
        &mut app,
        &mut rx,
        "s.accounts[0].tabs[0].ids.first().map(String::as_str) == Some(posted.id.as_str())",
        |s| s.accounts[0].tabs[0].ids.first().map(String::as_str) == Some(posted.id.as_str()),
    )
    .await;
    type_text(&tx, "gE");
    common::until(
        &mut app,
        &mut rx,
        "matches!( s.accounts[0].views.last(), Some(trompe::app::View::Confirm { .. }) )",
        |s| {
            matches!(
                s.accounts[0].views.last(),
                Some(trompe::app::View::Confirm { .. })
            )
        },
    )
    .await;
    type_text(&tx, "y");
    common::until(
        &mut app,
        &mut rx,
        "s .compose .as_ref() .is_some_and(|c| c.draft.text == \"redraft me #trompe\")",
        |s| {
            s.compose
                .as_ref()
                .is_some_and(|c| c.draft.text == "redraft me #trompe")
        },
    )
    .await;
    let gone = client
        .get::<Status>(&format!("api/v1/statuses/{}", posted.id.as_str()), &[])
        .await;
    assert!(matches!(gone, Err(trompe::api::ApiError::NotFound { .. })));
    tx.unbounded_send(ctrl('c')).unwrap();
    app.run(&mut rx).await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn attach_with_path_completion_and_schedule_from_the_pane() {
    let server = DemoServer::start(DemoOptions::default()).await.unwrap();
    let client = Client::new(
        server.base_url().clone(),
        Some(AccessToken::new(server.token())),
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let img = dir.path().join("sunset-over-the-bay.png");
    std::fs::write(&img, trompe_demo::png::pattern_png(32, 32, (200, 120, 40))).unwrap();
    let mut app = new_app(&server, dir.path());
    let (tx, mut rx) = mpsc::unbounded();
    common::until(
        &mut app,
        &mut rx,
        "s.accounts[0].me.is_some() && s.accounts[0].instance_info.is_some()",
        |s| s.accounts[0].me.is_some() && s.accounts[0].instance_info.is_some(),
    )
    .await;
    type_text(&tx, "cA sunset, later");
    tx.unbounded_send(ctrl('o')).unwrap();
    type_text(&tx, &format!("{}/sun", dir.path().display()));
    tx.unbounded_send(Ok(Event::Key(KeyEvent::new(
        KeyCode::Tab,
        KeyModifiers::NONE,
    ))))
    .unwrap();
    let full = img.display().to_string();
    common::until(&mut app, &mut rx, "Tab completed the path", |s| {
        s.compose.as_ref().is_some_and(|c| c.entry.text() == full)
    })
    .await;
    tx.unbounded_send(Ok(Event::Key(KeyEvent::new(
        KeyCode::Enter,
        KeyModifiers::NONE,
    ))))
    .unwrap();
    type_text(&tx, "An orange sky over the water");
    enter(&tx);
    // Then the focal point, in the same entry line.
    common::until(&mut app, &mut rx, "s .compose .as_ref() .is_some_and(|c| c.field == trompe::app::views::compose::Field::MediaFocus)", |s| s
                .compose
                .as_ref()
                .is_some_and(|c| c.field == trompe::app::views::compose::Field::MediaFocus)).await;
    app.draw().unwrap();
    let screen = common::rows(app.terminal().backend().buffer()).join("\n");
    assert!(screen.contains("Focus point x,y"), "{screen}");
    type_text(&tx, "2,0");
    enter(&tx);
    common::until(&mut app, &mut rx, "a focus out of range is refused", |s| {
        s.compose.as_ref().is_some_and(|c| {
            c.error
                .as_deref()
                .is_some_and(|e| e.contains("from -1 to 1"))
        })
    })
    .await;
    for _ in 0..3 {
        tx.unbounded_send(Ok(Event::Key(KeyEvent::new(
            KeyCode::Backspace,
            KeyModifiers::NONE,
        ))))
        .unwrap();
    }
    type_text(&tx, "0.5,-0.25");
    enter(&tx);
    common::until(&mut app, &mut rx, "s .compose .as_ref() .is_some_and(|c| c.field == trompe::app::views::compose::Field::Text)", |s| s
                .compose
                .as_ref()
                .is_some_and(|c| c.field == trompe::app::views::compose::Field::Text)).await;
    app.draw().unwrap();
    let screen = common::rows(app.terminal().backend().buffer()).join("\n");
    assert!(screen.contains("focus 0.50,-0.25"), "{screen}");
    tx.unbounded_send(ctrl('d')).unwrap();
    type_text(&tx, "+2h");
    tx.unbounded_send(Ok(Event::Key(KeyEvent::new(
        KeyCode::Enter,
        KeyModifiers::NONE,
    ))))
    .unwrap();
    common::until(&mut app, &mut rx, "s .compose .as_ref() .is_some_and(|c| c.draft.scheduled_at.is_some() && c.draft.media.len() == 1)", |s| s
                .compose
                .as_ref()
                .is_some_and(|c| c.draft.scheduled_at.is_some() && c.draft.media.len() == 1)).await;
    tx.unbounded_send(ctrl('s')).unwrap();
    common::until(&mut app, &mut rx, "the pane closed on `Scheduled`", |s| {
        s.compose.is_none() && common::said(s, "Scheduled")
    })
    .await;
    let scheduled: Vec<serde_json::Value> =
        client.get("api/v1/scheduled_statuses", &[]).await.unwrap();
    assert_eq!(scheduled.len(), 1);
    assert_eq!(scheduled[0]["params"]["text"], "A sunset, later");
    assert_eq!(
        scheduled[0]["media_attachments"][0]["description"],
        "An orange sky over the water"
    );
    // The focal point went with the upload.
    let focus = &scheduled[0]["media_attachments"][0]["meta"]["focus"];
    assert_eq!(
        (focus["x"].as_f64(), focus["y"].as_f64()),
        (Some(0.5), Some(-0.25))
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_poll_with_hidden_totals_in_a_language_from_the_picker() {
    let server = DemoServer::start(DemoOptions::default()).await.unwrap();
    let client = Client::new(
        server.base_url().clone(),
        Some(AccessToken::new(server.token())),
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut app = new_app(&server, dir.path());
    let (tx, mut rx) = mpsc::unbounded();
    common::until(
        &mut app,
        &mut rx,
        "s.accounts[0].me.is_some() && s.accounts[0].instance_info.is_some()",
        |s| s.accounts[0].me.is_some() && s.accounts[0].instance_info.is_some(),
    )
    .await;
    let me = app.state.accounts[0].me.clone().unwrap();
    type_text(&tx, "cTabs or spaces?");
    tx.unbounded_send(ctrl('p')).unwrap();
    type_text(&tx, "tabs");
    enter(&tx);
    type_text(&tx, "spaces");
    tx.unbounded_send(ctrl('r')).unwrap();
    // The picker lists the instance's languages; typing filters by code or name.
    tx.unbounded_send(ctrl('l')).unwrap();
    common::until(&mut app, &mut rx, "s.accounts[0].languages.is_some() && s.compose.as_ref().is_some_and(|c| c.languages.is_some())", |s| s.accounts[0].languages.is_some()
                && s.compose.as_ref().is_some_and(|c| c.languages.is_some())).await;
    type_text(&tx, "jap");
    common::until(&mut app, &mut rx, "s .compose .as_ref() .and_then(|c| c.languages.as_ref()) .is_some_and(|p| p.filter == \"jap\")", |s| s
                .compose
                .as_ref()
                .and_then(|c| c.languages.as_ref())
                .is_some_and(|p| p.filter == "jap")).await;
    app.draw().unwrap();
    let screen = common::rows(app.terminal().backend().buffer()).join("\n");
    assert!(
        screen.contains("Filter: jap")
            && screen.contains("ja    Japanese")
            && !screen.contains("French"),
        "{screen}"
    );
    enter(&tx);
    common::until(&mut app, &mut rx, "{ s.compose.as_ref().is_some_and(|c| { c.languages.is_none() && c.draft.language.as_deref() == Some(\"ja\")…", |s| {
                s.compose.as_ref().is_some_and(|c| {
                    c.languages.is_none() && c.draft.language.as_deref() == Some("ja")
                })
            }).await;
    // Esc closes the picker and keeps the language.
    tx.unbounded_send(ctrl('l')).unwrap();
    type_text(&tx, "fr");
    tx.unbounded_send(Ok(Event::Key(KeyEvent::new(
        KeyCode::Esc,
        KeyModifiers::NONE,
    ))))
    .unwrap();
    common::until(
        &mut app,
        &mut rx,
        "s.compose.as_ref().is_some_and(|c| c.languages.is_none())",
        |s| s.compose.as_ref().is_some_and(|c| c.languages.is_none()),
    )
    .await;
    let c = app.state.compose.as_ref().unwrap();
    assert_eq!(c.draft.language.as_deref(), Some("ja"));
    assert!(c.draft.poll.as_ref().unwrap().hide_totals);
    app.draw().unwrap();
    let screen = common::rows(app.terminal().backend().buffer()).join("\n");
    assert!(screen.contains("totals hidden until the end"), "{screen}");
    tx.unbounded_send(ctrl('s')).unwrap();
    common::until(
        &mut app,
        &mut rx,
        "s.compose.is_none() && common::said(s, \"Posted\")",
        |s| s.compose.is_none() && common::said(s, "Posted"),
    )
    .await;
    let posts: Vec<serde_json::Value> = client
        .get(&format!("api/v1/accounts/{}/statuses", me.id.as_str()), &[])
        .await
        .unwrap();
    let newest = &posts[0];
    assert_eq!(newest["language"], "ja");
    // While the poll is open, nobody sees the counts per option.
    let options = newest["poll"]["options"].as_array().unwrap();
    assert_eq!(options.len(), 2);
    assert!(
        options.iter().all(|o| o["votes_count"].is_null()),
        "{options:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_scheduled_post_is_moved_with_a_local_time() {
    use trompe::api::endpoints::compose::{Posted, StatusParams};
    let server = DemoServer::start(DemoOptions::default()).await.unwrap();
    let client = Client::new(
        server.base_url().clone(),
        Some(AccessToken::new(server.token())),
    )
    .unwrap();
    let at = time::OffsetDateTime::now_utc() + time::Duration::days(2);
    let params = StatusParams {
        status: "Later, maybe".into(),
        scheduled_at: Some(at),
        ..Default::default()
    };
    let Posted::Scheduled(sched) = client.post_status(&params, "k-resched").await.unwrap() else {
        panic!("not scheduled");
    };
    let id = sched.id.as_str().to_string();
    let dir = tempfile::tempdir().unwrap();
    let mut app = new_app(&server, dir.path());
    // Local times are read and shown in the state's zone (here UTC+1).
    app.state.zone = trompe::compose::Zone::Fixed(time::macros::offset!(+1));
    let (tx, mut rx) = mpsc::unbounded();
    common::until(&mut app, &mut rx, "the account known", |s| {
        s.accounts[0].me.is_some()
    })
    .await;
    command(&tx, &format!("reschedule {id} 2030-01-15 10:00"));
    common::until(
        &mut app,
        &mut rx,
        "common::said(s, \"moved to 2030-01-15 10:00 +01:00\")",
        |s| common::said(s, "moved to 2030-01-15 10:00 +01:00"),
    )
    .await;
    let now: serde_json::Value = client
        .get(&format!("api/v1/scheduled_statuses/{id}"), &[])
        .await
        .unwrap();
    let got = time::OffsetDateTime::parse(
        now["scheduled_at"].as_str().unwrap(),
        &time::format_description::well_known::Rfc3339,
    )
    .unwrap();
    assert_eq!(got, time::macros::datetime!(2030-01-15 09:00 UTC));
    // The list shows it in local time.
    command(&tx, "scheduled");
    common::until(&mut app, &mut rx, "matches!( s.accounts[0].views.last(), Some(trompe::app::View::Scheduled(v)) if v.items.iter().any(|i| i.id.…", |s| matches!(
                s.accounts[0].views.last(),
                Some(trompe::app::View::Scheduled(v)) if v.items.iter().any(|i| i.id.as_str() == id)
            )).await;
    let screen = common::rows(app.terminal().backend().buffer()).join("\n");
    assert!(screen.contains("2030-01-15 10:00 +01:00"), "{screen}");
    assert!(screen.contains("Later, maybe"), "{screen}");
    // e (or Enter) opens the prompt on `reschedule ID `.
    tx.unbounded_send(key('e')).unwrap();
    common::until(
        &mut app,
        &mut rx,
        "s .prompt .as_ref() .is_some_and(|p| p.text == format!(\"reschedule {id} \"))",
        |s| {
            s.prompt
                .as_ref()
                .is_some_and(|p| p.text == format!("reschedule {id} "))
        },
    )
    .await;
    // `+3d` counts from the app's clock, which never runs ahead of ours.
    let clock_before = app.state.now;
    type_text(&tx, "+3d");
    enter(&tx);
    // The list follows the server: it shows the new time once the server
    // has it (a toast would say so too, but toasts go away).
    let moved = |s: &State| {
        matches!(
            s.accounts[0].views.last(),
            Some(trompe::app::View::Scheduled(v)) if v.items.iter().any(|i| {
                i.id.as_str() == id
                    && i.scheduled_at.is_some_and(|t| t.year() < 2030)
            })
        )
    };
    common::until(
        &mut app,
        &mut rx,
        "the list to show the post moved by +3d",
        moved,
    )
    .await;
    assert_eq!(common::said_times(&app.state, "moved to"), 2);
    let now: serde_json::Value = client
        .get(&format!("api/v1/scheduled_statuses/{id}"), &[])
        .await
        .unwrap();
    let got = time::OffsetDateTime::parse(
        now["scheduled_at"].as_str().unwrap(),
        &time::format_description::well_known::Rfc3339,
    )
    .unwrap();
    let three_days = time::Duration::days(3);
    assert!(
        got >= (clock_before + three_days).replace_nanosecond(0).unwrap()
            && got <= time::OffsetDateTime::now_utc() + three_days,
        "moved to {got}, the app's clock at {clock_before}"
    );
    // A time that cannot be read is refused before any request.
    command(&tx, &format!("reschedule {id} someday"));
    common::until(&mut app, &mut rx, "common::said(s, \"`someday`\")", |s| {
        common::said(s, "`someday`")
    })
    .await;
    // x cancels it, after asking; the list follows the server.
    tx.unbounded_send(key('x')).unwrap();
    tx.unbounded_send(key('y')).unwrap();
    common::until(&mut app, &mut rx, "matches!( s.accounts[0].views.last(), Some(trompe::app::View::Scheduled(v)) if v.items.is_empty() && !v.loa…", |s| matches!(
                s.accounts[0].views.last(),
                Some(trompe::app::View::Scheduled(v)) if v.items.is_empty() && !v.loading
            )).await;
    let left: Vec<serde_json::Value> = client.get("api/v1/scheduled_statuses", &[]).await.unwrap();
    assert!(left.is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn drafts_are_listed_continued_and_deleted() {
    let server = DemoServer::start(DemoOptions::default()).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut app = new_app(&server, dir.path());
    let (tx, mut rx) = mpsc::unbounded();
    common::until(
        &mut app,
        &mut rx,
        "s.accounts[0].tabs[0].loaded && s.accounts[0].stream == trompe::app::StreamStatus::Live",
        |s| s.accounts[0].tabs[0].loaded && s.accounts[0].stream == trompe::app::StreamStatus::Live,
    )
    .await;
    type_text(&tx, "ckept for later");
    tx.unbounded_send(Ok(Event::Key(KeyEvent::new(
        KeyCode::Esc,
        KeyModifiers::NONE,
    ))))
    .unwrap();
    common::until(&mut app, &mut rx, "the compose pane closed", |s| {
        s.compose.is_none()
    })
    .await;
    // No wait for the save: the draft store runs its operations in order,
    // so the list below comes after it.
    type_text(&tx, ":drafts");
    tx.unbounded_send(Ok(Event::Key(KeyEvent::new(
        KeyCode::Enter,
        KeyModifiers::NONE,
    ))))
    .unwrap();
    let listed = |s: &State| match s.accounts[0].views.last() {
        Some(trompe::app::View::Drafts {
            drafts,
            loading: false,
            ..
        }) => drafts.len(),
        _ => 0,
    };
    common::until(&mut app, &mut rx, "one draft listed", |s| listed(s) == 1).await;
    app.draw().unwrap();
    assert!(
        common::rows(app.terminal().backend().buffer())
            .join("\n")
            .contains("kept for later")
    );
    tx.unbounded_send(Ok(Event::Key(KeyEvent::new(
        KeyCode::Enter,
        KeyModifiers::NONE,
    ))))
    .unwrap();
    common::until(
        &mut app,
        &mut rx,
        "s .compose .as_ref() .is_some_and(|c| c.draft.text == \"kept for later\")",
        |s| {
            s.compose
                .as_ref()
                .is_some_and(|c| c.draft.text == "kept for later")
        },
    )
    .await;
    tx.unbounded_send(Ok(Event::Key(KeyEvent::new(
        KeyCode::Esc,
        KeyModifiers::NONE,
    ))))
    .unwrap();
    type_text(&tx, ":drafts");
    tx.unbounded_send(Ok(Event::Key(KeyEvent::new(
        KeyCode::Enter,
        KeyModifiers::NONE,
    ))))
    .unwrap();
    common::until(&mut app, &mut rx, "one draft listed", |s| listed(s) == 1).await;
    type_text(&tx, "x");
    common::until(&mut app, &mut rx, "no draft listed", |s| listed(s) == 0).await;
    let no_drafts = |_: &State| drafts_on_disk(dir.path()).is_empty();
    common::until(
        &mut app,
        &mut rx,
        "the deleted draft gone from disk",
        no_drafts,
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mentions_hashtags_and_emoji_autocomplete() {
    let server = DemoServer::start(DemoOptions::default()).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut app = new_app(&server, dir.path());
    let (tx, mut rx) = mpsc::unbounded();
    common::until(
        &mut app,
        &mut rx,
        "s.accounts[0].tabs[0].loaded && s.accounts[0].stream == trompe::app::StreamStatus::Live",
        |s| s.accounts[0].tabs[0].loaded && s.accounts[0].stream == trompe::app::StreamStatus::Live,
    )
    .await;
    type_text(&tx, "chi @cami");
    let suggested = |s: &State, what: &str| {
        s.compose
            .as_ref()
            .and_then(|c| c.suggestions.as_ref())
            .is_some_and(|(_, items, _)| items.iter().any(|i| i.starts_with(what)))
    };
    common::until(&mut app, &mut rx, "suggested(s, \"@camille\")", |s| {
        suggested(s, "@camille")
    })
    .await;
    app.draw().unwrap();
    let screen = common::rows(app.terminal().backend().buffer()).join("\n");
    assert!(screen.contains("@camille@social.example.org"), "{screen}");
    tx.unbounded_send(Ok(Event::Key(KeyEvent::new(
        KeyCode::Enter,
        KeyModifiers::NONE,
    ))))
    .unwrap();
    common::until(&mut app, &mut rx, "s .compose .as_ref() .is_some_and(|c| c.draft.text == \"hi @camille@social.example.org \")", |s| s
                .compose
                .as_ref()
                .is_some_and(|c| c.draft.text == "hi @camille@social.example.org ")).await;
    type_text(&tx, "#rus");
    common::until(&mut app, &mut rx, "suggested(s, \"#rust\")", |s| {
        suggested(s, "#rust")
    })
    .await;
    tx.unbounded_send(Ok(Event::Key(KeyEvent::new(
        KeyCode::Tab,
        KeyModifiers::NONE,
    ))))
    .unwrap();
    type_text(&tx, ":blob");
    common::until(&mut app, &mut rx, "suggested(s, \":blobcat:\")", |s| {
        suggested(s, ":blobcat:")
    })
    .await;
    tx.unbounded_send(Ok(Event::Key(KeyEvent::new(
        KeyCode::Esc,
        KeyModifiers::NONE,
    ))))
    .unwrap();
    common::until(&mut app, &mut rx, "s .compose .as_ref() .is_some_and(|c| c.suggestions.is_none() && c.draft.text.contains(\"#rust :blob\"))", |s| s
                .compose
                .as_ref()
                .is_some_and(|c| c.suggestions.is_none() && c.draft.text.contains("#rust :blob"))).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn quote_a_post_with_a_quote_policy() {
    let server = DemoServer::start(DemoOptions::default()).await.unwrap();
    let client = Client::new(
        server.base_url().clone(),
        Some(AccessToken::new(server.token())),
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut app = new_app(&server, dir.path());
    let (tx, mut rx) = mpsc::unbounded();
    common::until(
        &mut app,
        &mut rx,
        "home loaded, the account and its instance known",
        |s| {
            s.accounts[0].tabs[0].loaded
                && s.accounts[0].me.is_some()
                && s.accounts[0].instance_info.is_some()
        },
    )
    .await;
    let me = app.state.accounts[0].me.clone().unwrap();
    // Focus a public post by someone else.
    let pos = app.state.accounts[0].tabs[0]
        .ids
        .iter()
        .position(|id| {
            let s = app.state.accounts[0].status(id).unwrap().original();
            s.account.id != me.id && s.visibility == trompe::api::entities::Visibility::Public
        })
        .unwrap();
    for _ in 0..pos {
        type_text(&tx, "j");
    }
    common::until(
        &mut app,
        &mut rx,
        "s.accounts[0].tabs[0].selected == pos",
        |s| s.accounts[0].tabs[0].selected == pos,
    )
    .await;
    let quoted = {
        let acc = &app.state.accounts[0];
        acc.status(acc.tabs[0].selected_id().unwrap())
            .unwrap()
            .original()
            .clone()
    };
    // A server without quote posts: Q says so and opens nothing.
    let info = app.state.accounts[0].instance_info.clone().unwrap();
    assert_eq!(info.mastodon_api_version(), Some(7));
    app.state.accounts[0]
        .instance_info
        .as_mut()
        .unwrap()
        .api_versions
        .clear();
    type_text(&tx, "Q");
    common::until(
        &mut app,
        &mut rx,
        "common::said(s, \"does not support quote posts\")",
        |s| common::said(s, "does not support quote posts"),
    )
    .await;
    assert!(app.state.compose.is_none());
    app.state.accounts[0].instance_info = Some(info);

    type_text(&tx, "Q");
    common::until(&mut app, &mut rx, "the compose pane open", |s| {
        s.compose.is_some()
    })
    .await;
    type_text(&tx, "Worth reading");
    tx.unbounded_send(ctrl('g')).unwrap();
    tx.unbounded_send(ctrl('g')).unwrap();
    common::until(&mut app, &mut rx, "s .compose .as_ref() .is_some_and(|c| c.draft.quote_policy.as_deref() == Some(\"followers\"))", |s| s
                .compose
                .as_ref()
                .is_some_and(|c| c.draft.quote_policy.as_deref() == Some("followers"))).await;
    app.draw().unwrap();
    let screen = common::rows(app.terminal().backend().buffer()).join("\n");
    assert!(
        screen.contains("Quote post")
            && screen.contains(&format!("quoting @{}", quoted.account.acct))
            && screen.contains("quotes: followers"),
        "{screen}"
    );
    tx.unbounded_send(ctrl('s')).unwrap();
    common::until(
        &mut app,
        &mut rx,
        "s.compose.is_none() && common::said(s, \"Posted\")",
        |s| s.compose.is_none() && common::said(s, "Posted"),
    )
    .await;
    // The server stored the quote and the policy.
    let posts: Vec<serde_json::Value> = client
        .get(&format!("api/v1/accounts/{}/statuses", me.id.as_str()), &[])
        .await
        .unwrap();
    let newest = &posts[0];
    assert_eq!(newest["quote"]["state"], "accepted");
    assert_eq!(newest["quote"]["quoted_status"]["id"], quoted.id.as_str());
    assert_eq!(
        newest["quote_approval"]["automatic"],
        serde_json::json!(["followers"])
    );
    let decoded = own_posts(&client, me.id.as_str()).await;
    assert_eq!(
        decoded[0].quoted_status().map(|s| s.id.clone()),
        Some(quoted.id.clone())
    );
}

/// The compose footer shows what fits and "more: F1"; F1 opens the help
/// with the compose keys first, keys then scroll it instead of typing, and
/// Esc closes it with the draft intact.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn f1_in_compose_lists_its_keys_and_leaves_the_draft_alone() {
    let mut h = trompe_testkit::Harness::demo().await;
    h.ready().await;
    h.press("c");
    h.until("the compose pane", |s| s.compose.is_some()).await;
    h.type_text("hi");
    h.until("typed", |s| {
        s.compose.as_ref().is_some_and(|c| c.text.text() == "hi")
    })
    .await;
    let screen = h.screen();
    assert!(screen.contains("more: F1"), "{screen}");
    h.press("F1");
    h.until("the help over the pane", |s| s.show_help).await;
    let screen = h.screen();
    let first_section = screen
        .lines()
        .find(|l| l.contains("In the compose pane") || l.contains("Commands (press :)"))
        .unwrap_or_default()
        .to_string();
    assert!(first_section.contains("In the compose pane"), "{screen}");
    assert!(
        screen.contains("ctrl-o") && screen.contains("ctrl-p"),
        "{screen}"
    );
    h.press("j");
    h.until("the help scrolled", |s| s.help_scroll == 1).await;
    h.press("Esc");
    h.until("the help closed", |s| !s.show_help).await;
    assert_eq!(h.state().compose.as_ref().unwrap().text.text(), "hi");
}
