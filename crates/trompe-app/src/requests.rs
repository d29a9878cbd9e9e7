//! Filtered notifications: the policy (who gets through) and the requests
//! the server holds back. Enter cycles a policy row or accepts a request,
//! x dismisses one. Part of `update`: synchronous, no I/O.

use trompe_api::ApiError;
use trompe_api::entities::{NotificationPolicy, NotificationRequest};

use super::effect::{Effect, RequestsChange};
use super::keymap::Command;
use super::state::State;
use super::timeline::TabKind;
use super::update::load_initial;
use super::views::{POLICY_ROWS, RequestsView, View};

/// Opens the view and loads the policy and the requests.
pub(super) fn open(state: &mut State) -> Vec<Effect> {
    let account = state.active;
    super::navigate::push_view(
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
pub(super) fn command(state: &mut State, cmd: Command) -> Option<Vec<Effect>> {
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
pub(super) fn loaded(
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
