//! Announcements: notices from the instance's staff.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::ids::AnnouncementId;
use super::serde_util::{datetime, lenient_u64, null_default};

/// One announcement.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Announcement {
    pub id: AnnouncementId,
    /// HTML.
    #[serde(default, deserialize_with = "null_default")]
    pub content: String,
    /// When the event it announces starts and ends, if it has dates.
    #[serde(default, with = "datetime")]
    pub starts_at: Option<OffsetDateTime>,
    #[serde(default, with = "datetime")]
    pub ends_at: Option<OffsetDateTime>,
    #[serde(default, deserialize_with = "null_default")]
    pub all_day: bool,
    #[serde(default, with = "datetime")]
    pub published_at: Option<OffsetDateTime>,
    #[serde(default, with = "datetime")]
    pub updated_at: Option<OffsetDateTime>,
    /// Has the user dismissed it? (Absent without a token.)
    #[serde(default)]
    pub read: Option<bool>,
    #[serde(default, deserialize_with = "null_default")]
    pub reactions: Vec<AnnouncementReaction>,
}

/// An emoji reaction to an announcement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnnouncementReaction {
    pub name: String,
    #[serde(default, deserialize_with = "lenient_u64")]
    pub count: u64,
    /// Did the user react with it?
    #[serde(default)]
    pub me: Option<bool>,
}
