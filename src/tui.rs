//! Terminal set-up and restore, and the event loop: a `tokio::select!` over
//! terminal events, effect results and a clock tick, with redraws coalesced
//! to at most one per frame and only when something changed.

use std::io;
use std::time::Duration;

use futures::{Stream, StreamExt};
use ratatui::Terminal;
use ratatui::backend::Backend;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use tokio::sync::mpsc;
use tokio::time::Instant;

use crate::api::Client;
use crate::app::{self, Action, Effect, State, keymap};
use crate::effects::Runner;
use crate::ui::{self, Theme};

/// One frame at ~60 Hz: the shortest time between two redraws.
pub const FRAME: Duration = Duration::from_millis(16);

/// The key name used by the keymap for a key event.
pub fn key_name(k: &KeyEvent) -> Option<String> {
    if k.kind == KeyEventKind::Release {
        return None;
    }
    let ctrl = k.modifiers.contains(KeyModifiers::CONTROL);
    let name = match k.code {
        KeyCode::Char(c) if ctrl => format!("ctrl-{}", c.to_ascii_lowercase()),
        KeyCode::Char(c) => c.to_string(),
        KeyCode::Up => "Up".into(),
        KeyCode::Down => "Down".into(),
        KeyCode::Left => "Left".into(),
        KeyCode::Right => "Right".into(),
        KeyCode::PageUp => "PageUp".into(),
        KeyCode::PageDown => "PageDown".into(),
        KeyCode::Home => "Home".into(),
        KeyCode::End => "End".into(),
        KeyCode::Tab => "Tab".into(),
        KeyCode::BackTab => "BackTab".into(),
        KeyCode::Esc => "Esc".into(),
        KeyCode::Enter => "Enter".into(),
        KeyCode::Backspace => "Backspace".into(),
        KeyCode::Delete => "Delete".into(),
        KeyCode::F(n) => format!("F{n}"),
        _ => return None,
    };
    Some(name)
}

/// Maps a terminal event that is not a key (a resize, focus) to an action;
/// keys go through the live keymap ([`App`]) or a text field.
fn screen_event_action(ev: &Event) -> Option<Action> {
    match ev {
        Event::Resize(w, h) => Some(Action::Resize {
            width: *w,
            height: *h,
        }),
        Event::FocusGained => Some(Action::FocusGained),
        _ => None,
    }
}

/// Maps a terminal event to an action while a text field has the focus.
pub fn text_action(ev: &Event) -> Option<Action> {
    use crate::app::TextKey;
    match ev {
        Event::Key(k) if k.kind != KeyEventKind::Release => {
            let ctrl = k.modifiers.contains(KeyModifiers::CONTROL);
            let t = match k.code {
                KeyCode::Char('c') if ctrl => return Some(Action::Command(keymap::Command::Quit)),
                KeyCode::Char(c) if ctrl => TextKey::Ctrl(c.to_ascii_lowercase()),
                KeyCode::Char(c) => TextKey::Char(c),
                KeyCode::Backspace => TextKey::Backspace,
                KeyCode::Enter if ctrl => TextKey::Ctrl('s'),
                KeyCode::Enter => TextKey::Enter,
                KeyCode::Esc => TextKey::Esc,
                KeyCode::Tab => TextKey::Tab,
                KeyCode::Delete => TextKey::Delete,
                KeyCode::Left if ctrl => TextKey::WordLeft,
                KeyCode::Right if ctrl => TextKey::WordRight,
                KeyCode::Left => TextKey::Left,
                KeyCode::Right => TextKey::Right,
                KeyCode::Up => TextKey::Up,
                KeyCode::Down => TextKey::Down,
                KeyCode::Home => TextKey::Home,
                KeyCode::End => TextKey::End,
                _ => return None,
            };
            Some(Action::Text(t))
        }
        Event::Paste(t) => Some(Action::Text(TextKey::Paste(t.clone()))),
        _ => screen_event_action(ev),
    }
}

/// Lends the terminal to another program (the external editor) and takes
/// it back. The real terminal has one; tests run without, so the editor
/// runs with the test's terminal left as it is.
pub trait Suspend {
    /// Leaves the TUI modes and stops reading the keyboard.
    fn suspend(&mut self) -> io::Result<()>;
    /// Enters them again (the screen is redrawn in full afterwards).
    fn resume(&mut self) -> io::Result<()>;
}

