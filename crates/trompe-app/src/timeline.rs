//! One timeline tab: an ordered list of status ids (the statuses themselves
//! live in the account's store), the selection, the scroll position and the
//! loading state. Merging pages never leaves a duplicate.

use std::cmp::Ordering;
use std::collections::HashSet;

use url::Url;

use trompe_api::endpoints::timelines::TimelineKind;

use super::effect::RequestId;

/// What the renderer laid out last time.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Viewport {
    /// Index of the first card drawn.
    pub top: usize,
    /// Number of cards drawn (fully or partly).
    pub shown: usize,
}

/// Loading state of a tab.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Loading {
    #[default]
    Idle,
    Busy(RequestId),
}

/// Which notifications a notifications tab shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum NotificationFilter {
    #[default]
    All,
    Mentions,
    Follows,
    Favourites,
    Boosts,
    Polls,
}

impl NotificationFilter {
    /// The next filter in the cycle.
    pub fn next(self) -> Self {
        use NotificationFilter::*;
        match self {
            All => Mentions,
            Mentions => Follows,
            Follows => Favourites,
            Favourites => Boosts,
            Boosts => Polls,
            Polls => All,
        }
    }

    /// The notification types it keeps (`None`: all).
    pub fn types(self) -> Option<&'static [&'static str]> {
        use NotificationFilter::*;
        match self {
            All => None,
            Mentions => Some(&["mention"]),
            Follows => Some(&["follow", "follow_request"]),
            Favourites => Some(&["favourite"]),
            Boosts => Some(&["reblog"]),
            Polls => Some(&["poll"]),
        }
    }

    /// Does it keep this type?
    pub fn keeps(self, kind: &str) -> bool {
        self.types().is_none_or(|t| t.contains(&kind))
    }

    /// Its label.
    pub fn label(self) -> &'static str {
        use NotificationFilter::*;
        match self {
            All => "all",
            Mentions => "mentions",
            Follows => "follows",
            Favourites => "favourites",
            Boosts => "boosts",
            Polls => "polls",
        }
    }
}

/// What a tab lists.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum TabKind {
    /// Statuses from a timeline endpoint.
    Timeline(TimelineKind),
    /// Notifications, filtered by type.
    Notifications(NotificationFilter),
    /// Direct conversations, the most recently active first.
    Conversations,
    /// What the federation node received (and posted), newest first.
    Relay,
}

impl TabKind {
    /// The stream that feeds this tab, if any.
    pub fn stream(&self) -> Option<String> {
        match self {
            TabKind::Timeline(k) => k.stream(),
            TabKind::Notifications(_) => Some("user".into()),
            TabKind::Conversations => Some("direct".into()),
            TabKind::Relay => Some("relay".into()),
        }
    }

    /// The title.
    pub fn title(&self) -> String {
        match self {
            TabKind::Timeline(k) => k.title(),
            TabKind::Notifications(NotificationFilter::All) => "Notifications".into(),
            TabKind::Notifications(f) => format!("Notifications: {}", f.label()),
            TabKind::Conversations => "Conversations".into(),
            TabKind::Relay => "Relay".into(),
        }
    }

    /// Is it the home timeline?
    pub fn is_home(&self) -> bool {
        matches!(self, TabKind::Timeline(TimelineKind::Home))
    }
}

