//! Instance information: v2, falling back to v1 on servers without it.

use crate::entities::{Announcement, AnnouncementId, Instance, InstanceV1, InstanceV2};
use crate::{ApiError, Client};

impl Client {
    /// `GET /api/v2/instance`, or `/api/v1/instance` when v2 is missing (404/410).
    pub async fn instance(&self) -> Result<Instance, ApiError> {
        match self.get::<InstanceV2>("api/v2/instance", &[]).await {
            Ok(v2) => Ok(Instance::from(v2)),
            Err(ApiError::NotFound { .. }) | Err(ApiError::Status { code: 410, .. }) => {
                let v1: InstanceV1 = self.get("api/v1/instance", &[]).await?;
                Ok(Instance::from(v1))
            }
            Err(e) => Err(e),
        }
    }

    /// The instance information, fetched once per client and shared: the
    /// status bar, the compose limits and the stream's URL all need it at
    /// start, and concurrent callers wait for the same request.
    pub async fn instance_cached(&self) -> Result<Instance, ApiError> {
        let mut slot = self.instance_slot().lock().await;
        if let Some(i) = slot.as_ref() {
            return Ok(i.clone());
        }
        let i = self.instance().await?;
        *slot = Some(i.clone());
        Ok(i)
    }

    /// `GET /api/v1/announcements`: the current announcements, with `read`.
    pub async fn announcements(&self) -> Result<Vec<Announcement>, ApiError> {
        self.get("api/v1/announcements", &[]).await
    }

    /// `POST /api/v1/announcements/:id/dismiss`: marks one read.
    pub async fn dismiss_announcement(&self, id: &AnnouncementId) -> Result<(), ApiError> {
        let path = format!(
            "api/v1/announcements/{}/dismiss",
            crate::endpoints::timelines::encode_segment(id.as_str())
        );
        self.post::<serde_json::Value, serde_json::Value>(&path, None)
            .await
            .map(|_| ())
    }
}
