//! The harness every trompe test uses: the demo instance and a client of
//! it, the TUI on a test terminal, keys, waiting for a state (never for an
//! amount of time) with one timeout, and fixtures.
//!
//! Tests fail loudly here rather than return errors, so `unwrap` is fine.
#![allow(clippy::unwrap_used)]

use std::time::Duration;

use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};

use ratatui::buffer::Buffer;
use serde_json::{Value, json};
use time::OffsetDateTime;
use time::macros::datetime;
use trompe::api::entities::Status;
use trompe::app::{AccountState, State};

/// The fixed clock of every snapshot.
pub const NOW: OffsetDateTime = datetime!(2026-11-27 12:00 UTC);

/// An account JSON.
pub fn account(id: &str, username: &str, display: &str) -> Value {
    json!({
        "id": id, "username": username, "acct": username, "display_name": display,
        "locked": false, "bot": false, "created_at": "2024-01-01T00:00:00.000Z",
        "note": "", "url": format!("https://demo.example/@{username}"),
        "avatar": "", "avatar_static": "", "header": "", "header_static": "",
        "followers_count": 1, "following_count": 2, "statuses_count": 3,
        "emojis": [], "fields": []
    })
}

/// A status JSON posted `minutes` before [`NOW`].
pub fn status(id: &str, acc: Value, content: &str, minutes: i64) -> Value {
    let at = NOW - time::Duration::minutes(minutes);
    json!({
        "id": id, "uri": format!("https://demo.example/statuses/{id}"),
        "url": format!("https://demo.example/@x/{id}"),
        "created_at": at.format(&time::format_description::well_known::Rfc3339).unwrap(),
        "account": acc, "content": content, "spoiler_text": "", "visibility": "public",
        "sensitive": false, "language": "en", "in_reply_to_id": null, "in_reply_to_account_id": null,
        "reblog": null, "media_attachments": [], "mentions": [], "tags": [], "emojis": [],
        "replies_count": 1, "reblogs_count": 2, "favourites_count": 3,
        "favourited": false, "reblogged": false, "bookmarked": false, "poll": null, "card": null
    })
}

/// Decodes a status JSON.
pub fn decode(v: Value) -> Status {
    serde_json::from_value(v).expect("fixture decodes")
}

/// A state with one account whose home tab holds `statuses` (newest first).
pub fn state_with(statuses: Vec<Status>) -> State {
    let mut acc = AccountState::new("demo@demo.example", "demo.example");
    let ids = statuses.iter().map(|s| s.id.as_str().to_string()).collect();
    for s in statuses {
        acc.statuses.insert(s.id.clone(), s);
    }
    acc.tabs[0].set_initial(ids, None);
    acc.stream = trompe::app::StreamStatus::Live;
    State::new(vec![acc], NOW)
}

/// A small realistic home timeline.
pub fn sample_home() -> Vec<Status> {
    let alice = account("1", "alice", "Alice Martin");
    let bob = account("2", "bob@other.example", "Bob 🦀");
    let haruki = account("3", "haruki", "春樹");
    let mut v = vec![
        status(
            "110",
            alice.clone(),
            "<p>Just shipped a tiny fix to the <a href=\"https://demo.example/tags/rust\" class=\"mention hashtag\" rel=\"tag\">#<span>rust</span></a> docs. Small wins count!</p>",
            2,
        ),
        status(
            "109",
            bob.clone(),
            "<p><span class=\"h-card\"><a href=\"https://demo.example/@alice\" class=\"u-url mention\">@<span>alice</span></a></span> nice! Try <code>cargo fmt</code> before committing.</p><p>Second paragraph with a link <a href=\"https://example.com/a/very/long/path/that/goes/on\" rel=\"nofollow noopener\"><span class=\"invisible\">https://</span><span class=\"ellipsis\">example.com/a/very/long/pat</span><span class=\"invisible\">h/that/goes/on</span></a></p>",
            15,
        ),
        status(
            "108",
            haruki.clone(),
            "<p>今日は新しいキーボードが届きました ⌨️ 👩‍💻</p>",
            90,
        ),
    ];
    v[1]["in_reply_to_id"] = json!("110");
    v[1]["in_reply_to_account_id"] = json!("1");
    v[1]["mentions"] = json!([{"id": "1", "username": "alice", "acct": "alice", "url": "https://demo.example/@alice"}]);
    let mut cw = status(
        "107",
        alice.clone(),
        "<p>The ending of the book was a surprise.</p>",
        300,
    );
    cw["spoiler_text"] = json!("book spoilers");
    v.push(cw);
    let mut boost = status("106", bob, "", 600);
    boost["reblog"] = status("100", haruki, "<p>東京は雨です ☔</p>", 700);
    v.push(boost);
    let mut media = status("105", alice, "<p>Sunset from the balcony.</p>", 2000);
    media["media_attachments"] = json!([
        {"id": "m1", "type": "image", "url": "https://demo.example/m1.png", "preview_url": null, "description": "An orange sky over rooftops", "meta": {"original": {"width": 1200, "height": 800}}},
        {"id": "m2", "type": "image", "url": "https://demo.example/m2.png", "preview_url": null, "description": null}
    ]);
    v.push(media);
    v.into_iter().map(decode).collect()
}

