//! Compose endpoints (owned by the compose work).
