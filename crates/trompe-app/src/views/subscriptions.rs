//! The node's subscriptions: each account and relay it follows, with the
//! state of the follow and when something last came from it. `+` follows
//! or subscribes (it opens `:subscribe `), `x` undoes (after asking).
//! Only the node's source has it. Part of `update`: synchronous, no I/O.

use time::OffsetDateTime;

use super::{View, delta_of, moved};
use crate::action::Action;
use crate::effect::{Effect, SubscriptionChange};
use crate::keymap::Command;
use crate::state::{Prompt, PromptKind, State, ToastKind};

/// One followed account or relay, as the node's store has it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubscriptionRow {
    /// The actor followed (for a relay: its actor or inbox).
    pub target: String,
    /// `account` or `relay`.
    pub kind: String,
    /// `pending`, `accepted`, `rejected` or `error`.
    pub state: String,
    pub error: Option<String>,
    /// When the state last changed.
    pub updated_at: Option<OffsetDateTime>,
    /// When an activity last came from it.
    pub last_activity: Option<OffsetDateTime>,
}

/// The view.
#[derive(Debug, Clone, Default)]
pub struct SubscriptionsView {
    pub rows: Vec<SubscriptionRow>,
    pub selected: usize,
    pub loading: bool,
    pub error: Option<String>,
}

fn is_node(state: &State) -> bool {
    state.account().is_some_and(|a| a.node)
}

/// Tells that only the node has subscriptions.
fn not_the_node(state: &mut State) -> Vec<Effect> {
    let key = state.keymap.key(Command::ToggleSwitcher);
    state.toast(
        ToastKind::Error,
        format!(
            "subscriptions belong to the federation node: switch to it with {key} (set it up with `trompe relay init`)"
        ),
    );
    vec![]
}

/// Opens the view (on the node's source) and loads it.
pub(crate) fn open(state: &mut State) -> Vec<Effect> {
    if !is_node(state) {
        return not_the_node(state);
    }
    // A new view unless it is the one on top (then it reloads).
    if crate::views::top_view(state, View::subscriptions_mut).is_none() {
        crate::navigate::push_view(state, View::Subscriptions(SubscriptionsView::default()));
    }
    load(state, None)
}

/// Shows the view (the open one, else a new one) loading, and asks the
/// node for the subscriptions after `change`.
fn load(state: &mut State, change: Option<SubscriptionChange>) -> Vec<Effect> {
    let account = state.active;
    if let Some(v) = crate::views::find_view(state, account, View::subscriptions_mut) {
        v.loading = true;
    } else {
        crate::navigate::push_view(
            state,
            View::Subscriptions(SubscriptionsView {
                loading: true,
                ..Default::default()
            }),
        );
    }
    vec![Effect::NodeSubscriptions { account, change }]
}

/// `:subscribe @user@host`, `:subscribe URL` or `:subscribe relay URL`.
pub(crate) fn subscribe(state: &mut State, args: &str) -> Vec<Effect> {
    if !is_node(state) {
        return not_the_node(state);
    }
    let args = args.trim();
    let (relay, target) = match args.split_once(char::is_whitespace) {
        Some(("relay", rest)) => (true, rest.trim()),
        _ => (false, args),
    };
    if target.is_empty() {
        state.toast(
            ToastKind::Error,
            "subscribe to what? :subscribe @user@host, or :subscribe relay https://relay.example/actor",
        );
        return vec![];
    }
    change(
        state,
        SubscriptionChange::Follow {
            target: target.to_string(),
            relay,
        },
    )
}

/// `:unsubscribe TARGET` (asks first).
pub(crate) fn unsubscribe(state: &mut State, target: &str) -> Vec<Effect> {
    if !is_node(state) {
        return not_the_node(state);
    }
    let target = target.trim();
    if target.is_empty() {
        state.toast(
            ToastKind::Error,
            "unsubscribe from what? :unsubscribe @user@host or URL",
        );
        return vec![];
    }
    ask_unsubscribe(state, target.to_string());
    vec![]
}

fn ask_unsubscribe(state: &mut State, target: String) {
    if let Some(acc) = state.account_mut() {
        acc.views.push(View::Confirm {
            text: format!(
                "Stop following {}? Its posts stop coming to the node.",
                trompe_api::html::sanitize_line(&target)
            ),
            action: Box::new(Action::ConfirmedUnsubscribe(target)),
        });
    }
}

