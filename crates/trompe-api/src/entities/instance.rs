//! Instance information: `/api/v2/instance` ([`InstanceV2`]), the older
//! `/api/v1/instance` ([`InstanceV1`], still the only one on some servers), and
//! [`Instance`], the one view callers use whichever of the two was fetched.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::account::Account;
use super::ids::RuleId;
use super::serde_util::{lenient, lenient_u64, null_default};

/// Mastodon's default status length, used when a server does not say.
pub const DEFAULT_MAX_CHARACTERS: u64 = 500;
/// Mastodon's default length counted per URL, used when a server does not say.
pub const DEFAULT_CHARACTERS_RESERVED_PER_URL: u64 = 23;
/// Mastodon's default attachment count, used when a server does not say.
pub const DEFAULT_MAX_MEDIA_ATTACHMENTS: u64 = 4;

/// Server limits and URLs (`configuration` in both instance versions).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct InstanceConfiguration {
    /// URLs of interest (v2 only; v1's streaming URL is moved here by
    /// [`Instance::from`]).
    #[serde(default, deserialize_with = "null_default")]
    pub urls: InstanceUrls,
    /// Account limits.
    #[serde(default, deserialize_with = "null_default")]
    pub accounts: AccountsConfiguration,
    /// Status limits.
    #[serde(default, deserialize_with = "null_default")]
    pub statuses: StatusesConfiguration,
    /// Upload limits.
    #[serde(default, deserialize_with = "null_default")]
    pub media_attachments: MediaAttachmentsConfiguration,
    /// Poll limits.
    #[serde(default, deserialize_with = "null_default")]
    pub polls: PollsConfiguration,
    /// Translation support.
    #[serde(default, deserialize_with = "null_default")]
    pub translation: TranslationConfiguration,
    /// Web Push key.
    #[serde(default, deserialize_with = "null_default")]
    pub vapid: VapidConfiguration,
}

/// `configuration.urls`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct InstanceUrls {
    /// WebSocket URL of the streaming API.
    #[serde(default)]
    pub streaming: Option<String>,
    /// Status page.
    #[serde(default)]
    pub status: Option<String>,
}

/// `configuration.accounts`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct AccountsConfiguration {
    /// Featured tags allowed per account.
    #[serde(default)]
    pub max_featured_tags: Option<u64>,
    /// Pinned statuses allowed per account.
    #[serde(default)]
    pub max_pinned_statuses: Option<u64>,
}

/// `configuration.statuses`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct StatusesConfiguration {
    /// Maximum characters per status.
    #[serde(default)]
    pub max_characters: Option<u64>,
    /// Maximum attachments per status.
    #[serde(default)]
    pub max_media_attachments: Option<u64>,
    /// Characters each URL counts for.
    #[serde(default)]
    pub characters_reserved_per_url: Option<u64>,
}

/// `configuration.media_attachments`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct MediaAttachmentsConfiguration {
    /// MIME types accepted for upload.
    #[serde(default, deserialize_with = "null_default")]
    pub supported_mime_types: Vec<String>,
    /// Maximum alt-text length.
    #[serde(default)]
    pub description_limit: Option<u64>,
    /// Maximum image size in bytes.
    #[serde(default)]
    pub image_size_limit: Option<u64>,
    /// Maximum image pixels (width × height).
    #[serde(default)]
    pub image_matrix_limit: Option<u64>,
    /// Maximum video size in bytes.
    #[serde(default)]
    pub video_size_limit: Option<u64>,
    /// Maximum video frame rate.
    #[serde(default)]
    pub video_frame_rate_limit: Option<u64>,
    /// Maximum video pixels (width × height).
    #[serde(default)]
    pub video_matrix_limit: Option<u64>,
}

