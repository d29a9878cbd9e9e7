//! Hashtags, as used in statuses, followed, featured or searched.

use serde::{Deserialize, Serialize};

use super::ids::TagId;
use super::serde_util::{lenient_u64, null_default};

/// A hashtag.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tag {
    /// The tag without its `#`.
    #[serde(default, deserialize_with = "null_default")]
    pub name: String,
    /// Link to the tag's page on the instance.
    #[serde(default, deserialize_with = "null_default")]
    pub url: String,
    /// Daily usage, newest first (typically the last week).
    #[serde(default, deserialize_with = "null_default")]
    pub history: Vec<TagHistory>,
    /// Whether the logged-in user follows this tag.
    #[serde(default)]
    pub following: Option<bool>,
    /// Whether the logged-in user features this tag on their profile.
    #[serde(default)]
    pub featuring: Option<bool>,
    /// Database id (Mastodon 4.4+).
    #[serde(default)]
    pub id: Option<TagId>,
}

/// Usage of a tag on one day. The API sends these numbers as strings; both
/// strings and numbers are accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct TagHistory {
    /// Unix timestamp of midnight that day.
    #[serde(default, deserialize_with = "lenient_u64")]
    pub day: u64,
    /// Statuses using the tag that day.
    #[serde(default, deserialize_with = "lenient_u64")]
    pub uses: u64,
    /// Accounts using the tag that day.
    #[serde(default, deserialize_with = "lenient_u64")]
    pub accounts: u64,
}
