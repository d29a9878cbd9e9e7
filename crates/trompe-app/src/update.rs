//! `update(&mut State, Action) -> Vec<Effect>`: the only place state changes.
//! Synchronous and free of I/O, so it is tested without a runtime.

use trompe_api::{ApiError, PageQuery};

use super::action::TextKey;
use super::action::{Action, LoadDirection, StreamStatus};
use super::effect::Effect;
use super::keymap::Command;
use super::state::{AccountState, PromptKind, State, ToastKind};
use super::timeline::{Loading, TabKind};
use super::views::login::LoginForm;
use super::views::{VIEW_TAB_BASE, View};

/// How many statuses to ask for per page.
pub const PAGE_SIZE: u32 = 40;

/// Effects to run at start-up for every account: identity, instance, the
/// first page of the active tab, and the stream.
pub fn init(state: &mut State) -> Vec<Effect> {
    let mut fx = Vec::new();
    if state.accounts.is_empty() && state.login.is_none() {
        // First run: nothing to show but the login form.
        state.login = Some(LoginForm::default());
    }
    for account in 0..state.accounts.len() {
        fx.extend(init_account(state, account));
    }
    fx.push(Effect::LoadDrafts);
    fx.retain(|e| super::visitor::allowed(state, e));
    fx
}

/// Start-up effects of one account.
pub(super) fn init_account(state: &mut State, account: usize) -> Vec<Effect> {
    let node = state.accounts.get(account).is_some_and(|a| a.node);
    // The node has no instance page, read markers or announcements.
    let mut fx = if node {
        vec![Effect::VerifyCredentials { account }]
    } else {
        vec![
            Effect::VerifyCredentials { account },
            Effect::LoadInstance { account },
            Effect::LoadMarkers { account },
            Effect::LoadAnnouncements { account },
        ]
    };
    let tab = state
        .accounts
        .get(account)
        .map(|a| a.active_tab)
        .unwrap_or(0);
    fx.extend(load_initial(state, account, tab));
    // A deck shows every tab at once: each loads now.
    if state.layout == super::state::Layout::Deck {
        let tabs = state.accounts.get(account).map_or(0, |a| a.tabs.len());
        for other in (0..tabs).filter(|t| *t != tab) {
            fx.extend(load_initial(state, account, other));
        }
    }
    let mut streams: Vec<String> = state
        .accounts
        .get(account)
        .map(|a| a.tabs.iter().filter_map(|t| t.kind.stream()).collect())
        .unwrap_or_default();
    let mut seen = std::collections::HashSet::new();
    streams.retain(|s| seen.insert(s.clone()));
    fx.push(Effect::StartStreaming { account, streams });
    fx
}

/// The tab behind a load, unless the account must log in again first.
fn loadable(
    state: &mut State,
    account: usize,
    tab: usize,
) -> Option<&mut super::timeline::TimelineTab> {
    let acc = state.accounts.get_mut(account)?;
    if acc.needs_login {
        return None;
    }
    acc.tab_ref_mut(tab)
}

/// Marks the load busy in `direction` and builds its effect.
fn load_effect(
    t: &mut super::timeline::TimelineTab,
    account: usize,
    tab: usize,
    request: super::effect::RequestId,
    direction: LoadDirection,
    query: PageQuery,
    url: Option<url::Url>,
) -> Effect {
    *match direction {
        LoadDirection::Initial => &mut t.initial,
        LoadDirection::Newer => &mut t.newer,
        LoadDirection::Older => &mut t.older,
    } = Loading::Busy(request);
    Effect::LoadTimeline {
        account,
        tab,
        request,
        kind: t.kind.clone(),
        direction,
        query,
        url,
    }
}

/// Loads the first page of a tab (replacing what it holds).
pub(super) fn load_initial(state: &mut State, account: usize, tab: usize) -> Option<Effect> {
    let request = state.next_request();
    let t = loadable(state, account, tab)?;
    t.error = None;
    let query = PageQuery {
        limit: Some(PAGE_SIZE),
        ..Default::default()
    };
    Some(load_effect(
        t,
        account,
        tab,
        request,
        LoadDirection::Initial,
        query,
        None,
    ))
}

/// Loads what is newer than the tab's synced position.
pub(super) fn load_newer(state: &mut State, account: usize, tab: usize) -> Option<Effect> {
    let request = state.next_request();
    let t = loadable(state, account, tab)?;
    if t.newer != Loading::Idle || t.initial != Loading::Idle {
        return None;
    }
    // Conversations reorder as messages arrive: the first page is the news.
    // A tab drawn from the cache merges a first page (which also ends its
    // cached state).
    if t.kind == TabKind::Conversations || t.cached.is_some() {
        return load_initial(state, account, tab);
    }
    let Some(first) = t.synced.clone().or_else(|| t.ids.first().cloned()) else {
        return load_initial(state, account, tab);
    };
    let query = PageQuery {
        min_id: Some(first),
        limit: Some(PAGE_SIZE),
        ..Default::default()
    };
    Some(load_effect(
        t,
        account,
        tab,
        request,
        LoadDirection::Newer,
        query,
        None,
    ))
}

/// Loads the next older page through the `Link` cursor.
fn load_older(state: &mut State, account: usize, tab: usize) -> Option<Effect> {
    let request = state.next_request();
    let t = loadable(state, account, tab)?;
    if !t.wants_older() {
        return None;
    }
    let url = t.next.clone()?;
    Some(load_effect(
        t,
        account,
        tab,
        request,
        LoadDirection::Older,
        PageQuery::default(),
        Some(url),
    ))
}

/// How many follow-ups ([`Effect::Then`]) one action may lead to: a
/// confirmed dialog replays its action, a menu runs its item, and none of
/// those asks for more, so the bound is only a guard against a loop.
const MAX_FOLLOW_UPS: usize = 8;

