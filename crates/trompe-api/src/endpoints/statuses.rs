//! Statuses: one status and its thread, deleting, and the actions on a
//! status (favourite, boost, bookmark, pin, mute the conversation), who
//! favourited or boosted it, its edit history and its translation; and
//! conversations (direct-message threads).

use serde::{Deserialize, Serialize};
use serde_json::json;

use super::call::{Call, seg};
use crate::entities::{
    Account, Context, Conversation, ConversationId, Status, StatusEdit, StatusId, Visibility,
};
use crate::{ApiError, Client, Page, PageQuery};

/// A machine translation of a status (`POST /api/v1/statuses/:id/translate`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Translation {
    /// The translated body, as HTML.
    #[serde(default)]
    pub content: String,
    /// The translated content warning.
    #[serde(default)]
    pub spoiler_text: String,
    /// The language the service detected in the original.
    #[serde(default)]
    pub detected_source_language: Option<String>,
    /// The service that translated it.
    #[serde(default)]
    pub provider: Option<String>,
}

fn status_path(id: &StatusId, action: &str) -> String {
    format!("api/v1/statuses/{}/{action}", seg(id.as_str()))
}

impl Call {
    /// `GET /api/v1/statuses/:id`.
    pub fn status(id: &StatusId) -> Call {
        Call::get(format!("api/v1/statuses/{}", seg(id.as_str())))
    }

    /// `GET /api/v1/statuses/:id/context`.
    pub fn status_context(id: &StatusId) -> Call {
        Call::get(status_path(id, "context"))
    }

    /// `DELETE /api/v1/statuses/:id`.
    pub fn delete_status(id: &StatusId) -> Call {
        Call::delete(format!("api/v1/statuses/{}", seg(id.as_str())))
    }

    /// `POST /api/v1/statuses/:id/favourite`.
    pub fn favourite(id: &StatusId) -> Call {
        Call::post(status_path(id, "favourite"))
    }

    /// `POST /api/v1/statuses/:id/unfavourite`.
    pub fn unfavourite(id: &StatusId) -> Call {
        Call::post(status_path(id, "unfavourite"))
    }

    /// `POST /api/v1/statuses/:id/reblog`, optionally with a visibility
    /// (`public`, `unlisted` or `private`).
    pub fn reblog(id: &StatusId, visibility: Option<&Visibility>) -> Call {
        let call = Call::post(status_path(id, "reblog"));
        match visibility {
            Some(v) => call.json(json!({ "visibility": v.as_str() })),
            None => call,
        }
    }

    /// `POST /api/v1/statuses/:id/unreblog`.
    pub fn unreblog(id: &StatusId) -> Call {
        Call::post(status_path(id, "unreblog"))
    }

    /// `POST /api/v1/statuses/:id/bookmark`.
    pub fn bookmark(id: &StatusId) -> Call {
        Call::post(status_path(id, "bookmark"))
    }

    /// `POST /api/v1/statuses/:id/unbookmark`.
    pub fn unbookmark(id: &StatusId) -> Call {
        Call::post(status_path(id, "unbookmark"))
    }

    /// `POST /api/v1/statuses/:id/pin` (own statuses only).
    pub fn pin(id: &StatusId) -> Call {
        Call::post(status_path(id, "pin"))
    }

    /// `POST /api/v1/statuses/:id/unpin`.
    pub fn unpin(id: &StatusId) -> Call {
        Call::post(status_path(id, "unpin"))
    }

    /// `POST /api/v1/statuses/:id/mute`: no more notifications from the thread.
    pub fn mute_conversation(id: &StatusId) -> Call {
        Call::post(status_path(id, "mute"))
    }

    /// `POST /api/v1/statuses/:id/unmute`.
    pub fn unmute_conversation(id: &StatusId) -> Call {
        Call::post(status_path(id, "unmute"))
    }

    /// `GET /api/v1/statuses/:id/favourited_by`.
    pub fn favourited_by(id: &StatusId, page: &PageQuery) -> Call {
        Call::get(status_path(id, "favourited_by")).page(page)
    }

    /// `GET /api/v1/statuses/:id/reblogged_by`.
    pub fn reblogged_by(id: &StatusId, page: &PageQuery) -> Call {
        Call::get(status_path(id, "reblogged_by")).page(page)
    }

    /// `GET /api/v1/statuses/:id/history`.
    pub fn status_history(id: &StatusId) -> Call {
        Call::get(status_path(id, "history"))
    }

    /// `POST /api/v1/statuses/:id/translate`, into `lang` or the user's language.
    pub fn translate(id: &StatusId, lang: Option<&str>) -> Call {
        let call = Call::post(status_path(id, "translate"));
        match lang {
            Some(l) => call.json(json!({ "lang": l })),
            None => call,
        }
    }

