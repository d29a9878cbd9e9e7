//! Configuration: directories (from `directories`, overridable with
//! `TROMPE_CONFIG_DIR` / `TROMPE_DATA_DIR`), and the environment overrides
//! `TROMPE_INSTANCE` / `TROMPE_TOKEN` that let any command run without a
//! stored account.

pub mod accounts;

use std::path::{Path, PathBuf};

/// Writes a file of trompe's (config, tokens, drafts, history, data) so
/// that a crash or `kill -9` leaves the old file or the new one, never
/// half of one: a temporary file beside it (mode 0600: these files can hold
/// secrets or personal data), fsync, rename over the old one, then fsync
/// of the directory so that the rename itself lasts.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write as _;
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(dir)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let write = || -> std::io::Result<()> {
        let mut opts = std::fs::OpenOptions::new();
        opts.write(true).create(true).truncate(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt as _;
            opts.mode(0o600);
        }
        let mut f = opts.open(&tmp)?;
        #[cfg(unix)]
        {
            // An existing temporary file keeps its mode: set it again.
            use std::os::unix::fs::PermissionsExt as _;
            f.set_permissions(std::fs::Permissions::from_mode(0o600))?;
        }
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    };
    if let Err(e) = write() {
        let _ = std::fs::remove_file(&tmp);
        return Err(e);
    }
    // Not every platform can open a directory.
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

use url::Url;

/// Where trompe keeps its files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paths {
    pub config_dir: PathBuf,
    pub data_dir: PathBuf,
    /// Logs go here (the state dir where the platform has one, else the cache dir).
    pub log_dir: PathBuf,
    /// Try the OS keyring for tokens (off with `TROMPE_NO_KEYRING`).
    pub keyring: bool,
}

impl Paths {
    /// Paths under one directory, for tests and scripts (no keyring).
    pub fn under(dir: &std::path::Path) -> Paths {
        Paths {
            config_dir: dir.join("config"),
            data_dir: dir.join("data"),
            log_dir: dir.join("data/logs"),
            keyring: false,
        }
    }

    /// The config file.
    pub fn config_file(&self) -> PathBuf {
        self.config_dir.join("config.toml")
    }

    /// Resolves the directories from the environment and the platform.
    pub fn resolve() -> Paths {
        let dirs = directories::ProjectDirs::from("", "", "trompe");
        let env = |k: &str| {
            std::env::var_os(k)
                .filter(|v| !v.is_empty())
                .map(PathBuf::from)
        };
        let fallback = std::env::temp_dir().join("trompe");
        let config_dir = env("TROMPE_CONFIG_DIR")
            .or_else(|| dirs.as_ref().map(|d| d.config_dir().to_path_buf()))
            .unwrap_or_else(|| fallback.join("config"));
        let data_dir = env("TROMPE_DATA_DIR")
            .or_else(|| dirs.as_ref().map(|d| d.data_dir().to_path_buf()))
            .unwrap_or_else(|| fallback.join("data"));
        let log_dir = match env("TROMPE_DATA_DIR") {
            Some(d) => d.join("logs"),
            None => dirs
                .as_ref()
                .map(|d| {
                    d.state_dir()
                        .map(|s| s.to_path_buf())
                        .unwrap_or_else(|| d.cache_dir().to_path_buf())
                })
                .unwrap_or_else(|| fallback.join("logs")),
        };
        Paths {
            config_dir,
            data_dir,
            log_dir,
            keyring: std::env::var_os("TROMPE_NO_KEYRING").is_none(),
        }
    }
}

/// An instance and token given through the environment.
#[derive(Debug, Clone)]
pub struct EnvAccount {
    pub instance: Url,
    pub token: crate::AccessToken,
}

/// Reads `TROMPE_INSTANCE` and `TROMPE_TOKEN`. An instance without a scheme
/// gets `https://`.
pub fn env_account() -> Result<Option<EnvAccount>, String> {
    let instance = std::env::var("TROMPE_INSTANCE")
        .ok()
        .filter(|v| !v.trim().is_empty());
    let token = std::env::var("TROMPE_TOKEN")
        .ok()
        .filter(|v| !v.trim().is_empty());
    match (instance, token) {
        (None, None) => Ok(None),
        (Some(i), Some(t)) => Ok(Some(EnvAccount {
            instance: parse_instance(&i)?,
            token: crate::AccessToken::new(t.trim()),
        })),
        (Some(_), None) => Err("TROMPE_INSTANCE is set but TROMPE_TOKEN is not".into()),
        (None, Some(_)) => Err("TROMPE_TOKEN is set but TROMPE_INSTANCE is not".into()),
    }
}