/// The real terminal's events, read on a thread of their own that is let
/// go while another program has the terminal (it would otherwise take keys
/// meant for that program).
///
/// Not crossterm's `EventStream`: its `poll_next` reads the terminal on the
/// polling task itself, and a read that finds bytes which make no event
/// (a late answer to a terminal query, say) waits there for the next key:
/// the UI task would stop drawing until one comes. Here only the reader
/// thread waits.
#[derive(Clone, Default)]
pub struct TerminalEvents {
    inner: std::sync::Arc<std::sync::Mutex<Option<EventReader>>>,
}

/// A reader thread and what it sends.
struct EventReader {
    rx: futures::channel::mpsc::UnboundedReceiver<io::Result<Event>>,
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
}

/// How often the reader thread looks whether it should stop.
const INPUT_POLL: Duration = Duration::from_millis(200);

impl EventReader {
    fn start() -> Self {
        let (tx, rx) = futures::channel::mpsc::unbounded();
        let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let stopped = stop.clone();
        let spawned = std::thread::Builder::new()
            .name("trompe-input".into())
            .spawn(move || {
                use ratatui::crossterm::event;
                use std::sync::atomic::Ordering;
                while !stopped.load(Ordering::Relaxed) {
                    let next = match event::poll(INPUT_POLL) {
                        Ok(true) => event::read().map(Some),
                        Ok(false) => Ok(None),
                        Err(e) => Err(e),
                    };
                    // Stopped while waiting: the event belongs to whoever
                    // has the terminal now.
                    if stopped.load(Ordering::Relaxed) {
                        break;
                    }
                    match next {
                        Ok(Some(ev)) => {
                            if tx.unbounded_send(Ok(ev)).is_err() {
                                break;
                            }
                        }
                        Ok(None) => {}
                        Err(e) => {
                            let _ = tx.unbounded_send(Err(e));
                            break;
                        }
                    }
                }
            });
        if let Err(e) = spawned {
            tracing::error!("could not start reading the keyboard: {e}");
        }
        EventReader { rx, stop }
    }
}

impl Drop for EventReader {
    fn drop(&mut self) {
        self.stop.store(true, std::sync::atomic::Ordering::Relaxed);
    }
}

impl TerminalEvents {
    /// Events from the process's terminal.
    pub fn new() -> Self {
        Self::default()
    }

    /// Stops reading (the reader thread ends within [`INPUT_POLL`]); the
    /// next poll starts a new reader.
    fn release(&self) {
        let taken = match self.inner.lock() {
            Ok(mut g) => g.take(),
            Err(p) => p.into_inner().take(),
        };
        drop(taken);
    }
}

impl Stream for TerminalEvents {
    type Item = io::Result<Event>;

    fn poll_next(
        self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Self::Item>> {
        let mut g = match self.inner.lock() {
            Ok(g) => g,
            Err(p) => p.into_inner(),
        };
        // Started on the first poll: after the start-up terminal query,
        // whose answers are not keys.
        let reader = g.get_or_insert_with(EventReader::start);
        std::pin::Pin::new(&mut reader.rx).poll_next(cx)
    }
}

/// [`Suspend`] for the process's terminal, set up by [`setup_terminal`].
pub struct TerminalSuspend {
    events: TerminalEvents,
}

impl TerminalSuspend {
    /// Suspends the terminal that `events` reads.
    pub fn new(events: TerminalEvents) -> Self {
        TerminalSuspend { events }
    }
}

impl Suspend for TerminalSuspend {
    fn suspend(&mut self) -> io::Result<()> {
        self.events.release();
        restore_terminal();
        Ok(())
    }

