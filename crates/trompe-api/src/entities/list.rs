//! Lists: user-curated timelines.

use serde::{Deserialize, Serialize};

use super::enums::string_enum;
use super::ids::ListId;
use super::serde_util::null_default;

string_enum! {
    /// Which replies a list shows.
    #[derive(Default)]
    pub enum RepliesPolicy {
        /// Replies to any followed account.
        Followed = "followed",
        /// Replies to members of the list.
        #[default]
        List = "list",
        /// No replies.
        NoReplies = "none",
    }
}

/// A list of accounts whose statuses form a timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct List {
    /// The list id.
    pub id: ListId,
    /// The list name.
    #[serde(default, deserialize_with = "null_default")]
    pub title: String,
    /// Which replies it shows.
    #[serde(default, deserialize_with = "null_default")]
    pub replies_policy: RepliesPolicy,
    /// Whether its members are hidden from the home timeline.
    #[serde(default, deserialize_with = "null_default")]
    pub exclusive: bool,
}