/// Applies `action` to `state` and returns the effects to run.
///
/// A handler that wants another action applied after its own (the confirm
/// dialog's stored action, a menu's chosen item) returns it as
/// [`Effect::Then`]; it is applied here, in order, and never reaches the
/// runner.
pub fn update(state: &mut State, action: Action) -> Vec<Effect> {
    let mut fx = Vec::new();
    let mut queue = std::collections::VecDeque::from([action]);
    let mut follow_ups = 0;
    while let Some(action) = queue.pop_front() {
        for effect in dispatch(state, action) {
            match effect {
                Effect::Then(next) if follow_ups < MAX_FOLLOW_UPS => {
                    follow_ups += 1;
                    queue.push_back(*next);
                }
                Effect::Then(next) => tracing::warn!(?next, "too many follow-ups: dropped"),
                other => fx.push(other),
            }
        }
    }
    // Whatever changed, the previews the screen now shows are requested
    // (once per URL; the cache remembers the rest).
    fx.extend(super::images::wanted(state));
    // A visitor never asks for what only an account has.
    fx.retain(|e| super::visitor::allowed(state, e));
    fx
}

/// Routes one action to the one place that owns it: commands by focus,
/// every result to its module. No catch-all: a new variant must be routed.
fn dispatch(state: &mut State, action: Action) -> Vec<Effect> {
    use super::interact;
    use super::stream;
    use super::views::{
        compose, drafts, filters, lists, login, people, poll, profile, requests, scheduled, search,
        tags, thread,
    };
    match action {
        // Keys.
        Action::Command(cmd) => command(state, cmd),
        Action::Text(key) => text(state, key),
        Action::UnboundKey(keys) => unbound_key(state, keys),
        // Environment.
        Action::Tick(now) => tick(state, now),
        Action::Terminate => compose::quit(state),
        Action::Resize { width, height } => {
            state.width = width;
            state.height = height;
            vec![]
        }
        Action::Viewport { tab, viewport } => set_viewport(state, tab, viewport),
        Action::FocusGained => focus_gained(state),
        // Timelines and the account.
        Action::TimelineLoaded {
            account,
            tab,
            request,
            direction,
            result,
        } => timeline_loaded(state, account, tab, request, direction, result),
        Action::CredentialsLoaded { account, result } => credentials_loaded(state, account, result),
        Action::AnnouncementArrived { account } => vec![Effect::LoadAnnouncements { account }],
        Action::AnnouncementsLoaded { account, result } => {
            announcements_loaded(state, account, result)
        }
        Action::InstanceLoaded { account, result } => instance_loaded(state, account, result),
        Action::MarkersLoaded { account, result } => markers_loaded(state, account, result),
        Action::ServerActionDone {
            account,
            what,
            result,
        } => server_action_done(state, account, what, result),
        Action::ProfileUpdated {
            account,
            what,
            result,
        } => {
            super::profile::updated(state, account, what, result);
            vec![]
        }
        Action::ConfirmedSocial(op) => vec![Effect::Social {
            account: state.active,
            op,
        }],
        // The stream.
        Action::StreamUpdate {
            account,
            stream,
            status,
        } => stream::status(state, account, &stream, *status),
        Action::StreamStatusUpdate { account, status } => {
            stream::status_edited(state, account, status)
        }
        Action::StreamConversation {
            account,
            conversation,
        } => stream::conversation(state, account, *conversation),
        Action::StreamNotification {
            account,
            notification,
        } => stream::notification(state, account, *notification),
        Action::FiltersChanged { account } => stream::filters_changed(account),
        Action::StreamDelete { account, id } => stream::delete(state, account, &id),
        Action::StreamState { account, status } => stream::state_changed(state, account, status),
        // Posts and accounts.
        Action::BoostAs(visibility) => interact::boost_as(state, visibility),
        Action::StatusOpDone {
            account,
            id,
            op,
            result,
        } => interact::status_op_done(state, account, id, op, result),
        Action::ConfirmedDelete(id) => interact::confirmed_delete(state, id, false),
        Action::ConfirmedClearNotifications => cleared_notifications(state),
        Action::ConfirmedRedraft(id) => interact::confirmed_delete(state, id, true),
        Action::DeleteDone {
            account,
            id,
            redraft,
            result,
        } => interact::delete_done(state, account, id, redraft, result),
        Action::ConfirmedAccountOp { id, op } => interact::confirmed_account_op(state, id, op),
        Action::RelationshipChanged {
            account,
            what,
            result,
        } => interact::relationship_changed(state, account, what, result),
        Action::Translated {
            account,
            id,
            result,
        } => interact::translated(state, account, id, result),
        Action::TextLoaded { account, result } => interact::text_loaded(state, account, result),
        // Views.
        Action::ContextLoaded {
            account,
            request,
            result,
        } => thread::context_loaded(state, account, request, result),
        Action::ProfileLoaded { account, result } => {
            profile::profile_loaded(state, account, result)
        }
        Action::SearchLoaded {
            account,
            request,
            result,
        } => search::search_loaded(state, account, request, result),
        Action::PollVoted {
            account,
            status,
            result,
        } => poll::poll_voted(state, account, status, result),
        Action::OpenTab { account, kind } => super::navigate::tab_asked(state, account, kind),
        Action::AccountFound {
            account,
            then,
            result,
        } => super::navigate::account_found(state, account, then, result),
        Action::RequestsLoaded { account, result } => requests::loaded(state, account, result),
        Action::FiltersLoaded {
            account,
            done,
            result,
        } => filters::loaded(state, account, done, result),
        Action::FilterChangeConfirmed(change) => filters::open_filters(state, Some(change)),
        Action::PeopleLoaded {
            account,
            request,
            result,
        } => people::people_loaded(state, account, request, result),
        Action::ListsLoaded { account, result } => lists::lists_loaded(state, account, result),
        Action::SubscriptionsLoaded {
            account,
            result,
            said,
        } => super::views::subscriptions::loaded(state, account, result, said),
        Action::SubscriptionsChanged { account } => {
            super::views::subscriptions::changed(state, account)
        }
        Action::ConfirmedUnsubscribe(target) => {
            super::views::subscriptions::confirmed_unsubscribe(state, target)
        }
        Action::MovePlanned { from, to, result } => super::moving::planned(state, from, to, result),
        Action::ConfirmedMove { from, to } => super::moving::confirmed(state, from, to),
        Action::Mouse { kind, hit } => super::mouse::mouse(state, kind, hit),
        Action::MoveProgress { text } => super::moving::progress(state, text),
        Action::Say { error, text } => {
            let kind = if error {
                ToastKind::Error
            } else {
                ToastKind::Info
            };
            state.toast(kind, text);
            vec![]
        }
        Action::MoveDone { to, result, .. } => super::moving::done(state, to, result),
        Action::TagsLoaded {
            account,
            kind,
            result,
        } => tags::tags_loaded(state, account, kind, result),
        Action::ScheduledLoaded { account, result } => scheduled::loaded(state, account, result),
        Action::DraftsListed(list) => drafts::listed(state, list),
        Action::DraftsFound(list) => drafts::found(state, list),
        // The compose pane.
        Action::Suggestions { word, items } => compose::suggestions(state, word, items),
        Action::PathCompleted { partial, completed } => {
            compose::path_completed(state, partial, completed)
        }
        Action::EditorDone { draft, result } => compose::editor_done(state, draft, result),
        Action::LanguagesLoaded { account, result } => {
            compose::languages_loaded(state, account, result)
        }
        Action::SendProgress(p) => compose::send_progress(state, p),
        Action::DraftSent {
            account: _,
            draft,
            result,
        } => compose::draft_sent(state, *draft, result),
        // Logging in.
        Action::OpenLogin { instance } => {
            state.login = Some(login::LoginForm {
                instance,
                ..Default::default()
            });
            vec![]
        }
        Action::LoginProgress(phase) => login::progress(state, phase),
        Action::LoginFailed(message) => login::failed(state, message),
        Action::LoginSucceeded {
            label,
            host,
            client,
        } => login::succeeded(state, label, host, client),
        Action::ImagesWanted(urls) => super::images::wanted_urls(state, urls),
        Action::ImageLoaded { url, result } => super::images::loaded(state, url, result),
    }
}

