//! The login form (first run, or adding an account): its state, its keys
//! while open, and the login flow's answers. Part of `update`: synchronous,
//! no I/O.

use crate::action::TextKey;
use crate::effect::Effect;
use crate::keymap::Command;
use crate::state::{AccountState, State, ToastKind};

/// Commands while the login form is open: quit, or Esc (back to typing
/// the instance, or closed when there is an account to go back to).
pub(crate) fn command(state: &mut State, cmd: Command) -> Vec<Effect> {
    let has_accounts = !state.accounts.is_empty();
    let Some(form) = state.login.as_mut() else {
        return vec![];
    };
    match cmd {
        Command::Quit => {
            state.should_quit = true;
            vec![Effect::Quit]
        }
        Command::Back if form.phase == LoginPhase::EnterInstance => {
            if has_accounts {
                state.login = None;
            }
            vec![]
        }
        Command::Back => {
            form.phase = LoginPhase::EnterInstance;
            form.code.clear();
            vec![Effect::CancelLogin]
        }
        _ => vec![],
    }
}

/// Keys typed into the form: the instance, then (without a browser) the code.
pub(crate) fn text(state: &mut State, key: TextKey) -> Vec<Effect> {
    let has_accounts = !state.accounts.is_empty();
    let Some(form) = state.login.as_mut() else {
        return vec![];
    };
    match (&form.phase, key) {
        (LoginPhase::EnterInstance, TextKey::Char(c)) => form.instance.push(c),
        (LoginPhase::EnterInstance, TextKey::Paste(t)) => form.instance.push_str(t.trim()),
        (LoginPhase::EnterInstance, TextKey::Backspace) => {
            form.instance.pop();
        }
        (LoginPhase::EnterInstance, TextKey::Enter) => {
            let instance = form.instance.trim().to_string();
            if instance.is_empty() {
                form.error = Some("Type the address of your instance, e.g. mastodon.social".into());
            } else {
                form.phase = LoginPhase::Preparing;
                form.error = None;
                return vec![Effect::StartLogin { instance }];
            }
        }
        (LoginPhase::PasteCode { .. }, TextKey::Char(c)) => form.code.push(c),
        (LoginPhase::PasteCode { .. }, TextKey::Paste(t)) => form.code.push_str(t.trim()),
        (LoginPhase::PasteCode { .. }, TextKey::Backspace) => {
            form.code.pop();
        }
        (LoginPhase::PasteCode { .. }, TextKey::Enter) => {
            let code = form.code.trim().to_string();
            if !code.is_empty() {
                form.phase = LoginPhase::Finishing;
                return vec![Effect::LoginCode { code }];
            }
        }
        (LoginPhase::EnterInstance, TextKey::Esc) => {
            if has_accounts {
                state.login = None;
            } else {
                form.error = Some("Log in to start, or press Ctrl-C to quit.".into());
            }
        }
        (_, TextKey::Esc) => {
            form.phase = LoginPhase::EnterInstance;
            form.code.clear();
            return vec![Effect::CancelLogin];
        }
        _ => {}
    }
    vec![]
}

/// The login flow moved on.
pub(crate) fn progress(state: &mut State, phase: LoginPhase) -> Vec<Effect> {
    if let Some(l) = state.login.as_mut() {
        l.phase = phase;
        l.error = None;
    }
    vec![]
}

/// The login failed: the form stays open with the message.
pub(crate) fn failed(state: &mut State, message: String) -> Vec<Effect> {
    if let Some(l) = state.login.as_mut() {
        l.phase = LoginPhase::EnterInstance;
        l.code.clear();
        l.error = Some(message);
    }
    vec![]
}

/// A new account is ready: it becomes the active one and starts up.
pub(crate) fn succeeded(
    state: &mut State,
    label: String,
    host: String,
    client: trompe_api::Client,
) -> Vec<Effect> {
    let account = state.accounts.len();
    state.accounts.push(AccountState::new(label.clone(), host));
    state.active = account;
    state.login = None;
    state.switcher = None;
    let mut fx = vec![Effect::AddClient { account, client }];
    fx.extend(crate::update::init_account(state, account));
    state.toast(ToastKind::Info, format!("Logged in as {label}"));
    fx
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

/// The form's footer: on the first run there is nothing to go back to.
pub fn hint(first_run: bool) -> &'static str {
    if first_run {
        "Ctrl-C quits"
    } else {
        "Esc goes back"
    }
}