/// The user said yes to an unsubscribe.
pub(crate) fn confirmed_unsubscribe(state: &mut State, target: String) -> Vec<Effect> {
    change(state, SubscriptionChange::Unfollow(target))
}

/// Sends a change; the view (opened if needed) shows the outcome.
fn change(state: &mut State, change: SubscriptionChange) -> Vec<Effect> {
    let what = match &change {
        SubscriptionChange::Follow {
            target,
            relay: true,
        } => format!("subscribing to {target}…"),
        SubscriptionChange::Follow { target, .. } => format!("following {target}…"),
        SubscriptionChange::Unfollow(target) => format!("unfollowing {target}…"),
    };
    state.toast(ToastKind::Info, trompe_api::html::sanitize_line(&what));
    load(state, Some(change))
}

/// Keys in the view.
pub(crate) fn command(state: &mut State, cmd: Command) -> Option<Vec<Effect>> {
    let account = state.active;
    if let Some(d) = delta_of(cmd) {
        if let Some(v) = crate::views::top_view(state, View::subscriptions_mut) {
            v.selected = moved(v.selected, d, v.rows.len());
        }
        return Some(vec![]);
    }
    let v = crate::views::top_view(state, View::subscriptions_mut)?;
    let current = v.rows.get(v.selected).map(|r| r.target.clone());
    match cmd {
        Command::Refresh | Command::ShowSubscriptions => {
            v.loading = true;
            Some(vec![Effect::NodeSubscriptions {
                account,
                change: None,
            }])
        }
        Command::Subscribe => {
            state.prompt = Some(Prompt {
                kind: PromptKind::Command,
                text: "subscribe ".into(),
                history_pos: None,
            });
            Some(vec![])
        }
        Command::Unsubscribe => {
            if let Some(target) = current {
                ask_unsubscribe(state, target);
            }
            Some(vec![])
        }
        // The followed actor's profile, fetched by the node.
        Command::Select | Command::OpenProfile => {
            let Some(target) = current else {
                return Some(vec![]);
            };
            Some(vec![Effect::LoadProfile {
                account,
                id: trompe_api::entities::AccountId::new(target),
            }])
        }
        // What these keys do on a timeline means nothing here.
        Command::Reject
        | Command::Follow
        | Command::Edit
        | Command::NextTab
        | Command::PrevTab
        | Command::OpenLinks
        | Command::StartVote => Some(vec![]),
        _ => None,
    }
}

/// The subscriptions arrived (after a change, when there was one: `said`
/// tells how it went).
pub(crate) fn loaded(
    state: &mut State,
    account: usize,
    result: Result<Vec<SubscriptionRow>, String>,
    said: Option<Result<String, String>>,
) -> Vec<Effect> {
    match said {
        Some(Ok(t)) => state.toast(ToastKind::Info, trompe_api::html::sanitize_line(&t)),
        Some(Err(e)) => state.toast(ToastKind::Error, trompe_api::html::sanitize_line(&e)),
        None => {}
    }
    if let Some(v) = crate::views::find_view(state, account, View::subscriptions_mut) {
        v.loading = false;
        match result {
            Ok(rows) => {
                v.rows = rows;
                v.error = None;
                v.selected = v.selected.min(v.rows.len().saturating_sub(1));
            }
            Err(e) => v.error = Some(e),
        }
    }
    vec![]
}

/// The node says its subscriptions changed (an Accept came): an open view
/// loads them again.
pub(crate) fn changed(state: &mut State, account: usize) -> Vec<Effect> {
    match crate::views::find_view(state, account, View::subscriptions_mut) {
        Some(v) => {
            v.loading = true;
            vec![Effect::NodeSubscriptions {
                account,
                change: None,
            }]
        }
        None => vec![],
    }
}

/// The keys that matter here, as bound in `km`.
pub fn hint(km: &crate::keymap::Keymap) -> String {
    use Command as C;
    format!(
        "{} follow or subscribe · {} unfollow · {} profile · {} reload",
        km.key(C::Subscribe),
        km.key(C::Unsubscribe),
        km.key(C::Select),
        km.key(C::Refresh)
    )
}