/// A command goes to what has the keyboard: the compose pane, the help,
/// the login form, the account switcher or the prompt when open; else the
/// view on top, and what it does not bind, the common commands.
fn command(state: &mut State, cmd: Command) -> Vec<Effect> {
    // The help opened over the compose pane has the keys until it closes.
    if state.show_help {
        return super::views::help::command(state, cmd);
    }
    if state.compose.is_some() {
        if cmd == Command::ToggleHelp {
            state.show_help = true;
            state.help_scroll = 0;
            return vec![];
        }
        return super::views::compose::command(state, cmd);
    }
    if state.login.is_some() {
        return super::views::login::command(state, cmd);
    }
    if state.switcher.is_some() {
        return super::views::switcher::command(state, cmd);
    }
    if state.prompt.is_some() {
        // The prompt takes text (`Action::Text`); of the commands, only
        // quitting gets through.
        return match cmd {
            Command::Quit => quit(state),
            _ => vec![],
        };
    }
    // A visitor (no account) is offered to log in instead; the confirm
    // dialog's own keys still answer it.
    if super::visitor::active(state)
        && !matches!(
            state.account().and_then(|a| a.views.last()),
            Some(View::Confirm { .. })
        )
    {
        if let Some(what) = super::visitor::needs_account(cmd) {
            return super::visitor::offer_login(state, what);
        }
    }
    view_command(state, cmd).unwrap_or_else(|| common(state, cmd))
}

/// What a view does with a command: `None` when it does not bind it.
type ViewCommand = fn(&mut State, Command) -> Option<Vec<Effect>>;

/// The command function of the view on top of the active account, if it
/// binds `cmd`.
fn view_command(state: &mut State, cmd: Command) -> Option<Vec<Effect>> {
    use super::views::{
        confirm, drafts, filters, instance, links, lists, menu, people, poll, profile, requests,
        scheduled, search, tags, thread,
    };
    let handler: ViewCommand = match state.account()?.views.last()? {
        View::Thread(_) => thread::command,
        View::Profile(_) => profile::command,
        View::Search(_) => search::command,
        View::Links(_) => links::command,
        View::Poll(_) => poll::command,
        View::Instance { .. } => instance::command,
        View::Menu(_) => menu::command,
        View::Confirm { .. } => confirm::command,
        View::Drafts { .. } => drafts::command,
        View::Requests(_) => requests::command,
        View::People(_) => people::command,
        View::Tags(_) => tags::command,
        View::Lists(_) => lists::command,
        View::Scheduled(_) => scheduled::command,
        View::Filters(_) => filters::view_command,
        View::Subscriptions(_) => super::views::subscriptions::command,
        // A text page binds nothing of its own.
        View::Raw { .. } => |_, _| None,
    };
    handler(state, cmd)
}

