//! Applications: the OAuth client registered with `POST /api/v1/apps`, and
//! the short form shown on statuses (`name` and `website` only).

use std::fmt;

use serde::{Deserialize, Serialize};

use super::serde_util::{null_default, string_or_number};

/// An OAuth application. On a status only `name` and `website` are set;
/// registration also returns the client credentials.
///
/// `Debug` never shows `client_secret`.
#[derive(Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Application {
    /// The application's name.
    #[serde(default, deserialize_with = "null_default")]
    pub name: String,
    /// Its website.
    #[serde(default)]
    pub website: Option<String>,
    /// Server-side id (Mastodon 4.3+).
    #[serde(
        default,
        deserialize_with = "opt_string_or_number",
        skip_serializing_if = "Option::is_none"
    )]
    pub id: Option<String>,
    /// Granted scopes (Mastodon 4.3+).
    #[serde(
        default,
        deserialize_with = "null_default",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub scopes: Vec<String>,
    /// Redirect URIs (Mastodon 4.3+).
    #[serde(
        default,
        deserialize_with = "null_default",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub redirect_uris: Vec<String>,
    /// Redirect URI(s), newline-separated (deprecated form).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub redirect_uri: Option<String>,
    /// OAuth client id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_id: Option<String>,
    /// OAuth client secret.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_secret: Option<String>,
    /// Web Push key (deprecated).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vapid_key: Option<String>,
}

/// `Option<String>` from a string, a number or `null`.
fn opt_string_or_number<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<Option<String>, D::Error> {
    #[derive(Deserialize)]
    struct Wrapped(#[serde(deserialize_with = "string_or_number")] String);
    Ok(Option::<Wrapped>::deserialize(d)?.map(|w| w.0))
}

impl fmt::Debug for Application {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Application")
            .field("name", &self.name)
            .field("website", &self.website)
            .field("id", &self.id)
            .field("scopes", &self.scopes)
            .field("redirect_uris", &self.redirect_uris)
            .field("redirect_uri", &self.redirect_uri)
            .field("client_id", &self.client_id)
            .field(
                "client_secret",
                &self.client_secret.as_ref().map(|_| "<redacted>"),
            )
            .field("vapid_key", &self.vapid_key)
            .finish()
    }
}