impl TabKind {
    /// A tab from its name in the config (`home`, `notifications`,
    /// `mentions`, `local`, `federated`, `bookmarks`, `favourites`,
    /// `trending`, `tag:NAME`).
    pub fn from_name(name: &str) -> Option<TabKind> {
        let n = name.trim();
        Some(match n.to_lowercase().as_str() {
            "home" => TabKind::Timeline(TimelineKind::Home),
            "notifications" => TabKind::Notifications(NotificationFilter::All),
            "mentions" => TabKind::Notifications(NotificationFilter::Mentions),
            "local" => TabKind::Timeline(TimelineKind::Local),
            "federated" | "public" => TabKind::Timeline(TimelineKind::Federated),
            "bookmarks" => TabKind::Timeline(TimelineKind::Bookmarks),
            "favourites" | "favorites" => TabKind::Timeline(TimelineKind::Favourites),
            "trending" => TabKind::Timeline(TimelineKind::Trending),
            "conversations" | "direct" | "dms" => TabKind::Conversations,
            "relay" => TabKind::Relay,
            other => {
                let tag = other
                    .strip_prefix("tag:")
                    .or_else(|| other.strip_prefix('#'))?;
                if tag.is_empty() {
                    return None;
                }
                TabKind::Timeline(TimelineKind::Hashtag {
                    tag: tag.to_string(),
                    any: vec![],
                })
            }
        })
    }
}

/// A tab: a list of item ids (statuses or notifications; the items live in
/// the account's stores), its selection, scroll position and loading state.
#[derive(Debug, Clone)]
pub struct TimelineTab {
    pub kind: TabKind,
    /// Item ids, newest first.
    pub ids: Vec<String>,
    index: HashSet<String>,
    /// Hide boosts in this tab.
    pub hide_boosts: bool,
    /// Hide replies in this tab.
    pub hide_replies: bool,
    /// Posts loaded but hidden by `hide_boosts` / `hide_replies`, kept to
    /// show again in place when the setting changes (bounded).
    pub set_aside: Vec<String>,
    pub selected: usize,
    pub viewport: Viewport,
    pub initial: Loading,
    pub newer: Loading,
    pub older: Loading,
    /// The `Link: rel="next"` URL for older items.
    pub next: Option<Url>,
    /// No older items exist.
    pub reached_end: bool,
    /// The last error, shown in the tab with a retry hint.
    pub error: Option<String>,
    /// Items that arrived above the reader since they last looked at the top.
    pub unread: usize,
    /// Has the first page arrived?
    pub loaded: bool,
    /// The newest id up to which the tab holds everything (the cursor for
    /// fetching newer items). Streamed items move it only while no gap is open.
    pub synced: Option<String>,
    /// A disconnection left a gap that REST has not filled yet.
    pub gap_open: bool,
    /// When to fetch what is newer once more: servers do not acknowledge a
    /// `subscribe`, so a post made between the first page and the moment the
    /// server applied a new subscription would otherwise be missed.
    pub recheck_at: Option<time::OffsetDateTime>,
    /// The items come from the local cache of an earlier run, saved at
    /// this time; the server has not answered yet (or could not be
    /// reached). `None` once a first page from the server is merged.
    pub cached: Option<time::OffsetDateTime>,
}

/// How many hidden posts a tab keeps to show again.
pub const SET_ASIDE_KEPT: usize = 5_000;

/// Orders Mastodon ids: numeric strings compare by length first; ULIDs and
/// other fixed-width ids compare as strings.
pub fn cmp_ids(a: &str, b: &str) -> Ordering {
    a.len().cmp(&b.len()).then_with(|| a.cmp(b))
}

impl TimelineTab {
    /// An empty tab for a timeline.
    pub fn new(kind: TimelineKind) -> Self {
        Self::with_kind(TabKind::Timeline(kind))
    }

    /// An empty tab of any kind.
    pub fn with_kind(kind: TabKind) -> Self {
        TimelineTab {
            kind,
            ids: Vec::new(),
            index: HashSet::new(),
            hide_boosts: false,
            hide_replies: false,
            set_aside: Vec::new(),
            selected: 0,
            viewport: Viewport::default(),
            initial: Loading::Idle,
            newer: Loading::Idle,
            older: Loading::Idle,
            next: None,
            reached_end: false,
            error: None,
            unread: 0,
            loaded: false,
            synced: None,
            gap_open: false,
            recheck_at: None,
            cached: None,
        }
    }

