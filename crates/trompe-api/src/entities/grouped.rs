//! Grouped notifications (`/api/v2/notifications`, Mastodon 4.3+): groups that
//! refer to accounts and statuses listed once at the top level.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::account::Account;
use super::ids::{AccountId, NotificationId, StatusId};
use super::notification::{AccountWarning, NotificationType, RelationshipSeveranceEvent, Report};
use super::serde_util::{datetime, lenient, lenient_u64, null_default};
use super::status::Status;

/// One page of grouped notifications.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct GroupedNotificationsResults {
    /// Accounts the groups refer to.
    #[serde(default, deserialize_with = "null_default")]
    pub accounts: Vec<Account>,
    /// Stripped-down accounts (with `expand_accounts=partial_avatars`).
    #[serde(default, deserialize_with = "null_default")]
    pub partial_accounts: Vec<PartialAccountWithAvatar>,
    /// Statuses the groups refer to.
    #[serde(default, deserialize_with = "null_default")]
    pub statuses: Vec<Status>,
    /// The groups, newest first.
    #[serde(default, deserialize_with = "null_default")]
    pub notification_groups: Vec<NotificationGroup>,
}

impl GroupedNotificationsResults {
    /// The full account with this id, if listed.
    pub fn account(&self, id: &AccountId) -> Option<&Account> {
        self.accounts.iter().find(|a| &a.id == id)
    }

    /// The partial account with this id, if listed.
    pub fn partial_account(&self, id: &AccountId) -> Option<&PartialAccountWithAvatar> {
        self.partial_accounts.iter().find(|a| &a.id == id)
    }

    /// The status with this id, if listed.
    pub fn status(&self, id: &StatusId) -> Option<&Status> {
        self.statuses.iter().find(|s| &s.id == id)
    }

    /// The status a group is about, if any and listed.
    pub fn group_status(&self, group: &NotificationGroup) -> Option<&Status> {
        group.status_id.as_ref().and_then(|id| self.status(id))
    }

    /// The full accounts of a group's sample, in order, skipping unknown ids.
    pub fn group_accounts<'a>(
        &'a self,
        group: &'a NotificationGroup,
    ) -> impl Iterator<Item = &'a Account> + 'a {
        group
            .sample_account_ids
            .iter()
            .filter_map(|id| self.account(id))
    }
}

/// Notifications of one type about one target, folded together.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NotificationGroup {
    /// Opaque group key (`ungrouped-{id}` for single notifications).
    pub group_key: String,
    /// Notifications in the group.
    #[serde(default, deserialize_with = "lenient_u64")]
    pub notifications_count: u64,
    /// What happened.
    #[serde(rename = "type")]
    pub kind: NotificationType,
    /// Newest notification of the group (Mastodon sends it as a number).
    pub most_recent_notification_id: NotificationId,
    /// Oldest notification of the group within this page.
    #[serde(default)]
    pub page_min_id: Option<NotificationId>,
    /// Newest notification of the group within this page.
    #[serde(default)]
    pub page_max_id: Option<NotificationId>,
    /// Time of the newest notification of the group within this page.
    #[serde(default, with = "datetime")]
    pub latest_page_notification_at: Option<OffsetDateTime>,
    /// Some of the accounts that triggered it, most recent first.
    #[serde(default, deserialize_with = "null_default")]
    pub sample_account_ids: Vec<AccountId>,
    /// The status concerned, for status-related types.
    #[serde(default)]
    pub status_id: Option<StatusId>,
    /// For `admin.report`.
    #[serde(default, deserialize_with = "lenient")]
    pub report: Option<Report>,
    /// For `severed_relationships`.
    #[serde(default, deserialize_with = "lenient")]
    pub event: Option<RelationshipSeveranceEvent>,
    /// For `moderation_warning`.
    #[serde(default, deserialize_with = "lenient")]
    pub moderation_warning: Option<AccountWarning>,
}

/// The few account fields needed to draw an avatar row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartialAccountWithAvatar {
    /// The account id.
    pub id: AccountId,
    /// `username` or `username@domain`.
    #[serde(default, deserialize_with = "null_default")]
    pub acct: String,
    /// Profile URL.
    #[serde(default, deserialize_with = "null_default")]
    pub url: String,
    /// Avatar URL.
    #[serde(default, deserialize_with = "null_default")]
    pub avatar: String,
    /// Non-animated avatar URL.
    #[serde(default, deserialize_with = "null_default")]
    pub avatar_static: String,
    /// Whether follow requests need approval.
    #[serde(default, deserialize_with = "null_default")]
    pub locked: bool,
    /// Whether the account is automated.
    #[serde(default, deserialize_with = "null_default")]
    pub bot: bool,
}
