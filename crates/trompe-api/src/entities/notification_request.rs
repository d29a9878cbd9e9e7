//! Filtered notifications (Mastodon 4.3+): the requests from accounts the
//! notification policy filters, and the policy itself.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::account::Account;
use super::serde_util::{datetime, lenient_u64, string_or_number};
use super::status::Status;

/// Notifications from one account held back by the policy.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NotificationRequest {
    /// The request's id.
    #[serde(deserialize_with = "string_or_number")]
    pub id: String,
    #[serde(default, with = "datetime")]
    pub created_at: Option<OffsetDateTime>,
    #[serde(default, with = "datetime")]
    pub updated_at: Option<OffsetDateTime>,
    /// Who the notifications are from.
    pub account: Account,
    /// How many notifications are held (Mastodon sends it as a string).
    #[serde(default, deserialize_with = "lenient_u64")]
    pub notifications_count: u64,
    /// The newest status among them, if any.
    #[serde(default)]
    pub last_status: Option<Status>,
}

/// What the policy does with one kind of sender: `accept`, `filter` or `drop`.
pub type PolicyValue = String;

/// The notification policy (v2 shape).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct NotificationPolicy {
    #[serde(default = "accept")]
    pub for_not_following: PolicyValue,
    #[serde(default = "accept")]
    pub for_not_followers: PolicyValue,
    #[serde(default = "accept")]
    pub for_new_accounts: PolicyValue,
    #[serde(default = "accept")]
    pub for_private_mentions: PolicyValue,
    #[serde(default = "accept")]
    pub for_limited_accounts: PolicyValue,
    #[serde(default)]
    pub summary: Option<PolicySummary>,
}

/// Counts of what the policy holds back.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PolicySummary {
    #[serde(default, deserialize_with = "lenient_u64")]
    pub pending_requests_count: u64,
    #[serde(default, deserialize_with = "lenient_u64")]
    pub pending_notifications_count: u64,
}

fn accept() -> PolicyValue {
    "accept".into()
}
