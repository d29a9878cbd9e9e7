//! The compose pane hands its text to `$EDITOR` and takes the result back
//! as one undoable edit; a failing editor leaves the text as it was. The
//! editor is a shell script written by the test. In its own test binary:
//! it sets `EDITOR` for the whole process.

#![allow(clippy::unwrap_used)]

use common::{ctrl, key};
use trompe_testkit as common;

use futures::channel::mpsc;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use trompe::api::{AccessToken, Client};
use trompe::app::{AccountState, State};
use trompe::tui::App;
use trompe_demo::{DemoOptions, DemoServer};

use common::WAIT;

#[cfg(unix)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_text_goes_to_the_editor_and_comes_back() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    // The editor: fails when told to, else appends a line to the file.
    let script = dir.path().join("fake editor.sh");
    let fail = dir.path().join("fail");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\nif [ -e '{}' ]; then exit 3; fi\n[ \"$1\" = --wait ] && shift\nprintf '\\nwritten in the editor\\n' >> \"$1\"\n",
            fail.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o700)).unwrap();
    // Quoted like a shell would need it, with an argument: `EDITOR='"/…/fake editor.sh" --wait'`.
    // SAFETY: this test binary has only this test, and sets them before the runtime has work.
    unsafe {
        std::env::remove_var("VISUAL");
        std::env::set_var("EDITOR", format!("\"{}\" --wait", script.display()));
    }

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
    let mut app = App::new(
        Terminal::new(TestBackend::new(100, 30)).unwrap(),
        state,
        vec![client.clone()],
    );
    let (tx, mut rx) = mpsc::unbounded();
    assert!(
        app.run_until(&mut rx, |s| s.accounts[0].me.is_some(), WAIT)
            .await
            .unwrap()
    );
    for c in "cA first line".chars() {
        tx.unbounded_send(key(c)).unwrap();
    }
    tx.unbounded_send(ctrl('e')).unwrap();
    assert!(
        app.run_until(
            &mut rx,
            |s| s
                .compose
                .as_ref()
                .is_some_and(|c| c.text.text() == "A first line\nwritten in the editor"),
            WAIT
        )
        .await
        .unwrap(),
        "{:?}",
        app.state
            .compose
            .as_ref()
            .map(|c| (c.text.text(), &c.error))
    );
    let c = app.state.compose.as_ref().unwrap();
    assert_eq!(c.draft.text, "A first line\nwritten in the editor");
    assert!(c.progress.is_none() && c.error.is_none());

    // One undo step brings back the text from before the editor.
    tx.unbounded_send(ctrl('z')).unwrap();
    assert!(
        app.run_until(
            &mut rx,
            |s| s
                .compose
                .as_ref()
                .is_some_and(|c| c.text.text() == "A first line"),
            WAIT
        )
        .await
        .unwrap()
    );
    tx.unbounded_send(ctrl('y')).unwrap();

    // A failing editor: an error in the pane, nothing lost.
    std::fs::write(&fail, "").unwrap();
    tx.unbounded_send(ctrl('e')).unwrap();
    assert!(
        app.run_until(
            &mut rx,
            |s| s.compose.as_ref().is_some_and(|c| c
                .error
                .as_deref()
                .is_some_and(|e| e.contains("exited with"))),
            WAIT
        )
        .await
        .unwrap()
    );
    app.draw().unwrap();
    let screen = common::rows(app.terminal().backend().buffer()).join("\n");
    assert!(screen.contains("Editor: "), "{screen}");
    let c = app.state.compose.as_ref().unwrap();
    assert_eq!(c.text.text(), "A first line\nwritten in the editor");
    // The temporary files are gone.
    let left: Vec<_> = std::fs::read_dir(std::env::temp_dir())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .contains(&format!("trompe-draft-{}", c.draft.id))
        })
        .collect();
    assert!(left.is_empty(), "{left:?}");

    // And the edited text is what gets posted.
    std::fs::remove_file(&fail).unwrap();
    tx.unbounded_send(ctrl('s')).unwrap();
    assert!(
        app.run_until(
            &mut rx,
            |s| s.compose.is_none() && common::said(s, "Posted"),
            WAIT
        )
        .await
        .unwrap()
    );
    let me = app.state.accounts[0].me.clone().unwrap();
    let posts: Vec<serde_json::Value> = client
        .get(&format!("api/v1/accounts/{}/statuses", me.id.as_str()), &[])
        .await
        .unwrap();
    let content = posts[0]["content"].as_str().unwrap();
    assert!(content.contains("written in the editor"), "{content}");
}
