//! The config file (`config.toml`): the accounts and which one is the
//! default. Tokens are never written here; they live in the token store.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// One configured account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountEntry {
    /// The instance base URL (`https://mastodon.social/`).
    pub instance: String,
    /// The username on that instance.
    pub username: String,
    /// `username@domain`, the account's name everywhere in trompe.
    pub acct: String,
    /// Shown in the switcher.
    #[serde(default)]
    pub display_name: String,
    /// Used when no `--account` is given.
    #[serde(default)]
    pub default: bool,
}

/// The whole config file. Unknown tables are kept when it is rewritten.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ConfigFile {
    #[serde(default)]
    pub accounts: Vec<AccountEntry>,
    #[serde(flatten)]
    pub other: toml::Table,
}

/// A config file that could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read {path}: {message}")]
    Read { path: PathBuf, message: String },
    #[error("{path} is not valid: {message}")]
    Parse { path: PathBuf, message: String },
    #[error("cannot write {path}: {message}")]
    Write { path: PathBuf, message: String },
    #[error("no account matches `{0}`; `trompe accounts` lists them")]
    UnknownAccount(String),
}

impl ConfigFile {
    /// Reads the file; a missing file is an empty config.
    pub fn load(path: &Path) -> Result<ConfigFile, ConfigError> {
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(ConfigFile::default()),
            Err(e) => {
                return Err(ConfigError::Read {
                    path: path.to_path_buf(),
                    message: e.to_string(),
                });
            }
        };
        toml::from_str(&text).map_err(|e| ConfigError::Parse {
            path: path.to_path_buf(),
            message: e.to_string().trim().replace('\n', " "),
        })
    }

    /// A file that does not parse is moved aside, to `config.toml.bak`
    /// (or `.bak.1`, `.bak.2`, … when that exists), so that trompe can start
    /// with the defaults without losing it. Returns what to tell the user,
    /// when it did so.
    pub fn set_aside_if_corrupt(path: &Path) -> Option<String> {
        let Err(ConfigError::Parse { message, .. }) = ConfigFile::load(path) else {
            return None;
        };
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "config.toml".into());
        let bak = (0..100)
            .map(|i| match i {
                0 => path.with_file_name(format!("{name}.bak")),
                i => path.with_file_name(format!("{name}.bak.{i}")),
            })
            .find(|p| !p.exists())?;
        // Where it broke, short enough for one line on screen (the whole
        // message has a snippet of the file).
        let at = message
            .split(" |")
            .next()
            .unwrap_or(&message)
            .trim()
            .trim_start_matches("TOML parse error at ")
            .to_string();
        let kept = bak
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        Some(match std::fs::rename(path, &bak) {
            Ok(()) => {
                format!("{name} did not parse ({at}): kept as {kept} beside it; defaults used")
            }
            Err(e) => format!(
                "{name} did not parse ({at}) and could not be kept aside ({e}); defaults used"
            ),
        })
    }

    /// Writes the file atomically (see [`super::write_atomic`]).
    pub fn save(&self, path: &Path) -> Result<(), ConfigError> {
        let err = |e: &dyn std::fmt::Display| ConfigError::Write {
            path: path.to_path_buf(),
            message: e.to_string(),
        };
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| err(&e))?;
        }
        let text = toml::to_string_pretty(self).map_err(|e| err(&e))?;
        super::write_atomic(path, text.as_bytes()).map_err(|e| err(&e))
    }

    /// Finds an account by `user@domain`, `@user@domain` or a unique `user`.
    pub fn find(&self, name: &str) -> Option<&AccountEntry> {
        let name = name.trim().trim_start_matches('@');
        if let Some(a) = self
            .accounts
            .iter()
            .find(|a| a.acct.eq_ignore_ascii_case(name))
        {
            return Some(a);
        }
        let mut by_user = self
            .accounts
            .iter()
            .filter(|a| a.username.eq_ignore_ascii_case(name));
        match (by_user.next(), by_user.next()) {
            (Some(a), None) => Some(a),
            _ => None,
        }
    }

    /// The default account (or the first).
    pub fn default_account(&self) -> Option<&AccountEntry> {
        self.accounts
            .iter()
            .find(|a| a.default)
            .or_else(|| self.accounts.first())
    }

    /// Adds or replaces an account; the first one becomes the default.
    pub fn upsert(&mut self, mut entry: AccountEntry) {
        let first = self.accounts.is_empty();
        if let Some(existing) = self.accounts.iter_mut().find(|a| a.acct == entry.acct) {
            entry.default = existing.default;
            *existing = entry;
        } else {
            entry.default = first;
            self.accounts.push(entry);
        }
    }

    /// Makes `name` the default.
    pub fn set_default(&mut self, name: &str) -> Result<String, ConfigError> {
        let acct = self
            .find(name)
            .map(|a| a.acct.clone())
            .ok_or_else(|| ConfigError::UnknownAccount(name.to_string()))?;
        for a in &mut self.accounts {
            a.default = a.acct == acct;
        }
        Ok(acct)
    }

    /// Removes `name`; returns the removed entry.
    pub fn remove(&mut self, name: &str) -> Result<AccountEntry, ConfigError> {
        let acct = self
            .find(name)
            .map(|a| a.acct.clone())
            .ok_or_else(|| ConfigError::UnknownAccount(name.to_string()))?;
        let pos = self
            .accounts
            .iter()
            .position(|a| a.acct == acct)
            .ok_or_else(|| ConfigError::UnknownAccount(name.to_string()))?;
        let removed = self.accounts.remove(pos);
        if removed.default {
            if let Some(first) = self.accounts.first_mut() {
                first.default = true;
            }
        }
        Ok(removed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(acct: &str) -> AccountEntry {
        let (u, d) = acct.split_once('@').unwrap();
        AccountEntry {
            instance: format!("https://{d}/"),
            username: u.into(),
            acct: acct.into(),
            display_name: String::new(),
            default: false,
        }
    }

    #[test]
    fn upsert_default_remove() {
        let mut c = ConfigFile::default();
        c.upsert(entry("a@one.example"));
        c.upsert(entry("b@two.example"));
        assert_eq!(c.default_account().unwrap().acct, "a@one.example");
        c.set_default("@b@two.example").unwrap();
        assert_eq!(c.default_account().unwrap().acct, "b@two.example");
        assert_eq!(c.find("a").unwrap().acct, "a@one.example");
        c.remove("b@two.example").unwrap();
        assert_eq!(c.default_account().unwrap().acct, "a@one.example");
        assert!(c.remove("zzz").is_err());
    }

    #[test]
    fn bad_file_gives_a_clear_error_and_unknown_tables_survive() {
        let dir = std::env::temp_dir().join(format!("trompe-cfg-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let p = dir.join("config.toml");
        std::fs::write(&p, "accounts = [ { instance = 1 ").unwrap();
        let e = ConfigFile::load(&p).unwrap_err().to_string();
        assert!(e.contains("config.toml is not valid"), "{e}");
        std::fs::write(&p, "[ui]\ntheme = \"dark\"\n").unwrap();
        let mut c = ConfigFile::load(&p).unwrap();
        c.upsert(entry("a@one.example"));
        c.save(&p).unwrap();
        let text = std::fs::read_to_string(&p).unwrap();
        assert!(text.contains("theme = \"dark\""));
        assert!(text.contains("a@one.example"));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