    /// `GET /api/v1/conversations`.
    pub fn conversations(page: &PageQuery) -> Call {
        Call::get("api/v1/conversations").page(page)
    }

    /// `POST /api/v1/conversations/:id/read`.
    pub fn mark_conversation_read(id: &ConversationId) -> Call {
        Call::post(format!("api/v1/conversations/{}/read", seg(id.as_str())))
    }

    /// `DELETE /api/v1/conversations/:id`.
    pub fn delete_conversation(id: &ConversationId) -> Call {
        Call::delete(format!("api/v1/conversations/{}", seg(id.as_str())))
    }
}

impl Client {
    /// One status.
    pub async fn status(&self, id: &StatusId) -> Result<Status, ApiError> {
        self.call(&Call::status(id)).await
    }

    /// A status's thread: ancestors and descendants.
    pub async fn status_context(&self, id: &StatusId) -> Result<Context, ApiError> {
        self.call(&Call::status_context(id)).await
    }

    /// Deletes one of the user's statuses; the answer carries its source `text`.
    pub async fn delete_status(&self, id: &StatusId) -> Result<Status, ApiError> {
        self.call(&Call::delete_status(id)).await
    }

    /// Favourites a status.
    pub async fn favourite(&self, id: &StatusId) -> Result<Status, ApiError> {
        self.call(&Call::favourite(id)).await
    }

    /// Removes a favourite.
    pub async fn unfavourite(&self, id: &StatusId) -> Result<Status, ApiError> {
        self.call(&Call::unfavourite(id)).await
    }

    /// Boosts a status; the answer is the boost, wrapping the status in `reblog`.
    pub async fn reblog(
        &self,
        id: &StatusId,
        visibility: Option<&Visibility>,
    ) -> Result<Status, ApiError> {
        self.call(&Call::reblog(id, visibility)).await
    }

    /// Undoes a boost; the answer is the original status.
    pub async fn unreblog(&self, id: &StatusId) -> Result<Status, ApiError> {
        self.call(&Call::unreblog(id)).await
    }

    /// Bookmarks a status.
    pub async fn bookmark(&self, id: &StatusId) -> Result<Status, ApiError> {
        self.call(&Call::bookmark(id)).await
    }

    /// Removes a bookmark.
    pub async fn unbookmark(&self, id: &StatusId) -> Result<Status, ApiError> {
        self.call(&Call::unbookmark(id)).await
    }

    /// Pins one of the user's statuses to their profile.
    pub async fn pin(&self, id: &StatusId) -> Result<Status, ApiError> {
        self.call(&Call::pin(id)).await
    }

    /// Unpins a status.
    pub async fn unpin(&self, id: &StatusId) -> Result<Status, ApiError> {
        self.call(&Call::unpin(id)).await
    }

    /// Mutes the conversation a status belongs to.
    pub async fn mute_conversation(&self, id: &StatusId) -> Result<Status, ApiError> {
        self.call(&Call::mute_conversation(id)).await
    }

    /// Unmutes the conversation a status belongs to.
    pub async fn unmute_conversation(&self, id: &StatusId) -> Result<Status, ApiError> {
        self.call(&Call::unmute_conversation(id)).await
    }

    /// One page of the accounts that favourited a status.
    pub async fn favourited_by(
        &self,
        id: &StatusId,
        page: &PageQuery,
    ) -> Result<Page<Account>, ApiError> {
        self.call_page(&Call::favourited_by(id, page)).await
    }

    /// One page of the accounts that boosted a status.
    pub async fn reblogged_by(
        &self,
        id: &StatusId,
        page: &PageQuery,
    ) -> Result<Page<Account>, ApiError> {
        self.call_page(&Call::reblogged_by(id, page)).await
    }

    /// The versions of an edited status, oldest first.
    pub async fn status_history(&self, id: &StatusId) -> Result<Vec<StatusEdit>, ApiError> {
        self.call(&Call::status_history(id)).await
    }

    /// Translates a status.
    pub async fn translate(
        &self,
        id: &StatusId,
        lang: Option<&str>,
    ) -> Result<Translation, ApiError> {
        self.call(&Call::translate(id, lang)).await
    }

    /// One page of direct conversations.
    pub async fn conversations(&self, page: &PageQuery) -> Result<Page<Conversation>, ApiError> {
        self.call_page(&Call::conversations(page)).await
    }

    /// Marks a conversation read.
    pub async fn mark_conversation_read(
        &self,
        id: &ConversationId,
    ) -> Result<Conversation, ApiError> {
        self.call(&Call::mark_conversation_read(id)).await
    }

    /// Removes a conversation from the list.
    pub async fn delete_conversation(&self, id: &ConversationId) -> Result<(), ApiError> {
        self.call_unit(&Call::delete_conversation(id)).await
    }
}
