//! Scheduled endpoints (owned by the compose work).
