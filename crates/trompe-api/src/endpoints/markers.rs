//! Read markers: where the user stopped reading home and notifications.

use serde_json::{Map, Value, json};

use super::call::Call;
use crate::entities::Markers;
use crate::{ApiError, Client};

impl Call {
    /// `GET /api/v1/markers?timeline[]=home&timeline[]=notifications`.
    pub fn markers() -> Call {
        Call::get("api/v1/markers").query_all("timeline[]", ["home", "notifications"])
    }

    /// `POST /api/v1/markers`: saves either or both positions.
    pub fn save_markers(home: Option<&str>, notifications: Option<&str>) -> Call {
        let mut m = Map::new();
        if let Some(h) = home {
            m.insert("home".into(), json!({ "last_read_id": h }));
        }
        if let Some(n) = notifications {
            m.insert("notifications".into(), json!({ "last_read_id": n }));
        }
        Call::post("api/v1/markers").json(Value::Object(m))
    }
}

impl Client {
    /// The saved read positions.
    pub async fn markers(&self) -> Result<Markers, ApiError> {
        self.call(&Call::markers()).await
    }

    /// Saves read positions (ids of the last read status / notification).
    pub async fn save_markers(
        &self,
        home: Option<&str>,
        notifications: Option<&str>,
    ) -> Result<Markers, ApiError> {
        self.call(&Call::save_markers(home, notifications)).await
    }
}