/// The text of a buffer, one string per row (the cells hidden behind a wide
/// character are skipped, so the text reads as on screen).
pub fn rows(buf: &Buffer) -> Vec<String> {
    let area = buf.area;
    (0..area.height)
        .map(|y| {
            let mut line = String::new();
            let mut x = 0;
            while x < area.width {
                let sym = buf.cell((x, y)).map(|c| c.symbol()).unwrap_or(" ");
                line.push_str(sym);
                x += (unicode_width::UnicodeWidthStr::width(sym) as u16).max(1);
            }
            line
        })
        .collect()
}

/// Renders a state into a buffer of the given size.
pub fn render(state: &State, width: u16, height: u16) -> Buffer {
    render_with(state, width, height, &trompe::ui::Theme::default())
}

/// Renders a state with a theme.
pub fn render_with(state: &State, width: u16, height: u16, theme: &trompe::ui::Theme) -> Buffer {
    let area = ratatui::layout::Rect::new(0, 0, width, height);
    let mut buf = Buffer::empty(area);
    trompe::ui::render_buffer(&mut buf, area, state, theme);
    buf
}

/// Plays the browser on an authorize URL: loads the page, then submits the
/// form with `decision` (approve/deny), without following the redirect.
pub async fn approve(auth_url: &url::Url, decision: &str) -> reqwest::Response {
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let page = http.get(auth_url.clone()).send().await.unwrap();
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains("would like permission"), "{html}");
    let mut form: Vec<(String, String)> = auth_url
        .query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    form.push(("decision".into(), decision.into()));
    let mut post = auth_url.clone();
    post.set_query(None);
    http.post(post).form(&form).send().await.unwrap()
}

