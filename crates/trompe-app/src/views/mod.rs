//! Views opened over the tabs, kept in a stack per account (Esc goes back),
//! and the panes that take the keyboard while open (compose, login, the
//! account switcher, the help). One module per view keeps together its
//! state, its command function (`fn(&mut State, Command) ->
//! Option<Vec<Effect>>`, `None` for what it does not bind), its results and
//! its hint line; its drawing is in the root crate's `ui/screens/`. This
//! module holds the [`View`] enum and what the views share.

pub mod compose;
pub mod confirm;
pub mod drafts;
pub mod filters;
pub mod help;
pub mod instance;
pub mod links;
pub mod lists;
pub mod login;
pub mod menu;
pub mod people;
pub mod poll;
pub mod profile;
pub mod requests;
pub mod scheduled;
pub mod search;
pub mod subscriptions;
pub mod switcher;
pub mod tags;
pub mod thread;

pub use links::LinkPicker;
pub use menu::MenuView;
pub use poll::PollVote;
pub use profile::{ProfileSection, ProfileView};
pub use requests::{POLICY_ROWS, RequestsView};
pub use search::{SearchRow, SearchView};
pub use thread::ThreadView;

use crate::effect::Effect;
use crate::keymap::{Command, Mode};
use crate::state::State;
use crate::timeline::TimelineTab;

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
    People(Box<people::PeopleView>),
    /// A list of hashtags: trending or followed.
    Tags(tags::TagsView),
    /// The scheduled posts.
    Scheduled(scheduled::ScheduledView),
    /// The user's lists.
    Lists(lists::ListsView),
    /// The user's filters.
    Filters(filters::FiltersView),
    /// The federation node's subscriptions.
    Subscriptions(subscriptions::SubscriptionsView),
    /// A short menu: Enter runs the selected item's action.
    Menu(MenuView),
    /// A yes/no question before a destructive action.
    Confirm {
        text: String,
        action: Box<crate::action::Action>,
    },
}

/// Moves a selection by `delta` within `len` rows.
pub(crate) fn moved(selected: usize, delta: isize, len: usize) -> usize {
    let max = len.saturating_sub(1) as isize;
    (selected as isize + delta).clamp(0, max.max(0)) as usize
}

/// How far a command moves the selection of a list view (j/k, pages, ends).
pub(crate) fn delta_of(cmd: Command) -> Option<isize> {
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
pub(crate) fn top_view<'a, T: ?Sized>(
    state: &'a mut State,
    pick: impl FnOnce(&'a mut View) -> Option<&'a mut T>,
) -> Option<&'a mut T> {
    pick(state.account_mut()?.views.last_mut()?)
}

/// The newest view of `account` that `pick` takes: a result may arrive
/// after other views were opened over the one that asked for it.
pub(crate) fn find_view<'a, T: ?Sized>(
    state: &'a mut State,
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
    pub fn people_mut(&mut self) -> Option<&mut people::PeopleView> {
        match self {
            View::People(p) => Some(p),
            _ => None,
        }
    }

    /// The list of hashtags, if this is one.
    pub fn tags_mut(&mut self) -> Option<&mut tags::TagsView> {
        match self {
            View::Tags(t) => Some(t),
            _ => None,
        }
    }

    /// The list manager, if this is it.
    pub fn lists_mut(&mut self) -> Option<&mut lists::ListsView> {
        match self {
            View::Lists(l) => Some(l),
            _ => None,
        }
    }

    /// The filter editor, if this is it.
    pub fn filters_mut(&mut self) -> Option<&mut filters::FiltersView> {
        match self {
            View::Filters(f) => Some(f),
            _ => None,
        }
    }

    /// The node's subscriptions, if this is their list.
    pub fn subscriptions_mut(&mut self) -> Option<&mut subscriptions::SubscriptionsView> {
        match self {
            View::Subscriptions(s) => Some(s),
            _ => None,
        }
    }

    /// The scheduled posts, if this is their list.
    pub fn scheduled_mut(&mut self) -> Option<&mut scheduled::ScheduledView> {
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
            View::Subscriptions(_) => Mode::Subscriptions,
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
            View::Subscriptions(_) => "Subscriptions".into(),
        }
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
