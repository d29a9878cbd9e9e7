//! Starting the TUI: the demo instance, an environment account, or the
//! configured accounts (with their tokens from the store).

use std::process::ExitCode;

use super::demo_instance::Demo;
use crate::api::{AccessToken, Client};
use crate::app::{AccountState, State};
use crate::auth::tokens::TokenStore;
use crate::config::accounts::ConfigFile;
use crate::config::{self, Paths};

/// One account ready for the TUI.
pub struct Session {
    pub label: String,
    /// The name of its local cache (`None`: none).
    pub cache_key: Option<String>,
    pub host: String,
    pub client: Client,
    /// A visitor's (no token): read-only.
    pub read_only: bool,
}

fn host_of(base: &url::Url) -> String {
    crate::auth::flow::domain_of(base)
}

/// The accounts from the config file whose tokens can be found; `pick` chooses the active one.
async fn configured(paths: &Paths, pick: Option<&str>) -> Result<(Vec<Session>, usize), String> {
    let cfg = ConfigFile::load(&paths.config_file()).map_err(|e| e.to_string())?;
    let store = TokenStore::for_paths(paths);
    let mut out = Vec::new();
    for a in &cfg.accounts {
        let Ok(base) = config::parse_instance(&a.instance) else {
            tracing::warn!(acct = %a.acct, "bad instance in the config");
            continue;
        };
        let token = match store.load(&a.acct).await {
            Ok(Some(t)) => t,
            _ => {
                eprintln!(
                    "trompe: no token stored for {}; run `trompe login {}`",
                    a.acct, a.instance
                );
                continue;
            }
        };
        let client = Client::new(base.clone(), Some(token)).map_err(|e| e.to_string())?;
        out.push(Session {
            label: a.acct.clone(),
            cache_key: Some(a.acct.clone()),
            host: host_of(&base),
            client,
            read_only: false,
        });
    }
    let wanted =
        match pick {
            Some(name) => Some(cfg.find(name).map(|a| a.acct.clone()).ok_or_else(|| {
                format!("no account matches `{name}`; `trompe accounts` lists them")
            })?),
            None => cfg.default_account().map(|a| a.acct.clone()),
        };
    let active = wanted
        .and_then(|w| out.iter().position(|s| s.label == w))
        .unwrap_or(0);
    Ok((out, active))
}

/// Is the terminal tmux or screen (from `$TMUX` and `$TERM`)?
pub fn in_multiplexer(tmux: Option<&str>, term: Option<&str>) -> bool {
    tmux.is_some_and(|t| !t.is_empty())
        || term.is_some_and(|t| t.starts_with("screen") || t.starts_with("tmux"))
}

/// The preview cache from `[ui] images = true|false` (default on) and
/// `[ui] image_cache_mb = N` (the memory for decoded pictures, default 32;
/// 0 turns previews off).
pub fn image_cache(ui: Option<&toml::Table>) -> crate::app::images::ImageCache {
    let enabled = ui
        .and_then(|u| u.get("images"))
        .and_then(|v| v.as_bool())
        .unwrap_or(true);
    let mb = ui
        .and_then(|u| u.get("image_cache_mb"))
        .and_then(|v| v.as_integer())
        .filter(|n| *n >= 0)
        .map(|n| n.min(4096) as usize)
        .unwrap_or(crate::app::images::DEFAULT_BUDGET >> 20);
    // No room at all means no previews (rather than "unavailable" marks);
    // a little room is raised to what one post's previews need.
    let budget = (mb << 20).max(crate::app::images::MIN_BUDGET);
    crate::app::images::ImageCache::new(enabled && mb > 0, budget)
}

/// How the TUI starts.
#[derive(Debug, Clone, Default)]
pub struct Start {
    /// Against the built-in demo instance.
    pub demo: bool,
    /// Serve the federation node in this process.
    pub relay: bool,
    /// The account to open first.
    pub account: Option<String>,
    /// With `demo`: how many demo instances (the others start with a new,
    /// empty account each, in the switcher: the target of `:move`).
    pub demo_instances: u8,
    /// `--theme`: a theme for this run, over `[ui] theme`.
    pub theme: Option<String>,
    /// `--instance HOST`: read this instance without an account.
    pub visit: Option<String>,
}

