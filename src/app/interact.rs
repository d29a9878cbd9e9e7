//! Acting on posts: favourite, boost, bookmark and delete, with optimistic
//! updates. The change shows at once in every copy of the status (timelines,
//! boosts, notifications, threads), the request runs in the background, and
//! a failure rolls it back with the server's message. Part of `update`.

use crate::api::entities::{Status, StatusId};

use super::action::Action;
use super::effect::Effect;
use super::state::{AccountState, State, ToastKind};
use super::views::View;

/// A toggle on a status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusOp {
    Favourite(bool),
    Boost(bool),
    Bookmark(bool),
}

impl StatusOp {
    /// The endpoint suffix.
    pub fn endpoint(self) -> &'static str {
        match self {
            StatusOp::Favourite(true) => "favourite",
            StatusOp::Favourite(false) => "unfavourite",
            StatusOp::Boost(true) => "reblog",
            StatusOp::Boost(false) => "unreblog",
            StatusOp::Bookmark(true) => "bookmark",
            StatusOp::Bookmark(false) => "unbookmark",
        }
    }

    /// The opposite toggle (for rollbacks).
    pub fn inverse(self) -> Self {
        match self {
            StatusOp::Favourite(b) => StatusOp::Favourite(!b),
            StatusOp::Boost(b) => StatusOp::Boost(!b),
            StatusOp::Bookmark(b) => StatusOp::Bookmark(!b),
        }
    }

    /// Applies the toggle to one copy of the status.
    pub fn apply(self, s: &mut Status) {
        match self {
            StatusOp::Favourite(on) => {
                if s.favourited != Some(on) {
                    s.favourites_count = if on {
                        s.favourites_count + 1
                    } else {
                        s.favourites_count.saturating_sub(1)
                    };
                }
                s.favourited = Some(on);
            }
            StatusOp::Boost(on) => {
                if s.reblogged != Some(on) {
                    s.reblogs_count = if on {
                        s.reblogs_count + 1
                    } else {
                        s.reblogs_count.saturating_sub(1)
                    };
                }
                s.reblogged = Some(on);
            }
            StatusOp::Bookmark(on) => s.bookmarked = Some(on),
        }
    }
}

impl AccountState {
    /// Applies `f` to every copy of status `id`: in the store, inside boosts,
    /// and in notifications.
    pub fn update_status(&mut self, id: &StatusId, f: impl Fn(&mut Status)) {
        for s in self.statuses.values_mut() {
            if s.id == *id {
                f(s);
            }
            if let Some(r) = s.reblog.as_mut() {
                if r.id == *id {
                    f(r);
                }
            }
        }
        for n in self.notifications.values_mut() {
            if let Some(s) = n.status.as_mut() {
                if s.id == *id {
                    f(s);
                }
                if let Some(r) = s.reblog.as_mut() {
                    if r.id == *id {
                        f(r);
                    }
                }
            }
        }
    }
}

/// Handles the interaction actions; gives others back.
// The `Err` hands the action back unchanged, once; boxing it would only add an allocation.
#[allow(clippy::result_large_err)]
pub(super) fn handle(state: &mut State, action: Action) -> Result<Vec<Effect>, Action> {
    let account = state.active;
    match action {
        Action::Favourite | Action::Boost | Action::Bookmark => {
            let Some(s) = super::navigate::focused_status(state).map(|s| s.original().clone())
            else {
                return Ok(vec![]);
            };
            let op = match action {
                Action::Favourite => StatusOp::Favourite(s.favourited != Some(true)),
                Action::Boost => StatusOp::Boost(s.reblogged != Some(true)),
                _ => StatusOp::Bookmark(s.bookmarked != Some(true)),
            };
            if op == StatusOp::Boost(true)
                && matches!(
                    s.visibility,
                    crate::api::entities::Visibility::Private
                        | crate::api::entities::Visibility::Direct
                )
            {
                state.toast(
                    ToastKind::Info,
                    "Followers-only and direct posts cannot be boosted",
                );
                return Ok(vec![]);
            }
            if let Some(acc) = state.account_mut() {
                acc.update_status(&s.id, |st| op.apply(st));
            }
            Ok(vec![Effect::StatusOp {
                account,
                id: s.id,
                op,
            }])
        }
        Action::StatusOpDone {
            account,
            id,
            op,
            result,
        } => {
            match result {
                Ok(server) => {
                    let server = *server;
                    // The server's word wins (counts from other users, too).
                    let fresh = match (op, server.reblog) {
                        (StatusOp::Boost(true), Some(orig)) => *orig,
                        (_, _) if server.id == id => Status {
                            reblog: None,
                            ..server
                        },
                        _ => return Ok(vec![]),
                    };
                    if let Some(acc) = state.accounts.get_mut(account) {
                        acc.update_status(&id, |st| {
                            st.favourited = fresh.favourited;
                            st.reblogged = fresh.reblogged;
                            st.bookmarked = fresh.bookmarked;
                            st.favourites_count = fresh.favourites_count;
                            st.reblogs_count = fresh.reblogs_count;
                        });
                    }
                }
                Err(e) => {
                    if let Some(acc) = state.accounts.get_mut(account) {
                        acc.update_status(&id, |st| op.inverse().apply(st));
                    }
                    state.toast(
                        ToastKind::Error,
                        format!("Could not {}: {e}", op.endpoint()),
                    );
                }
            }
            Ok(vec![])
        }
        Action::Delete => {
            let me = state
                .account()
                .and_then(|a| a.me.as_ref())
                .map(|m| m.id.clone());
            let Some(s) = super::navigate::focused_status(state).map(|s| s.original().clone())
            else {
                return Ok(vec![]);
            };
            if me.as_ref() != Some(&s.account.id) {
                state.toast(ToastKind::Info, "Only your own posts can be deleted");
                return Ok(vec![]);
            }
            let preview: String = crate::html::strip_html(&s.content)
                .chars()
                .take(60)
                .collect();
            if let Some(acc) = state.account_mut() {
                acc.views.push(View::Confirm {
                    text: format!("Delete this post? “{preview}”"),
                    action: Box::new(Action::ConfirmedDelete(s.id.clone())),
                });
            }
            Ok(vec![])
        }
        Action::ConfirmedDelete(id) => Ok(vec![Effect::DeleteStatus { account, id }]),
        Action::DeleteDone {
            account,
            id,
            result,
        } => {
            match result {
                Ok(()) => {
                    let _ = super::update::update(state, Action::StreamDelete { account, id });
                    state.toast(ToastKind::Info, "Deleted");
                }
                Err(e) => state.toast(ToastKind::Error, format!("Could not delete: {e}")),
            }
            Ok(vec![])
        }
        other => Err(other),
    }
}