    fn resume(&mut self) -> io::Result<()> {
        enter_tui_modes()
    }
}

/// How long the terminal graphics query waits for answers at start.
const GRAPHICS_QUERY_TIMEOUT: Duration = Duration::from_millis(250);

/// The running application: state, terminal, effect runner.
pub struct App<B: Backend> {
    pub state: State,
    terminal: Terminal<B>,
    theme: Theme,
    runner: Runner,
    rx: mpsc::UnboundedReceiver<Action>,
    dirty: bool,
    last_draw: Option<Instant>,
    /// Frames drawn (for tests and benchmarks).
    pub frames: u64,
    started: bool,
    /// When the process started, for the time-to-first-frame measurement.
    launched: std::time::Instant,
    /// How long after launch the first frame with statuses was drawn.
    pub first_status_frame: Option<Duration>,
    /// Lends the terminal to the external editor (`None` in tests).
    suspend: Option<Box<dyn Suspend + Send>>,
    /// The terminal is lent out: no drawing, no reading of keys.
    suspended: bool,
    /// Image previews: the graphics protocol and the encoded pictures.
    previews: ui::images::Previews,
    /// Pictures the previews' worker has encoded.
    encoded_rx: mpsc::UnboundedReceiver<ui::images::EncodedPicture>,
    /// Ask the terminal for its graphics protocol after the first frame.
    query_graphics: bool,
    /// Mouse events are read (`[ui] mouse`, on by default).
    mouse: bool,
    /// What the last frame laid out, for the mouse.
    last_info: ui::RenderInfo,
    /// The last click, to tell a double click.
    last_click: Option<(Instant, u16, u16)>,
    /// Set the terminal's title (the real terminal only).
    titles: bool,
    /// The title set last.
    last_title: String,
    /// SIGTERM and SIGHUP, when the app handles them (the real terminal).
    signals: Option<Signals>,
    /// Write OSC 8 hyperlinks over each frame's links (the real terminal,
    /// when it supports them).
    hyperlinks: bool,
}

/// The signals that end the app cleanly.
pub struct Signals {
    term: tokio::signal::unix::Signal,
    hup: tokio::signal::unix::Signal,
}

/// The next of the signals, by name (never, without them).
async fn next_signal(s: &mut Option<Signals>) -> Option<&'static str> {
    let s = s.as_mut()?;
    tokio::select! {
        _ = s.term.recv() => Some("SIGTERM"),
        _ = s.hup.recv() => Some("SIGHUP"),
    }
}

/// Two clicks on one cell within this time are a double click.
const DOUBLE_CLICK: Duration = Duration::from_millis(400);

/// The word (a run of non-blank cells) at a cell of a frame.
pub fn word_at(buf: &ratatui::buffer::Buffer, x: u16, y: u16) -> Option<String> {
    let area = buf.area;
    if !(area.x..area.x + area.width).contains(&x) || !(area.y..area.y + area.height).contains(&y) {
        return None;
    }
    // The cell after a wide character is empty: part of the word.
    let inside = |x: u16| {
        let s = buf[(x, y)].symbol();
        s.is_empty() || !s.chars().all(char::is_whitespace)
    };
    if !inside(x) {
        return None;
    }
    let (mut x0, mut x1) = (x, x);
    while x0 > area.x && inside(x0 - 1) {
        x0 -= 1;
    }
    while x1 + 1 < area.x + area.width && inside(x1 + 1) {
        x1 += 1;
    }
    let word: String = (x0..=x1).map(|x| buf[(x, y)].symbol()).collect();
    (!word.is_empty()).then_some(word)
}

impl<B: Backend> App<B> {
    /// Maps a terminal event to an action while a text field has the
    /// focus. In the compose pane its commands come from the keymap
    /// (`[keys.compose]`), and a default key a remap freed does nothing.
    fn text_key_action(&mut self, ev: &Event) -> Option<Action> {
        if self.state.compose.is_some() && self.state.prompt.is_none() {
            if let Event::Key(k) = ev {
                if let Some(name) = key_name(k) {
                    let modes = [keymap::Mode::Compose];
                    match self.state.keymap.resolve(&modes, &[], &name) {
                        keymap::Resolved::Command(c) => return Some(c.action()),
                        _ if keymap::compose_default_key(&name) => return None,
                        _ => {}
                    }
                }
            }
        }
        text_action(ev)
    }

