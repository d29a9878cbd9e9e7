//! The local cache's files: one per account, `cache/ACCOUNT.json` in the
//! data directory, mode 0600, written atomically. What goes in them is
//! `trompe_app::cache`'s business; this module only reads, writes and
//! deletes them.

use std::path::PathBuf;

use crate::app::cache::{MAX_FILE_BYTES, Snapshot, VERSION, file_name};
use crate::config::Paths;

/// The cache file of the account whose cache key is `key` (its configured
/// `user@instance`).
pub fn path(paths: &Paths, key: &str) -> PathBuf {
    paths.data_dir.join("cache").join(file_name(key))
}

/// Reads an account's cache. A missing file is no cache; a file too large,
/// unreadable, of another version or another account is no cache either
/// (and says why in the log). It is never an error: the server has the
/// truth.
pub fn load(paths: &Paths, key: &str) -> Option<Snapshot> {
    let path = path(paths, key);
    let meta = std::fs::metadata(&path).ok()?;
    if meta.len() > MAX_FILE_BYTES {
        tracing::warn!(bytes = meta.len(), "the cache file is too large; not read");
        return None;
    }
    let bytes = std::fs::read(&path).ok()?;
    match serde_json::from_slice::<Snapshot>(&bytes) {
        Ok(s) if s.version == VERSION && s.account == key => Some(s),
        Ok(_) => {
            tracing::info!("the cache file is of another version or account; not read");
            None
        }
        Err(e) => {
            tracing::warn!("the cache file does not decode ({e}); not read");
            None
        }
    }
}

/// Writes an account's cache (atomically, mode 0600).
pub fn save(paths: &Paths, key: &str, snapshot: &Snapshot) -> std::io::Result<()> {
    let bytes = serde_json::to_vec(snapshot).map_err(std::io::Error::other)?;
    crate::data::write_atomic(&path(paths, key), &bytes)
}

/// Deletes an account's cache. Returns whether there was one.
pub fn remove(paths: &Paths, key: &str) -> bool {
    std::fs::remove_file(path(paths, key)).is_ok()
}
