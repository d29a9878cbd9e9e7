//! A profile: the account, the relationship, and its posts in an embedded
//! list; Tab shows the next section (posts, with replies, media). Part of
//! `update`: synchronous, no I/O.

use trompe_api::ApiError;
use trompe_api::endpoints::timelines::TimelineKind;
use trompe_api::entities::{Account, Relationship};

use super::{VIEW_TAB_BASE, View};
use crate::effect::Effect;
use crate::keymap::Command;
use crate::navigate::{focused_status, push_view};
use crate::state::State;
use crate::timeline::TimelineTab;
use crate::update::{api_error, load_initial};

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
    /// Its pinned posts, shown above the posts.
    pub pinned: Vec<trompe_api::entities::StatusId>,
}

/// Keys on a profile: Tab shows the next section of its posts.
pub(crate) fn command(state: &mut State, cmd: Command) -> Option<Vec<Effect>> {
    match cmd {
        Command::NextTab | Command::PrevTab => Some(next_profile_section(state)),
        _ => None,
    }
}

/// `p`: the profile of the focused post's author.
pub(crate) fn open_focused_profile(state: &mut State) -> Vec<Effect> {
    let author = focused_status(state).map(|s| Account::clone(&s.original().account));
    author.map(|a| open_profile(state, a)).unwrap_or_default()
}

pub(crate) fn open_profile(
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
            pinned: Vec::new(),
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

/// A profile's account and relationship arrived.
pub(crate) fn profile_loaded(
    state: &mut State,
    account: usize,
    result: Result<crate::action::ProfileData, ApiError>,
) -> Vec<Effect> {
    match result {
        Ok((a, rel, pinned)) => {
            if let Some(acc) = state.accounts.get_mut(account) {
                let ids: Vec<_> = pinned.iter().map(|s| s.id.clone()).collect();
                for mut s in pinned {
                    // The list is of pinned posts, whatever the field says.
                    s.pinned = Some(true);
                    acc.keep_status(s);
                }
                for v in acc.views.iter_mut() {
                    if let View::Profile(p) = v {
                        if p.account.id == a.id {
                            p.account = (*a).clone();
                            p.relationship = rel.clone();
                            p.pinned = ids.clone();
                        }
                    }
                }
            }
        }
        Err(e) => api_error(state, account, &e),
    }
    vec![]
}