    /// Maps a terminal event to an action through the live keymap, in the
    /// modes of what is on screen; the first keys of a sequence (`g` of
    /// `g g`) wait for the rest.
    fn key_action(&mut self, ev: &Event) -> Option<Action> {
        let Event::Key(k) = ev else {
            return screen_event_action(ev);
        };
        let name = key_name(k)?;
        let modes = self.state.key_modes();
        let resolved = self
            .state
            .keymap
            .resolve(&modes, &self.state.pending_keys, &name);
        match resolved {
            keymap::Resolved::Command(c) => {
                self.state.pending_keys.clear();
                Some(c.action())
            }
            keymap::Resolved::Prefix => {
                self.state.pending_keys.push(name);
                None
            }
            keymap::Resolved::Unbound(keys) => {
                self.state.pending_keys.clear();
                Some(Action::UnboundKey(keys))
            }
        }
    }

    /// An app over `terminal` for `state`, with one client per account.
    pub fn new(terminal: Terminal<B>, state: State, clients: Vec<Client>) -> Self {
        let (tx, rx) = mpsc::unbounded_channel();
        let (encoded_tx, encoded_rx) = mpsc::unbounded_channel();
        let mut previews = ui::images::Previews::halfblocks();
        previews.in_background(encoded_tx);
        App {
            state,
            terminal,
            theme: Theme::default(),
            runner: Runner::new(clients, tx),
            rx,
            dirty: true,
            last_draw: None,
            frames: 0,
            started: false,
            launched: std::time::Instant::now(),
            first_status_frame: None,
            suspend: None,
            suspended: false,
            previews,
            encoded_rx,
            query_graphics: false,
            mouse: false,
            last_info: ui::RenderInfo::default(),
            last_click: None,
            titles: false,
            last_title: String::new(),
            hyperlinks: false,
            signals: None,
        }
    }

    /// Keeps the terminal's title on the account and the tab (the old
    /// title comes back on exit).
    pub fn set_titles(&mut self, on: bool) {
        self.titles = on;
    }

    fn update_title(&mut self) {
        if !self.titles {
            return;
        }
        let title = ui::window_title(&self.state);
        if title != self.last_title {
            use ratatui::crossterm::{execute, terminal::SetTitle};
            let _ = execute!(io::stdout(), SetTitle(&title));
            self.last_title = title;
        }
    }

    /// What the last frame laid out (tests aim the mouse with it).
    pub fn last_render(&self) -> &ui::RenderInfo {
        &self.last_info
    }

    /// Reads mouse events (the terminal's capture is turned on apart, by
    /// [`set_mouse_capture`]).
    /// Quits cleanly on SIGTERM and SIGHUP: the draft is saved, and the
    /// caller restores the terminal.
    pub fn handle_signals(&mut self) -> io::Result<()> {
        use tokio::signal::unix::{SignalKind, signal};
        self.signals = Some(Signals {
            term: signal(SignalKind::terminate())?,
            hup: signal(SignalKind::hangup())?,
        });
        Ok(())
    }

    /// Writes OSC 8 hyperlinks over the links of each frame, on stdout
    /// (the real terminal only).
    pub fn set_hyperlinks(&mut self, on: bool) {
        self.hyperlinks = on;
    }

    pub fn set_mouse(&mut self, on: bool) {
        self.mouse = on;
    }

    /// The screen as drawn now, for the word under a click: drawn again
    /// into a buffer of its own (a click is rare; keeping a copy of every
    /// frame for it would cost each frame).
    fn frame_now(&self) -> Option<ratatui::buffer::Buffer> {
        let size = self.terminal.size().ok()?;
        let area = ratatui::layout::Rect::new(0, 0, size.width, size.height);
        let mut buf = ratatui::buffer::Buffer::empty(area);
        ui::render_buffer(&mut buf, area, &self.state, &self.theme);
        Some(buf)
    }

    /// A mouse event as an action, with what the last frame had under the
    /// pointer.
    fn mouse_action(&mut self, m: &ratatui::crossterm::event::MouseEvent) -> Option<Action> {
        use crate::app::mouse::{Hit, MouseKind};
        use ratatui::crossterm::event::{MouseButton, MouseEventKind};
        if !self.mouse {
            return None;
        }
        let kind = match m.kind {
            MouseEventKind::ScrollDown => MouseKind::ScrollDown,
            MouseEventKind::ScrollUp => MouseKind::ScrollUp,
            MouseEventKind::Down(MouseButton::Left) => {
                let now = Instant::now();
                let double = self.last_click.is_some_and(|(t, x, y)| {
                    now.duration_since(t) < DOUBLE_CLICK && x == m.column && y == m.row
                });
                self.last_click = (!double).then_some((now, m.column, m.row));
                if double {
                    MouseKind::DoubleClick
                } else {
                    MouseKind::Click
                }
            }
            _ => return None,
        };
        let hit = match self.last_info.hit(m.column, m.row) {
            Some(ui::HitAt::Tab(i)) => Hit::Tab(i),
            Some(ui::HitAt::Card(index)) => Hit::Card {
                index,
                word: self.frame_now().and_then(|b| word_at(&b, m.column, m.row)),
            },
            None => Hit::Nothing,
        };
        Some(Action::Mouse { kind, hit })
    }