/// The commands on timelines and posts, each to the one function that
/// does it; they act on the focused list and the focused post.
fn common(state: &mut State, cmd: Command) -> Vec<Effect> {
    use super::views::{compose, instance, links, poll, profile};
    use super::{interact, navigate};
    use Command as C;
    match cmd {
        C::ScrollDown => scroll(state, 1),
        C::ScrollUp => scroll(state, -1),
        C::PageDown => {
            let page = page_size(state);
            scroll(state, page)
        }
        C::PageUp => {
            let page = page_size(state);
            scroll(state, -page)
        }
        C::Top => to_top(state),
        C::Bottom => to_bottom(state),
        C::Refresh => refresh(state),
        C::ToggleCw => toggle_cw(state),
        C::NextTab => switch_tab(state, true),
        C::PrevTab => switch_tab(state, false),
        C::Select => navigate::select(state),
        C::ToggleSwitcher => super::views::switcher::open(state),
        C::CycleNotificationFilter => cycle_notification_filter(state),
        C::Reject => dismiss(state),
        C::ClearNotifications => clear_notifications(state),
        C::ShowRequests => super::views::requests::open(state),
        C::ShowSubscriptions => super::views::subscriptions::open(state),
        // Outside the subscriptions: `:subscribe` says what to type.
        C::Subscribe | C::Unsubscribe => super::views::subscriptions::open(state),
        C::Compose | C::Reply | C::Quote | C::Edit => compose::open(state, cmd),
        C::Favourite | C::Boost | C::Bookmark | C::Pin | C::MuteThread => {
            interact::toggle(state, cmd)
        }
        C::BoostMenu => interact::boost_menu(state),
        C::Delete => interact::ask_delete(state, false),
        C::Redraft => interact::ask_delete(state, true),
        C::Translate => interact::translate(state),
        C::Follow | C::Mute | C::Block => interact::account_command(state, cmd),
        C::CopyLink => interact::copy_link(state),
        C::CopyText => interact::copy_text(state),
        C::ShowHistory => interact::show_history(state),
        C::ShowWho => interact::show_who(state),
        C::ShowJson => interact::show_json(state),
        C::OpenProfile => profile::open_focused_profile(state),
        C::OpenLinks => links::open_links(state),
        C::OpenMentions => links::open_mentions(state),
        C::StartVote => poll::start_vote(state),
        C::StartSearch => navigate::start_prompt(state, PromptKind::Search),
        C::StartCommand => navigate::start_prompt(state, PromptKind::Command),
        C::CloseTab => navigate::close_tab(state),
        C::ShowInstance => instance::show_instance(state),
        C::ToggleHelp => {
            state.show_help = !state.show_help;
            vec![]
        }
        C::Back => {
            // Esc closes the view on top.
            if let Some(acc) = state.account_mut() {
                acc.views.pop();
            }
            vec![]
        }
        C::Quit => quit(state),
        C::Suspend => vec![Effect::SuspendProcess],
        // The compose pane's and the confirm dialog's commands, with
        // neither open.
        C::Send
        | C::CycleVisibility
        | C::ToggleSensitive
        | C::PickLanguage
        | C::ExternalEditor
        | C::Attach
        | C::TogglePoll
        | C::PollDuration
        | C::PollKind
        | C::PollTotals
        | C::QuotePolicy
        | C::Schedule
        | C::Undo
        | C::Redo
        | C::Confirm
        | C::Cancel => vec![],
        // The views' own commands, with their view not on top.
        C::DismissRequest
        | C::RemoveAccount
        | C::CancelScheduled
        | C::DeleteList
        | C::ListMembers
        | C::RenameList
        | C::ListReplies
        | C::ListExclusive
        | C::Reschedule
        | C::DeleteFilter
        | C::DeleteDraft
        | C::DismissAnnouncements => vec![],
    }
}

/// Keys typed into a text field: the compose pane, the login form or the
/// prompt, whichever is open.
fn text(state: &mut State, key: TextKey) -> Vec<Effect> {
    if state.compose.is_some() {
        return super::views::compose::key(state, key);
    }
    if state.login.is_some() {
        return super::views::login::text(state, key);
    }
    if state.prompt.is_some() {
        return super::cmdline::prompt_key(state, key);
    }
    vec![]
}

/// A key with no binding: it closes the help; the login form, the
/// switcher, a confirm dialog and a menu ignore it; else it says how to
/// find the keys.
fn unbound_key(state: &mut State, keys: String) -> Vec<Effect> {
    if state.show_help {
        super::views::help::close_help(state);
        return vec![];
    }
    let ignored = state.login.is_some()
        || state.switcher.is_some()
        || state
            .account()
            .and_then(|a| a.views.last())
            .is_some_and(|v| matches!(v, View::Confirm { .. } | View::Menu(_)));
    if !ignored {
        state.toast(
            ToastKind::Info,
            format!(
                "{keys} is not bound; press {} for keys",
                state.keymap.key(Command::ToggleHelp)
            ),
        );
    }
    vec![]
}

/// Quits, saving the read positions first.
pub(crate) fn quit(state: &mut State) -> Vec<Effect> {
    state.should_quit = true;
    let mut fx = save_markers_if_due(state, true);
    fx.push(Effect::Quit);
    fx
}

/// The clock: the compose pane's autosave, polling, rechecks and the read
/// positions.
fn tick(state: &mut State, now: time::OffsetDateTime) -> Vec<Effect> {
    let mut fx = super::views::compose::autosave(state, now);
    state.now = now;
    if let Some(acc) = state.account_mut() {
        acc.note_notifications_seen();
    }
    fx.extend(poll_if_due(state));
    fx.extend(recheck_if_due(state));
    fx.extend(save_markers_if_due(state, false));
    fx.extend(super::views::thread::detail_due(state));
    fx.extend(save_cache_if_due(state, false));
    fx
}

