//! The real binary's TUI in a pseudo-terminal, against a demo instance,
//! with its raw output bytes read back: what a terminal would be sent.
//! The pty answers the queries a terminal answers (cursor position,
//! device attributes), as xterm does.

use std::io::{Read, Write};
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::os::unix::process::CommandExt;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use trompe_demo::{DemoOptions, DemoServer};

fn nonzero(n: u16) -> std::num::NonZeroU16 {
    std::num::NonZeroU16::new(n.max(1)).unwrap()
}

/// A child process on a pty of `cols`×`rows`, and everything it wrote.
pub struct Pty {
    master: std::fs::File,
    child: Child,
    out: Arc<Mutex<Vec<u8>>>,
    /// The screen as a terminal would show it.
    screen: Arc<Mutex<vt100::Parser>>,
}

impl Pty {
    pub fn spawn(cmd: &mut Command, cols: u16, rows: u16) -> Pty {
        let mut master: libc::c_int = -1;
        let mut slave: libc::c_int = -1;
        let size = libc::winsize {
            ws_row: rows,
            ws_col: cols,
            ws_xpixel: 0,
            ws_ypixel: 0,
        };
        // SAFETY: openpty writes two descriptors; the other pointers may be null.
        let rc = unsafe {
            libc::openpty(
                &mut master,
                &mut slave,
                std::ptr::null_mut(),
                std::ptr::null(),
                &size,
            )
        };
        assert_eq!(rc, 0, "openpty: {}", std::io::Error::last_os_error());
        // SAFETY: both descriptors were just opened and are owned here.
        let (master, slave) =
            unsafe { (OwnedFd::from_raw_fd(master), OwnedFd::from_raw_fd(slave)) };
        cmd.stdin(Stdio::from(slave.try_clone().unwrap()))
            .stdout(Stdio::from(slave.try_clone().unwrap()))
            .stderr(Stdio::from(slave));
        // SAFETY: only async-signal-safe calls between fork and exec.
        unsafe {
            cmd.pre_exec(|| {
                if libc::setsid() < 0 {
                    return Err(std::io::Error::last_os_error());
                }
                if libc::ioctl(0, libc::TIOCSCTTY as _, 0) < 0 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
        let child = cmd.spawn().unwrap();
        let master = std::fs::File::from(master);
        let out = Arc::new(Mutex::new(Vec::new()));
        let mut reader = master.try_clone().unwrap();
        let mut answer = master.try_clone().unwrap();
        let sink = out.clone();
        let screen = Arc::new(Mutex::new(vt100::Parser::new(
            nonzero(rows),
            nonzero(cols),
            0,
        )));
        let shown = screen.clone();
        std::thread::spawn(move || {
            let mut chunk = [0u8; 65536];
            let mut tail: Vec<u8> = Vec::new();
            loop {
                let n = match reader.read(&mut chunk) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => n,
                };
                sink.lock().unwrap().extend_from_slice(&chunk[..n]);
                shown.lock().unwrap().process(&chunk[..n]);
                // Queries may straddle two reads: look at the end of the
                // last one too, but answer only those that end in this one
                // (a query seen before was answered then).
                let before = tail.len();
                tail.extend_from_slice(&chunk[..n]);
                for (query, reply) in [
                    (&b"\x1b[6n"[..], &b"\x1b[1;1R"[..]),
                    (b"\x1b[c", b"\x1b[?62;22c"),
                    (b"\x1b[0c", b"\x1b[?62;22c"),
                    // Device status, and the cell size in pixels.
                    (b"\x1b[5n", b"\x1b[0n"),
                    (b"\x1b[16t", b"\x1b[6;16;8t"),
                ] {
                    let count = tail
                        .windows(query.len())
                        .enumerate()
                        .filter(|(i, w)| *w == query && i + query.len() > before)
                        .count();
                    for _ in 0..count {
                        let _ = answer.write_all(reply);
                    }
                }
                let keep = tail.len().saturating_sub(8);
                tail.drain(..keep);
            }
        });
        Pty {
            master,
            child,
            out,
            screen,
        }
    }

    /// Everything written so far.
    pub fn output(&self) -> Vec<u8> {
        self.out.lock().unwrap().clone()
    }

    /// Types `keys`.
    pub fn send(&mut self, keys: &[u8]) {
        self.master.write_all(keys).unwrap();
        self.master.flush().unwrap();
    }

    /// The screen's text now, row by row.
    pub fn screen(&self) -> String {
        self.screen.lock().unwrap().screen().contents()
    }

    /// Waits (up to `timeout`) until the screen shows `text` (or, for what
    /// showed only a moment, until the output did).
    pub fn wait_for(&self, text: &str, timeout: Duration) -> bool {
        let start = Instant::now();
        while start.elapsed() < timeout {
            if self.screen().contains(text) || visible_text(&self.output()).contains(text) {
                return true;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        false
    }

    /// Waits (up to `timeout`) for the process to end; kills it otherwise.
    pub fn wait_exit(&mut self, timeout: Duration) -> Option<std::process::ExitStatus> {
        let start = Instant::now();
        while start.elapsed() < timeout {
            if let Ok(Some(s)) = self.child.try_wait() {
                return Some(s);
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
        None
    }

    /// Resizes the terminal (the kernel sends SIGWINCH).
    pub fn resize(&self, cols: u16, rows: u16) {
        let size = libc::winsize {
            ws_row: rows,
            ws_col: cols,
            ws_xpixel: 0,
            ws_ypixel: 0,
        };
        // SAFETY: TIOCSWINSZ on our own pty master with a valid winsize.
        let rc = unsafe { libc::ioctl(self.master.as_raw_fd(), libc::TIOCSWINSZ, &size) };
        assert_eq!(rc, 0, "TIOCSWINSZ: {}", std::io::Error::last_os_error());
        self.screen
            .lock()
            .unwrap()
            .screen_mut()
            .set_size(nonzero(rows), nonzero(cols));
    }

    /// Whether the process still runs.
    pub fn alive(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }
}

impl Drop for Pty {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The text of raw terminal output with escape sequences removed (a rough
/// reading: cursor moves join words, which is enough to find one).
pub fn visible_text(bytes: &[u8]) -> String {
    let s = String::from_utf8_lossy(bytes);
    let mut out = String::new();
    let mut it = s.chars().peekable();
    while let Some(c) = it.next() {
        if c != '\u{1b}' {
            if !c.is_control() {
                out.push(c);
            }
            continue;
        }
        match it.next() {
            Some('[') => {
                for c in it.by_ref() {
                    if ('@'..='~').contains(&c) {
                        break;
                    }
                }
                out.push(' ');
            }
            Some(']') | Some('P') | Some('_') | Some('^') | Some('X') => {
                while let Some(c) = it.next() {
                    if c == '\u{7}' {
                        break;
                    }
                    if c == '\u{1b}' && it.peek() == Some(&'\\') {
                        it.next();
                        break;
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// One escape sequence or control in a terminal's input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seq {
    /// `ESC [ params final`.
    Csi { params: String, fin: char },
    /// `ESC ] text (BEL | ESC \)`.
    Osc(String),
    /// DCS, APC, SOS or PM, by their introducer.
    String(char),
    /// `ESC` and one other character.
    Esc(char),
    /// A C0 or C1 control other than CR, LF and the ESC of a sequence.
    Control(char),
}

/// Every sequence and control in `bytes`, in order.
pub fn sequences(bytes: &[u8]) -> Vec<Seq> {
    let s = String::from_utf8_lossy(bytes);
    let mut out = Vec::new();
    let mut it = s.chars().peekable();
    while let Some(c) = it.next() {
        if c == '\u{1b}' {
            match it.next() {
                Some('[') => {
                    let mut params = String::new();
                    let mut fin = '\0';
                    for c in it.by_ref() {
                        if ('@'..='~').contains(&c) {
                            fin = c;
                            break;
                        }
                        params.push(c);
                    }
                    out.push(Seq::Csi { params, fin });
                }
                Some(']') => {
                    let mut text = String::new();
                    while let Some(c) = it.next() {
                        if c == '\u{7}' {
                            break;
                        }
                        if c == '\u{1b}' && it.peek() == Some(&'\\') {
                            it.next();
                            break;
                        }
                        text.push(c);
                    }
                    out.push(Seq::Osc(text));
                }
                Some(k @ ('P' | '_' | '^' | 'X')) => out.push(Seq::String(k)),
                Some(k) => out.push(Seq::Esc(k)),
                None => out.push(Seq::Control('\u{1b}')),
            }
        } else if (c.is_control() && c != '\r' && c != '\n') || ('\u{80}'..='\u{9f}').contains(&c) {
            out.push(Seq::Control(c));
        }
    }
    out
}

/// Why a sequence is not one trompe writes itself, if it is not:
/// ratatui's cursor moves, colours and clears, the modes the TUI turns on
/// and off, its window title, the terminal queries, OSC 8 links to
/// printable `http(s)` URLs, and saving the cursor around them.
pub fn foreign(seq: &Seq) -> Option<String> {
    match seq {
        Seq::Csi { params, fin } => {
            let ok_params = params
                .chars()
                .all(|c| c.is_ascii_digit() || matches!(c, ';' | ':' | '?' | '>' | ' '));
            let ok = ok_params
                && match fin {
                    'H' | 'm' | 'J' | 'n' | 'c' | 't' | 'q' => true,
                    'h' | 'l' => {
                        let modes = params.trim_start_matches('?');
                        params.starts_with('?')
                            && modes.split(';').all(|m| {
                                matches!(
                                    m,
                                    "1049"
                                        | "25"
                                        | "1000"
                                        | "1002"
                                        | "1003"
                                        | "1006"
                                        | "1015"
                                        | "2004"
                                        | "2026"
                                        | "1004"
                                        | "12"
                                )
                            })
                    }
                    'u' => params.starts_with('>') || params.starts_with('<') || params.is_empty(),
                    _ => false,
                };
            (!ok).then(|| format!("CSI {params:?} {fin}"))
        }
        Seq::Osc(text) => {
            if let Some(title) = text.strip_prefix("0;").or_else(|| text.strip_prefix("2;")) {
                return (!title.starts_with("trompe") || title.chars().any(char::is_control))
                    .then(|| format!("a title: {title:?}"));
            }
            if let Some(link) = text.strip_prefix("8;;") {
                let ok = link.is_empty()
                    || (link.starts_with("https://") || link.starts_with("http://"))
                        && link.bytes().all(|b| (0x21..=0x7e).contains(&b));
                return (!ok).then(|| format!("a link: {link:?}"));
            }
            Some(format!(
                "OSC {:?}",
                text.chars().take(40).collect::<String>()
            ))
        }
        Seq::String(k) => Some(format!("a string sequence ESC {k}")),
        Seq::Esc(k) => (!matches!(k, '7' | '8' | '=' | '>')).then(|| format!("ESC {k}")),
        Seq::Control(c) => Some(format!("control U+{:04X}", *c as u32)),
    }
}

/// Starts the TUI of `cmd` on a `cols`×`rows` pty and waits for its tabs.
pub fn started(cmd: &mut Command, cols: u16, rows: u16) -> Pty {
    let pty = Pty::spawn(cmd, cols, rows);
    assert!(pty.wait_for("Home", WAIT), "{}", pty.screen());
    pty
}

/// The binary with its own directories and the config `config`, logged in
/// to `server` through the environment.
pub fn tui(dir: &std::path::Path, server: &DemoServer, config: &str) -> Command {
    std::fs::create_dir_all(dir.join("config")).unwrap();
    std::fs::write(dir.join("config/config.toml"), config).unwrap();
    let mut c = Command::new(env!("CARGO_BIN_EXE_trompe"));
    c.env("TROMPE_CONFIG_DIR", dir.join("config"))
        .env("TROMPE_DATA_DIR", dir.join("data"))
        .env("TROMPE_NO_KEYRING", "1")
        .env("TROMPE_INSTANCE", server.base_url().as_str())
        .env("TROMPE_TOKEN", server.token())
        .env("TERM", "xterm-256color")
        .env_remove("TMUX")
        .env_remove("TERM_PROGRAM")
        .env_remove("KITTY_WINDOW_ID")
        .env_remove("VTE_VERSION")
        .env_remove("WT_SESSION")
        .env_remove("NO_COLOR")
        .env_remove("COLUMNS")
        .env_remove("LINES");
    c
}

pub const WAIT: Duration = Duration::from_secs(120);

/// The hostile corpus on the server, read in the TUI in a pty: the bytes
/// sent to the terminal hold no sequence but trompe's own, and none of the
/// corpus's payloads verbatim.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_tui_in_a_pty_sends_the_terminal_nothing_from_the_corpus() {
    let server = DemoServer::start(DemoOptions::default()).await.unwrap();
    let me = server.username();
    let corpus = super::hostile_corpus();
    for s in &corpus {
        server.post_as(&me, s).unwrap();
    }
    let dir = tempfile::tempdir().unwrap();
    // Links on, so that the hostile links' targets are written too.
    let mut cmd = tui(
        dir.path(),
        &server,
        "[ui]\nimages = false\nhyperlinks = true\nexpand_cw = true\n",
    );
    tokio::task::spawn_blocking(move || read_the_corpus(&mut cmd, &corpus))
        .await
        .unwrap();
}

fn read_the_corpus(cmd: &mut Command, corpus: &[String]) {
    let mut pty = started(cmd, 100, 30);
    // Down through every post of the corpus (the list loads more as the
    // cursor nears its end), then quit.
    for _ in 0..(corpus.len() + 20) {
        pty.send(b"j");
        std::thread::sleep(Duration::from_millis(15));
    }
    pty.send(b"q");
    let status = pty.wait_exit(WAIT);
    let out = pty.output();
    assert!(status.is_some_and(|s| s.success()), "{status:?}");
    assert!(
        visible_text(&out).contains("before"),
        "the posts were drawn"
    );
    let strange: Vec<String> = sequences(&out).iter().filter_map(foreign).collect();
    assert!(
        strange.is_empty(),
        "{:?}",
        &strange[..strange.len().min(20)]
    );
    // No payload went through whole, with the word it carries (the
    // sanitiser strips its ESC, so at most that word shows). trompe's own
    // sequences can look like a payload's, never with the word.
    let text = String::from_utf8_lossy(&out);
    let mut checked = 0;
    for s in corpus {
        if s.contains('\u{1b}') && s.len() <= 64 && !s.starts_with('<') {
            assert!(!text.contains(s.as_str()), "{s:?} reached the terminal");
            checked += 1;
        }
    }
    assert!(checked >= 20, "{checked}");
    // The check itself sees the corpus's sequences when they are sent raw.
    let raw = corpus.join("\n").into_bytes();
    let caught = sequences(&raw).iter().filter_map(foreign).count();
    assert!(caught >= 100, "{caught}");
}

/// A post's link is an OSC 8 hyperlink in a terminal that shows them, and
/// plain text inside tmux.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn links_are_osc8_hyperlinks_where_the_terminal_shows_them() {
    let server = DemoServer::start(DemoOptions::default()).await.unwrap();
    let me = server.username();
    server
        .post_as(&me, "The manual: https://docs.example.org/trompe/keys")
        .unwrap();
    for (env, linked) in [
        (vec![("TERM_PROGRAM", "WezTerm")], true),
        (
            vec![
                ("TERM_PROGRAM", "WezTerm"),
                ("TMUX", "/tmp/tmux-1/default,1,0"),
            ],
            false,
        ),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let mut cmd = tui(dir.path(), &server, "[ui]\nimages = false\n");
        for (k, v) in &env {
            cmd.env(k, v);
        }
        tokio::task::spawn_blocking(move || look_for_links(&mut cmd, linked, &env))
            .await
            .unwrap();
    }
}

fn look_for_links(cmd: &mut Command, linked: bool, env: &[(&str, &str)]) {
    {
        let mut pty = Pty::spawn(cmd, 100, 30);
        assert!(
            pty.wait_for("The manual", WAIT),
            "{}",
            visible_text(&pty.output())
        );
        // The links are written right after the frame that shows them.
        let link = "\x1b]8;;https://docs.example.org/trompe/keys\x1b\\";
        let start = Instant::now();
        while linked
            && start.elapsed() < WAIT
            && !String::from_utf8_lossy(&pty.output()).contains(link)
        {
            std::thread::sleep(Duration::from_millis(50));
        }
        pty.send(b"q");
        assert!(pty.wait_exit(WAIT).is_some_and(|s| s.success()));
        let text = String::from_utf8_lossy(&pty.output()).into_owned();
        assert_eq!(text.contains(link), linked, "{env:?}");
        assert_eq!(text.contains("\x1b]8;;"), linked, "{env:?}");
        let strange: Vec<String> = sequences(&pty.output())
            .iter()
            .filter_map(foreign)
            .collect();
        assert!(strange.is_empty(), "{strange:?}");
    }
}

/// SIGTERM and SIGHUP end the TUI cleanly: the terminal gets its main
/// screen and cursor back, and the draft being written is on disk.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_and_sighup_restore_the_terminal_and_keep_the_draft() {
    let server = DemoServer::start(DemoOptions::default()).await.unwrap();
    for (signal, words) in [
        (libc::SIGTERM, "half a thought on signals"),
        (libc::SIGHUP, "the line dropped mid sentence"),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let mut cmd = tui(dir.path(), &server, "[ui]\nimages = false\n");
        let data = dir.path().join("data");
        let words = words.to_string();
        tokio::task::spawn_blocking(move || {
            let mut pty = started(&mut cmd, 100, 30);
            pty.send(b"c");
            assert!(
                pty.wait_for("ctrl-s", WAIT),
                "{}",
                visible_text(&pty.output())
            );
            pty.send(words.as_bytes());
            assert!(pty.wait_for(&words, WAIT));
            let before = pty.output().len();
            // SAFETY: a plain kill(2) of our own child.
            assert_eq!(unsafe { libc::kill(pty.pid() as i32, signal) }, 0);
            let status = pty.wait_exit(WAIT);
            assert!(status.is_some_and(|s| s.success()), "{signal}: {status:?}");
            let tail = String::from_utf8_lossy(&pty.output()[before..]).into_owned();
            assert!(
                tail.contains("\x1b[?1049l"),
                "{signal}: the main screen: {tail:?}"
            );
            assert!(tail.contains("\x1b[?25h"), "{signal}: the cursor: {tail:?}");
            let drafts: Vec<String> = std::fs::read_dir(data.join("drafts"))
                .map(|d| {
                    d.flatten()
                        .filter_map(|e| std::fs::read_to_string(e.path()).ok())
                        .collect()
                })
                .unwrap_or_default();
            assert!(
                drafts.iter().any(|d| d.contains(&words)),
                "{signal}: {drafts:?}"
            );
        })
        .await
        .unwrap();
    }
}

/// Shrinking the terminal to 1×1 and back neither crashes the TUI nor
/// leaves it unable to draw.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_resize_to_one_cell_and_back_keeps_the_tui_alive() {
    let server = DemoServer::start(DemoOptions::default()).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = tui(dir.path(), &server, "[ui]\nimages = false\n");
    tokio::task::spawn_blocking(move || {
        let mut pty = started(&mut cmd, 100, 30);
        for (cols, rows) in [(1, 1), (2, 1), (1, 3), (3, 2), (100, 30)] {
            pty.resize(cols, rows);
            std::thread::sleep(Duration::from_millis(200));
            assert!(pty.alive(), "after {cols}x{rows}");
        }
        pty.send(b"?");
        assert!(
            pty.wait_for("next status", WAIT),
            "the help draws again: {}",
            pty.screen()
        );
        pty.send(b"q");
        pty.send(b"q");
        assert!(pty.wait_exit(WAIT).is_some_and(|s| s.success()));
    })
    .await
    .unwrap();
}

/// A config.toml that does not parse is kept aside as config.toml.bak, the
/// TUI says so and starts with the defaults.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_corrupt_config_is_kept_aside_and_the_tui_starts() {
    let server = DemoServer::start(DemoOptions::default()).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let broken = "[ui]\ntheme = \"dark\n[[accounts]]\ninstance = \n";
    let mut cmd = tui(dir.path(), &server, broken);
    cmd.env("TROMPE_LOG", "trompe=debug,warn");
    let config = dir.path().join("config");
    let log = dir.path().join("data/logs/trompe.log");
    tokio::task::spawn_blocking(move || {
        let mut pty = Pty::spawn(&mut cmd, 120, 30);
        assert!(
            pty.wait_for("config.toml.bak", WAIT),
            "{}",
            visible_text(&pty.output())
        );
        // Posts on screen: the start-up terminal query (images are on by
        // default) is over, and keys reach the app.
        assert!(
            pty.wait_for("via Web", WAIT),
            "{}\nthe log:\n{}",
            pty.screen(),
            std::fs::read_to_string(&log).unwrap_or_default()
        );
        pty.send(b"q");
        let status = pty.wait_exit(WAIT);
        let out = pty.output();
        assert!(
            status.is_some_and(|s| s.success()),
            "{status:?}: {}",
            visible_text(&out[out.len().saturating_sub(3000)..])
        );
    })
    .await
    .unwrap();
    assert!(!config.join("config.toml").exists());
    assert_eq!(
        std::fs::read_to_string(config.join("config.toml.bak")).unwrap(),
        broken
    );
}

/// A draft being written survives `kill -9`: the autosave has it on disk,
/// whole, a second after the last key.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_draft_survives_kill_9() {
    let server = DemoServer::start(DemoOptions::default()).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = tui(dir.path(), &server, "[ui]\nimages = false\n");
    let drafts = dir.path().join("data").join("drafts");
    tokio::task::spawn_blocking(move || {
        let mut pty = started(&mut cmd, 100, 30);
        pty.send(b"c");
        assert!(pty.wait_for("ctrl-s", WAIT));
        let words = "words that must not be lost";
        pty.send(words.as_bytes());
        assert!(pty.wait_for(words, WAIT));
        // Wait for the autosave (a state on disk, not a delay).
        let saved = |drafts: &std::path::Path| {
            std::fs::read_dir(drafts)
                .map(|d| {
                    d.flatten()
                        .filter(|e| e.path().extension().is_some_and(|x| x == "json"))
                        .filter_map(|e| std::fs::read_to_string(e.path()).ok())
                        .any(|t| t.contains(words))
                })
                .unwrap_or(false)
        };
        let start = Instant::now();
        while start.elapsed() < WAIT && !saved(&drafts) {
            std::thread::sleep(Duration::from_millis(50));
        }
        // SAFETY: a plain kill(2) of our own child.
        assert_eq!(unsafe { libc::kill(pty.pid() as i32, libc::SIGKILL) }, 0);
        let _ = pty.wait_exit(WAIT);
        let files: Vec<_> = std::fs::read_dir(&drafts)
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .collect();
        assert!(!files.is_empty());
        for f in &files {
            // Every file left is a whole draft, no temporary one.
            assert_eq!(
                f.extension().and_then(|x| x.to_str()),
                Some("json"),
                "{f:?}"
            );
            let v: serde_json::Value =
                serde_json::from_str(&std::fs::read_to_string(f).unwrap()).unwrap();
            assert!(v.to_string().contains(words), "{v}");
        }
    })
    .await
    .unwrap();
}

/// A panic gives the terminal back before anything is printed, then says
/// what happened and where the log is. (`TROMPE_DEBUG_PANIC` exists in
/// debug builds only.)
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_panic_restores_the_terminal_then_prints_the_message_and_log_path() {
    let server = DemoServer::start(DemoOptions::default()).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = tui(dir.path(), &server, "[ui]\nimages = false\n");
    cmd.env("TROMPE_DEBUG_PANIC", "1");
    tokio::task::spawn_blocking(move || {
        let mut pty = Pty::spawn(&mut cmd, 100, 30);
        let status = pty.wait_exit(WAIT).expect("the process ends");
        assert!(!status.success(), "{status:?}");
        let out = String::from_utf8_lossy(&pty.output()).into_owned();
        let entered = out.find("\x1b[?1049h").expect("the TUI had started");
        let left = out[entered..]
            .find("\x1b[?1049l")
            .map(|i| i + entered)
            .unwrap_or_else(|| panic!("the main screen comes back: {out:?}"));
        assert!(out[left..].contains("\x1b[?25h"), "the cursor: {out:?}");
        let message = out
            .find("a test of the panic hook")
            .unwrap_or_else(|| panic!("the message: {out:?}"));
        assert!(message > left, "printed after the restore: {out:?}");
        let log = out
            .find("the log is at ")
            .unwrap_or_else(|| panic!("the log path: {out:?}"));
        assert!(log > left, "{out:?}");
        // The path printed is a file that exists.
        let path = out[log + "the log is at ".len()..]
            .lines()
            .next()
            .unwrap()
            .trim();
        assert!(std::path::Path::new(path).exists(), "{path}");
    })
    .await
    .unwrap();
}

/// `trompe --instance HOST`: the TUI reads the instance with no account
/// (none configured, none in the environment), and a key that needs one
/// offers to log in.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_tui_reads_an_instance_without_an_account() {
    let server = DemoServer::start(DemoOptions::default()).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = tui(dir.path(), &server, "[ui]\nimages = false\n");
    cmd.env_remove("TROMPE_INSTANCE")
        .env_remove("TROMPE_TOKEN")
        .args(["--instance", server.base_url().as_str()]);
    tokio::task::spawn_blocking(move || {
        let mut pty = Pty::spawn(&mut cmd, 100, 30);
        assert!(pty.wait_for("read-only", WAIT), "{}", pty.screen());
        assert!(pty.wait_for("Federated", WAIT), "{}", pty.screen());
        assert!(pty.wait_for("via ", WAIT), "{}", pty.screen());
        pty.send(b"f");
        assert!(
            pty.wait_for("Favouriting needs one", WAIT),
            "{}",
            pty.screen()
        );
        pty.send(b"n");
        pty.send(b"q");
        assert!(pty.wait_exit(WAIT).is_some_and(|s| s.success()));
    })
    .await
    .unwrap();
}

/// The local cache in the real binary: a first run keeps its tabs; with
/// the instance gone, the second run draws them, marked offline; with
/// `[cache] enabled = false`, a third deletes the file and has nothing to
/// show.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_offline_start_draws_the_local_cache() {
    let server = DemoServer::start(DemoOptions::default()).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let config = "[ui]\nimages = false\n";
    let mut first = tui(dir.path(), &server, config);
    // The same account, for the next runs (a command spawns once here).
    let mut second = tui(dir.path(), &server, config);
    let mut third = tui(dir.path(), &server, config);
    let cache = dir.path().join("data").join("cache");
    let config_file = dir.path().join("config/config.toml");
    tokio::task::spawn_blocking(move || {
        let mut pty = started(&mut first, 100, 30);
        assert!(pty.wait_for("via ", WAIT), "{}", pty.screen());
        pty.send(b"q");
        assert!(pty.wait_exit(WAIT).is_some_and(|s| s.success()));
    })
    .await
    .unwrap();
    let files: Vec<_> = std::fs::read_dir(&cache).unwrap().collect();
    assert_eq!(files.len(), 1, "one cache file in {}", cache.display());
    // The instance goes away: nothing listens on its port any more.
    let addr = server.addr();
    server.stop();
    drop(server);
    tokio::task::spawn_blocking(move || {
        let deadline = std::time::Instant::now() + WAIT;
        while std::net::TcpStream::connect(addr).is_ok() {
            assert!(
                std::time::Instant::now() < deadline,
                "the server never stopped"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        let mut pty = Pty::spawn(&mut second, 100, 30);
        assert!(pty.wait_for("offline, cached", WAIT), "{}", pty.screen());
        assert!(pty.screen().contains("via "), "{}", pty.screen());
        pty.send(b"q");
        assert!(pty.wait_exit(WAIT).is_some_and(|s| s.success()));
        // The cache turned off: the file goes, and offline there is nothing.
        std::fs::write(
            &config_file,
            "[ui]\nimages = false\n[cache]\nenabled = false\n",
        )
        .unwrap();
        let mut pty = Pty::spawn(&mut third, 100, 30);
        assert!(
            pty.wait_for("Could not load Home", WAIT),
            "{}",
            pty.screen()
        );
        assert!(!pty.screen().contains("via "), "{}", pty.screen());
        pty.send(b"q");
        assert!(pty.wait_exit(WAIT).is_some_and(|s| s.success()));
    })
    .await
    .unwrap();
    let left: Vec<_> = std::fs::read_dir(&cache).unwrap().collect();
    assert!(left.is_empty(), "{left:?}");
}