    /// Asks the terminal which graphics protocol it speaks (kitty, sixel,
    /// iTerm2), once, right after the first frame and before any key is
    /// read. Without it (tests, no terminal) previews use halfblocks.
    pub fn set_query_graphics(&mut self, on: bool) {
        self.query_graphics = on;
    }

    /// Draws pictures with the graphics protocol of `picker` (what the
    /// start-up query finds; tests set it).
    pub fn set_picker(&mut self, picker: ratatui_image::picker::Picker) {
        self.previews.set_picker(picker);
        self.dirty = true;
    }

    /// Pictures being resized and encoded in the background (tests wait
    /// for none before reading the screen).
    pub fn previews_pending(&self) -> usize {
        self.previews.pending()
    }

    /// Runs the graphics query on a blocking thread (at most
    /// [`GRAPHICS_QUERY_TIMEOUT`]). It writes to the
    /// terminal and reads its answers from stdin, so it must finish before
    /// the event stream starts reading keys; ratatui-image gives up after
    /// its own timeout (then: halfblocks). A terminal that answers takes
    /// well under a millisecond (measured in a pty); one that stays silent
    /// costs the whole timeout, and keys typed meanwhile go to the query
    /// (the query is not made inside tmux or screen, which never answer).
    async fn query_graphics_now(&mut self) {
        if !std::mem::take(&mut self.query_graphics) {
            return;
        }
        let started = std::time::Instant::now();
        // A terminal answers in well under a millisecond (over SSH, a round
        // trip); one that stays silent would cost ratatui-image's default
        // 2 s, during which the statuses already loaded wait to be drawn.
        let options = ratatui_image::picker::cap_parser::QueryStdioOptions {
            timeout: GRAPHICS_QUERY_TIMEOUT,
            ..Default::default()
        };
        let picker = tokio::task::spawn_blocking(move || {
            ratatui_image::picker::Picker::from_query_stdio_with_options(options)
        })
        .await;
        match picker {
            Ok(Ok(p)) => {
                tracing::info!(
                    protocol = ?p.protocol_type(),
                    ms = started.elapsed().as_secs_f64() * 1000.0,
                    "terminal graphics detected"
                );
                self.previews.set_picker(p);
            }
            Ok(Err(e)) => tracing::info!("no terminal graphics ({e}); halfblocks"),
            Err(_) => tracing::warn!("the terminal graphics query stopped; halfblocks"),
        }
        // No `terminal.clear()` here: it asks the terminal for the cursor
        // position, which a terminal that ignored the query ignores too
        // (two more seconds). The query wrote only escape sequences.
        self.dirty = true;
    }

    /// How the terminal is lent to the external editor.
    pub fn set_suspend(&mut self, s: Box<dyn Suspend + Send>) {
        self.suspend = Some(s);
    }

    /// Where logins from the TUI save accounts and tokens.
    pub fn set_data_dirs(&mut self, paths: crate::config::Paths) {
        self.runner.set_paths(paths);
    }

    /// Pops up desktop notifications as configured.
    pub fn set_desktop(&mut self, d: Option<std::sync::Arc<crate::desktop::Desktop>>) {
        self.runner.set_desktop(d);
    }

    /// The command that opens links (`None`: the system's default opener).
    pub fn set_theme(&mut self, theme: Theme) {
        self.theme = theme;
    }

    pub fn set_opener(&mut self, cmd: Option<Vec<String>>) {
        self.runner.set_opener(cmd);
    }

    /// Lets copy actions write OSC 52 to the real terminal.
    pub fn set_osc52(&mut self, on: bool) {
        self.runner.set_osc52(on);
    }

