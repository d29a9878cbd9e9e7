//! A thread: the context of a post as an indented tree. The cursor moves
//! over its posts, `r` loads it again. Part of `update`: synchronous, no I/O.

use trompe_api::ApiError;
use trompe_api::entities::{Status, StatusId};

use super::View;
use crate::effect::{Effect, RequestId};
use crate::keymap::Command;
use crate::navigate::push_view;
use crate::state::State;
use crate::timeline::Viewport;
use crate::update::api_error;

/// A thread: the context of a status as an indented tree.
#[derive(Debug, Clone)]
pub struct ThreadView {
    /// The status the thread was opened on.
    pub focus: StatusId,
    /// The statuses in order, with their depth in the reply tree.
    pub items: Vec<(StatusId, u16)>,
    pub selected: usize,
    pub viewport: Viewport,
    pub loading: Option<RequestId>,
    pub error: Option<String>,
}

/// Keys in a thread: the cursor moves over its posts; `r` loads it again.
pub(crate) fn command(state: &mut State, cmd: Command) -> Option<Vec<Effect>> {
    match cmd {
        Command::ScrollDown
        | Command::ScrollUp
        | Command::PageDown
        | Command::PageUp
        | Command::Top
        | Command::Bottom => {
            move_thread(state, cmd);
            Some(vec![])
        }
        Command::Refresh => match state.account_mut().and_then(|a| a.views.pop()) {
            Some(View::Thread(t)) => Some(open_thread(state, t.focus)),
            _ => None,
        },
        _ => None,
    }
}

/// Opens the thread around `id`.
pub(crate) fn open_thread(state: &mut State, id: StatusId) -> Vec<Effect> {
    let account = state.active;
    let request = state.next_request();
    push_view(
        state,
        View::Thread(ThreadView {
            focus: id.clone(),
            items: vec![(id.clone(), 0)],
            selected: 0,
            viewport: Default::default(),
            loading: Some(request),
            error: None,
        }),
    );
    vec![Effect::LoadContext {
        account,
        request,
        id,
    }]
}

fn move_thread(state: &mut State, cmd: Command) {
    if let Some(View::Thread(t)) = state.account_mut().and_then(|a| a.views.last_mut()) {
        if t.items.is_empty() {
            return;
        }
        let max = t.items.len() - 1;
        let page = t.viewport.shown.saturating_sub(1).max(1);
        t.selected = match cmd {
            Command::ScrollDown => (t.selected + 1).min(max),
            Command::ScrollUp => t.selected.saturating_sub(1),
            Command::PageDown => (t.selected + page).min(max),
            Command::PageUp => t.selected.saturating_sub(page),
            Command::Top => 0,
            _ => max,
        };
        if t.selected < t.viewport.top {
            t.viewport.top = t.selected;
        }
    }
}

/// A thread's context arrived: the thread view shows it as a tree.
pub(crate) fn context_loaded(
    state: &mut State,
    account: usize,
    request: RequestId,
    result: Result<Box<trompe_api::entities::Context>, ApiError>,
) -> Vec<Effect> {
    let Some(acc) = state.accounts.get_mut(account) else {
        return vec![];
    };
    if acc
        .detail
        .as_ref()
        .is_some_and(|d| d.request == Some(request))
    {
        return detail_loaded(acc, result);
    }
    let Some(View::Thread(t)) = acc
        .views
        .iter_mut()
        .rev()
        .find(|v| matches!(v, View::Thread(t) if t.loading == Some(request)))
    else {
        return vec![];
    };
    t.loading = None;
    let ctx = match result {
        Ok(ctx) => ctx,
        Err(e) => {
            t.error = Some(e.to_string());
            api_error(state, account, &e);
            return vec![];
        }
    };
    let focus = t.focus.clone();
    let mut all: Vec<Status> = ctx.ancestors.clone();
    let focus_status = acc.statuses.get(&focus).cloned();
    let tree = thread_tree(
        &focus,
        focus_status.as_ref(),
        &ctx.ancestors,
        &ctx.descendants,
    );
    all.extend(ctx.descendants.iter().cloned());
    if let Some(View::Thread(t)) = acc
        .views
        .iter_mut()
        .rev()
        .find(|v| matches!(v, View::Thread(t) if t.focus == focus))
    {
        t.selected = tree.iter().position(|(id, _)| *id == focus).unwrap_or(0);
        t.items = tree;
        t.error = None;
    }
    for s in all {
        acc.keep_status(s);
    }
    vec![]
}

