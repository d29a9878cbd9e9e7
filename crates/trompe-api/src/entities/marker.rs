//! Read markers: where the user stopped reading, synced between clients.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::serde_util::{datetime, lenient_u64, string_or_number};

/// The read position in one timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Marker {
    /// Id of the last read status (home) or notification (notifications).
    #[serde(deserialize_with = "string_or_number")]
    pub last_read_id: String,
    /// Counter for optimistic locking.
    #[serde(default, deserialize_with = "lenient_u64")]
    pub version: u64,
    /// When it was last set.
    #[serde(default, with = "datetime")]
    pub updated_at: Option<OffsetDateTime>,
}

/// `GET /api/v1/markers`: the markers by timeline.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Markers {
    /// The home timeline's marker.
    #[serde(default)]
    pub home: Option<Marker>,
    /// The notifications' marker.
    #[serde(default)]
    pub notifications: Option<Marker>,
}
