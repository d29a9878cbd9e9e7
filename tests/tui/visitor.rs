//! Reading an instance without an account (`trompe --instance HOST`):
//! its public timelines, profiles and threads through the public API;
//! what needs an account offers to log in; an instance closed to visitors
//! says so.

use trompe::api::endpoints::timelines::TimelineKind;
use trompe::app::{State, StreamStatus, View};
use trompe_demo::DemoOptions;
use trompe_testkit::{Harness, said};

/// Whether a tab of `kind` has loaded (and, with `posts`, holds posts).
fn tab_loaded(s: &State, posts: bool, kind: impl Fn(&TimelineKind) -> bool) -> bool {
    s.accounts[0].tabs.iter().any(|t| {
        matches!(&t.kind, trompe::app::TabKind::Timeline(k) if kind(k))
            && t.loaded
            && (!posts || !t.ids.is_empty())
    })
}

fn ferris(k: &TimelineKind) -> bool {
    matches!(k, TimelineKind::Account { acct, .. } if acct == "ferris")
}

fn local_loaded(s: &State) -> bool {
    let t = &s.accounts[0].tabs[0];
    t.loaded && !t.ids.is_empty()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_visitor_reads_timelines_profiles_and_threads_and_is_offered_a_login() {
    let mut h = Harness::visitor(DemoOptions::default(), 100, 30).await;
    let tabs: Vec<String> = h.state().accounts[0]
        .tabs
        .iter()
        .map(|t| t.kind.title())
        .collect();
    assert_eq!(tabs, ["Local", "Federated", "Trending"]);
    h.until("the local timeline, read without a token", local_loaded)
        .await;
    let screen = h.screen();
    assert!(screen.contains("read-only"), "{screen}");
    // Nothing that only an account has was asked for; no stream either
    // (polled instead).
    for path in [
        "/api/v1/accounts/verify_credentials",
        "/api/v1/markers",
        "/api/v1/announcements",
    ] {
        assert_eq!(h.server.requests(path), 0, "{path}");
    }
    assert_eq!(h.server.requests("/api/v1/streaming"), 0);
    assert_eq!(h.state().accounts[0].stream, StreamStatus::Polling);

    // The selected post's author's profile, through the public API.
    let author = trompe::app::update::selected_status(&h.state().accounts[0])
        .unwrap()
        .account
        .acct
        .clone();
    h.press("p");
    h.until("the author's profile with its posts", |s| {
        matches!(s.accounts[0].views.last(),
            Some(View::Profile(p)) if p.account.acct == author && p.posts.loaded)
    })
    .await;
    h.press("Esc");
    h.until("back on the timeline", |s| s.accounts[0].views.is_empty())
        .await;
    // The thread.
    h.press("Enter");
    h.until("the thread loaded", |s| {
        matches!(s.accounts[0].views.last(),
            Some(View::Thread(t)) if t.loading.is_none() && t.error.is_none() && !t.items.is_empty())
    })
    .await;
    h.press("Esc");
    // A profile by name (accounts/lookup) and a hashtag.
    h.command("user @ferris");
    h.until("@ferris's posts", |s| tab_loaded(s, true, ferris))
        .await;
    h.command("tag rust");
    h.until("#rust", |s| {
        tab_loaded(
            s,
            true,
            |k| matches!(k, TimelineKind::Hashtag { tag, .. } if tag == "rust"),
        )
    })
    .await;

    // Favouriting needs an account: a question, nothing sent.
    let id = trompe::app::update::selected_status(&h.state().accounts[0])
        .unwrap()
        .id
        .to_string();
    h.press("f");
    h.until("the offer to log in", |s| {
        matches!(s.accounts[0].views.last(),
            Some(View::Confirm { text, .. }) if text.contains("Favouriting needs one"))
    })
    .await;
    let screen = h.screen();
    assert!(screen.contains("Favouriting needs one"), "{screen}");
    // No: nothing happens.
    h.press("n");
    h.until("the question closed", |s| s.accounts[0].views.is_empty())
        .await;
    assert_eq!(
        h.server
            .requests(&format!("/api/v1/statuses/{id}/favourite")),
        0
    );
    // A command of an account's (`:home`) asks the same; yes opens the
    // login form with the instance filled in.
    h.command("home");
    h.until("the offer to log in for :home", |s| {
        matches!(s.accounts[0].views.last(),
            Some(View::Confirm { text, .. }) if text.contains("`:home` needs one"))
    })
    .await;
    h.press("y");
    let host = format!("http://{}", h.state().accounts[0].instance);
    h.until("the login form, with the instance", |s| {
        s.login.as_ref().is_some_and(|l| l.instance == host)
    })
    .await;
    assert!(
        !h.state().accounts[0]
            .tabs
            .iter()
            .any(|t| t.kind.title() == "Home")
    );
    assert!(!h.state().accounts[0].needs_login);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_instance_closed_to_visitors_says_so() {
    let options = DemoOptions {
        closed_to_visitors: true,
        ..Default::default()
    };
    let mut h = Harness::visitor(options, 100, 30).await;
    h.until("the local timeline refused", |s| {
        s.accounts[0].tabs[0]
            .error
            .as_deref()
            .is_some_and(|e| e.contains("logged-in users only"))
    })
    .await;
    assert!(said(h.state(), "logged-in users only"));
    // Not a login to renew: a visitor has none.
    assert!(!h.state().accounts[0].needs_login);
    let screen = h.screen();
    assert!(screen.contains("logged-in users only"), "{screen}");
    // Profiles and threads still read.
    h.command("user @ferris");
    h.until("@ferris's posts", |s| tab_loaded(s, false, ferris))
        .await;
}
