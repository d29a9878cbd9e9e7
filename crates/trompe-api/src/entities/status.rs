//! Statuses (posts) and their visibility.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::account::Account;
use super::application::Application;
use super::card::PreviewCard;
use super::emoji::CustomEmoji;
use super::enums::string_enum;
use super::filter::FilterResult;
use super::ids::{AccountId, StatusId};
use super::media::MediaAttachment;
use super::mention::Mention;
use super::poll::Poll;
use super::quote::Quote;
use super::serde_util::{datetime, lenient, lenient_u64, null_default};
use super::tag::Tag;

string_enum! {
    /// Who can see a status. Forks add values (Akkoma `local`, GoToSocial
    /// `mutuals_only`); those arrive as `Other`.
    #[derive(Default)]
    pub enum Visibility {
        /// Everyone, and listed in public timelines.
        #[default]
        Public = "public",
        /// Everyone, but kept out of public timelines.
        Unlisted = "unlisted",
        /// Followers and mentioned accounts only.
        Private = "private",
        /// Mentioned accounts only.
        Direct = "direct",
    }
}

/// A status (post, toot). Only `id` and `account` are required.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Status {
    /// The status id.
    pub id: StatusId,
    /// Federation URI.
    #[serde(default, deserialize_with = "null_default")]
    pub uri: String,
    /// Link to the HTML page, if any.
    #[serde(default)]
    pub url: Option<String>,
    /// When it was posted.
    #[serde(default, with = "datetime")]
    pub created_at: Option<OffsetDateTime>,
    /// The author.
    pub account: std::sync::Arc<Account>,
    /// The body, as HTML.
    #[serde(default, deserialize_with = "null_default")]
    pub content: String,
    /// Content warning / summary; empty when none.
    #[serde(default, deserialize_with = "null_default")]
    pub spoiler_text: String,
    /// Who can see it.
    #[serde(default, deserialize_with = "null_default")]
    pub visibility: Visibility,
    /// Whether the media (or the whole post) is marked sensitive.
    #[serde(default, deserialize_with = "null_default")]
    pub sensitive: bool,
    /// ISO 639 language code.
    #[serde(default)]
    pub language: Option<String>,
    /// The status this replies to.
    #[serde(default)]
    pub in_reply_to_id: Option<StatusId>,
    /// The author of the status this replies to.
    #[serde(default)]
    pub in_reply_to_account_id: Option<AccountId>,
    /// For a boost: the boosted status.
    #[serde(default)]
    pub reblog: Option<Box<Status>>,
    /// When it was last edited.
    #[serde(default, with = "datetime")]
    pub edited_at: Option<OffsetDateTime>,
    /// The logged-in user's filters that match this status.
    #[serde(default, deserialize_with = "null_default")]
    pub filtered: Vec<FilterResult>,
    /// Attached media.
    #[serde(default, deserialize_with = "null_default")]
    pub media_attachments: Vec<MediaAttachment>,
    /// Attached poll.
    #[serde(default)]
    pub poll: Option<Box<Poll>>,
    /// Link preview; `None` also when the server sent a malformed one.
    #[serde(default, deserialize_with = "lenient")]
    pub card: Option<Box<PreviewCard>>,
    /// Mentioned accounts.
    #[serde(default, deserialize_with = "null_default")]
    pub mentions: Vec<Mention>,
    /// Hashtags used.
    #[serde(default, deserialize_with = "null_default")]
    pub tags: Vec<Tag>,
    /// Custom emoji used in the content and spoiler text.
    #[serde(default, deserialize_with = "null_default")]
    pub emojis: Vec<CustomEmoji>,
    /// Boosts received.
    #[serde(default, deserialize_with = "lenient_u64")]
    pub reblogs_count: u64,
    /// Favourites received.
    #[serde(default, deserialize_with = "lenient_u64")]
    pub favourites_count: u64,
    /// Replies received.
    #[serde(default, deserialize_with = "lenient_u64")]
    pub replies_count: u64,
    /// Whether the logged-in user favourited it.
    #[serde(default)]
    pub favourited: Option<bool>,
    /// Whether the logged-in user boosted it.
    #[serde(default)]
    pub reblogged: Option<bool>,
    /// Whether the logged-in user bookmarked it.
    #[serde(default)]
    pub bookmarked: Option<bool>,
    /// Whether the logged-in user muted its conversation.
    #[serde(default)]
    pub muted: Option<bool>,
    /// Whether the logged-in user pinned it (only on pinnable statuses).
    #[serde(default)]
    pub pinned: Option<bool>,
    /// The client that posted it; `None` also when malformed.
    #[serde(default, deserialize_with = "lenient")]
    pub application: Option<std::sync::Arc<Application>>,
    /// The quote, if this is a quote post (Mastodon 4.4+); `None` also when
    /// the server sent a shape this client cannot read.
    #[serde(default, deserialize_with = "lenient")]
    pub quote: Option<Box<Quote>>,
    /// Plain-text source; only in answers to delete (for redrafting).
    #[serde(default)]
    pub text: Option<String>,
}

impl Status {
    /// The status to display: the boosted one for a boost, else this one.
    pub fn original(&self) -> &Status {
        self.reblog.as_deref().unwrap_or(self)
    }

    /// Whether this status is a boost of another.
    pub fn is_reblog(&self) -> bool {
        self.reblog.is_some()
    }

    /// The quoted status, when it is present and may be shown.
    pub fn quoted_status(&self) -> Option<&Status> {
        self.quote.as_deref().and_then(Quote::visible_status)
    }
}
