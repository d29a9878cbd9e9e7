//! Editing the user's own profile against the demo instance: the API
//! (`update_credentials` as a form, as multipart with an avatar, as JSON),
//! the demo's Mastodon validation (422 changes nothing), the `:me` commands
//! of the TUI (each one reaches the server; errors show the server's
//! message; compose follows the new defaults) and a snapshot of the own
//! profile after editing.

#![allow(clippy::unwrap_used)]

use common::demo;
use trompe_testkit as common;

use common::{command, key};
use futures::channel::mpsc;
use trompe::api::ApiError;
use trompe::api::endpoints::profile::{CredentialsUpdate, ProfileImage};
use trompe::api::entities::{Account, Visibility};
use trompe::app::{State, View};

fn field_pairs(a: &Account) -> Vec<(String, String)> {
    a.source
        .as_ref()
        .unwrap()
        .fields
        .iter()
        .map(|f| (f.name.clone(), f.value.clone()))
        .collect()
}

fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
    v.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

#[tokio::test]
async fn every_setting_round_trips_through_the_api() {
    let (_server, client) = demo().await;
    let before = client.verify_credentials().await.unwrap();
    let update = CredentialsUpdate {
        display_name: Some("Ada Lovelace".into()),
        note: Some("Engines & <notes>\nSecond line".into()),
        fields: Some(pairs(&[
            ("Site", "https://ada.example"),
            ("Pronouns", "she/her"),
        ])),
        locked: Some(true),
        bot: Some(true),
        discoverable: Some(false),
        privacy: Some(Visibility::Private),
        language: Some("fr".into()),
        sensitive: Some(true),
        ..Default::default()
    };
    let answered = client.update_credentials(&update).await.unwrap();
    let me = client.verify_credentials().await.unwrap();
    assert_eq!(answered, me, "the answer is the credential account");
    assert_eq!(me.id, before.id);
    assert_eq!(me.display_name, "Ada Lovelace");
    assert!(me.locked && me.bot);
    assert_eq!(me.discoverable, Some(false));
    let src = me.source.clone().unwrap();
    assert_eq!(src.note, "Engines & <notes>\nSecond line");
    assert_eq!(src.privacy, Some(Visibility::Private));
    assert_eq!(src.language.as_deref(), Some("fr"));
    assert!(src.sensitive);
    assert_eq!(
        field_pairs(&me),
        pairs(&[("Site", "https://ada.example"), ("Pronouns", "she/her")])
    );
    // The bio is HTML in the account, escaped.
    assert!(
        me.note.contains("Engines &amp; &lt;notes&gt;"),
        "{}",
        me.note
    );
    // The public account shows the change too.
    let public = client.account(&me.id).await.unwrap();
    assert_eq!(public.display_name, "Ada Lovelace");
    assert!(public.locked && public.bot);
    assert_eq!(public.fields.len(), 2);
    assert!(public.source.is_none());

    // Only what is set changes; an empty field list clears the fields.
    let me = client
        .update_credentials(&CredentialsUpdate {
            fields: Some(vec![]),
            locked: Some(false),
            ..Default::default()
        })
        .await
        .unwrap();
    assert!(me.fields.is_empty() && !me.locked);
    assert_eq!(me.display_name, "Ada Lovelace");
    assert!(me.bot);
}

#[tokio::test]
async fn mastodon_validation_refuses_and_changes_nothing() {
    let (server, client) = demo().await;
    let before = client.verify_credentials().await.unwrap();
    let refused = |u: CredentialsUpdate| {
        let client = client.clone();
        async move {
            match client.update_credentials(&u).await {
                Err(ApiError::Unprocessable { message }) => message,
                other => panic!("expected 422, got {other:?}"),
            }
        }
    };
    let msg = refused(CredentialsUpdate {
        display_name: Some("x".repeat(31)),
        note: Some("fine".into()),
        ..Default::default()
    })
    .await;
    assert_eq!(
        msg,
        "Validation failed: Display name is too long (maximum is 30 characters)"
    );
    let msg = refused(CredentialsUpdate {
        note: Some("é".repeat(501)),
        ..Default::default()
    })
    .await;
    assert!(msg.contains("Note is too long (maximum is 500"), "{msg}");
    let five: Vec<(String, String)> = (1..=5).map(|i| (format!("f{i}"), "v".into())).collect();
    let msg = refused(CredentialsUpdate {
        fields: Some(five),
        ..Default::default()
    })
    .await;
    assert!(msg.contains("Fields"), "{msg}");
    let msg = refused(CredentialsUpdate {
        fields: Some(vec![("n".repeat(256), "v".into())]),
        ..Default::default()
    })
    .await;
    assert!(msg.contains("maximum is 255"), "{msg}");
    // Exactly at the limits is fine.
    assert!(
        client
            .update_credentials(&CredentialsUpdate {
                display_name: Some("y".repeat(30)),
                ..Default::default()
            })
            .await
            .is_ok()
    );
    let after = client.verify_credentials().await.unwrap();
    assert_eq!(after.note, before.note);
    assert_eq!(after.fields, before.fields);

    // Mastodon's error body, as is.
    let resp = reqwest::Client::new()
        .patch(
            server
                .base_url()
                .join("api/v1/accounts/update_credentials")
                .unwrap(),
        )
        .bearer_auth(server.token())
        .form(&[("display_name", "z".repeat(40))])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 422);
    let body: serde_json::Value = resp.json().await.unwrap();
    assert_eq!(
        body,
        serde_json::json!({"error": "Validation failed: Display name is too long (maximum is 30 characters)"})
    );
}

