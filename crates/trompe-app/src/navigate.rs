//! Navigation between the tabs and the views: Enter on a post, the prompt,
//! pushing a view on the stack, the focused post, opening and closing
//! tabs, and the lookups a command waited for. Each view's own keys and
//! results are in its module under `views`. Part of `update`: synchronous,
//! no I/O.

use trompe_api::ApiError;
use trompe_api::endpoints::timelines::TimelineKind;
use trompe_api::entities::{Account, Status};

use crate::effect::{AfterLookup, Effect};
use crate::state::{Prompt, PromptKind, State, ToastKind};
use crate::timeline::TabKind;
use crate::timeline::TimelineTab;
use crate::update::{api_error, load_initial, selected_status};
use crate::views::View;
use crate::views::profile::open_profile;
use crate::views::thread::open_thread;

/// Enter: on a notifications tab, accepts a follow request; else opens
/// the thread of the focused post (in a thread, the post under its cursor).
pub(super) fn select(state: &mut State) -> Vec<Effect> {
    let Some(acc) = state.account() else {
        return vec![];
    };
    if acc
        .tab()
        .is_some_and(|t| matches!(t.kind, TabKind::Notifications(_)))
    {
        return crate::update::accept_follow_request(state);
    }
    let id = match acc.views.last() {
        Some(View::Thread(t)) => t.items.get(t.selected).map(|(id, _)| id.clone()),
        _ => selected_status(acc).map(|s| s.original().id.clone()),
    };
    let mut fx = mark_conversation_read(state);
    fx.extend(id.map(|id| open_thread(state, id)).unwrap_or_default());
    fx
}

/// Opening an unread conversation (from its tab) marks it read.
fn mark_conversation_read(state: &mut State) -> Vec<Effect> {
    let account = state.active;
    let Some(acc) = state.account_mut() else {
        return vec![];
    };
    if !acc.views.is_empty() || acc.tab().is_none_or(|t| t.kind != TabKind::Conversations) {
        return vec![];
    }
    let Some(cid) = acc.tab().and_then(|t| t.selected_id()).map(str::to_string) else {
        return vec![];
    };
    let Some(c) = acc.conversations.get_mut(&cid).filter(|c| c.unread) else {
        return vec![];
    };
    c.unread = false;
    vec![Effect::PostAction {
        account,
        path: format!(
            "api/v1/conversations/{}/read",
            trompe_api::endpoints::timelines::encode_segment(&cid)
        ),
        what: "Conversation marked read".into(),
    }]
}

/// `/` and `:`: opens the prompt line.
pub(super) fn start_prompt(state: &mut State, kind: PromptKind) -> Vec<Effect> {
    if !state.accounts.is_empty() {
        state.prompt = Some(Prompt {
            kind,
            text: String::new(),
            history_pos: None,
        });
    }
    vec![]
}

/// A command that needed the server found its tab (a list by name).
pub(super) fn tab_asked(state: &mut State, account: usize, kind: TabKind) -> Vec<Effect> {
    if account != state.active {
        return vec![];
    }
    open_tab(state, kind)
}

/// An account looked up for a command (`profile @x`, `user @x`,
/// `followers @x`) was found.
pub(super) fn account_found(
    state: &mut State,
    account: usize,
    then: AfterLookup,
    result: Result<Box<Account>, ApiError>,
) -> Vec<Effect> {
    let a = match result {
        Ok(a) => a,
        Err(e) => {
            api_error(state, account, &e);
            return vec![];
        }
    };
    if account != state.active {
        return vec![];
    }
    match then {
        AfterLookup::Profile => open_profile(state, *a),
        AfterLookup::People { following } => {
            let kind = if following {
                crate::views::people::PeopleKind::following(&a)
            } else {
                crate::views::people::PeopleKind::followers(&a)
            };
            crate::views::people::open_people(state, kind)
        }
        AfterLookup::Posts { replies, media } => open_tab(
            state,
            TabKind::Timeline(TimelineKind::Account {
                id: a.id.clone(),
                acct: a.acct.clone(),
                with_replies: replies,
                only_media: media,
            }),
        ),
    }
}

/// The status the focus is on: in a thread view, its selected item; else the
/// selected item of the focused list.
pub(super) fn focused_status(state: &State) -> Option<&Status> {
    let acc = state.account()?;
    if let Some(View::Thread(t)) = acc.views.last() {
        let (id, _) = t.items.get(t.selected)?;
        return acc.statuses.get(id);
    }
    selected_status(acc)
}

/// Pushes a view on the active account's stack.
pub(super) fn push_view(state: &mut State, view: View) {
    if let Some(acc) = state.account_mut() {
        // A bounded stack: the oldest views go first.
        if acc.views.len() >= 32 {
            acc.views.remove(0);
        }
        acc.views.push(view);
    }
}

/// Opens a tab (or focuses it when it is already open) and loads it.
/// How long after subscribing a new tab's stream its REST cursor is checked
/// once more (see [`TimelineTab::recheck_at`]).
pub(super) const RECHECK_AFTER: time::Duration = time::Duration::seconds(3);

pub(super) fn open_tab(state: &mut State, kind: TabKind) -> Vec<Effect> {
    let account = state.active;
    let Some(acc) = state.account_mut() else {
        return vec![];
    };
    acc.views.clear();
    if let Some(i) = acc.tabs.iter().position(|t| t.kind == kind) {
        acc.active_tab = i;
        return vec![];
    }
    let stream = kind.stream();
    let already_streamed = stream
        .as_ref()
        .is_some_and(|s| acc.tabs.iter().any(|t| t.kind.stream().as_ref() == Some(s)));
    let mut new_tab = TimelineTab::with_kind(kind);
    state.apply_tab_settings(&mut new_tab);
    if stream.is_some() && !already_streamed {
        new_tab.recheck_at = Some(state.now + RECHECK_AFTER);
    }
    let Some(acc) = state.account_mut() else {
        return vec![];
    };
    acc.tabs.push(new_tab);
    acc.active_tab = acc.tabs.len() - 1;
    let tab = acc.active_tab;
    let mut fx: Vec<Effect> = load_initial(state, account, tab).into_iter().collect();
    if let (Some(stream), false) = (stream, already_streamed) {
        fx.push(Effect::Subscribe {
            account,
            stream,
            on: true,
        });
    }
    fx
}

/// `ctrl-w`: closes the active tab (never the last one).
pub(super) fn close_tab(state: &mut State) -> Vec<Effect> {
    let account = state.active;
    let Some(acc) = state.account_mut() else {
        return vec![];
    };
    if acc.tabs.len() <= 1 {
        state.toast(ToastKind::Info, "The last tab stays open");
        return vec![];
    }
    let removed = acc.tabs.remove(acc.active_tab);
    let next = acc.active_tab.min(acc.tabs.len() - 1);
    let stream = removed.kind.stream();
    let still_used = stream
        .as_ref()
        .is_some_and(|s| acc.tabs.iter().any(|t| t.kind.stream().as_ref() == Some(s)));
    let mut fx = match (stream, still_used) {
        (Some(stream), false) => vec![Effect::Subscribe {
            account,
            stream,
            on: false,
        }],
        _ => vec![],
    };
    // The tab that shows now loads, if it never did (it would say
    // "Loading…" until a key was pressed).
    fx.extend(super::update::goto_tab(state, next));
    fx
}
