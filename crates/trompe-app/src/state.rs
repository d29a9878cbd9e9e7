//! The application state: one [`AccountState`] per logged-in account, the
//! overlays, toasts and the clock. Rendering is a pure function of it.

use std::collections::{HashMap, HashSet};

use time::OffsetDateTime;

use trompe_api::endpoints::timelines::TimelineKind;
use trompe_api::entities::{Account, Instance, Notification, Status, StatusId};

use super::action::StreamStatus;
use super::effect::RequestId;
use super::timeline::TimelineTab;
use super::views::login::LoginForm;
use super::views::{VIEW_TAB_BASE, View};

/// Severity of a toast.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ToastKind {
    Info,
    Error,
}

/// How many `:` commands the history keeps.
pub const HISTORY_KEPT: usize = 200;

/// How many past messages [`State::messages`] keeps.
pub const MESSAGES_KEPT: usize = 200;

/// How many messages show at once as toasts.
const TOASTS_SHOWN: usize = 3;

/// A message of the session: shown at the bottom for a few seconds (a
/// toast), then kept for `:messages`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub at: OffsetDateTime,
    pub kind: ToastKind,
    pub text: String,
}

impl Message {
    /// Until when it shows as a toast: errors stay longer.
    pub fn shown_until(&self) -> OffsetDateTime {
        let secs = if self.kind == ToastKind::Error { 8 } else { 4 };
        self.at + time::Duration::seconds(secs)
    }
}

/// Everything about one account: its identity, its statuses and its tabs.
#[derive(Debug, Clone)]
pub struct AccountState {
    /// `user@instance` as typed in the config (or from verify_credentials).
    pub label: String,
    /// The instance host, for the status bar.
    pub instance: String,
    pub me: Option<Account>,
    pub instance_info: Option<Instance>,
    /// The instance's announcements (loaded with the instance page, and when
    /// the stream says there is a new one).
    pub announcements: Option<Vec<trompe_api::entities::Announcement>>,
    /// The languages posts can be written in (code, name), once loaded.
    pub languages: Option<Vec<(String, String)>>,
    /// One copy of each status, keyed by id (reblog wrappers included).
    /// Put them in with [`AccountState::keep_status`], which shares their
    /// authors.
    pub statuses: super::status_map::StatusMap,
    /// One copy of each author of the statuses kept, shared by all of them
    /// (a long timeline has few authors and many posts).
    pub authors: HashMap<trompe_api::entities::AccountId, std::sync::Arc<Account>>,
    /// The same for the clients statuses were posted with, by name.
    pub applications: HashMap<String, std::sync::Arc<trompe_api::entities::Application>>,
    /// Notifications, keyed by id.
    pub notifications: HashMap<String, Notification>,
    /// Groups of notifications, keyed by the id of the notification shown.
    pub notification_groups: HashMap<String, super::action::NotificationGroupInfo>,
    /// Direct conversations, by id (their last statuses are in `statuses`).
    pub conversations: HashMap<String, trompe_api::entities::Conversation>,
    /// When the tabs were last polled (streaming unavailable).
    pub last_poll: Option<OffsetDateTime>,
    pub tabs: Vec<TimelineTab>,
    pub active_tab: usize,
    pub stream: StreamStatus,
    /// The server rejected the token: show a banner, stop requesting.
    pub needs_login: bool,
    /// Statuses whose content warning the user expanded.
    pub expanded_cw: HashSet<StatusId>,
    /// Views opened over the tabs (thread, profile, …); Esc pops.
    pub views: Vec<View>,
    /// An unsent draft, offered when the compose pane opens.
    pub pending_draft: Option<trompe_api::compose::Draft>,
    /// Read positions (markers API): what the server has, and what to save.
    pub markers: ReadMarkers,
    /// Translations shown under their posts.
    pub translations: HashMap<StatusId, String>,
    /// The thread of the post the detail pane shows (wide terminals).
    pub detail: Option<DetailThread>,
    /// The names of the user's lists, once fetched (for `:list` and Tab).
    pub list_names: Vec<String>,
    /// They were asked for (once per run, by the first Tab after `:list`).
    pub list_names_asked: bool,
    /// The federation node rather than a Mastodon account: its tab is the
    /// Relay timeline, and its requests go to the node, not to a server.
    pub node: bool,
    /// A visitor's view of an instance (`trompe --instance HOST`): no
    /// account, no token; only what the instance shows the public.
    pub read_only: bool,
    /// The name of the account's local cache (its `user@instance` as
    /// configured), set by whoever starts the TUI; `None` (the default,
    /// and for the node and a visitor): no cache.
    pub cache_key: Option<String>,
    /// The local cache: what was last written (see `cache::fingerprint`),
    /// and when.
    pub cache_fingerprint: Option<u64>,
    pub cache_saved_at: Option<OffsetDateTime>,
}

