//! The plain-text source of a status (`GET /api/v1/statuses/:id/source`),
//! for editing it; and the languages an instance offers.

use serde::{Deserialize, Serialize};

use super::ids::StatusId;
use super::serde_util::null_default;

/// What the author typed, before the server turned it into HTML.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusSource {
    /// The status id.
    pub id: StatusId,
    /// The plain text.
    #[serde(default, deserialize_with = "null_default")]
    pub text: String,
    /// The content warning.
    #[serde(default, deserialize_with = "null_default")]
    pub spoiler_text: String,
}

/// A language a post can be written in (`GET /api/v1/instance/languages`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Language {
    /// ISO 639 code, e.g. `"fr"`.
    #[serde(default, deserialize_with = "null_default")]
    pub code: String,
    /// Its name in English, e.g. `"French"`.
    #[serde(default, deserialize_with = "null_default")]
    pub name: String,
}
