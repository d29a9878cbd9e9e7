//! Keys are data: a `[keys]` remap in the config changes what a key does,
//! sequences wait for their last key, and the confirm dialog has its own
//! keys. Driven through the harness against the demo instance.

#![allow(clippy::unwrap_used)]

use trompe::api::entities::Status;
use trompe::app::keymap::Keymap;
use trompe::app::views::View;
use trompe_testkit::{Harness, eventually, said};

const CONFIG: &str = r#"
[ui]
expand_cw = false

[keys.common]
favourite = "L"
top = "g g"
bottom = "g e"

[keys.confirm]
confirm = "Y"
"#;

async fn remapped() -> Harness {
    let mut h = Harness::demo().await;
    h.app.state.keymap = Keymap::from_config(CONFIG).unwrap();
    h.until("home loaded", |s| s.accounts[0].tabs[0].loaded)
        .await;
    h
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn favourite_on_l_reaches_the_server_and_f_is_free() {
    let mut h = remapped().await;
    let id = h.state().accounts[0].tabs[0]
        .selected_id()
        .unwrap()
        .to_string();
    let was = h.state().accounts[0]
        .statuses
        .values()
        .find(|s| s.id.as_str() == id)
        .unwrap()
        .favourited;
    h.press("f");
    h.until("f reported as unbound", |s| {
        said(s, "f is not bound; press ? for keys")
    })
    .await;
    h.press("L");
    let want = Some(!was.unwrap_or(false));
    h.until("the post favourited in the app", |s| {
        s.accounts[0]
            .statuses
            .values()
            .any(|x| x.id.as_str() == id && x.favourited == want)
    })
    .await;
    let client = h.client.clone();
    eventually("the favourite on the server", || {
        let client = client.clone();
        let id = id.clone();
        async move {
            let s: Status = client
                .get(&format!("api/v1/statuses/{id}"), &[])
                .await
                .unwrap();
            s.favourited == want
        }
    })
    .await;
    // The help says so.
    h.press("?");
    h.until("the help open", |s| s.show_help).await;
    let screen = h.screen();
    let row = screen
        .lines()
        .find(|l| l.contains("favourite / unfavourite"))
        .unwrap_or_else(|| panic!("{screen}"));
    assert!(row.contains(" L "), "{row}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sequence_waits_for_its_last_key() {
    let mut h = remapped().await;
    let last = h.state().accounts[0].tabs[0].ids.len() - 1;
    assert!(last > 0);
    h.press("g");
    h.settle().await;
    assert_eq!(h.state().pending_keys, vec!["g".to_string()]);
    assert_eq!(h.state().accounts[0].tabs[0].selected, 0);
    h.press("e");
    h.until("the oldest loaded post selected", |s| {
        let tab = &s.accounts[0].tabs[0];
        s.pending_keys.is_empty() && tab.selected + 1 == tab.ids.len()
    })
    .await;
    h.press("g");
    h.press("g");
    h.until("back at the newest", |s| {
        s.accounts[0].tabs[0].selected == 0
    })
    .await;
    // A sequence that goes nowhere says what was typed.
    h.press("g");
    h.press("x");
    h.until("`g x` reported", |s| said(s, "g x is not bound"))
        .await;
    assert!(h.state().pending_keys.is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_confirm_dialog_takes_its_own_keys() {
    let mut h = remapped().await;
    // Blocking the author asks first.
    h.press("X");
    h.until("the confirm dialog", |s| {
        matches!(s.accounts[0].views.last(), Some(View::Confirm { .. }))
    })
    .await;
    let screen = h.screen();
    assert!(screen.contains("Y: yes    n / Esc: no"), "{screen}");
    // y is not the confirm key any more: the question stays.
    h.press("y");
    h.settle().await;
    assert!(matches!(
        h.state().accounts[0].views.last(),
        Some(View::Confirm { .. })
    ));
    h.press("n");
    h.until("the dialog closed by n", |s| s.accounts[0].views.is_empty())
        .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn compose_keys_follow_keys_compose() {
    let mut h = Harness::demo().await;
    h.app.state.keymap = Keymap::from_config("[keys.compose]\nsend = \"ctrl-x\"\n").unwrap();
    h.until("home loaded", |s| s.accounts[0].tabs[0].loaded)
        .await;
    h.press("c");
    h.type_text("sent with ctrl-x");
    h.until("the text typed", |s| {
        s.compose
            .as_ref()
            .is_some_and(|c| c.draft.text == "sent with ctrl-x")
    })
    .await;
    // ctrl-s no longer sends (nor types anything).
    h.press("ctrl-s");
    h.settle().await;
    let c = h.state().compose.as_ref().expect("still open");
    assert!(!c.sending);
    assert_eq!(c.draft.text, "sent with ctrl-x");
    let screen = h.screen();
    assert!(screen.contains("ctrl-x send"), "{screen}");
    h.press("ctrl-x");
    h.until("the pane closed on `Posted`", |s| {
        s.compose.is_none() && said(s, "Posted")
    })
    .await;
}

/// The `:` history is kept in the data directory (mode 0600) for the next run.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_command_history_is_kept_in_the_data_directory() {
    let mut h = Harness::demo().await;
    let dir = tempfile::tempdir().unwrap();
    h.app
        .set_data_dirs(trompe::config::Paths::under(dir.path()));
    h.ready().await;
    h.command("bookmarks");
    let file = dir.path().join("data/history");
    let f = file.clone();
    h.until("the history written", move |_| {
        std::fs::read_to_string(&f).is_ok_and(|t| t == "bookmarks\n")
    })
    .await;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
}