/// The local cache of each account whose tabs changed since it was last
/// written, at most every [`super::cache::SAVE_EVERY`] (`now_anyway`: on
/// quitting, whatever the time).
pub fn save_cache_if_due(state: &mut State, now_anyway: bool) -> Vec<Effect> {
    if !state.cache_enabled {
        return vec![];
    }
    let now = state.now;
    let mut fx = Vec::new();
    for (account, acc) in state.accounts.iter_mut().enumerate() {
        let due = now_anyway
            || acc
                .cache_saved_at
                .is_none_or(|at| now - at >= super::cache::SAVE_EVERY);
        if !due {
            continue;
        }
        let print = super::cache::fingerprint(acc);
        if acc.cache_fingerprint == Some(print) {
            continue;
        }
        // Tabs still drawn from the cache have nothing new to keep.
        if acc.tabs.iter().all(|t| !t.loaded || t.cached.is_some()) {
            continue;
        }
        if let Some(snapshot) = super::cache::snapshot(acc, now) {
            acc.cache_fingerprint = Some(print);
            acc.cache_saved_at = Some(now);
            fx.push(Effect::SaveCache {
                account,
                key: snapshot.account.clone(),
                snapshot: Box::new(snapshot),
            });
        }
    }
    fx
}

/// The renderer's layout of a list (a tab, a profile's posts, a thread).
fn set_viewport(state: &mut State, tab: usize, viewport: super::timeline::Viewport) -> Vec<Effect> {
    if tab >= VIEW_TAB_BASE {
        if let Some(View::Thread(t)) = state
            .account_mut()
            .and_then(|a| a.views.get_mut(tab - VIEW_TAB_BASE))
        {
            t.viewport = viewport;
            return vec![];
        }
    }
    if let Some(t) = state.account_mut().and_then(|a| a.tab_ref_mut(tab)) {
        t.viewport = viewport;
    }
    maybe_older(state).into_iter().collect()
}

fn focus_gained(state: &mut State) -> Vec<Effect> {
    let account = state.active;
    let reconnecting = state
        .account()
        .is_some_and(|a| matches!(a.stream, StreamStatus::Reconnecting { .. }));
    if reconnecting {
        vec![Effect::ReconnectStream { account }]
    } else {
        vec![]
    }
}

fn to_top(state: &mut State) -> Vec<Effect> {
    if let Some(t) = state.account_mut().and_then(|a| a.tab_mut()) {
        t.selected = 0;
        t.viewport.top = 0;
        t.unread = 0;
    }
    vec![]
}

fn to_bottom(state: &mut State) -> Vec<Effect> {
    if let Some(t) = state.account_mut().and_then(|a| a.tab_mut()) {
        let n = t.ids.len() as isize;
        t.move_by(n);
    }
    maybe_older(state).into_iter().collect()
}

/// `r`: newer posts; after an error, the older page again too; and the
/// stream, when it is down.
fn refresh(state: &mut State) -> Vec<Effect> {
    let account = state.active;
    let mut fx = Vec::new();
    let Some(acc) = state.account() else {
        return fx;
    };
    let tab = acc.focus_ref();
    let retry_older = acc
        .tab()
        .is_some_and(|t| t.error.is_some() && t.loaded && t.cached.is_none());
    if retry_older {
        if let Some(t) = state.account_mut().and_then(|a| a.tab_mut()) {
            t.error = None;
        }
        fx.extend(load_older(state, account, tab));
    }
    fx.extend(load_newer(state, account, tab));
    if state.account().is_some_and(|a| {
        matches!(
            a.stream,
            StreamStatus::Reconnecting { .. } | StreamStatus::Offline
        )
    }) {
        fx.push(Effect::ReconnectStream { account });
    }
    fx
}

/// `z`: the content warning of the focused post (in a thread, the post
/// under its cursor).
fn toggle_cw(state: &mut State) -> Vec<Effect> {
    if let Some(acc) = state.account_mut() {
        let in_thread = match acc.views.last() {
            Some(View::Thread(t)) => t
                .items
                .get(t.selected)
                .and_then(|(id, _)| acc.statuses.get(id)),
            _ => None,
        };
        if let Some(key) = in_thread
            .or_else(|| selected_status(acc))
            .map(|s| s.original().id.clone())
        {
            // Toggle on the original status, so a boost and its
            // original share the state.
            if !acc.expanded_cw.remove(&key) {
                acc.expanded_cw.insert(key);
            }
        }
    }
    vec![]
}

/// The next or previous tab, loading it the first time.
fn switch_tab(state: &mut State, forward: bool) -> Vec<Effect> {
    let Some(acc) = state.account() else {
        return vec![];
    };
    let n = acc.tabs.len();
    if n == 0 {
        return vec![];
    }
    let to = if forward {
        (acc.active_tab + 1) % n
    } else {
        (acc.active_tab + n - 1) % n
    };
    goto_tab(state, to)
}

/// Makes tab `to` the active one, loading it the first time.
pub(crate) fn goto_tab(state: &mut State, to: usize) -> Vec<Effect> {
    let account = state.active;
    let Some(acc) = state.account_mut() else {
        return vec![];
    };
    if to >= acc.tabs.len() {
        return vec![];
    }
    // Leaving the notifications: they were seen.
    acc.note_notifications_seen();
    acc.active_tab = to;
    let tab = acc.active_tab;
    // A tab drawn from the cache has yet to ask the server.
    let needs_load = acc.tab().is_some_and(|t| {
        (!t.loaded || t.cached.is_some()) && t.initial == Loading::Idle && t.error.is_none()
    });
    if needs_load {
        load_initial(state, account, tab).into_iter().collect()
    } else {
        vec![]
    }
}

/// `F` on a notifications tab: the next type filter, loaded afresh.
fn cycle_notification_filter(state: &mut State) -> Vec<Effect> {
    let account = state.active;
    let Some(acc) = state.account_mut() else {
        return vec![];
    };
    let tab = acc.active_tab;
    if let Some(t) = acc.tab_mut() {
        if let TabKind::Notifications(f) = t.kind {
            *t = super::timeline::TimelineTab::with_kind(TabKind::Notifications(f.next()));
            return load_initial(state, account, tab).into_iter().collect();
        }
    }
    vec![]
}

