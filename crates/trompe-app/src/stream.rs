//! What the streaming connection brings: new posts, edits, deletions,
//! notifications and direct messages, merged into the account's store and
//! its loaded tabs, and the connection's own state. Part of `update`:
//! synchronous, no I/O.

use trompe_api::entities::{Conversation, Notification, Status, StatusId};

use super::action::{NotificationGroupInfo, StreamStatus};
use super::effect::Effect;
use super::state::State;
use super::timeline::TabKind;
use super::update::load_newer;

/// A post arrived for the stream `stream`: into every loaded tab of that
/// stream, unless a filter or the tab's toggles hide it.
pub(super) fn status(
    state: &mut State,
    account: usize,
    stream: &str,
    status: Status,
) -> Vec<Effect> {
    let Some(acc) = state.accounts.get_mut(account) else {
        return vec![];
    };
    let id = status.id.clone();
    let key = id.as_str().to_string();
    for t in acc.tabs.iter_mut().filter(|t| {
        matches!(t.kind, TabKind::Timeline(_) | TabKind::Relay)
            && t.kind.stream().as_deref() == Some(stream)
            && t.loaded
    }) {
        if t.hides_status(&status) {
            // Kept, to show in place if the settings or filters change.
            t.set_aside(key.clone());
        } else {
            t.insert_sorted(key.clone());
            t.streamed(&key);
        }
    }
    acc.keep_status(status);
    vec![]
}

/// A post was edited: its copy and the boosts of it show the new version.
pub(super) fn status_edited(state: &mut State, account: usize, status: Box<Status>) -> Vec<Effect> {
    if let Some(acc) = state.accounts.get_mut(account) {
        let id = status.id.clone();
        if acc.statuses.contains_key(&id) {
            acc.keep_status((*status).clone());
        }
        for s in acc.statuses.values_mut() {
            if s.reblog.as_ref().is_some_and(|r| r.id == id) {
                s.reblog = Some(status.clone());
            }
        }
    }
    vec![]
}

/// A conversation has a new direct message: it moves to the top.
pub(super) fn conversation(
    state: &mut State,
    account: usize,
    conversation: Conversation,
) -> Vec<Effect> {
    let Some(acc) = state.accounts.get_mut(account) else {
        return vec![];
    };
    let key = conversation.id.as_str().to_string();
    if let Some(s) = &conversation.last_status {
        acc.keep_status(s.clone());
    }
    let unread = conversation.unread;
    acc.conversations.insert(key.clone(), conversation);
    for t in acc.tabs.iter_mut().filter(|t| t.loaded) {
        if t.kind == TabKind::Conversations {
            t.move_to_top(key.clone());
            if !unread {
                t.unread = t.unread.saturating_sub(1);
            }
        }
    }
    vec![]
}

/// A notification arrived: into the notifications tabs whose filter keeps
/// its type; a new member of a group already shown replaces it at the top.
pub(super) fn notification(
    state: &mut State,
    account: usize,
    notification: Notification,
) -> Vec<Effect> {
    let Some(acc) = state.accounts.get_mut(account) else {
        return vec![];
    };
    let key = notification.id.as_str().to_string();
    let kind = notification.kind.as_str().to_string();
    if let Some(gk) = notification
        .group_key
        .clone()
        .filter(|k| !k.starts_with("ungrouped"))
    {
        regroup(acc, &gk, &key, &notification);
    }
    if let Some(s) = &notification.status {
        acc.keep_status(s.clone());
    }
    acc.notifications.insert(key.clone(), notification);
    for t in acc.tabs.iter_mut() {
        if let TabKind::Notifications(f) = t.kind {
            if t.loaded && f.keeps(&kind) {
                t.insert_sorted(key.clone());
                t.streamed(&key);
            }
        }
    }
    vec![]
}

/// Moves the group `gk` (shown as an older notification, if any) to the
/// new notification `key`, counting its author in.
fn regroup(acc: &mut super::state::AccountState, gk: &str, key: &str, notification: &Notification) {
    let old: Option<String> = acc
        .notifications
        .iter()
        .find(|(_, n)| n.group_key.as_deref() == Some(gk))
        .map(|(id, _)| id.clone());
    let Some(old) = old else {
        return;
    };
    let mut g = acc
        .notification_groups
        .remove(&old)
        .unwrap_or_else(|| NotificationGroupInfo {
            count: 1,
            names: acc
                .notifications
                .get(&old)
                .and_then(|n| n.account.as_ref())
                .map(|a| vec![a.display_name_or_username().to_string()])
                .unwrap_or_default(),
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
    acc.notification_groups.insert(key.to_string(), g);
}

/// The server's filters changed: they are fetched, and the posts already
/// loaded are matched against them where they are.
pub(super) fn filters_changed(account: usize) -> Vec<Effect> {
    // The new filters, to match the loaded posts again in place (see
    // `filtering`): nothing is loaded again.
    vec![Effect::Filters {
        account,
        change: None,
    }]
}

/// A post was deleted (over the stream, or by the user): it leaves the
/// store and every tab, with the boosts of it.
pub(super) fn delete(state: &mut State, account: usize, id: &StatusId) -> Vec<Effect> {
    if let Some(acc) = state.accounts.get_mut(account) {
        let boosts: Vec<_> = acc
            .statuses
            .values()
            .filter(|s| s.reblog.as_ref().is_some_and(|r| r.id == *id))
            .map(|s| s.id.clone())
            .collect();
        // The tabs, and the lists inside views (a profile's posts, `:me`):
        // the next post takes the selection.
        let lists = acc
            .tabs
            .iter_mut()
            .chain(acc.views.iter_mut().filter_map(|v| v.tab_mut()));
        for t in lists {
            t.remove(id.as_str());
            for b in &boosts {
                t.remove(b.as_str());
            }
        }
        acc.statuses.remove(id);
        for b in boosts {
            acc.statuses.remove(&b);
        }
    }
    vec![]
}

/// The connection's state changed; after a reconnection, the gap it left
/// is filled in every loaded tab.
pub(super) fn state_changed(
    state: &mut State,
    account: usize,
    status: StreamStatus,
) -> Vec<Effect> {
    let Some(acc) = state.accounts.get_mut(account) else {
        return vec![];
    };
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
    if !reconnected {
        return vec![];
    }
    let tabs = acc.loaded_tabs(|_| true);
    tabs.into_iter()
        .filter_map(|tab| load_newer(state, account, tab))
        .collect()
}
