//! The body of an API error response.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::serde_util::null_default;

/// `{"error": "...", "error_description": "..."}`. Tolerant: a server may send
/// only `error`, nulls, or neither (then `error` is empty).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ApiErrorBody {
    /// The error message (OAuth errors put a code here).
    #[serde(default, deserialize_with = "null_default")]
    pub error: String,
    /// Longer description, mostly on OAuth errors.
    #[serde(default)]
    pub error_description: Option<String>,
}

impl ApiErrorBody {
    /// Parses an error body; `None` unless it is JSON with a non-blank message.
    pub fn from_json(body: &[u8]) -> Option<Self> {
        serde_json::from_slice::<Self>(body)
            .ok()
            .filter(|b| !b.message().is_empty())
    }

    /// The most useful message: `error`, plus the description when it adds
    /// something. Empty when the server said nothing.
    pub fn message(&self) -> String {
        let error = self.error.trim();
        match self.error_description.as_deref().map(str::trim) {
            Some(d) if !d.is_empty() && d != error && !error.is_empty() => {
                format!("{error}: {d}")
            }
            Some(d) if !d.is_empty() && error.is_empty() => d.to_owned(),
            _ => error.to_owned(),
        }
    }
}

impl fmt::Display for ApiErrorBody {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}
