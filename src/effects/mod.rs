//! The effect runner: turns [`Effect`]s into tokio tasks with a cloned
//! [`Client`], and sends their results back as [`Action`]s. The only place,
//! with `tui.rs`, where the application touches the network.

mod collections;
mod complete;
mod drafts;
mod local;
mod moving;
pub mod node;
mod requests;
mod session;
mod social;

use tokio::sync::mpsc::UnboundedSender;

use crate::api::Client;
use crate::api::PageQuery;
use crate::app::{Action, Effect, StreamStatus};
use crate::app::{LoadedPage, LoginPhase, PageItems, TabKind};
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
    /// Write OSC 52 clipboard sequences to the terminal (real TUI only).
    osc52: bool,
    /// The command that opens links, from the config.
    opener: Option<Vec<String>>,
    /// Desktop notifications, when the config turns them on.
    desktop: Option<std::sync::Arc<crate::desktop::Desktop>>,
    /// Draft writes and deletes, done in order by one worker (`None`: in
    /// memory only).
    drafts: Option<tokio::sync::mpsc::UnboundedSender<DraftOp>>,
    /// The read-position save in flight (each waits for the one before),
    /// awaited before exit.
    saves: Vec<tokio::task::JoinHandle<()>>,
    /// The last cache write: each waits for the one before it.
    cache_write: Option<tokio::task::JoinHandle<()>>,
    /// The token-less HTTP client for image previews, made on first use.
    image_http: Option<reqwest::Client>,
    /// The federation node, when one of the accounts is it.
    node: Option<node::NodeSource>,
}

/// One operation on the drafts directory.
enum DraftOp {
    Save(Box<crate::compose::Draft>),
    Delete(String),
    List(tokio::sync::oneshot::Sender<Vec<crate::compose::Draft>>),
    Flush(tokio::sync::oneshot::Sender<()>),
}

/// Runs draft operations one after the other, so a delete never overtakes
/// the save before it.
/// The tabs' settings, in the data directory.
pub const TAB_SETTINGS: &str = "tabs.json";

/// Reads `tabs.json`: per tab title, boosts and replies hidden. A missing
/// or broken file is no settings.
pub fn load_tab_settings(
    paths: &crate::config::Paths,
) -> std::collections::BTreeMap<String, (bool, bool)> {
    let Ok(text) = std::fs::read_to_string(paths.data_dir.join(TAB_SETTINGS)) else {
        return Default::default();
    };
    let Ok(serde_json::Value::Object(m)) = serde_json::from_str(&text) else {
        return Default::default();
    };
    m.into_iter()
        .map(|(title, v)| {
            let flag = |k: &str| {
                v.get(k)
                    .and_then(serde_json::Value::as_bool)
                    .unwrap_or(false)
            };
            (title, (flag("hide_boosts"), flag("hide_replies")))
        })
        .filter(|(_, (b, r))| *b || *r)
        .collect()
}