/// `configuration.polls`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct PollsConfiguration {
    /// Maximum options per poll.
    #[serde(default)]
    pub max_options: Option<u64>,
    /// Maximum characters per option.
    #[serde(default)]
    pub max_characters_per_option: Option<u64>,
    /// Shortest duration, in seconds.
    #[serde(default)]
    pub min_expiration: Option<u64>,
    /// Longest duration, in seconds.
    #[serde(default)]
    pub max_expiration: Option<u64>,
}

/// `configuration.translation`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct TranslationConfiguration {
    /// Whether the translation API is available.
    #[serde(default, deserialize_with = "null_default")]
    pub enabled: bool,
}

/// `configuration.vapid`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct VapidConfiguration {
    /// The server's VAPID public key.
    #[serde(default)]
    pub public_key: Option<String>,
}

/// A server rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rule {
    /// The rule id.
    pub id: RuleId,
    /// The rule.
    #[serde(default, deserialize_with = "null_default")]
    pub text: String,
    /// Longer explanation (Mastodon 4.3+).
    #[serde(default, deserialize_with = "null_default")]
    pub hint: String,
}

/// `GET /api/v2/instance`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct InstanceV2 {
    /// Domain used in handles.
    #[serde(default, deserialize_with = "null_default")]
    pub domain: String,
    /// Site title.
    #[serde(default, deserialize_with = "null_default")]
    pub title: String,
    /// Software version.
    #[serde(default, deserialize_with = "null_default")]
    pub version: String,
    /// Source code URL.
    #[serde(default)]
    pub source_url: Option<String>,
    /// Short plain-text description.
    #[serde(default, deserialize_with = "null_default")]
    pub description: String,
    /// Usage figures.
    #[serde(default, deserialize_with = "lenient")]
    pub usage: Option<InstanceUsage>,
    /// Banner image.
    #[serde(default, deserialize_with = "lenient")]
    pub thumbnail: Option<InstanceThumbnail>,
    /// Main languages (ISO 639-1).
    #[serde(default, deserialize_with = "null_default")]
    pub languages: Vec<String>,
    /// Limits and URLs.
    #[serde(default, deserialize_with = "null_default")]
    pub configuration: InstanceConfiguration,
    /// Sign-up information.
    #[serde(default, deserialize_with = "null_default")]
    pub registrations: InstanceRegistrations,
    /// Who to contact.
    #[serde(default, deserialize_with = "null_default")]
    pub contact: InstanceContact,
    /// Server rules.
    #[serde(default, deserialize_with = "null_default")]
    pub rules: Vec<Rule>,
    /// API versions by implementation, e.g. `{"mastodon": 2}` (4.3+).
    #[serde(default, deserialize_with = "null_default")]
    pub api_versions: BTreeMap<String, u64>,
}

/// `usage` of [`InstanceV2`].
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct InstanceUsage {
    /// User figures.
    #[serde(default, deserialize_with = "null_default")]
    pub users: InstanceUsers,
}

/// `usage.users` of [`InstanceV2`].
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct InstanceUsers {
    /// Users active in the last four weeks.
    #[serde(default, deserialize_with = "lenient_u64")]
    pub active_month: u64,
}

/// `thumbnail` of [`InstanceV2`].
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct InstanceThumbnail {
    /// Image URL.
    #[serde(default, deserialize_with = "null_default")]
    pub url: String,
    /// BlurHash placeholder.
    #[serde(default)]
    pub blurhash: Option<String>,
    /// URLs by resolution, e.g. `"@2x"`.
    #[serde(default, deserialize_with = "null_default")]
    pub versions: BTreeMap<String, String>,
}

/// `registrations` of [`InstanceV2`].
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct InstanceRegistrations {
    /// Whether sign-ups are open.
    #[serde(default, deserialize_with = "null_default")]
    pub enabled: bool,
    /// Whether sign-ups need approval.
    #[serde(default, deserialize_with = "null_default")]
    pub approval_required: bool,
    /// Message shown when sign-ups are closed (HTML).
    #[serde(default)]
    pub message: Option<String>,
    /// External sign-up URL.
    #[serde(default)]
    pub url: Option<String>,
}

