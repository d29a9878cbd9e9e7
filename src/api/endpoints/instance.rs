//! Instance information: v2, falling back to v1 on servers without it.

use crate::api::entities::{Instance, InstanceV1, InstanceV2};
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
}