/// Terminals at least this wide show the selected post, and its thread,
/// beside the timeline (with the automatic layout).
pub const DETAIL_MIN_WIDTH: u16 = 160;

/// On the clock: when the detail pane shows (a wide terminal, the automatic
/// layout, no view open) and the selection has rested on a post whose
/// thread is not there, its context is asked for. Scrolling fast costs at
/// most one request a second.
pub(crate) fn detail_due(state: &mut State) -> Vec<Effect> {
    if state.layout != crate::state::Layout::Auto || state.width < DETAIL_MIN_WIDTH {
        return vec![];
    }
    let account = state.active;
    let Some(acc) = state.account() else {
        return vec![];
    };
    if !acc.views.is_empty() {
        return vec![];
    }
    let Some(id) = crate::update::selected_status(acc).map(|s| s.original().id.clone()) else {
        return vec![];
    };
    if acc.detail.as_ref().is_some_and(|d| d.focus == id) {
        return vec![];
    }
    let request = state.next_request();
    if let Some(acc) = state.account_mut() {
        acc.detail = Some(crate::state::DetailThread {
            focus: id.clone(),
            request: Some(request),
            items: Vec::new(),
            error: None,
        });
    }
    vec![Effect::LoadContext {
        account,
        request,
        id,
    }]
}

/// The detail pane's thread arrived. A failure is only noted there: the
/// reader did not ask for it.
fn detail_loaded(
    acc: &mut crate::state::AccountState,
    result: Result<Box<trompe_api::entities::Context>, ApiError>,
) -> Vec<Effect> {
    let Some(focus) = acc.detail.as_ref().map(|d| d.focus.clone()) else {
        return vec![];
    };
    let (items, error) = match result {
        Ok(ctx) => {
            let tree = thread_tree(
                &focus,
                acc.statuses.get(&focus),
                &ctx.ancestors,
                &ctx.descendants,
            );
            for s in ctx.ancestors.into_iter().chain(ctx.descendants) {
                acc.keep_status(s);
            }
            (tree, None)
        }
        Err(e) => (Vec::new(), Some(e.to_string())),
    };
    if let Some(d) = acc.detail.as_mut() {
        d.request = None;
        d.items = items;
        d.error = error;
    }
    vec![]
}

/// Orders a context as a tree: ancestors (depth 0…), the focus, then the
/// descendants with their depth under the focus, children in id order.
pub fn thread_tree(
    focus: &StatusId,
    focus_status: Option<&Status>,
    ancestors: &[Status],
    descendants: &[Status],
) -> Vec<(StatusId, u16)> {
    let mut out: Vec<(StatusId, u16)> = ancestors.iter().map(|s| (s.id.clone(), 0)).collect();
    let base = 0u16;
    out.push((focus.clone(), base));
    let _ = focus_status;
    // Depth-first over the descendants by in_reply_to, bounded by their count.
    let mut stack: Vec<(StatusId, u16)> = vec![(focus.clone(), base)];
    let mut placed = std::collections::HashSet::new();
    placed.insert(focus.clone());
    let mut children: Vec<(StatusId, u16)> = Vec::new();
    let mut guard = 0;
    while let Some((parent, depth)) = stack.pop() {
        guard += 1;
        if guard > descendants.len() + 1 {
            break;
        }
        let mut kids: Vec<&Status> = descendants
            .iter()
            .filter(|d| d.in_reply_to_id.as_ref() == Some(&parent) && !placed.contains(&d.id))
            .collect();
        kids.sort_by(|a, b| a.id.cmp(&b.id));
        if parent != *focus {
            children.push((parent.clone(), depth));
        }
        for k in kids.iter().rev() {
            placed.insert(k.id.clone());
            stack.push((k.id.clone(), depth.saturating_add(1).min(8)));
        }
    }
    // Descendants whose parent is not in the context still show, at depth 1.
    for d in descendants {
        if !placed.contains(&d.id) {
            children.push((d.id.clone(), 1));
        }
    }
    out.extend(children);
    out
}
