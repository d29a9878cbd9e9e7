//! Mentions: the accounts a status addresses.

use serde::{Deserialize, Serialize};

use super::ids::AccountId;
use super::serde_util::null_default;

/// An account mentioned in a status (`Status::Mention` in the API docs).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mention {
    /// The mentioned account's id.
    pub id: AccountId,
    /// Username, without domain.
    #[serde(default, deserialize_with = "null_default")]
    pub username: String,
    /// `username` for local accounts, `username@domain` for remote ones.
    #[serde(default, deserialize_with = "null_default")]
    pub acct: String,
    /// Profile URL.
    #[serde(default, deserialize_with = "null_default")]
    pub url: String,
}

/// The name the API docs give a [`Mention`] inside a status.
pub type StatusMention = Mention;
