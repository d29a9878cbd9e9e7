//! Notifications (`/api/v1/notifications`) and the payloads some types carry:
//! moderation reports, relationship severance events and account warnings.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::account::Account;
use super::enums::string_enum;
use super::ids::{AccountWarningId, NotificationId, ReportId, RuleId, SeveranceEventId, StatusId};
use super::serde_util::{datetime, lenient, lenient_u64, null_default};
use super::status::Status;

string_enum! {
    /// What a notification is about. Fork-specific types
    /// (`pleroma:emoji_reaction`, `move`…) arrive as `Other`.
    pub enum NotificationType {
        /// Someone mentioned the user.
        Mention = "mention",
        /// Someone the user gets notified about posted.
        Status = "status",
        /// Someone boosted the user's status.
        Reblog = "reblog",
        /// Someone followed the user.
        Follow = "follow",
        /// Someone asked to follow the user.
        FollowRequest = "follow_request",
        /// Someone favourited the user's status.
        Favourite = "favourite",
        /// A poll the user voted in or created has ended.
        Poll = "poll",
        /// A status the user boosted was edited.
        Update = "update",
        /// Someone quoted the user's status.
        Quote = "quote",
        /// A status the user quoted was edited.
        QuotedUpdate = "quoted_update",
        /// Someone signed up (admins).
        AdminSignUp = "admin.sign_up",
        /// A report was filed (admins).
        AdminReport = "admin.report",
        /// Follow relationships were cut by moderation or a block.
        SeveredRelationships = "severed_relationships",
        /// Moderators acted on or warned the user's account.
        ModerationWarning = "moderation_warning",
        /// The user's annual report is ready.
        AnnualReport = "annual_report",
    }
}

/// One notification.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Notification {
    /// The notification id.
    pub id: NotificationId,
    /// What happened.
    #[serde(rename = "type")]
    pub kind: NotificationType,
    /// When it happened.
    #[serde(default, with = "datetime")]
    pub created_at: Option<OffsetDateTime>,
    /// Who caused it (always present on Mastodon).
    #[serde(default)]
    pub account: Option<Account>,
    /// The status concerned (mention, reblog, favourite, poll, update, quote…).
    #[serde(default)]
    pub status: Option<Status>,
    /// Key shared by notifications that group together (Mastodon 4.3+).
    #[serde(default)]
    pub group_key: Option<String>,
    /// For `admin.report`.
    #[serde(default, deserialize_with = "lenient")]
    pub report: Option<Report>,
    /// For `severed_relationships`.
    #[serde(default, deserialize_with = "lenient")]
    pub event: Option<RelationshipSeveranceEvent>,
    /// For `moderation_warning`.
    #[serde(default, deserialize_with = "lenient")]
    pub moderation_warning: Option<AccountWarning>,
    /// For Pleroma/Akkoma emoji reactions: the emoji (or `:shortcode:`).
    #[serde(default)]
    pub emoji: Option<String>,
}

string_enum! {
    /// Reason given for a report.
    pub enum ReportCategory {
        /// Spam.
        Spam = "spam",
        /// Illegal content.
        Legal = "legal",
        /// Breaks instance rules.
        Violation = "violation",
        /// Anything else.
        OtherReason = "other",
    }
}

/// A moderation report, as attached to `admin.report` notifications.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// The report id.
    pub id: ReportId,
    /// Whether moderators acted on it.
    #[serde(default, deserialize_with = "null_default")]
    pub action_taken: bool,
    /// When they did.
    #[serde(default, with = "datetime")]
    pub action_taken_at: Option<OffsetDateTime>,
    /// Why it was filed.
    #[serde(default)]
    pub category: Option<ReportCategory>,
    /// The reporter's comment.
    #[serde(default, deserialize_with = "null_default")]
    pub comment: String,
    /// Whether it was forwarded to the remote instance.
    #[serde(default, deserialize_with = "null_default")]
    pub forwarded: bool,
    /// When it was filed.
    #[serde(default, with = "datetime")]
    pub created_at: Option<OffsetDateTime>,
    /// Statuses attached to it.
    #[serde(default, deserialize_with = "null_default")]
    pub status_ids: Vec<StatusId>,
    /// Rules cited.
    #[serde(default, deserialize_with = "null_default")]
    pub rule_ids: Vec<RuleId>,
    /// The reported account.
    #[serde(default)]
    pub target_account: Option<Account>,
}

string_enum! {
    /// What cut the relationships in a [`RelationshipSeveranceEvent`].
    pub enum SeveranceType {
        /// A moderator blocked a domain.
        DomainBlock = "domain_block",
        /// The user blocked a domain.
        UserDomainBlock = "user_domain_block",
        /// A moderator suspended an account.
        AccountSuspension = "account_suspension",
    }
}

/// Why some of the user's follow relationships disappeared.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RelationshipSeveranceEvent {
    /// The event id.
    pub id: SeveranceEventId,
    /// What caused it.
    #[serde(rename = "type")]
    pub kind: SeveranceType,
    /// Whether the relationship list is no longer available.
    #[serde(default, deserialize_with = "null_default")]
    pub purged: bool,
    /// The domain or account that was blocked or suspended.
    #[serde(default, deserialize_with = "null_default")]
    pub target_name: String,
    /// Followers lost.
    #[serde(default, deserialize_with = "lenient_u64")]
    pub followers_count: u64,
    /// Follows lost.
    #[serde(default, deserialize_with = "lenient_u64")]
    pub following_count: u64,
    /// When it happened.
    #[serde(default, with = "datetime")]
    pub created_at: Option<OffsetDateTime>,
}

string_enum! {
    /// Action moderators took in an [`AccountWarning`].
    pub enum AccountWarningAction {
        /// A warning only.
        NoAction = "none",
        /// Login disabled.
        Disable = "disable",
        /// Some statuses marked sensitive.
        MarkStatusesAsSensitive = "mark_statuses_as_sensitive",
        /// Some statuses deleted.
        DeleteStatuses = "delete_statuses",
        /// All future media marked sensitive.
        Sensitive = "sensitive",
        /// Account limited.
        Silence = "silence",
        /// Account suspended.
        Suspend = "suspend",
    }
}

/// A moderation warning sent to the user.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AccountWarning {
    /// The warning id.
    pub id: AccountWarningId,
    /// What was done.
    pub action: AccountWarningAction,
    /// The moderators' message.
    #[serde(default, deserialize_with = "null_default")]
    pub text: String,
    /// Statuses concerned.
    #[serde(default, deserialize_with = "null_default")]
    pub status_ids: Vec<StatusId>,
    /// The account acted upon.
    #[serde(default)]
    pub target_account: Option<Account>,
    /// When it was issued.
    #[serde(default, with = "datetime")]
    pub created_at: Option<OffsetDateTime>,
}
