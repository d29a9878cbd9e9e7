//! The effect runner: turns [`Effect`]s into tokio tasks with a cloned
//! [`Client`], and sends their results back as [`Action`]s. The only place,
//! with `tui.rs`, where the application touches the network.

use tokio::sync::mpsc::UnboundedSender;

use crate::api::Client;
use crate::app::LoginPhase;
use crate::app::{Action, Effect, StreamStatus};
use crate::auth::AuthError;
use crate::auth::flow::{self, Loopback};
use crate::auth::tokens::TokenStore;
use crate::config::Paths;
use crate::streaming::{self, StreamEvent, StreamHandle, StreamMessage, Subscription};

/// Runs effects for a set of accounts.
pub struct Runner {
    clients: Vec<Client>,
    streams: Vec<Option<StreamHandle>>,
    tx: UnboundedSender<Action>,
    paths: Option<Paths>,
    login: Option<LoginTask>,
    /// Open a browser for logins (`None`: decide from the environment).
    browser: Option<bool>,
}

/// A login running in the background.
struct LoginTask {
    code_tx: tokio::sync::mpsc::Sender<String>,
    task: tokio::task::JoinHandle<()>,
}

impl Runner {
    /// A runner for `clients` (index = account index) reporting on `tx`.
    pub fn new(clients: Vec<Client>, tx: UnboundedSender<Action>) -> Self {
        let streams = clients.iter().map(|_| None).collect();
        Runner {
            clients,
            streams,
            tx,
            paths: None,
            login: None,
            browser: None,
        }
    }

    /// Where logins save accounts and tokens.
    pub fn set_paths(&mut self, paths: Paths) {
        self.paths = Some(paths);
    }

    /// Forces logins to use (or not use) a browser.
    pub fn set_browser(&mut self, browser: bool) {
        self.browser = Some(browser);
    }

    fn cancel_login(&mut self) {
        if let Some(l) = self.login.take() {
            l.task.abort();
        }
    }

    fn start_login(&mut self, instance: String) {
        self.cancel_login();
        let Some(paths) = self.paths.clone() else {
            let _ = self.tx.send(Action::LoginFailed(
                "logging in is not available in this session (demo mode)".into(),
            ));
            return;
        };
        let (code_tx, code_rx) = tokio::sync::mpsc::channel(1);
        let tx = self.tx.clone();
        let browser = self.browser.unwrap_or_else(flow::can_open_browser);
        let task = tokio::spawn(async move {
            let result = login_task(&paths, &instance, browser, code_rx, &tx).await;
            let action = match result {
                Ok(a) => a,
                Err(e) => Action::LoginFailed(e.to_string()),
            };
            let _ = tx.send(action);
        });
        self.login = Some(LoginTask { code_tx, task });
    }

    /// Starts one effect. Never blocks.
    pub fn run(&mut self, effect: Effect) {
        match effect {
            Effect::Quit => {}
            Effect::StartLogin { instance } => self.start_login(instance),
            Effect::LoginCode { code } => {
                if let Some(l) = &self.login {
                    let _ = l.code_tx.try_send(code);
                }
            }
            Effect::CancelLogin => self.cancel_login(),
            Effect::AddClient { account, client } => {
                while self.clients.len() < account {
                    // Keep indexes aligned with the state's accounts.
                    self.clients.push(client.clone());
                    self.streams.push(None);
                }
                if account < self.clients.len() {
                    self.clients[account] = client;
                } else {
                    self.clients.push(client);
                    self.streams.push(None);
                }
            }
            Effect::LoadTimeline {
                account,
                tab,
                request,
                kind,
                direction,
                query,
                url,
            } => {
                let Some(client) = self.clients.get(account).cloned() else {
                    return;
                };
                let tx = self.tx.clone();
                tokio::spawn(async move {
                    let result = match url {
                        Some(u) => client.get_page_at(u).await,
                        None => client.timeline(&kind, &query).await,
                    };
                    let _ = tx.send(Action::TimelineLoaded {
                        account,
                        tab,
                        request,
                        direction,
                        result,
                    });
                });
            }
            Effect::VerifyCredentials { account } => {
                let Some(client) = self.clients.get(account).cloned() else {
                    return;
                };
                let tx = self.tx.clone();
                tokio::spawn(async move {
                    let result = client.verify_credentials().await.map(Box::new);
                    let _ = tx.send(Action::CredentialsLoaded { account, result });
                });
            }
            Effect::LoadInstance { account } => {
                let Some(client) = self.clients.get(account).cloned() else {
                    return;
                };
                let tx = self.tx.clone();
                tokio::spawn(async move {
                    let result = client.instance().await.map(Box::new);
                    if let Err(e) = &result {
                        tracing::warn!("instance information unavailable: {e}");
                    }
                    let _ = tx.send(Action::InstanceLoaded { account, result });
                });
            }
            Effect::StartStreaming { account } => self.start_stream(account),
            Effect::ReconnectStream { account } => {
                match self.streams.get(account).and_then(|s| s.as_ref()) {
                    Some(h) => h.reconnect_now(),
                    None => self.start_stream(account),
                }
            }
        }
    }