/// `C` on a notifications tab: clears them all.
/// `C` on the notifications: asks before clearing them all on the server.
fn clear_notifications(state: &mut State) -> Vec<Effect> {
    let Some(acc) = state.account_mut() else {
        return vec![];
    };
    let on_notifications = acc
        .tab()
        .is_some_and(|t| matches!(t.kind, TabKind::Notifications(_)));
    if !on_notifications || !acc.views.is_empty() {
        return vec![];
    }
    let n = acc.notifications.len();
    acc.views.push(View::Confirm {
        text: format!(
            "Clear all notifications ({n} loaded) on the server? They cannot be brought back."
        ),
        action: Box::new(Action::ConfirmedClearNotifications),
    });
    vec![]
}

/// The user said yes: the notifications go, here and on the server.
fn cleared_notifications(state: &mut State) -> Vec<Effect> {
    let account = state.active;
    let Some(acc) = state.account_mut() else {
        return vec![];
    };
    for t in acc.tabs.iter_mut() {
        if matches!(t.kind, TabKind::Notifications(_)) {
            let kind = t.kind.clone();
            *t = super::timeline::TimelineTab::with_kind(kind);
            t.loaded = true;
        }
    }
    acc.notifications.clear();
    vec![Effect::PostAction {
        account,
        path: "api/v1/notifications/clear".into(),
        what: "Notifications cleared".into(),
    }]
}

fn credentials_loaded(
    state: &mut State,
    account: usize,
    result: Result<Box<trompe_api::entities::Account>, ApiError>,
) -> Vec<Effect> {
    match result {
        Ok(me) => {
            if let Some(acc) = state.accounts.get_mut(account) {
                if acc.label.is_empty() || !acc.label.contains('@') {
                    acc.label = format!("{}@{}", me.acct, acc.instance);
                }
                acc.me = Some(*me);
            }
        }
        Err(e) => api_error(state, account, &e),
    }
    vec![]
}

fn announcements_loaded(
    state: &mut State,
    account: usize,
    result: Result<Vec<trompe_api::entities::Announcement>, ApiError>,
) -> Vec<Effect> {
    let mut list = match result {
        Ok(list) => list,
        Err(e) if e.is_unauthorized() => {
            api_error(state, account, &e);
            return vec![];
        }
        Err(e) => {
            tracing::debug!("announcements unavailable: {e}");
            return vec![];
        }
    };
    // An answer sent before a dismissal reached the server must not bring
    // the announcement back as unread.
    if let Some(old) = state
        .accounts
        .get(account)
        .and_then(|a| a.announcements.as_ref())
    {
        for a in list.iter_mut() {
            if old.iter().any(|o| o.id == a.id && o.read == Some(true)) {
                a.read = Some(true);
            }
        }
    }
    let unread = list.iter().filter(|a| a.read == Some(false)).count();
    let in_view = state.active == account
        && state
            .account()
            .and_then(|a| a.views.last())
            .is_some_and(|v| matches!(v, View::Instance { .. }));
    if let Some(acc) = state.accounts.get_mut(account) {
        acc.announcements = Some(list);
    }
    if unread > 0 && !in_view && state.active == account {
        let i = state.keymap.key(Command::ShowInstance);
        state.toast(
            ToastKind::Info,
            format!(
                "{unread} unread announcement{} from the staff: press {i}",
                if unread == 1 { "" } else { "s" }
            ),
        );
    }
    vec![]
}

fn instance_loaded(
    state: &mut State,
    account: usize,
    result: Result<Box<trompe_api::entities::Instance>, ApiError>,
) -> Vec<Effect> {
    match result {
        Ok(i) => {
            if let Some(acc) = state.accounts.get_mut(account) {
                acc.instance_info = Some(*i);
            }
        }
        // Optional information: a failure is logged by the runner, not shown.
        Err(e) if e.is_unauthorized() => api_error(state, account, &e),
        Err(_) => {}
    }
    vec![]
}

fn markers_loaded(
    state: &mut State,
    account: usize,
    result: Result<(Option<String>, Option<String>), ApiError>,
) -> Vec<Effect> {
    if let Some(acc) = state.accounts.get_mut(account) {
        if let Ok((home, notifications)) = result {
            acc.markers.home = home.clone();
            acc.markers.notifications = notifications.clone();
            acc.markers.saved_home = home;
            acc.markers.saved_notifications = notifications;
        }
        acc.markers.loaded = true;
        restore_markers(acc);
    }
    vec![]
}

/// A background action finished: say so; the list manager and the
/// scheduled posts show the server's word after a change.
fn server_action_done(
    state: &mut State,
    account: usize,
    what: String,
    result: Result<(), ApiError>,
) -> Vec<Effect> {
    if let Err(e) = result {
        api_error(state, account, &e);
        return vec![];
    }
    state.toast(ToastKind::Info, what);
    match state.accounts.get(account).and_then(|a| a.views.last()) {
        Some(View::Lists(_)) => vec![Effect::LoadLists { account }],
        Some(View::Scheduled(_)) => vec![Effect::LoadScheduled { account }],
        _ => vec![],
    }
}

/// Does a server-side filter with the `hide` action match this status?
pub fn hidden_by_filter(s: &trompe_api::entities::Status) -> bool {
    s.original()
        .filtered
        .iter()
        .any(|r| r.filter.filter_action == trompe_api::entities::FilterAction::Hide)
}

