//! Typed identifiers: one string newtype per kind of object.
//!
//! Mastodon sends ids as strings ("cast from an integer but not guaranteed to
//! be a number"); GoToSocial uses ULIDs, Akkoma flake ids, and some servers
//! send plain JSON numbers. Every id here decodes from a string or a number
//! (kept as its decimal string) and serialises as a string.
//!
//! Ordering is newest-last for the id schemes in use: purely numeric ids
//! compare by numeric value (so `"9" < "10"`), other ids compare as strings
//! (ULIDs and flake ids sort lexically), and numeric ids sort before
//! non-numeric ones so that the order stays total.

use std::cmp::Ordering;
use std::fmt;

use serde::{Deserialize, Deserializer, Serialize};

use super::serde_util::string_or_number;

/// The ordering key shared by every id type; see the module docs.
fn compare_ids(a: &str, b: &str) -> Ordering {
    fn numeric(s: &str) -> Option<&str> {
        (!s.is_empty() && s.bytes().all(|c| c.is_ascii_digit())).then(|| s.trim_start_matches('0'))
    }
    match (numeric(a), numeric(b)) {
        (Some(x), Some(y)) => x
            .len()
            .cmp(&y.len())
            .then_with(|| x.cmp(y))
            .then_with(|| a.cmp(b)),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => a.cmp(b),
    }
}

macro_rules! string_ids {
    ($( $(#[$meta:meta])* $name:ident; )+) => {$(
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            /// Wraps an id string as sent by the server.
            pub fn new(id: impl Into<String>) -> Self {
                Self(id.into())
            }

            /// The id as sent on the wire.
            pub fn as_str(&self) -> &str {
                &self.0
            }

            /// Unwraps the id string.
            pub fn into_string(self) -> String {
                self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl From<&str> for $name {
            fn from(s: &str) -> Self {
                Self(s.to_owned())
            }
        }

        impl From<String> for $name {
            fn from(s: String) -> Self {
                Self(s)
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl PartialOrd for $name {
            fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
                Some(self.cmp(other))
            }
        }

        impl Ord for $name {
            fn cmp(&self, other: &Self) -> Ordering {
                compare_ids(&self.0, &other.0)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                string_or_number(d).map(Self)
            }
        }
    )+};
}

string_ids! {
    /// Id of a [`Status`](super::Status).
    StatusId;
    /// Id of an [`Account`](super::Account).
    AccountId;
    /// Id of a [`Notification`](super::Notification).
    NotificationId;
    /// Id of a [`MediaAttachment`](super::MediaAttachment).
    MediaId;
    /// Id of a [`List`](super::List).
    ListId;
    /// Id of a [`Filter`](super::Filter).
    FilterId;
    /// Id of a [`FilterKeyword`](super::FilterKeyword).
    FilterKeywordId;
    /// Id of a [`FilterStatus`](super::FilterStatus).
    FilterStatusId;
    /// Id of a [`Poll`](super::Poll).
    PollId;
    /// Id of a [`Conversation`](super::Conversation).
    ConversationId;
    /// Id of a [`ScheduledStatus`](super::ScheduledStatus).
    ScheduledStatusId;
    /// Id of a [`Tag`](super::Tag) (Mastodon 4.4+).
    TagId;
    /// Id of an instance [`Rule`](super::Rule).
    RuleId;
    /// Id of an [`Announcement`](super::Announcement).
    AnnouncementId;
    /// Id of a moderation [`Report`](super::Report).
    ReportId;
    /// Id of an [`AccountWarning`](super::AccountWarning).
    AccountWarningId;
    /// Id of a [`RelationshipSeveranceEvent`](super::RelationshipSeveranceEvent).
    SeveranceEventId;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numeric_ids_order_by_value() {
        let mut ids: Vec<StatusId> = ["10", "9", "01ARZ3", "100", "009"]
            .into_iter()
            .map(StatusId::from)
            .collect();
        ids.sort();
        let got: Vec<&str> = ids.iter().map(StatusId::as_str).collect();
        assert_eq!(got, ["009", "9", "10", "100", "01ARZ3"]);
    }
}
