//! Views opened over the tabs, kept in a stack per account (Esc goes back):
//! a thread, a profile, search results, the link picker, a poll vote and
//! the instance information.

use trompe_api::entities::{Account, Relationship, SearchResults, StatusId};

use super::effect::RequestId;
use super::keymap::{Command, Mode};
use super::timeline::{TimelineTab, Viewport};

/// Tab references at or above this index point into the view stack: the
/// embedded list of view `i` is `VIEW_TAB_BASE + i`.
pub const VIEW_TAB_BASE: usize = 1_000;

/// One entry of the view stack.
#[derive(Debug, Clone)]
pub enum View {
    Thread(ThreadView),
    Profile(Box<ProfileView>),
    Search(SearchView),
    Links(LinkPicker),
    Poll(PollVote),
    Instance {
        scroll: u16,
    },
    /// Unsent drafts: Enter continues one, x deletes it.
    Drafts {
        drafts: Vec<trompe_api::compose::Draft>,
        selected: usize,
        loading: bool,
    },
    /// Filtered notifications: the policy, then the held requests.
    Requests(RequestsView),
    /// Raw JSON of a post, scrollable.
    Raw {
        text: String,
        scroll: u16,
    },
    /// A list of accounts: followers, muted, follow requests, …
    People(Box<super::people::PeopleView>),
    /// A list of hashtags: trending or followed.
    Tags(super::people::TagsView),
    /// The scheduled posts.
    Scheduled(super::scheduled::ScheduledView),
    /// The user's lists.
    Lists(super::people::ListsView),
    /// The user's filters.
    Filters(super::filters::FiltersView),
    /// A short menu: Enter runs the selected item's action.
    Menu(MenuView),
    /// A yes/no question before a destructive action.
    Confirm {
        text: String,
        action: Box<super::action::Action>,
    },
}

/// Moves a selection by `delta` within `len` rows.
pub(super) fn moved(selected: usize, delta: isize, len: usize) -> usize {
    let max = len.saturating_sub(1) as isize;
    (selected as isize + delta).clamp(0, max.max(0)) as usize
}

/// How far a command moves the selection of a list view (j/k, pages, ends).
pub(super) fn delta_of(cmd: Command) -> Option<isize> {
    Some(match cmd {
        Command::ScrollDown => 1,
        Command::ScrollUp => -1,
        Command::PageDown => 10,
        Command::PageUp => -10,
        Command::Top => isize::MIN / 2,
        Command::Bottom => isize::MAX / 2,
        _ => return None,
    })
}

/// The top view of the active account, if `pick` takes it (e.g.
/// `top_view(state, View::people_mut)`).
pub(super) fn top_view<'a, T: ?Sized>(
    state: &'a mut super::state::State,
    pick: impl FnOnce(&'a mut View) -> Option<&'a mut T>,
) -> Option<&'a mut T> {
    pick(state.account_mut()?.views.last_mut()?)
}

/// The newest view of `account` that `pick` takes: a result may arrive
/// after other views were opened over the one that asked for it.
pub(super) fn find_view<'a, T: ?Sized>(
    state: &'a mut super::state::State,
    account: usize,
    pick: impl FnMut(&'a mut View) -> Option<&'a mut T>,
) -> Option<&'a mut T> {
    state
        .accounts
        .get_mut(account)?
        .views
        .iter_mut()
        .rev()
        .find_map(pick)
}

impl View {
    /// The list of accounts, if this is one.
    pub fn people_mut(&mut self) -> Option<&mut super::people::PeopleView> {
        match self {
            View::People(p) => Some(p),
            _ => None,
        }
    }

    /// The list of hashtags, if this is one.
    pub fn tags_mut(&mut self) -> Option<&mut super::people::TagsView> {
        match self {
            View::Tags(t) => Some(t),
            _ => None,
        }
    }

    /// The list manager, if this is it.
    pub fn lists_mut(&mut self) -> Option<&mut super::people::ListsView> {
        match self {
            View::Lists(l) => Some(l),
            _ => None,
        }
    }

    /// The filter editor, if this is it.
    pub fn filters_mut(&mut self) -> Option<&mut super::filters::FiltersView> {
        match self {
            View::Filters(f) => Some(f),
            _ => None,
        }
    }

    /// The scheduled posts, if this is their list.
    pub fn scheduled_mut(&mut self) -> Option<&mut super::scheduled::ScheduledView> {
        match self {
            View::Scheduled(s) => Some(s),
            _ => None,
        }
    }

    /// The key mode of the view's own commands, looked up before the
    /// common ones while it is on top (`None`: the common ones only).
    pub fn key_mode(&self) -> Option<Mode> {
        Some(match self {
            View::Confirm { .. } => Mode::Confirm,
            View::Requests(_) => Mode::Requests,
            View::People(_) => Mode::People,
            View::Scheduled(_) => Mode::Scheduled,
            View::Lists(_) => Mode::Lists,
            View::Filters(_) => Mode::Filters,
            View::Drafts { .. } => Mode::Drafts,
            View::Instance { .. } => Mode::Instance,
            _ => return None,
        })
    }

    /// The list embedded in the view, if it has one.
    pub fn tab(&self) -> Option<&TimelineTab> {
        match self {
            View::Profile(p) => Some(&p.posts),
            _ => None,
        }
    }

    /// The embedded list, mutably.
    pub fn tab_mut(&mut self) -> Option<&mut TimelineTab> {
        match self {
            View::Profile(p) => Some(&mut p.posts),
            _ => None,
        }
    }

