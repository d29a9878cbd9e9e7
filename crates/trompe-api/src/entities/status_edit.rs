//! Status edits: one version of a status in its edit history
//! (`GET /api/v1/statuses/:id/history`).

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::account::Account;
use super::emoji::CustomEmoji;
use super::media::MediaAttachment;
use super::serde_util::{datetime, lenient, null_default};

/// One version of a status, oldest first in the history (the first entry
/// is the original post).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StatusEdit {
    /// The body of this version, as HTML.
    #[serde(default, deserialize_with = "null_default")]
    pub content: String,
    /// Its content warning.
    #[serde(default, deserialize_with = "null_default")]
    pub spoiler_text: String,
    /// Whether it was marked sensitive.
    #[serde(default, deserialize_with = "null_default")]
    pub sensitive: bool,
    /// When this version was published.
    #[serde(default, with = "datetime")]
    pub created_at: Option<OffsetDateTime>,
    /// The author; `None` also when malformed.
    #[serde(default, deserialize_with = "lenient")]
    pub account: Option<Account>,
    /// The poll options of this version.
    #[serde(default, deserialize_with = "lenient")]
    pub poll: Option<StatusEditPoll>,
    /// Its attachments.
    #[serde(default, deserialize_with = "null_default")]
    pub media_attachments: Vec<MediaAttachment>,
    /// Custom emoji used in it.
    #[serde(default, deserialize_with = "null_default")]
    pub emojis: Vec<CustomEmoji>,
}

/// The poll of a [`StatusEdit`]: only its options.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct StatusEditPoll {
    /// The choices.
    #[serde(default, deserialize_with = "null_default")]
    pub options: Vec<StatusEditPollOption>,
}

/// One choice of a [`StatusEditPoll`].
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct StatusEditPollOption {
    /// The option text.
    #[serde(default, deserialize_with = "null_default")]
    pub title: String,
}
