//! Outgoing requests: signed GETs of remote objects and signed POSTs to
//! inboxes, behind a guard against reaching private networks.
//!
//! The guard runs inside the HTTP client's DNS resolver, so it checks the
//! addresses actually connected to (no window for DNS rebinding), and once
//! more for URLs that name an IP address (which skip the resolver).

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use serde_json::Value;
use url::Url;

use crate::documents::{ACTIVITY_JSON, LD_JSON};
use crate::keys::NodeKey;

/// Every outgoing request gives up after this long.
pub const TIMEOUT: Duration = Duration::from_secs(20);
/// The largest document fetched.
pub const MAX_DOCUMENT: usize = 2 << 20;

/// Why a fetch or a delivery failed.
#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    #[error("refused: {0} is a loopback, private, link-local or multicast address")]
    Private(String),
    #[error("not an http(s) URL: {0}")]
    Url(String),
    #[error("{url}: {message}")]
    Network { url: String, message: String },
    #[error("{url} answered {status}{hint}")]
    Status {
        url: String,
        status: u16,
        hint: &'static str,
    },
    #[error("{url}: the answer is larger than 2 MB")]
    TooLarge { url: String },
    #[error("{url}: not an ActivityPub document ({message})")]
    NotJson { url: String, message: String },
    #[error("could not sign the request")]
    Sign,
}

/// Is this an address on the public internet?
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            let [a, b, ..] = v4.octets();
            !(v4.is_loopback()
                || v4.is_private()
                || v4.is_link_local()
                || v4.is_multicast()
                || v4.is_broadcast()
                || v4.is_unspecified()
                || v4.is_documentation()
                || a == 0
                || (a == 100 && (64..128).contains(&b)) // shared address space (CGNAT)
                || a >= 240)
        }
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return is_public(IpAddr::V4(v4));
            }
            let first = v6.segments()[0];
            !(v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                || (first & 0xfe00) == 0xfc00 // unique local
                || (first & 0xffc0) == 0xfe80) // link-local
        }
    }
}

/// Checks a URL before any request: an http(s) URL whose host, when it is
/// an IP address, is public (names are checked as they resolve).
fn check_literal(url: &Url, allow_private: bool) -> Result<(), FetchError> {
    if !matches!(url.scheme(), "http" | "https") {
        return Err(FetchError::Url(url.to_string()));
    }
    let ip = match url.host() {
        Some(url::Host::Ipv4(ip)) => IpAddr::V4(ip),
        Some(url::Host::Ipv6(ip)) => IpAddr::V6(ip),
        Some(url::Host::Domain(_)) => return Ok(()),
        None => return Err(FetchError::Url(url.to_string())),
    };
    if allow_private || is_public(ip) {
        Ok(())
    } else {
        Err(FetchError::Private(ip.to_string()))
    }
}

/// Resolves a URL's host and checks every address it gives, as the
/// client's resolver will: `Err` when the request would be refused.
pub async fn check_url(url: &Url, allow_private: bool) -> Result<(), FetchError> {
    check_literal(url, allow_private)?;
    if let Some(url::Host::Domain(name)) = url.host() {
        guarded_lookup(name, allow_private)
            .await
            .map_err(|e| FetchError::Private(format!("{name} ({e})")))?;
    }
    Ok(())
}

async fn guarded_lookup(name: &str, allow_private: bool) -> Result<Vec<SocketAddr>, String> {
    let addrs: Vec<SocketAddr> = tokio::net::lookup_host((name, 0))
        .await
        .map_err(|e| e.to_string())?
        .collect();
    let allowed: Vec<SocketAddr> = addrs
        .iter()
        .copied()
        .filter(|a| allow_private || is_public(a.ip()))
        .collect();
    if allowed.is_empty() {
        let shown: Vec<String> = addrs.iter().map(|a| a.ip().to_string()).collect();
        return Err(format!("resolves only to {}", shown.join(", ")));
    }
    Ok(allowed)
}

#[derive(Debug)]
struct GuardedResolver {
    allow_private: bool,
}

#[derive(Debug, thiserror::Error)]
#[error("refused: {0}")]
struct Refused(String);

