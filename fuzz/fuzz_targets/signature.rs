//! An incoming request's HTTP signature: the header's syntax, what it
//! covers, the date window, the digest, and verification under a real key.
//! Input: the Signature header, a newline, the Date header, a newline,
//! the Digest header, a newline, then the body.
#![no_main]

use std::sync::LazyLock;
use std::time::{Duration, SystemTime};

use http::{HeaderMap, HeaderValue};
use libfuzzer_sys::fuzz_target;
use trompe_federation::keys::NodeKey;
use trompe_federation::signature::{self, Incoming};

static KEY: LazyLock<Option<NodeKey>> = LazyLock::new(|| NodeKey::generate().ok());

fuzz_target!(|data: &[u8]| {
    let mut parts = data.splitn(4, |b| *b == b'\n');
    let sig = parts.next().unwrap_or_default();
    let date = parts.next().unwrap_or_default();
    let digest = parts.next().unwrap_or_default();
    let body = parts.next().unwrap_or_default();
    if let Ok(s) = std::str::from_utf8(sig) {
        let _ = signature::parse(s);
    }
    let mut headers = HeaderMap::new();
    for (name, value) in [("signature", sig), ("date", date), ("digest", digest)] {
        if let Ok(v) = HeaderValue::from_bytes(value) {
            headers.insert(name, v);
        }
    }
    headers.insert("host", HeaderValue::from_static("node.example"));
    let req = Incoming {
        method: "POST",
        target: "/inbox",
        headers: &headers,
        body,
    };
    let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_780_000_000);
    let params = match req.check(now) {
        Ok(p) => p,
        Err(_) => match std::str::from_utf8(sig).ok().map(signature::parse) {
            Some(Ok(p)) => p,
            _ => return,
        },
    };
    if let Some(key) = KEY.as_ref() {
        // Nobody but the key's holder can sign: random input never verifies.
        assert!(!req.verifies(&params, key.public_pem(), false));
        assert!(!req.verifies(&params, key.public_pem(), true));
    }
});
