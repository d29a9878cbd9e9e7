//! Media endpoints (owned by the compose work).