impl Resolve for GuardedResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let allow = self.allow_private;
        Box::pin(async move {
            let host = name.as_str().to_string();
            match guarded_lookup(&host, allow).await {
                Ok(addrs) => Ok(Box::new(addrs.into_iter()) as Addrs),
                Err(e) => Err(Box::new(Refused(format!("{host} {e}")))
                    as Box<dyn std::error::Error + Send + Sync>),
            }
        })
    }
}

/// An HTTP client that signs as the node (when it has a key).
#[derive(Clone)]
pub struct Client {
    http: reqwest::Client,
    signer: Option<(Arc<NodeKey>, String)>,
    allow_private: bool,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("signed", &self.signer.is_some())
            .field("allow_private", &self.allow_private)
            .finish()
    }
}

impl Client {
    /// A client; `signer` is the node's key and its `keyId`.
    pub fn new(signer: Option<(Arc<NodeKey>, String)>, allow_private: bool) -> Client {
        let http = reqwest::Client::builder()
            .user_agent(concat!("trompe/", env!("CARGO_PKG_VERSION")))
            .timeout(TIMEOUT)
            .connect_timeout(Duration::from_secs(10))
            .redirect(reqwest::redirect::Policy::none())
            .dns_resolver(Arc::new(GuardedResolver { allow_private }))
            .build()
            .unwrap_or_default();
        Client {
            http,
            signer,
            allow_private,
        }
    }

    /// Does this client sign its requests?
    pub fn signs(&self) -> bool {
        self.signer.is_some()
    }

    fn signed(
        &self,
        method: reqwest::Method,
        url: &Url,
        body: Option<&[u8]>,
    ) -> Result<reqwest::RequestBuilder, FetchError> {
        check_literal(url, self.allow_private)?;
        let mut req = self.http.request(method.clone(), url.clone());
        if let Some((key, key_id)) = &self.signer {
            let headers = crate::signature::sign(
                key,
                key_id,
                method.as_str(),
                url,
                body.map(|b| (b, ACTIVITY_JSON)),
                SystemTime::now(),
            )
            .map_err(|_| FetchError::Sign)?;
            // `Host` is set by the client from the URL, as signed.
            for (name, value) in headers.into_iter().filter(|(n, _)| *n != "host") {
                req = req.header(name, value);
            }
        } else if body.is_some() {
            req = req.header("content-type", ACTIVITY_JSON);
        }
        Ok(req)
    }

    /// GETs an ActivityPub document.
    pub async fn get(&self, url: &Url) -> Result<Value, FetchError> {
        self.get_json(url, &format!("{ACTIVITY_JSON}, {LD_JSON}"))
            .await
    }

    /// GETs a JSON document with this `Accept`.
    pub async fn get_json(&self, url: &Url, accept: &str) -> Result<Value, FetchError> {
        let req = self
            .signed(reqwest::Method::GET, url, None)?
            .header("accept", accept);
        let resp = req.send().await.map_err(|e| network(url, &e))?;
        let status = resp.status().as_u16();
        if !(200..300).contains(&status) {
            let hint = match (status, self.signs()) {
                (401 | 403, false) => {
                    " (this instance wants signed requests: set up a node with `trompe relay init`)"
                }
                _ => "",
            };
            return Err(FetchError::Status {
                url: url.to_string(),
                status,
                hint,
            });
        }
        let bytes = read_limited(resp, url).await?;
        serde_json::from_slice(&bytes).map_err(|e| FetchError::NotJson {
            url: url.to_string(),
            message: e.to_string(),
        })
    }

    /// POSTs an activity to an inbox.
    pub async fn post(&self, inbox: &Url, activity: &Value) -> Result<(), FetchError> {
        let body = serde_json::to_vec(activity).map_err(|_| FetchError::Sign)?;
        let resp = self
            .signed(reqwest::Method::POST, inbox, Some(&body))?
            .body(body)
            .send()
            .await
            .map_err(|e| network(inbox, &e))?;
        let status = resp.status().as_u16();
        if (200..300).contains(&status) {
            Ok(())
        } else {
            Err(FetchError::Status {
                url: inbox.to_string(),
                status,
                hint: "",
            })
        }
    }
}

