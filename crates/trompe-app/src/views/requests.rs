//! Filtered notifications: the policy (who gets through) and the requests
//! the server holds back. Enter cycles a policy row or accepts a request,
//! x dismisses one. Part of `update`: synchronous, no I/O.

use trompe_api::ApiError;
use trompe_api::entities::{NotificationPolicy, NotificationRequest};

use crate::effect::{Effect, RequestsChange};
use crate::keymap::Command;
use crate::state::State;
use crate::timeline::TabKind;
use crate::update::load_initial;
use crate::views::View;

/// The policy keys, in display order, with their labels.
pub const POLICY_ROWS: &[(&str, &str)] = &[
    ("for_not_following", "People you don't follow"),
    ("for_not_followers", "People not following you"),
    ("for_new_accounts", "New accounts (under 30 days)"),
    ("for_private_mentions", "Unsolicited private mentions"),
    ("for_limited_accounts", "Accounts limited by moderators"),
];

/// The filtered-notifications view.
#[derive(Debug, Clone, Default)]
pub struct RequestsView {
    pub policy: Option<trompe_api::entities::NotificationPolicy>,
    pub requests: Vec<trompe_api::entities::NotificationRequest>,
    /// Rows: the policy rows, then one per request.
    pub selected: usize,
    pub loading: bool,
    pub error: Option<String>,
}

impl RequestsView {
    /// The policy value of row `i`.
    pub fn policy_value(&self, i: usize) -> Option<&str> {
        let p = self.policy.as_ref()?;
        Some(match POLICY_ROWS.get(i)?.0 {
            "for_not_following" => &p.for_not_following,
            "for_not_followers" => &p.for_not_followers,
            "for_new_accounts" => &p.for_new_accounts,
            "for_private_mentions" => &p.for_private_mentions,
            _ => &p.for_limited_accounts,
        })
    }

    /// Number of rows.
    pub fn rows(&self) -> usize {
        POLICY_ROWS.len() + self.requests.len()
    }
}

/// Opens the view and loads the policy and the requests.
pub(crate) fn open(state: &mut State) -> Vec<Effect> {
    let account = state.active;
    crate::navigate::push_view(
        state,
        View::Requests(RequestsView {
            loading: true,
            ..Default::default()
        }),
    );
    vec![Effect::Requests {
        account,
        change: None,
    }]
}

/// Keys in the view: j/k move, Enter cycles a policy or accepts a
/// request, x dismisses a request.
pub(crate) fn command(state: &mut State, cmd: Command) -> Option<Vec<Effect>> {
    let account = state.active;
    let Some(View::Requests(r)) = state.account_mut().and_then(|a| a.views.last_mut()) else {
        return None;
    };
    let change = match cmd {
        Command::ScrollDown | Command::ScrollUp => {
            let n = r.rows().max(1);
            r.selected = if cmd == Command::ScrollDown {
                (r.selected + 1).min(n - 1)
            } else {
                r.selected.saturating_sub(1)
            };
            return Some(vec![]);
        }
        Command::Select if r.selected < POLICY_ROWS.len() => {
            let next = match r.policy_value(r.selected) {
                Some("accept") => "filter",
                Some("filter") => "drop",
                _ => "accept",
            };
            RequestsChange::Policy {
                key: POLICY_ROWS[r.selected].0.to_string(),
                value: next.to_string(),
            }
        }
        Command::DismissRequest if r.selected < POLICY_ROWS.len() => return Some(vec![]),
        Command::Select | Command::DismissRequest => {
            let Some(req) = r.requests.get(r.selected - POLICY_ROWS.len()) else {
                return Some(vec![]);
            };
            if cmd == Command::Select {
                RequestsChange::Accept(req.id.clone())
            } else {
                RequestsChange::Dismiss(req.id.clone())
            }
        }
        // x when `dismiss_request` is bound elsewhere: nothing underneath.
        Command::Reject => return Some(vec![]),
        _ => return None,
    };
    r.loading = true;
    Some(vec![Effect::Requests {
        account,
        change: Some(change),
    }])
}

/// The policy and the requests arrived; accepted notifications join the
/// list, so the notifications load again.
pub(crate) fn loaded(
    state: &mut State,
    account: usize,
    result: Result<(Box<NotificationPolicy>, Vec<NotificationRequest>), ApiError>,
) -> Vec<Effect> {
    let Some(acc) = state.accounts.get_mut(account) else {
        return vec![];
    };
    let Some(View::Requests(r)) = acc
        .views
        .iter_mut()
        .rev()
        .find(|v| matches!(v, View::Requests(_)))
    else {
        return vec![];
    };
    r.loading = false;
    let before = r.requests.len();
    match result {
        Ok((policy, requests)) => {
            r.policy = Some(*policy);
            r.requests = requests;
            r.error = None;
        }
        Err(e) => r.error = Some(e.to_string()),
    }
    let accepted_any = r.requests.len() < before;
    r.selected = r.selected.min(r.rows().saturating_sub(1));
    if !accepted_any {
        return vec![];
    }
    let tabs = acc.loaded_tabs(|t| matches!(t.kind, TabKind::Notifications(_)));
    tabs.into_iter()
        .filter_map(|tab| load_initial(state, account, tab))
        .collect()
}

impl RequestsView {
    /// The line over the held requests: how many, and the keys.
    pub fn hint(&self, km: &crate::keymap::Keymap) -> String {
        let pending = self.requests.len();
        format!(
            " Held back: {pending} account{} ({} accepts, {} dismisses)",
            if pending == 1 { "" } else { "s" },
            km.key(Command::Select),
            km.key(Command::DismissRequest)
        )
    }
}
