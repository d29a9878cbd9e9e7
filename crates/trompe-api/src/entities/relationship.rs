//! The logged-in user's relationship with another account.

use serde::{Deserialize, Serialize};

use super::ids::AccountId;
use super::serde_util::null_default;

/// Follow, block and mute state between the user and one account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Relationship {
    /// The other account.
    pub id: AccountId,
    /// The user follows them.
    #[serde(default, deserialize_with = "null_default")]
    pub following: bool,
    /// Their boosts show in the user's home timeline.
    #[serde(default, deserialize_with = "null_default")]
    pub showing_reblogs: bool,
    /// The user is notified when they post.
    #[serde(default, deserialize_with = "null_default")]
    pub notifying: bool,
    /// Languages the user follows from them (`None`: all).
    #[serde(default)]
    pub languages: Option<Vec<String>>,
    /// They follow the user.
    #[serde(default, deserialize_with = "null_default")]
    pub followed_by: bool,
    /// The user blocks them.
    #[serde(default, deserialize_with = "null_default")]
    pub blocking: bool,
    /// They block the user.
    #[serde(default, deserialize_with = "null_default")]
    pub blocked_by: bool,
    /// The user mutes them.
    #[serde(default, deserialize_with = "null_default")]
    pub muting: bool,
    /// The user mutes their notifications.
    #[serde(default, deserialize_with = "null_default")]
    pub muting_notifications: bool,
    /// The user's follow request is pending.
    #[serde(default, deserialize_with = "null_default")]
    pub requested: bool,
    /// Their follow request to the user is pending.
    #[serde(default, deserialize_with = "null_default")]
    pub requested_by: bool,
    /// The user blocks their domain.
    #[serde(default, deserialize_with = "null_default")]
    pub domain_blocking: bool,
    /// The user features them on their profile.
    #[serde(default, deserialize_with = "null_default")]
    pub endorsed: bool,
    /// The user's private note about them.
    #[serde(default, deserialize_with = "null_default")]
    pub note: String,
}

impl Relationship {
    /// The states of a relationship, in words.
    pub fn states(&self) -> Vec<&'static str> {
        let mut v = Vec::new();
        for (on, word) in [
            (self.following, "following"),
            (self.requested, "follow requested"),
            (self.followed_by, "follows you"),
            (self.requested_by, "asked to follow you"),
            (self.following && !self.showing_reblogs, "boosts hidden"),
            (self.notifying, "notified of posts"),
            (self.muting, "muted"),
            // Only part of a mute: some servers (mastodon-mock) send
            // `muting_notifications: true` for accounts that are not muted.
            (
                self.muting && self.muting_notifications,
                "notifications muted",
            ),
            (self.blocking, "blocked"),
            (self.blocked_by, "blocks you"),
            (self.domain_blocking, "domain blocked"),
        ] {
            if on {
                v.push(word);
            }
        }
        v
    }
}
