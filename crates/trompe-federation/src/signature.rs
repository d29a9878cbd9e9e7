//! HTTP Signatures as the fediverse uses them (draft-cavage-http-signatures):
//! `rsa-sha256` out, `rsa-sha256` and `hs2019` (over an RSA key) in.
//!
//! Outgoing requests sign `(request-target) host date`, plus `digest` and
//! `content-type` when they carry a body. Incoming ones are checked here for
//! everything that needs no network: the header's syntax, which headers it
//! covers, the `Date` window, the `Digest`. The key itself is fetched and
//! checked by the node ([`crate::node`]).

use std::time::{Duration, SystemTime};

use axum::http::HeaderMap;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use sha2::{Digest as _, Sha256};

use crate::keys::{KeyError, NodeKey};

/// How far `Date` may be from now, either way: Mastodon's window.
pub const MAX_SKEW: Duration = Duration::from_secs(12 * 60 * 60);

/// Why a request is refused. The node answers 401 with this text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("the request is not signed")]
    Unsigned,
    #[error("malformed Signature header: {0}")]
    Malformed(String),
    #[error("unsupported signature algorithm {0}")]
    Algorithm(String),
    #[error("the signature does not cover {0}")]
    NotCovered(&'static str),
    #[error("the signed header {0} is missing")]
    MissingHeader(String),
    #[error("Date is missing, malformed, or more than 12 hours away")]
    Stale,
    #[error("Digest does not match the body")]
    Digest,
    #[error("the signature does not verify")]
    BadSignature,
    #[error("this signature was already used")]
    Replay,
    #[error("the key {key} belongs to {owner}, not to the actor {actor}")]
    KeyOwner {
        key: String,
        owner: String,
        actor: String,
    },
    #[error("could not get the key {key}: {reason}")]
    KeyFetch { key: String, reason: String },
}

/// A parsed `Signature` header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Params {
    pub key_id: String,
    pub algorithm: Option<String>,
    /// The covered headers, lower case, in order.
    pub headers: Vec<String>,
    pub signature: Vec<u8>,
    pub created: Option<i64>,
    pub expires: Option<i64>,
}

/// Parses `keyId="…",algorithm="…",headers="…",signature="…"`.
pub fn parse(value: &str) -> Result<Params, Refusal> {
    let malformed = |what: &str| Refusal::Malformed(what.to_string());
    let mut key_id = None;
    let mut algorithm = None;
    let mut headers = None;
    let mut signature = None;
    let mut created = None;
    let mut expires = None;
    let mut rest = value.trim();
    while !rest.is_empty() {
        let eq = rest
            .find('=')
            .ok_or_else(|| malformed("a parameter without ="))?;
        let name = rest[..eq].trim().to_ascii_lowercase();
        rest = rest[eq + 1..].trim_start();
        let (val, after) = if let Some(quoted) = rest.strip_prefix('"') {
            let end = quoted
                .find('"')
                .ok_or_else(|| malformed("an unclosed quote"))?;
            (&quoted[..end], &quoted[end + 1..])
        } else {
            let end = rest.find(',').unwrap_or(rest.len());
            (rest[..end].trim(), &rest[end..])
        };
        match name.as_str() {
            "keyid" => key_id = Some(val.to_string()),
            "algorithm" => algorithm = Some(val.to_ascii_lowercase()),
            "headers" => {
                headers = Some(
                    val.split_whitespace()
                        .map(str::to_ascii_lowercase)
                        .collect::<Vec<_>>(),
                )
            }
            "signature" => {
                signature = Some(
                    STANDARD
                        .decode(val)
                        .map_err(|_| malformed("a signature that is not base64"))?,
                )
            }
            "created" => created = val.parse().ok(),
            "expires" => expires = val.parse().ok(),
            _ => {}
        }
        rest = after.trim_start();
        rest = rest.strip_prefix(',').unwrap_or(rest).trim_start();
    }
    Ok(Params {
        key_id: key_id.ok_or_else(|| malformed("no keyId"))?,
        algorithm,
        // The draft's default is `(created)`; peers that omit the list mean `date`.
        headers: headers.unwrap_or_else(|| vec!["date".into()]),
        signature: signature.ok_or_else(|| malformed("no signature"))?,
        created,
        expires,
    })
}

/// `SHA-256=<base64>` of a body, the value of a `Digest` header.
pub fn digest(body: &[u8]) -> String {
    format!("SHA-256={}", STANDARD.encode(Sha256::digest(body)))
}