    /// The tab's title.
    pub fn title(&self) -> String {
        self.kind.title()
    }

    /// Is any load running?
    pub fn busy(&self) -> bool {
        self.initial != Loading::Idle || self.newer != Loading::Idle || self.older != Loading::Idle
    }

    /// Does the tab hold this id?
    pub fn contains(&self, id: impl AsRef<str>) -> bool {
        self.index.contains(id.as_ref())
    }

    /// Replaces everything with a first page.
    /// Does this tab hide a post that is a boost (`boost`) or a reply?
    pub fn hides(&self, boost: bool, reply: bool) -> bool {
        (self.hide_boosts && boost) || (self.hide_replies && reply)
    }

    /// Does this tab hide `s`: a filter's `hide`, or its boosts and
    /// replies settings?
    pub fn hides_status(&self, s: &trompe_api::entities::Status) -> bool {
        super::update::hidden_by_filter(s)
            || self.hides(s.reblog.is_some(), s.original().in_reply_to_id.is_some())
    }

    /// The ids of a page's items that this tab shows, in order; the posts
    /// it hides are kept aside, to come back in place when its settings or
    /// the filters change.
    pub fn shown_ids(&mut self, items: &super::action::PageItems) -> Vec<String> {
        let super::action::PageItems::Statuses(statuses) = items else {
            return items.ids();
        };
        let mut shown = Vec::with_capacity(statuses.len());
        for s in statuses {
            let id = s.id.as_str().to_string();
            if self.hides_status(s) {
                self.set_aside(id);
            } else {
                shown.push(id);
            }
        }
        shown
    }

    /// Keeps a hidden post's id, to show it again in place.
    pub fn set_aside(&mut self, id: String) {
        if !self.set_aside.contains(&id) {
            if self.set_aside.len() >= SET_ASIDE_KEPT {
                self.set_aside.remove(0);
            }
            self.set_aside.push(id);
        }
    }

    /// Applies the hiding again, in place: `hidden` tells whether an id is
    /// hidden now (by the tab's settings or a filter; `None`: unknown, left
    /// where it is). Hidden posts leave the list and are kept;
    /// shown ones come back where their id puts them. The post under the
    /// reader stays selected, on the same row of the screen; when it is the
    /// one hidden, the next one down takes its place.
    pub fn refilter(&mut self, hidden: impl Fn(&str) -> Option<bool>) {
        let anchor = self.selected_id().map(str::to_string);
        let row = self.selected.saturating_sub(self.viewport.top);
        // Hide.
        let leaving: Vec<String> = self
            .ids
            .iter()
            .filter(|id| hidden(id) == Some(true))
            .cloned()
            .collect();
        // Where the reader was, if that post leaves: the next one that stays.
        let after = anchor.as_ref().and_then(|a| {
            let from = self.ids.iter().position(|i| i == a)?;
            self.ids[from..]
                .iter()
                .find(|i| !leaving.contains(i))
                .cloned()
        });
        for id in leaving {
            self.remove(&id);
            self.set_aside(id);
        }
        // Show.
        let back: Vec<String> = self
            .set_aside
            .iter()
            .filter(|id| hidden(id) == Some(false))
            .cloned()
            .collect();
        self.set_aside.retain(|id| !back.contains(id));
        for id in back {
            self.insert_sorted(id);
        }
        let keep = anchor
            .filter(|a| self.ids.contains(a))
            .or(after)
            .and_then(|a| self.ids.iter().position(|i| *i == a));
        if let Some(i) = keep {
            self.place_reader(i, row);
        }
        self.clamp();
    }

    /// Selects item `i` with it `row` cards below the top of the screen
    /// (as near as the list allows).
    fn place_reader(&mut self, i: usize, row: usize) {
        self.selected = i;
        self.viewport.top = i.saturating_sub(row);
    }

