//! The token store: the OS keyring (service `trompe`, user `user@domain`),
//! or, where no keyring works (headless machines, CI), a file in the data
//! directory readable only by its owner (mode 0600).
//!
//! The keyring's sync API must not run on a tokio worker: every call goes
//! through `spawn_blocking`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::AuthError;
use crate::AccessToken;

/// The keyring service name.
pub const SERVICE: &str = "trompe";

/// Where a token ended up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stored {
    Keyring,
    File(PathBuf),
}

/// The token store for one data directory.
#[derive(Debug, Clone)]
pub struct TokenStore {
    data_dir: PathBuf,
    use_keyring: bool,
}

/// Writes `bytes` to `path`, created with mode 0600, atomically.
pub fn write_private(path: &Path, bytes: &[u8]) -> Result<(), AuthError> {
    crate::config::write_atomic(path, bytes)
        .map_err(|e| AuthError::Io(format!("cannot write {}: {e}", path.display())))
}

impl TokenStore {
    /// A store in `data_dir`. The keyring is skipped when `TROMPE_NO_KEYRING`
    /// is set (tests, scripts).
    pub fn new(data_dir: impl Into<PathBuf>) -> Self {
        let use_keyring = std::env::var_os("TROMPE_NO_KEYRING").is_none();
        TokenStore {
            data_dir: data_dir.into(),
            use_keyring,
        }
    }

    /// The store for these paths.
    pub fn for_paths(paths: &crate::config::Paths) -> Self {
        TokenStore {
            data_dir: paths.data_dir.clone(),
            use_keyring: paths.keyring,
        }
    }

    /// A store that always tries the keyring first (tests use keyring's mock backend).
    pub fn with_keyring(data_dir: impl Into<PathBuf>) -> Self {
        TokenStore {
            data_dir: data_dir.into(),
            use_keyring: true,
        }
    }

    /// A store that never tries the keyring.
    pub fn file_only(data_dir: impl Into<PathBuf>) -> Self {
        TokenStore {
            data_dir: data_dir.into(),
            use_keyring: false,
        }
    }

    /// The fallback file.
    pub fn file_path(&self) -> PathBuf {
        self.data_dir.join("tokens.json")
    }

    fn read_file(&self) -> BTreeMap<String, String> {
        std::fs::read(self.file_path())
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok())
            .unwrap_or_default()
    }

    fn write_file(&self, map: &BTreeMap<String, String>) -> Result<(), AuthError> {
        let bytes = serde_json::to_vec_pretty(map).map_err(|e| AuthError::Store(e.to_string()))?;
        write_private(&self.file_path(), &bytes)
    }

    /// Saves `token` for `acct`: in the keyring when it works, else in the file.
    pub async fn save(&self, acct: &str, token: &AccessToken) -> Result<Stored, AuthError> {
        if self.use_keyring {
            let (a, t) = (acct.to_string(), token.secret().to_string());
            let r = tokio::task::spawn_blocking(move || {
                keyring::Entry::new(SERVICE, &a).and_then(|e| e.set_password(&t))
            })
            .await;
            match r {
                Ok(Ok(())) => {
                    // A token left in the file from an earlier fallback goes.
                    let mut map = self.read_file();
                    if map.remove(acct).is_some() {
                        self.write_file(&map)?;
                    }
                    return Ok(Stored::Keyring);
                }
                Ok(Err(e)) => tracing::info!("keyring unavailable, using the token file: {e}"),
                Err(e) => tracing::warn!("keyring task failed: {e}"),
            }
        }
        let mut map = self.read_file();
        map.insert(acct.to_string(), token.secret().to_string());
        self.write_file(&map)?;
        Ok(Stored::File(self.file_path()))
    }

    /// Loads the token for `acct` from the file or the keyring.
    pub async fn load(&self, acct: &str) -> Result<Option<AccessToken>, AuthError> {
        if let Some(t) = self.read_file().get(acct) {
            return Ok(Some(AccessToken::new(t.clone())));
        }
        if !self.use_keyring {
            return Ok(None);
        }
        let a = acct.to_string();
        let r = tokio::task::spawn_blocking(move || {
            keyring::Entry::new(SERVICE, &a).and_then(|e| e.get_password())
        })
        .await;
        match r {
            Ok(Ok(t)) => Ok(Some(AccessToken::new(t))),
            Ok(Err(keyring::Error::NoEntry)) => Ok(None),
            Ok(Err(e)) => {
                tracing::info!("keyring unavailable: {e}");
                Ok(None)
            }
            Err(e) => Err(AuthError::Store(e.to_string())),
        }
    }

    /// Removes the token for `acct` from both places.
    pub async fn delete(&self, acct: &str) -> Result<(), AuthError> {
        let mut map = self.read_file();
        if map.remove(acct).is_some() {
            self.write_file(&map)?;
        }
        if self.use_keyring {
            let a = acct.to_string();
            let _ = tokio::task::spawn_blocking(move || {
                keyring::Entry::new(SERVICE, &a).and_then(|e| e.delete_credential())
            })
            .await;
        }
        Ok(())
    }
}
