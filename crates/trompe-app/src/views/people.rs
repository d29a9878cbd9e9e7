//! Lists of accounts opened over the tabs: followers and following, muted
//! and blocked accounts, follow requests, who favourited or boosted a post,
//! the members of a list. Part of `update`: synchronous, no I/O.
//!
//! Keys in a list of accounts: j/k move, Enter opens the profile (accepts a
//! follow request), x (`[keys.people] remove_account`) rejects a request or
//! removes a list member, Tab flips
//! followers ↔ following and favourited ↔ boosted, and `+`, `M`, `X` follow,
//! mute and block the selected account (again undoes), as everywhere.

use std::collections::HashMap;

use trompe_api::entities::{Account, AccountId, Relationship, StatusId};

use crate::effect::{Effect, RequestId};
use crate::keymap::Command;
use crate::state::{State, ToastKind};
use crate::views::{View, delta_of, moved};

/// Which accounts a list shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PeopleKind {
    Followers {
        id: AccountId,
        acct: String,
    },
    Following {
        id: AccountId,
        acct: String,
    },
    Muted,
    Blocked,
    FollowRequests,
    FavouritedBy(StatusId),
    BoostedBy(StatusId),
    /// The members of a list, found by its title.
    ListMembers(String),
}

impl PeopleKind {
    /// The followers of `a`.
    pub fn followers(a: &Account) -> Self {
        PeopleKind::Followers {
            id: a.id.clone(),
            acct: a.acct.clone(),
        }
    }

    /// The accounts `a` follows.
    pub fn following(a: &Account) -> Self {
        PeopleKind::Following {
            id: a.id.clone(),
            acct: a.acct.clone(),
        }
    }

    /// The title, for the header and the breadcrumb.
    pub fn title(&self) -> String {
        match self {
            PeopleKind::Followers { acct, .. } => format!("Followers of @{acct}"),
            PeopleKind::Following { acct, .. } => format!("Followed by @{acct}"),
            PeopleKind::Muted => "Muted accounts".into(),
            PeopleKind::Blocked => "Blocked accounts".into(),
            PeopleKind::FollowRequests => "Follow requests".into(),
            PeopleKind::FavouritedBy(_) => "Favourited by".into(),
            PeopleKind::BoostedBy(_) => "Boosted by".into(),
            PeopleKind::ListMembers(t) => format!("Members of {t}"),
        }
    }

    /// The keys that matter here, as bound in `km`.
    pub fn hint(&self, km: &crate::keymap::Keymap) -> String {
        let k = |c| km.key(c);
        match self {
            PeopleKind::Followers { .. } | PeopleKind::Following { .. } => format!(
                "{} profile · {} followers/following · {} follow",
                k(Command::Select),
                k(Command::NextTab),
                k(Command::Follow)
            ),
            PeopleKind::Muted => format!(
                "{} profile · {} unmutes",
                k(Command::Select),
                k(Command::Mute)
            ),
            PeopleKind::Blocked => format!(
                "{} profile · {} unblocks",
                k(Command::Select),
                k(Command::Block)
            ),
            PeopleKind::FollowRequests => format!(
                "{} accepts · {} rejects · {} profile",
                k(Command::Select),
                k(Command::RemoveAccount),
                k(Command::OpenProfile)
            ),
            PeopleKind::FavouritedBy(_) | PeopleKind::BoostedBy(_) => format!(
                "{} profile · {} favourited/boosted",
                k(Command::Select),
                k(Command::NextTab)
            ),
            PeopleKind::ListMembers(_) => format!(
                "{} profile · {} removes from the list",
                k(Command::Select),
                k(Command::RemoveAccount)
            ),
        }
    }

    /// The other half of a pair (Tab).
    fn flipped(&self) -> Option<PeopleKind> {
        Some(match self {
            PeopleKind::Followers { id, acct } => PeopleKind::Following {
                id: id.clone(),
                acct: acct.clone(),
            },
            PeopleKind::Following { id, acct } => PeopleKind::Followers {
                id: id.clone(),
                acct: acct.clone(),
            },
            PeopleKind::FavouritedBy(s) => PeopleKind::BoostedBy(s.clone()),
            PeopleKind::BoostedBy(s) => PeopleKind::FavouritedBy(s.clone()),
            _ => return None,
        })
    }
}

/// A page of accounts with the user's relationships to them.
#[derive(Debug, Clone, Default)]
pub struct PeoplePage {
    pub items: Vec<Account>,
    pub next: Option<url::Url>,
    pub relationships: Vec<Relationship>,
}

/// A list of accounts.
#[derive(Debug, Clone)]
pub struct PeopleView {
    pub kind: PeopleKind,
    pub items: Vec<Account>,
    pub relationships: HashMap<AccountId, Relationship>,
    pub selected: usize,
    /// The `Link` cursor to the next page.
    pub next: Option<url::Url>,
    pub loading: Option<RequestId>,
    pub error: Option<String>,
}

impl PeopleView {
    fn new(kind: PeopleKind, request: RequestId) -> Self {
        Self {
            kind,
            items: Vec::new(),
            relationships: HashMap::new(),
            selected: 0,
            next: None,
            loading: Some(request),
            error: None,
        }
    }

    /// The selected account and the relationship to it.
    pub fn current(&self) -> Option<(&Account, Option<&Relationship>)> {
        let a = self.items.get(self.selected)?;
        Some((a, self.relationships.get(&a.id)))
    }
}