/// `contact` of [`InstanceV2`].
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct InstanceContact {
    /// Contact e-mail address.
    #[serde(default, deserialize_with = "null_default")]
    pub email: String,
    /// Contact account.
    #[serde(default)]
    pub account: Option<Account>,
}

/// `GET /api/v1/instance` (Mastodon before 4.0, and servers without v2).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct InstanceV1 {
    /// Domain used in handles.
    #[serde(default, deserialize_with = "null_default")]
    pub uri: String,
    /// Site title.
    #[serde(default, deserialize_with = "null_default")]
    pub title: String,
    /// Short plain-text description.
    #[serde(default, deserialize_with = "null_default")]
    pub short_description: String,
    /// Long description (HTML).
    #[serde(default, deserialize_with = "null_default")]
    pub description: String,
    /// Contact e-mail address.
    #[serde(default, deserialize_with = "null_default")]
    pub email: String,
    /// Software version (Pleroma/Akkoma append their own after Mastodon's).
    #[serde(default, deserialize_with = "null_default")]
    pub version: String,
    /// URLs of interest.
    #[serde(default, deserialize_with = "null_default")]
    pub urls: InstanceV1Urls,
    /// Size figures.
    #[serde(default, deserialize_with = "null_default")]
    pub stats: InstanceStats,
    /// Banner image URL.
    #[serde(default, deserialize_with = "lenient")]
    pub thumbnail: Option<String>,
    /// Main languages (ISO 639-1).
    #[serde(default, deserialize_with = "null_default")]
    pub languages: Vec<String>,
    /// Whether sign-ups are open.
    #[serde(default, deserialize_with = "null_default")]
    pub registrations: bool,
    /// Whether sign-ups need approval.
    #[serde(default, deserialize_with = "null_default")]
    pub approval_required: bool,
    /// Whether invites are enabled.
    #[serde(default, deserialize_with = "null_default")]
    pub invites_enabled: bool,
    /// Limits (Mastodon 3.4+).
    #[serde(default, deserialize_with = "null_default")]
    pub configuration: InstanceConfiguration,
    /// Contact account.
    #[serde(default)]
    pub contact_account: Option<Account>,
    /// Server rules.
    #[serde(default, deserialize_with = "null_default")]
    pub rules: Vec<Rule>,
    /// Status length limit as Pleroma/Akkoma announce it.
    #[serde(default)]
    pub max_toot_chars: Option<u64>,
    /// Poll limits as Pleroma/Akkoma announce them.
    #[serde(default, deserialize_with = "lenient")]
    pub poll_limits: Option<PleromaPollLimits>,
}

/// `urls` of [`InstanceV1`].
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct InstanceV1Urls {
    /// WebSocket URL of the streaming API.
    #[serde(default)]
    pub streaming_api: Option<String>,
}

/// `stats` of [`InstanceV1`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct InstanceStats {
    /// Local users.
    #[serde(default, deserialize_with = "lenient_u64")]
    pub user_count: u64,
    /// Local statuses.
    #[serde(default, deserialize_with = "lenient_u64")]
    pub status_count: u64,
    /// Known domains.
    #[serde(default, deserialize_with = "lenient_u64")]
    pub domain_count: u64,
}

/// `poll_limits` of a Pleroma/Akkoma [`InstanceV1`].
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct PleromaPollLimits {
    /// Maximum options per poll.
    #[serde(default)]
    pub max_options: Option<u64>,
    /// Maximum characters per option.
    #[serde(default)]
    pub max_option_chars: Option<u64>,
    /// Shortest duration, in seconds.
    #[serde(default)]
    pub min_expiration: Option<u64>,
    /// Longest duration, in seconds.
    #[serde(default)]
    pub max_expiration: Option<u64>,
}

