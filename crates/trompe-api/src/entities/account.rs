//! Accounts: profiles, their metadata fields, and the logged-in user's source
//! values.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::emoji::CustomEmoji;
use super::ids::AccountId;
use super::serde_util::{datetime, lenient_u64, null_default};
use super::status::Visibility;

/// A user profile. Only `id` is required; everything else falls back to an
/// empty or false value when a server leaves it out.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Account {
    /// The account id.
    pub id: AccountId,
    /// Username, without domain.
    #[serde(default, deserialize_with = "null_default")]
    pub username: String,
    /// `username` for local accounts, `username@domain` for remote ones.
    #[serde(default, deserialize_with = "null_default")]
    pub acct: String,
    /// Display name; may be empty and may contain `:emoji:` shortcodes.
    #[serde(default, deserialize_with = "null_default")]
    pub display_name: String,
    /// Whether follow requests need manual approval.
    #[serde(default, deserialize_with = "null_default")]
    pub locked: bool,
    /// Whether the account is automated.
    #[serde(default, deserialize_with = "null_default")]
    pub bot: bool,
    /// Whether the account is a group actor.
    #[serde(default, deserialize_with = "null_default")]
    pub group: bool,
    /// Whether the account opted into discovery features.
    #[serde(default)]
    pub discoverable: Option<bool>,
    /// Whether the account opted out of search-engine indexing.
    #[serde(default)]
    pub noindex: Option<bool>,
    /// When the account was created (Mastodon rounds this to midnight).
    #[serde(default, with = "datetime")]
    pub created_at: Option<OffsetDateTime>,
    /// Bio, as HTML.
    #[serde(default, deserialize_with = "null_default")]
    pub note: String,
    /// Profile page URL.
    #[serde(default, deserialize_with = "null_default")]
    pub url: String,
    /// Avatar URL.
    #[serde(default, deserialize_with = "null_default")]
    pub avatar: String,
    /// Non-animated avatar URL.
    #[serde(default, deserialize_with = "null_default")]
    pub avatar_static: String,
    /// Header banner URL.
    #[serde(default, deserialize_with = "null_default")]
    pub header: String,
    /// Non-animated header URL.
    #[serde(default, deserialize_with = "null_default")]
    pub header_static: String,
    /// Followers, as reported.
    #[serde(default, deserialize_with = "lenient_u64")]
    pub followers_count: u64,
    /// Follows, as reported.
    #[serde(default, deserialize_with = "lenient_u64")]
    pub following_count: u64,
    /// Statuses posted.
    #[serde(default, deserialize_with = "lenient_u64")]
    pub statuses_count: u64,
    /// Day of the most recent status (a date without time on Mastodon).
    #[serde(default, with = "datetime")]
    pub last_status_at: Option<OffsetDateTime>,
    /// Custom emoji used in the name, bio and fields.
    #[serde(default, deserialize_with = "null_default")]
    pub emojis: Vec<CustomEmoji>,
    /// Profile metadata (name/value pairs).
    #[serde(default, deserialize_with = "null_default")]
    pub fields: Vec<Field>,
    /// The account this one has moved to.
    #[serde(default)]
    pub moved: Option<Box<Account>>,
    /// Set when the account is silenced: show it behind a warning.
    #[serde(default)]
    pub limited: Option<bool>,
    /// Set when the account is suspended.
    #[serde(default)]
    pub suspended: Option<bool>,
    /// Set when the account is in memoriam.
    #[serde(default)]
    pub memorial: Option<bool>,
    /// Source values; only on the logged-in user's own account.
    #[serde(default)]
    pub source: Option<Source>,
}

impl Account {
    /// The display name, or the username when the display name is blank
    /// (or `acct` when even that is missing).
    pub fn display_name_or_username(&self) -> &str {
        [&self.display_name, &self.username, &self.acct]
            .into_iter()
            .find(|s| !s.trim().is_empty())
            .map_or("", |s| s.as_str())
    }
}

/// A profile metadata field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Field {
    /// The label.
    #[serde(default, deserialize_with = "null_default")]
    pub name: String,
    /// The value, as HTML (plain text in [`Source::fields`]).
    #[serde(default, deserialize_with = "null_default")]
    pub value: String,
    /// When the server verified the link in `value` (`rel="me"`).
    #[serde(default, with = "datetime")]
    pub verified_at: Option<OffsetDateTime>,
}

/// Editable source values of the logged-in user's profile and defaults.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Source {
    /// Bio as plain text.
    #[serde(default, deserialize_with = "null_default")]
    pub note: String,
    /// Metadata fields as plain text.
    #[serde(default, deserialize_with = "null_default")]
    pub fields: Vec<Field>,
    /// Default visibility of new statuses.
    #[serde(default)]
    pub privacy: Option<Visibility>,
    /// Whether new statuses are sensitive by default.
    #[serde(default, deserialize_with = "null_default")]
    pub sensitive: bool,
    /// Default language of new statuses (may be empty).
    #[serde(default)]
    pub language: Option<String>,
    /// Pending follow requests.
    #[serde(default, deserialize_with = "lenient_u64")]
    pub follow_requests_count: u64,
}
