//! Search results: accounts, then hashtags, then posts; Enter opens the
//! selected one. Part of `update`: synchronous, no I/O.

use trompe_api::ApiError;
use trompe_api::endpoints::timelines::TimelineKind;
use trompe_api::entities::SearchResults;

use super::profile::open_profile;
use super::thread::open_thread;
use super::{View, picker_move};
use crate::effect::{Effect, RequestId};
use crate::keymap::Command;
use crate::navigate::open_tab;
use crate::state::State;
use crate::timeline::TabKind;
use crate::update::api_error;

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

/// Keys in the search results: Enter opens the account, tag or post.
pub(crate) fn command(state: &mut State, cmd: Command) -> Option<Vec<Effect>> {
    match cmd {
        Command::Select => Some(open_search_row(state)),
        _ => picker_move(state, cmd),
    }
}

fn open_search_row(state: &mut State) -> Vec<Effect> {
    let Some(View::Search(s)) = state.account().and_then(|a| a.views.last()).cloned() else {
        return vec![];
    };
    let Some(r) = &s.results else {
        return vec![];
    };
    match s.rows().get(s.selected) {
        Some(SearchRow::Account(i)) => r
            .accounts
            .get(*i)
            .cloned()
            .map(|a| open_profile(state, a))
            .unwrap_or_default(),
        Some(SearchRow::Hashtag(i)) => r
            .hashtags
            .get(*i)
            .map(|t| t.name.clone())
            .map(|tag| {
                open_tab(
                    state,
                    TabKind::Timeline(TimelineKind::Hashtag { tag, any: vec![] }),
                )
            })
            .unwrap_or_default(),
        Some(SearchRow::Status(i)) => r
            .statuses
            .get(*i)
            .map(|st| st.id.clone())
            .map(|id| open_thread(state, id))
            .unwrap_or_default(),
        None => vec![],
    }
}

/// Search results arrived for the search view that asked.
pub(crate) fn search_loaded(
    state: &mut State,
    account: usize,
    request: RequestId,
    result: Result<Box<trompe_api::entities::SearchResults>, ApiError>,
) -> Vec<Effect> {
    let Some(acc) = state.accounts.get_mut(account) else {
        return vec![];
    };
    let mut err = None;
    for v in acc.views.iter_mut() {
        if let View::Search(s) = v {
            if s.loading == Some(request) {
                s.loading = None;
                match &result {
                    Ok(r) => s.results = Some((**r).clone()),
                    Err(e) => {
                        s.error = Some(e.to_string());
                        err = Some(e.clone());
                    }
                }
            }
        }
    }
    if let Ok(r) = &result {
        for st in &r.statuses {
            acc.keep_status(st.clone());
        }
    }
    if let Some(e) = err {
        api_error(state, account, &e);
    }
    vec![]
}
