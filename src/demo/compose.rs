//! Demo routes for writing: posting (with media, polls, scheduling and
//! idempotency keys), edits and their history, media uploads (202, then
//! processed), and scheduled statuses.

use axum::Router;

use super::routes::AppState;

/// The routes of this area.
pub(crate) fn routes() -> Router<AppState> {
    Router::new()
}
