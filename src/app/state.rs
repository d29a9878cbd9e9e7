//! The application state: one [`AccountState`] per logged-in account, the
//! overlays, toasts and the clock. Rendering is a pure function of it.

use std::collections::{HashMap, HashSet};

use time::OffsetDateTime;

use crate::api::endpoints::timelines::TimelineKind;
use crate::api::entities::{Account, Instance, Status, StatusId};

use super::action::StreamStatus;
use super::effect::RequestId;
use super::timeline::TimelineTab;

/// Severity of a toast.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ToastKind {
    Info,
    Error,
}

/// A short message shown at the bottom for a few seconds.
#[derive(Debug, Clone, PartialEq)]
pub struct Toast {
    pub kind: ToastKind,
    pub text: String,
    pub until: OffsetDateTime,
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
    /// One copy of each status, keyed by id (reblog wrappers included).
    pub statuses: HashMap<StatusId, Status>,
    pub tabs: Vec<TimelineTab>,
    pub active_tab: usize,
    pub stream: StreamStatus,
    /// The server rejected the token: show a banner, stop requesting.
    pub needs_login: bool,
    /// Statuses whose content warning the user expanded.
    pub expanded_cw: HashSet<StatusId>,
}

impl AccountState {
    /// A fresh account with the default tabs.
    pub fn new(label: impl Into<String>, instance: impl Into<String>) -> Self {
        AccountState {
            label: label.into(),
            instance: instance.into(),
            me: None,
            instance_info: None,
            statuses: HashMap::new(),
            tabs: vec![
                TimelineTab::new(TimelineKind::Home),
                TimelineTab::new(TimelineKind::Local),
                TimelineTab::new(TimelineKind::Federated),
            ],
            active_tab: 0,
            stream: StreamStatus::Offline,
            needs_login: false,
            expanded_cw: HashSet::new(),
        }
    }

    /// The active tab.
    pub fn tab(&self) -> Option<&TimelineTab> {
        self.tabs.get(self.active_tab)
    }

    /// The active tab, mutably.
    pub fn tab_mut(&mut self) -> Option<&mut TimelineTab> {
        self.tabs.get_mut(self.active_tab)
    }
}

/// Where the login flow is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoginPhase {
    /// Typing the instance.
    EnterInstance,
    /// Looking up the instance and registering the app.
    Preparing,
    /// The browser was opened (or should be) at `url`; waiting for the redirect.
    WaitingForBrowser { url: String },
    /// No browser here: open `url` elsewhere and paste the code.
    PasteCode { url: String },
    /// Exchanging the code and checking the token.
    Finishing,
}

/// The login form (first run, or "add account").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoginForm {
    pub instance: String,
    pub code: String,
    pub phase: LoginPhase,
    pub error: Option<String>,
}

impl Default for LoginForm {
    fn default() -> Self {
        LoginForm {
            instance: String::new(),
            code: String::new(),
            phase: LoginPhase::EnterInstance,
            error: None,
        }
    }
}

impl LoginForm {
    /// Is the user typing into it?
    pub fn wants_text(&self) -> bool {
        matches!(
            self.phase,
            LoginPhase::EnterInstance | LoginPhase::PasteCode { .. }
        )
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
    pub toasts: Vec<Toast>,
    pub should_quit: bool,
    /// The account switcher, open with the selected row.
    pub switcher: Option<usize>,
    /// The login form, when open (always when there is no account).
    pub login: Option<LoginForm>,
    pub width: u16,
    pub height: u16,
    next_request: RequestId,
}

impl State {
    /// A state with the given accounts and clock.
    pub fn new(accounts: Vec<AccountState>, now: OffsetDateTime) -> Self {
        State {
            now,
            accounts,
            active: 0,
            show_help: false,
            toasts: Vec::new(),
            should_quit: false,
            switcher: None,
            login: None,
            width: 80,
            height: 24,
            next_request: 1,
        }
    }

    /// Should keys go to a text field rather than the keymap?
    pub fn wants_text(&self) -> bool {
        self.login.as_ref().is_some_and(|l| l.wants_text())
    }

    /// Unread items of an account, over all its tabs.
    pub fn unread(&self, account: usize) -> usize {
        self.accounts
            .get(account)
            .map(|a| a.tabs.iter().map(|t| t.unread).sum())
            .unwrap_or(0)
    }

    /// A fresh request id.
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

    /// Shows a toast for a few seconds.
    pub fn toast(&mut self, kind: ToastKind, text: impl Into<String>) {
        let secs = if kind == ToastKind::Error { 8 } else { 4 };
        self.toasts.push(Toast {
            kind,
            text: text.into(),
            until: self.now + time::Duration::seconds(secs),
        });
        if self.toasts.len() > 3 {
            self.toasts.remove(0);
        }
    }
}
