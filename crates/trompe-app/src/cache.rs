//! The local cache of an account's tabs: the newest page of each open tab,
//! kept between runs so that the next start draws at once, before the
//! server answers, and so that an offline start still has something to
//! read.
//!
//! This module is pure: [`snapshot`] takes what to keep from the state and
//! [`restore`] puts a snapshot back into it. The runner reads and writes
//! the file (one per account in the data directory, mode 0600) off the UI
//! task. A restored tab is marked [`TimelineTab::cached`] until the first
//! page from the server is merged into it without moving the reader
//! ([`TimelineTab::merge_fresh`]).

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::action::{NotificationGroupInfo, PageItems};
use super::state::AccountState;
use super::timeline::TabKind;

/// The format's version: a file of another version is not read.
pub const VERSION: u32 = 2;
/// Items kept per tab: one page.
pub const ITEMS_KEPT: usize = 40;
/// Tabs kept per account.
pub const TABS_KEPT: usize = 16;
/// A cache file larger than this is not read (a page of 40 posts is about
/// 100 KB of JSON; 16 tabs of them stay well below).
pub const MAX_FILE_BYTES: u64 = 8 << 20;
/// How often, at most, a changed cache is written while the app runs (it
/// is also written when the app quits).
pub const SAVE_EVERY: time::Duration = time::Duration::seconds(60);

/// What the cache keeps of one account.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Snapshot {
    pub version: u32,
    /// When it was taken (Unix seconds).
    pub saved_at: i64,
    /// The account's cache key (`user@instance`), checked when it is read.
    pub account: String,
    pub tabs: Vec<CachedTab>,
}

/// The newest page of one tab: its items as a page from the server would
/// bring them.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CachedTab {
    /// The tab's title (`Home`, `#rust`, …): how it is found again.
    pub title: String,
    /// The post (or notification) the reader had selected, when it is in
    /// the page.
    #[serde(default)]
    pub selected: Option<String>,
    /// The first item on the reader's screen then, so that the next start
    /// shows the same screen.
    #[serde(default)]
    pub top: Option<String>,
    pub items: PageItems,
    /// For grouped notifications: who else is in each group.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<(String, NotificationGroupInfo)>,
}

/// Does this kind of tab go into the cache? Timelines, notifications and
/// conversations; not the node's Relay tab.
fn kept(kind: &TabKind) -> bool {
    !matches!(kind, TabKind::Relay)
}

/// What to keep of `acc`: the newest [`ITEMS_KEPT`] items of each loaded
/// tab. `None` without a cache key (the node, a visitor), for an account
/// that must log in again, or when nothing is loaded.
pub fn snapshot(acc: &AccountState, now: OffsetDateTime) -> Option<Snapshot> {
    let key = acc.cache_key.clone()?;
    if acc.needs_login {
        return None;
    }
    let tabs: Vec<CachedTab> = acc
        .tabs
        .iter()
        .filter(|t| t.loaded && kept(&t.kind) && !t.ids.is_empty())
        .take(TABS_KEPT)
        .map(|t| {
            let ids = &t.ids[..t.ids.len().min(ITEMS_KEPT)];
            let (items, groups) = items_of(acc, &t.kind, ids);
            CachedTab {
                title: t.title(),
                selected: t
                    .selected_id()
                    .filter(|s| ids.iter().any(|i| i == s))
                    .map(str::to_string),
                top: ids.get(t.viewport.top.min(t.selected)).cloned(),
                items,
                groups,
            }
        })
        .collect();
    if tabs.is_empty() {
        return None;
    }
    Some(Snapshot {
        version: VERSION,
        saved_at: now.unix_timestamp(),
        account: key,
        tabs,
    })
}

/// The items behind a tab's `ids`, as a page, with their groups.
fn items_of(
    acc: &AccountState,
    kind: &TabKind,
    ids: &[String],
) -> (PageItems, Vec<(String, NotificationGroupInfo)>) {
    match kind {
        TabKind::Notifications(_) => (
            PageItems::Notifications(
                ids.iter()
                    .filter_map(|id| acc.notifications.get(id).cloned())
                    .collect(),
            ),
            ids.iter()
                .filter_map(|id| Some((id.clone(), acc.notification_groups.get(id)?.clone())))
                .collect(),
        ),
        TabKind::Conversations => (
            PageItems::Conversations(
                ids.iter()
                    .filter_map(|id| acc.conversations.get(id).cloned())
                    .collect(),
            ),
            Vec::new(),
        ),
        _ => (
            PageItems::Statuses(
                ids.iter()
                    .filter_map(|id| acc.status(id).cloned())
                    .collect(),
            ),
            Vec::new(),
        ),
    }
}

/// A cheap summary of what the cache would keep: when it changes, the
/// cache is written again.
pub fn fingerprint(acc: &AccountState) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    for t in acc.tabs.iter().filter(|t| t.loaded && kept(&t.kind)) {
        t.title().hash(&mut h);
        t.ids.len().min(ITEMS_KEPT).hash(&mut h);
        t.ids.first().hash(&mut h);
        t.ids
            .get(ITEMS_KEPT.min(t.ids.len()).saturating_sub(1))
            .hash(&mut h);
        t.selected_id().hash(&mut h);
    }
    h.finish()
}

/// Puts a snapshot back into `acc`: each cached tab that is open and not
/// loaded yet gets its page, as a first page from the server would be
/// taken (posts its settings or filters now hide are set aside), marked as
/// cached, with the reader where they were. Returns how many tabs were
/// filled. A snapshot of another version or account fills nothing.
pub fn restore(acc: &mut AccountState, snap: Snapshot) -> usize {
    if snap.version != VERSION || acc.cache_key.as_deref() != Some(snap.account.as_str()) {
        return 0;
    }
    let Ok(saved_at) = OffsetDateTime::from_unix_timestamp(snap.saved_at) else {
        return 0;
    };
    let mut filled = 0;
    for mut cached in snap.tabs.into_iter().take(TABS_KEPT) {
        let Some(index) = acc
            .tabs
            .iter()
            .position(|t| !t.loaded && kept(&t.kind) && t.title() == cached.title)
        else {
            continue;
        };
        cached.items.truncate(ITEMS_KEPT);
        let ids = acc.tabs[index].shown_ids(&cached.items);
        acc.keep_page(cached.items, cached.groups);
        if ids.is_empty() {
            continue;
        }
        acc.tabs[index].restore_cached(
            ids,
            saved_at,
            cached.selected.as_deref(),
            cached.top.as_deref(),
        );
        filled += 1;
    }
    filled
}

/// The file name of an account's cache: its key with anything but
/// letters, digits, `.`, `-`, `_` and `@` replaced, so that a key can
/// never leave the cache directory.
pub fn file_name(label: &str) -> String {
    let mut name: String = label
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | '@') {
                c
            } else {
                '_'
            }
        })
        .collect();
    if name.starts_with('.') {
        name.insert(0, '_');
    }
    format!("{name}.json")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_stay_in_their_directory() {
        assert_eq!(file_name("me@example.social"), "me@example.social.json");
        assert_eq!(file_name("../../etc/passwd"), "_.._.._etc_passwd.json");
        assert_eq!(file_name("a/b\\c d"), "a_b_c_d.json");
        assert_eq!(file_name(".hidden"), "_.hidden.json");
    }
}
