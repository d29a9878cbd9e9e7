//! Navigation: the view stack (threads, profiles, search, links, polls,
//! instance), the prompt line (`/` search, `:` commands), and opening and
//! closing tabs. Part of `update`: synchronous, no I/O.

use trompe_api::endpoints::timelines::TimelineKind;
use trompe_api::entities::{ListId, Status, StatusId};

use super::action::{Action, TextKey};
use super::effect::{AfterLookup, Effect};
use super::keymap::Command;
use super::state::{Prompt, PromptKind, State, ToastKind};
use super::timeline::{NotificationFilter, TabKind, TimelineTab};
use super::update::{api_error, load_initial, selected_status};
use super::views::{
    LinkPicker, PollVote, ProfileSection, ProfileView, SearchRow, SearchView, ThreadView,
    VIEW_TAB_BASE, View,
};

/// Handles `action` when it is about navigation; gives it back otherwise.
// The `Err` hands the action back unchanged, once; boxing it would only add an allocation.
#[allow(clippy::result_large_err)]
pub(super) fn handle(state: &mut State, action: Action) -> Result<Vec<Effect>, Action> {
    if state.prompt.is_some() {
        if let Action::Text(k) = action {
            return Ok(prompt_key(state, k));
        }
        if matches!(action, Action::Command(Command::Quit)) {
            return Err(action);
        }
    }
    let account = state.active;
    let top_view = state.account().and_then(|a| a.views.last()).cloned();
    // Keys inside the top view first.
    if let Some(view) = &top_view {
        match (view, &action) {
            (_, Action::Command(Command::Back)) => {
                if let Some(acc) = state.account_mut() {
                    acc.views.pop();
                }
                return Ok(vec![]);
            }
            (
                View::Thread(_),
                Action::Command(Command::ScrollDown)
                | Action::Command(Command::ScrollUp)
                | Action::Command(Command::PageDown)
                | Action::Command(Command::PageUp)
                | Action::Command(Command::Top)
                | Action::Command(Command::Bottom),
            ) => {
                move_thread(state, &action);
                return Ok(vec![]);
            }
            (View::Thread(_), Action::Command(Command::Refresh)) => {
                if let Some(View::Thread(t)) = state.account_mut().and_then(|a| a.views.pop()) {
                    return Ok(open_thread(state, t.focus));
                }
            }
            (
                View::Search(_) | View::Links(_) | View::Poll(_),
                Action::Command(Command::ScrollDown) | Action::Command(Command::ScrollUp),
            ) => {
                let delta: isize = if matches!(action, Action::Command(Command::ScrollDown)) {
                    1
                } else {
                    -1
                };
                move_picker(state, delta);
                return Ok(vec![]);
            }
            (View::Instance { .. }, Action::Command(Command::Reject)) => {
                let Some(list) = state.account_mut().and_then(|a| a.announcements.as_mut()) else {
                    return Ok(vec![]);
                };
                let mut ids = Vec::new();
                for a in list.iter_mut().filter(|a| a.read == Some(false)) {
                    a.read = Some(true);
                    ids.push(a.id.clone());
                }
                if ids.is_empty() {
                    state.toast(ToastKind::Info, "No unread announcements");
                    return Ok(vec![]);
                }
                return Ok(vec![Effect::DismissAnnouncements { account, ids }]);
            }
            (
                View::Instance { .. },
                Action::Command(Command::ScrollDown)
                | Action::Command(Command::ScrollUp)
                | Action::Command(Command::PageDown)
                | Action::Command(Command::PageUp),
            ) => {
                if let Some(View::Instance { scroll }) =
                    state.account_mut().and_then(|a| a.views.last_mut())
                {
                    *scroll = match action {
                        Action::Command(Command::ScrollDown) => scroll.saturating_add(1),
                        Action::Command(Command::PageDown) => scroll.saturating_add(10),
                        Action::Command(Command::ScrollUp) => scroll.saturating_sub(1),
                        _ => scroll.saturating_sub(10),
                    };
                }
                return Ok(vec![]);
            }
            (
                View::Confirm {
                    action: confirmed, ..
                },
                _,
            ) if matches!(action, Action::Command(_) | Action::UnboundKey(_))
                && !matches!(action, Action::Command(Command::Quit)) =>
            {
                // The dialog's own keys ([keys.confirm]: y or Enter, n or
                // Esc by default) arrive as Confirm and Cancel; any other
                // key leaves the question open.
                let yes = match &action {
                    Action::Command(Command::Confirm) => Some(true),
                    Action::Command(Command::Cancel) => Some(false),
                    _ => None,
                };
                let Some(yes) = yes else {
                    return Ok(vec![]);
                };
                let confirmed = (**confirmed).clone();
                if let Some(acc) = state.account_mut() {
                    acc.views.pop();
                }
                return Ok(if yes {
                    super::update::update(state, confirmed)
                } else {
                    vec![]
                });
            }
            (View::Menu(_), _) if matches!(action, Action::Command(_) | Action::UnboundKey(_)) => {
                let Some(View::Menu(m)) = state.account_mut().and_then(|a| a.views.last_mut())
                else {
                    return Ok(vec![]);
                };
                match action {
                    Action::Command(Command::ScrollDown) => {
                        m.selected = (m.selected + 1).min(m.items.len().saturating_sub(1));
                    }
                    Action::Command(Command::ScrollUp) => m.selected = m.selected.saturating_sub(1),
                    Action::Command(Command::NextTab) | Action::Command(Command::PrevTab) => {
                        if let Some((_, c)) = m.check.as_mut() {
                            *c = !*c;
                        }
                    }
                    Action::Command(Command::Select) => {
                        let chosen = m.chosen();
                        if let Some(acc) = state.account_mut() {
                            acc.views.pop();
                        }
                        return Ok(chosen
                            .map(|a| super::update::update(state, a))
                            .unwrap_or_default());
                    }
                    Action::Command(Command::Quit) => return Err(action),
                    // Esc is handled above; other keys do nothing here.
                    _ => {}
                }
                return Ok(vec![]);
            }
            (
                View::Drafts { .. },
                Action::Command(Command::ScrollDown) | Action::Command(Command::ScrollUp),
            ) => {
                if let Some(View::Drafts {
                    drafts, selected, ..
                }) = state.account_mut().and_then(|a| a.views.last_mut())
                {
                    let n = drafts.len().max(1);
                    *selected = if matches!(action, Action::Command(Command::ScrollDown)) {
                        (*selected + 1).min(n - 1)
                    } else {
                        selected.saturating_sub(1)
                    };
                }
                return Ok(vec![]);
            }
            (
                View::Drafts {
                    drafts, selected, ..
                },
                Action::Command(Command::Select),
            ) => {
                let Some(d) = drafts.get(*selected).cloned() else {
                    return Ok(vec![]);
                };
                if let Some(acc) = state.account_mut() {
                    acc.views.pop();
                    acc.pending_draft = Some(d);
                }
                return Ok(super::update::update(
                    state,
                    Action::Command(Command::Compose),
                ));
            }
            (
                View::Drafts {
                    drafts, selected, ..
                },
                Action::Command(Command::Reject),
            ) => {
                let Some(id) = drafts.get(*selected).map(|d| d.id.clone()) else {
                    return Ok(vec![]);
                };
                if let Some(View::Drafts {
                    drafts, selected, ..
                }) = state.account_mut().and_then(|a| a.views.last_mut())
                {
                    drafts.retain(|d| d.id != id);
                    *selected = (*selected).min(drafts.len().saturating_sub(1));
                }
                if let Some(acc) = state.account_mut() {
                    if acc.pending_draft.as_ref().is_some_and(|d| d.id == id) {
                        acc.pending_draft = None;
                    }
                }
                state.toast(super::state::ToastKind::Info, "Draft deleted");
                return Ok(vec![Effect::DeleteDraft { id }]);
            }
            (
                View::Requests(_),
                Action::Command(Command::ScrollDown) | Action::Command(Command::ScrollUp),
            ) => {
                if let Some(View::Requests(r)) =
                    state.account_mut().and_then(|a| a.views.last_mut())
                {
                    let n = r.rows().max(1);
                    r.selected = if matches!(action, Action::Command(Command::ScrollDown)) {
                        (r.selected + 1).min(n - 1)
                    } else {
                        r.selected.saturating_sub(1)
                    };
                }
                return Ok(vec![]);
            }
            (
                View::Requests(r),
                Action::Command(Command::Select) | Action::Command(Command::Reject),
            ) => {
                let change = if r.selected < super::views::POLICY_ROWS.len() {
                    if matches!(action, Action::Command(Command::Reject)) {
                        return Ok(vec![]);
                    }
                    let next = match r.policy_value(r.selected) {
                        Some("accept") => "filter",
                        Some("filter") => "drop",
                        _ => "accept",
                    };
                    super::effect::RequestsChange::Policy {
                        key: super::views::POLICY_ROWS[r.selected].0.to_string(),
                        value: next.to_string(),
                    }
                } else {
                    let Some(req) = r.requests.get(r.selected - super::views::POLICY_ROWS.len())
                    else {
                        return Ok(vec![]);
                    };
                    if matches!(action, Action::Command(Command::Select)) {
                        super::effect::RequestsChange::Accept(req.id.clone())
                    } else {
                        super::effect::RequestsChange::Dismiss(req.id.clone())
                    }
                };
                if let Some(View::Requests(r)) =
                    state.account_mut().and_then(|a| a.views.last_mut())
                {
                    r.loading = true;
                }
                return Ok(vec![super::effect::Effect::Requests {
                    account,
                    change: Some(change),
                }]);
            }
            (View::Search(_), Action::Command(Command::Select)) => {
                return Ok(open_search_row(state));
            }
            (View::Links(l), Action::Command(Command::Select)) => {
                let url = l.links.get(l.selected).map(|(_, u)| u.clone());
                if let Some(acc) = state.account_mut() {
                    acc.views.pop();
                }
                return Ok(url
                    .map(|url| vec![Effect::OpenUrl { url }])
                    .unwrap_or_default());
            }
            (View::Poll(_), Action::Command(Command::Select)) => return Ok(poll_choose(state)),
            (View::Poll(_), Action::Command(Command::StartVote)) => return Ok(poll_submit(state)),
            (
                View::Profile(_),
                Action::Command(Command::NextTab) | Action::Command(Command::PrevTab),
            ) => {
                return Ok(next_profile_section(state));
            }
            _ => {}
        }
    }
    match action {
        Action::Command(Command::Select) => {
            let on_notifications = state
                .account()
                .and_then(|a| a.tab())
                .is_some_and(|t| matches!(t.kind, TabKind::Notifications(_)));
            if matches!(action, Action::Command(Command::Select)) && on_notifications {
                return Err(action);
            }
            let id = match &top_view {
                Some(View::Thread(t)) => t.items.get(t.selected).map(|(id, _)| id.clone()),
                _ => state
                    .account()
                    .and_then(selected_status)
                    .map(|s| s.original().id.clone()),
            };
            // Opening an unread conversation marks it read.
            let mut fx = Vec::new();
            if top_view.is_none() {
                if let Some(acc) = state.account_mut() {
                    let on_conversations =
                        acc.tab().is_some_and(|t| t.kind == TabKind::Conversations);
                    let cid = acc.tab().and_then(|t| t.selected_id()).map(str::to_string);
                    if let (true, Some(cid)) = (on_conversations, cid) {
                        if let Some(c) = acc.conversations.get_mut(&cid).filter(|c| c.unread) {
                            c.unread = false;
                            fx.push(Effect::PostAction {
                                account,
                                path: format!(
                                    "api/v1/conversations/{}/read",
                                    trompe_api::endpoints::timelines::encode_segment(&cid)
                                ),
                                what: "Conversation marked read".into(),
                            });
                        }
                    }
                }
            }
            fx.extend(id.map(|id| open_thread(state, id)).unwrap_or_default());
            Ok(fx)
        }
        Action::Command(Command::OpenProfile) => {
            let acc_entity = focused_status(state).map(|s| s.original().account.clone());
            Ok(acc_entity
                .map(|a| open_profile(state, a))
                .unwrap_or_default())
        }
        Action::Command(Command::OpenLinks) => {
            let Some(s) = focused_status(state).map(|s| s.original().clone()) else {
                return Ok(vec![]);
            };
            let mut links: Vec<(String, String)> = trompe_api::html::Document::parse(&s.content)
                .links()
                .iter()
                .map(|l| {
                    (
                        trompe_api::html::sanitize_line(&l.text).into_owned(),
                        l.url.clone(),
                    )
                })
                .collect();
            for m in &s.media_attachments {
                if let Some(u) = m.url.clone().or_else(|| m.remote_url.clone()) {
                    let alt = m
                        .description
                        .clone()
                        .unwrap_or_else(|| "no alt text".into());
                    links.push((
                        format!(
                            "{}: {}",
                            m.kind.as_str(),
                            trompe_api::html::sanitize_line(&alt)
                        ),
                        u,
                    ));
                }
            }
            if let Some(u) = s.url.clone() {
                links.push(("the post itself".into(), u));
            }
            links.retain(|(_, u)| u.starts_with("https://") || u.starts_with("http://"));
            match links.len() {
                0 => {
                    state.toast(ToastKind::Info, "This post has no links");
                    Ok(vec![])
                }
                1 if s.media_attachments.is_empty() && s.url.is_none() => {
                    Ok(vec![Effect::OpenUrl {
                        url: links[0].1.clone(),
                    }])
                }
                _ => {
                    push_view(state, View::Links(LinkPicker { links, selected: 0 }));
                    Ok(vec![])
                }
            }
        }
        Action::Command(Command::StartVote) => {
            let Some(s) = focused_status(state).map(|s| s.original().clone()) else {
                return Ok(vec![]);
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
            Ok(vec![])
        }
        Action::Command(Command::StartSearch) | Action::Command(Command::StartCommand) => {
            if state.accounts.is_empty() {
                return Ok(vec![]);
            }
            let kind = if matches!(action, Action::Command(Command::StartSearch)) {
                PromptKind::Search
            } else {
                PromptKind::Command
            };
            state.prompt = Some(Prompt {
                kind,
                text: String::new(),
            });
            Ok(vec![])
        }
        Action::Command(Command::CloseTab) => Ok(close_tab(state)),
        Action::DraftsListed(list) => {
            if let Some(View::Drafts {
                drafts, loading, ..
            }) = state.account_mut().and_then(|a| a.views.last_mut())
            {
                *drafts = list;
                drafts.sort_by_key(|d| std::cmp::Reverse(d.updated_at));
                *loading = false;
            }
            Ok(vec![])
        }
        Action::Command(Command::ShowRequests) => {
            push_view(
                state,
                View::Requests(super::views::RequestsView {
                    loading: true,
                    ..Default::default()
                }),
            );
            Ok(vec![Effect::Requests {
                account,
                change: None,
            }])
        }
        Action::RequestsLoaded { account, result } => {
            let accepted_any;
            {
                let Some(acc) = state.accounts.get_mut(account) else {
                    return Ok(vec![]);
                };
                let Some(View::Requests(r)) = acc
                    .views
                    .iter_mut()
                    .rev()
                    .find(|v| matches!(v, View::Requests(_)))
                else {
                    return Ok(vec![]);
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
                accepted_any = r.requests.len() < before;
                r.selected = r.selected.min(r.rows().saturating_sub(1));
            }
            // Accepted notifications join the list: load the notifications again.
            let mut fx = Vec::new();
            if accepted_any {
                let tabs: Vec<usize> = state.accounts[account]
                    .tabs
                    .iter()
                    .enumerate()
                    .filter(|(_, t)| t.loaded && matches!(t.kind, TabKind::Notifications(_)))
                    .map(|(i, _)| i)
                    .collect();
                for tab in tabs {
                    fx.extend(load_initial(state, account, tab));
                }
            }
            Ok(fx)
        }
        Action::Command(Command::ShowInstance) => {
            push_view(state, View::Instance { scroll: 0 });
            Ok(vec![
                Effect::LoadInstance { account },
                Effect::LoadAnnouncements { account },
            ])
        }
        Action::ContextLoaded {
            account,
            request,
            result,
        } => {
            let Some(acc) = state.accounts.get_mut(account) else {
                return Ok(vec![]);
            };
            let Some(View::Thread(t)) = acc
                .views
                .iter_mut()
                .rev()
                .find(|v| matches!(v, View::Thread(t) if t.loading == Some(request)))
            else {
                return Ok(vec![]);
            };
            t.loading = None;
            match result {
                Ok(ctx) => {
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
                        acc.statuses.insert(s.id.clone(), s);
                    }
                }
                Err(e) => {
                    t.error = Some(e.to_string());
                    api_error(state, account, &e);
                }
            }
            Ok(vec![])
        }
        Action::ProfileLoaded { account, result } => {
            match result {
                Ok((a, rel)) => {
                    if let Some(acc) = state.accounts.get_mut(account) {
                        for v in acc.views.iter_mut() {
                            if let View::Profile(p) = v {
                                if p.account.id == a.id {
                                    p.account = (*a).clone();
                                    p.relationship = rel.clone();
                                }
                            }
                        }
                    }
                }
                Err(e) => api_error(state, account, &e),
            }
            Ok(vec![])
        }
        Action::SearchLoaded {
            account,
            request,
            result,
        } => {
            let Some(acc) = state.accounts.get_mut(account) else {
                return Ok(vec![]);
            };
            let mut err = None;
            for v in acc.views.iter_mut() {
                if let View::Search(s) = v {
                    if s.loading == Some(request) {
                        s.loading = None;
                        match &result {
                            Ok(r) => s.results = Some((**r).clone()),
                            Err(e) => {
                                s.error = Some(e.to_string());
                                err = Some(e.clone());
                            }
                        }
                    }
                }
            }
            if let Ok(r) = &result {
                for st in &r.statuses {
                    acc.statuses.insert(st.id.clone(), st.clone());
                }
            }
            if let Some(e) = err {
                api_error(state, account, &e);
            }
            Ok(vec![])
        }
        Action::PollVoted {
            account,
            status,
            result,
        } => {
            match result {
                Ok(poll) => {
                    if let Some(acc) = state.accounts.get_mut(account) {
                        for s in acc.statuses.values_mut() {
                            if s.id == status {
                                s.poll = Some((*poll).clone());
                            }
                            if let Some(r) = s.reblog.as_mut() {
                                if r.id == status {
                                    r.poll = Some((*poll).clone());
                                }
                            }
                        }
                    }
                    state.toast(ToastKind::Info, "Vote counted");
                }
                Err(e) => api_error(state, account, &e),
            }
            Ok(vec![])
        }
        Action::OpenTab { account, kind } => {
            if account != state.active {
                return Ok(vec![]);
            }
            Ok(open_tab(state, kind))
        }
        Action::AccountFound {
            account,
            then,
            result,
        } => match result {
            Ok(a) => {
                if account != state.active {
                    return Ok(vec![]);
                }
                match then {
                    AfterLookup::Profile => Ok(open_profile(state, *a)),
                    AfterLookup::People { following } => {
                        let kind = if following {
                            super::people::PeopleKind::following(&a)
                        } else {
                            super::people::PeopleKind::followers(&a)
                        };
                        Ok(super::people::open_people(state, kind))
                    }
                    AfterLookup::Posts { replies, media } => Ok(open_tab(
                        state,
                        TabKind::Timeline(TimelineKind::Account {
                            id: a.id.clone(),
                            acct: a.acct.clone(),
                            with_replies: replies,
                            only_media: media,
                        }),
                    )),
                }
            }
            Err(e) => {
                api_error(state, account, &e);
                Ok(vec![])
            }
        },
        other => Err(other),
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

fn push_view(state: &mut State, view: View) {
    if let Some(acc) = state.account_mut() {
        // A bounded stack: the oldest views go first.
        if acc.views.len() >= 32 {
            acc.views.remove(0);
        }
        acc.views.push(view);
    }
}

/// Opens the thread around `id`.
pub(super) fn open_thread(state: &mut State, id: StatusId) -> Vec<Effect> {
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

fn move_thread(state: &mut State, action: &Action) {
    if let Some(View::Thread(t)) = state.account_mut().and_then(|a| a.views.last_mut()) {
        if t.items.is_empty() {
            return;
        }
        let max = t.items.len() - 1;
        let page = t.viewport.shown.saturating_sub(1).max(1);
        t.selected = match action {
            Action::Command(Command::ScrollDown) => (t.selected + 1).min(max),
            Action::Command(Command::ScrollUp) => t.selected.saturating_sub(1),
            Action::Command(Command::PageDown) => (t.selected + page).min(max),
            Action::Command(Command::PageUp) => t.selected.saturating_sub(page),
            Action::Command(Command::Top) => 0,
            _ => max,
        };
        if t.selected < t.viewport.top {
            t.viewport.top = t.selected;
        }
    }
}

fn move_picker(state: &mut State, delta: isize) {
    let Some(v) = state.account_mut().and_then(|a| a.views.last_mut()) else {
        return;
    };
    let (sel, len) = match v {
        View::Search(s) => {
            let n = s.rows().len();
            (&mut s.selected, n)
        }
        View::Links(l) => (&mut l.selected, l.links.len()),
        View::Poll(p) => (&mut p.selected, p.options.len()),
        _ => return,
    };
    if len == 0 {
        return;
    }
    *sel = (*sel as isize + delta).clamp(0, len as isize - 1) as usize;
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

pub(super) fn open_profile(
    state: &mut State,
    account_entity: trompe_api::entities::Account,
) -> Vec<Effect> {
    let account = state.active;
    let id = account_entity.id.clone();
    let kind = profile_kind(&account_entity, ProfileSection::Posts);
    push_view(
        state,
        View::Profile(Box::new(ProfileView {
            account: account_entity,
            relationship: None,
            section: ProfileSection::Posts,
            posts: TimelineTab::new(kind),
        })),
    );
    let Some(r) = state.account().map(|a| a.focus_ref()) else {
        return vec![];
    };
    let mut fx = vec![Effect::LoadProfile { account, id }];
    fx.extend(load_initial(state, account, r));
    fx
}

fn profile_kind(a: &trompe_api::entities::Account, section: ProfileSection) -> TimelineKind {
    TimelineKind::Account {
        id: a.id.clone(),
        acct: a.acct.clone(),
        with_replies: section == ProfileSection::WithReplies,
        only_media: section == ProfileSection::Media,
    }
}

fn next_profile_section(state: &mut State) -> Vec<Effect> {
    let account = state.active;
    let Some(acc) = state.account_mut() else {
        return vec![];
    };
    let Some(View::Profile(p)) = acc.views.last_mut() else {
        return vec![];
    };
    p.section = p.section.next();
    p.posts = TimelineTab::new(profile_kind(&p.account, p.section));
    let r = VIEW_TAB_BASE + acc.views.len() - 1;
    load_initial(state, account, r).into_iter().collect()
}

fn open_search_row(state: &mut State) -> Vec<Effect> {
    let Some(View::Search(s)) = state.account().and_then(|a| a.views.last()).cloned() else {
        return vec![];
    };
    let Some(r) = &s.results else {
        return vec![];
    };
    match s.rows().get(s.selected) {
        Some(SearchRow::Account(i)) => r
            .accounts
            .get(*i)
            .cloned()
            .map(|a| open_profile(state, a))
            .unwrap_or_default(),
        Some(SearchRow::Hashtag(i)) => r
            .hashtags
            .get(*i)
            .map(|t| t.name.clone())
            .map(|tag| {
                open_tab(
                    state,
                    TabKind::Timeline(TimelineKind::Hashtag { tag, any: vec![] }),
                )
            })
            .unwrap_or_default(),
        Some(SearchRow::Status(i)) => r
            .statuses
            .get(*i)
            .map(|st| st.id.clone())
            .map(|id| open_thread(state, id))
            .unwrap_or_default(),
        None => vec![],
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

fn close_tab(state: &mut State) -> Vec<Effect> {
    let account = state.active;
    let Some(acc) = state.account_mut() else {
        return vec![];
    };
    if acc.tabs.len() <= 1 {
        state.toast(ToastKind::Info, "The last tab stays open");
        return vec![];
    }
    let removed = acc.tabs.remove(acc.active_tab);
    acc.active_tab = acc.active_tab.min(acc.tabs.len() - 1);
    let stream = removed.kind.stream();
    let still_used = stream
        .as_ref()
        .is_some_and(|s| acc.tabs.iter().any(|t| t.kind.stream().as_ref() == Some(s)));
    match (stream, still_used) {
        (Some(stream), false) => vec![Effect::Subscribe {
            account,
            stream,
            on: false,
        }],
        _ => vec![],
    }
}

fn prompt_key(state: &mut State, key: TextKey) -> Vec<Effect> {
    let Some(p) = state.prompt.as_mut() else {
        return vec![];
    };
    match key {
        TextKey::Char(c) => p.text.push(c),
        TextKey::Paste(t) => p.text.push_str(&t.replace(['\n', '\r'], " ")),
        TextKey::Backspace => {
            if p.text.pop().is_none() {
                state.prompt = None;
            }
        }
        TextKey::Esc => state.prompt = None,
        TextKey::Tab | TextKey::Ctrl(_) | TextKey::Delete | TextKey::Left | TextKey::Right => {}
        TextKey::Up | TextKey::Down | TextKey::Home | TextKey::End => {}
        TextKey::WordLeft | TextKey::WordRight => {}
        TextKey::Enter => {
            let Some(p) = state.prompt.take() else {
                return vec![];
            };
            let text = p.text.trim().to_string();
            if text.is_empty() {
                return vec![];
            }
            return match p.kind {
                PromptKind::Search => search(state, text),
                PromptKind::Command => command(state, &text),
            };
        }
    }
    vec![]
}

fn search(state: &mut State, query: String) -> Vec<Effect> {
    let account = state.active;
    let request = state.next_request();
    push_view(
        state,
        View::Search(SearchView {
            query: query.clone(),
            results: None,
            selected: 0,
            loading: Some(request),
            error: None,
        }),
    );
    vec![Effect::Search {
        account,
        request,
        query,
    }]
}

/// The commands of the `:` prompt, for the help screen.
pub const COMMANDS: &[(&str, &str)] = &[
    ("tag NAME [NAME…]", "open a hashtag tab (#NAME works too)"),
    ("list NAME", "open a list"),
    ("home, local, federated", "open a timeline"),
    ("notifications", "open the notifications"),
    ("bookmarks, favourites", "your bookmarks / favourites"),
    ("trending", "trending posts"),
    ("conversations", "direct messages, newest activity first"),
    ("user @ACCT [replies|media]", "an account's posts"),
    ("profile @ACCT", "an account's profile"),
    ("search TEXT", "search (or press /)"),
    ("boosts, replies", "hide/show boosts or replies in this tab"),
    ("requests", "filtered notifications: requests and policy"),
    ("drafts", "unsent drafts (Enter continues, x deletes)"),
    (
        "mute [30m|1h|7d] [--keep-notifications]",
        "mute the author for a while",
    ),
    (
        "block-domain",
        "block the author's whole domain (asks first)",
    ),
    (
        "list-add NAME, list-remove NAME",
        "add the author to a list / remove",
    ),
    (
        "follow-tag [NAME], unfollow-tag",
        "follow a hashtag (default: this tab's)",
    ),
    (
        "followers [@ACCT], following [@ACCT]",
        "who follows the account / whom it follows",
    ),
    ("filters", "your filters (Enter: warn ↔ hide, x deletes)"),
    (
        "filter TITLE = WORD[, WORD*…]",
        "create a filter, or add words to it (WORD* also matches inside words)",
    ),
    (
        "filter-context TITLE = home, notifications, public, thread, account",
        "where the filter applies",
    ),
    (
        "filter-expires TITLE = 12h|7d|never",
        "when the filter ends",
    ),
    (
        "filter-hide TITLE, filter-warn TITLE",
        "hide matching posts / collapse them",
    ),
    (
        "filter-unword TITLE = WORD, filter-delete TITLE",
        "remove a word / the whole filter",
    ),
    (
        "muted, blocked",
        "muted and blocked accounts (M / X undoes)",
    ),
    (
        "follow-requests",
        "accounts asking to follow you (Enter accepts, x rejects)",
    ),
    ("members LIST", "a list's members (x removes one)"),
    (
        "tags, trending-tags",
        "followed / trending hashtags (+ follows, Enter opens)",
    ),
    (
        "scheduled, unschedule ID",
        "posts waiting to be published (e moves one, x cancels) / cancel one by id",
    ),
    ("reschedule ID TIME", "move a scheduled post to TIME"),
    ("messages", "every message shown at the bottom this session"),
    (
        "lists, list-create NAME",
        "your lists (Enter opens, W members, e renames, F replies, Tab exclusive, x deletes) / a new one",
    ),
    (
        "list-rename OLD to NEW, list-delete NAME",
        "rename / delete a list (asks first)",
    ),
    (
        "list-replies NAME followed|list|none",
        "which replies the list shows",
    ),
    (
        "list-exclusive NAME on|off",
        "keep the list's members out of home",
    ),
    (
        "note TEXT",
        "your private note on the author (empty clears)",
    ),
    ("notify, unnotify", "be told when the author posts / stop"),
    (
        "show-boosts, hide-boosts",
        "the author's boosts in your home",
    ),
    ("me", "your own profile"),
    (
        "me name TEXT, me bio TEXT",
        "your name / bio (\\n: new line)",
    ),
    (
        "me field N NAME = VALUE",
        "profile field 1–4 (empty clears)",
    ),
    (
        "me avatar PATH, me header PATH",
        "a new avatar / header image",
    ),
    (
        "me locked|bot|discoverable on|off",
        "approve followers / bot / discovery",
    ),
    (
        "me visibility public|unlisted|private",
        "default visibility of new posts",
    ),
    (
        "me language CODE, me sensitive on|off",
        "default language / sensitive posts",
    ),
    ("instance", "about this instance"),
    ("accounts, login", "switch account / add one"),
    ("close, quit", "close the tab / quit"),
];

fn command(state: &mut State, text: &str) -> Vec<Effect> {
    let account = state.active;
    let mut words = text.split_whitespace();
    let Some(cmd) = words.next() else {
        return vec![];
    };
    let args: Vec<&str> = words.collect();
    let timeline = |k: TimelineKind| TabKind::Timeline(k);
    match cmd.to_lowercase().as_str() {
        c if c.starts_with('#') => {
            let mut tags: Vec<String> = std::iter::once(c)
                .chain(args.iter().copied())
                .map(|t| t.trim_start_matches('#').to_string())
                .filter(|t| !t.is_empty())
                .collect();
            let tag = tags.remove(0);
            open_tab(state, timeline(TimelineKind::Hashtag { tag, any: tags }))
        }
        "tag" | "t" => {
            let mut tags: Vec<String> = args
                .iter()
                .map(|t| t.trim_start_matches('#').to_string())
                .filter(|t| !t.is_empty())
                .collect();
            if tags.is_empty() {
                state.toast(ToastKind::Info, "Usage: tag NAME [NAME…]");
                return vec![];
            }
            let tag = tags.remove(0);
            open_tab(state, timeline(TimelineKind::Hashtag { tag, any: tags }))
        }
        "home" => open_tab(state, timeline(TimelineKind::Home)),
        "local" => open_tab(state, timeline(TimelineKind::Local)),
        "federated" | "public" => open_tab(state, timeline(TimelineKind::Federated)),
        "notifications" | "n" => open_tab(state, TabKind::Notifications(NotificationFilter::All)),
        "mentions" => open_tab(state, TabKind::Notifications(NotificationFilter::Mentions)),
        "bookmarks" => open_tab(state, timeline(TimelineKind::Bookmarks)),
        "conversations" | "direct" | "dms" => open_tab(state, TabKind::Conversations),
        "favourites" | "favorites" | "favs" => open_tab(state, timeline(TimelineKind::Favourites)),
        "trending" | "trends" => open_tab(state, timeline(TimelineKind::Trending)),
        "list" => {
            let name = args.join(" ");
            if name.is_empty() {
                state.toast(ToastKind::Info, "Usage: list NAME");
                return vec![];
            }
            if let Some(id) = name.strip_prefix("id:") {
                return open_tab(
                    state,
                    timeline(TimelineKind::List {
                        id: ListId::new(id),
                        title: name.clone(),
                    }),
                );
            }
            vec![Effect::OpenListNamed { account, name }]
        }
        "user" | "u" | "profile" | "p" => {
            let Some(acct) = args.first() else {
                state.toast(ToastKind::Info, "Usage: user @ACCT [replies|media]");
                return vec![];
            };
            let then = if matches!(cmd, "profile" | "p") {
                AfterLookup::Profile
            } else {
                AfterLookup::Posts {
                    replies: args.contains(&"replies"),
                    media: args.contains(&"media"),
                }
            };
            vec![Effect::LookupAccount {
                account,
                acct: acct.trim_start_matches('@').to_string(),
                then,
            }]
        }
        "search" | "s" => search(state, args.join(" ")),
        "me" => super::profile::command(state, text),
        "boosts" | "replies" => {
            let boosts = cmd == "boosts";
            let Some(acc) = state.account_mut() else {
                return vec![];
            };
            let tab = acc.focus_ref();
            let Some(t) = acc.tab_mut() else {
                return vec![];
            };
            let hidden = if boosts {
                t.hide_boosts = !t.hide_boosts;
                t.hide_boosts
            } else {
                t.hide_replies = !t.hide_replies;
                t.hide_replies
            };
            let what = if boosts { "Boosts" } else { "Replies" };
            state.toast(
                ToastKind::Info,
                format!(
                    "{what} {} in this tab",
                    if hidden { "hidden" } else { "shown" }
                ),
            );
            load_initial(state, account, tab).into_iter().collect()
        }
        "mute" | "block-domain" | "list-add" | "list-remove" => {
            let Some(target) = focused_status(state)
                .map(|s| s.original().account.clone())
                .or_else(|| match state.account().and_then(|a| a.views.last()) {
                    Some(View::Profile(p)) => Some(p.account.clone()),
                    _ => None,
                })
            else {
                state.toast(ToastKind::Info, "Select a post or open a profile first");
                return vec![];
            };
            match cmd {
                "mute" => {
                    let keep = args.contains(&"--keep-notifications");
                    let secs = match args.iter().find(|a| !a.starts_with("--")) {
                        Some(d) => match trompe_api::compose::parse_duration(d) {
                            Ok(d) => Some(d),
                            Err(e) => {
                                state.toast(ToastKind::Error, format!("{e}: try 30m, 1h, 7d"));
                                return vec![];
                            }
                        },
                        None => None,
                    };
                    vec![Effect::Social {
                        account,
                        op: super::effect::SocialOp::MuteFor {
                            id: target.id,
                            secs,
                            notifications: !keep,
                        },
                    }]
                }
                "block-domain" => {
                    let Some(domain) = target.acct.split_once('@').map(|(_, d)| d.to_string())
                    else {
                        state.toast(ToastKind::Info, "That account is on your own instance");
                        return vec![];
                    };
                    push_view(
                        state,
                        View::Confirm {
                            text: format!(
                                "Block the whole domain {domain}? You will not see anything from it, and its followers of yours are removed."
                            ),
                            action: Box::new(Action::ConfirmedSocial(
                                super::effect::SocialOp::BlockDomain(domain),
                            )),
                        },
                    );
                    vec![]
                }
                _ => {
                    let list = args.join(" ");
                    if list.is_empty() {
                        state.toast(ToastKind::Info, "Usage: list-add NAME / list-remove NAME");
                        return vec![];
                    }
                    let op = if cmd == "list-add" {
                        super::effect::SocialOp::ListAdd {
                            list,
                            id: target.id,
                        }
                    } else {
                        super::effect::SocialOp::ListRemove {
                            list,
                            id: target.id,
                        }
                    };
                    vec![Effect::Social { account, op }]
                }
            }
        }
        "follow-tag" | "unfollow-tag" => {
            let tag = args
                .first()
                .map(|t| t.trim_start_matches('#').to_string())
                .or_else(
                    || match state.account().and_then(|a| a.tab()).map(|t| &t.kind) {
                        Some(TabKind::Timeline(TimelineKind::Hashtag { tag, .. })) => {
                            Some(tag.clone())
                        }
                        _ => None,
                    },
                );
            let Some(tag) = tag else {
                state.toast(
                    ToastKind::Info,
                    "Usage: follow-tag NAME (or run it in a hashtag tab)",
                );
                return vec![];
            };
            let op = if cmd == "follow-tag" {
                super::effect::SocialOp::FollowTag(tag)
            } else {
                super::effect::SocialOp::UnfollowTag(tag)
            };
            vec![Effect::Social { account, op }]
        }
        "unschedule" => match args.first() {
            Some(id) => vec![Effect::Social {
                account,
                op: super::effect::SocialOp::CancelScheduled(id.to_string()),
            }],
            None => {
                state.toast(ToastKind::Info, "Usage: unschedule ID (see :scheduled)");
                vec![]
            }
        },
        "reschedule" => {
            let (Some(id), Some(_)) = (args.first(), args.get(1)) else {
                state.toast(
                    ToastKind::Info,
                    "Usage: reschedule ID TIME (+1h, 2026-12-01 09:00; see :scheduled)",
                );
                return vec![];
            };
            let when = args[1..].join(" ");
            match trompe_api::compose::parse_schedule(&when, state.now, state.zone) {
                Ok(at) => vec![Effect::Social {
                    account,
                    op: super::effect::SocialOp::Reschedule {
                        id: id.to_string(),
                        at,
                        zone: state.zone,
                    },
                }],
                Err(e) => {
                    state.toast(ToastKind::Error, e.to_string());
                    vec![]
                }
            }
        }
        "followers" | "following" => {
            let following = cmd == "following";
            if let Some(acct) = args.first() {
                return vec![Effect::LookupAccount {
                    account,
                    acct: acct.trim_start_matches('@').to_string(),
                    then: AfterLookup::People { following },
                }];
            }
            // The open profile, else the focused post's author, else you.
            let who = match state.account().and_then(|a| a.views.last()) {
                Some(View::Profile(p)) => Some(p.account.clone()),
                _ => focused_status(state)
                    .map(|s| s.original().account.clone())
                    .or_else(|| state.account().and_then(|a| a.me.clone())),
            };
            let Some(who) = who else {
                return vec![];
            };
            let kind = if following {
                super::people::PeopleKind::following(&who)
            } else {
                super::people::PeopleKind::followers(&who)
            };
            super::people::open_people(state, kind)
        }
        "filters" | "filter" | "filter-hide" | "filter-warn" | "filter-unword"
        | "filter-delete" | "filter-context" | "filter-expires" => {
            let rest = text
                .trim_start()
                .split_once(char::is_whitespace)
                .map(|(_, r)| r)
                .unwrap_or("");
            super::filters::command(state, &cmd.to_lowercase(), rest)
        }
        "muted" => super::people::open_people(state, super::people::PeopleKind::Muted),
        "blocked" => super::people::open_people(state, super::people::PeopleKind::Blocked),
        "follow-requests" | "fr" => {
            super::people::open_people(state, super::people::PeopleKind::FollowRequests)
        }
        "members" if !args.is_empty() => super::people::open_people(
            state,
            super::people::PeopleKind::ListMembers(args.join(" ")),
        ),
        "tags" => super::people::open_tags(state, super::people::TagsKind::Followed),
        "trending-tags" | "hashtags" => {
            super::people::open_tags(state, super::people::TagsKind::Trending)
        }
        "lists" => super::people::open_lists(state),
        "scheduled" => super::scheduled::open(state),
        "list-replies" | "list-exclusive" => {
            // The setting is the last word; the list's name is the rest.
            let (Some(last), true) = (args.last(), args.len() >= 2) else {
                state.toast(
                    ToastKind::Info,
                    "Usage: list-replies NAME followed|list|none, list-exclusive NAME on|off",
                );
                return vec![];
            };
            let name = args[..args.len() - 1].join(" ");
            let last = last.to_lowercase();
            let (replies, exclusive) = match (cmd, last.as_str()) {
                ("list-replies", "followed" | "list" | "none") => (Some(last.clone()), None),
                ("list-exclusive", "on" | "yes" | "true") => (None, Some(true)),
                ("list-exclusive", "off" | "no" | "false") => (None, Some(false)),
                _ => {
                    state.toast(
                        ToastKind::Info,
                        "Replies: followed, list or none; exclusive: on or off",
                    );
                    return vec![];
                }
            };
            vec![Effect::Social {
                account,
                op: super::effect::SocialOp::ListSettings {
                    name,
                    replies,
                    exclusive,
                },
            }]
        }
        "list-create" if !args.is_empty() => vec![Effect::Social {
            account,
            op: super::effect::SocialOp::CreateList(args.join(" ")),
        }],
        "list-rename" if args.contains(&"to") => {
            let text = args.join(" ");
            let Some((from, to)) = text.split_once(" to ") else {
                return vec![];
            };
            vec![Effect::Social {
                account,
                op: super::effect::SocialOp::RenameList {
                    from: from.trim().to_string(),
                    to: to.trim().to_string(),
                },
            }]
        }
        "list-delete" if !args.is_empty() => {
            let name = args.join(" ");
            push_view(
                state,
                View::Confirm {
                    text: format!("Delete the list “{name}”? Its members stay followed."),
                    action: Box::new(Action::ConfirmedSocial(
                        super::effect::SocialOp::DeleteList(name),
                    )),
                },
            );
            vec![]
        }
        "list-create" | "list-rename" | "list-delete" => {
            state.toast(
                ToastKind::Info,
                "Usage: list-create NAME · list-rename OLD to NEW · list-delete NAME",
            );
            vec![]
        }
        "note" | "notify" | "unnotify" | "show-boosts" | "hide-boosts" => {
            let Some(target) = focused_status(state)
                .map(|s| s.original().account.clone())
                .or_else(|| match state.account().and_then(|a| a.views.last()) {
                    Some(View::Profile(p)) => Some(p.account.clone()),
                    _ => None,
                })
            else {
                state.toast(ToastKind::Info, "Select a post or open a profile first");
                return vec![];
            };
            let op = match cmd {
                "note" => super::effect::SocialOp::Note {
                    id: target.id,
                    text: args.join(" "),
                },
                "notify" | "unnotify" => super::effect::SocialOp::FollowSettings {
                    id: target.id,
                    notify: Some(cmd == "notify"),
                    boosts: None,
                },
                _ => super::effect::SocialOp::FollowSettings {
                    id: target.id,
                    notify: None,
                    boosts: Some(cmd == "show-boosts"),
                },
            };
            vec![Effect::Social { account, op }]
        }
        "drafts" => {
            push_view(
                state,
                View::Drafts {
                    drafts: vec![],
                    selected: 0,
                    loading: true,
                },
            );
            vec![Effect::ListDrafts]
        }
        "requests" | "filtered" => {
            push_view(
                state,
                View::Requests(super::views::RequestsView {
                    loading: true,
                    ..Default::default()
                }),
            );
            vec![Effect::Requests {
                account,
                change: None,
            }]
        }
        "messages" => {
            let text = super::pages::messages(&state.messages, state.zone);
            push_view(state, View::Raw { text, scroll: 0 });
            vec![]
        }
        "instance" => {
            push_view(state, View::Instance { scroll: 0 });
            vec![Effect::LoadInstance { account }]
        }
        "accounts" | "account" => {
            state.switcher = Some(state.active);
            vec![]
        }
        "login" => {
            state.login = Some(Default::default());
            vec![]
        }
        "close" => close_tab(state),
        "quit" | "q" => {
            state.should_quit = true;
            vec![Effect::Quit]
        }
        other => {
            state.toast(
                ToastKind::Error,
                format!(
                    "Unknown command `{}`; ? lists the commands",
                    trompe_api::html::sanitize_line(other)
                ),
            );
            vec![]
        }
    }
}
