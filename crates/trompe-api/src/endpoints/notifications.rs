//! Notifications: the plain list (v1, with type filters), grouped
//! notifications (v2, Mastodon 4.3+, falling back to v1 on servers without
//! them), one notification, dismissing, clearing and the unread count.

use serde::{Deserialize, Serialize};
use url::Url;

use super::call::{Call, seg};
use crate::entities::{
    AccountId, GroupedNotificationsResults, Notification, NotificationId, NotificationType,
};
use crate::{ApiError, Client, Page, PageQuery};

/// Which notifications to list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NotificationQuery {
    /// Only these types (`types[]`); empty for all.
    pub types: Vec<NotificationType>,
    /// Not these types (`exclude_types[]`).
    pub exclude_types: Vec<NotificationType>,
    /// Only from this account.
    pub account_id: Option<AccountId>,
    /// The page cursors and size.
    pub page: PageQuery,
}

impl NotificationQuery {
    fn apply(&self, call: Call) -> Call {
        call.query_all("types[]", self.types.iter().map(|t| t.as_str().to_string()))
            .query_all(
                "exclude_types[]",
                self.exclude_types.iter().map(|t| t.as_str().to_string()),
            )
            .query_opt("account_id", self.account_id.as_ref().map(|a| a.as_str()))
            .page(&self.page)
    }
}

/// `GET /api/v1/notifications/unread_count`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnreadCount {
    /// Unread notifications (capped by the server).
    #[serde(default)]
    pub count: u64,
}

/// Notifications as the server can give them: grouped (v2) or plain (v1).
#[derive(Debug, Clone, PartialEq)]
pub enum NotificationFeed {
    /// Grouped notifications, with the cursors of the page.
    Grouped {
        /// The groups and the accounts and statuses they refer to.
        results: GroupedNotificationsResults,
        /// Older groups.
        next: Option<Url>,
        /// Newer groups.
        prev: Option<Url>,
    },
    /// Plain notifications, from a server without grouped notifications.
    Plain(Page<Notification>),
}

impl Call {
    /// `GET /api/v1/notifications`.
    pub fn notifications(q: &NotificationQuery) -> Call {
        q.apply(Call::get("api/v1/notifications"))
    }

    /// `GET /api/v2/notifications`: grouped; `grouped_types` empty groups
    /// what the server groups by default.
    pub fn grouped_notifications(
        q: &NotificationQuery,
        grouped_types: &[NotificationType],
    ) -> Call {
        q.apply(Call::get("api/v2/notifications")).query_all(
            "grouped_types[]",
            grouped_types.iter().map(|t| t.as_str().to_string()),
        )
    }

    /// `GET /api/v1/notifications/:id`.
    pub fn notification(id: &NotificationId) -> Call {
        Call::get(format!("api/v1/notifications/{}", seg(id.as_str())))
    }

    /// `POST /api/v1/notifications/:id/dismiss`.
    pub fn dismiss_notification(id: &NotificationId) -> Call {
        Call::post(format!("api/v1/notifications/{}/dismiss", seg(id.as_str())))
    }

    /// `POST /api/v1/notifications/clear`.
    pub fn clear_notifications() -> Call {
        Call::post("api/v1/notifications/clear")
    }

    /// `GET /api/v1/notifications/unread_count`.
    pub fn unread_notification_count() -> Call {
        Call::get("api/v1/notifications/unread_count")
    }
}

impl Client {
    /// One page of plain notifications.
    pub async fn notifications(
        &self,
        q: &NotificationQuery,
    ) -> Result<Page<Notification>, ApiError> {
        self.call_page(&Call::notifications(q)).await
    }

    /// One page of grouped notifications; on a server without them (404,
    /// as GoToSocial answers) the same query through v1.
    pub async fn notification_feed(
        &self,
        q: &NotificationQuery,
        grouped_types: &[NotificationType],
    ) -> Result<NotificationFeed, ApiError> {
        match self
            .call_linked(&Call::grouped_notifications(q, grouped_types))
            .await
        {
            Ok((results, next, prev)) => Ok(NotificationFeed::Grouped {
                results,
                next,
                prev,
            }),
            Err(ApiError::NotFound { .. }) => {
                self.notifications(q).await.map(NotificationFeed::Plain)
            }
            Err(e) => Err(e),
        }
    }

    /// One notification.
    pub async fn notification(&self, id: &NotificationId) -> Result<Notification, ApiError> {
        self.call(&Call::notification(id)).await
    }

    /// Dismisses one notification.
    pub async fn dismiss_notification(&self, id: &NotificationId) -> Result<(), ApiError> {
        self.call_unit(&Call::dismiss_notification(id)).await
    }

    /// Clears every notification.
    pub async fn clear_notifications(&self) -> Result<(), ApiError> {
        self.call_unit(&Call::clear_notifications()).await
    }

    /// The number of unread notifications (newer than the notifications marker).
    pub async fn unread_notification_count(&self) -> Result<u64, ApiError> {
        self.call::<UnreadCount>(&Call::unread_notification_count())
            .await
            .map(|c| c.count)
    }
}