/// The `Host` of a URL as clients send it: with the port only when it is
/// not the scheme's default.
pub fn host_of(url: &url::Url) -> String {
    let host = url.host_str().unwrap_or_default();
    match url.port() {
        Some(port) => format!("{host}:{port}"),
        None => host.to_string(),
    }
}

/// The string that is signed: one `name: value` line per covered header.
/// `header` gives a header's value (several values joined by `, `).
pub fn signing_string(
    method: &str,
    target: &str,
    params_headers: &[String],
    created: Option<i64>,
    expires: Option<i64>,
    header: impl Fn(&str) -> Option<String>,
) -> Result<String, Refusal> {
    let mut lines = Vec::with_capacity(params_headers.len());
    for name in params_headers {
        let value = match name.as_str() {
            "(request-target)" => format!("{} {}", method.to_ascii_lowercase(), target),
            "(created)" => created
                .ok_or_else(|| Refusal::MissingHeader(name.clone()))?
                .to_string(),
            "(expires)" => expires
                .ok_or_else(|| Refusal::MissingHeader(name.clone()))?
                .to_string(),
            _ => header(name).ok_or_else(|| Refusal::MissingHeader(name.clone()))?,
        };
        lines.push(format!("{name}: {value}"));
    }
    Ok(lines.join("\n"))
}

/// The headers to add to an outgoing request: `Host`, `Date`, and for a
/// body `Digest` and `Content-Type`, then `Signature` over all of them.
pub fn sign(
    key: &NodeKey,
    key_id: &str,
    method: &str,
    url: &url::Url,
    body: Option<(&[u8], &str)>,
    now: SystemTime,
) -> Result<Vec<(&'static str, String)>, KeyError> {
    let mut headers = vec![
        ("host", host_of(url)),
        ("date", httpdate::fmt_http_date(now)),
    ];
    if let Some((body, content_type)) = body {
        headers.push(("digest", digest(body)));
        headers.push(("content-type", content_type.to_string()));
    }
    let mut target = url.path().to_string();
    if let Some(q) = url.query() {
        target.push('?');
        target.push_str(q);
    }
    let mut names = vec!["(request-target)".to_string()];
    names.extend(headers.iter().map(|(n, _)| n.to_string()));
    let text = signing_string(method, &target, &names, None, None, |name| {
        headers
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.clone())
    })
    .map_err(|_| KeyError::Sign)?;
    let signature = STANDARD.encode(key.sign(text.as_bytes())?);
    headers.push((
        "signature",
        format!(
            "keyId=\"{key_id}\",algorithm=\"rsa-sha256\",headers=\"{}\",signature=\"{signature}\"",
            names.join(" ")
        ),
    ));
    Ok(headers)
}

/// An incoming request, as far as signatures care.
pub struct Incoming<'a> {
    pub method: &'a str,
    /// Path and query, as sent.
    pub target: &'a str,
    pub headers: &'a HeaderMap,
    pub body: &'a [u8],
}