/// The federation node as the TUI's source.
struct NodeRun {
    node: std::sync::Arc<crate::federation::Node>,
    /// Events from a `relay serve` in another process (not served here).
    socket: Option<std::path::PathBuf>,
    /// The node served here (stopped when dropped with the run).
    serving: Vec<tokio::task::JoinHandle<()>>,
    /// What to tell the user at start.
    said: Option<String>,
}

impl Drop for NodeRun {
    fn drop(&mut self) {
        for h in &self.serving {
            h.abort();
        }
    }
}

/// Serves `node` on `listener` in this process, with its events socket
/// when it has a data directory.
fn serve_here(
    node: &std::sync::Arc<crate::federation::Node>,
    listener: tokio::net::TcpListener,
    socket: Option<std::path::PathBuf>,
) -> Vec<tokio::task::JoinHandle<()>> {
    let mut tasks = Vec::new();
    let serving = node.clone();
    tasks.push(tokio::spawn(async move {
        if let Err(e) = serving.serve(listener, std::future::pending()).await {
            tracing::error!("the node stopped serving: {e}");
        }
    }));
    if let Some(path) = socket {
        let n = node.clone();
        tasks.push(tokio::spawn(async move {
            if let Err(e) = crate::federation::events::serve(n, &path).await {
                tracing::warn!("the events socket {}: {e}", path.display());
            }
        }));
    }
    tasks
}

/// The federation node for this run: a throwaway one beside the demo
/// (`--demo --relay`), the configured one served here (`--relay`), or the
/// configured one read here while `trompe relay serve` serves it.
async fn start_node(
    paths: &Paths,
    how: &Start,
    demo: Option<&Demo>,
) -> Result<Option<NodeRun>, String> {
    use crate::federation::{Node, NodeConfig, NodeKey, Store};
    if let Some(demo) = demo {
        if !how.relay {
            return Ok(None);
        }
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .map_err(|e| format!("the node cannot listen: {e}"))?;
        let addr = listener
            .local_addr()
            .map_err(|e| format!("the node cannot listen: {e}"))?;
        let url = url::Url::parse(&format!("http://{addr}")).map_err(|e| e.to_string())?;
        let mut cfg = NodeConfig::new(url, "node");
        // The demo lives on loopback.
        cfg.allow_private_addresses = true;
        let key = NodeKey::generate().map_err(|e| e.to_string())?;
        let store = Store::memory().map_err(|e| e.to_string())?;
        let node = Node::new(cfg, key, store);
        let serving = serve_here(&node, listener, None);
        let host = host_of(demo.base_url());
        return Ok(Some(NodeRun {
            node,
            socket: None,
            serving,
            said: Some(format!(
                "node on {addr}: A, then :subscribe @{}@{host}",
                demo.username()
            )),
        }));
    }
    let Some((node, listen)) = super::relay::configured(paths)? else {
        if how.relay {
            return Err(
                "no node yet: run `trompe relay init --public-url https://HOST` first".into(),
            );
        }
        return Ok(None);
    };
    let socket = super::relay::events_socket(paths);
    if !how.relay {
        return Ok(Some(NodeRun {
            node,
            socket: Some(socket),
            serving: vec![],
            said: None,
        }));
    }
    let listener = tokio::net::TcpListener::bind(&listen).await.map_err(|e| {
        format!("the node cannot listen on {listen} ({e}); is `trompe relay serve` running? Then start without --relay")
    })?;
    let serving = serve_here(&node, listener, Some(socket));
    Ok(Some(NodeRun {
        node,
        socket: None,
        serving,
        said: Some(format!("the node serves on {listen}")),
    }))
}

/// Says what went wrong; the exit code to leave with.
fn fail(code: u8, e: impl std::fmt::Display) -> ExitCode {
    eprintln!("trompe: {e}");
    ExitCode::from(code)
}