    /// Keeps drafts in `store` (autosave, restore after a crash).
    pub fn set_drafts(&mut self, store: crate::compose::DraftStore) {
        self.runner.set_drafts(store);
    }

    /// Serves account `account` from the federation node (its events from
    /// `socket` when another process serves it).
    pub fn set_node(
        &mut self,
        account: usize,
        node: std::sync::Arc<crate::federation::Node>,
        socket: Option<std::path::PathBuf>,
    ) {
        self.runner.set_node(account, node, socket);
    }

    /// Forces logins from the TUI to use (or not use) a browser.
    pub fn set_browser(&mut self, browser: bool) {
        self.runner.set_browser(browser);
    }

    /// Sets the process start time (the default is when the app was built).
    pub fn set_launched(&mut self, at: std::time::Instant) {
        self.launched = at;
    }

    /// The terminal (tests read its buffer).
    pub fn terminal(&self) -> &Terminal<B> {
        &self.terminal
    }

    fn dispatch(&mut self, action: Action) {
        if matches!(action, Action::EditorDone { .. }) {
            self.take_terminal_back();
        }
        let effects = app::update(&mut self.state, action);
        self.dirty = true;
        for e in effects {
            if matches!(e, Effect::ExternalEditor { .. }) {
                self.lend_terminal();
            }
            if matches!(e, Effect::SuspendProcess) {
                self.suspend_process();
                continue;
            }
            self.runner.run(e);
        }
    }

    /// Ctrl-Z: gives the terminal back, stops the process (the shell's job
    /// control takes over), and when `fg` continues it, takes the terminal
    /// again and redraws. Without a real terminal (tests) it says so.
    fn suspend_process(&mut self) {
        #[cfg(unix)]
        if self.suspend.is_some() {
            self.lend_terminal();
            if let Err(e) = signal_hook::low_level::raise(signal_hook::consts::SIGTSTP) {
                tracing::warn!("could not suspend: {e}");
            }
            // Here after SIGCONT (`fg`).
            self.take_terminal_back();
            return;
        }
        self.state.toast(
            crate::app::ToastKind::Info,
            "suspending needs a terminal with job control",
        );
    }

    /// Hands the terminal over before the external editor starts.
    fn lend_terminal(&mut self) {
        if let Some(s) = self.suspend.as_mut() {
            match s.suspend() {
                Ok(()) => self.suspended = true,
                Err(e) => tracing::warn!("could not suspend the terminal: {e}"),
            }
        }
    }

    /// Takes the terminal back after the editor, and redraws it all.
    fn take_terminal_back(&mut self) {
        if !self.suspended {
            return;
        }
        self.suspended = false;
        self.last_title.clear();
        if let Some(s) = self.suspend.as_mut() {
            if let Err(e) = s.resume() {
                tracing::warn!("could not restore the terminal: {e}");
            }
        }
        // A full redraw. `Terminal::clear` would ask the terminal where the
        // cursor is, reading stdin while no event stream does, and give up
        // without forgetting the last frame: half the screen would then
        // never be drawn again. Resizing to the size the terminal has now
        // (asked with an ioctl) clears and forgets it, and catches a resize
        // made while trompe was away.
        match self.terminal.size() {
            Ok(size) => {
                let area = ratatui::layout::Rect::new(0, 0, size.width, size.height);
                if let Err(e) = self.terminal.resize(area) {
                    tracing::warn!("could not redraw the terminal: {e}");
                }
                let effects = app::update(
                    &mut self.state,
                    Action::Resize {
                        width: size.width,
                        height: size.height,
                    },
                );
                for e in effects {
                    self.runner.run(e);
                }
            }
            Err(_) => {
                let _ = self.terminal.clear();
            }
        }
        self.dirty = true;
    }

    fn start(&mut self) {
        if self.started {
            return;
        }
        self.started = true;
        if let Ok(size) = self.terminal.size() {
            self.state.width = size.width;
            self.state.height = size.height;
        }
        for e in app::update::init(&mut self.state) {
            self.runner.run(e);
        }
    }

