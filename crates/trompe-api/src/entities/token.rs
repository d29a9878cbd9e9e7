//! OAuth tokens returned by `POST /oauth/token`.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::serde_util::{lenient_u64, null_default};

/// An OAuth access token. `Debug` never shows the secrets.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Token {
    /// The bearer token.
    pub access_token: String,
    /// Always `Bearer` in practice.
    #[serde(default, deserialize_with = "null_default")]
    pub token_type: String,
    /// Granted scopes, space-separated.
    #[serde(default, deserialize_with = "null_default")]
    pub scope: String,
    /// When it was issued, in Unix seconds.
    #[serde(default, deserialize_with = "lenient_u64")]
    pub created_at: u64,
    /// Refresh token, on servers that issue expiring tokens.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<String>,
    /// Lifetime in seconds, on servers that issue expiring tokens.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_in: Option<u64>,
}

impl Token {
    /// The granted scopes, one by one.
    pub fn scopes(&self) -> impl Iterator<Item = &str> {
        self.scope.split_whitespace()
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Token")
            .field("access_token", &"<redacted>")
            .field("token_type", &self.token_type)
            .field("scope", &self.scope)
            .field("created_at", &self.created_at)
            .field(
                "refresh_token",
                &self.refresh_token.as_ref().map(|_| "<redacted>"),
            )
            .field("expires_in", &self.expires_in)
            .finish()
    }
}