/// The accounts of this run: the demo's (kept running while the returned
/// `Demo` lives), the environment's, or the configured ones; and which is
/// active.
async fn sessions(
    paths: &Paths,
    how: &Start,
) -> Result<(Vec<Session>, usize, Vec<Demo>), ExitCode> {
    let mut demo_servers = Vec::new();
    let (sessions, active) = if how.demo {
        // TROMPE_DEMO_STILL=1 (read by the demo only): no live activity, so
        // that the screen is the same every time (screenshots).
        let live = std::env::var_os("TROMPE_DEMO_STILL").is_none_or(|v| v.is_empty() || v == "0");
        let server = match Demo::start(0, live).await {
            Ok(s) => s,
            Err(e) => {
                return Err(fail(1, e));
            }
        };
        let client = match Client::new(
            server.base_url().clone(),
            Some(AccessToken::new(server.token())),
        ) {
            Ok(c) => c,
            Err(e) => {
                return Err(fail(1, e));
            }
        };
        let host = host_of(server.base_url());
        demo_servers.push(server);
        let mut sessions = vec![Session {
            label: String::new(),
            cache_key: None,
            host,
            client,
            read_only: false,
        }];
        for _ in 1..how.demo_instances.max(1) {
            let server = Demo::start_full(0, false, false, true, 0)
                .await
                .map_err(|e| fail(1, e))?;
            let client = Client::new(
                server.base_url().clone(),
                Some(AccessToken::new(server.token())),
            )
            .map_err(|e| fail(1, e))?;
            let host = host_of(server.base_url());
            sessions.push(Session {
                label: format!("{}@{host}", server.username()),
                cache_key: None,
                host,
                client,
                read_only: false,
            });
            demo_servers.push(server);
        }
        (sessions, 0)
    } else if let Some(host) = &how.visit {
        let base = config::parse_instance(host).map_err(|e| fail(super::EXIT_USAGE, e))?;
        let client = Client::new(base.clone(), None).map_err(|e| fail(1, e))?;
        (
            vec![Session {
                label: String::new(),
                cache_key: None,
                host: host_of(&base),
                client,
                read_only: true,
            }],
            0,
        )
    } else {
        match config::env_account() {
            Ok(Some(a)) => match Client::new(a.instance.clone(), Some(a.token)) {
                Ok(client) => (
                    vec![Session {
                        label: String::new(),
                        // The token's account is known only once the
                        // server answers: the cache goes by instance.
                        cache_key: Some(format!("env@{}", host_of(&a.instance))),
                        host: host_of(&a.instance),
                        client,
                        read_only: false,
                    }],
                    0,
                ),
                Err(e) => {
                    return Err(fail(1, e));
                }
            },
            Ok(None) => match configured(paths, how.account.as_deref()).await {
                Ok(s) => s,
                Err(e) => {
                    return Err(fail(super::EXIT_USAGE, e));
                }
            },
            Err(e) => {
                return Err(fail(super::EXIT_USAGE, e));
            }
        }
    };
    Ok((sessions, active, demo_servers))
}

/// `[ui] theme = "NAME"` (or a file's path), else the default theme. A
/// theme that does not load is said in a message, and the default is used.
fn configured_theme(state: &mut State, cfg: &ConfigFile) -> crate::ui::Theme {
    let name = cfg
        .other
        .get("ui")
        .and_then(|u| u.get("theme"))
        .and_then(|t| t.as_str());
    match name.map(crate::ui::Theme::load) {
        Some(Ok((t, _))) => t,
        Some(Err(e)) => {
            tracing::warn!("{e}");
            state.toast(
                crate::app::ToastKind::Error,
                format!("theme {e}; using the default theme"),
            );
            crate::ui::Theme::default_theme()
        }
        None => crate::ui::Theme::default_theme(),
    }
}

