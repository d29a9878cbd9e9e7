//! Quote posts (Mastodon 4.4+), plus the older shapes other servers send.

use serde::{Deserialize, Serialize};

use super::enums::string_enum;
use super::ids::StatusId;
use super::status::Status;

string_enum! {
    /// Authorization state of a quote. The docs ask clients to treat unknown
    /// values like `unauthorized`.
    pub enum QuoteState {
        /// Not yet acknowledged by the quoted account.
        Pending = "pending",
        /// Accepted; `quoted_status` is present.
        Accepted = "accepted",
        /// Refused by the quoted account.
        Rejected = "rejected",
        /// Accepted, then revoked.
        Revoked = "revoked",
        /// The quoted status was deleted.
        Deleted = "deleted",
        /// The viewer may not see the quoted status.
        Unauthorized = "unauthorized",
        /// The viewer blocks the quoted account.
        BlockedAccount = "blocked_account",
        /// The viewer blocks the quoted account's domain.
        BlockedDomain = "blocked_domain",
        /// The viewer mutes the quoted account.
        MutedAccount = "muted_account",
    }
}

/// The quote attached to a status.
///
/// Decodes Mastodon's `Quote` (`state` + `quoted_status`), its shallow form
/// `ShallowQuote` (`state` + `quoted_status_id`, as in streaming and some
/// nested quotes), and the older shape of Pleroma/Akkoma/Fedibird where
/// `quote` is the quoted status itself (taken as `accepted`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(from = "QuoteWire")]
pub struct Quote {
    /// Authorization state.
    pub state: QuoteState,
    /// The quoted status, when the server includes it.
    pub quoted_status: Option<Box<Status>>,
    /// The quoted status id, when only that is sent (`ShallowQuote`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quoted_status_id: Option<StatusId>,
}

impl Quote {
    /// The quoted status, if present and its state allows showing it.
    pub fn visible_status(&self) -> Option<&Status> {
        match self.state {
            QuoteState::Accepted => self.quoted_status.as_deref(),
            _ => None,
        }
    }

    /// The quoted status id, from whichever shape the server sent.
    pub fn status_id(&self) -> Option<&StatusId> {
        self.quoted_status
            .as_deref()
            .map(|s| &s.id)
            .or(self.quoted_status_id.as_ref())
    }
}

/// Every shape of `quote` seen on the wire.
#[derive(Deserialize)]
#[serde(untagged)]
enum QuoteWire {
    /// `Quote` or `ShallowQuote`.
    Current {
        state: QuoteState,
        #[serde(default)]
        quoted_status: Option<Box<Status>>,
        #[serde(default)]
        quoted_status_id: Option<StatusId>,
    },
    /// The quoted status itself.
    Legacy(Box<Status>),
}

impl From<QuoteWire> for Quote {
    fn from(wire: QuoteWire) -> Self {
        match wire {
            QuoteWire::Current {
                state,
                quoted_status,
                quoted_status_id,
            } => Quote {
                state,
                quoted_status,
                quoted_status_id,
            },
            QuoteWire::Legacy(status) => Quote {
                state: QuoteState::Accepted,
                quoted_status_id: Some(status.id.clone()),
                quoted_status: Some(status),
            },
        }
    }
}
