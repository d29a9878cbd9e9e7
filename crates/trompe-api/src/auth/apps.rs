//! App registration (`POST /api/v1/apps`), once per instance, cached in the
//! data directory.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use url::Url;

use super::{AuthError, OOB, SCOPES};
use crate::Client;

/// The loopback redirect registered with the app. Per RFC 8252 the server
/// accepts any port on a loopback redirect.
pub const LOOPBACK_REDIRECT: &str = "http://127.0.0.1/callback";

/// Client credentials for one instance.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppCredentials {
    pub client_id: String,
    pub client_secret: String,
    #[serde(default)]
    pub redirect_uris: Vec<String>,
    #[serde(default)]
    pub scopes: String,
}

impl std::fmt::Debug for AppCredentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppCredentials")
            .field("client_id", &self.client_id)
            .field("client_secret", &"<redacted>")
            .finish()
    }
}

/// The cache file: instance URL → credentials.
#[derive(Debug, Default, Serialize, Deserialize)]
struct Cache {
    #[serde(default)]
    apps: BTreeMap<String, AppCredentials>,
}

fn cache_path(data_dir: &Path) -> PathBuf {
    data_dir.join("apps.json")
}

fn load(data_dir: &Path) -> Cache {
    std::fs::read(cache_path(data_dir))
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or_default()
}

fn store(data_dir: &Path, cache: &Cache) -> Result<(), AuthError> {
    let bytes = serde_json::to_vec_pretty(cache).map_err(|e| AuthError::Io(e.to_string()))?;
    super::tokens::write_private(&cache_path(data_dir), &bytes)
}

/// The cached credentials for `instance`, if any.
pub fn cached(data_dir: &Path, instance: &Url) -> Option<AppCredentials> {
    load(data_dir).apps.get(instance.as_str()).cloned()
}

/// Forgets the credentials for `instance` (e.g. the server no longer knows them).
pub fn forget(data_dir: &Path, instance: &Url) -> Result<(), AuthError> {
    let mut c = load(data_dir);
    if c.apps.remove(instance.as_str()).is_some() {
        store(data_dir, &c)?;
    }
    Ok(())
}

/// Returns the cached credentials, or registers the app and caches them.
pub async fn ensure(data_dir: &Path, client: &Client) -> Result<AppCredentials, AuthError> {
    if let Some(c) = cached(data_dir, client.base()) {
        return Ok(c);
    }
    let body = serde_json::json!({
        "client_name": "trompe",
        "redirect_uris": [LOOPBACK_REDIRECT, OOB],
        "scopes": SCOPES.join(" "),
        "website": "https://github.com/trompe-client/trompe",
    });
    let app: crate::entities::Application =
        client
            .post("api/v1/apps", Some(&body))
            .await
            .map_err(|e| AuthError::Registration {
                instance: client.base().to_string(),
                message: e.to_string(),
            })?;
    let (Some(client_id), Some(client_secret)) = (app.client_id.clone(), app.client_secret.clone())
    else {
        return Err(AuthError::Registration {
            instance: client.base().to_string(),
            message: "the answer has no client credentials".into(),
        });
    };
    let creds = AppCredentials {
        client_id,
        client_secret,
        redirect_uris: vec![LOOPBACK_REDIRECT.into(), OOB.into()],
        scopes: SCOPES.join(" "),
    };
    let mut cache = load(data_dir);
    cache.apps.insert(client.base().to_string(), creds.clone());
    store(data_dir, &cache)?;
    Ok(creds)
}