/// The settings of `config.toml` applied to the state: keys, tabs,
/// languages, polling, previews, content warnings. Returns the command
/// that opens links (`[ui] open`). The file is read once; a broken one was
/// already reported for the accounts.
fn apply_settings(state: &mut State, paths: &Paths, cfg: &ConfigFile) -> Option<Vec<String>> {
    // `[keys.common] favourite = "L"`: the keymap; a mistake is shown (with
    // its line) and the defaults stay.
    if let Ok(text) = std::fs::read_to_string(paths.config_file()) {
        match crate::app::keymap::Keymap::from_config(&text) {
            Ok(map) => state.keymap = map,
            Err(e) => {
                tracing::warn!("{e}");
                state.toast(crate::app::ToastKind::Error, format!("{e}; default keys"));
            }
        }
        // Other mistakes (an unknown key, a bad value): the first is shown,
        // and those keys keep their defaults.
        let problems = super::config_cmd::check_settings(&text, false);
        if let Some(first) = problems.first() {
            let more = match problems.len() {
                1 => String::new(),
                n => format!(" (and {} more)", n - 1),
            };
            let shown = first.show(std::path::Path::new("config.toml"));
            tracing::warn!("{shown}");
            state.toast(
                crate::app::ToastKind::Error,
                format!("{shown}{more}; defaults used there — trompe config --check"),
            );
        }
    }
    let ui = cfg.other.get("ui").and_then(|u| u.as_table());
    // `[ui] layout = "deck"`: the tabs side by side, `[ui] columns` first.
    state.layout = ui
        .and_then(|u| u.get("layout"))
        .and_then(|l| l.as_str())
        .and_then(crate::app::Layout::from_name)
        .unwrap_or_default();
    let columns = ui
        .and_then(|u| u.get("columns"))
        .filter(|_| state.layout == crate::app::Layout::Deck);
    // `[ui] tabs = ["home", "notifications", "tag:rust"]`: the tabs open at start.
    if let Some(names) = columns
        .or_else(|| ui.and_then(|u| u.get("tabs")))
        .and_then(|t| t.as_array())
    {
        let kinds: Vec<crate::app::TabKind> = names
            .iter()
            .filter_map(|n| n.as_str())
            .filter_map(crate::app::TabKind::from_name)
            .collect();
        if !kinds.is_empty() {
            // A visitor keeps its public tabs.
            for acc in state
                .accounts
                .iter_mut()
                .filter(|a| !a.node && !a.read_only)
            {
                acc.tabs = kinds
                    .iter()
                    .cloned()
                    .map(crate::app::TimelineTab::with_kind)
                    .collect();
                acc.active_tab = 0;
            }
        }
    }
    // `[ui] open = "firefox --new-tab"`: the command that opens links.
    let opener: Option<Vec<String>> = ui
        .and_then(|u| u.get("open"))
        .and_then(|o| o.as_str())
        .map(|o| o.split_whitespace().map(str::to_string).collect::<Vec<_>>())
        .filter(|v| !v.is_empty());
    // `[compose] language = "fr"`, else the account's preference from the
    // server, else the locale's language.
    let configured = cfg
        .other
        .get("compose")
        .and_then(|c| c.get("language"))
        .and_then(|l| l.as_str());
    let env = |k: &str| std::env::var(k).ok();
    state.default_language = crate::compose::default_language(configured, None, None);
    state.locale_language = crate::compose::language_from_env(
        env("LC_ALL").as_deref(),
        env("LC_MESSAGES").as_deref(),
        env("LANG").as_deref(),
    );
    // `[streaming] poll_interval = 30`: seconds between polls when the server
    // refuses streaming.
    if let Some(secs) = cfg
        .other
        .get("streaming")
        .and_then(|t| t.get("poll_interval")?.as_integer())
        .filter(|s| *s >= 5)
    {
        state.poll_interval = time::Duration::seconds(secs);
    }
    state.images = image_cache(ui);
    state.expand_cw = ui
        .and_then(|u| u.get("expand_cw"))
        .and_then(|v| v.as_bool())
        .unwrap_or(false);
    opener
}

