//! The local cache: the newest page of each tab is written to the data
//! directory (mode 0600) on quit; the next start draws it before the
//! server answers, marked as cached, and merges the server's page without
//! moving the reader; offline, the cached posts stay readable with an
//! offline marker; `[cache] enabled = false` keeps nothing.

use trompe::app::PageItems;
use trompe::app::cache::{CachedTab, Snapshot};
use trompe::config::Paths;
use trompe_testkit::{Harness, app_of, screen, until};

const LABEL: &str = "demo@demo";

/// Runs the demo account's TUI until home is loaded, moves the reader
/// `down` posts, quits, and returns the selected post's id and its row on
/// the screen (in cards from the top).
async fn a_run_that_leaves_a_cache(h: &mut Harness, paths: &Paths, down: usize) -> (String, usize) {
    h.app.set_data_dirs(paths.clone());
    h.app.state.cache_enabled = true;
    h.app.state.accounts[0].cache_key = Some(LABEL.into());
    h.ready().await;
    for _ in 0..down {
        h.press("j");
    }
    h.until("the reader moved", move |s| {
        s.accounts[0].tabs[0].selected == down
    })
    .await;
    h.screen();
    let tab = &h.state().accounts[0].tabs[0];
    let selected = tab.selected_id().unwrap().to_string();
    let row = tab.selected - tab.viewport.top;
    h.quit().await;
    (selected, row)
}

/// The statuses a cached tab holds (it must hold statuses).
fn statuses(tab: &CachedTab) -> &[trompe::api::entities::Status] {
    match &tab.items {
        PageItems::Statuses(v) => v,
        other => panic!("a tab of statuses, not {other:?}"),
    }
}