#[tokio::test]
async fn a_json_body_works_too() {
    let (server, client) = demo().await;
    let resp = reqwest::Client::new()
        .patch(
            server
                .base_url()
                .join("api/v1/accounts/update_credentials")
                .unwrap(),
        )
        .bearer_auth(server.token())
        .json(&serde_json::json!({
            "display_name": "From JSON",
            "fields_attributes": [{"name": "A", "value": "1"}, {"name": "B", "value": "2"}],
            "source": {"privacy": "unlisted"}
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    let me = client.verify_credentials().await.unwrap();
    assert_eq!(me.display_name, "From JSON");
    assert_eq!(field_pairs(&me), pairs(&[("A", "1"), ("B", "2")]));
    assert_eq!(me.source.unwrap().privacy, Some(Visibility::Unlisted));
}

#[tokio::test]
async fn an_uploaded_avatar_and_header_are_served_as_sent() {
    let (_server, client) = demo().await;
    let avatar = trompe_demo::png::pattern_png(3, 2, (200, 10, 10));
    let header = trompe_demo::png::pattern_png(6, 2, (10, 10, 200));
    let dir = tempfile::tempdir().unwrap();
    let (ap, hp) = (dir.path().join("me.png"), dir.path().join("banner.png"));
    std::fs::write(&ap, &avatar).unwrap();
    std::fs::write(&hp, &header).unwrap();
    let me = client
        .update_credentials(&CredentialsUpdate {
            avatar: Some(ProfileImage::read(ap.to_str().unwrap()).await.unwrap()),
            header: Some(ProfileImage::read(hp.to_str().unwrap()).await.unwrap()),
            display_name: Some("With pictures".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(me.display_name, "With pictures");
    for (url, bytes) in [(&me.avatar, &avatar), (&me.header, &header)] {
        let resp = reqwest::get(url.as_str()).await.unwrap();
        assert_eq!(resp.status(), 200, "{url}");
        assert_eq!(resp.headers()["content-type"], "image/png");
        assert_eq!(resp.bytes().await.unwrap().as_ref(), bytes.as_slice());
    }
    // The public account and verify_credentials point at the same file.
    assert_eq!(client.account(&me.id).await.unwrap().avatar, me.avatar);
    assert_eq!(client.verify_credentials().await.unwrap().header, me.header);

    // A file that is not an image never reaches the server.
    let txt = dir.path().join("notes.png");
    std::fs::write(&txt, "hello").unwrap();
    let e = ProfileImage::read(txt.to_str().unwrap()).await.unwrap_err();
    assert!(
        e.to_string()
            .contains("is not a PNG, JPEG, GIF or WebP image")
    );
}

// ---------------------------------------------------------------------------
// The TUI.

/// Runs `:cmd` and waits for a toast containing `expect`.
async fn me_command(
    app: &mut trompe::tui::App<ratatui::backend::TestBackend>,
    tx: &mpsc::UnboundedSender<std::io::Result<ratatui::crossterm::event::Event>>,
    rx: &mut mpsc::UnboundedReceiver<std::io::Result<ratatui::crossterm::event::Event>>,
    cmd: &str,
    expect: &str,
) {
    app.state.messages.clear();
    command(tx, cmd);
    common::until(
        app,
        rx,
        &format!("the message `{expect}` after `{cmd}`"),
        |s| common::said(s, expect),
    )
    .await;
}

#[tokio::test]
async fn each_me_command_changes_the_server() {
    let (_server, client, mut app) = common::demo_app().await;
    let (tx, mut rx) = mpsc::unbounded();
    common::until(&mut app, &mut rx, "the account known", |s| {
        s.accounts[0].me.is_some()
    })
    .await;
    me_command(
        &mut app,
        &tx,
        &mut rx,
        "me name Ada  Lovelace",
        "Display name changed",
    )
    .await;
    assert_eq!(
        client.verify_credentials().await.unwrap().display_name,
        "Ada  Lovelace"
    );
    // The state follows the server's answer.
    assert_eq!(
        app.state.accounts[0].me.as_ref().unwrap().display_name,
        "Ada  Lovelace"
    );

    me_command(
        &mut app,
        &tx,
        &mut rx,
        r"me bio First\nSecond",
        "Bio changed",
    )
    .await;
    let me = client.verify_credentials().await.unwrap();
    assert_eq!(me.source.unwrap().note, "First\nSecond");

    me_command(
        &mut app,
        &tx,
        &mut rx,
        "me field 1 Site = https://ada.example",
        "Field 1 set",
    )
    .await;
    me_command(
        &mut app,
        &tx,
        &mut rx,
        "me field 2 Pronouns = she/her",
        "Field 2 set",
    )
    .await;
    assert_eq!(
        field_pairs(&client.verify_credentials().await.unwrap()),
        pairs(&[("Site", "https://ada.example"), ("Pronouns", "she/her")])
    );
    me_command(
        &mut app,
        &tx,
        &mut rx,
        "me field 1 Home = https://ada.example/home",
        "Field 1 set",
    )
    .await;
    assert_eq!(
        field_pairs(&client.verify_credentials().await.unwrap()),
        pairs(&[
            ("Home", "https://ada.example/home"),
            ("Pronouns", "she/her")
        ])
    );
    me_command(&mut app, &tx, &mut rx, "me field 1", "Field 1 cleared").await;
    assert_eq!(
        field_pairs(&client.verify_credentials().await.unwrap()),
        pairs(&[("Pronouns", "she/her")])
    );

    me_command(&mut app, &tx, &mut rx, "me locked on", "Account locked").await;
    assert!(client.verify_credentials().await.unwrap().locked);
    me_command(&mut app, &tx, &mut rx, "me locked off", "Account unlocked").await;
    assert!(!client.verify_credentials().await.unwrap().locked);
    me_command(&mut app, &tx, &mut rx, "me bot on", "Marked as a bot").await;
    assert!(client.verify_credentials().await.unwrap().bot);
    me_command(
        &mut app,
        &tx,
        &mut rx,
        "me discoverable off",
        "kept out of discovery",
    )
    .await;
    assert_eq!(
        client.verify_credentials().await.unwrap().discoverable,
        Some(false)
    );
    me_command(
        &mut app,
        &tx,
        &mut rx,
        "me visibility unlisted",
        "default to unlisted",
    )
    .await;
    me_command(&mut app, &tx, &mut rx, "me language de", "language de").await;
    me_command(
        &mut app,
        &tx,
        &mut rx,
        "me sensitive on",
        "sensitive by default",
    )
    .await;
    let src = client.verify_credentials().await.unwrap().source.unwrap();
    assert_eq!(src.privacy, Some(Visibility::Unlisted));
    assert_eq!(src.language.as_deref(), Some("de"));
    assert!(src.sensitive);

    // A new post starts with the new defaults (the account's language
    // beats the locale's).
    app.state.locale_language = Some("fr".into());
    tx.unbounded_send(key('c')).unwrap();
    common::until(&mut app, &mut rx, "the compose pane open", |s| {
        s.compose.is_some()
    })
    .await;
    let d = &app.state.compose.as_ref().unwrap().draft;
    assert_eq!(d.visibility, Visibility::Unlisted);
    assert!(d.sensitive);
    // The language follows the account, even over the locale's.
    assert_eq!(d.language.as_deref(), Some("de"));
}

#[tokio::test]
async fn errors_show_the_servers_message_and_change_nothing() {
    let (_server, client, mut app) = common::demo_app().await;
    let (tx, mut rx) = mpsc::unbounded();
    common::until(&mut app, &mut rx, "the account known", |s| {
        s.accounts[0].me.is_some()
    })
    .await;
    let before = client.verify_credentials().await.unwrap();
    me_command(
        &mut app,
        &tx,
        &mut rx,
        &format!("me name {}", "n".repeat(31)),
        "Display name is too long (maximum is 30 characters)",
    )
    .await;
    assert_eq!(
        client.verify_credentials().await.unwrap().display_name,
        before.display_name
    );
    assert_eq!(
        app.state.accounts[0].me.as_ref().unwrap().display_name,
        before.display_name
    );

    // A missing file and a file that is no image: a clear message, no request.
    me_command(
        &mut app,
        &tx,
        &mut rx,
        "me avatar /nonexistent/trompe/me.png",
        "cannot read /nonexistent/trompe/me.png",
    )
    .await;
    let dir = tempfile::tempdir().unwrap();
    let txt = dir.path().join("me.png");
    std::fs::write(&txt, "not an image").unwrap();
    me_command(
        &mut app,
        &tx,
        &mut rx,
        &format!("me header {}", txt.display()),
        "is not a PNG, JPEG, GIF or WebP image",
    )
    .await;
    let after = client.verify_credentials().await.unwrap();
    assert_eq!(after.avatar, before.avatar);
    assert_eq!(after.header, before.header);

    // Bad usage explains itself without a request.
    for bad in [
        "me field 9 a = b",
        "me locked maybe",
        "me visibility direct",
        "me frobnicate",
    ] {
        app.state.messages.clear();
        command(&tx, bad);
        common::until(&mut app, &mut rx, "common::said(s, \"Usage: me\")", |s| {
            common::said(s, "Usage: me")
        })
        .await;
    }
}

#[tokio::test]
async fn an_avatar_from_a_file_is_uploaded_and_served() {
    let (_server, client, mut app) = common::demo_app().await;
    let (tx, mut rx) = mpsc::unbounded();
    common::until(&mut app, &mut rx, "the account known", |s| {
        s.accounts[0].me.is_some()
    })
    .await;
    let png = trompe_demo::png::pattern_png(4, 4, (1, 2, 3));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("avatar.png");
    std::fs::write(&path, &png).unwrap();
    me_command(
        &mut app,
        &tx,
        &mut rx,
        &format!("me avatar {}", path.display()),
        "Avatar changed",
    )
    .await;
    let me = client.verify_credentials().await.unwrap();
    assert_eq!(app.state.accounts[0].me.as_ref().unwrap().avatar, me.avatar);
    let served = reqwest::get(me.avatar.as_str()).await.unwrap();
    assert_eq!(served.status(), 200);
    assert_eq!(served.bytes().await.unwrap().as_ref(), png.as_slice());
}

#[tokio::test]
async fn me_opens_the_own_profile_which_follows_edits() {
    let (_server, _client, mut app) = common::demo_app().await;
    let (tx, mut rx) = mpsc::unbounded();
    common::until(&mut app, &mut rx, "the account known", |s| {
        s.accounts[0].me.is_some()
    })
    .await;
    let me_id = app.state.accounts[0].me.as_ref().unwrap().id.clone();
    command(&tx, "me");
    let own_profile = |s: &State| match s.accounts[0].views.last() {
        Some(View::Profile(p)) => Some(p.account.clone()),
        _ => None,
    };
    common::until(
        &mut app,
        &mut rx,
        "own_profile(s).is_some_and(|a| a.id == me_id)",
        |s| own_profile(s).is_some_and(|a| a.id == me_id),
    )
    .await;
    me_command(
        &mut app,
        &tx,
        &mut rx,
        "me name Renamed",
        "Display name changed",
    )
    .await;
    assert_eq!(own_profile(&app.state).unwrap().display_name, "Renamed");
    me_command(
        &mut app,
        &tx,
        &mut rx,
        "me field 1 Site = https://renamed.example",
        "Field 1 set",
    )
    .await;
    me_command(
        &mut app,
        &tx,
        &mut rx,
        r"me bio Edited from\nthe terminal",
        "Bio changed",
    )
    .await;
    me_command(&mut app, &tx, &mut rx, "me bot on", "Marked as a bot").await;

    // Snapshot of the profile as edited, with the server's clock-dependent
    // values fixed and no posts, rendered alone.
    let mut account = own_profile(&app.state).unwrap();
    account.created_at = Some(common::NOW - time::Duration::days(400));
    account.last_status_at = None;
    account.statuses_count = 12;
    account.followers_count = 3;
    account.following_count = 4;
    let mut state = common::state_with(vec![]);
    let posts =
        trompe::app::TimelineTab::new(trompe::api::endpoints::timelines::TimelineKind::Account {
            id: account.id.clone(),
            acct: account.acct.clone(),
            with_replies: false,
            only_media: false,
        });
    state.accounts[0].me = Some(account.clone());
    state.accounts[0]
        .views
        .push(View::Profile(Box::new(trompe::app::views::ProfileView {
            account,
            relationship: None,
            section: trompe::app::views::ProfileSection::Posts,
            posts,
            pinned: Vec::new(),
        })));
    insta::assert_snapshot!(
        "own_profile_after_editing",
        common::rows(&common::render(&state, 80, 24)).join("\n")
    );
}

#[tokio::test]
async fn a_post_without_a_language_takes_the_accounts_default() {
    use trompe::api::endpoints::compose::{Posted, StatusParams};
    let (_server, client) = demo().await;
    let params = StatusParams {
        status: "Guten Morgen".into(),
        ..Default::default()
    };
    let Posted::Status(before) = client.post_status(&params, "lang-1").await.unwrap() else {
        panic!("not posted");
    };
    assert_eq!(before.language.as_deref(), Some("en"));
    client
        .update_credentials(&CredentialsUpdate {
            language: Some("de".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    let Posted::Status(after) = client.post_status(&params, "lang-2").await.unwrap() else {
        panic!("not posted");
    };
    assert_eq!(after.language.as_deref(), Some("de"));
    // An explicit language still wins.
    let fr = StatusParams {
        language: Some("fr".into()),
        ..params
    };
    let Posted::Status(explicit) = client.post_status(&fr, "lang-3").await.unwrap() else {
        panic!("not posted");
    };
    assert_eq!(explicit.language.as_deref(), Some("fr"));
}

/// `P` on your post: a message, a 📌 on the post, the server's pin, and the
/// profile's pinned section at the top; `P` again unpins.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pinning_says_so_marks_the_post_and_fills_the_pinned_section() {
    let mut h = trompe_testkit::Harness::demo().await;
    h.ready().await;
    h.command("me");
    let posts_loaded = |s: &State| match s.accounts[0].views.last() {
        Some(View::Profile(p)) => p.posts.loaded && !p.posts.ids.is_empty(),
        _ => false,
    };
    h.until("the own profile with its posts", posts_loaded)
        .await;
    // The first own post that is not pinned yet.
    let id = match h.state().accounts[0].views.last() {
        Some(View::Profile(p)) => p
            .posts
            .ids
            .iter()
            .find(|i| {
                h.state().accounts[0]
                    .status(i)
                    .is_some_and(|s| s.reblog.is_none() && s.pinned != Some(true))
            })
            .cloned()
            .unwrap(),
        _ => unreachable!(),
    };
    while h.state().accounts[0]
        .views
        .last()
        .and_then(|v| v.tab())
        .and_then(|t| t.selected_id().map(str::to_string))
        != Some(id.clone())
    {
        let before = h.state().accounts[0]
            .views
            .last()
            .unwrap()
            .tab()
            .unwrap()
            .selected;
        h.press("j");
        h.until("the next post", |s| {
            s.accounts[0].views.last().unwrap().tab().unwrap().selected == before + 1
        })
        .await;
    }
    h.press("P");
    h.until("the pin said", |s| {
        trompe_testkit::said(s, "Pinned to your profile")
    })
    .await;
    let screen = h.screen();
    assert!(screen.contains("📌"), "{screen}");
    let pinned: Vec<serde_json::Value> = h
        .client
        .call(
            &trompe::api::endpoints::Call::get(format!(
                "api/v1/accounts/{}/statuses",
                h.state().accounts[0].me.as_ref().unwrap().id.as_str()
            ))
            .query("pinned", "true"),
        )
        .await
        .unwrap();
    assert!(
        pinned.iter().any(|s| s["id"] == id.as_str()),
        "pinned on the server"
    );
    // The profile again: the pinned section at the top.
    h.press("Esc");
    h.until("back on the timeline", |s| s.accounts[0].views.is_empty())
        .await;
    h.command("me");
    let sid = trompe::api::entities::StatusId::new(id.clone());
    h.until("the pinned section", |s| match s.accounts[0].views.last() {
        Some(View::Profile(p)) => p.pinned.contains(&sid),
        _ => false,
    })
    .await;
    let screen = h.screen();
    assert!(screen.contains("📌 Pinned"), "{screen}");
}