    pub fn set_initial(&mut self, ids: Vec<String>, next: Option<Url>) {
        self.ids.clear();
        self.index.clear();
        self.push_back(ids);
        self.reached_end = next.is_none() && self.ids.is_empty();
        self.next = next;
        self.selected = 0;
        self.viewport = Viewport::default();
        self.loaded = true;
        self.unread = 0;
        self.synced = self.ids.first().cloned();
        self.gap_open = false;
        self.cached = None;
    }

    /// Fills an empty tab with a page from the local cache, saved at
    /// `saved_at`, with the reader on `selected` when it is there, and
    /// `top` the first on screen when it is at or above it. Streamed
    /// items may join it, but only a page from the server ends the
    /// cached state (see [`TimelineTab::merge_fresh`]).
    pub fn restore_cached(
        &mut self,
        ids: Vec<String>,
        saved_at: time::OffsetDateTime,
        selected: Option<&str>,
        top: Option<&str>,
    ) {
        self.set_initial(ids, None);
        self.cached = Some(saved_at);
        // Nothing is known to be in sync with the server yet.
        self.synced = None;
        self.gap_open = true;
        if let Some(i) = selected.and_then(|s| self.ids.iter().position(|x| x == s)) {
            self.selected = i;
            self.viewport.top = top
                .and_then(|t| self.ids.iter().position(|x| x == t))
                .filter(|t| *t <= i)
                .unwrap_or(i);
        }
    }

    /// Merges the server's first page (`ids`, newest first, with `next`
    /// for older ones; `full`: the server sent a whole page) into a tab
    /// restored from the cache, without moving the reader: their post
    /// stays selected on the same row of the screen, and what is new above
    /// it is counted as unread. Cached posts that the page's range no
    /// longer holds (deleted, or now hidden) leave; cached posts older than
    /// the page stay when the server may still have them. When the page
    /// does not reach the cached posts (more than a page is new), the
    /// page replaces them.
    pub fn merge_fresh(&mut self, ids: Vec<String>, next: Option<Url>, full: bool) {
        self.cached = None;
        let newest = ids.iter().max_by(|a, b| cmp_ids(a, b)).cloned();
        let oldest = ids.iter().min_by(|a, b| cmp_ids(a, b)).cloned();
        let (Some(newest), Some(oldest)) = (newest, oldest) else {
            // The server has nothing: the cached posts are gone too.
            self.set_initial(Vec::new(), next);
            return;
        };
        let anchor = self.selected_id().map(str::to_string);
        let row = self.selected.saturating_sub(self.viewport.top);
        let reaches = self.ids.iter().any(|i| {
            cmp_ids(i, &oldest) != Ordering::Less && cmp_ids(i, &newest) != Ordering::Greater
        });
        // Conversations are ordered by their last message, not by id.
        if !reaches || self.kind == TabKind::Conversations {
            self.set_initial(ids, next);
            if let Some(i) = anchor.and_then(|a| self.ids.iter().position(|x| *x == a)) {
                self.place_reader(i, row);
            }
            return;
        }
        let known = std::mem::take(&mut self.index);
        // Newer than the page: streamed while it was on its way.
        let mut merged: Vec<String> = self
            .ids
            .iter()
            .filter(|i| cmp_ids(i, &newest) == Ordering::Greater)
            .cloned()
            .collect();
        merged.extend(ids.iter().cloned());
        if full {
            merged.extend(
                self.ids
                    .iter()
                    .filter(|i| cmp_ids(i, &oldest) == Ordering::Less)
                    .cloned(),
            );
        }
        merged.sort_by(|a, b| cmp_ids(b, a));
        merged.dedup();
        self.index = merged.iter().cloned().collect();
        // Where the reader was, if their post left: the next one that stayed.
        let keep = anchor.and_then(|a| {
            let from = self.ids.iter().position(|i| *i == a)?;
            self.ids[from..]
                .iter()
                .find(|i| self.index.contains(*i))
                .cloned()
        });
        self.ids = merged;
        self.next = next;
        self.reached_end = self.next.is_none();
        self.synced = self.ids.first().cloned();
        self.gap_open = false;
        self.loaded = true;
        match keep.and_then(|k| self.ids.iter().position(|i| *i == k)) {
            Some(i) => {
                self.place_reader(i, row);
                self.unread += self.ids[..i].iter().filter(|x| !known.contains(*x)).count();
                self.unread = self.unread.min(i);
            }
            None => {
                self.selected = 0;
                self.viewport.top = 0;
                self.unread = 0;
            }
        }
        self.clamp();
    }