/// The read positions of home and notifications.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReadMarkers {
    /// From the server at start-up.
    pub home: Option<String>,
    pub notifications: Option<String>,
    /// Loaded (restoring has been done or is possible).
    pub loaded: bool,
    /// The positions last sent to the server.
    pub saved_home: Option<String>,
    pub saved_notifications: Option<String>,
    /// The newest notification the user has looked at (the notifications
    /// tab on screen), to be saved with the next save.
    pub seen_notifications: Option<String>,
    /// When they were last saved.
    pub saved_at: Option<OffsetDateTime>,
}

/// Authors (and clients) remembered for sharing, at most; past that, the
/// memory is started again (what was shared stays shared).
const SHARED_KEPT: usize = 20_000;

/// Replaces `value` with the copy `kept` has under `key` when they are
/// equal; else `value` becomes the copy kept.
fn share<K: std::hash::Hash + Eq, T: PartialEq>(
    kept: &mut HashMap<K, std::sync::Arc<T>>,
    key: K,
    value: &mut std::sync::Arc<T>,
) {
    match kept.get(&key) {
        Some(known) if std::sync::Arc::ptr_eq(known, value) => {}
        Some(known) if **known == **value => *value = known.clone(),
        _ => {
            if kept.len() >= SHARED_KEPT {
                kept.clear();
            }
            kept.insert(key, value.clone());
        }
    }
}

impl AccountState {
    /// Keeps a status (replacing an older copy), its author (and its
    /// boosted post's author) shared with the other statuses by the same
    /// account, when the server sent the same account.
    pub fn keep_status(&mut self, mut s: Status) {
        let mut share_parts = |s: &mut Status| {
            share(&mut self.authors, s.account.id.clone(), &mut s.account);
            // The client it was posted with ("Web", an app's name and site).
            if let Some(app) = s.application.as_mut() {
                share(&mut self.applications, app.name.clone(), app);
            }
        };
        share_parts(&mut s);
        if let Some(r) = s.reblog.as_deref_mut() {
            share_parts(r);
        }
        self.statuses.insert(s.id.clone(), s);
    }

    /// Keeps a page's items (and, for notifications, their groups) with
    /// the statuses they carry.
    pub fn keep_page(
        &mut self,
        items: super::action::PageItems,
        groups: Vec<(String, super::action::NotificationGroupInfo)>,
    ) {
        use super::action::PageItems;
        self.notification_groups.extend(groups);
        match items {
            PageItems::Statuses(items) => {
                for s in items {
                    self.keep_status(s);
                }
            }
            PageItems::Notifications(items) => {
                for n in items {
                    if let Some(s) = &n.status {
                        self.keep_status(s.clone());
                    }
                    self.notifications.insert(n.id.as_str().to_string(), n);
                }
            }
            PageItems::Conversations(items) => {
                for c in items {
                    if let Some(s) = &c.last_status {
                        self.keep_status(s.clone());
                    }
                    self.conversations.insert(c.id.as_str().to_string(), c);
                }
            }
        }
    }

    /// Notes the newest notification as seen when a notifications tab is
    /// on screen (no view over it).
    pub fn note_notifications_seen(&mut self) {
        if !self.views.is_empty() {
            return;
        }
        let Some(t) = self.tabs.get(self.active_tab) else {
            return;
        };
        if matches!(t.kind, super::timeline::TabKind::Notifications(_)) {
            if let Some(first) = t.ids.first() {
                self.markers.seen_notifications = Some(first.clone());
            }
        }
    }