    /// A short title for the tab bar's breadcrumb.
    pub fn title(&self) -> String {
        match self {
            View::Thread(_) => "Thread".into(),
            View::Profile(p) => format!("@{}", p.account.acct),
            View::Search(s) => format!("Search: {}", s.query),
            View::Links(_) => "Links".into(),
            View::Poll(_) => "Vote".into(),
            View::Instance { .. } => "Instance".into(),
            View::Confirm { .. } => "Confirm".into(),
            View::Raw { text, .. } => {
                // Raw JSON of a post, or a text page (lists, history, …).
                let title = text.lines().next().unwrap_or("").trim();
                if title.starts_with('{') {
                    "JSON".into()
                } else {
                    title.chars().take(24).collect()
                }
            }
            View::Requests(_) => "Filtered notifications".into(),
            View::People(p) => p.kind.title(),
            View::Menu(m) => m.title.clone(),
            View::Filters(_) => "Filters".into(),
            View::Lists(_) => "Lists".into(),
            View::Scheduled(_) => "Scheduled".into(),
            View::Tags(t) => t.title().into(),
            View::Drafts { .. } => "Drafts".into(),
        }
    }
}

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

/// What a profile shows below its header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProfileSection {
    Posts,
    WithReplies,
    Media,
}

impl ProfileSection {
    /// The next section.
    pub fn next(self) -> Self {
        match self {
            ProfileSection::Posts => ProfileSection::WithReplies,
            ProfileSection::WithReplies => ProfileSection::Media,
            ProfileSection::Media => ProfileSection::Posts,
        }
    }

    /// Its label.
    pub fn label(self) -> &'static str {
        match self {
            ProfileSection::Posts => "posts",
            ProfileSection::WithReplies => "posts and replies",
            ProfileSection::Media => "media",
        }
    }
}

/// A profile: the account, the relationship, and its posts.
#[derive(Debug, Clone)]
pub struct ProfileView {
    pub account: Account,
    pub relationship: Option<Relationship>,
    pub section: ProfileSection,
    pub posts: TimelineTab,
}

/// Search results.
#[derive(Debug, Clone)]
pub struct SearchView {
    pub query: String,
    pub results: Option<SearchResults>,
    pub selected: usize,
    pub loading: Option<RequestId>,
    pub error: Option<String>,
}

/// One row of the search results.
#[derive(Debug, Clone, PartialEq)]
pub enum SearchRow {
    Account(usize),
    Hashtag(usize),
    Status(usize),
}

impl SearchView {
    /// The rows, accounts then hashtags then statuses.
    pub fn rows(&self) -> Vec<SearchRow> {
        let Some(r) = &self.results else {
            return vec![];
        };
        let mut rows: Vec<SearchRow> = (0..r.accounts.len()).map(SearchRow::Account).collect();
        rows.extend((0..r.hashtags.len()).map(SearchRow::Hashtag));
        rows.extend((0..r.statuses.len()).map(SearchRow::Status));
        rows
    }
}

/// The links and attachments of a status, to open one.
#[derive(Debug, Clone, PartialEq)]
pub struct LinkPicker {
    /// `(label, url)`.
    pub links: Vec<(String, String)>,
    pub selected: usize,
}

/// Voting in a poll.
#[derive(Debug, Clone, PartialEq)]
pub struct PollVote {
    pub status: StatusId,
    pub poll: trompe_api::entities::PollId,
    pub options: Vec<String>,
    pub multiple: bool,
    pub chosen: Vec<bool>,
    pub selected: usize,
}

/// The policy keys, in display order, with their labels.
pub const POLICY_ROWS: &[(&str, &str)] = &[
    ("for_not_following", "People you don't follow"),
    ("for_not_followers", "People not following you"),
    ("for_new_accounts", "New accounts (under 30 days)"),
    ("for_private_mentions", "Unsolicited private mentions"),
    ("for_limited_accounts", "Accounts limited by moderators"),
];

/// The filtered-notifications view.
#[derive(Debug, Clone, Default)]
pub struct RequestsView {
    pub policy: Option<trompe_api::entities::NotificationPolicy>,
    pub requests: Vec<trompe_api::entities::NotificationRequest>,
    /// Rows: the policy rows, then one per request.
    pub selected: usize,
    pub loading: bool,
    pub error: Option<String>,
}

impl RequestsView {
    /// The policy value of row `i`.
    pub fn policy_value(&self, i: usize) -> Option<&str> {
        let p = self.policy.as_ref()?;
        Some(match POLICY_ROWS.get(i)?.0 {
            "for_not_following" => &p.for_not_following,
            "for_not_followers" => &p.for_not_followers,
            "for_new_accounts" => &p.for_new_accounts,
            "for_private_mentions" => &p.for_private_mentions,
            _ => &p.for_limited_accounts,
        })
    }

    /// Number of rows.
    pub fn rows(&self) -> usize {
        POLICY_ROWS.len() + self.requests.len()
    }
}

/// A menu of choices, each an action (the mute duration, the visibility of
/// a boost, …), with an optional check box toggled by Tab.
#[derive(Debug, Clone)]
pub struct MenuView {
    pub title: String,
    pub items: Vec<(String, super::action::Action)>,
    pub selected: usize,
    /// A check box shown under the items (label, checked).
    pub check: Option<(String, bool)>,
}

impl MenuView {
    /// The selected item's action, with the check box applied to it.
    pub fn chosen(&self) -> Option<super::action::Action> {
        let mut action = self.items.get(self.selected)?.1.clone();
        if let (
            Some((_, checked)),
            super::action::Action::ConfirmedSocial(super::effect::SocialOp::MuteFor {
                notifications,
                ..
            }),
        ) = (&self.check, &mut action)
        {
            *notifications = *checked;
        }
        Some(action)
    }
}
