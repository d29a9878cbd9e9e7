//! Inline image previews end to end against the demo instance: the thread
//! view of a post with pictures fetches them once, decodes them, keeps them
//! in the cache and draws them (halfblocks on the test terminal); sensitive
//! media wait for z; previews off fetch nothing; a broken file shows as
//! "preview unavailable".

#![allow(clippy::unwrap_used)]

use common::screen;
use trompe_testkit as common;

use futures::channel::mpsc;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{Event, KeyCode};
use trompe::app::images::{Preview, preview_url, previewable};
use trompe::app::views::View;
use trompe::app::{State, TabKind};
use trompe::tui::App;
use trompe_demo::DemoServer;

use common::Rx;
use common::Tx;

fn halfblocks(text: &str) -> bool {
    text.contains('▀') || text.contains('▄')
}

/// Lets the loop run until the previews' worker has encoded everything
/// and the screen shows halfblocks (at most [`WAIT`]).
async fn wait_drawn(app: &mut App<TestBackend>, rx: &mut Rx) {
    common::until_drawn(app, rx, "the previews encoded and drawn", |app| {
        app.previews_pending() == 0 && halfblocks(&screen(app))
    })
    .await;
}

/// The path part of a demo URL.
fn path(url: &str) -> String {
    url::Url::parse(url).unwrap().path().to_string()
}

/// Index in the active tab of the first post whose pictures match
/// `sensitive`.
fn find(state: &State, sensitive: bool) -> Option<usize> {
    let acc = &state.accounts[0];
    acc.tab()?.ids.iter().position(|id| {
        acc.status(id).is_some_and(|s| {
            let o = s.original();
            o.sensitive == sensitive
                && !previewable(s).is_empty()
                && previewable(s)
                    .iter()
                    .all(|m| m.kind == trompe::api::entities::MediaType::Image)
        })
    })
}