/// After the first page of home or notifications: put the reader back where
/// they were (home), and count what is newer than the read position as unread.
fn restore_markers(acc: &mut AccountState) {
    if !acc.markers.loaded {
        return;
    }
    let home = acc.markers.home.clone();
    let notif = acc.markers.notifications.clone();
    for t in acc.tabs.iter_mut().filter(|t| t.loaded) {
        match &t.kind {
            TabKind::Timeline(trompe_api::endpoints::timelines::TimelineKind::Home) => {
                if let Some(i) = home
                    .as_ref()
                    .and_then(|h| t.ids.iter().position(|x| x == h))
                {
                    if t.selected == 0 && i > 0 {
                        t.selected = i;
                        t.unread = i;
                    }
                }
            }
            TabKind::Notifications(_) => {
                if let Some(m) = &notif {
                    t.unread = t
                        .ids
                        .iter()
                        .filter(|x| super::timeline::cmp_ids(x, m) == std::cmp::Ordering::Greater)
                        .count();
                }
            }
            _ => {}
        }
    }
}

/// The read positions to save: the selected post in home, and the newest
/// notification once the notifications tab was looked at.
fn save_markers_if_due(state: &mut State, now_anyway: bool) -> Vec<Effect> {
    let now = state.now;
    let active = state.active;
    let mut fx = Vec::new();
    for (account, acc) in state.accounts.iter_mut().enumerate() {
        if !acc.markers.loaded || acc.needs_login {
            continue;
        }
        let due = now_anyway
            || acc
                .markers
                .saved_at
                .is_none_or(|t| now - t >= time::Duration::seconds(15));
        if !due {
            continue;
        }
        let mut home = None;
        if account == active {
            acc.note_notifications_seen();
        }
        let notifications = acc.markers.seen_notifications.clone();
        for t in &acc.tabs {
            if let TabKind::Timeline(trompe_api::endpoints::timelines::TimelineKind::Home) = &t.kind
            {
                home = t.selected_id().map(str::to_string);
            }
        }
        // Only forward: never move a read position back to an older item.
        let newer = |new: &Option<String>, old: &Option<String>| match (new, old) {
            (Some(n), Some(o)) => super::timeline::cmp_ids(n, o) == std::cmp::Ordering::Greater,
            (Some(_), None) => true,
            _ => false,
        };
        let home = if newer(&home, &acc.markers.saved_home) {
            home
        } else {
            None
        };
        let notifications = if newer(&notifications, &acc.markers.saved_notifications) {
            notifications
        } else {
            None
        };
        if home.is_none() && notifications.is_none() {
            continue;
        }
        if home.is_some() {
            acc.markers.saved_home = home.clone();
        }
        if notifications.is_some() {
            acc.markers.saved_notifications = notifications.clone();
        }
        acc.markers.saved_at = Some(now);
        fx.push(Effect::SaveMarkers {
            account,
            home,
            notifications,
        });
    }
    fx
}

/// How often tabs are polled when streaming is unavailable (the default).
pub const POLL_INTERVAL: time::Duration = time::Duration::seconds(30);

/// When an account polls (no streaming) and the interval has passed, fetch
/// what is new in every loaded tab.
/// Fetches what is newer, once, for tabs whose new subscription may have
/// missed a post (see [`super::timeline::TimelineTab::recheck_at`]).
fn recheck_if_due(state: &mut State) -> Vec<Effect> {
    let now = state.now;
    let mut due = Vec::new();
    for (a, acc) in state.accounts.iter_mut().enumerate() {
        for (i, t) in acc.tabs.iter_mut().enumerate() {
            if t.loaded && t.recheck_at.is_some_and(|at| at <= now) {
                t.recheck_at = None;
                due.push((a, i));
            }
        }
    }
    due.into_iter()
        .filter_map(|(a, i)| load_newer(state, a, i))
        .collect()
}

fn poll_if_due(state: &mut State) -> Vec<Effect> {
    let now = state.now;
    let interval = state.poll_interval;
    let mut fx = Vec::new();
    for account in 0..state.accounts.len() {
        let due = {
            let acc = &state.accounts[account];
            acc.stream == StreamStatus::Polling
                && !acc.needs_login
                && acc.last_poll.is_none_or(|t| now - t >= interval)
        };
        if !due {
            continue;
        }
        state.accounts[account].last_poll = Some(now);
        let tabs = state.accounts[account].loaded_tabs(|_| true);
        for tab in tabs {
            fx.extend(load_newer(state, account, tab));
        }
    }
    fx
}

/// Enter: on a follow request notification, accept it.
pub(super) fn accept_follow_request(state: &mut State) -> Vec<Effect> {
    let account = state.active;
    let Some(acc) = state.account() else {
        return vec![];
    };
    let Some(tab) = acc.tab() else {
        return vec![];
    };
    if !matches!(tab.kind, TabKind::Notifications(_)) {
        return vec![];
    }
    let Some(n) = tab.selected_id().and_then(|id| acc.notifications.get(id)) else {
        return vec![];
    };
    if n.kind != trompe_api::entities::NotificationType::FollowRequest {
        return vec![];
    }
    let Some(from) = n.account.as_ref() else {
        return vec![];
    };
    let path = format!("api/v1/follow_requests/{}/authorize", from.id.as_str());
    let what = format!("Accepted @{}", from.acct);
    let nid = n.id.as_str().to_string();
    remove_notification(state, account, &nid);
    vec![Effect::PostAction {
        account,
        path,
        what,
    }]
}

/// `x`/`d`: reject a follow request, or dismiss the selected notification.
fn dismiss(state: &mut State) -> Vec<Effect> {
    let account = state.active;
    let Some(acc) = state.account() else {
        return vec![];
    };
    let Some(tab) = acc.tab() else {
        return vec![];
    };
    if !matches!(tab.kind, TabKind::Notifications(_)) {
        return vec![];
    }
    let Some(n) = tab.selected_id().and_then(|id| acc.notifications.get(id)) else {
        return vec![];
    };
    let nid = n.id.as_str().to_string();
    let effect = match (
        &n.account,
        n.kind == trompe_api::entities::NotificationType::FollowRequest,
    ) {
        (Some(from), true) => Effect::PostAction {
            account,
            path: format!("api/v1/follow_requests/{}/reject", from.id.as_str()),
            what: format!("Rejected @{}", from.acct),
        },
        _ => Effect::PostAction {
            account,
            path: format!("api/v1/notifications/{nid}/dismiss"),
            what: "Notification dismissed".into(),
        },
    };
    remove_notification(state, account, &nid);
    vec![effect]
}