fn draft_worker(store: crate::compose::DraftStore) -> tokio::sync::mpsc::UnboundedSender<DraftOp> {
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<DraftOp>();
    tokio::spawn(async move {
        while let Some(op) = rx.recv().await {
            let store = store.clone();
            let _ = tokio::task::spawn_blocking(move || match op {
                DraftOp::Save(d) => {
                    if let Err(e) = store.save(&d) {
                        tracing::error!("could not save the draft: {e}");
                    }
                }
                DraftOp::Delete(id) => {
                    let _ = store.delete(&id);
                }
                DraftOp::List(reply) => {
                    let _ = reply.send(store.list().unwrap_or_default());
                }
                DraftOp::Flush(reply) => {
                    let _ = reply.send(());
                }
            })
            .await;
        }
    });
    tx
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
            osc52: false,
            opener: None,
            desktop: None,
            drafts: None,
            saves: Vec::new(),
            cache_write: None,
            image_http: None,
            node: None,
        }
    }

    /// Writes the `:` history to `history` in the data directory (mode
    /// 0600: commands can name people), off the UI task.
    fn save_history(&mut self, lines: Vec<String>) {
        let Some(paths) = &self.paths else {
            return;
        };
        let path = paths.data_dir.join("history");
        tokio::task::spawn_blocking(move || {
            let mut text = lines.join("\n");
            text.push('\n');
            if let Err(e) = crate::data::write_atomic(&path, text.as_bytes()) {
                tracing::warn!("could not keep the command history: {e}");
            }
        });
    }

    /// Writes an account's local cache, off the UI task and after the
    /// write before it.
    fn save_cache(&mut self, key: String, snapshot: Box<crate::app::cache::Snapshot>) {
        let Some(paths) = self.paths.clone() else {
            return;
        };
        let previous = self.cache_write.take();
        self.cache_write = Some(tokio::spawn(async move {
            if let Some(p) = previous {
                let _ = p.await;
            }
            let written =
                tokio::task::spawn_blocking(move || crate::cache::save(&paths, &key, &snapshot))
                    .await;
            if let Ok(Err(e)) = written {
                tracing::warn!("could not write the local cache: {e}");
            }
        }));
    }

    /// Writes the tabs' settings to `tabs.json` in the data directory, off
    /// the UI task.
    fn save_tab_settings(&mut self, settings: std::collections::BTreeMap<String, (bool, bool)>) {
        let Some(paths) = &self.paths else {
            return;
        };
        let path = paths.data_dir.join(TAB_SETTINGS);
        tokio::task::spawn_blocking(move || {
            let json: serde_json::Map<String, serde_json::Value> = settings
                .into_iter()
                .map(|(title, (boosts, replies))| {
                    (
                        title,
                        serde_json::json!({"hide_boosts": boosts, "hide_replies": replies}),
                    )
                })
                .collect();
            let text = serde_json::Value::Object(json).to_string();
            if let Err(e) = crate::data::write_atomic(&path, text.as_bytes()) {
                tracing::warn!("could not keep the tabs' settings: {e}");
            }
        });
    }

    /// Serves account `account` from the federation node `n` (events from
    /// `socket` when the node runs in another process).
    pub fn set_node(
        &mut self,
        account: usize,
        n: std::sync::Arc<crate::federation::Node>,
        socket: Option<std::path::PathBuf>,
    ) {
        let mut source = node::NodeSource::new(account, n, self.tx.clone());
        if let Some(path) = socket {
            source.set_socket(path);
        }
        self.node = Some(source);
    }

    /// Opens links with `cmd` (program and arguments; the URL is appended).
    pub fn set_opener(&mut self, cmd: Option<Vec<String>>) {
        self.opener = cmd;
    }

    /// Pops up desktop notifications as configured.
    pub fn set_desktop(&mut self, d: Option<std::sync::Arc<crate::desktop::Desktop>>) {
        self.desktop = d;
    }

    /// Lets the runner write clipboard sequences to the terminal.
    pub fn set_osc52(&mut self, on: bool) {
        self.osc52 = on;
    }

    /// Keeps drafts in `store`.
    pub fn set_drafts(&mut self, store: crate::compose::DraftStore) {
        self.drafts = Some(draft_worker(store));
    }

    /// Waits for draft writes and marker saves still running (before the
    /// process exits).
    pub async fn flush(&mut self) {
        if let Some(d) = &self.drafts {
            let (tx, rx) = tokio::sync::oneshot::channel();
            if d.send(DraftOp::Flush(tx)).is_ok() {
                let _ = rx.await;
            }
        }
        for h in self.saves.drain(..) {
            let _ = h.await;
        }
        if let Some(h) = self.cache_write.take() {
            let _ = h.await;
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

    /// Effects that read from the server for the views.
    fn run_read(&mut self, effect: Effect) {
        let Some(account) = effect.account() else {
            return;
        };
        let Some(client) = self.clients.get(account).cloned() else {
            return;
        };
        let tx = self.tx.clone();
        tokio::spawn(async move {
            if let Some(action) = read_task(&client, account, effect).await {
                let _ = tx.send(action);
            }
        });
    }

    /// Fetches and decodes a preview in the background; the result comes
    /// back as [`Action::ImageLoaded`].
    fn fetch_image(&mut self, url: String) {
        let http = match &self.image_http {
            Some(h) => Ok(h.clone()),
            None => crate::fetch_image::http_client().inspect(|h| {
                self.image_http = Some(h.clone());
            }),
        };
        let tx = self.tx.clone();
        tokio::spawn(async move {
            let result = match http {
                Ok(http) => crate::fetch_image::fetch(&http, &url).await,
                Err(e) => Err(e),
            };
            let _ = tx.send(Action::ImageLoaded { url, result });
        });
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
        if let Some(n) = self.node.as_mut() {
            if effect.account() == Some(n.account) {
                n.run(effect);
                return;
            }
        }
        match effect {
            // The terminal loop stops the process itself.
            Effect::Quit | Effect::SuspendProcess => {}
            Effect::SaveHistory { lines } => self.save_history(lines),
            Effect::SaveTabSettings { settings } => self.save_tab_settings(settings),
            Effect::SaveCache { key, snapshot, .. } => self.save_cache(key, snapshot),
            // `update` applies follow-ups itself; one never gets here.
            Effect::Then(action) => tracing::warn!(?action, "a follow-up reached the runner"),
            Effect::FetchImage { url } => self.fetch_image(url),
            Effect::StartLogin { instance } => self.start_login(instance),
            Effect::LoginCode { code } => {
                if let Some(l) = &self.login {
                    let _ = l.code_tx.try_send(code);
                }
            }
            Effect::CancelLogin => self.cancel_login(),
            e @ (Effect::MovePlan { .. } | Effect::Move { .. }) => self.moving(e),
            e @ (Effect::ExternalEditor { .. }
            | Effect::CompletePath { .. }
            | Effect::OpenUrl { .. }
            | Effect::Copy { .. }) => self.local(e),
            e @ (Effect::SaveDraft { .. }
            | Effect::DeleteDraft { .. }
            | Effect::ListDrafts
            | Effect::LoadDrafts) => self.drafts(e),
            e @ (Effect::LoadLanguages { .. }
            | Effect::SendDraft { .. }
            | Effect::SaveMarkers { .. }
            | Effect::LoadMarkers { .. }
            | Effect::PostAction { .. }
            | Effect::LoadTimeline { .. }
            | Effect::VerifyCredentials { .. }
            | Effect::LoadInstance { .. }) => self.session(e),
            other @ (Effect::Complete { .. }
            | Effect::Social { .. }
            | Effect::Translate { .. }
            | Effect::Requests { .. }
            | Effect::LoadHistory { .. }
            | Effect::Filters { .. }
            | Effect::LoadLists { .. }
            | Effect::LoadScheduled { .. }
            | Effect::LoadPeople { .. }
            | Effect::LoadTags { .. }
            | Effect::LoadAnnouncements { .. }
            | Effect::DismissAnnouncements { .. }
            | Effect::AccountOp { .. }
            | Effect::StatusOp { .. }
            | Effect::DeleteStatus { .. }
            | Effect::LoadContext { .. }
            | Effect::LoadProfile { .. }
            | Effect::Search { .. }
            | Effect::Vote { .. }
            | Effect::OpenListNamed { .. }
            | Effect::LookupAccount { .. }) => self.run_read(other),
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
            Effect::StartStreaming { account, streams } => self.start_stream(account, streams),
            Effect::Subscribe {
                account,
                stream,
                on,
            } => {
                if let (Some(Some(h)), Some(sub)) =
                    (self.streams.get(account), Subscription::from_name(&stream))
                {
                    if on {
                        h.subscribe(sub);
                    } else {
                        h.unsubscribe(sub);
                    }
                }
            }
            Effect::NodeSubscriptions { account, .. } => {
                let _ = self.tx.send(Action::SubscriptionsLoaded {
                    account,
                    result: Err("this account is not the federation node".into()),
                    said: None,
                });
            }
            Effect::ReconnectStream { account } => {
                match self.streams.get(account).and_then(|s| s.as_ref()) {
                    Some(h) => h.reconnect_now(),
                    None => self.start_stream(account, vec!["user".into()]),
                }
            }
        }
    }

    fn start_stream(&mut self, account: usize, streams: Vec<String>) {
        let Some(client) = self.clients.get(account).cloned() else {
            return;
        };
        if let Some(Some(old)) = self.streams.get(account) {
            old.stop();
        }
        let (stx, mut srx) = tokio::sync::mpsc::unbounded_channel();
        let tx = self.tx.clone();
        let desktop = self.desktop.clone();
        let _ = tx.send(Action::StreamState {
            account,
            status: StreamStatus::Connecting,
        });
        let handle = streaming::spawn(
            client,
            None,
            streams
                .iter()
                .filter_map(|s| Subscription::from_name(s))
                .collect(),
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
                        StreamEvent::FiltersChanged => Action::FiltersChanged { account },
                        StreamEvent::Conversation { conversation } => Action::StreamConversation {
                            account,
                            conversation,
                        },
                        StreamEvent::Announcement { event } if event == "announcement" => {
                            Action::AnnouncementArrived { account }
                        }
                        StreamEvent::Notification { notification } => {
                            if let Some(d) = &desktop {
                                d.show(&notification);
                            }
                            Action::StreamNotification {
                                account,
                                notification,
                            }
                        }
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

/// Loads one page of a tab: a timeline, or notifications (with the tab's
/// type filter), from a query or a `Link` cursor.
async fn load_page(
    client: &Client,
    kind: &TabKind,
    query: &PageQuery,
    url: Option<url::Url>,
) -> Result<LoadedPage, crate::api::ApiError> {
    match kind {
        TabKind::Relay => Err(crate::api::ApiError::Unsupported(
            "the Relay timeline is the federation node's".into(),
        )),
        TabKind::Conversations => {
            let page = match url {
                Some(u) => client.get_page_at(u).await?,
                None => client.conversations(query).await?,
            };
            Ok(LoadedPage {
                next: page.next,
                items: PageItems::Conversations(page.items),
                groups: Vec::new(),
            })
        }
        TabKind::Timeline(k) => {
            let page = match url {
                Some(u) => client.get_page_at(u).await?,
                None => client.timeline(k, query).await?,
            };
            Ok(LoadedPage {
                next: page.next,
                items: PageItems::Statuses(page.items),
                groups: Vec::new(),
            })
        }
        TabKind::Notifications(filter) => {
            use crate::api::endpoints::notifications::{NotificationFeed, NotificationQuery};
            use crate::api::entities::{
                GroupedNotificationsResults, Notification, NotificationType,
            };
            let feed = match url {
                // Older pages follow the cursor of the endpoint that answered.
                Some(u) if u.path().contains("/api/v2/") => {
                    let label = u.path().to_string();
                    let (headers, body) = client
                        .send(client.request(reqwest::Method::GET, u), &label)
                        .await?;
                    let results: GroupedNotificationsResults =
                        crate::api::client::decode(&label, &body)?;
                    let (next, _) = headers
                        .get(reqwest::header::LINK)
                        .and_then(|v| v.to_str().ok())
                        .map(|v| crate::api::page::parse_link_header(v, client.base()))
                        .unwrap_or((None, None));
                    NotificationFeed::Grouped {
                        results,
                        next,
                        prev: None,
                    }
                }
                Some(u) => NotificationFeed::Plain(client.get_page_at::<Notification>(u).await?),
                None => {
                    let q = NotificationQuery {
                        types: filter
                            .types()
                            .map(|t| t.iter().map(|s| NotificationType::from(*s)).collect())
                            .unwrap_or_default(),
                        page: query.clone(),
                        ..Default::default()
                    };
                    client.notification_feed(&q, &[]).await?
                }
            };
            Ok(match feed {
                NotificationFeed::Plain(page) => LoadedPage {
                    next: page.next,
                    items: PageItems::Notifications(page.items),
                    groups: Vec::new(),
                },
                NotificationFeed::Grouped { results, next, .. } => {
                    let mut items = Vec::new();
                    let mut groups = Vec::new();
                    for g in &results.notification_groups {
                        let accounts: Vec<&crate::api::entities::Account> =
                            results.group_accounts(g).collect();
                        let status = results.group_status(g).cloned();
                        let n = Notification {
                            id: g.most_recent_notification_id.clone(),
                            kind: g.kind.clone(),
                            created_at: g.latest_page_notification_at,
                            account: accounts.first().map(|a| (*a).clone()),
                            status,
                            group_key: Some(g.group_key.clone()),
                            report: g.report.clone(),
                            event: None,
                            moderation_warning: None,
                            emoji: None,
                        };
                        if g.notifications_count > 1 {
                            groups.push((
                                n.id.as_str().to_string(),
                                crate::app::NotificationGroupInfo {
                                    count: g.notifications_count,
                                    names: accounts
                                        .iter()
                                        .map(|a| a.display_name_or_username().to_string())
                                        .collect(),
                                },
                            ));
                        }
                        items.push(n);
                    }
                    LoadedPage {
                        next,
                        items: PageItems::Notifications(items),
                        groups,
                    }
                }
            })
        }
    }
}

/// Sends one `:me` change. A field change rewrites all the fields (the
/// API replaces them as a whole), from the server's current ones; an image
/// is read and checked before any request.
async fn update_profile(
    client: &Client,
    change: crate::app::profile::ProfileChange,
) -> Result<crate::api::entities::Account, crate::api::endpoints::profile::ProfileError> {
    use crate::api::endpoints::profile::{CredentialsUpdate, ProfileImage};
    use crate::app::profile::ProfileChange as C;
    let mut u = CredentialsUpdate::default();
    match change {
        C::Name(n) => u.display_name = Some(n),
        C::Bio(b) => u.note = Some(b),
        C::Field { index, pair } => {
            let me = client.verify_credentials().await?;
            let mut fields: Vec<(String, String)> = match me.source {
                Some(src) if !src.fields.is_empty() || me.fields.is_empty() => {
                    src.fields.into_iter().map(|f| (f.name, f.value)).collect()
                }
                // No plain-text source: the shown fields, as text.
                _ => me
                    .fields
                    .into_iter()
                    .map(|f| (f.name, crate::html::html_to_text(&f.value)))
                    .collect(),
            };
            if fields.len() <= index {
                fields.resize(index + 1, (String::new(), String::new()));
            }
            fields[index] = pair.unwrap_or_default();
            fields.retain(|(n, v)| !(n.is_empty() && v.is_empty()));
            u.fields = Some(fields);
        }
        C::Avatar(path) => u.avatar = Some(ProfileImage::read(&path).await?),
        C::Header(path) => u.header = Some(ProfileImage::read(&path).await?),
        C::Locked(b) => u.locked = Some(b),
        C::Bot(b) => u.bot = Some(b),
        C::Discoverable(b) => u.discoverable = Some(b),
        C::Visibility(v) => u.privacy = Some(v),
        C::Language(l) => u.language = Some(l),
        C::Sensitive(b) => u.sensitive = Some(b),
    }
    Ok(client.update_credentials(&u).await?)
}

/// Runs one read effect and turns its result into an action.
async fn read_task(client: &Client, account: usize, effect: Effect) -> Option<Action> {
    use crate::api::endpoints::timelines::encode_segment;
    use crate::api::entities::Relationship;
    Some(match effect {
        Effect::Complete { word, .. } => complete::complete(client, word).await,
        Effect::Social { op, .. } => social::social(client, account, op).await,
        Effect::Translate { id, .. } => {
            let result = client.translate(&id, None).await.map(|t| {
                format!(
                    "Translated from {} by {}: {}",
                    t.detected_source_language.as_deref().unwrap_or("?"),
                    t.provider.as_deref().unwrap_or("the server"),
                    crate::html::html_to_text(&t.content)
                )
            });
            Action::Translated {
                account,
                id,
                result,
            }
        }
        Effect::Requests { change, .. } => requests::requests(client, account, change).await,
        Effect::LoadHistory { id, .. } => {
            let result = client
                .status_history(&id)
                .await
                .map(|v| crate::app::pages::edit_history(&v));
            Action::TextLoaded { account, result }
        }
        e @ (Effect::LoadPeople { .. }
        | Effect::Filters { .. }
        | Effect::LoadScheduled { .. }
        | Effect::LoadLists { .. }
        | Effect::LoadAnnouncements { .. }
        | Effect::DismissAnnouncements { .. }
        | Effect::LoadTags { .. }
        | Effect::OpenListNamed { .. }) => return collections::task(client, account, e).await,
        Effect::AccountOp { id, op, .. } => {
            let path = format!(
                "api/v1/accounts/{}/{}",
                encode_segment(id.as_str()),
                op.endpoint()
            );
            let result = client
                .post::<Relationship, serde_json::Value>(&path, None)
                .await
                .map(Box::new);
            Action::RelationshipChanged {
                account,
                what: op.done().to_string(),
                result,
            }
        }
        Effect::StatusOp { id, op, .. } => {
            let path = format!(
                "api/v1/statuses/{}/{}",
                encode_segment(id.as_str()),
                op.endpoint()
            );
            let body = match op {
                crate::app::interact::StatusOp::BoostAs(v) => {
                    Some(serde_json::json!({ "visibility": v.as_str() }))
                }
                _ => None,
            };
            let result = client
                .post::<crate::api::entities::Status, serde_json::Value>(&path, body.as_ref())
                .await
                .map(Box::new);
            Action::StatusOpDone {
                account,
                id,
                op,
                result,
            }
        }
        Effect::DeleteStatus { id, redraft, .. } => {
            let path = format!("api/v1/statuses/{}", encode_segment(id.as_str()));
            let result = match client.url(&path) {
                Ok(url) => client
                    .send(client.request(reqwest::Method::DELETE, url), &path)
                    .await
                    // The answer carries the source text; a body that does not
                    // decode still means the post is gone.
                    .map(|(_, body)| {
                        crate::api::client::decode::<crate::api::entities::Status>(&path, &body)
                            .ok()
                            .map(Box::new)
                    }),
                Err(e) => Err(e),
            };
            Action::DeleteDone {
                account,
                id,
                redraft,
                result,
            }
        }
        Effect::LoadContext { request, id, .. } => {
            let result = client.status_context(&id).await.map(Box::new);
            Action::ContextLoaded {
                account,
                request,
                result,
            }
        }
        Effect::LoadProfile { id, .. } => {
            let result = match client.account(&id).await {
                Ok(a) => {
                    // The relationship is optional: a server without it still shows the profile.
                    let rel = client
                        .relationships(std::slice::from_ref(&id))
                        .await
                        .ok()
                        .and_then(|v| v.into_iter().next());
                    // Pinned posts are optional too (not every server has them).
                    let path = format!(
                        "api/v1/accounts/{}/statuses",
                        crate::api::endpoints::call::seg(id.as_str())
                    );
                    let pinned = client
                        .get::<Vec<crate::api::entities::Status>>(
                            &path,
                            &[("pinned", "true".to_string())],
                        )
                        .await
                        .unwrap_or_default();
                    Ok((Box::new(a), rel, pinned))
                }
                Err(e) => Err(e),
            };
            Action::ProfileLoaded { account, result }
        }
        Effect::Search { request, query, .. } => {
            let q = crate::api::endpoints::search::SearchQuery {
                q: query,
                // Servers refuse to resolve for a visitor (no token).
                resolve: client.token().is_some(),
                limit: Some(20),
                ..Default::default()
            };
            let result = client.search(&q).await.map(Box::new);
            Action::SearchLoaded {
                account,
                request,
                result,
            }
        }
        Effect::Vote {
            status,
            poll,
            choices,
            ..
        } => {
            let result = client.vote(&poll, &choices).await.map(Box::new);
            Action::PollVoted {
                account,
                status,
                result,
            }
        }
        Effect::LookupAccount { acct, then, .. } => {
            // Lookup first; remote accounts the server does not know yet are
            // resolved through search.
            let result = client.find_account(&acct).await.map(Box::new);
            Action::AccountFound {
                account,
                then,
                result,
            }
        }
        _ => return None,
    })
}

/// Completes `partial` against the file system: the longest common prefix of
/// the entries that start with it (a directory gets its `/`).
pub fn complete_path(partial: &str) -> Option<String> {
    let path = std::path::Path::new(partial);
    let (dir, prefix) = if partial.ends_with('/') {
        (path.to_path_buf(), String::new())
    } else {
        (
            path.parent()
                .map(|p| {
                    if p.as_os_str().is_empty() {
                        std::path::Path::new(".").to_path_buf()
                    } else {
                        p.to_path_buf()
                    }
                })
                .unwrap_or_else(|| std::path::Path::new(".").to_path_buf()),
            path.file_name()?.to_string_lossy().into_owned(),
        )
    };
    let mut matches: Vec<(String, bool)> = std::fs::read_dir(&dir)
        .ok()?
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let is_dir = e.file_type().map(|t| t.is_dir()).unwrap_or(false);
            name.starts_with(&prefix).then_some((name, is_dir))
        })
        .take(1000)
        .collect();
    matches.sort();
    let first = matches.first()?.0.clone();
    let common = matches.iter().fold(first, |acc, (m, _)| {
        acc.chars()
            .zip(m.chars())
            .take_while(|(a, b)| a == b)
            .map(|(a, _)| a)
            .collect()
    });
    let base = &partial[..partial.len() - prefix.len()];
    let mut out = format!("{base}{common}");
    if matches.len() == 1 && matches[0].1 {
        out.push('/');
    }
    Some(out)
}

/// A filter change, in words, for the toast.
fn filter_change_words(c: &crate::app::views::filters::FilterChange) -> String {
    use crate::app::views::filters::FilterChange;
    match c {
        FilterChange::Upsert { title, keywords } => {
            format!("Filter “{title}”: {} added", keywords.join(", "))
        }
        FilterChange::RemoveKeyword { title, keyword } => {
            format!("Filter “{title}”: {keyword} removed")
        }
        FilterChange::SetAction { title, action } => {
            format!("Filter “{title}” now {}s matching posts", action.as_str())
        }
        FilterChange::Delete { title } => format!("Filter “{title}” deleted"),
        FilterChange::SetContext { title, contexts } => {
            format!("Filter “{title}” applies in {}", contexts.join(", "))
        }
        FilterChange::SetExpiry { title, secs: None } => {
            format!("Filter “{title}” never expires")
        }
        FilterChange::SetExpiry {
            title,
            secs: Some(s),
        } => format!(
            "Filter “{title}” expires in {}",
            crate::compose::when::describe_secs(*s)
        ),
    }
}

/// Applies a filter change on the server; filters are found by title.
async fn apply_filter_change(
    client: &Client,
    c: crate::app::views::filters::FilterChange,
) -> Result<(), crate::api::ApiError> {
    use crate::api::endpoints::filters::{FilterParams, KeywordParams};
    use crate::api::entities::{FilterAction, FilterContext};
    use crate::app::views::filters::FilterChange;
    let filters = client.filters().await?;
    let find = |title: &str| {
        let wanted = title.to_lowercase();
        filters
            .iter()
            .find(|f| f.title.to_lowercase() == wanted)
            .cloned()
    };
    let missing = |title: &str| crate::api::ApiError::NotFound {
        message: format!("no filter named “{title}”"),
    };
    let words = |keywords: Vec<String>| -> Vec<KeywordParams> {
        keywords
            .into_iter()
            .map(|k| {
                // `word*` matches inside words too; plain words match whole.
                let (keyword, whole_word) = match k.strip_suffix('*') {
                    Some(stem) => (stem.trim().to_string(), false),
                    None => (k, true),
                };
                KeywordParams {
                    keyword,
                    whole_word,
                    ..Default::default()
                }
            })
            .collect()
    };
    match c {
        FilterChange::Upsert { title, keywords } => match find(&title) {
            Some(f) => {
                let known: Vec<String> = f
                    .keywords
                    .iter()
                    .map(|k| k.keyword.to_lowercase())
                    .collect();
                let fresh: Vec<String> = keywords
                    .into_iter()
                    .filter(|k| !known.contains(&k.trim_end_matches('*').trim().to_lowercase()))
                    .collect();
                if fresh.is_empty() {
                    return Ok(());
                }
                let params = FilterParams {
                    keywords: words(fresh),
                    ..Default::default()
                };
                client.update_filter(&f.id, &params).await.map(|_| ())
            }
            None => {
                let params = FilterParams {
                    title: Some(title),
                    context: vec![
                        FilterContext::Home,
                        FilterContext::Notifications,
                        FilterContext::Public,
                        FilterContext::Thread,
                        FilterContext::Account,
                    ],
                    action: Some(FilterAction::Warn),
                    expires_in: Some(None),
                    keywords: words(keywords),
                };
                client.create_filter(&params).await.map(|_| ())
            }
        },
        FilterChange::RemoveKeyword { title, keyword } => {
            let f = find(&title).ok_or_else(|| missing(&title))?;
            let k = f
                .keywords
                .iter()
                .find(|k| k.keyword.eq_ignore_ascii_case(&keyword))
                .ok_or_else(|| crate::api::ApiError::NotFound {
                    message: format!("“{title}” has no keyword “{keyword}”"),
                })?;
            client.delete_filter_keyword(&k.id).await
        }
        FilterChange::SetAction { title, action } => {
            let f = find(&title).ok_or_else(|| missing(&title))?;
            let params = FilterParams {
                action: Some(action),
                ..Default::default()
            };
            client.update_filter(&f.id, &params).await.map(|_| ())
        }
        FilterChange::Delete { title } => {
            let f = find(&title).ok_or_else(|| missing(&title))?;
            client.delete_filter(&f.id).await
        }
        FilterChange::SetContext { title, contexts } => {
            let f = find(&title).ok_or_else(|| missing(&title))?;
            let params = FilterParams {
                context: contexts
                    .iter()
                    .map(|c| FilterContext::from(c.as_str()))
                    .collect(),
                ..Default::default()
            };
            client.update_filter(&f.id, &params).await.map(|_| ())
        }
        FilterChange::SetExpiry { title, secs } => {
            let f = find(&title).ok_or_else(|| missing(&title))?;
            let params = FilterParams {
                expires_in: Some(secs),
                ..Default::default()
            };
            client.update_filter(&f.id, &params).await.map(|_| ())
        }
    }
}

/// The user's list called `name` (case does not matter).
async fn list_named(
    client: &Client,
    name: &str,
) -> Result<crate::api::entities::List, crate::api::ApiError> {
    let wanted = name.to_lowercase();
    client
        .lists()
        .await?
        .into_iter()
        .find(|l| l.title.to_lowercase() == wanted)
        .ok_or(crate::api::ApiError::NotFound {
            message: format!("no list named `{name}`"),
        })
}