/// Why `@user@host` could not be resolved.
#[derive(Debug, thiserror::Error)]
pub enum ResolveError {
    #[error("`{0}` is neither @user@host nor an http(s) URL")]
    Syntax(String),
    #[error("{0} has no ActivityPub actor")]
    NoActor(String),
    #[error(transparent)]
    Fetch(#[from] FetchError),
}

/// Resolves `@user@host` through WebFinger (on `https://host`) to its actor
/// id; a URL is returned as it is.
pub async fn resolve_actor(client: &Client, target: &str) -> Result<String, ResolveError> {
    let t = target.trim();
    if t.starts_with("http://") || t.starts_with("https://") {
        return Ok(t.to_string());
    }
    let acct = t.trim_start_matches('@');
    let host = match acct.split_once('@') {
        Some((user, host)) if !user.is_empty() && !host.is_empty() => host,
        _ => return Err(ResolveError::Syntax(target.to_string())),
    };
    // WebFinger is on https; on private networks (tests, LANs, where the
    // guard is lifted) plain http is tried when https cannot connect.
    let schemes: &[&str] = if client.allow_private {
        &["https", "http"]
    } else {
        &["https"]
    };
    let mut doc = None;
    let mut last = None;
    for scheme in schemes {
        let mut url = Url::parse(&format!("{scheme}://{host}/.well-known/webfinger"))
            .map_err(|_| ResolveError::Syntax(target.to_string()))?;
        url.query_pairs_mut()
            .append_pair("resource", &format!("acct:{acct}"));
        match client
            .get_json(&url, "application/jrd+json, application/json")
            .await
        {
            Ok(d) => {
                doc = Some(d);
                break;
            }
            Err(e @ FetchError::Network { .. }) => last = Some(e),
            Err(e) => return Err(e.into()),
        }
    }
    let Some(doc) = doc else {
        return Err(last
            .map(ResolveError::Fetch)
            .unwrap_or_else(|| ResolveError::NoActor(acct.to_string())));
    };
    doc.get("links")
        .and_then(Value::as_array)
        .and_then(|links| {
            links.iter().find(|l| {
                l.get("rel").and_then(Value::as_str) == Some("self")
                    && l.get("type")
                        .and_then(Value::as_str)
                        .is_some_and(|t| t.contains("activity+json") || t.contains("ld+json"))
            })
        })
        .and_then(|l| l.get("href").and_then(Value::as_str))
        .map(str::to_string)
        .ok_or_else(|| ResolveError::NoActor(acct.to_string()))
}

fn network(url: &Url, e: &reqwest::Error) -> FetchError {
    // The innermost cause says what happened (refused by the guard, timed out…).
    let mut message = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        message = s.to_string();
        source = s.source();
    }
    FetchError::Network {
        url: url.to_string(),
        message,
    }
}

async fn read_limited(mut resp: reqwest::Response, url: &Url) -> Result<Vec<u8>, FetchError> {
    let mut out = Vec::new();
    while let Some(chunk) = resp.chunk().await.map_err(|e| network(url, &e))? {
        if out.len() + chunk.len() > MAX_DOCUMENT {
            return Err(FetchError::TooLarge {
                url: url.to_string(),
            });
        }
        out.extend_from_slice(&chunk);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_guard_refuses_private_addresses_and_names() {
        for url in [
            "http://127.0.0.1/x",
            "http://[::1]/x",
            "http://10.0.0.1/x",
            "http://169.254.169.254/latest/meta-data",
            "http://localhost:8080/x",
            "http://[::ffff:127.0.0.1]/x",
        ] {
            let url = Url::parse(url).expect("url");
            let err = check_url(&url, false).await.expect_err(url.as_str());
            assert!(matches!(err, FetchError::Private(_)), "{url}: {err}");
            assert!(
                check_url(&url, true).await.is_ok(),
                "{url} with the override"
            );
        }
        assert!(is_public("93.184.216.34".parse().expect("ip")));
        assert!(!is_public("fd00::1".parse().expect("ip")));
        assert!(!is_public("224.0.0.1".parse().expect("ip")));
    }

    #[tokio::test]
    async fn a_client_refuses_to_connect_to_a_name_for_loopback() {
        let client = Client::new(None, false);
        let url = Url::parse("http://localhost:9/actor").expect("url");
        let err = client.get(&url).await.expect_err("refused");
        assert!(err.to_string().contains("refused"), "{err}");
        let url = Url::parse("http://127.0.0.1:9/actor").expect("url");
        let err = client.get(&url).await.expect_err("refused");
        assert!(matches!(err, FetchError::Private(_)), "{err}");
    }
}
