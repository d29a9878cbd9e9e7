//! Scheduled statuses: posts the server will publish later.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::enums::string_enum;
use super::ids::{MediaId, ScheduledStatusId, StatusId};
use super::media::MediaAttachment;
use super::serde_util::{datetime, lenient, lenient_u64, null_default};
use super::status::Visibility;

string_enum! {
    /// Who may quote a status (Mastodon 4.5+).
    pub enum QuoteApprovalPolicy {
        /// Anyone except blocked accounts.
        Public = "public",
        /// Followers and the author.
        Followers = "followers",
        /// The author only.
        Nobody = "nobody",
    }
}

/// A status scheduled for later.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScheduledStatus {
    /// The scheduled status id.
    pub id: ScheduledStatusId,
    /// When it will be posted.
    #[serde(default, with = "datetime")]
    pub scheduled_at: Option<OffsetDateTime>,
    /// What will be posted. Read through a JSON value, where a key sent
    /// twice keeps its last value instead of failing the whole list.
    #[serde(default, deserialize_with = "params")]
    pub params: ScheduledStatusParams,
    /// Media to attach.
    #[serde(default, deserialize_with = "null_default")]
    pub media_attachments: Vec<MediaAttachment>,
}

/// The parameters, from a JSON value (duplicate keys: the last one wins);
/// `null` gives the defaults.
fn params<'de, D: serde::Deserializer<'de>>(d: D) -> Result<ScheduledStatusParams, D::Error> {
    let raw = Option::<serde_json::Value>::deserialize(d)?;
    match raw {
        None | Some(serde_json::Value::Null) => Ok(ScheduledStatusParams::default()),
        Some(v) => ScheduledStatusParams::deserialize(v).map_err(serde::de::Error::custom),
    }
}

/// The parameters a scheduled status will be posted with.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ScheduledStatusParams {
    /// The text.
    #[serde(default, deserialize_with = "null_default")]
    pub text: String,
    /// A poll to attach.
    #[serde(default)]
    pub poll: Option<ScheduledPollParams>,
    /// Media to attach.
    #[serde(default, deserialize_with = "null_default")]
    pub media_ids: Vec<MediaId>,
    /// Whether it will be sensitive.
    #[serde(default)]
    pub sensitive: Option<bool>,
    /// Content warning.
    #[serde(default)]
    pub spoiler_text: Option<String>,
    /// Visibility (`None`: the user's default).
    #[serde(default)]
    pub visibility: Option<Visibility>,
    /// The status it replies to (sent as a number by Mastodon).
    #[serde(default)]
    pub in_reply_to_id: Option<StatusId>,
    /// Language code.
    #[serde(default)]
    pub language: Option<String>,
    /// Always `None` once scheduled.
    #[serde(default, with = "datetime")]
    pub scheduled_at: Option<OffsetDateTime>,
    /// Idempotency key.
    #[serde(default)]
    pub idempotency: Option<String>,
    /// The status it quotes (Mastodon 4.5+).
    #[serde(default)]
    pub quoted_status_id: Option<StatusId>,
    /// Who may quote it (Mastodon 4.5+). Mastodon 4.5 may send an integer
    /// bitfield here (`262144`): what cannot be read is unknown (`None`).
    #[serde(default, deserialize_with = "lenient")]
    pub quote_approval_policy: Option<QuoteApprovalPolicy>,
}

/// The poll of a scheduled status.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ScheduledPollParams {
    /// The choices.
    #[serde(default, deserialize_with = "null_default")]
    pub options: Vec<String>,
    /// Duration in seconds (some versions send it as a string).
    #[serde(default, deserialize_with = "lenient_u64")]
    pub expires_in: u64,
    /// Whether several choices are allowed.
    #[serde(default)]
    pub multiple: Option<bool>,
    /// Whether totals stay hidden until the end.
    #[serde(default)]
    pub hide_totals: Option<bool>,
}
