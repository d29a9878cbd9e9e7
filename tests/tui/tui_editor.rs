//! The compose pane hands its text to `$EDITOR` and takes the result back
//! as one undoable edit; a failing editor leaves the text as it was. The
//! editor is a shell script written by the test. In its own test binary:
//! it sets `EDITOR` for the whole process.

#![allow(clippy::unwrap_used)]

use trompe_testkit as common;

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

    let mut h = common::Harness::demo().await;
    h.until("the account known", |s| s.accounts[0].me.is_some())
        .await;
    h.type_text("cA first line");
    h.press("ctrl-e");
    h.until_with(
        "the editor's text back in the pane",
        |s| {
            s.compose
                .as_ref()
                .is_some_and(|c| c.text.text() == "A first line\nwritten in the editor")
        },
        |s| {
            format!(
                "{:?}",
                s.compose.as_ref().map(|c| (c.text.text(), &c.error))
            )
        },
    )
    .await;
    let c = h.app.state.compose.as_ref().unwrap();
    assert_eq!(c.draft.text, "A first line\nwritten in the editor");
    assert!(c.progress.is_none() && c.error.is_none());

    // One undo step brings back the text from before the editor.
    h.press("ctrl-z");
    h.until("the text from before the editor", |s| {
        s.compose
            .as_ref()
            .is_some_and(|c| c.text.text() == "A first line")
    })
    .await;
    h.press("ctrl-y");

    // A failing editor: an error in the pane, nothing lost.
    std::fs::write(&fail, "").unwrap();
    h.press("ctrl-e");
    h.until("the editor's failure in the pane", |s| {
        s.compose.as_ref().is_some_and(|c| {
            c.error
                .as_deref()
                .is_some_and(|e| e.contains("exited with"))
        })
    })
    .await;
    let screen = h.screen();
    assert!(screen.contains("Editor: "), "{screen}");
    let c = h.app.state.compose.as_ref().unwrap();
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
    h.press("ctrl-s");
    h.until("the post sent", |s| {
        s.compose.is_none() && common::said(s, "Posted")
    })
    .await;
    let me = h.app.state.accounts[0].me.clone().unwrap();
    let posts: Vec<serde_json::Value> = h
        .client
        .get(&format!("api/v1/accounts/{}/statuses", me.id.as_str()), &[])
        .await
        .unwrap();
    let content = posts[0]["content"].as_str().unwrap();
    assert!(content.contains("written in the editor"), "{content}");
}
