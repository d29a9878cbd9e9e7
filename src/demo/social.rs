//! Demo routes for reading and acting: accounts, relationships, lists,
//! followed tags, filters, search, notifications, polls, status actions,
//! markers, trends, conversations, bookmarks and favourites.

use axum::Router;

use super::routes::AppState;

/// The routes of this area.
pub(crate) fn routes() -> Router<AppState> {
    Router::new()
}