    /// A fresh account with the default tabs.
    pub fn new(label: impl Into<String>, instance: impl Into<String>) -> Self {
        AccountState {
            label: label.into(),
            cache_key: None,
            instance: instance.into(),
            me: None,
            instance_info: None,
            announcements: None,
            languages: None,
            statuses: super::status_map::StatusMap::new(),
            authors: HashMap::new(),
            applications: HashMap::new(),
            notifications: HashMap::new(),
            notification_groups: HashMap::new(),
            conversations: HashMap::new(),
            last_poll: None,
            tabs: vec![
                TimelineTab::new(TimelineKind::Home),
                TimelineTab::with_kind(super::timeline::TabKind::Notifications(Default::default())),
                TimelineTab::new(TimelineKind::Local),
                TimelineTab::new(TimelineKind::Federated),
            ],
            active_tab: 0,
            stream: StreamStatus::Offline,
            needs_login: false,
            expanded_cw: HashSet::new(),
            views: Vec::new(),
            pending_draft: None,
            markers: ReadMarkers::default(),
            translations: HashMap::new(),
            detail: None,
            list_names: Vec::new(),
            list_names_asked: false,
            node: false,
            read_only: false,
            cache_fingerprint: None,
            cache_saved_at: None,
        }
    }

    /// A visitor on `host`, with no account: its local, federated and
    /// trending timelines, polled (streaming needs a token on most servers).
    pub fn visitor(host: impl Into<String>) -> Self {
        let host = host.into();
        AccountState {
            tabs: vec![
                TimelineTab::new(TimelineKind::Local),
                TimelineTab::new(TimelineKind::Federated),
                TimelineTab::new(TimelineKind::Trending),
            ],
            read_only: true,
            stream: StreamStatus::Polling,
            ..AccountState::new(format!("{host} (read-only, no account)"), host)
        }
    }

    /// The federation node as a source: one Relay tab.
    pub fn node(label: impl Into<String>, host: impl Into<String>) -> Self {
        AccountState {
            tabs: vec![TimelineTab::with_kind(super::timeline::TabKind::Relay)],
            node: true,
            ..AccountState::new(label, host)
        }
    }

    /// The list with the focus: the top view's list when it has one, else
    /// the active tab.
    pub fn tab(&self) -> Option<&TimelineTab> {
        self.tab_ref(self.focus_ref())
    }

    /// The reference of the focused list (see [`AccountState::tab_ref`]).
    pub fn focus_ref(&self) -> usize {
        match self.views.last() {
            Some(v) if v.tab().is_some() => VIEW_TAB_BASE + self.views.len() - 1,
            _ => self.active_tab,
        }
    }

    /// A list by reference: a tab index, or `VIEW_TAB_BASE + i` for the list
    /// embedded in view `i`.
    pub fn tab_ref(&self, r: usize) -> Option<&TimelineTab> {
        if r >= VIEW_TAB_BASE {
            self.views.get(r - VIEW_TAB_BASE)?.tab()
        } else {
            self.tabs.get(r)
        }
    }

    /// A list by reference, mutably.
    pub fn tab_ref_mut(&mut self, r: usize) -> Option<&mut TimelineTab> {
        if r >= VIEW_TAB_BASE {
            self.views.get_mut(r - VIEW_TAB_BASE)?.tab_mut()
        } else {
            self.tabs.get_mut(r)
        }
    }

    /// Applies list `r`'s hiding again, in place, from its settings and
    /// its posts' filter results (see [`TimelineTab::refilter`]).
    pub fn rehide(&mut self, r: usize) {
        let Some(t) = self.tab_ref(r) else {
            return;
        };
        let hidden: HashMap<String, bool> = t
            .ids
            .iter()
            .chain(t.set_aside.iter())
            .filter_map(|id| Some((id.clone(), t.hides_status(self.status(id)?))))
            .collect();
        if let Some(t) = self.tab_ref_mut(r) {
            t.refilter(|id| hidden.get(id).copied());
        }
    }

    /// The status behind a tab item id.
    pub fn status(&self, id: &str) -> Option<&Status> {
        self.statuses.get(&StatusId::new(id))
    }

    /// The indices of the loaded tabs that `keep` takes.
    pub fn loaded_tabs(&self, keep: impl Fn(&TimelineTab) -> bool) -> Vec<usize> {
        self.tabs
            .iter()
            .enumerate()
            .filter(|(_, t)| t.loaded && keep(t))
            .map(|(i, _)| i)
            .collect()
    }