fn remove_notification(state: &mut State, account: usize, id: &str) {
    if let Some(acc) = state.accounts.get_mut(account) {
        for t in acc.tabs.iter_mut() {
            if matches!(t.kind, TabKind::Notifications(_)) {
                t.remove(id);
            }
        }
        acc.notifications.remove(id);
    }
}

/// The status under the selection: a timeline item, or a notification's status.
pub fn selected_status(acc: &AccountState) -> Option<&trompe_api::entities::Status> {
    let tab = acc.tab()?;
    let id = tab.selected_id()?;
    match tab.kind {
        TabKind::Timeline(_) | TabKind::Relay => acc.status(id),
        TabKind::Notifications(_) => acc.notifications.get(id)?.status.as_ref(),
        TabKind::Conversations => acc.conversations.get(id)?.last_status.as_ref(),
    }
}

fn page_size(state: &State) -> isize {
    state
        .account()
        .and_then(|a| a.tab())
        .map(|t| t.viewport.shown.saturating_sub(1).max(1) as isize)
        .unwrap_or(5)
}

/// Moves the selection of the focused list by `delta`.
pub(crate) fn scroll_by(state: &mut State, delta: isize) -> Vec<Effect> {
    scroll(state, delta)
}

fn scroll(state: &mut State, delta: isize) -> Vec<Effect> {
    if let Some(t) = state.account_mut().and_then(|a| a.tab_mut()) {
        t.move_by(delta);
    }
    maybe_older(state).into_iter().collect()
}

fn maybe_older(state: &mut State) -> Option<Effect> {
    let account = state.active;
    let tab = state.account()?.focus_ref();
    load_older(state, account, tab)
}

pub(super) fn api_error(state: &mut State, account: usize, e: &ApiError) {
    // A visitor has no login to lose: the server closes this to visitors.
    if let Some(acc) = state.accounts.get(account).filter(|a| a.read_only) {
        let text = super::visitor::refused(&acc.instance, e).unwrap_or_else(|| e.to_string());
        state.toast(ToastKind::Error, text);
        return;
    }
    if e.is_unauthorized() {
        if let Some(acc) = state.accounts.get_mut(account) {
            if !acc.needs_login {
                acc.needs_login = true;
                let label = acc.label.clone();
                state.toast(ToastKind::Error, format!("{label}: {e}"));
            }
        }
    } else {
        state.toast(ToastKind::Error, e.to_string());
    }
}

fn timeline_loaded(
    state: &mut State,
    account: usize,
    tab: usize,
    request: u64,
    direction: LoadDirection,
    result: Result<super::action::LoadedPage, ApiError>,
) -> Vec<Effect> {
    let mut fx = Vec::new();
    let Some(acc) = state.accounts.get_mut(account) else {
        return fx;
    };
    let refused = match &result {
        Err(e) if acc.read_only => super::visitor::refused(&acc.instance, e),
        _ => None,
    };
    let Some(t) = acc.tab_ref_mut(tab) else {
        return fx;
    };
    let slot = match direction {
        LoadDirection::Initial => &mut t.initial,
        LoadDirection::Newer => &mut t.newer,
        LoadDirection::Older => &mut t.older,
    };
    // Drop stale results: a newer request for the same thing superseded it.
    if *slot != Loading::Busy(request) {
        return fx;
    }
    *slot = Loading::Idle;
    match result {
        Ok(page) => {
            t.error = None;
            if direction == LoadDirection::Initial {
                t.set_aside.clear();
            }
            let ids = t.shown_ids(&page.items);
            // Full by what the server sent, hidden posts included.
            let full = page.items.len() as u32 >= PAGE_SIZE;
            match direction {
                // A tab drawn from the local cache keeps its reader.
                LoadDirection::Initial if t.cached.is_some() => {
                    t.merge_fresh(ids, page.next.clone(), full)
                }
                LoadDirection::Initial => t.set_initial(ids, page.next.clone()),
                LoadDirection::Older => {
                    let added = t.push_back(ids);
                    t.next = page.next.clone();
                    if added == 0 || t.next.is_none() {
                        t.reached_end = true;
                    }
                }
                LoadDirection::Newer => {
                    let at_top = t.selected == 0;
                    let newest = ids
                        .iter()
                        .max_by(|a, b| super::timeline::cmp_ids(a, b))
                        .cloned();
                    if full {
                        // More may follow: continue from this page's newest.
                        t.synced = newest.or(t.synced.take());
                    } else {
                        // The gap is closed: everything up to the newest is here.
                        t.gap_open = false;
                        t.synced = t.ids.first().cloned().or(newest.clone());
                        if let Some(n) = &newest {
                            if t.synced.as_deref().is_none_or(|s| {
                                super::timeline::cmp_ids(n, s) == std::cmp::Ordering::Greater
                            }) {
                                t.synced = Some(n.clone());
                            }
                        }
                    }
                    t.push_front(ids);
                    if at_top {
                        t.selected = 0;
                        t.viewport.top = 0;
                        t.unread = 0;
                    }
                }
            }
            acc.keep_page(page.items, page.groups);
            if direction == LoadDirection::Initial {
                restore_markers(acc);
            }
            // A full page of newer items may hide more: keep going up.
            if direction == LoadDirection::Newer && full {
                fx.extend(load_newer(state, account, tab));
            }
        }
        Err(e) => {
            t.error = Some(refused.unwrap_or_else(|| e.to_string()));
            api_error(state, account, &e);
        }
    }
    fx
}