    /// Records a streamed item: it extends the synced range unless a gap is open.
    pub fn streamed(&mut self, id: &str) {
        if !self.gap_open
            && self
                .synced
                .as_deref()
                .is_none_or(|s| cmp_ids(id, s) == Ordering::Greater)
        {
            self.synced = Some(id.to_string());
        }
    }

    /// Appends older ids, skipping any already present.
    pub fn push_back(&mut self, ids: Vec<String>) -> usize {
        let mut added = 0;
        for id in ids {
            if self.index.insert(id.clone()) {
                self.ids.push(id);
                added += 1;
            }
        }
        added
    }

    /// Adds newer ids above, keeping the reader's position (the selection and
    /// the top card stay on the same statuses). Returns how many were added.
    pub fn push_front(&mut self, ids: Vec<String>) -> usize {
        let fresh: Vec<String> = ids
            .into_iter()
            .filter(|id| !self.index.contains(id))
            .collect();
        if fresh.is_empty() {
            return 0;
        }
        let mut added = 0;
        for id in fresh {
            self.insert_sorted(id);
            added += 1;
        }
        added
    }

    /// Inserts one id at its place by id order, shifting the selection so the
    /// reader's status stays selected. Returns false for a duplicate.
    pub fn insert_sorted(&mut self, id: String) -> bool {
        if self.index.contains(&id) {
            return false;
        }
        let pos = self
            .ids
            .iter()
            .position(|x| cmp_ids(x, &id) == Ordering::Less)
            .unwrap_or(self.ids.len());
        // A reader at the very top follows the newest posts; anyone who has
        // scrolled keeps their place and gets an "N new" marker instead.
        let following_top = self.selected == 0 && self.viewport.top == 0;
        self.index.insert(id.clone());
        self.ids.insert(pos, id);
        if following_top && pos == 0 {
            return true;
        }
        if !self.ids.is_empty() && pos <= self.selected && self.ids.len() > 1 {
            self.selected += 1;
            if pos <= self.viewport.top {
                self.viewport.top += 1;
            }
            self.unread += 1;
        }
        true
    }

    /// Moves `id` (new or already listed) to the top, whatever its order:
    /// a conversation with a new message. The reader keeps their place
    /// unless they follow the top.
    pub fn move_to_top(&mut self, id: String) {
        let following_top = self.selected == 0 && self.viewport.top == 0;
        let selected_id = self.selected_id().map(str::to_string);
        let top_id = self.ids.get(self.viewport.top).cloned();
        if let Some(pos) = self.ids.iter().position(|x| *x == id) {
            self.ids.remove(pos);
        }
        self.index.insert(id.clone());
        self.ids.insert(0, id);
        if following_top {
            return;
        }
        let at =
            |wanted: Option<String>| wanted.and_then(|w| self.ids.iter().position(|x| *x == w));
        if let Some(i) = at(selected_id) {
            self.selected = i;
        }
        if let Some(i) = at(top_id) {
            self.viewport.top = i.min(self.selected);
        }
        self.unread += 1;
    }

