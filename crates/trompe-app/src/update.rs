//! `update(&mut State, Action) -> Vec<Effect>`: the only place state changes.
//! Synchronous and free of I/O, so it is tested without a runtime.

use trompe_api::{ApiError, PageQuery};

use super::action::PageItems;
use super::action::TextKey;
use super::action::{Action, LoadDirection, StreamStatus};
use super::effect::Effect;
use super::keymap::Command;
use super::state::{AccountState, LoginForm, LoginPhase, State, ToastKind};
use super::timeline::{Loading, TabKind};

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
    fx
}

/// Start-up effects of one account.
fn init_account(state: &mut State, account: usize) -> Vec<Effect> {
    let mut fx = vec![
        Effect::VerifyCredentials { account },
        Effect::LoadInstance { account },
        Effect::LoadMarkers { account },
        Effect::LoadAnnouncements { account },
    ];
    let tab = state
        .accounts
        .get(account)
        .map(|a| a.active_tab)
        .unwrap_or(0);
    fx.extend(load_initial(state, account, tab));
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
fn load_newer(state: &mut State, account: usize, tab: usize) -> Option<Effect> {
    let request = state.next_request();
    let t = loadable(state, account, tab)?;
    if t.newer != Loading::Idle || t.initial != Loading::Idle {
        return None;
    }
    // Conversations reorder as messages arrive: the first page is the news.
    if t.kind == TabKind::Conversations {
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

/// Applies `action` to `state` and returns the effects to run.
pub fn update(state: &mut State, action: Action) -> Vec<Effect> {
    let mut fx = match super::images::handle(state, action) {
        Ok(fx) => fx,
        Err(action) => update_inner(state, action),
    };
    // Whatever changed, the previews the screen now shows are requested
    // (once per URL; the cache remembers the rest).
    fx.extend(super::images::wanted(state));
    fx
}

/// A handler that takes an action or gives it back.
#[allow(clippy::result_large_err)]
type ViewHandler = fn(&mut State, Action) -> Result<Vec<Effect>, Action>;

fn update_inner(state: &mut State, action: Action) -> Vec<Effect> {
    let mut fx = Vec::new();
    let account = state.active;
    if let Action::Tick(now) = &action {
        fx.extend(super::compose::autosave(state, *now));
    }
    // The list views (filters, scheduled posts, people, hashtags, lists)
    // take their results always, and keys while nothing else has the
    // keyboard, before the compose pane: there `e` renames a list rather
    // than editing a post.
    let idle = state.compose.is_none()
        && !state.show_help
        && state.login.is_none()
        && state.switcher.is_none()
        && state.prompt.is_none();
    let action = if idle || !matches!(action, Action::Command(_) | Action::UnboundKey(_)) {
        let handlers: [ViewHandler; 3] = [
            super::filters::handle,
            super::scheduled::handle,
            super::people::handle,
        ];
        let mut action = action;
        for handle in handlers {
            match handle(state, action) {
                Ok(more) => {
                    fx.extend(more);
                    return fx;
                }
                Err(a) => action = a,
            }
        }
        action
    } else {
        action
    };
    // The compose pane takes the keyboard while it is open.
    let action = match super::compose::handle(state, action) {
        Ok(more) => {
            fx.extend(more);
            return fx;
        }
        Err(action) => action,
    };
    // While the help is open, j/k scroll it and other keys close it
    // instead of acting underneath.
    if state.show_help
        && matches!(action, Action::Command(_) | Action::UnboundKey(_))
        && !matches!(action, Action::Command(Command::Quit))
    {
        match action {
            Action::Command(Command::ScrollDown) => {
                state.help_scroll = state.help_scroll.saturating_add(1)
            }
            Action::Command(Command::ScrollUp) => {
                state.help_scroll = state.help_scroll.saturating_sub(1)
            }
            Action::Command(Command::PageDown) => {
                state.help_scroll = state.help_scroll.saturating_add(10)
            }
            Action::Command(Command::PageUp) => {
                state.help_scroll = state.help_scroll.saturating_sub(10)
            }
            _ => {
                state.show_help = false;
                state.help_scroll = 0;
            }
        }
        return fx;
    }
    if state.login.is_some()
        && (matches!(action, Action::Command(_) | Action::UnboundKey(_))
            || matches!(action, Action::Text(_)))
    {
        return login_key(state, action);
    }
    if state.switcher.is_some() && matches!(action, Action::Command(_) | Action::UnboundKey(_)) {
        return switcher_key(state, action);
    }
    let action = match super::navigate::handle(state, action) {
        Ok(fx) => return fx,
        Err(action) => action,
    };
    let action = match super::interact::handle(state, action) {
        Ok(fx) => return fx,
        Err(action) => action,
    };
    match action {
        Action::Command(Command::Quit) => {
            state.should_quit = true;
            fx.extend(save_markers_if_due(state, true));
            fx.push(Effect::Quit);
        }
        Action::Command(Command::ToggleHelp) => state.show_help = !state.show_help,
        Action::Command(Command::Back) => state.show_help = false,
        Action::Command(Command::ScrollDown) => fx.extend(scroll(state, 1)),
        Action::Command(Command::ScrollUp) => fx.extend(scroll(state, -1)),
        Action::Command(Command::PageDown) => {
            let page = page_size(state);
            fx.extend(scroll(state, page));
        }
        Action::Command(Command::PageUp) => {
            let page = page_size(state);
            fx.extend(scroll(state, -page));
        }
        Action::Command(Command::Top) => {
            if let Some(t) = state.account_mut().and_then(|a| a.tab_mut()) {
                t.selected = 0;
                t.viewport.top = 0;
                t.unread = 0;
            }
        }
        Action::Command(Command::Bottom) => {
            if let Some(t) = state.account_mut().and_then(|a| a.tab_mut()) {
                let n = t.ids.len() as isize;
                t.move_by(n);
            }
            fx.extend(maybe_older(state));
        }
        Action::Command(Command::Refresh) => {
            let Some(acc) = state.account() else {
                return fx;
            };
            let tab = acc.focus_ref();
            let retry_older = acc.tab().is_some_and(|t| t.error.is_some() && t.loaded);
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
        }
        Action::Command(Command::ToggleCw) => {
            if let Some(acc) = state.account_mut() {
                // In a thread view, the post under its cursor.
                let in_thread = match acc.views.last() {
                    Some(super::views::View::Thread(t)) => t
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
        }
        Action::Command(Command::NextTab) | Action::Command(Command::PrevTab) => {
            let forward = matches!(action, Action::Command(Command::NextTab));
            let Some(acc) = state.account_mut() else {
                return fx;
            };
            let n = acc.tabs.len();
            if n == 0 {
                return fx;
            }
            acc.active_tab = if forward {
                (acc.active_tab + 1) % n
            } else {
                (acc.active_tab + n - 1) % n
            };
            let tab = acc.active_tab;
            let needs_load = acc
                .tab()
                .is_some_and(|t| !t.loaded && t.initial == Loading::Idle && t.error.is_none());
            if needs_load {
                fx.extend(load_initial(state, account, tab));
            }
        }
        Action::Command(Command::ToggleSwitcher) => {
            if !state.accounts.is_empty() {
                state.switcher = Some(state.active);
            }
        }
        // Navigation actions that found nothing to act on.
        Action::Text(_)
        | Action::Command(Command::OpenProfile)
        | Action::Command(Command::OpenLinks)
        | Action::Command(Command::StartVote)
        | Action::Command(Command::StartSearch)
        | Action::Command(Command::StartCommand)
        | Action::Command(Command::CloseTab)
        | Action::Command(Command::ShowInstance)
        | Action::ContextLoaded { .. }
        | Action::ProfileLoaded { .. }
        | Action::SearchLoaded { .. }
        | Action::PollVoted { .. }
        | Action::OpenTab { .. }
        | Action::AccountFound { .. }
        | Action::Command(Command::Favourite)
        | Action::Command(Command::Boost)
        | Action::Command(Command::BoostMenu)
        | Action::BoostAs(_)
        | Action::Command(Command::Bookmark)
        | Action::Command(Command::Delete)
        | Action::ConfirmedDelete(_)
        | Action::Command(Command::Redraft)
        | Action::ConfirmedRedraft(_)
        | Action::StatusOpDone { .. }
        | Action::DeleteDone { .. }
        | Action::Command(Command::Follow)
        | Action::Command(Command::Mute)
        | Action::Command(Command::Block)
        | Action::Command(Command::Pin)
        | Action::Command(Command::MuteThread)
        | Action::Command(Command::Translate)
        | Action::Translated { .. }
        | Action::ConfirmedAccountOp { .. }
        | Action::RelationshipChanged { .. }
        | Action::Command(Command::CopyLink)
        | Action::Command(Command::CopyText)
        | Action::Command(Command::ShowJson)
        | Action::Command(Command::ShowHistory)
        | Action::Command(Command::ShowWho)
        | Action::Command(Command::ShowRequests)
        | Action::RequestsLoaded { .. }
        | Action::TextLoaded { .. }
        | Action::PeopleLoaded { .. }
        | Action::FiltersLoaded { .. }
        | Action::FilterChangeConfirmed(_)
        | Action::TagsLoaded { .. }
        | Action::ListsLoaded { .. }
        | Action::ScheduledLoaded { .. }
        | Action::Command(Command::Compose)
        | Action::Command(Command::Reply)
        | Action::Command(Command::Quote)
        | Action::Command(Command::Edit)
        | Action::SendProgress(_)
        | Action::PathCompleted { .. }
        | Action::EditorDone { .. }
        | Action::LanguagesLoaded { .. }
        | Action::Suggestions { .. }
        | Action::DraftsListed(_)
        | Action::DraftSent { .. }
        | Action::ImageLoaded { .. } => {}
        Action::ConfirmedSocial(op) => fx.push(Effect::Social { account, op }),
        Action::FiltersChanged { account } => {
            // The server applies filters to what it sends: fetch again.
            let tabs: Vec<usize> = state
                .accounts
                .get(account)
                .map(|a| {
                    a.tabs
                        .iter()
                        .enumerate()
                        .filter(|(_, t)| t.loaded && matches!(t.kind, TabKind::Timeline(_)))
                        .map(|(i, _)| i)
                        .collect()
                })
                .unwrap_or_default();
            for tab in tabs {
                fx.extend(load_initial(state, account, tab));
            }
        }
        Action::MarkersLoaded { account, result } => {
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
        }
        Action::DraftsFound(drafts) => {
            let mut restored = 0;
            for acc in state.accounts.iter_mut() {
                let mine = drafts
                    .iter()
                    .filter(|d| {
                        d.account
                            .as_deref()
                            .is_none_or(|a| a == acc.label || acc.label.is_empty())
                    })
                    .max_by_key(|d| d.updated_at);
                if let Some(d) = mine {
                    if acc.pending_draft.is_none() {
                        acc.pending_draft = Some(d.clone());
                        restored += 1;
                    }
                }
            }
            if restored > 0 {
                let c = state.keymap.key(super::keymap::Command::Compose);
                state.toast(
                    ToastKind::Info,
                    format!("An unsent draft was kept — press {c} to continue it"),
                );
            }
        }
        Action::LoginProgress(phase) => {
            if let Some(l) = state.login.as_mut() {
                l.phase = phase;
                l.error = None;
            }
        }
        Action::LoginFailed(msg) => {
            if let Some(l) = state.login.as_mut() {
                l.phase = LoginPhase::EnterInstance;
                l.code.clear();
                l.error = Some(msg);
            }
        }
        Action::LoginSucceeded {
            label,
            host,
            client,
        } => {
            let account = state.accounts.len();
            state.accounts.push(AccountState::new(label.clone(), host));
            state.active = account;
            state.login = None;
            state.switcher = None;
            fx.push(Effect::AddClient { account, client });
            fx.extend(init_account(state, account));
            state.toast(ToastKind::Info, format!("Logged in as {label}"));
        }
        Action::UnboundKey(k) => {
            state.toast(
                ToastKind::Info,
                format!(
                    "{k} is not bound; press {} for keys",
                    state.keymap.key(super::keymap::Command::ToggleHelp)
                ),
            );
        }
        Action::Resize { width, height } => {
            state.width = width;
            state.height = height;
        }
        Action::Tick(now) => {
            state.now = now;
            fx.extend(poll_if_due(state));
            fx.extend(recheck_if_due(state));
            fx.extend(save_markers_if_due(state, false));
        }
        Action::Command(Command::CycleNotificationFilter) => {
            if let Some(acc) = state.account_mut() {
                let tab = acc.active_tab;
                if let Some(t) = acc.tab_mut() {
                    if let TabKind::Notifications(f) = t.kind {
                        *t = super::timeline::TimelineTab::with_kind(TabKind::Notifications(
                            f.next(),
                        ));
                        fx.extend(load_initial(state, account, tab));
                    }
                }
            }
        }
        Action::Command(Command::Select) => fx.extend(select(state)),
        Action::Command(Command::Reject) => fx.extend(dismiss(state)),
        Action::Command(Command::ClearNotifications) => {
            let Some(acc) = state.account_mut() else {
                return fx;
            };
            let on_notifications = acc
                .tab()
                .is_some_and(|t| matches!(t.kind, TabKind::Notifications(_)));
            if on_notifications {
                for t in acc.tabs.iter_mut() {
                    if matches!(t.kind, TabKind::Notifications(_)) {
                        let kind = t.kind.clone();
                        *t = super::timeline::TimelineTab::with_kind(kind);
                        t.loaded = true;
                    }
                }
                acc.notifications.clear();
                fx.push(Effect::PostAction {
                    account,
                    path: "api/v1/notifications/clear".into(),
                    what: "Notifications cleared".into(),
                });
            }
        }
        Action::ServerActionDone {
            account,
            what,
            result,
        } => match result {
            Ok(()) => {
                state.toast(ToastKind::Info, what);
                // The list manager shows the server's word after a change.
                match state.accounts.get(account).and_then(|a| a.views.last()) {
                    Some(super::views::View::Lists(_)) => fx.push(Effect::LoadLists { account }),
                    Some(super::views::View::Scheduled(_)) => {
                        fx.push(Effect::LoadScheduled { account })
                    }
                    _ => {}
                }
            }
            Err(e) => api_error(state, account, &e),
        },
        Action::ProfileUpdated {
            account,
            what,
            result,
        } => super::profile::updated(state, account, what, result),
        Action::FocusGained => {
            if state
                .account()
                .is_some_and(|a| matches!(a.stream, StreamStatus::Reconnecting { .. }))
            {
                fx.push(Effect::ReconnectStream { account });
            }
        }
        Action::Viewport { tab, viewport }
            if tab >= super::views::VIEW_TAB_BASE
                && state
                    .account()
                    .and_then(|a| a.views.get(tab - super::views::VIEW_TAB_BASE))
                    .is_some_and(|v| matches!(v, super::views::View::Thread(_))) =>
        {
            if let Some(super::views::View::Thread(t)) = state
                .account_mut()
                .and_then(|a| a.views.get_mut(tab - super::views::VIEW_TAB_BASE))
            {
                t.viewport = viewport;
            }
        }
        Action::Viewport { tab, viewport } => {
            if let Some(t) = state.account_mut().and_then(|a| a.tab_ref_mut(tab)) {
                t.viewport = viewport;
            }
            fx.extend(maybe_older(state));
        }
        Action::TimelineLoaded {
            account,
            tab,
            request,
            direction,
            result,
        } => fx.extend(timeline_loaded(
            state, account, tab, request, direction, result,
        )),
        Action::CredentialsLoaded { account, result } => match result {
            Ok(me) => {
                if let Some(acc) = state.accounts.get_mut(account) {
                    if acc.label.is_empty() || !acc.label.contains('@') {
                        acc.label = format!("{}@{}", me.acct, acc.instance);
                    }
                    acc.me = Some(*me);
                }
            }
            Err(e) => api_error(state, account, &e),
        },
        Action::AnnouncementArrived { account } => {
            fx.push(Effect::LoadAnnouncements { account });
        }
        Action::AnnouncementsLoaded { account, result } => match result {
            Ok(mut list) => {
                // An answer sent before a dismissal reached the server must
                // not bring the announcement back as unread.
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
                        .is_some_and(|v| matches!(v, super::views::View::Instance { .. }));
                if let Some(acc) = state.accounts.get_mut(account) {
                    acc.announcements = Some(list);
                }
                if unread > 0 && !in_view && state.active == account {
                    let i = state.keymap.key(super::keymap::Command::ShowInstance);
                    state.toast(
                        ToastKind::Info,
                        format!(
                            "{unread} unread announcement{} from the staff: press {i}",
                            if unread == 1 { "" } else { "s" }
                        ),
                    );
                }
            }
            Err(e) if e.is_unauthorized() => api_error(state, account, &e),
            Err(e) => tracing::debug!("announcements unavailable: {e}"),
        },
        Action::InstanceLoaded { account, result } => match result {
            Ok(i) => {
                if let Some(acc) = state.accounts.get_mut(account) {
                    acc.instance_info = Some(*i);
                }
            }
            // Optional information: a failure is logged by the runner, not shown.
            Err(e) if e.is_unauthorized() => api_error(state, account, &e),
            Err(_) => {}
        },
        Action::StreamUpdate {
            account,
            stream,
            status,
        } => {
            if let Some(acc) = state.accounts.get_mut(account) {
                // What a filter hides, and what the tab's toggles hide, stay out.
                let hidden = hidden_by_filter(&status);
                let boost = status.reblog.is_some();
                let reply = status.original().in_reply_to_id.is_some();
                let id = status.id.clone();
                let key = id.as_str().to_string();
                acc.statuses.insert(id, *status);
                for t in acc.tabs.iter_mut().filter(|t| {
                    matches!(t.kind, TabKind::Timeline(_))
                        && t.kind.stream().as_deref() == Some(stream.as_str())
                        && !hidden
                        && !(t.hide_boosts && boost)
                        && !(t.hide_replies && reply)
                }) {
                    if t.loaded {
                        t.insert_sorted(key.clone());
                        t.streamed(&key);
                    }
                }
            }
        }
        Action::StreamConversation {
            account,
            conversation,
        } => {
            if let Some(acc) = state.accounts.get_mut(account) {
                let key = conversation.id.as_str().to_string();
                if let Some(s) = &conversation.last_status {
                    acc.statuses.insert(s.id.clone(), s.clone());
                }
                let unread = conversation.unread;
                acc.conversations.insert(key.clone(), *conversation);
                // The conversation moves to the top.
                for t in acc.tabs.iter_mut().filter(|t| t.loaded) {
                    if t.kind == TabKind::Conversations {
                        t.move_to_top(key.clone());
                        if !unread {
                            t.unread = t.unread.saturating_sub(1);
                        }
                    }
                }
            }
        }
        Action::StreamNotification {
            account,
            notification,
        } => {
            if let Some(acc) = state.accounts.get_mut(account) {
                let key = notification.id.as_str().to_string();
                let kind = notification.kind.as_str().to_string();
                // A new member of a group already shown replaces it at the top.
                if let Some(gk) = notification
                    .group_key
                    .clone()
                    .filter(|k| !k.starts_with("ungrouped"))
                {
                    let old: Option<String> = acc
                        .notifications
                        .iter()
                        .find(|(_, n)| n.group_key.as_deref() == Some(gk.as_str()))
                        .map(|(id, _)| id.clone());
                    if let Some(old) = old {
                        let mut g = acc.notification_groups.remove(&old).unwrap_or_else(|| {
                            super::action::NotificationGroupInfo {
                                count: 1,
                                names: acc
                                    .notifications
                                    .get(&old)
                                    .and_then(|n| n.account.as_ref())
                                    .map(|a| vec![a.display_name_or_username().to_string()])
                                    .unwrap_or_default(),
                            }
                        });
                        g.count += 1;
                        if let Some(a) = &notification.account {
                            g.names.retain(|x| x != a.display_name_or_username());
                            g.names.insert(0, a.display_name_or_username().to_string());
                        }
                        acc.notifications.remove(&old);
                        for t in acc.tabs.iter_mut() {
                            if matches!(t.kind, TabKind::Notifications(_)) {
                                t.remove(&old);
                            }
                        }
                        acc.notification_groups.insert(key.clone(), g);
                    }
                }
                if let Some(s) = &notification.status {
                    acc.statuses.insert(s.id.clone(), s.clone());
                }
                acc.notifications.insert(key.clone(), *notification);
                for t in acc.tabs.iter_mut() {
                    if let TabKind::Notifications(f) = t.kind {
                        if t.loaded && f.keeps(&kind) {
                            t.insert_sorted(key.clone());
                            t.streamed(&key);
                        }
                    }
                }
            }
        }
        Action::StreamStatusUpdate { account, status } => {
            if let Some(acc) = state.accounts.get_mut(account) {
                let id = status.id.clone();
                if acc.statuses.contains_key(&id) {
                    acc.statuses.insert(id.clone(), (*status).clone());
                }
                // Boosts of the edited status show the new version too.
                for s in acc.statuses.values_mut() {
                    if s.reblog.as_ref().is_some_and(|r| r.id == id) {
                        s.reblog = Some(status.clone());
                    }
                }
            }
        }
        Action::StreamDelete { account, id } => {
            if let Some(acc) = state.accounts.get_mut(account) {
                let boosts: Vec<_> = acc
                    .statuses
                    .values()
                    .filter(|s| s.reblog.as_ref().is_some_and(|r| r.id == id))
                    .map(|s| s.id.clone())
                    .collect();
                for t in acc.tabs.iter_mut() {
                    t.remove(id.as_str());
                    for b in &boosts {
                        t.remove(b.as_str());
                    }
                }
                acc.statuses.remove(&id);
                for b in boosts {
                    acc.statuses.remove(&b);
                }
            }
        }
        Action::StreamState { account, status } => {
            if let Some(acc) = state.accounts.get_mut(account) {
                let reconnected = !matches!(
                    acc.stream,
                    StreamStatus::Live | StreamStatus::Connecting | StreamStatus::Offline
                ) && status == StreamStatus::Live;
                if matches!(status, StreamStatus::Reconnecting { .. }) {
                    // What arrives after the reconnect does not cover the gap.
                    for t in acc.tabs.iter_mut().filter(|t| t.loaded) {
                        t.gap_open = true;
                    }
                }
                acc.stream = status;
                if reconnected {
                    // Fill the gap the disconnection left, for every loaded tab.
                    let tabs: Vec<usize> = acc
                        .tabs
                        .iter()
                        .enumerate()
                        .filter(|(_, t)| t.loaded)
                        .map(|(i, _)| i)
                        .collect();
                    for tab in tabs {
                        fx.extend(load_newer(state, account, tab));
                    }
                }
            }
        }
        // Compose's and the confirm dialog's commands, with neither open.
        Action::Command(_) => {}
    }
    fx
}

/// Keys while the login form is open.
fn login_key(state: &mut State, action: Action) -> Vec<Effect> {
    let has_accounts = !state.accounts.is_empty();
    let Some(form) = state.login.as_mut() else {
        return vec![];
    };
    match action {
        Action::Command(Command::Quit) => {
            state.should_quit = true;
            return vec![Effect::Quit];
        }
        Action::Text(key) => match (&form.phase, key) {
            (LoginPhase::EnterInstance, TextKey::Char(c)) => form.instance.push(c),
            (LoginPhase::EnterInstance, TextKey::Paste(t)) => form.instance.push_str(t.trim()),
            (LoginPhase::EnterInstance, TextKey::Backspace) => {
                form.instance.pop();
            }
            (LoginPhase::EnterInstance, TextKey::Enter) => {
                let instance = form.instance.trim().to_string();
                if instance.is_empty() {
                    form.error =
                        Some("Type the address of your instance, e.g. mastodon.social".into());
                } else {
                    form.phase = LoginPhase::Preparing;
                    form.error = None;
                    return vec![Effect::StartLogin { instance }];
                }
            }
            (LoginPhase::PasteCode { .. }, TextKey::Char(c)) => form.code.push(c),
            (LoginPhase::PasteCode { .. }, TextKey::Paste(t)) => form.code.push_str(t.trim()),
            (LoginPhase::PasteCode { .. }, TextKey::Backspace) => {
                form.code.pop();
            }
            (LoginPhase::PasteCode { .. }, TextKey::Enter) => {
                let code = form.code.trim().to_string();
                if !code.is_empty() {
                    form.phase = LoginPhase::Finishing;
                    return vec![Effect::LoginCode { code }];
                }
            }
            (LoginPhase::EnterInstance, TextKey::Esc) => {
                if has_accounts {
                    state.login = None;
                } else {
                    form.error = Some("Log in to start, or press Ctrl-C to quit.".into());
                }
            }
            (_, TextKey::Esc) => {
                form.phase = LoginPhase::EnterInstance;
                form.code.clear();
                return vec![Effect::CancelLogin];
            }
            _ => {}
        },
        Action::Command(Command::Back) => {
            if form.phase == LoginPhase::EnterInstance {
                if has_accounts {
                    state.login = None;
                }
            } else {
                form.phase = LoginPhase::EnterInstance;
                form.code.clear();
                return vec![Effect::CancelLogin];
            }
        }
        _ => {}
    }
    vec![]
}

/// Keys while the account switcher is open. The last row adds an account.
fn switcher_key(state: &mut State, action: Action) -> Vec<Effect> {
    let Some(sel) = state.switcher else {
        return vec![];
    };
    let rows = state.accounts.len() + 1;
    match action {
        Action::Command(Command::Quit) => {
            state.should_quit = true;
            return vec![Effect::Quit];
        }
        Action::Command(Command::ScrollDown) => state.switcher = Some((sel + 1) % rows),
        Action::Command(Command::ScrollUp) => state.switcher = Some((sel + rows - 1) % rows),
        Action::Command(Command::Select) => {
            state.switcher = None;
            if sel < state.accounts.len() {
                state.active = sel;
            } else {
                state.login = Some(LoginForm::default());
            }
        }
        Action::Command(Command::Back) | Action::Command(Command::ToggleSwitcher) => {
            state.switcher = None
        }
        _ => {}
    }
    vec![]
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
        let mut notifications = None;
        for (i, t) in acc.tabs.iter().enumerate() {
            match &t.kind {
                TabKind::Timeline(trompe_api::endpoints::timelines::TimelineKind::Home) => {
                    home = t.selected_id().map(str::to_string);
                }
                TabKind::Notifications(_) if i == acc.active_tab && acc.views.is_empty() => {
                    notifications = t.ids.first().cloned();
                }
                _ => {}
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
        let tabs: Vec<usize> = state.accounts[account]
            .tabs
            .iter()
            .enumerate()
            .filter(|(_, t)| t.loaded)
            .map(|(i, _)| i)
            .collect();
        for tab in tabs {
            fx.extend(load_newer(state, account, tab));
        }
    }
    fx
}

/// Enter: on a follow request notification, accept it.
fn select(state: &mut State) -> Vec<Effect> {
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
        TabKind::Timeline(_) => acc.status(id),
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
            let ids = match &page.items {
                PageItems::Statuses(items) => items
                    .iter()
                    .filter(|s| !(t.hide_boosts && s.reblog.is_some()))
                    .filter(|s| !(t.hide_replies && s.original().in_reply_to_id.is_some()))
                    .filter(|s| !hidden_by_filter(s))
                    .map(|s| s.id.as_str().to_string())
                    .collect(),
                PageItems::Notifications(_) | PageItems::Conversations(_) => page.items.ids(),
            };
            let full = ids.len() as u32 >= PAGE_SIZE;
            match direction {
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
            match page.items {
                PageItems::Statuses(items) => {
                    for s in items {
                        acc.statuses.insert(s.id.clone(), s);
                    }
                }
                PageItems::Notifications(items) => {
                    for (id, g) in page.groups {
                        acc.notification_groups.insert(id, g);
                    }
                    for n in items {
                        if let Some(s) = &n.status {
                            acc.statuses.insert(s.id.clone(), s.clone());
                        }
                        acc.notifications.insert(n.id.as_str().to_string(), n);
                    }
                }
                PageItems::Conversations(items) => {
                    for c in items {
                        if let Some(s) = &c.last_status {
                            acc.statuses.insert(s.id.clone(), s.clone());
                        }
                        acc.conversations.insert(c.id.as_str().to_string(), c);
                    }
                }
            }
            if direction == LoadDirection::Initial {
                restore_markers(acc);
            }
            // A full page of newer items may hide more: keep going up.
            if direction == LoadDirection::Newer && full {
                fx.extend(load_newer(state, account, tab));
            }
        }
        Err(e) => {
            t.error = Some(e.to_string());
            api_error(state, account, &e);
        }
    }
    fx
}
