//! Thread context: what comes before and after a status.

use serde::{Deserialize, Serialize};

use super::serde_util::null_default;
use super::status::Status;

/// The statuses around one status in its thread.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Context {
    /// Parents, oldest first.
    #[serde(default, deserialize_with = "null_default")]
    pub ancestors: Vec<Status>,
    /// Replies, in thread order.
    #[serde(default, deserialize_with = "null_default")]
    pub descendants: Vec<Status>,
}
