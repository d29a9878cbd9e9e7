//! Lists of hashtags: trending, or the ones you follow. Enter opens one as
//! a tab, `+` follows or unfollows it. Part of `update`: synchronous, no I/O.

use trompe_api::entities::Tag;

use super::{View, delta_of, moved};
use crate::effect::Effect;
use crate::keymap::Command;
use crate::state::State;

/// Which hashtags a list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TagsKind {
    Trending,
    Followed,
}

/// A list of hashtags: Enter opens one as a tab, `+` follows or unfollows it.
#[derive(Debug, Clone)]
pub struct TagsView {
    pub kind: TagsKind,
    pub items: Vec<Tag>,
    pub selected: usize,
    pub loading: bool,
    pub error: Option<String>,
}

impl TagsView {
    /// The title.
    pub fn title(&self) -> &'static str {
        match self.kind {
            TagsKind::Trending => "Trending hashtags",
            TagsKind::Followed => "Followed hashtags",
        }
    }
}

/// Opens a list of hashtags.
pub(crate) fn open_tags(state: &mut State, kind: TagsKind) -> Vec<Effect> {
    let account = state.active;
    let Some(acc) = state.account_mut() else {
        return vec![];
    };
    acc.views.push(View::Tags(TagsView {
        kind,
        items: Vec::new(),
        selected: 0,
        loading: true,
        error: None,
    }));
    vec![Effect::LoadTags { account, kind }]
}

fn top_tags(state: &mut State) -> Option<&mut TagsView> {
    crate::views::top_view(state, View::tags_mut)
}

/// A list of hashtags arrived.
pub(crate) fn tags_loaded(
    state: &mut State,
    account: usize,
    kind: TagsKind,
    result: Result<Vec<Tag>, trompe_api::ApiError>,
) -> Vec<Effect> {
    if let Some(t) =
        crate::views::find_view(state, account, |v| v.tags_mut().filter(|t| t.kind == kind))
    {
        t.loading = false;
        match result {
            Ok(items) => {
                t.items = items;
                t.error = None;
                t.selected = t.selected.min(t.items.len().saturating_sub(1));
            }
            Err(e) => t.error = Some(e.to_string()),
        }
    }
    vec![]
}

/// Keys in a list of hashtags.
pub(crate) fn command(state: &mut State, cmd: Command) -> Option<Vec<Effect>> {
    let account = state.active;
    if let Some(d) = delta_of(cmd) {
        if let Some(t) = top_tags(state) {
            t.selected = moved(t.selected, d, t.items.len());
        }
        return Some(vec![]);
    }
    let t = top_tags(state)?;
    let kind = t.kind;
    let current = t.items.get(t.selected).cloned();
    match cmd {
        Command::Refresh => {
            if let Some(t) = top_tags(state) {
                t.loading = true;
            }
            Some(vec![Effect::LoadTags { account, kind }])
        }
        Command::Select => {
            let Some(tag) = current else {
                return Some(vec![]);
            };
            Some(crate::navigate::open_tab(
                state,
                crate::timeline::TabKind::Timeline(
                    trompe_api::endpoints::timelines::TimelineKind::Hashtag {
                        tag: tag.name,
                        any: vec![],
                    },
                ),
            ))
        }
        Command::Follow => {
            let Some(tag) = current else {
                return Some(vec![]);
            };
            // Followed-tag lists say `following` only on some servers: a tag
            // in the followed list is followed unless it says otherwise.
            let following = tag.following.unwrap_or(kind == TagsKind::Followed);
            if let Some(t) = top_tags(state) {
                if let Some(x) = t.items.get_mut(t.selected) {
                    x.following = Some(!following);
                }
            }
            let op = if following {
                crate::effect::SocialOp::UnfollowTag(tag.name)
            } else {
                crate::effect::SocialOp::FollowTag(tag.name)
            };
            Some(vec![Effect::Social { account, op }])
        }
        Command::OpenProfile | Command::StartVote | Command::OpenLinks | Command::Reject => {
            Some(vec![])
        }
        _ => None,
    }
}

/// The keys that matter here, as bound in `km`.
pub fn hint(km: &crate::keymap::Keymap) -> String {
    use Command as C;
    format!(
        "{} opens · {} follows/unfollows · {} refreshes",
        km.key(C::Select),
        km.key(C::Follow),
        km.key(C::Refresh)
    )
}