/// Opens a list of accounts.
pub(crate) fn open_people(state: &mut State, kind: PeopleKind) -> Vec<Effect> {
    let account = state.active;
    let request = state.next_request();
    let Some(acc) = state.account_mut() else {
        return vec![];
    };
    if acc.views.len() >= 32 {
        acc.views.remove(0);
    }
    acc.views.push(View::People(Box::new(PeopleView::new(
        kind.clone(),
        request,
    ))));
    vec![Effect::LoadPeople {
        account,
        request,
        kind,
        url: None,
    }]
}

fn top_people(state: &mut State) -> Option<&mut PeopleView> {
    crate::views::top_view(state, View::people_mut)
}

/// Loads the next page when the selection nears the end.
fn maybe_more(state: &mut State) -> Vec<Effect> {
    let account = state.active;
    let request = state.next_request();
    let Some(p) = top_people(state) else {
        return vec![];
    };
    if p.loading.is_some() || p.error.is_some() || p.selected + 5 < p.items.len() {
        return vec![];
    }
    let Some(url) = p.next.clone() else {
        return vec![];
    };
    p.loading = Some(request);
    vec![Effect::LoadPeople {
        account,
        request,
        kind: p.kind.clone(),
        url: Some(url),
    }]
}

/// A page of a list of accounts arrived, for the list that asked.
pub(crate) fn people_loaded(
    state: &mut State,
    account: usize,
    request: RequestId,
    result: Result<PeoplePage, trompe_api::ApiError>,
) -> Vec<Effect> {
    let Some(p) = crate::views::find_view(state, account, |v| {
        v.people_mut().filter(|p| p.loading == Some(request))
    }) else {
        return vec![];
    };
    p.loading = None;
    match result {
        Ok(page) => {
            p.error = None;
            for a in page.items {
                if !p.items.iter().any(|x| x.id == a.id) {
                    p.items.push(a);
                }
            }
            for r in page.relationships {
                p.relationships.insert(r.id.clone(), r);
            }
            p.next = page.next;
        }
        Err(e) => p.error = Some(e.to_string()),
    }
    vec![]
}

/// Keys in a list of accounts.
pub(crate) fn command(state: &mut State, cmd: Command) -> Option<Vec<Effect>> {
    let account = state.active;
    if let Some(d) = delta_of(cmd) {
        if let Some(p) = top_people(state) {
            p.selected = moved(p.selected, d, p.items.len());
        }
        return Some(maybe_more(state));
    }
    let p = top_people(state)?;
    let kind = p.kind.clone();
    let current = p.current().map(|(a, _)| a.clone());
    match cmd {
        Command::Refresh => {
            let request = state.next_request();
            if let Some(p) = top_people(state) {
                *p = PeopleView::new(kind.clone(), request);
            }
            Some(vec![Effect::LoadPeople {
                account,
                request,
                kind,
                url: None,
            }])
        }
        Command::NextTab | Command::PrevTab => {
            let Some(other) = kind.flipped() else {
                return Some(vec![]);
            };
            if let Some(acc) = state.account_mut() {
                acc.views.pop();
            }
            Some(open_people(state, other))
        }
        Command::Select if kind == PeopleKind::FollowRequests => {
            let Some(a) = current else {
                return Some(vec![]);
            };
            remove_current(state);
            Some(vec![Effect::PostAction {
                account,
                path: format!(
                    "api/v1/follow_requests/{}/authorize",
                    trompe_api::endpoints::timelines::encode_segment(a.id.as_str())
                ),
                what: format!("Accepted @{}", a.acct),
            }])
        }
        Command::Select | Command::OpenProfile => Some(
            current
                .map(|a| crate::views::profile::open_profile(state, a))
                .unwrap_or_default(),
        ),
        Command::RemoveAccount => {
            let Some(a) = current else {
                return Some(vec![]);
            };
            match kind {
                PeopleKind::FollowRequests => {
                    remove_current(state);
                    Some(vec![Effect::PostAction {
                        account,
                        path: format!(
                            "api/v1/follow_requests/{}/reject",
                            trompe_api::endpoints::timelines::encode_segment(a.id.as_str())
                        ),
                        what: format!("Rejected @{}", a.acct),
                    }])
                }
                PeopleKind::ListMembers(list) => {
                    remove_current(state);
                    Some(vec![Effect::Social {
                        account,
                        op: crate::effect::SocialOp::ListRemove { list, id: a.id },
                    }])
                }
                _ => {
                    let hint = kind.hint(&state.keymap);
                    state.toast(ToastKind::Info, hint);
                    Some(vec![])
                }
            }
        }
        // Opening a thread or voting makes no sense on an account.
        Command::StartVote | Command::OpenLinks | Command::Reject => Some(vec![]),
        _ => None,
    }
}

fn remove_current(state: &mut State) {
    if let Some(p) = top_people(state) {
        if p.selected < p.items.len() {
            p.items.remove(p.selected);
        }
        p.selected = p.selected.min(p.items.len().saturating_sub(1));
    }
}

/// The account under the selection of a list of accounts on top, with the
/// relationship to it.
pub(crate) fn focused_person(state: &State) -> Option<(Account, Option<Relationship>)> {
    match state.account()?.views.last()? {
        View::People(p) => p.current().map(|(a, r)| (a.clone(), r.cloned())),
        _ => None,
    }
}
