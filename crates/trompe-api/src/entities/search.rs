//! Search results (`/api/v2/search`).

use serde::{Deserialize, Serialize};

use super::account::Account;
use super::serde_util::null_default;
use super::status::Status;
use super::tag::Tag;

/// What a search found.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct SearchResults {
    /// Matching accounts.
    #[serde(default, deserialize_with = "null_default")]
    pub accounts: Vec<Account>,
    /// Matching statuses.
    #[serde(default, deserialize_with = "null_default")]
    pub statuses: Vec<Status>,
    /// Matching hashtags.
    #[serde(default, deserialize_with = "null_default")]
    pub hashtags: Vec<Tag>,
}