    /// Draws now if anything changed.
    pub fn draw(&mut self) -> io::Result<()> {
        if !self.dirty || self.suspended {
            return Ok(());
        }
        self.dirty = false;
        self.last_draw = Some(Instant::now());
        let state = &self.state;
        let theme = &self.theme;
        let previews = &mut self.previews;
        let mut info = ui::RenderInfo::default();
        let frame = self
            .terminal
            .draw(|f| info = ui::render(f, state, theme, previews))
            .map_err(|e| io::Error::other(e.to_string()))?;
        if self.hyperlinks {
            let links = ui::hyperlinks::visible_links(state, &info);
            let bytes =
                ui::hyperlinks::osc8(frame.buffer, &ui::hyperlinks::find(frame.buffer, &links));
            if !bytes.is_empty() {
                use std::io::Write;
                let mut out = io::stdout().lock();
                out.write_all(&bytes)?;
                out.flush()?;
            }
        }
        self.update_title();
        self.frames += 1;
        if self.first_status_frame.is_none()
            && self
                .state
                .account()
                .and_then(|a| a.tab())
                .is_some_and(|t| !t.ids.is_empty())
        {
            let elapsed = self.launched.elapsed();
            self.first_status_frame = Some(elapsed);
            tracing::info!(
                ms = elapsed.as_secs_f64() * 1000.0,
                "first frame with statuses"
            );
        }
        // Custom emoji the frame would have drawn as pictures: fetched once.
        let wanted: Vec<String> = info
            .emoji_wanted
            .iter()
            .filter(|u| self.state.images.get(u).is_none())
            .cloned()
            .collect();
        if !wanted.is_empty() {
            for e in app::update(&mut self.state, Action::ImagesWanted(wanted)) {
                self.runner.run(e);
            }
        }
        let timeline = info.timeline;
        self.last_info = info;
        if let Some((tab, viewport)) = timeline {
            let current = self
                .state
                .account()
                .and_then(|a| a.tab_ref(tab))
                .map(|t| t.viewport);
            if current != Some(viewport) {
                let effects = app::update(&mut self.state, Action::Viewport { tab, viewport });
                for e in effects {
                    self.runner.run(e);
                }
            }
        }
        Ok(())
    }

    /// Runs until `done(&state)` holds, the app quits, or `timeout` passes.
    /// Returns whether `done` held.
    pub async fn run_until<S>(
        &mut self,
        input: &mut S,
        done: impl Fn(&State) -> bool,
        timeout: Duration,
    ) -> io::Result<bool>
    where
        S: Stream<Item = io::Result<Event>> + Unpin,
    {
        self.start();
        if self.query_graphics {
            self.draw()?;
            self.query_graphics_now().await;
        }
        let deadline = Instant::now() + timeout;
        let mut clock = tokio::time::interval(Duration::from_secs(1));
        let mut input_open = true;
        loop {
            if done(&self.state) {
                self.draw()?;
                return Ok(true);
            }
            if self.state.should_quit {
                return Ok(false);
            }
            let next_frame = self
                .last_draw
                .map(|t| t + FRAME)
                .unwrap_or_else(Instant::now);
            tokio::select! {
                ev = input.next(), if input_open && !self.suspended => match ev {
                    Some(Ok(ev)) => {
                        let action = if let Event::Mouse(m) = &ev {
                            self.mouse_action(m)
                        } else if self.state.wants_text() {
                            self.state.pending_keys.clear();
                            self.text_key_action(&ev)
                        } else {
                            self.key_action(&ev)
                        };
                        if let Some(a) = action {
                            self.dispatch(a);
                        }
                    }
                    Some(Err(e)) => return Err(e),
                    None => input_open = false,
                },
                Some(action) = self.rx.recv() => {
                    self.dispatch(action);
                    // Drain whatever else is ready, so a burst costs one frame.
                    let mut n = 0;
                    while n < 256 {
                        match self.rx.try_recv() {
                            Ok(a) => self.dispatch(a),
                            Err(_) => break,
                        }
                        n += 1;
                    }
                }
                Some(done) = self.encoded_rx.recv() => {
                    self.previews.encoded(done);
                    self.dirty = true;
                }
                Some(name) = next_signal(&mut self.signals), if self.signals.is_some() => {
                    tracing::info!(signal = name, "quitting on a signal");
                    self.dispatch(Action::Terminate);
                }
                _ = clock.tick() => {
                    self.dispatch(Action::Tick(time::OffsetDateTime::now_utc()));
                }
                _ = tokio::time::sleep_until(next_frame), if self.dirty && !self.suspended => {
                    self.draw()?;
                }
                _ = tokio::time::sleep_until(deadline) => {
                    return Ok(false);
                }
            }
        }
    }

