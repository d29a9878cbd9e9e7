//! The list manager: the user's lists. Enter opens one, W shows its
//! members, e renames it, F cycles which replies it shows, Tab toggles
//! exclusive, x deletes it. Part of `update`: synchronous, no I/O.

use super::people::{PeopleKind, open_people};
use super::{View, delta_of, moved};
use crate::action::Action;
use crate::effect::Effect;
use crate::keymap::Command;
use crate::state::State;

/// The user's lists: Enter opens one, W shows its members, e renames it,
/// F cycles which replies it shows, Tab toggles exclusive, x deletes it.
#[derive(Debug, Clone, Default)]
pub struct ListsView {
    pub lists: Vec<trompe_api::entities::List>,
    pub selected: usize,
    pub loading: bool,
    pub error: Option<String>,
}

/// Opens the list manager.
pub(crate) fn open_lists(state: &mut State) -> Vec<Effect> {
    let account = state.active;
    let Some(acc) = state.account_mut() else {
        return vec![];
    };
    acc.views.push(View::Lists(ListsView {
        loading: true,
        ..Default::default()
    }));
    vec![Effect::LoadLists { account }]
}

fn top_lists(state: &mut State) -> Option<&mut ListsView> {
    crate::views::top_view(state, View::lists_mut)
}

/// Keys in the list manager.
pub(crate) fn command(state: &mut State, cmd: Command) -> Option<Vec<Effect>> {
    let account = state.active;
    use crate::effect::SocialOp;
    use trompe_api::entities::RepliesPolicy;
    if let Some(d) = delta_of(cmd) {
        if let Some(l) = top_lists(state) {
            l.selected = moved(l.selected, d, l.lists.len());
        }
        return Some(vec![]);
    }
    let l = top_lists(state)?;
    let current = l.lists.get(l.selected).cloned();
    let Some(list) = current else {
        return match cmd {
            Command::Refresh => Some(vec![Effect::LoadLists { account }]),
            Command::Select
            | Command::DeleteList
            | Command::RenameList
            | Command::ListMembers
            | Command::ListReplies
            | Command::ListExclusive => Some(vec![]),
            _ => None,
        };
    };
    match cmd {
        Command::Refresh => {
            l.loading = true;
            Some(vec![Effect::LoadLists { account }])
        }
        Command::Select => Some(crate::navigate::open_tab(
            state,
            crate::timeline::TabKind::Timeline(
                trompe_api::endpoints::timelines::TimelineKind::List {
                    id: list.id,
                    title: list.title,
                },
            ),
        )),
        Command::ListMembers => Some(open_people(state, PeopleKind::ListMembers(list.title))),
        Command::RenameList => {
            state.prompt = Some(crate::state::Prompt {
                kind: crate::state::PromptKind::Command,
                text: format!("list-rename {} to ", list.title),
                history_pos: None,
            });
            Some(vec![])
        }
        Command::ListReplies | Command::ListExclusive => {
            let (replies, exclusive) = if cmd == Command::ListReplies {
                let next = match list.replies_policy {
                    RepliesPolicy::Followed => RepliesPolicy::List,
                    RepliesPolicy::List => RepliesPolicy::NoReplies,
                    _ => RepliesPolicy::Followed,
                };
                (Some(next), None)
            } else {
                (None, Some(!list.exclusive))
            };
            if let Some(x) = l.lists.get_mut(l.selected) {
                if let Some(r) = &replies {
                    x.replies_policy = r.clone();
                }
                if let Some(e) = exclusive {
                    x.exclusive = e;
                }
            }
            Some(vec![Effect::Social {
                account,
                op: SocialOp::ListSettings {
                    name: list.title,
                    replies: replies.map(|r| r.as_str().to_string()),
                    exclusive,
                },
            }])
        }
        Command::DeleteList => {
            if let Some(acc) = state.account_mut() {
                acc.views.push(View::Confirm {
                    text: format!(
                        "Delete the list “{}”? Its members stay followed.",
                        trompe_api::html::sanitize_line(&list.title)
                    ),
                    action: Box::new(Action::ConfirmedSocial(SocialOp::DeleteList(list.title))),
                });
            }
            Some(vec![])
        }
        // The common commands these keys had before the list manager got
        // its own: here they do nothing (not act on the timeline below).
        Command::OpenProfile
        | Command::OpenLinks
        | Command::StartVote
        | Command::Reject
        | Command::Edit
        | Command::ShowWho
        | Command::CycleNotificationFilter
        | Command::NextTab
        | Command::PrevTab => Some(vec![]),
        _ => None,
    }
}

/// The user's lists arrived.
pub(crate) fn lists_loaded(
    state: &mut State,
    account: usize,
    result: Result<Vec<trompe_api::entities::List>, trompe_api::ApiError>,
) -> Vec<Effect> {
    // Their names, for completing `:list` (also when no view asked).
    if let (Ok(lists), Some(acc)) = (&result, state.accounts.get_mut(account)) {
        acc.list_names = lists.iter().map(|l| l.title.clone()).collect();
    }
    if let Some(l) = crate::views::find_view(state, account, View::lists_mut) {
        l.loading = false;
        match result {
            Ok(lists) => {
                l.lists = lists;
                l.error = None;
                l.selected = l.selected.min(l.lists.len().saturating_sub(1));
            }
            Err(e) => l.error = Some(e.to_string()),
        }
    }
    vec![]
}

/// The keys that matter here, as bound in `km`.
pub fn hint(km: &crate::keymap::Keymap) -> String {
    use Command as C;
    format!(
        "{} opens · {} members · {} renames · {} replies · {} exclusive · {} deletes",
        km.key(C::Select),
        km.key(C::ListMembers),
        km.key(C::RenameList),
        km.key(C::ListReplies),
        km.key(C::ListExclusive),
        km.key(C::DeleteList)
    )
}
