//! Tags endpoints (owned by the API-surface work; see cli/).
