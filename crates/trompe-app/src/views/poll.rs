//! Voting in a poll: Enter chooses (and votes, for a single choice), `v`
//! votes. Part of `update`: synchronous, no I/O.

use trompe_api::ApiError;
use trompe_api::entities::StatusId;

use super::{View, picker_move};
use crate::effect::Effect;
use crate::keymap::Command;
use crate::navigate::{focused_status, push_view};
use crate::state::{State, ToastKind};
use crate::update::api_error;

/// Voting in a poll.
#[derive(Debug, Clone, PartialEq)]
pub struct PollVote {
    pub status: StatusId,
    pub poll: trompe_api::entities::PollId,
    pub options: Vec<String>,
    pub multiple: bool,
    pub chosen: Vec<bool>,
    pub selected: usize,
}

/// Keys in a poll: Enter chooses (and votes, for a single choice), `v` votes.
pub(crate) fn command(state: &mut State, cmd: Command) -> Option<Vec<Effect>> {
    match cmd {
        Command::Select => Some(poll_choose(state)),
        Command::StartVote => Some(poll_submit(state)),
        _ => picker_move(state, cmd),
    }
}

/// `v`: vote in the focused post's poll.
pub(crate) fn start_vote(state: &mut State) -> Vec<Effect> {
    let Some(s) = focused_status(state).map(|s| s.original().clone()) else {
        return vec![];
    };
    match &s.poll {
        Some(p) if !p.expired && p.voted != Some(true) => {
            push_view(
                state,
                View::Poll(PollVote {
                    status: s.id.clone(),
                    poll: p.id.clone(),
                    options: p
                        .options
                        .iter()
                        .map(|o| trompe_api::html::sanitize_line(&o.title).into_owned())
                        .collect(),
                    multiple: p.multiple,
                    chosen: vec![false; p.options.len()],
                    selected: 0,
                }),
            );
        }
        Some(p) if p.expired => state.toast(ToastKind::Info, "This poll has ended"),
        Some(_) => state.toast(ToastKind::Info, "You already voted in this poll"),
        None => state.toast(ToastKind::Info, "This post has no poll"),
    }
    vec![]
}

fn poll_choose(state: &mut State) -> Vec<Effect> {
    let single = match state.account_mut().and_then(|a| a.views.last_mut()) {
        Some(View::Poll(p)) => {
            let i = p.selected;
            if let Some(c) = p.chosen.get_mut(i) {
                *c = !*c;
            }
            !p.multiple
        }
        _ => return vec![],
    };
    // Single choice: choosing is voting.
    if single { poll_submit(state) } else { vec![] }
}

fn poll_submit(state: &mut State) -> Vec<Effect> {
    let account = state.active;
    let Some(View::Poll(p)) = state.account().and_then(|a| a.views.last()).cloned() else {
        return vec![];
    };
    let choices: Vec<usize> = p
        .chosen
        .iter()
        .enumerate()
        .filter(|(_, c)| **c)
        .map(|(i, _)| i)
        .collect();
    if choices.is_empty() {
        state.toast(ToastKind::Info, "Choose an option first (Enter)");
        return vec![];
    }
    if let Some(acc) = state.account_mut() {
        acc.views.pop();
    }
    vec![Effect::Vote {
        account,
        status: p.status,
        poll: p.poll,
        choices,
    }]
}

/// A vote was counted: every copy of the post shows the new poll.
pub(crate) fn poll_voted(
    state: &mut State,
    account: usize,
    status: StatusId,
    result: Result<Box<trompe_api::entities::Poll>, ApiError>,
) -> Vec<Effect> {
    match result {
        Ok(poll) => {
            if let Some(acc) = state.accounts.get_mut(account) {
                for s in acc.statuses.values_mut() {
                    if s.id == status {
                        s.poll = Some(poll.clone());
                    }
                    if let Some(r) = s.reblog.as_mut() {
                        if r.id == status {
                            r.poll = Some(poll.clone());
                        }
                    }
                }
            }
            state.toast(ToastKind::Info, "Vote counted");
        }
        Err(e) => api_error(state, account, &e),
    }
    vec![]
}

impl PollVote {
    /// The overlay's title, with its keys.
    pub fn hint(&self) -> &'static str {
        if self.multiple {
            " vote — Enter toggles, v sends "
        } else {
            " vote — Enter votes "
        }
    }
}
