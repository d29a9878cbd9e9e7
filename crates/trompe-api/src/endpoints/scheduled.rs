//! Scheduled statuses: list, read, reschedule and cancel the posts the
//! server will publish later (they are created by `Client::post_status`
//! with `scheduled_at`).

use serde::Serialize;
use time::OffsetDateTime;

use super::call::{Call, seg};
use super::compose::json_body;
use crate::entities::{ScheduledStatus, ScheduledStatusId};
use crate::{ApiError, Client, Page, PageQuery};

#[derive(Serialize)]
struct Reschedule {
    #[serde(with = "time::serde::rfc3339")]
    scheduled_at: OffsetDateTime,
}

fn path_of(id: &ScheduledStatusId) -> String {
    format!("api/v1/scheduled_statuses/{}", seg(id.as_str()))
}

impl Call {
    /// `GET /api/v1/scheduled_statuses`.
    pub fn scheduled_statuses(page: &PageQuery) -> Call {
        Call::get("api/v1/scheduled_statuses").page(page)
    }

    /// `GET /api/v1/scheduled_statuses/:id`.
    pub fn scheduled_status(id: &ScheduledStatusId) -> Call {
        Call::get(path_of(id))
    }

    /// `PUT /api/v1/scheduled_statuses/:id` with a new time.
    pub fn reschedule(id: &ScheduledStatusId, at: OffsetDateTime) -> Result<Call, ApiError> {
        let path = path_of(id);
        let body = json_body(&path, &Reschedule { scheduled_at: at })?;
        Ok(Call::put(path).json(body))
    }

    /// `DELETE /api/v1/scheduled_statuses/:id`.
    pub fn cancel_scheduled(id: &ScheduledStatusId) -> Call {
        Call::delete(path_of(id))
    }
}

impl Client {
    /// One page of the scheduled statuses.
    pub async fn scheduled_statuses(
        &self,
        page: &PageQuery,
    ) -> Result<Page<ScheduledStatus>, ApiError> {
        self.call_page(&Call::scheduled_statuses(page)).await
    }

    /// One scheduled status.
    pub async fn scheduled_status(
        &self,
        id: &ScheduledStatusId,
    ) -> Result<ScheduledStatus, ApiError> {
        self.call(&Call::scheduled_status(id)).await
    }

    /// Moves a scheduled status to `at` (at least 5 minutes ahead).
    pub async fn reschedule(
        &self,
        id: &ScheduledStatusId,
        at: OffsetDateTime,
    ) -> Result<ScheduledStatus, ApiError> {
        self.call(&Call::reschedule(id, at)?).await
    }

    /// Cancels a scheduled status: it will not be posted.
    pub async fn cancel_scheduled(&self, id: &ScheduledStatusId) -> Result<(), ApiError> {
        self.call_unit(&Call::cancel_scheduled(id)).await
    }
}