/// What the client needs to know about a server, built from either
/// [`InstanceV2`] or [`InstanceV1`] with `Instance::from`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Instance {
    /// Domain used in handles.
    pub domain: String,
    /// Site title.
    pub title: String,
    /// Software version.
    pub version: String,
    /// Short description.
    pub description: String,
    /// Main languages.
    pub languages: Vec<String>,
    /// Contact e-mail address, if given.
    pub contact_email: Option<String>,
    /// Contact account, if given.
    pub contact_account: Option<Account>,
    /// Whether sign-ups are open.
    pub registrations_open: bool,
    /// Whether sign-ups need approval.
    pub approval_required: bool,
    /// Server rules.
    pub rules: Vec<Rule>,
    /// Limits and URLs; from v1, `urls.streaming` holds `urls.streaming_api`
    /// and Pleroma's `max_toot_chars`/`poll_limits` fill the gaps.
    pub configuration: InstanceConfiguration,
    /// API versions by implementation (empty before Mastodon 4.3).
    pub api_versions: BTreeMap<String, u64>,
}

impl Instance {
    /// WebSocket base URL of the streaming API, if the server gave one.
    pub fn streaming_url(&self) -> Option<&str> {
        self.configuration.urls.streaming.as_deref()
    }

    /// Maximum characters per status (500 if unknown).
    pub fn max_characters(&self) -> u64 {
        self.configuration
            .statuses
            .max_characters
            .unwrap_or(DEFAULT_MAX_CHARACTERS)
    }

    /// Characters each URL counts for (23 if unknown).
    pub fn characters_reserved_per_url(&self) -> u64 {
        self.configuration
            .statuses
            .characters_reserved_per_url
            .unwrap_or(DEFAULT_CHARACTERS_RESERVED_PER_URL)
    }

    /// Maximum attachments per status (4 if unknown).
    pub fn max_media_attachments(&self) -> u64 {
        self.configuration
            .statuses
            .max_media_attachments
            .unwrap_or(DEFAULT_MAX_MEDIA_ATTACHMENTS)
    }

    /// The `mastodon` API version (4.3+), if announced.
    pub fn mastodon_api_version(&self) -> Option<u64> {
        self.api_versions.get("mastodon").copied()
    }
}

/// `Some(s)` unless `s` is blank.
fn non_empty(s: String) -> Option<String> {
    (!s.trim().is_empty()).then_some(s)
}

impl From<InstanceV2> for Instance {
    fn from(v2: InstanceV2) -> Self {
        Instance {
            domain: v2.domain,
            title: v2.title,
            version: v2.version,
            description: v2.description,
            languages: v2.languages,
            contact_email: non_empty(v2.contact.email),
            contact_account: v2.contact.account,
            registrations_open: v2.registrations.enabled,
            approval_required: v2.registrations.approval_required,
            rules: v2.rules,
            configuration: v2.configuration,
            api_versions: v2.api_versions,
        }
    }
}

impl From<InstanceV1> for Instance {
    fn from(v1: InstanceV1) -> Self {
        let mut configuration = v1.configuration;
        let urls = &mut configuration.urls;
        urls.streaming = urls.streaming.take().or(v1.urls.streaming_api);
        let statuses = &mut configuration.statuses;
        statuses.max_characters = statuses.max_characters.or(v1.max_toot_chars);
        if let Some(limits) = v1.poll_limits {
            let polls = &mut configuration.polls;
            polls.max_options = polls.max_options.or(limits.max_options);
            polls.max_characters_per_option =
                polls.max_characters_per_option.or(limits.max_option_chars);
            polls.min_expiration = polls.min_expiration.or(limits.min_expiration);
            polls.max_expiration = polls.max_expiration.or(limits.max_expiration);
        }
        Instance {
            domain: v1.uri,
            title: v1.title,
            version: v1.version,
            description: non_empty(v1.short_description).unwrap_or(v1.description),
            languages: v1.languages,
            contact_email: non_empty(v1.email),
            contact_account: v1.contact_account,
            registrations_open: v1.registrations,
            approval_required: v1.approval_required,
            rules: v1.rules,
            configuration,
            api_versions: BTreeMap::new(),
        }
    }
}