fn read(paths: &Paths) -> Snapshot {
    let text = std::fs::read_to_string(trompe::cache::path(paths, LABEL)).unwrap();
    serde_json::from_str(&text).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_next_start_draws_the_cache_at_once_and_keeps_the_reader() {
    let mut h = Harness::demo().await;
    let dir = tempfile::tempdir().unwrap();
    let paths = Paths::under(dir.path());
    let (selected, row_before) = a_run_that_leaves_a_cache(&mut h, &paths, 3).await;
    assert!(row_before > 0, "the reader is not on the first card");

    // What was written: one page of home, the reader's post, mode 0600.
    let file = trompe::cache::path(&paths, LABEL);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(&file).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    let snap = read(&paths);
    assert_eq!(snap.account, LABEL);
    let home = snap.tabs.iter().find(|t| t.title == "Home").unwrap();
    assert!(!statuses(home).is_empty());
    assert!(statuses(home).len() <= trompe::app::cache::ITEMS_KEPT);
    assert_eq!(home.selected.as_deref(), Some(selected.as_str()));
    let cached_ids: Vec<String> = statuses(home)
        .iter()
        .map(|s| s.id.as_str().to_string())
        .collect();

    // Meanwhile, a new post in home.
    let fresh = h
        .server
        .post_as("ferris", "Written while trompe was closed")
        .unwrap();
    let asked = h.server.requests("/api/v1/timelines/home");

    // The next start, before anything reached the server.
    let mut app = app_of(&h.server, 100, 30);
    app.set_data_dirs(paths.clone());
    app.state.cache_enabled = true;
    app.state.accounts[0].cache_key = Some(LABEL.into());
    let snap = trompe::cache::load(&paths, LABEL).expect("the cache reads back");
    assert!(trompe::app::cache::restore(&mut app.state.accounts[0], snap) >= 1);
    app.draw().unwrap();
    let first = screen(&app);
    assert!(first.contains("cached"), "{first}");
    assert!(
        first.contains(&format!(" 4/{}", cached_ids.len())),
        "{first}"
    );
    assert_eq!(h.server.requests("/api/v1/timelines/home"), asked);
    let tab = &app.state.accounts[0].tabs[0];
    assert_eq!(tab.ids, cached_ids);
    assert_eq!(tab.selected_id(), Some(selected.as_str()));
    let row = tab.selected - tab.viewport.top;
    // The same screen as when the last run quit.
    assert_eq!(row, row_before);

    // The server's page merges: the reader stays on their post, on the same
    // row, and the new post waits above.
    let (tx, mut rx) = futures::channel::mpsc::unbounded();
    until(&mut app, &mut rx, "the server's page merged", |s| {
        s.accounts[0].tabs[0].cached.is_none() && !s.accounts[0].tabs[0].busy()
    })
    .await;
    let tab = &app.state.accounts[0].tabs[0];
    assert_eq!(tab.selected_id(), Some(selected.as_str()));
    assert_eq!(tab.selected - tab.viewport.top, row);
    assert_eq!(tab.ids[0], fresh);
    assert!(tab.unread >= 1);
    app.draw().unwrap();
    let merged = screen(&app);
    assert!(merged.contains("new (g)"), "{merged}");
    assert!(!merged.contains("cached"), "{merged}");
    // `g` goes up to it.
    trompe_testkit::press(&tx, "g");
    until(&mut app, &mut rx, "the reader at the new post", |s| {
        let t = &s.accounts[0].tabs[0];
        t.selected == 0 && t.unread == 0
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn offline_the_cached_posts_stay_readable() {
    let mut h = Harness::demo().await;
    let dir = tempfile::tempdir().unwrap();
    let paths = Paths::under(dir.path());
    let (selected, _) = a_run_that_leaves_a_cache(&mut h, &paths, 0).await;
    let cached = statuses(&read(&paths).tabs[0]).len();

    // The instance cannot be reached: nothing listens on its port.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let base = url::Url::parse(&format!("http://{}/", closed.local_addr().unwrap())).unwrap();
    drop(closed);
    let client = trompe::api::Client::new(
        base,
        Some(trompe::api::AccessToken::new(h.server.token().to_string())),
    )
    .unwrap();
    let state = trompe::app::State::new(
        vec![trompe::app::AccountState {
            cache_key: Some(LABEL.into()),
            ..trompe::app::AccountState::new(LABEL, "demo")
        }],
        time::OffsetDateTime::now_utc(),
    );
    let mut app = trompe::tui::App::new(
        ratatui::Terminal::new(ratatui::backend::TestBackend::new(100, 30)).unwrap(),
        state,
        vec![client],
    );
    app.set_data_dirs(paths.clone());
    app.state.cache_enabled = true;
    let snap = trompe::cache::load(&paths, LABEL).unwrap();
    trompe::app::cache::restore(&mut app.state.accounts[0], snap);
    let (tx, mut rx) = futures::channel::mpsc::unbounded();
    until(&mut app, &mut rx, "the load failed", |s| {
        s.accounts[0].tabs[0].error.is_some()
    })
    .await;
    let tab = &app.state.accounts[0].tabs[0];
    assert_eq!(tab.ids.len(), cached);
    assert!(tab.cached.is_some());
    app.draw().unwrap();
    let shown = screen(&app);
    assert!(shown.contains("offline, cached"), "{shown}");
    // The posts read as before.
    trompe_testkit::press(&tx, "j");
    until(&mut app, &mut rx, "the reader moved", |s| {
        s.accounts[0].tabs[0].selected == 1
    })
    .await;
    // Quitting offline keeps the cache as it was: nothing new to write.
    trompe_testkit::press(&tx, "q");
    app.run(&mut rx).await.unwrap();
    let kept = read(&paths);
    assert_eq!(statuses(&kept.tabs[0]).len(), cached);
    // Not written again: the reader's move offline is not in it.
    assert_eq!(kept.tabs[0].selected.as_deref(), Some(selected.as_str()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_the_cache_off_nothing_is_written() {
    let mut h = Harness::demo().await;
    let dir = tempfile::tempdir().unwrap();
    let paths = Paths::under(dir.path());
    h.app.set_data_dirs(paths.clone());
    // An account with a cache key, but the cache is off.
    h.app.state.accounts[0].cache_key = Some(LABEL.into());
    h.ready().await;
    h.quit().await;
    assert!(!trompe::cache::path(&paths, LABEL).exists());
    assert!(trompe::cache::load(&paths, LABEL).is_none());
}