    /// Removes an id (a deleted status).
    pub fn remove(&mut self, id: &str) {
        if !self.index.remove(id) {
            return;
        }
        if let Some(pos) = self.ids.iter().position(|x| x == id) {
            self.ids.remove(pos);
            if pos < self.selected {
                self.selected -= 1;
            }
            if pos < self.viewport.top {
                self.viewport.top -= 1;
            }
        }
        self.clamp();
    }

    /// Keeps the selection inside the list.
    pub fn clamp(&mut self) {
        if self.ids.is_empty() {
            self.selected = 0;
            self.viewport.top = 0;
        } else {
            self.selected = self.selected.min(self.ids.len() - 1);
            self.viewport.top = self.viewport.top.min(self.selected);
        }
    }

    /// Moves the selection by `delta`, clamped.
    pub fn move_by(&mut self, delta: isize) {
        if self.ids.is_empty() {
            return;
        }
        let max = self.ids.len() as isize - 1;
        self.selected = (self.selected as isize + delta).clamp(0, max) as usize;
        if self.selected < self.viewport.top {
            self.viewport.top = self.selected;
        }
        if self.selected < self.unread {
            self.unread = self.selected;
        }
    }

    /// The selected id.
    pub fn selected_id(&self) -> Option<&str> {
        self.ids.get(self.selected).map(String::as_str)
    }