    /// The active tab, mutably.
    pub fn tab_mut(&mut self) -> Option<&mut TimelineTab> {
        let r = self.focus_ref();
        self.tab_ref_mut(r)
    }
}

/// A one-line prompt at the bottom: search or a command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prompt {
    pub kind: PromptKind,
    pub text: String,
    /// Where Up/Down is in the command history (`None`: the new line).
    pub history_pos: Option<usize>,
}

/// What a prompt is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PromptKind {
    /// `/`: search accounts, hashtags and posts.
    Search,
    /// `:`: a command (`tag rust`, `bookmarks`, `close`, …).
    Command,
}

/// The thread around the post in the detail pane of a wide terminal,
/// loaded once the selection rests on it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DetailThread {
    /// The post (the original of a boost).
    pub focus: StatusId,
    /// The request for its context, while it runs.
    pub request: Option<super::effect::RequestId>,
    /// Ancestors, the focus and the replies, with their depth.
    pub items: Vec<(StatusId, u16)>,
    pub error: Option<String>,
}

/// How the timelines use the terminal's width (`[ui] layout`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Layout {
    /// One column; on a wide terminal, the selected post beside it.
    #[default]
    Auto,
    /// One column at any width.
    Single,
    /// The tabs side by side as columns, as many as fit; the active tab is
    /// the focused column, and the tab keys move the focus.
    Deck,
}

impl Layout {
    pub fn from_name(name: &str) -> Option<Layout> {
        match name {
            "auto" => Some(Layout::Auto),
            "single" => Some(Layout::Single),
            "deck" => Some(Layout::Deck),
            _ => None,
        }
    }
}

/// The whole application state.
#[derive(Debug, Clone)]
pub struct State {
    /// The clock, advanced by ticks (injected in tests).
    pub now: OffsetDateTime,
    pub accounts: Vec<AccountState>,
    pub active: usize,
    pub show_help: bool,
    /// How far the help is scrolled.
    pub help_scroll: u16,
    /// Every message of this session, oldest first, bounded by
    /// [`MESSAGES_KEPT`]: the newest show as toasts ([`State::toasts`]),
    /// and `:messages` lists them all.
    pub messages: std::collections::VecDeque<Message>,
    pub should_quit: bool,
    /// The account switcher, open with the selected row.
    pub switcher: Option<usize>,
    /// The login form, when open (always when there is no account).
    pub login: Option<LoginForm>,
    /// The prompt line, when open.
    pub prompt: Option<Prompt>,
    /// The `:` commands run, oldest first (saved across runs by the
    /// terminal loop; at most [`HISTORY_KEPT`]).
    pub command_history: Vec<String>,
    /// The compose pane, when open.
    pub compose: Option<super::views::compose::ComposeState>,
    /// How often tabs are polled when streaming is unavailable.
    pub poll_interval: time::Duration,
    /// Keep each account's tabs in the local cache (`[cache] enabled`; off
    /// for the demo and in tests unless set).
    pub cache_enabled: bool,
    /// The zone local times are typed and shown in (UTC unless set: the
    /// terminal app sets the system's zone, tests a fixed one).
    pub zone: trompe_api::compose::Zone,
    /// The language of new posts from the config (`[compose] language`);
    /// it beats the account's own preference.
    pub default_language: Option<String>,
    /// The locale's language: new posts take it when neither the config
    /// nor the account names one.
    pub locale_language: Option<String>,
    pub width: u16,
    pub height: u16,
    /// Decoded image previews by URL, bounded (see [`super::images`]).
    pub images: super::images::ImageCache,
    /// `[ui] expand_cw = true`: content warnings start open (z closes one).
    pub expand_cw: bool,
    /// `[ui] layout`: how the timelines use a wide terminal.
    pub layout: Layout,
    /// Per tab title: boosts and replies hidden (`:boosts`, `:replies`),
    /// kept across runs.
    pub tab_settings: std::collections::BTreeMap<String, (bool, bool)>,
    /// The key bindings: defaults patched by `[keys]` in the config.
    pub keymap: super::keymap::Keymap,
    /// Keys of a sequence typed so far (`g` of `g g`).
    pub pending_keys: Vec<String>,
    next_request: RequestId,
}

