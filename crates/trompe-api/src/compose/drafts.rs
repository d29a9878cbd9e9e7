//! Drafts on disk: one JSON file per draft in `<data_dir>/drafts/`, written
//! atomically (a temporary file, synced, then renamed over the old one) so
//! a crash or a `kill -9` leaves either the previous version or the new
//! one, never half a file. Files are private to the user (0600 on Unix):
//! a draft can be a direct message.
//!
//! [`Autosave`] decides when to save while the user types, from timestamps
//! only (time is an input, as everywhere in the app): after a short pause,
//! and at least once a second during continuous typing, so a crash loses
//! at most about a second of typing.

use std::fs;
use std::path::{Path, PathBuf};

use time::{Duration, OffsetDateTime};

use super::draft::Draft;

/// What can go wrong with the drafts directory.
#[derive(Debug, thiserror::Error)]
pub enum DraftsError {
    /// Reading or writing a file failed.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// The error.
        #[source]
        source: std::io::Error,
    },
    /// A draft file is not valid JSON for a draft.
    #[error("{} is not a readable draft: {message}", path.display())]
    Corrupt {
        /// The file.
        path: PathBuf,
        /// What the decoder said.
        message: String,
    },
    /// No draft has this id.
    #[error("no draft `{0}`")]
    NotFound(String),
    /// Draft ids are letters, digits, `-` and `_` only.
    #[error("`{0}` is not a draft id")]
    BadId(String),
}

fn io_err(path: &Path) -> impl FnOnce(std::io::Error) -> DraftsError + '_ {
    move |source| DraftsError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// The drafts directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DraftStore {
    dir: PathBuf,
}

impl DraftStore {
    /// The store under `data_dir` (`<data_dir>/drafts`).
    pub fn new(data_dir: &Path) -> DraftStore {
        DraftStore {
            dir: data_dir.join("drafts"),
        }
    }

    /// The store for trompe's data directory.
    pub fn for_paths(paths: &crate::config::Paths) -> DraftStore {
        DraftStore::new(&paths.data_dir)
    }

    /// The directory the drafts live in.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The file of draft `id`.
    pub fn path_of(&self, id: &str) -> Result<PathBuf, DraftsError> {
        let ok = !id.is_empty()
            && id.len() <= 64
            && id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if !ok {
            return Err(DraftsError::BadId(id.to_string()));
        }
        Ok(self.dir.join(format!("{id}.json")))
    }

    fn ensure_dir(&self) -> Result<(), DraftsError> {
        let mut b = fs::DirBuilder::new();
        b.recursive(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::DirBuilderExt;
            b.mode(0o700);
        }
        b.create(&self.dir).map_err(io_err(&self.dir))
    }

    /// Writes `draft` atomically and returns its file.
    pub fn save(&self, draft: &Draft) -> Result<PathBuf, DraftsError> {
        let path = self.path_of(&draft.id)?;
        self.ensure_dir()?;
        let json = serde_json::to_vec_pretty(draft).map_err(|e| DraftsError::Corrupt {
            path: path.clone(),
            message: e.to_string(),
        })?;
        crate::config::write_atomic(&path, &json).map_err(io_err(&path))?;
        Ok(path)
    }

    /// Reads draft `id`.
    pub fn load(&self, id: &str) -> Result<Draft, DraftsError> {
        let path = self.path_of(id)?;
        let bytes = match fs::read(&path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(DraftsError::NotFound(id.to_string()));
            }
            Err(e) => return Err(io_err(&path)(e)),
        };
        serde_json::from_slice(&bytes).map_err(|e| DraftsError::Corrupt {
            path,
            message: e.to_string(),
        })
    }

    /// Every readable draft, most recently changed first. Unreadable files
    /// are skipped (and logged), never deleted.
    pub fn list(&self) -> Result<Vec<Draft>, DraftsError> {
        let entries = match fs::read_dir(&self.dir) {
            Ok(e) => e,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(io_err(&self.dir)(e)),
        };
        let mut out = Vec::new();
        for entry in entries.flatten() {
            let name = entry.file_name();
            let Some(id) = name.to_str().and_then(|n| n.strip_suffix(".json")) else {
                continue;
            };
            if id.starts_with('.') {
                continue;
            }
            match self.load(id) {
                Ok(d) => out.push(d),
                Err(e) => tracing::warn!("skipping draft: {e}"),
            }
        }
        out.sort_by(|a, b| {
            b.updated_at
                .cmp(&a.updated_at)
                .then_with(|| b.id.cmp(&a.id))
        });
        Ok(out)
    }

    /// The most recently changed draft, to offer back after a crash.
    pub fn latest(&self) -> Result<Option<Draft>, DraftsError> {
        Ok(self.list()?.into_iter().next())
    }

    /// Deletes draft `id`.
    pub fn delete(&self, id: &str) -> Result<(), DraftsError> {
        let path = self.path_of(id)?;
        match fs::remove_file(&path) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                Err(DraftsError::NotFound(id.to_string()))
            }
            Err(e) => Err(io_err(&path)(e)),
        }
    }
}