    /// Runs until the user quits (or the input ends and nothing is left).
    pub async fn run<S>(&mut self, input: &mut S) -> io::Result<()>
    where
        S: Stream<Item = io::Result<Event>> + Unpin,
    {
        let forever = Duration::from_secs(60 * 60 * 24 * 365);
        self.run_until(input, |s| s.should_quit, forever).await?;
        // The tabs as they are now, for the next start.
        self.state.now = time::OffsetDateTime::now_utc();
        for e in app::update::save_cache_if_due(&mut self.state, true) {
            self.runner.run(e);
        }
        // Drafts being written must reach the disk before the process ends.
        self.runner.flush().await;
        Ok(())
    }

    /// Sends an action as if it came from a key (tests).
    pub fn send(&mut self, action: Action) {
        if matches!(action, Action::Command(keymap::Command::Quit)) {
            self.state.should_quit = true;
        }
        self.dispatch(action);
    }
}

/// Puts the terminal in TUI mode and installs a panic hook that restores it
/// and prints the message and the log path.
pub fn setup_terminal(
    log_path: Option<std::path::PathBuf>,
) -> io::Result<Terminal<ratatui::backend::CrosstermBackend<io::Stdout>>> {
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        // A panic that is caught and recovered from (a parser fed hostile
        // input) goes to the log only: the screen stays as it is.
        if trompe_api::recover::recovering() {
            tracing::warn!(panic = %info, "recovered from a panic");
            return;
        }
        restore_terminal();
        hook(info);
        if let Some(p) = &log_path {
            eprintln!("trompe crashed; the log is at {}", p.display());
        }
        // From any thread or task: with the terminal given back, the TUI
        // cannot go on drawing.
        std::process::exit(101);
    }));
    enter_tui_modes()?;
    Terminal::new(ratatui::backend::CrosstermBackend::new(io::stdout()))
}

/// Whether the terminal reports the mouse (see [`set_mouse_capture`]).
static MOUSE_CAPTURE: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Asks the terminal to report the mouse from the next time the TUI modes
/// are entered (`[ui] mouse = false` keeps it off: the terminal's own
/// selection then works without Shift).
pub fn set_mouse_capture(on: bool) {
    MOUSE_CAPTURE.store(on, std::sync::atomic::Ordering::Relaxed);
}

/// Raw mode, the alternate screen, bracketed paste, focus events, and the
/// mouse when it is on.
fn enter_tui_modes() -> io::Result<()> {
    use ratatui::crossterm::{event, execute, terminal};
    terminal::enable_raw_mode()?;
    execute!(
        io::stdout(),
        terminal::EnterAlternateScreen,
        event::EnableBracketedPaste,
        event::EnableFocusChange
    )?;
    if MOUSE_CAPTURE.load(std::sync::atomic::Ordering::Relaxed) {
        execute!(io::stdout(), event::EnableMouseCapture)?;
    }
    // Keep the terminal's title, to give it back on exit (XTWINOPS 22;0).
    {
        use std::io::Write as _;
        let mut out = io::stdout();
        let _ = out.write_all(b"\x1b[22;0t");
        let _ = out.flush();
    }
    Ok(())
}

/// Restores the terminal; safe to call more than once.
pub fn restore_terminal() {
    use ratatui::crossterm::{cursor, event, execute, terminal};
    let _ = terminal::disable_raw_mode();
    if MOUSE_CAPTURE.load(std::sync::atomic::Ordering::Relaxed) {
        let _ = execute!(io::stdout(), event::DisableMouseCapture);
    }
    // The title trompe set goes; the one kept at start comes back.
    {
        use std::io::Write as _;
        let mut out = io::stdout();
        let _ = out.write_all(b"\x1b[23;0t");
        let _ = out.flush();
    }
    let _ = execute!(
        io::stdout(),
        event::DisableFocusChange,
        event::DisableBracketedPaste,
        terminal::LeaveAlternateScreen,
        cursor::Show
    );
}
