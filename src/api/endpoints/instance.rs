//! Instance information: v2, falling back to v1 on servers without it.

use crate::api::entities::{Announcement, AnnouncementId, Instance, InstanceV1, InstanceV2};
use crate::api::{ApiError, Client};

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

    /// `GET /api/v1/announcements`: the current announcements, with `read`.
    pub async fn announcements(&self) -> Result<Vec<Announcement>, ApiError> {
        self.get("api/v1/announcements", &[]).await
    }

    /// `POST /api/v1/announcements/:id/dismiss`: marks one read.
    pub async fn dismiss_announcement(&self, id: &AnnouncementId) -> Result<(), ApiError> {
        let path = format!(
            "api/v1/announcements/{}/dismiss",
            crate::api::endpoints::timelines::encode_segment(id.as_str())
        );
        self.post::<serde_json::Value, serde_json::Value>(&path, None)
            .await
            .map(|_| ())
    }
}