/// Whether to autosave now: there are unsaved changes, and either typing
/// paused for `debounce`, or the oldest unsaved change is `max_delay` old.
pub fn should_autosave(
    now: OffsetDateTime,
    first_unsaved: Option<OffsetDateTime>,
    last_change: Option<OffsetDateTime>,
    debounce: Duration,
    max_delay: Duration,
) -> bool {
    match (first_unsaved, last_change) {
        (Some(first), Some(last)) => now - last >= debounce || now - first >= max_delay,
        (Some(first), None) => now - first >= max_delay,
        _ => false,
    }
}

/// Autosave bookkeeping for one open draft, driven by the app's clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Autosave {
    /// Pause in typing after which to save.
    pub debounce: Duration,
    /// Longest time a change stays unsaved during continuous typing.
    pub max_delay: Duration,
    first_unsaved: Option<OffsetDateTime>,
    last_change: Option<OffsetDateTime>,
    not_before: Option<OffsetDateTime>,
}

impl Default for Autosave {
    fn default() -> Self {
        Autosave {
            debounce: Duration::milliseconds(400),
            max_delay: Duration::seconds(1),
            first_unsaved: None,
            last_change: None,
            not_before: None,
        }
    }
}

impl Autosave {
    /// Records an edit at `now`.
    pub fn changed(&mut self, now: OffsetDateTime) {
        self.first_unsaved.get_or_insert(now);
        self.last_change = Some(now);
    }

    /// Whether there are unsaved changes.
    pub fn is_dirty(&self) -> bool {
        self.first_unsaved.is_some()
    }

    /// Whether to save now.
    pub fn due(&self, now: OffsetDateTime) -> bool {
        if self.not_before.is_some_and(|t| now < t) {
            return false;
        }
        should_autosave(
            now,
            self.first_unsaved,
            self.last_change,
            self.debounce,
            self.max_delay,
        )
    }

    /// A save started at `started` succeeded: changes made after it stay unsaved.
    pub fn saved(&mut self, started: OffsetDateTime) {
        self.not_before = None;
        if self.last_change.is_some_and(|l| l > started) {
            self.first_unsaved = self.last_change;
        } else {
            self.first_unsaved = None;
            self.last_change = None;
        }
    }

    /// A save failed at `now`: try again in two seconds, not on every tick.
    pub fn failed(&mut self, now: OffsetDateTime) {
        self.not_before = Some(now + Duration::seconds(2));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn autosave_debounces_and_caps_the_delay() {
        let t0 = OffsetDateTime::UNIX_EPOCH;
        let ms = Duration::milliseconds;
        let mut a = Autosave::default();
        assert!(!a.due(t0));
        a.changed(t0);
        assert!(!a.due(t0 + ms(100)));
        assert!(a.due(t0 + ms(400)));
        // Continuous typing: saved at the latest a second after the first change.
        a.changed(t0 + ms(300));
        a.changed(t0 + ms(600));
        a.changed(t0 + ms(900));
        assert!(!a.due(t0 + ms(950)));
        assert!(a.due(t0 + ms(1000)));
        a.saved(t0 + ms(1000));
        assert!(!a.is_dirty());
        a.changed(t0 + ms(1100));
        a.failed(t0 + ms(1600));
        assert!(!a.due(t0 + ms(2000)));
        assert!(a.due(t0 + ms(3600)));
    }

    #[test]
    fn a_change_during_a_save_stays_unsaved() {
        let t0 = OffsetDateTime::UNIX_EPOCH;
        let mut a = Autosave::default();
        a.changed(t0);
        a.changed(t0 + Duration::milliseconds(500));
        a.saved(t0 + Duration::milliseconds(450));
        assert!(a.is_dirty());
    }
}