/// The code shown on the out-of-band authorization page.
pub fn code_from_page(html: &str) -> String {
    html.split("value=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("a code on the page")
        .to_string()
}

/// A key press event for the TUI's input channel.
pub fn key(c: char) -> std::io::Result<Event> {
    Ok(Event::Key(KeyEvent::new(
        KeyCode::Char(c),
        KeyModifiers::NONE,
    )))
}

/// A named key (Enter, Tab, Esc) for the TUI's input channel.
pub fn named(code: KeyCode) -> std::io::Result<Event> {
    Ok(Event::Key(KeyEvent::new(code, KeyModifiers::NONE)))
}

/// Types `:cmd` and Enter.
pub fn command(tx: &Tx, cmd: &str) {
    tx.unbounded_send(key(':')).unwrap();
    type_text(tx, cmd);
    enter(tx);
}

/// What pressing the single key `name` asks for in `state`, through its
/// live keymap, as the TUI resolves it (for tests of `update` without a
/// terminal).
pub fn key_action(state: &State, name: &str) -> trompe::app::Action {
    use trompe::app::keymap::Resolved;
    match state.keymap.resolve(&state.key_modes(), &[], name) {
        Resolved::Command(c) => c.action(),
        Resolved::Unbound(keys) => trompe::app::Action::UnboundKey(keys),
        Resolved::Prefix => panic!("`{name}` starts a key sequence"),
    }
}

/// The sending end of the TUI's input channel, and its receiving end.
pub type Tx = futures::channel::mpsc::UnboundedSender<std::io::Result<Event>>;
pub type Rx = futures::channel::mpsc::UnboundedReceiver<std::io::Result<Event>>;

/// A demo instance (default options) and a client logged in as its demo
/// account.
pub async fn demo() -> (trompe_demo::DemoServer, trompe::api::Client) {
    demo_with(trompe_demo::DemoOptions::default()).await
}

/// A demo instance with `options`, and a client of its demo account.
pub async fn demo_with(
    options: trompe_demo::DemoOptions,
) -> (trompe_demo::DemoServer, trompe::api::Client) {
    let server = trompe_demo::DemoServer::start(options).await.unwrap();
    let client = client_of(&server);
    (server, client)
}

/// A client of `server`'s demo account.
pub fn client_of(server: &trompe_demo::DemoServer) -> trompe::api::Client {
    use trompe::api::{AccessToken, Client};
    Client::new(
        server.base_url().clone(),
        Some(AccessToken::new(server.token())),
    )
    .unwrap()
}

/// The TUI on a `width`×`height` test terminal, logged in to `server`
/// with its clock at the wall clock (the app's ticks keep it there).
pub fn app_of(
    server: &trompe_demo::DemoServer,
    width: u16,
    height: u16,
) -> trompe::tui::App<ratatui::backend::TestBackend> {
    let state = State::new(
        vec![AccountState::new("demo@demo", "demo")],
        OffsetDateTime::now_utc(),
    );
    trompe::tui::App::new(
        ratatui::Terminal::new(ratatui::backend::TestBackend::new(width, height)).unwrap(),
        state,
        vec![client_of(server)],
    )
}

/// A demo instance, a client of its demo account, and the TUI on a 100×30
/// test terminal logged in as that account.
pub async fn demo_app() -> (
    trompe_demo::DemoServer,
    trompe::api::Client,
    trompe::tui::App<ratatui::backend::TestBackend>,
) {
    let (server, client) = demo().await;
    let app = app_of(&server, 100, 30);
    (server, client, app)
}

/// The screen of a test terminal as text, one line a row.
pub fn screen(app: &trompe::tui::App<ratatui::backend::TestBackend>) -> String {
    rows(app.terminal().backend().buffer()).join("\n")
}

/// A key with Ctrl held.
pub fn ctrl(c: char) -> std::io::Result<Event> {
    Ok(Event::Key(KeyEvent::new(
        KeyCode::Char(c),
        KeyModifiers::CONTROL,
    )))
}

/// Types `s`, one key a character.
pub fn type_text(tx: &Tx, s: &str) {
    for c in s.chars() {
        tx.unbounded_send(key(c)).unwrap();
    }
}

/// Presses Enter.
pub fn enter(tx: &Tx) {
    tx.unbounded_send(named(KeyCode::Enter)).unwrap();
}

/// Presses the key named as in the keymap and the config file: `j`, `G`,
/// `Enter`, `Esc`, `Tab`, `BackTab`, `Up`, `ctrl-s`, `F5`, …
pub fn press(tx: &Tx, name: &str) {
    tx.unbounded_send(Ok(Event::Key(key_event(name)))).unwrap();
}

/// The key event of a key name (see [`press`]).
pub fn key_event(name: &str) -> KeyEvent {
    let (mods, rest) = match name.strip_prefix("ctrl-") {
        Some(r) => (KeyModifiers::CONTROL, r),
        None => (KeyModifiers::NONE, name),
    };
    let code = match rest {
        "Enter" => KeyCode::Enter,
        "Esc" => KeyCode::Esc,
        "Tab" => KeyCode::Tab,
        "BackTab" => KeyCode::BackTab,
        "Backspace" => KeyCode::Backspace,
        "Delete" => KeyCode::Delete,
        "Up" => KeyCode::Up,
        "Down" => KeyCode::Down,
        "Left" => KeyCode::Left,
        "Right" => KeyCode::Right,
        "Home" => KeyCode::Home,
        "End" => KeyCode::End,
        "PageUp" => KeyCode::PageUp,
        "PageDown" => KeyCode::PageDown,
        f if f.len() > 1 && f.starts_with('F') => KeyCode::F(f[1..].parse().unwrap()),
        c => {
            let mut chars = c.chars();
            let ch = chars.next().unwrap();
            assert!(chars.next().is_none(), "not a key name: {name}");
            KeyCode::Char(ch)
        }
    };
    KeyEvent::new(code, mods)
}

/// One end-to-end test's world: the demo instance, a client of its demo
/// account, and the TUI on a test terminal with its input channel. Tests
/// say what a user does ([`Harness::press`], [`Harness::type_text`],
/// [`Harness::command`]) and wait for what should follow
/// ([`Harness::until`]).
pub struct Harness {
    /// Shared, so a predicate can ask the server while the harness runs:
    /// `let server = h.server.clone(); h.until("…", |_| server.…).await`.
    pub server: std::sync::Arc<trompe_demo::DemoServer>,
    pub client: trompe::api::Client,
    pub app: trompe::tui::App<ratatui::backend::TestBackend>,
    pub tx: Tx,
    pub rx: Rx,
}

impl Harness {
    /// The demo instance (default options) and the TUI at 100×30.
    pub async fn demo() -> Harness {
        Harness::with(trompe_demo::DemoOptions::default(), 100, 30).await
    }

    /// The demo instance with `options` and the TUI at `width`×`height`.
    pub async fn with(options: trompe_demo::DemoOptions, width: u16, height: u16) -> Harness {
        let (server, client) = demo_with(options).await;
        let app = app_of(&server, width, height);
        Harness::around(server, client, app)
    }

    /// The harness of a server, a client of it, and an app.
    fn around(
        server: trompe_demo::DemoServer,
        client: trompe::api::Client,
        app: trompe::tui::App<ratatui::backend::TestBackend>,
    ) -> Harness {
        let (tx, rx) = futures::channel::mpsc::unbounded();
        Harness {
            server: std::sync::Arc::new(server),
            client,
            app,
            tx,
            rx,
        }
    }

    /// The demo instance with `options`, and the TUI at `width`×`height`
    /// as a visitor (`trompe --instance`): no account, no token.
    pub async fn visitor(options: trompe_demo::DemoOptions, width: u16, height: u16) -> Harness {
        let (server, client) = demo_with(options).await;
        let host = server.addr().to_string();
        let state = State::new(vec![AccountState::visitor(host)], OffsetDateTime::now_utc());
        let anonymous = trompe::api::Client::new(server.base_url().clone(), None).unwrap();
        let app = trompe::tui::App::new(
            ratatui::Terminal::new(ratatui::backend::TestBackend::new(width, height)).unwrap(),
            state,
            vec![anonymous],
        );
        Harness::around(server, client, app)
    }

    /// The app's state.
    pub fn state(&self) -> &State {
        &self.app.state
    }

    /// Presses a key by name (see [`press`]).
    pub fn press(&self, name: &str) {
        press(&self.tx, name);
    }

    /// Types text, one key a character.
    pub fn type_text(&self, s: &str) {
        type_text(&self.tx, s);
    }

    /// Types `:cmd` and Enter.
    pub fn command(&self, cmd: &str) {
        command(&self.tx, cmd);
    }

    /// Runs the app until `done` holds; fails naming `what` after [`WAIT`].
    pub async fn until(&mut self, what: &str, done: impl Fn(&State) -> bool) {
        until(&mut self.app, &mut self.rx, what, done).await;
    }

    /// Runs the app until `done` holds; fails naming `what` after [`WAIT`],
    /// with what `detail` says of the state then (for a wait that is hard
    /// to diagnose from the messages alone).
    pub async fn until_with(
        &mut self,
        what: &str,
        done: impl Fn(&State) -> bool,
        detail: impl Fn(&State) -> String,
    ) {
        until_with(&mut self.app, &mut self.rx, what, done, detail).await;
    }

    /// Runs the app until the first account is ready: its home tab loaded,
    /// its identity known and its stream live.
    pub async fn ready(&mut self) {
        self.until(
            "the home tab loaded, the account known and the stream live",
            |s| {
                s.accounts[0].tabs[0].loaded
                    && s.accounts[0].me.is_some()
                    && s.accounts[0].stream == trompe::app::StreamStatus::Live
            },
        )
        .await;
    }

    /// Presses `q` and runs the app until it has quit.
    pub async fn quit(&mut self) {
        self.press("q");
        self.app.run(&mut self.rx).await.unwrap();
    }

    /// Runs the app until its clock ticked once more (see [`settle`]).
    pub async fn settle(&mut self) {
        settle(&mut self.app, &mut self.rx).await;
    }

    /// Draws a frame and returns the screen as text.
    pub fn screen(&mut self) -> String {
        self.app.draw().unwrap();
        screen(&self.app)
    }
}

/// How long a test waits for a state before it fails. Generous on purpose:
/// a loaded machine is slow, not wrong. Tests wait for states (a view, a
/// server's answer, a file), never for an amount of time.
pub const WAIT: Duration = Duration::from_secs(60);

/// Runs the app until `done` holds, and fails naming `what` never came.
pub async fn until<B, S>(
    app: &mut trompe::tui::App<B>,
    input: &mut S,
    what: &str,
    done: impl Fn(&State) -> bool,
) where
    B: ratatui::backend::Backend,
    S: futures::Stream<Item = std::io::Result<ratatui::crossterm::event::Event>> + Unpin,
{
    until_with(app, input, what, done, |_| String::new()).await;
}

/// [`until`], and on failure what `detail` says of the state then.
pub async fn until_with<B, S>(
    app: &mut trompe::tui::App<B>,
    input: &mut S,
    what: &str,
    done: impl Fn(&State) -> bool,
    detail: impl Fn(&State) -> String,
) where
    B: ratatui::backend::Backend,
    S: futures::Stream<Item = std::io::Result<ratatui::crossterm::event::Event>> + Unpin,
{
    let reached = app.run_until(input, done, WAIT).await.unwrap();
    if !reached {
        let s = &app.state;
        let compose = s
            .compose
            .as_ref()
            .map(|c| (c.sending, c.error.clone(), c.field, c.saved_at));
        let view = s.account().and_then(|a| a.views.last()).map(|v| v.title());
        let detail = detail(s);
        panic!(
            "waited {} s for {what}\n  messages: {:?}\n  compose (sending, error, field, saved_at): {compose:?}\n  top view: {view:?}{}",
            WAIT.as_secs(),
            s.messages.iter().map(|m| &m.text).collect::<Vec<_>>(),
            if detail.is_empty() {
                String::new()
            } else {
                format!("\n  {detail}")
            }
        );
    }
}

/// Runs the app until `done` holds of the app itself (what is drawn, what
/// its workers still do: states outside `State`), and fails naming `what`
/// after [`WAIT`]. The app's loop runs in short turns between the checks.
pub async fn until_drawn<B, S>(
    app: &mut trompe::tui::App<B>,
    input: &mut S,
    what: &str,
    done: impl Fn(&mut trompe::tui::App<B>) -> bool,
) where
    B: ratatui::backend::Backend,
    S: futures::Stream<Item = std::io::Result<ratatui::crossterm::event::Event>> + Unpin,
{
    let deadline = std::time::Instant::now() + WAIT;
    while !done(app) {
        assert!(
            std::time::Instant::now() < deadline,
            "waited {} s for {what}",
            WAIT.as_secs()
        );
        // A turn of the loop: whatever arrives is handled and drawn.
        let _ = app
            .run_until(input, |_| false, Duration::from_millis(20))
            .await;
    }
}

/// Has a message containing `text` been shown this session (the toast may
/// be gone by now)?
pub fn said(s: &State, text: &str) -> bool {
    s.messages.iter().any(|m| m.text.contains(text))
}

/// How many messages containing `text` have been shown this session.
pub fn said_times(s: &State, text: &str) -> usize {
    s.messages.iter().filter(|m| m.text.contains(text)).count()
}

/// Lets the app run until its clock has ticked past one more second, so the
/// keys already sent are handled and the work they start has begun. For
/// checks that something did *not* happen; it cannot fail a test by itself.
pub async fn settle<B, S>(app: &mut trompe::tui::App<B>, input: &mut S)
where
    B: ratatui::backend::Backend,
    S: futures::Stream<Item = std::io::Result<ratatui::crossterm::event::Event>> + Unpin,
{
    let after = time::OffsetDateTime::now_utc() + time::Duration::seconds(1);
    until(app, input, "two ticks of the clock", |s| s.now >= after).await;
}

/// Asks `check` every 20 ms until it holds, and fails naming `what` after
/// [`WAIT`]. For states outside the app: the server's, a file's.
pub async fn eventually<F, Fut>(what: &str, mut check: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let deadline = std::time::Instant::now() + WAIT;
    while !check().await {
        assert!(
            std::time::Instant::now() < deadline,
            "waited {} s for {what}",
            WAIT.as_secs()
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}
