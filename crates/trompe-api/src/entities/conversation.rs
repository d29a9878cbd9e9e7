//! Conversations: direct-message threads.

use serde::{Deserialize, Serialize};

use super::account::Account;
use super::ids::ConversationId;
use super::serde_util::null_default;
use super::status::Status;

/// A direct conversation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Conversation {
    /// The conversation id.
    pub id: ConversationId,
    /// Whether it has unread statuses.
    #[serde(default, deserialize_with = "null_default")]
    pub unread: bool,
    /// The other participants.
    #[serde(default, deserialize_with = "null_default")]
    pub accounts: Vec<Account>,
    /// The latest status.
    #[serde(default)]
    pub last_status: Option<Status>,
}