    fn start_stream(&mut self, account: usize) {
        let Some(client) = self.clients.get(account).cloned() else {
            return;
        };
        if let Some(Some(old)) = self.streams.get(account) {
            old.stop();
        }
        let (stx, mut srx) = tokio::sync::mpsc::unbounded_channel();
        let tx = self.tx.clone();
        let _ = tx.send(Action::StreamState {
            account,
            status: StreamStatus::Connecting,
        });
        let handle = streaming::spawn(
            client,
            None,
            vec![
                Subscription::User,
                Subscription::PublicLocal,
                Subscription::Public,
            ],
            stx,
        );
        if let Some(slot) = self.streams.get_mut(account) {
            *slot = Some(handle);
        }
        tokio::spawn(async move {
            while let Some(msg) = srx.recv().await {
                let action = match msg {
                    StreamMessage::Connected => Action::StreamState {
                        account,
                        status: StreamStatus::Live,
                    },
                    StreamMessage::Reconnecting { attempt } => Action::StreamState {
                        account,
                        status: StreamStatus::Reconnecting { attempt },
                    },
                    StreamMessage::Unavailable { reason } => {
                        tracing::warn!("streaming unavailable: {reason}");
                        Action::StreamState {
                            account,
                            status: StreamStatus::Polling,
                        }
                    }
                    StreamMessage::Unauthorized => Action::StreamState {
                        account,
                        status: StreamStatus::Offline,
                    },
                    StreamMessage::Event(ev) => match ev {
                        StreamEvent::Update { stream, status } => Action::StreamUpdate {
                            account,
                            stream,
                            status,
                        },
                        StreamEvent::StatusUpdate { status, .. } => {
                            Action::StreamStatusUpdate { account, status }
                        }
                        StreamEvent::Delete { id, .. } => Action::StreamDelete { account, id },
                        _ => continue,
                    },
                };
                if tx.send(action).is_err() {
                    break;
                }
            }
        });
    }
}

/// How long the TUI waits for the browser.
const BROWSER_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(300);

/// The whole login, reporting progress as actions; the same steps as `trompe login`.
async fn login_task(
    paths: &Paths,
    instance: &str,
    browser: bool,
    mut code_rx: tokio::sync::mpsc::Receiver<String>,
    tx: &UnboundedSender<Action>,
) -> Result<Action, AuthError> {
    let p = flow::prepare(instance, &paths.data_dir).await?;
    let (auth, code) = if browser {
        let mut lb = Loopback::start().await?;
        let auth = flow::authorize(&p, &lb.redirect_uri())?;
        let url = auth.url.to_string();
        let _ = tx.send(Action::LoginProgress(LoginPhase::WaitingForBrowser {
            url: url.clone(),
        }));
        let _ = tokio::task::spawn_blocking(move || open::that_detached(url)).await;
        let code = lb.wait(&auth, BROWSER_TIMEOUT).await?;
        (auth, code)
    } else {
        let auth = flow::authorize(&p, flow::oob())?;
        let _ = tx.send(Action::LoginProgress(LoginPhase::PasteCode {
            url: auth.url.to_string(),
        }));
        let code = code_rx.recv().await.ok_or(AuthError::NoCode)?;
        (auth, code)
    };
    let _ = tx.send(Action::LoginProgress(LoginPhase::Finishing));
    let token = flow::exchange(&p, auth, &code).await?;
    let account = flow::verify(&p, &token).await?;
    let store = TokenStore::for_paths(paths);
    let (entry, _) = flow::save(&paths.config_file(), &store, &p, &account, &token).await?;
    let client = p.client.with_token(Some(token));
    Ok(Action::LoginSucceeded {
        label: entry.acct,
        host: flow::domain_of(client.base()),
        client,
    })
}