impl Incoming<'_> {
    /// A header's value; several values are joined by `, `.
    pub fn header(&self, name: &str) -> Option<String> {
        let values: Vec<&str> = self
            .headers
            .get_all(name)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .collect();
        (!values.is_empty()).then(|| values.join(", "))
    }

    /// The `Signature` header (or `Authorization: Signature …`).
    fn signature_header(&self) -> Option<String> {
        self.header("signature").or_else(|| {
            self.header("authorization")
                .and_then(|a| a.strip_prefix("Signature ").map(str::to_string))
        })
    }

    /// Everything about the signature that needs no key: its syntax, what
    /// it covers, the `Date` window and the `Digest`.
    pub fn check(&self, now: SystemTime) -> Result<Params, Refusal> {
        let value = self.signature_header().ok_or(Refusal::Unsigned)?;
        let params = parse(&value)?;
        match params.algorithm.as_deref() {
            None | Some("rsa-sha256") | Some("hs2019") => {}
            Some(other) => return Err(Refusal::Algorithm(other.to_string())),
        }
        let covers = |name: &str| params.headers.iter().any(|h| h == name);
        if !covers("(request-target)") {
            return Err(Refusal::NotCovered("(request-target)"));
        }
        if !covers("host") {
            return Err(Refusal::NotCovered("host"));
        }
        if !covers("date") && !covers("(created)") {
            return Err(Refusal::NotCovered("date"));
        }
        let date = self
            .header("date")
            .and_then(|d| httpdate::parse_http_date(&d).ok());
        match date {
            Some(date) => {
                let skew = now
                    .duration_since(date)
                    .or_else(|_| date.duration_since(now))
                    .unwrap_or(Duration::MAX);
                if skew > MAX_SKEW {
                    return Err(Refusal::Stale);
                }
            }
            None if covers("(created)") => {}
            None => return Err(Refusal::Stale),
        }
        if !self.body.is_empty() || self.method.eq_ignore_ascii_case("post") {
            if !covers("digest") {
                return Err(Refusal::NotCovered("digest"));
            }
            let want = Sha256::digest(self.body);
            let sent = self.header("digest").ok_or(Refusal::Digest)?;
            let matches = sent.split(',').any(|part| {
                let (alg, value) = part.trim().split_once('=').unwrap_or(("", ""));
                alg.eq_ignore_ascii_case("sha-256")
                    && STANDARD.decode(value).is_ok_and(|v| v == want.as_slice())
            });
            if !matches {
                return Err(Refusal::Digest);
            }
        }
        Ok(params)
    }

    /// Does the signature verify under `pem`? `strip_port` rebuilds the
    /// signed `host` without its port (activityrelay signs it that way).
    pub fn verifies(&self, params: &Params, pem: &str, strip_port: bool) -> bool {
        let text = signing_string(
            self.method,
            self.target,
            &params.headers,
            params.created,
            params.expires,
            |name| {
                let value = self.header(name)?;
                if strip_port && name == "host" {
                    return Some(
                        value
                            .rsplit_once(':')
                            .map_or(value.clone(), |(h, _)| h.to_string()),
                    );
                }
                Some(value)
            },
        );
        text.is_ok_and(|text| crate::keys::verify(pem, text.as_bytes(), &params.signature))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::{HeaderName, HeaderValue};

    fn signed(key: &NodeKey, body: &[u8], now: SystemTime) -> HeaderMap {
        let url = url::Url::parse("https://node.test:8443/inbox").expect("url");
        let mut map = HeaderMap::new();
        for (name, value) in sign(
            key,
            "https://peer.test/actor#main-key",
            "POST",
            &url,
            Some((body, "application/activity+json")),
            now,
        )
        .expect("sign")
        {
            map.append(
                HeaderName::from_static(name),
                HeaderValue::from_str(&value).expect("value"),
            );
        }
        map
    }

    #[test]
    fn a_signed_request_checks_and_verifies() {
        let key = NodeKey::generate().expect("key");
        let now = SystemTime::now();
        let headers = signed(&key, b"{}", now);
        let req = Incoming {
            method: "POST",
            target: "/inbox",
            headers: &headers,
            body: b"{}",
        };
        let params = req.check(now).expect("checks");
        assert_eq!(params.key_id, "https://peer.test/actor#main-key");
        assert!(req.verifies(&params, key.public_pem(), false));
        let other = NodeKey::generate().expect("key");
        assert!(!req.verifies(&params, other.public_pem(), false));
    }

    #[test]
    fn the_checks_refuse_what_they_should() {
        let key = NodeKey::generate().expect("key");
        let now = SystemTime::now();
        let headers = signed(&key, b"{}", now);
        let req = |headers: &'static HeaderMap, body: &'static [u8]| Incoming {
            method: "POST",
            target: "/inbox",
            headers,
            body,
        };
        let headers: &'static HeaderMap = Box::leak(Box::new(headers));
        assert_eq!(req(headers, b"{ }").check(now), Err(Refusal::Digest));
        let later = now + MAX_SKEW + Duration::from_secs(60);
        assert_eq!(req(headers, b"{}").check(later), Err(Refusal::Stale));
        let empty: &'static HeaderMap = Box::leak(Box::new(HeaderMap::new()));
        assert_eq!(req(empty, b"{}").check(now), Err(Refusal::Unsigned));
    }

    #[test]
    fn parse_takes_what_peers_send() {
        let p = parse(r#"keyId="https://a.test/u#k",algorithm="hs2019",headers="(request-target) host date digest",signature="AAEC""#)
            .expect("parses");
        assert_eq!(p.headers.len(), 4);
        assert_eq!(p.signature, vec![0, 1, 2]);
        assert!(parse("keyId=\"x\"").is_err());
        assert!(parse("garbage").is_err());
        assert!(parse("keyId=\"x,signature=\"AA==\"").is_err());
    }
}
