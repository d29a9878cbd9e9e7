//! Navigation: the view stack (threads, profiles, search, links, polls,
//! the instance page, menus and confirm dialogs), the keys of those views,
//! and opening and closing tabs. Part of `update`: synchronous, no I/O.
//!
//! Each view's command function returns `None` for a command it does not
//! bind; `update` then runs the common one.

use trompe_api::ApiError;
use trompe_api::endpoints::timelines::TimelineKind;
use trompe_api::entities::{Account, Relationship, Status, StatusId};

use super::effect::{AfterLookup, Effect, RequestId};
use super::keymap::Command;
use super::state::{Prompt, PromptKind, State, ToastKind};
use super::timeline::TabKind;
use super::timeline::TimelineTab;
use super::update::{api_error, load_initial, selected_status};
use super::views::{
    LinkPicker, PollVote, ProfileSection, ProfileView, SearchRow, ThreadView, VIEW_TAB_BASE, View,
};

/// Keys in a thread: the cursor moves over its posts; `r` loads it again.
pub(super) fn thread_command(state: &mut State, cmd: Command) -> Option<Vec<Effect>> {
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

/// Keys on a profile: Tab shows the next section of its posts.
pub(super) fn profile_command(state: &mut State, cmd: Command) -> Option<Vec<Effect>> {
    match cmd {
        Command::NextTab | Command::PrevTab => Some(next_profile_section(state)),
        _ => None,
    }
}

/// j/k move the selection of a picker (search results, links, a poll).
fn picker_move(state: &mut State, cmd: Command) -> Option<Vec<Effect>> {
    let delta = match cmd {
        Command::ScrollDown => 1,
        Command::ScrollUp => -1,
        _ => return None,
    };
    move_picker(state, delta);
    Some(vec![])
}

/// Keys in the search results: Enter opens the account, tag or post.
pub(super) fn search_command(state: &mut State, cmd: Command) -> Option<Vec<Effect>> {
    match cmd {
        Command::Select => Some(open_search_row(state)),
        _ => picker_move(state, cmd),
    }
}

/// Keys in the link picker: Enter opens the link outside.
pub(super) fn links_command(state: &mut State, cmd: Command) -> Option<Vec<Effect>> {
    if cmd != Command::Select {
        return picker_move(state, cmd);
    }
    let acc = state.account_mut()?;
    let url = match acc.views.pop() {
        Some(View::Links(l)) => l.links.get(l.selected).map(|(_, u)| u.clone()),
        _ => None,
    };
    Some(
        url.map(|url| vec![Effect::OpenUrl { url }])
            .unwrap_or_default(),
    )
}

/// Keys in a poll: Enter chooses (and votes, for a single choice), `v` votes.
pub(super) fn poll_command(state: &mut State, cmd: Command) -> Option<Vec<Effect>> {
    match cmd {
        Command::Select => Some(poll_choose(state)),
        Command::StartVote => Some(poll_submit(state)),
        _ => picker_move(state, cmd),
    }
}

/// Keys on the instance page: it scrolls; `dismiss_announcements` (x)
/// marks the announcements read.
pub(super) fn instance_command(state: &mut State, cmd: Command) -> Option<Vec<Effect>> {
    match cmd {
        Command::DismissAnnouncements => return Some(dismiss_announcements(state)),
        // x when `dismiss_announcements` is bound elsewhere: nothing underneath.
        Command::Reject => return Some(vec![]),
        _ => {}
    }
    let Some(View::Instance { scroll }) = state.account_mut().and_then(|a| a.views.last_mut())
    else {
        return None;
    };
    *scroll = match cmd {
        Command::ScrollDown => scroll.saturating_add(1),
        Command::PageDown => scroll.saturating_add(10),
        Command::ScrollUp => scroll.saturating_sub(1),
        Command::PageUp => scroll.saturating_sub(10),
        _ => return None,
    };
    Some(vec![])
}

/// Marks the unread announcements read, here and on the server.
fn dismiss_announcements(state: &mut State) -> Vec<Effect> {
    let account = state.active;
    let Some(list) = state.account_mut().and_then(|a| a.announcements.as_mut()) else {
        return vec![];
    };
    let mut ids = Vec::new();
    for a in list.iter_mut().filter(|a| a.read == Some(false)) {
        a.read = Some(true);
        ids.push(a.id.clone());
    }
    if ids.is_empty() {
        state.toast(ToastKind::Info, "No unread announcements");
        return vec![];
    }
    vec![Effect::DismissAnnouncements { account, ids }]
}

/// The confirm dialog takes its own keys ([keys.confirm]: y or Enter, n or
/// Esc by default) as Confirm and Cancel: yes replays the stored action
/// (as a follow-up, [`Effect::Then`]). Any other key leaves the question
/// open; Esc bound as Back and quitting still work.
pub(super) fn confirm_command(state: &mut State, cmd: Command) -> Option<Vec<Effect>> {
    let yes = match cmd {
        Command::Confirm => true,
        Command::Cancel => false,
        Command::Back | Command::Quit => return None,
        _ => return Some(vec![]),
    };
    let Some(View::Confirm { action, .. }) = state.account_mut().and_then(|a| a.views.pop()) else {
        return Some(vec![]);
    };
    Some(if yes {
        vec![Effect::Then(action)]
    } else {
        vec![]
    })
}

/// Keys in a menu: j/k move, Tab flips the check box, Enter runs the
/// selected item (as a follow-up, [`Effect::Then`]); other keys do nothing
/// but Esc and quitting.
pub(super) fn menu_command(state: &mut State, cmd: Command) -> Option<Vec<Effect>> {
    let Some(View::Menu(m)) = state.account_mut().and_then(|a| a.views.last_mut()) else {
        return None;
    };
    match cmd {
        Command::ScrollDown => m.selected = (m.selected + 1).min(m.items.len().saturating_sub(1)),
        Command::ScrollUp => m.selected = m.selected.saturating_sub(1),
        Command::NextTab | Command::PrevTab => {
            if let Some((_, c)) = m.check.as_mut() {
                *c = !*c;
            }
        }
        Command::Select => {
            let chosen = m.chosen();
            if let Some(acc) = state.account_mut() {
                acc.views.pop();
            }
            return Some(
                chosen
                    .map(|a| vec![Effect::Then(Box::new(a))])
                    .unwrap_or_default(),
            );
        }
        Command::Back | Command::Quit => return None,
        _ => {}
    }
    Some(vec![])
}

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
        return super::update::accept_follow_request(state);
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

/// `p`: the profile of the focused post's author.
pub(super) fn open_focused_profile(state: &mut State) -> Vec<Effect> {
    let author = focused_status(state).map(|s| s.original().account.clone());
    author.map(|a| open_profile(state, a)).unwrap_or_default()
}

/// `o`: the links and attachments of the focused post, in a picker (one
/// plain link opens at once).
pub(super) fn open_links(state: &mut State) -> Vec<Effect> {
    let Some(s) = focused_status(state).map(|s| s.original().clone()) else {
        return vec![];
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
            vec![]
        }
        1 if s.media_attachments.is_empty() && s.url.is_none() => vec![Effect::OpenUrl {
            url: links[0].1.clone(),
        }],
        _ => {
            push_view(state, View::Links(LinkPicker { links, selected: 0 }));
            vec![]
        }
    }
}

