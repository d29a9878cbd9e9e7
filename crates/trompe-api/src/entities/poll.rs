//! Polls attached to statuses.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::emoji::CustomEmoji;
use super::ids::PollId;
use super::serde_util::{datetime, lenient_u64, null_default};

/// A poll.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Poll {
    /// The poll id (needed to vote).
    pub id: PollId,
    /// When it closes; `None` if it never does.
    #[serde(default, with = "datetime")]
    pub expires_at: Option<OffsetDateTime>,
    /// Whether it has closed.
    #[serde(default, deserialize_with = "null_default")]
    pub expired: bool,
    /// Whether several options may be chosen.
    #[serde(default, deserialize_with = "null_default")]
    pub multiple: bool,
    /// Votes received.
    #[serde(default, deserialize_with = "lenient_u64")]
    pub votes_count: u64,
    /// Distinct voters; only meaningful for multiple-choice polls.
    #[serde(default)]
    pub voters_count: Option<u64>,
    /// The choices.
    #[serde(default, deserialize_with = "null_default")]
    pub options: Vec<PollOption>,
    /// Custom emoji used in the options.
    #[serde(default, deserialize_with = "null_default")]
    pub emojis: Vec<CustomEmoji>,
    /// Whether the logged-in user voted.
    #[serde(default)]
    pub voted: Option<bool>,
    /// Indexes into `options` of the logged-in user's choices.
    #[serde(default)]
    pub own_votes: Option<Vec<usize>>,
}

/// One choice of a poll.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PollOption {
    /// The option text.
    #[serde(default, deserialize_with = "null_default")]
    pub title: String,
    /// Votes for it; `None` while results are hidden.
    #[serde(default)]
    pub votes_count: Option<u64>,
}
