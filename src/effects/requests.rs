//! Filtered notifications: change the policy or a request, then load both.

use crate::api::Client;
use crate::api::endpoints::timelines::encode_segment;
use crate::app::Action;

pub(super) async fn requests(
    client: &Client,
    account: usize,
    change: Option<crate::app::effect::RequestsChange>,
) -> Action {
    use crate::api::entities::{NotificationPolicy, NotificationRequest};
    use crate::app::effect::RequestsChange;
    let applied = match change {
        None => Ok(()),
        Some(RequestsChange::Policy { key, value }) => {
            let body = serde_json::json!({ key: value });
            match client.url("api/v2/notifications/policy") {
                Ok(url) => client
                    .send(
                        client.request(reqwest::Method::PATCH, url).json(&body),
                        "notifications/policy",
                    )
                    .await
                    .map(|_| ()),
                Err(e) => Err(e),
            }
        }
        Some(RequestsChange::Accept(id)) | Some(RequestsChange::Dismiss(id)) if id.is_empty() => {
            Ok(())
        }
        Some(RequestsChange::Accept(id)) => client
            .post::<serde_json::Value, serde_json::Value>(
                &format!(
                    "api/v1/notifications/requests/{}/accept",
                    encode_segment(&id)
                ),
                None,
            )
            .await
            .map(|_| ()),
        Some(RequestsChange::Dismiss(id)) => client
            .post::<serde_json::Value, serde_json::Value>(
                &format!(
                    "api/v1/notifications/requests/{}/dismiss",
                    encode_segment(&id)
                ),
                None,
            )
            .await
            .map(|_| ()),
    };
    let result = match applied {
        Err(e) => Err(e),
        Ok(()) => {
            // v2 first; servers before 4.3 only know v1 (or nothing: a 404 shows as an error line).
            let policy = match client
                .get::<NotificationPolicy>("api/v2/notifications/policy", &[])
                .await
            {
                Err(crate::api::ApiError::NotFound { .. }) => {
                    client
                        .get::<NotificationPolicy>("api/v1/notifications/policy", &[])
                        .await
                }
                other => other,
            };
            match policy {
                Ok(p) => client
                    .get::<Vec<NotificationRequest>>(
                        "api/v1/notifications/requests",
                        &[("limit", "40".to_string())],
                    )
                    .await
                    .map(|r| (Box::new(p), r)),
                Err(e) => Err(e),
            }
        }
    };
    Action::RequestsLoaded { account, result }
}