/// The preview URLs of the thread's focus.
fn focus_urls(state: &State) -> Vec<String> {
    let acc = &state.accounts[0];
    let Some(View::Thread(t)) = acc.views.last() else {
        return vec![];
    };
    acc.statuses
        .get(&t.focus)
        .map(|s| {
            previewable(s)
                .into_iter()
                .filter_map(preview_url)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

fn thread_loaded(s: &State) -> bool {
    matches!(s.accounts[0].views.last(), Some(View::Thread(t)) if t.loading.is_none())
}

fn all_ready(s: &State) -> bool {
    let urls = focus_urls(s);
    !urls.is_empty()
        && urls
            .iter()
            .all(|u| matches!(s.images.get(u), Some(Preview::Ready(_))))
}

/// Starts the app, waits for home, runs `cmd` (opening a tab) if any, and
/// opens the thread of the item found by `pick`.
async fn open(
    cmd: Option<&str>,
    pick: impl Fn(&State) -> Option<usize>,
) -> (
    DemoServer,
    App<TestBackend>,
    Tx,
    mpsc::UnboundedReceiver<std::io::Result<Event>>,
) {
    let (server, _client, app) = common::demo_app().await;
    let (tx, rx) = mpsc::unbounded();
    let mut this = (server, app, tx, rx);
    prepare(&mut this.1, &mut this.3).await;
    if let Some(cmd) = cmd {
        common::command(&this.2, cmd);
        common::until(&mut this.1, &mut this.3, "the tab opened and loaded", |s| {
            s.accounts[0].active_tab > 0 && s.accounts[0].tab().is_some_and(|t| t.loaded)
        })
        .await;
    }
    let idx = pick(&this.1.state).expect("a post with pictures");
    eprintln!("opening item {idx} of {:?}", cmd);
    for _ in 0..idx {
        this.2.unbounded_send(common::key('j')).unwrap();
    }
    this.2
        .unbounded_send(common::named(KeyCode::Enter))
        .unwrap();
    common::until(&mut this.1, &mut this.3, "the thread loaded", thread_loaded).await;
    (this.0, this.1, this.2, this.3)
}

async fn prepare(
    app: &mut App<TestBackend>,
    rx: &mut mpsc::UnboundedReceiver<std::io::Result<Event>>,
) {
    common::until(app, rx, "the home tab loaded", |s| {
        s.accounts[0].tabs[0].loaded && matches!(s.accounts[0].tabs[0].kind, TabKind::Timeline(_))
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn previews_are_fetched_once_cached_and_drawn() {
    let (server, mut app, tx, mut rx) = open(None, |s| find(s, false)).await;
    common::until(&mut app, &mut rx, "every account ready", all_ready).await;
    let urls = focus_urls(&app.state);
    // The demo's small previews, downloaded once each.
    for u in &urls {
        assert!(u.ends_with("/small.png"), "{u}");
        assert_eq!(server.file_requests(&path(u)), 1, "{u}");
    }
    assert_eq!(app.state.images.fetches, urls.len() as u64);
    assert_eq!(app.state.images.ready_count(), urls.len());
    let used = app.state.images.used_bytes();
    assert!(used > 0 && used <= app.state.images.budget());
    eprintln!(
        "{} preview(s) cached: {used} bytes of pixels",
        app.state.images.ready_count()
    );
    // Drawn: halfblock cells in the rows below the focused post.
    wait_drawn(&mut app, &mut rx).await;
    // Encoded once for this size: later frames do not go back to the worker.
    common::settle(&mut app, &mut rx).await;
    app.draw().unwrap();
    assert_eq!(app.previews_pending(), 0);
    assert!(halfblocks(&screen(&app)));

    // Back and open again: nothing is downloaded a second time.
    tx.unbounded_send(common::named(KeyCode::Esc)).unwrap();
    common::until(&mut app, &mut rx, "back on the tabs", |s| {
        s.accounts[0].views.is_empty()
    })
    .await;
    assert!(!halfblocks(&screen(&app)), "no picture on the timeline");
    tx.unbounded_send(common::named(KeyCode::Enter)).unwrap();
    common::until(&mut app, &mut rx, "the thread loaded", thread_loaded).await;
    common::until(&mut app, &mut rx, "every account ready", all_ready).await;
    wait_drawn(&mut app, &mut rx).await;
    for u in &urls {
        assert_eq!(server.file_requests(&path(u)), 1, "{u}");
    }
    assert_eq!(app.state.images.fetches, urls.len() as u64);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sensitive_pictures_wait_for_z() {
    let (server, mut app, tx, mut rx) = open(Some("tag photography"), |s| find(s, true)).await;
    let urls = focus_urls(&app.state);
    assert!(!urls.is_empty());
    // A moment for anything that would (wrongly) be fetched.
    common::settle(&mut app, &mut rx).await;
    let text = screen(&app);
    assert!(text.contains("press z to show"), "{text}");
    assert!(!halfblocks(&text), "{text}");
    for u in &urls {
        assert_eq!(server.file_requests(&path(u)), 0, "{u}");
        assert!(app.state.images.get(u).is_none());
    }
    tx.unbounded_send(common::key('z')).unwrap();
    common::until(&mut app, &mut rx, "every account ready", all_ready).await;
    wait_drawn(&mut app, &mut rx).await;
    let text = screen(&app);
    assert!(!text.contains("press z to show"), "{text}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn previews_off_fetch_nothing() {
    let (server, _client, mut app) = common::demo_app().await;
    app.state.images = trompe::app::images::ImageCache::new(false, 32 << 20);
    let (tx, mut rx) = mpsc::unbounded();
    prepare(&mut app, &mut rx).await;
    let idx = find(&app.state, false).expect("a post with pictures");
    for _ in 0..idx {
        tx.unbounded_send(common::key('j')).unwrap();
    }
    tx.unbounded_send(common::named(KeyCode::Enter)).unwrap();
    common::until(&mut app, &mut rx, "the thread loaded", thread_loaded).await;
    common::settle(&mut app, &mut rx).await;
    assert_eq!(app.state.images.fetches, 0);
    for u in focus_urls(&app.state) {
        assert_eq!(server.file_requests(&path(&u)), 0, "{u}");
    }
    let text = screen(&app);
    assert!(!halfblocks(&text), "{text}");
    assert!(!text.contains("loading preview"), "{text}");
    assert!(
        text.contains("▣ image"),
        "the attachment list as before:\n{text}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_broken_file_shows_preview_unavailable_and_is_not_retried() {
    let (server, _client, mut app) = common::demo_app().await;
    // Every picture answers with half its bytes.
    server.faults().inject(
        "/system/media_attachments/",
        trompe_demo::Fault::TruncatedBody,
        100,
    );
    let (tx, mut rx) = mpsc::unbounded();
    prepare(&mut app, &mut rx).await;
    let idx = find(&app.state, false).expect("a post with pictures");
    for _ in 0..idx {
        tx.unbounded_send(common::key('j')).unwrap();
    }
    tx.unbounded_send(common::named(KeyCode::Enter)).unwrap();
    common::until(&mut app, &mut rx, "the thread loaded", thread_loaded).await;
    let failed = |s: &State| {
        let urls = focus_urls(s);
        !urls.is_empty()
            && urls
                .iter()
                .all(|u| matches!(s.images.get(u), Some(Preview::Failed(_))))
    };
    common::until(&mut app, &mut rx, "failed", failed).await;
    let text = screen(&app);
    assert!(text.contains("preview unavailable"), "{text}");
    // Moving around does not fetch the failures again.
    let fetches = app.state.images.fetches;
    for c in ['j', 'k', 'j', 'k'] {
        tx.unbounded_send(common::key(c)).unwrap();
    }
    common::settle(&mut app, &mut rx).await;
    assert_eq!(app.state.images.fetches, fetches);
    for u in focus_urls(&app.state) {
        assert_eq!(server.file_requests(&path(&u)), 1, "{u}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_fetcher_refuses_what_is_not_a_small_image() {
    let (server, _client, _app) = common::demo_app().await;
    let http = trompe::fetch_image::http_client().unwrap();
    let base = server.base_url().as_str().trim_end_matches('/').to_string();
    let png = format!("{base}/system/media_attachments/1/small.png");
    let started = std::time::Instant::now();
    let img = trompe::fetch_image::fetch(&http, &png).await.unwrap();
    eprintln!(
        "fetched and decoded a {:?} preview in {:?}",
        img.dimensions(),
        started.elapsed()
    );
    // JSON is not an image.
    let err = trompe::fetch_image::fetch(&http, &format!("{base}/api/v1/instance"))
        .await
        .unwrap_err();
    assert_eq!(err, "not an image");
    // An error status.
    let err = trompe::fetch_image::fetch(&http, &format!("{base}/nothing/here"))
        .await
        .unwrap_err();
    assert_eq!(err, "HTTP 404");
    // Over the download cap.
    let err = trompe::fetch_image::fetch_limited(&http, &png, 1000)
        .await
        .unwrap_err();
    assert_eq!(err, "file too large");
    // Not http(s).
    assert!(
        trompe::fetch_image::fetch(&http, "file:///etc/passwd")
            .await
            .is_err()
    );
}

/// Where the terminal shows pictures (kitty here), a custom emoji of a
/// name is fetched from the demo once and drawn as a picture in place of
/// its `:shortcode:`; on halfblocks, the shortcode stays.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn custom_emoji_are_pictures_where_the_terminal_shows_pictures() {
    let mut h = common::Harness::demo().await;
    h.ready().await;
    // On halfblocks (the test terminal's default): shortcodes.
    let shown = h.screen();
    assert!(shown.contains(":rustacean:"), "{shown}");
    let emoji_url = {
        let acc = &h.state().accounts[0];
        let s = acc
            .tab()
            .unwrap()
            .ids
            .iter()
            .filter_map(|id| acc.status(id))
            .find(|s| s.original().account.acct == "ferris")
            .expect("a post of @ferris in home");
        let e = &s.original().account.emojis;
        e.iter()
            .find(|e| e.shortcode == "rustacean")
            .unwrap()
            .static_url
            .clone()
    };
    assert!(
        h.state().images.get(&emoji_url).is_none(),
        "not fetched on halfblocks"
    );
    let mut kitty = ratatui_image::picker::Picker::halfblocks();
    kitty.set_protocol_type(ratatui_image::picker::ProtocolType::Kitty);
    h.app.set_picker(kitty);
    let url = emoji_url.clone();
    h.until("the emoji's picture fetched and decoded", move |s| {
        matches!(s.images.get(&url), Some(Preview::Ready(_)))
    })
    .await;
    common::until_drawn(&mut h.app, &mut h.rx, "the emoji drawn", |app| {
        app.previews_pending() == 0 && !screen(app).contains(":rustacean:")
    })
    .await;
    // The rows as the terminal shows them: a picture's cell (its escape
    // sequence, then kitty's placeholders) as one ▣.
    let buf = h.app.terminal().backend().buffer();
    let rows: Vec<String> = (0..buf.area.height)
        .map(|y| {
            (0..buf.area.width)
                .map(|x| {
                    let sym = buf[(x, y)].symbol();
                    if sym.starts_with('\u{1b}') {
                        "▣".to_string()
                    } else {
                        sym.to_string()
                    }
                })
                .collect()
        })
        .collect();
    let row = rows
        .iter()
        .find(|r| r.contains("Ferris") && r.contains("@ferris"))
        .unwrap_or_else(|| panic!("Ferris's header: {rows:#?}"));
    assert!(!row.contains(":rustacean:"), "{row}");
    assert!(
        row.contains("Ferris ▣"),
        "the picture after the name: {row}"
    );
    // Fetched once, whatever the frames.
    assert_eq!(h.server.file_requests(&path(&emoji_url)), 1);
}