/// Parses what a user types as an instance: `mastodon.social`,
/// `https://mastodon.social/`, or `http://127.0.0.1:8080` (plain HTTP only
/// for loopback hosts).
pub fn parse_instance(input: &str) -> Result<Url, String> {
    let s = input.trim();
    let with_scheme = if s.contains("://") {
        s.to_string()
    } else {
        format!("https://{s}")
    };
    let url =
        Url::parse(&with_scheme).map_err(|e| format!("`{s}` is not an instance address: {e}"))?;
    let host = url.host_str().unwrap_or("");
    if host.is_empty() {
        return Err(format!("`{s}` has no host name"));
    }
    match url.scheme() {
        "https" => Ok(url),
        "http" if is_loopback(host) => Ok(url),
        "http" => Err(format!(
            "`{s}` uses plain http; only https is allowed (http only for 127.0.0.1/localhost)"
        )),
        other => Err(format!("`{s}`: unsupported scheme {other}")),
    }
}

/// Whether `host` (a name or an address, without a port) is this machine.
pub fn is_loopback(host: &str) -> bool {
    let h = host.trim_start_matches('[').trim_end_matches(']');
    h == "localhost"
        || h.parse::<std::net::IpAddr>()
            .map(|ip| ip.is_loopback())
            .unwrap_or(false)
}

/// `path` with a leading `~` (alone or before `/`) replaced by `$HOME`.
pub fn expand_home(path: &str) -> std::path::PathBuf {
    let home = std::env::var_os("HOME").filter(|h| !h.is_empty());
    match (path.strip_prefix('~'), home) {
        (Some(rest), Some(home)) if rest.is_empty() || rest.starts_with('/') => {
            let mut p = std::path::PathBuf::from(home);
            p.push(rest.trim_start_matches('/'));
            p
        }
        _ => std::path::PathBuf::from(path),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn write_atomic_replaces_the_file_whole_and_privately() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub").join("config.toml");
        write_atomic(&path, b"first").unwrap();
        write_atomic(&path, b"second, longer").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"second, longer");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        // No temporary file is left behind.
        let names: Vec<_> = std::fs::read_dir(path.parent().unwrap())
            .unwrap()
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("config.toml")]);
    }

    #[test]
    fn a_corrupt_config_is_kept_aside_and_a_good_one_is_left_alone() {
        use super::accounts::ConfigFile;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        std::fs::write(&path, "[ui]\ntheme = \"dark\"\n").unwrap();
        assert_eq!(ConfigFile::set_aside_if_corrupt(&path), None);
        assert!(path.exists());
        std::fs::write(&path, "[[accounts]]\ninstance = \"a.example\n").unwrap();
        let said = ConfigFile::set_aside_if_corrupt(&path).unwrap();
        assert!(
            said.contains("kept as") && said.contains("config.toml.bak"),
            "{said}"
        );
        assert!(!path.exists());
        let bak = dir.path().join("config.toml.bak");
        assert!(std::fs::read_to_string(&bak).unwrap().contains("a.example"));
        // A second bad file does not overwrite the first one kept.
        std::fs::write(&path, "= nope").unwrap();
        let said = ConfigFile::set_aside_if_corrupt(&path).unwrap();
        assert!(said.contains("config.toml.bak.1"), "{said}");
        assert!(std::fs::read_to_string(&bak).unwrap().contains("a.example"));
        // A missing file is not corrupt.
        assert_eq!(ConfigFile::set_aside_if_corrupt(&path), None);
    }

    #[test]
    fn instance_parsing() {
        assert_eq!(
            parse_instance("mastodon.social").unwrap().as_str(),
            "https://mastodon.social/"
        );
        assert!(parse_instance("http://127.0.0.1:3000").is_ok());
        assert!(parse_instance("http://[::1]:3000").is_ok());
        assert!(parse_instance("http://evil.example").is_err());
        assert!(parse_instance("").is_err());
    }
}