impl State {
    /// Is the content warning of status `id` open? `z` flips the default
    /// (closed, or open with `[ui] expand_cw`).
    pub fn cw_open(&self, acc: &AccountState, id: &trompe_api::entities::StatusId) -> bool {
        self.expand_cw != acc.expanded_cw.contains(id)
    }

    /// A state with the given accounts and clock.
    pub fn new(accounts: Vec<AccountState>, now: OffsetDateTime) -> Self {
        State {
            now,
            accounts,
            active: 0,
            show_help: false,
            help_scroll: 0,
            messages: std::collections::VecDeque::new(),
            should_quit: false,
            switcher: None,
            login: None,
            prompt: None,
            command_history: Vec::new(),
            compose: None,
            poll_interval: super::update::POLL_INTERVAL,
            cache_enabled: false,
            zone: trompe_api::compose::Zone::UTC,
            default_language: None,
            locale_language: None,
            width: 80,
            height: 24,
            images: super::images::ImageCache::default(),
            expand_cw: false,
            layout: Layout::Auto,
            tab_settings: Default::default(),
            keymap: super::keymap::Keymap::default(),
            pending_keys: Vec::new(),
            next_request: 1,
        }
    }

    /// The key modes to look a key up in, most specific first: the keys
    /// of the view on top (the confirm dialog's, the scheduled posts', …),
    /// then the common ones. The help, the login form and the account
    /// switcher take the common keys only.
    pub fn key_modes(&self) -> Vec<super::keymap::Mode> {
        use super::keymap::Mode;
        let overlay = self.show_help || self.login.is_some() || self.switcher.is_some();
        let view = self
            .account()
            .and_then(|a| a.views.last())
            .filter(|_| !overlay)
            .and_then(View::key_mode);
        match view {
            Some(mode) => vec![mode, Mode::Common],
            None => vec![Mode::Common],
        }
    }

    /// Should keys go to a text field rather than the keymap?
    pub fn wants_text(&self) -> bool {
        // The help over the compose pane takes keys, not text.
        !self.show_help
            && (self.prompt.is_some()
                || self.compose.is_some()
                || self.login.as_ref().is_some_and(|l| l.wants_text()))
    }

    /// Unread items of an account, over all its tabs.
    pub fn unread(&self, account: usize) -> usize {
        self.accounts
            .get(account)
            .map(|a| a.tabs.iter().map(|t| t.unread).sum())
            .unwrap_or(0)
    }

    /// A fresh request id.
    /// Gives a tab the settings kept for its title (boosts and replies
    /// hidden).
    pub fn apply_tab_settings(&self, tab: &mut TimelineTab) {
        if let Some((boosts, replies)) = self.tab_settings.get(&tab.title()) {
            tab.hide_boosts = *boosts;
            tab.hide_replies = *replies;
        }
    }

    /// Sets the kept settings and gives them to every open tab.
    pub fn set_tab_settings(&mut self, settings: std::collections::BTreeMap<String, (bool, bool)>) {
        self.tab_settings = settings;
        let mut accounts = std::mem::take(&mut self.accounts);
        for acc in &mut accounts {
            for t in &mut acc.tabs {
                self.apply_tab_settings(t);
            }
        }
        self.accounts = accounts;
    }

    pub fn next_request(&mut self) -> RequestId {
        let id = self.next_request;
        self.next_request += 1;
        id
    }

    /// The active account.
    pub fn account(&self) -> Option<&AccountState> {
        self.accounts.get(self.active)
    }

    /// The active account, mutably.
    pub fn account_mut(&mut self) -> Option<&mut AccountState> {
        self.accounts.get_mut(self.active)
    }

    /// Shows a message as a toast for a few seconds, and keeps it in
    /// [`State::messages`].
    pub fn toast(&mut self, kind: ToastKind, text: impl Into<String>) {
        if self.messages.len() >= MESSAGES_KEPT {
            self.messages.pop_front();
        }
        self.messages.push_back(Message {
            at: self.now,
            kind,
            text: text.into(),
        });
    }

    /// The toasts on screen now: the newest messages (at most three) whose
    /// time has not passed on the clock, oldest first.
    pub fn toasts(&self) -> Vec<&Message> {
        let mut shown: Vec<&Message> = self
            .messages
            .iter()
            .rev()
            .take(TOASTS_SHOWN)
            .filter(|m| m.shown_until() > self.now)
            .collect();
        shown.reverse();
        shown
    }
}
