//! The node's configuration: the `[relay]` table of `config.toml`, and the
//! URLs derived from its public address.

use serde::{Deserialize, Serialize};
use url::Url;

/// The `[relay]` table of `config.toml`, as written by `trompe relay init`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RelayConfig {
    /// Where peers reach the node (`https://HOST[/path]`).
    pub public_url: String,
    /// The actor's name (`acct:NAME@HOST`).
    #[serde(default = "default_name")]
    pub name: String,
    /// Where `trompe relay serve` listens unless told otherwise.
    #[serde(default = "default_listen")]
    pub listen: String,
    /// New followers wait for approval instead of being accepted.
    #[serde(default)]
    pub approve_followers: bool,
    /// Lifts the guard against fetching or delivering to loopback, private,
    /// link-local and multicast addresses (tests, LANs).
    #[serde(default)]
    pub allow_private_addresses: bool,
    /// Accept signatures over `host` without its port even when the port is
    /// not the scheme's default (activityrelay signs that way).
    #[serde(default)]
    pub portless_host_signatures: bool,
    /// How many received objects to keep.
    #[serde(default = "default_keep_objects")]
    pub keep_objects: usize,
    /// How many days to keep received objects.
    #[serde(default = "default_keep_days")]
    pub keep_days: u32,
    /// Domains whose activities are dropped.
    #[serde(default)]
    pub blocked_domains: Vec<String>,
    /// Inbox requests accepted per host and minute.
    #[serde(default = "default_rate")]
    pub inbox_per_minute: u32,
}

fn default_name() -> String {
    "trompe".into()
}
fn default_listen() -> String {
    "127.0.0.1:8787".into()
}
fn default_keep_objects() -> usize {
    10_000
}
fn default_keep_days() -> u32 {
    30
}
fn default_rate() -> u32 {
    600
}

impl RelayConfig {
    /// A config with defaults for everything but the address and name.
    pub fn new(public_url: &str, name: &str) -> RelayConfig {
        RelayConfig {
            public_url: public_url.to_string(),
            name: name.to_string(),
            listen: default_listen(),
            approve_followers: false,
            allow_private_addresses: false,
            portless_host_signatures: false,
            keep_objects: default_keep_objects(),
            keep_days: default_keep_days(),
            blocked_domains: vec![],
            inbox_per_minute: default_rate(),
        }
    }
}

/// A `[relay]` table that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("public_url `{0}` is not an http(s) URL with a host")]
    PublicUrl(String),
    #[error("name `{0}` may hold only letters, digits, `_`, `-` and `.`")]
    Name(String),
}

/// The configuration the node runs with.
#[derive(Debug, Clone)]
pub struct NodeConfig {
    /// The public address, without a trailing `/`.
    base: String,
    url: Url,
    pub name: String,
    pub approve_followers: bool,
    pub allow_private_addresses: bool,
    pub portless_host_signatures: bool,
    pub keep_objects: usize,
    pub keep_days: u32,
    pub blocked_domains: Vec<String>,
    pub inbox_per_minute: u32,
}

impl NodeConfig {
    /// A node at `url` named `name`, with the defaults of [`RelayConfig`].
    pub fn new(url: Url, name: &str) -> NodeConfig {
        let d = RelayConfig::new(url.as_str(), name);
        NodeConfig {
            base: url.as_str().trim_end_matches('/').to_string(),
            url,
            name: name.to_string(),
            approve_followers: d.approve_followers,
            allow_private_addresses: d.allow_private_addresses,
            portless_host_signatures: d.portless_host_signatures,
            keep_objects: d.keep_objects,
            keep_days: d.keep_days,
            blocked_domains: d.blocked_domains,
            inbox_per_minute: d.inbox_per_minute,
        }
    }

    /// Checks a `[relay]` table.
    pub fn from_relay(c: &RelayConfig) -> Result<NodeConfig, ConfigError> {
        let url = Url::parse(&c.public_url)
            .ok()
            .filter(|u| matches!(u.scheme(), "http" | "https") && u.host_str().is_some())
            .filter(|u| u.query().is_none() && u.fragment().is_none())
            .ok_or_else(|| ConfigError::PublicUrl(c.public_url.clone()))?;
        let name_ok = !c.name.is_empty()
            && c.name
                .chars()
                .all(|ch| ch.is_ascii_alphanumeric() || "_-.".contains(ch));
        if !name_ok {
            return Err(ConfigError::Name(c.name.clone()));
        }
        let mut n = NodeConfig::new(url, &c.name);
        n.approve_followers = c.approve_followers;
        n.allow_private_addresses = c.allow_private_addresses;
        n.portless_host_signatures = c.portless_host_signatures;
        n.keep_objects = c.keep_objects;
        n.keep_days = c.keep_days;
        n.blocked_domains = c
            .blocked_domains
            .iter()
            .map(|d| d.trim().to_ascii_lowercase())
            .collect();
        n.inbox_per_minute = c.inbox_per_minute.max(1);
        Ok(n)
    }

    /// The public URL.
    pub fn url(&self) -> &Url {
        &self.url
    }

    /// The path prefix under which the node's documents are served (`""`
    /// or `/path`).
    pub fn path_prefix(&self) -> &str {
        self.url.path().trim_end_matches('/')
    }

    /// `HOST[:PORT]`, as in `acct:NAME@HOST`.
    pub fn host(&self) -> String {
        crate::signature::host_of(&self.url)
    }

    pub fn actor_id(&self) -> String {
        format!("{}/actor", self.base)
    }

    pub fn key_id(&self) -> String {
        format!("{}/actor#main-key", self.base)
    }

    pub fn inbox(&self) -> String {
        format!("{}/inbox", self.base)
    }

    /// `outbox`, `followers` or `following`.
    pub fn collection(&self, name: &str) -> String {
        format!("{}/{name}", self.base)
    }

    pub fn nodeinfo(&self) -> String {
        format!("{}/nodeinfo/2.1", self.base)
    }

    /// A new id for one of the node's own activities.
    pub fn new_id(&self, kind: &str) -> String {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or_default();
        let salt: u64 = rand_u64();
        format!("{}/activities/{kind}-{nanos:x}-{salt:x}", self.base)
    }

    /// Is `host` (or a parent domain of it) blocked?
    pub fn blocked(&self, host: &str) -> bool {
        let host = host.to_ascii_lowercase();
        self.blocked_domains
            .iter()
            .any(|d| host == *d || host.ends_with(&format!(".{d}")))
    }
}

/// Random bits for ids, from the OS.
fn rand_u64() -> u64 {
    let mut b = [0u8; 8];
    // An id only needs to be unique; the time above already is, almost.
    let _ = aws_lc_rs::rand::fill(&mut b);
    u64::from_le_bytes(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_relay_table_is_checked() {
        let ok =
            NodeConfig::from_relay(&RelayConfig::new("https://h.test/ap/", "node")).expect("ok");
        assert_eq!(ok.actor_id(), "https://h.test/ap/actor");
        assert_eq!(ok.path_prefix(), "/ap");
        assert!(NodeConfig::from_relay(&RelayConfig::new("ftp://h.test", "n")).is_err());
        assert!(NodeConfig::from_relay(&RelayConfig::new("https://h.test", "a b")).is_err());
        let mut c = RelayConfig::new("https://h.test", "n");
        c.blocked_domains = vec!["Bad.Example".into()];
        let n = NodeConfig::from_relay(&c).expect("ok");
        assert!(n.blocked("bad.example") && n.blocked("x.bad.example"));
        assert!(!n.blocked("notbad.example"));
    }
}