/// Runs the TUI until the user quits.
pub async fn run(
    paths: &Paths,
    how: Start,
    log_path: Option<std::path::PathBuf>,
    launched: std::time::Instant,
) -> ExitCode {
    let demo = how.demo;
    // A theme asked for on the command line must load, or nothing starts.
    let flag_theme = match how.theme.as_deref().map(crate::ui::Theme::load) {
        Some(Ok((t, _))) => Some(t),
        Some(Err(e)) => return fail(super::EXIT_USAGE, e),
        None => None,
    };
    // A config file that does not parse is kept aside; the run goes on with
    // the defaults (and says so).
    let set_aside = ConfigFile::set_aside_if_corrupt(&paths.config_file());
    if let Some(m) = &set_aside {
        tracing::warn!(dir = %paths.config_dir.display(), "{m}");
    }
    // The demo server lives as long as the run.
    let (sessions, active, _demo_server) = match sessions(paths, &how).await {
        Ok(s) => s,
        Err(code) => return code,
    };
    let node = match start_node(paths, &how, _demo_server.first()).await {
        Ok(n) => n,
        Err(e) => {
            eprintln!("trompe: {e}");
            return ExitCode::from(super::EXIT_USAGE);
        }
    };
    let mut accounts: Vec<AccountState> = sessions
        .iter()
        .map(|s| {
            if s.read_only {
                AccountState::visitor(s.host.clone())
            } else {
                AccountState {
                    cache_key: s.cache_key.clone(),
                    ..AccountState::new(s.label.clone(), s.host.clone())
                }
            }
        })
        .collect();
    // The node comes last, after the Mastodon accounts.
    let node_index = accounts.len();
    if let Some(n) = &node {
        let cfg = &n.node.cfg;
        accounts.push(AccountState::node(
            format!("{}@{} (node)", cfg.name, cfg.host()),
            cfg.host(),
        ));
    }
    let mut state = State::new(accounts, time::OffsetDateTime::now_utc());
    if let Some(said) = node.as_ref().and_then(|n| n.said.clone()) {
        state.toast(crate::app::ToastKind::Info, said);
    }
    state.active = active;
    state.zone = crate::compose::Zone::System;
    if let Some(m) = set_aside {
        if state.accounts.is_empty() {
            // The login form is all there is to show: the message goes there.
            state.login = Some(crate::app::LoginForm {
                error: Some(m),
                ..Default::default()
            });
        } else {
            state.toast(crate::app::ToastKind::Error, m);
        }
    }
    let cfg = ConfigFile::load(&paths.config_file()).unwrap_or_default();
    let opener = apply_settings(&mut state, paths, &cfg);
    // The tabs' settings of earlier runs (`:boosts`, `:replies`).
    if !demo {
        state.set_tab_settings(crate::effects::load_tab_settings(paths));
    }
    // The `:` history of earlier runs.
    if let Ok(text) = std::fs::read_to_string(paths.data_dir.join("history")) {
        state.command_history = text
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(str::to_string)
            .collect();
        let extra = state
            .command_history
            .len()
            .saturating_sub(crate::app::state::HISTORY_KEPT);
        state.command_history.drain(..extra);
    }
    // The local cache: each account's tabs as the last run left them, drawn
    // at once and marked as cached until the server answers.
    // `[cache] enabled = false` keeps nothing (and deletes what was kept).
    let cache_on = !demo
        && cfg
            .other
            .get("cache")
            .and_then(|c| c.get("enabled"))
            .and_then(|v| v.as_bool())
            .unwrap_or(true);
    state.cache_enabled = cache_on;
    // (The demo's sessions have no cache key.)
    for acc in state.accounts.iter_mut() {
        let Some(key) = acc.cache_key.clone() else {
            continue;
        };
        if !cache_on {
            crate::cache::remove(paths, &key);
        } else if let Some(snapshot) = crate::cache::load(paths, &key) {
            let tabs = crate::app::cache::restore(acc, snapshot);
            tracing::info!(tabs, "tabs drawn from the local cache");
        }
    }
    let theme = flag_theme.unwrap_or_else(|| configured_theme(&mut state, &cfg));
    let theme = theme.for_depth(crate::ui::theme::ColorDepth::from_env());
    let images = state.images.enabled();
    // `[ui] mouse = false`: the terminal keeps the mouse for its own selection.
    let mouse = cfg
        .other
        .get("ui")
        .and_then(|u| u.get("mouse"))
        .and_then(|m| m.as_bool())
        .unwrap_or(true);
    crate::tui::set_mouse_capture(mouse);
    let clients = sessions.into_iter().map(|s| s.client).collect();
    let terminal = match crate::tui::setup_terminal(log_path.clone()) {
        Ok(t) => t,
        Err(e) => {
            crate::tui::restore_terminal();
            eprintln!("trompe: could not set up the terminal: {e}");
            return ExitCode::from(1);
        }
    };
    // Debug builds only: the pty test of the panic hook sets this.
    #[cfg(debug_assertions)]
    if std::env::var_os("TROMPE_DEBUG_PANIC").is_some() {
        panic!("TROMPE_DEBUG_PANIC is set: a test of the panic hook");
    }
    let mut app = crate::tui::App::new(terminal, state, clients);
    app.set_theme(theme);
    app.set_mouse(mouse);
    if let Err(e) = app.handle_signals() {
        tracing::warn!(error = %e, "SIGTERM and SIGHUP are not handled");
    }
    // OSC 8 links where the terminal is known to show them, or as
    // `[ui] hyperlinks` says.
    let hyperlinks = cfg
        .other
        .get("ui")
        .and_then(|u| u.get("hyperlinks"))
        .and_then(|m| m.as_bool());
    app.set_hyperlinks(
        std::io::IsTerminal::is_terminal(&std::io::stdout())
            && crate::ui::hyperlinks::supported(hyperlinks, |k| std::env::var(k).ok()),
    );
    app.set_titles(true);
    if let Some(n) = &node {
        app.set_node(node_index, n.node.clone(), n.socket.clone());
    }
    app.set_launched(launched);
    app.set_drafts(crate::compose::DraftStore::for_paths(paths));
    app.set_osc52(true);
    app.set_opener(opener);
    if !demo {
        app.set_desktop(
            crate::desktop::DesktopSettings::from_config(&cfg.other)
                .map(crate::desktop::Desktop::new),
        );
        app.set_data_dirs(paths.clone());
    }
    // Kitty, sixel or iTerm2 graphics when the terminal answers the query
    // (asked once, after the first frame); halfblocks otherwise. tmux and
    // screen never pass the query through: asking would only wait.
    use std::io::IsTerminal;
    let multiplexed = in_multiplexer(
        std::env::var("TMUX").ok().as_deref(),
        std::env::var("TERM").ok().as_deref(),
    );
    app.set_query_graphics(images && !multiplexed && std::io::stdout().is_terminal());
    let mut events = crate::tui::TerminalEvents::new();
    app.set_suspend(Box::new(crate::tui::TerminalSuspend::new(events.clone())));
    let result = app.run(&mut events).await;
    crate::tui::restore_terminal();
    tracing::info!("terminal restored");
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("trompe: {e}");
            if let Some(p) = log_path {
                eprintln!("the log is at {}", p.display());
            }
            ExitCode::from(1)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ui(text: &str) -> toml::Table {
        let t: toml::Table = toml::from_str(text).expect("toml");
        t.get("ui")
            .and_then(|u| u.as_table())
            .cloned()
            .unwrap_or_default()
    }

    #[test]
    fn image_settings_from_the_config() {
        let c = image_cache(None);
        assert!(c.enabled());
        assert_eq!(c.budget(), 32 << 20);
        assert!(in_multiplexer(
            Some("/tmp/tmux-0/default,1,0"),
            Some("xterm")
        ));
        assert!(in_multiplexer(None, Some("screen-256color")));
        assert!(in_multiplexer(None, Some("tmux-256color")));
        assert!(!in_multiplexer(None, Some("xterm-kitty")));
        assert!(!in_multiplexer(Some(""), None));
        let c = image_cache(Some(&ui("[ui]\nimages = false\n")));
        assert!(!c.enabled());
        let c = image_cache(Some(&ui("[ui]\nimage_cache_mb = 20\n")));
        assert!(c.enabled());
        assert_eq!(c.budget(), 20 << 20);
        // Less than one post's previews would make them evict each other.
        let c = image_cache(Some(&ui("[ui]\nimage_cache_mb = 2\n")));
        assert_eq!(c.budget(), crate::app::images::MIN_BUDGET);
        assert_eq!(crate::app::images::MIN_BUDGET, 16 << 20);
        // Nonsense falls back to the default, huge values are bounded.
        let c = image_cache(Some(&ui("[ui]\nimages = \"yes\"\nimage_cache_mb = -3\n")));
        assert!(c.enabled());
        assert_eq!(c.budget(), 32 << 20);
        let c = image_cache(Some(&ui("[ui]\nimage_cache_mb = 0\n")));
        assert!(!c.enabled());
        let c = image_cache(Some(&ui("[ui]\nimage_cache_mb = 999999999\n")));
        assert_eq!(c.budget(), 4096 << 20);
    }
}