    /// Should older items be fetched now (selection near the end)?
    pub fn wants_older(&self) -> bool {
        self.loaded
            && !self.reached_end
            && self.next.is_some()
            && self.older == Loading::Idle
            && self.initial == Loading::Idle
            && self.error.is_none()
            && self.selected + 5 >= self.ids.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    fn at() -> time::OffsetDateTime {
        time::OffsetDateTime::from_unix_timestamp(1_700_000_000).unwrap()
    }

    fn url() -> Option<Url> {
        Some(Url::parse("https://example.test/older").unwrap())
    }

    #[test]
    fn a_cached_tab_keeps_its_reader_when_the_server_answers() {
        let mut t = TimelineTab::new(TimelineKind::Home);
        t.restore_cached(ids(&["50", "40", "30", "20", "10"]), at(), Some("30"), None);
        assert_eq!(t.cached, Some(at()));
        assert!(t.loaded);
        assert_eq!(t.selected_id(), Some("30"));
        // Streamed before the page came: kept, and the sync waits.
        t.viewport.top = 1;
        assert!(t.insert_sorted("70".into()));
        t.streamed("70");
        assert_eq!(t.synced, None);
        assert_eq!(t.selected_id(), Some("30"));
        let row = t.selected - t.viewport.top;
        // The page: two new posts, "40" deleted, a full page reaching "20".
        t.merge_fresh(ids(&["60", "55", "50", "30", "20"]), url(), true);
        assert_eq!(t.cached, None);
        assert_eq!(t.ids, ids(&["70", "60", "55", "50", "30", "20", "10"]));
        assert_eq!(t.selected_id(), Some("30"));
        assert_eq!(t.selected - t.viewport.top, row);
        // New above the reader: the streamed one and the page's two.
        assert_eq!(t.unread, 3);
        assert_eq!(t.synced.as_deref(), Some("70"));
        assert!(!t.gap_open);
        assert_eq!(t.next, url());
        for id in ["70", "10"] {
            assert!(t.contains(id));
        }
        assert!(!t.contains("40"));
    }

    #[test]
    fn a_cached_tab_loses_what_the_server_no_longer_has() {
        // The reader's post was deleted: the next one down takes its place.
        let mut t = TimelineTab::new(TimelineKind::Home);
        t.restore_cached(ids(&["50", "40", "30", "20"]), at(), Some("40"), None);
        // A short page: nothing older exists, so "20" is gone too.
        t.merge_fresh(ids(&["50", "30"]), None, false);
        assert_eq!(t.ids, ids(&["50", "30"]));
        assert_eq!(t.selected_id(), Some("30"));
        assert_eq!(t.unread, 0);
        assert!(t.reached_end);
        // More than a page is new: the page replaces the cache.
        let mut t = TimelineTab::new(TimelineKind::Home);
        t.restore_cached(ids(&["20", "10"]), at(), Some("10"), None);
        t.merge_fresh(ids(&["90", "80"]), url(), true);
        assert_eq!(t.ids, ids(&["90", "80"]));
        assert_eq!(t.selected, 0);
        assert!(!t.contains("20"));
        // The server has nothing.
        let mut t = TimelineTab::new(TimelineKind::Home);
        t.restore_cached(ids(&["20", "10"]), at(), None, None);
        t.merge_fresh(Vec::new(), None, false);
        assert!(t.ids.is_empty());
        assert_eq!(t.cached, None);
    }

    #[test]
    fn merging_never_duplicates_and_keeps_position() {
        let mut t = TimelineTab::new(TimelineKind::Home);
        t.set_initial(ids(&["30", "20", "10"]), None);
        t.selected = 1; // on "20"
        assert_eq!(t.push_back(ids(&["10", "9", "8"])), 2);
        assert_eq!(t.push_front(ids(&["40", "35", "30"])), 2);
        assert_eq!(t.ids, ids(&["40", "35", "30", "20", "10", "9", "8"]));
        assert_eq!(t.selected_id(), Some("20"));
        assert_eq!(t.unread, 2);
    }

    #[test]
    fn ids_of_different_lengths_order_numerically() {
        assert_eq!(cmp_ids("100", "99"), Ordering::Greater);
        let mut t = TimelineTab::new(TimelineKind::Home);
        t.set_initial(ids(&["100", "99"]), None);
        t.insert_sorted("995".into());
        assert_eq!(t.ids, ids(&["995", "100", "99"]));
    }

    #[test]
    fn move_to_top_keeps_the_reader_on_their_item() {
        let mut t = TimelineTab::with_kind(TabKind::Conversations);
        t.set_initial(ids(&["9", "7", "3", "1"]), None);
        t.selected = 2; // on "3"
        t.move_to_top("1".into());
        assert_eq!(t.ids, ids(&["1", "9", "7", "3"]));
        assert_eq!(t.selected_id(), Some("3"));
        assert_eq!(t.unread, 1);
        t.move_to_top("5".into());
        assert_eq!(t.ids, ids(&["5", "1", "9", "7", "3"]));
        assert_eq!(t.selected_id(), Some("3"));
        // A reader at the top stays at the top.
        t.selected = 0;
        t.viewport.top = 0;
        t.move_to_top("7".into());
        assert_eq!(t.ids, ids(&["7", "5", "1", "9", "3"]));
        assert_eq!(t.selected, 0);
        assert!(t.contains("7") && t.ids.len() == 5);
    }

    #[test]
    fn remove_keeps_selection_on_same_item() {
        let mut t = TimelineTab::new(TimelineKind::Home);
        t.set_initial(ids(&["5", "4", "3"]), None);
        t.selected = 2;
        t.remove("5");
        assert_eq!(t.selected_id(), Some("3"));
    }
}

#[cfg(test)]
mod name_tests {
    use super::*;

    #[test]
    fn tabs_from_config_names() {
        assert_eq!(
            TabKind::from_name("home"),
            Some(TabKind::Timeline(TimelineKind::Home))
        );
        assert_eq!(
            TabKind::from_name("Mentions"),
            Some(TabKind::Notifications(NotificationFilter::Mentions))
        );
        assert!(
            matches!(TabKind::from_name("tag:rust"), Some(TabKind::Timeline(TimelineKind::Hashtag { tag, .. })) if tag == "rust")
        );
        assert!(matches!(
            TabKind::from_name("#Rust"),
            Some(TabKind::Timeline(TimelineKind::Hashtag { .. }))
        ));
        assert_eq!(TabKind::from_name("nonsense"), None);
        assert_eq!(TabKind::from_name("tag:"), None);
    }
}