/// `v`: vote in the focused post's poll.
pub(super) fn start_vote(state: &mut State) -> Vec<Effect> {
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

/// `/` and `:`: opens the prompt line.
pub(super) fn start_prompt(state: &mut State, kind: PromptKind) -> Vec<Effect> {
    if !state.accounts.is_empty() {
        state.prompt = Some(Prompt {
            kind,
            text: String::new(),
        });
    }
    vec![]
}

/// `I`: the instance page, with its announcements.
pub(super) fn show_instance(state: &mut State) -> Vec<Effect> {
    let account = state.active;
    push_view(state, View::Instance { scroll: 0 });
    vec![
        Effect::LoadInstance { account },
        Effect::LoadAnnouncements { account },
    ]
}

/// A thread's context arrived: the thread view shows it as a tree.
pub(super) fn context_loaded(
    state: &mut State,
    account: usize,
    request: RequestId,
    result: Result<Box<trompe_api::entities::Context>, ApiError>,
) -> Vec<Effect> {
    let Some(acc) = state.accounts.get_mut(account) else {
        return vec![];
    };
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
        acc.statuses.insert(s.id.clone(), s);
    }
    vec![]
}

/// A profile's account and relationship arrived.
pub(super) fn profile_loaded(
    state: &mut State,
    account: usize,
    result: Result<(Box<Account>, Option<Relationship>), ApiError>,
) -> Vec<Effect> {
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
    vec![]
}

/// Search results arrived for the search view that asked.
pub(super) fn search_loaded(
    state: &mut State,
    account: usize,
    request: RequestId,
    result: Result<Box<trompe_api::entities::SearchResults>, ApiError>,
) -> Vec<Effect> {
    let Some(acc) = state.accounts.get_mut(account) else {
        return vec![];
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
    vec![]
}

/// A vote was counted: every copy of the post shows the new poll.
pub(super) fn poll_voted(
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
                super::people::PeopleKind::following(&a)
            } else {
                super::people::PeopleKind::followers(&a)
            };
            super::people::open_people(state, kind)
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
