//! Filters (v2, Mastodon 4.0+): user-defined rules that warn about, blur or
//! hide matching statuses, and the matches reported on each status.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::enums::string_enum;
use super::ids::{FilterId, FilterKeywordId, FilterStatusId, StatusId};
use super::serde_util::{datetime, null_default};

string_enum! {
    /// Where a filter applies.
    pub enum FilterContext {
        /// Home timeline and lists.
        Home = "home",
        /// Notifications.
        Notifications = "notifications",
        /// Public timelines.
        Public = "public",
        /// Expanded threads.
        Thread = "thread",
        /// Profiles.
        Account = "account",
    }
}

string_enum! {
    /// What to do with a matching status. The docs ask clients to treat
    /// unknown values like `warn`.
    #[derive(Default)]
    pub enum FilterAction {
        /// Collapse behind a warning naming the filter.
        #[default]
        Warn = "warn",
        /// Do not show at all.
        Hide = "hide",
        /// Blur the media only (Mastodon 4.4+).
        Blur = "blur",
    }
}

/// A filter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Filter {
    /// The filter id.
    pub id: FilterId,
    /// The user's name for it.
    #[serde(default, deserialize_with = "null_default")]
    pub title: String,
    /// Where it applies.
    #[serde(default, deserialize_with = "null_default")]
    pub context: Vec<FilterContext>,
    /// When it stops applying; `None` if never.
    #[serde(default, with = "datetime")]
    pub expires_at: Option<OffsetDateTime>,
    /// What it does.
    #[serde(default, deserialize_with = "null_default")]
    pub filter_action: FilterAction,
    /// Its keywords (omitted inside a [`FilterResult`]).
    #[serde(default, deserialize_with = "null_default")]
    pub keywords: Vec<FilterKeyword>,
    /// Its statuses (omitted inside a [`FilterResult`]).
    #[serde(default, deserialize_with = "null_default")]
    pub statuses: Vec<FilterStatus>,
}

impl Filter {
    /// Whether the filter applies in `context`.
    pub fn applies_to(&self, context: &FilterContext) -> bool {
        self.context.contains(context)
    }
}

/// A keyword of a filter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FilterKeyword {
    /// The keyword id.
    pub id: FilterKeywordId,
    /// The phrase to match.
    #[serde(default, deserialize_with = "null_default")]
    pub keyword: String,
    /// Whether only whole words match.
    #[serde(default, deserialize_with = "null_default")]
    pub whole_word: bool,
}

/// A status a filter matches explicitly.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FilterStatus {
    /// The entry id.
    pub id: FilterStatusId,
    /// The filtered status.
    pub status_id: StatusId,
}

/// A filter that matched a status (`Status::filtered`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FilterResult {
    /// The filter.
    pub filter: Filter,
    /// The keywords that matched.
    #[serde(default, deserialize_with = "null_default")]
    pub keyword_matches: Vec<String>,
    /// The status ids that matched.
    #[serde(default, deserialize_with = "null_default")]
    pub status_matches: Vec<StatusId>,
}
