//! Writing: posting (with an `Idempotency-Key`), editing, the source of a
//! status, and the instance's languages. (The edit history is
//! `Client::status_history`, with the other status endpoints.)

use reqwest::Method;
use serde::Serialize;
use serde_json::Value;
use time::OffsetDateTime;

use super::call::{Call, seg};
use crate::client::decode;
use crate::entities::{
    Language, MediaId, ScheduledStatus, Status, StatusId, StatusSource, Visibility,
};
use crate::{ApiError, Client};

/// The body of `POST /api/v1/statuses`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct StatusParams {
    /// The text.
    pub status: String,
    /// Uploaded attachments, in order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub media_ids: Vec<MediaId>,
    /// A poll (not together with media).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub poll: Option<PollParams>,
    /// The status this replies to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub in_reply_to_id: Option<StatusId>,
    /// Marks the media (or the post) sensitive.
    pub sensitive: bool,
    /// Content warning.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub spoiler_text: String,
    /// Who will see it; `None` uses the account's default.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub visibility: Option<Visibility>,
    /// ISO 639 language code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// Publish later (at least 5 minutes ahead).
    #[serde(
        skip_serializing_if = "Option::is_none",
        with = "time::serde::rfc3339::option"
    )]
    pub scheduled_at: Option<OffsetDateTime>,
    /// The status this quotes (Mastodon API version 7+).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quoted_status_id: Option<StatusId>,
    /// Who may quote this post: `public`, `followers` or `nobody`
    /// (Mastodon API version 7+); `None` keeps the account's default.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quote_approval_policy: Option<String>,
}

/// A poll to create.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct PollParams {
    /// The choices.
    pub options: Vec<String>,
    /// Duration in seconds.
    pub expires_in: u64,
    /// Several choices allowed.
    pub multiple: bool,
    /// Totals hidden until the end.
    pub hide_totals: bool,
}

/// The body of `PUT /api/v1/statuses/:id`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct EditParams {
    /// The new text.
    pub status: String,
    /// The new content warning (empty removes it).
    pub spoiler_text: String,
    /// Sensitive flag.
    pub sensitive: bool,
    /// Language code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// Attachments to keep or add, in order (all of them: a missing one is removed).
    pub media_ids: Vec<MediaId>,
    /// New descriptions and focal points of attachments.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub media_attributes: Vec<MediaAttribute>,
    /// The poll (changing its options resets the votes).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub poll: Option<PollParams>,
}

/// A change to one attachment, sent with an edit.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MediaAttribute {
    /// The attachment.
    pub id: MediaId,
    /// Its alt text.
    pub description: String,
    /// `"x,y"`, each from -1.0 to 1.0.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub focus: Option<String>,
}

/// What the server answered to a new post.
#[derive(Debug, Clone, PartialEq)]
pub enum Posted {
    /// Published now.
    Status(Box<Status>),
    /// Scheduled for later.
    Scheduled(Box<ScheduledStatus>),
}

/// A JSON body from a parameter struct.
pub(crate) fn json_body<T: Serialize>(endpoint: &str, params: &T) -> Result<Value, ApiError> {
    serde_json::to_value(params).map_err(|e| ApiError::Decode {
        endpoint: endpoint.to_string(),
        path: String::new(),
        message: e.to_string(),
    })
}

impl Call {
    /// `PUT /api/v1/statuses/:id` with an edit.
    pub fn edit_status(id: &StatusId, params: &EditParams) -> Result<Call, ApiError> {
        let path = format!("api/v1/statuses/{}", seg(id.as_str()));
        let body = json_body(&path, params)?;
        Ok(Call::put(path).json(body))
    }

    /// `GET /api/v1/statuses/:id/source`.
    pub fn status_source(id: &StatusId) -> Call {
        Call::get(format!("api/v1/statuses/{}/source", seg(id.as_str())))
    }

    /// `GET /api/v1/instance/languages`.
    pub fn instance_languages() -> Call {
        Call::get("api/v1/instance/languages")
    }
}

impl Client {
    /// `POST /api/v1/statuses` with a JSON body and an `Idempotency-Key`:
    /// the same key sent again (a retry) gives back the first post instead
    /// of a second one. Returns the status, or the scheduled status when
    /// `scheduled_at` was set.
    pub async fn post_status(
        &self,
        params: &StatusParams,
        idempotency_key: &str,
    ) -> Result<Posted, ApiError> {
        let path = "api/v1/statuses";
        let rb = self
            .request(Method::POST, self.url(path)?)
            .header("Idempotency-Key", idempotency_key)
            .json(params);
        let (_, body) = self.send(rb, path).await?;
        // A scheduled status is the object with `params`.
        let value: Value = decode(path, &body)?;
        if value.get("params").is_some_and(Value::is_object) {
            decode(path, &body).map(|s| Posted::Scheduled(Box::new(s)))
        } else {
            decode(path, &body).map(|s| Posted::Status(Box::new(s)))
        }
    }

    /// `PUT /api/v1/statuses/:id`: edits a published status.
    pub async fn edit_status(
        &self,
        id: &StatusId,
        params: &EditParams,
    ) -> Result<Status, ApiError> {
        self.call(&Call::edit_status(id, params)?).await
    }

    /// `GET /api/v1/statuses/:id/source`: the plain text, for editing.
    pub async fn status_source(&self, id: &StatusId) -> Result<StatusSource, ApiError> {
        self.call(&Call::status_source(id)).await
    }

    /// `GET /api/v1/instance/languages` (Mastodon 4.2+).
    pub async fn instance_languages(&self) -> Result<Vec<Language>, ApiError> {
        self.call(&Call::instance_languages()).await
    }
}
