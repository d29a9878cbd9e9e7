//! [`Client`]: one per account, holding the base URL and the token.
//!
//! Cheap to clone (an `Arc` inside). Every request runs in a tracing span,
//! records the rate-limit headers and maps failures to [`ApiError`].

use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use reqwest::header::{AUTHORIZATION, HeaderMap, HeaderValue, RETRY_AFTER};
use reqwest::{Method, RequestBuilder, Response, StatusCode};
use serde::de::DeserializeOwned;
use time::OffsetDateTime;
use url::Url;

use super::entities::ApiErrorBody;
use super::error::ApiError;
use super::page::{Page, parse_link_header};

/// The `User-Agent` of every request trompe makes, the websocket's too
/// (GoToSocial refuses a handshake without one).
pub const USER_AGENT: &str = concat!("trompe/", env!("CARGO_PKG_VERSION"));

/// Connect timeout: a server that does not accept a TCP connection by then is down.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// Read timeout for one request.
pub const READ_TIMEOUT: Duration = Duration::from_secs(30);

/// The pause before a failed GET is sent once more.
pub const RETRY_PAUSE: Duration = Duration::from_secs(1);

/// What a client accepts of an answer's body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// A larger body is refused ([`ApiError::TooLarge`]): no Mastodon
    /// answer comes near it (a page of 40 statuses is well under 1 MB).
    pub max_body: usize,
    /// The whole body must arrive within this, however it trickles in: a
    /// server that sends it a byte at a time is cut off ([`ApiError::Timeout`]).
    pub body_timeout: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_body: 8 * 1024 * 1024,
            body_timeout: Duration::from_secs(60),
        }
    }
}

/// An OAuth access token. Its `Debug` and `Display` never show the secret.
#[derive(Clone, PartialEq, Eq)]
pub struct AccessToken(String);

impl AccessToken {
    /// Wraps a token string.
    pub fn new(s: impl Into<String>) -> Self {
        AccessToken(s.into())
    }
    /// The secret itself; only for the `Authorization` header and the token store.
    pub fn secret(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for AccessToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AccessToken(<redacted>)")
    }
}

/// The last rate-limit headers seen.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RateLimit {
    pub limit: Option<u32>,
    pub remaining: Option<u32>,
    pub reset: Option<OffsetDateTime>,
}

struct Inner {
    http: reqwest::Client,
    base: Url,
    token: Option<AccessToken>,
    rate: Mutex<Option<RateLimit>>,
    /// The instance information, once fetched (see `instance_cached`).
    instance: tokio::sync::Mutex<Option<crate::entities::Instance>>,
    limits: Limits,
}

/// A Mastodon API client for one account (or anonymous, for public endpoints).
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base", &self.inner.base.as_str())
            .field("token", &self.inner.token)
            .finish()
    }
}

impl Client {
    /// A client for `base` (e.g. `https://mastodon.social`), with an optional token.
    pub fn new(base: Url, token: Option<AccessToken>) -> Result<Self, ApiError> {
        let mut builder = reqwest::Client::builder()
            .connect_timeout(CONNECT_TIMEOUT)
            .read_timeout(READ_TIMEOUT)
            .user_agent(USER_AGENT);
        // A plain-http instance (allowed on loopback only) needs no root
        // store: loading the system's certificates was most of a CLI call's
        // system time. Such a client cannot make an https request.
        if base.scheme() == "http" {
            builder = builder.tls_certs_only(std::iter::empty());
        }
        let http = builder.build().map_err(ApiError::from_transport)?;
        Ok(Self::with_http(http, base, token))
    }

    /// A client sharing an existing connection pool.
    pub fn with_http(http: reqwest::Client, mut base: Url, token: Option<AccessToken>) -> Self {
        base.set_query(None);
        base.set_fragment(None);
        if !base.path().ends_with('/') {
            let p = format!("{}/", base.path());
            base.set_path(&p);
        }
        Client {
            inner: Arc::new(Inner {
                http,
                base,
                token,
                rate: Mutex::new(None),
                instance: tokio::sync::Mutex::new(None),
                limits: Limits::default(),
            }),
        }
    }

    /// The same client with other limits on answers' bodies.
    pub fn with_limits(&self, limits: Limits) -> Self {
        let mut c = self.with_token(self.inner.token.clone());
        if let Some(inner) = Arc::get_mut(&mut c.inner) {
            inner.limits = limits;
        }
        c
    }

    /// The same server, with another token.
    pub fn with_token(&self, token: Option<AccessToken>) -> Self {
        Self::with_http(self.inner.http.clone(), self.inner.base.clone(), token)
    }

    /// The instance base URL.
    pub fn base(&self) -> &Url {
        &self.inner.base
    }

    /// Where the instance information is kept once fetched.
    pub(crate) fn instance_slot(&self) -> &tokio::sync::Mutex<Option<crate::entities::Instance>> {
        &self.inner.instance
    }

    /// The token, if any.
    pub fn token(&self) -> Option<&AccessToken> {
        self.inner.token.as_ref()
    }

    /// The underlying HTTP client (for OAuth and uploads).
    pub fn http(&self) -> &reqwest::Client {
        &self.inner.http
    }

    /// The last rate-limit headers the server sent (the reset on this
    /// machine's clock).
    pub fn rate_limit(&self) -> Option<RateLimit> {
        self.inner.rate.lock().ok().and_then(|g| *g)
    }

    /// For background reads (gap-fill, polling, the page ahead of the
    /// reader): when the server said that few requests are left in its
    /// window (a tenth of the limit, at least 5), waits for the window's
    /// reset (5 minutes at most), so that what the reader does keeps the
    /// rest. Returns how long it waited.
    pub async fn pace_background(&self) -> Duration {
        let Some(rl) = self.rate_limit() else {
            return Duration::ZERO;
        };
        let (Some(remaining), Some(reset)) = (rl.remaining, rl.reset) else {
            return Duration::ZERO;
        };
        let low = rl.limit.map_or(10, |l| (l / 10).max(5));
        if remaining > low {
            return Duration::ZERO;
        }
        let left = (reset - OffsetDateTime::now_utc()).whole_milliseconds();
        let wait = Duration::from_millis(left.clamp(0, 300_000) as u64);
        if !wait.is_zero() {
            tracing::info!(
                remaining,
                secs = wait.as_secs(),
                "few requests left: background reads wait for the reset"
            );
            tokio::time::sleep(wait).await;
        }
        wait
    }

    /// Resolves an API path (`api/v1/…`) against the base URL.
    pub fn url(&self, path: &str) -> Result<Url, ApiError> {
        self.inner
            .base
            .join(path.trim_start_matches('/'))
            .map_err(|e| ApiError::Url(e.to_string()))
    }

    /// A request builder with the auth header set.
    pub fn request(&self, method: Method, url: Url) -> RequestBuilder {
        let mut rb = self.inner.http.request(method, url);
        if let Some(t) = &self.inner.token {
            if let Ok(mut v) = HeaderValue::from_str(&format!("Bearer {}", t.secret())) {
                v.set_sensitive(true);
                rb = rb.header(AUTHORIZATION, v);
            }
        }
        rb
    }

    /// GET `path` with a query and decode the JSON body.
    pub async fn get<T: DeserializeOwned>(
        &self,
        path: &str,
        query: &[(&str, String)],
    ) -> Result<T, ApiError> {
        let url = self.url(path)?;
        let rb = self.request(Method::GET, url).query(query);
        let (_, body) = self.send(rb, path).await?;
        decode(path, &body)
    }

    /// GET a paginated list at `path`.
    pub async fn get_page<T: DeserializeOwned>(
        &self,
        path: &str,
        query: &[(&str, String)],
    ) -> Result<Page<T>, ApiError> {
        let url = self.url(path)?;
        self.get_page_url(url.clone(), path, query).await
    }

    /// GET a page from a full URL, typically a `Link` cursor from an earlier page.
    pub async fn get_page_at<T: DeserializeOwned>(&self, url: Url) -> Result<Page<T>, ApiError> {
        let label = url.path().to_string();
        self.get_page_url(url, &label, &[]).await
    }

    async fn get_page_url<T: DeserializeOwned>(
        &self,
        url: Url,
        label: &str,
        query: &[(&str, String)],
    ) -> Result<Page<T>, ApiError> {
        let rb = self.request(Method::GET, url).query(query);
        let (headers, body) = self.send(rb, label).await?;
        let items: Vec<T> = decode(label, &body)?;
        let (next, prev) = headers
            .get(reqwest::header::LINK)
            .and_then(|v| v.to_str().ok())
            .map(|v| parse_link_header(v, &self.inner.base))
            .unwrap_or((None, None));
        Ok(Page { items, next, prev })
    }

    /// POST a JSON body (or none) and decode the answer.
    pub async fn post<T: DeserializeOwned, B: serde::Serialize + ?Sized>(
        &self,
        path: &str,
        body: Option<&B>,
    ) -> Result<T, ApiError> {
        let url = self.url(path)?;
        let mut rb = self.request(Method::POST, url);
        if let Some(b) = body {
            rb = rb.json(b);
        }
        let (_, bytes) = self.send(rb, path).await?;
        decode(path, &bytes)
    }

    /// Sends a request, records rate-limit headers and maps non-success statuses.
    pub async fn send(
        &self,
        rb: RequestBuilder,
        label: &str,
    ) -> Result<(HeaderMap, bytes_like::Bytes), ApiError> {
        use tracing::Instrument;
        let span = tracing::debug_span!("api", endpoint = label);
        self.send_retrying(rb, label).instrument(span).await
    }

    /// A GET that failed in a way that may pass (a gateway error, a network
    /// fault) is sent once more after a pause: reading twice is harmless.
    /// Nothing else is repeated here; posting carries an idempotency key
    /// for the caller's own retries.
    async fn send_retrying(
        &self,
        rb: RequestBuilder,
        label: &str,
    ) -> Result<(HeaderMap, bytes_like::Bytes), ApiError> {
        let req = rb.build().map_err(ApiError::from_transport)?;
        let again = if req.method() == Method::GET {
            req.try_clone()
        } else {
            None
        };
        let first = self.send_inner(req, label).await;
        match (first, again) {
            (Err(e), Some(req)) if e.worth_retrying() => {
                tracing::info!(endpoint = label, "sending once more after: {e}");
                tokio::time::sleep(RETRY_PAUSE).await;
                self.send_inner(req, label).await
            }
            (first, _) => first,
        }
    }

    async fn send_inner(
        &self,
        req: reqwest::Request,
        label: &str,
    ) -> Result<(HeaderMap, bytes_like::Bytes), ApiError> {
        let started = std::time::Instant::now();
        let resp = self.inner.http.execute(req).await.map_err(|e| {
            let err = ApiError::from_transport(e);
            tracing::warn!(endpoint = label, "request failed: {err}");
            err
        })?;
        let status = resp.status();
        let headers = resp.headers().clone();
        self.record_rate(&headers);
        let body = read_body(resp, self.inner.limits).await?;
        tracing::debug!(
            endpoint = label,
            status = status.as_u16(),
            bytes = body.len(),
            ms = started.elapsed().as_millis() as u64,
            "response"
        );
        if status.is_success() {
            Ok((headers, body))
        } else {
            Err(status_error(
                status,
                &headers,
                &body,
                self.token().is_some(),
            ))
        }
    }

    fn record_rate(&self, headers: &HeaderMap) {
        let num = |name: &str| {
            headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.trim().parse::<u32>().ok())
        };
        let limit = num("x-ratelimit-limit");
        let remaining = num("x-ratelimit-remaining");
        let reset = headers
            .get("x-ratelimit-reset")
            .and_then(|v| v.to_str().ok())
            .and_then(parse_reset)
            .map(|r| on_our_clock(headers, r));
        if limit.is_some() || remaining.is_some() || reset.is_some() {
            if let Ok(mut g) = self.inner.rate.lock() {
                *g = Some(RateLimit {
                    limit,
                    remaining,
                    reset,
                });
            }
        }
    }
}

/// Body bytes; a module alias keeps the public signature independent of the `bytes` crate.
pub mod bytes_like {
    /// The raw body of a response.
    pub type Bytes = Vec<u8>;
}

/// The body, within `limits`: refused as soon as it is known to be too
/// large (its length, or what has arrived), and cut off when it takes too
/// long as a whole.
async fn read_body(mut resp: Response, limits: Limits) -> Result<Vec<u8>, ApiError> {
    let too_large = ApiError::TooLarge {
        limit: limits.max_body,
    };
    if resp
        .content_length()
        .is_some_and(|n| n > limits.max_body as u64)
    {
        return Err(too_large);
    }
    let read = async {
        let mut body = Vec::new();
        while let Some(chunk) = resp.chunk().await.map_err(ApiError::from_transport)? {
            if body.len() + chunk.len() > limits.max_body {
                return Err(too_large);
            }
            body.extend_from_slice(&chunk);
        }
        Ok(body)
    };
    tokio::time::timeout(limits.body_timeout, read)
        .await
        .map_err(|_| ApiError::Timeout)?
}

/// Decodes JSON, naming the endpoint and the path of the first field that
/// failed. When the strict decode fails, [`tolerant_decode`] tries again
/// without the parts that do not fit; only what cannot be done without
/// fails.
pub fn decode<T: DeserializeOwned>(endpoint: &str, body: &[u8]) -> Result<T, ApiError> {
    let mut de = serde_json::Deserializer::from_slice(body);
    let strict: Result<T, _> = serde_path_to_error::deserialize(&mut de);
    let e = match strict {
        Ok(v) => return Ok(v),
        Err(e) => e,
    };
    if let Some((v, dropped)) = tolerant_decode::<T>(body) {
        tracing::warn!(
            endpoint,
            dropped = %dropped.join(", "),
            "parts of the answer did not fit and were left out: {}",
            e.inner()
        );
        return Ok(v);
    }
    Err(e).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        ApiError::Decode {
            endpoint: endpoint.to_string(),
            path,
            message: inner.to_string(),
        }
    })
}

/// The second try of [`decode`]: an optional field of an unexpected type
/// is left out (it becomes "unknown"), as is a list element that cannot be
/// read at all (one odd post does not cost the page); a key sent twice
/// keeps its last value. Each failure removes the part it names, at most
/// 64 of them; the entity itself failing (a required field missing) ends
/// it. Returns the value and what was left out.
pub fn tolerant_decode<T: DeserializeOwned>(body: &[u8]) -> Option<(T, Vec<String>)> {
    let mut value: serde_json::Value = serde_json::from_slice(body).ok()?;
    let mut dropped: Vec<String> = Vec::new();
    for _ in 0..64 {
        let e = match serde_path_to_error::deserialize::<_, T>(&value) {
            Ok(v) => return Some((v, dropped)),
            Err(e) => e,
        };
        let mut path: Vec<PathPart> = Vec::new();
        for seg in e.path().iter() {
            path.push(match seg {
                serde_path_to_error::Segment::Seq { index } => PathPart::Index(*index),
                serde_path_to_error::Segment::Map { key } => PathPart::Key(key.clone()),
                _ => return None,
            });
        }
        // A missing field names the object it is missing from: that object
        // goes (if it is not the whole answer). Otherwise the field itself.
        if e.inner().to_string().starts_with("missing field") && path.is_empty() {
            return None;
        }
        if !remove_at(&mut value, &path) {
            // Not there as named (a flattened or renamed field): its parent.
            path.pop()?;
            if path.is_empty() || !remove_at(&mut value, &path) {
                return None;
            }
        }
        dropped.push(e.path().to_string());
    }
    None
}

enum PathPart {
    Index(usize),
    Key(String),
}

/// Removes the member or element at `path`; whether it was there.
fn remove_at(value: &mut serde_json::Value, path: &[PathPart]) -> bool {
    let Some((last, parents)) = path.split_last() else {
        return false;
    };
    let mut at = value;
    for p in parents {
        let next = match p {
            PathPart::Index(i) => at.get_mut(*i),
            PathPart::Key(k) => at.get_mut(k.as_str()),
        };
        match next {
            Some(n) => at = n,
            None => return false,
        }
    }
    match (last, at) {
        (PathPart::Index(i), serde_json::Value::Array(a)) if *i < a.len() => {
            a.remove(*i);
            true
        }
        (PathPart::Key(k), serde_json::Value::Object(m)) => m.shift_remove(k.as_str()).is_some(),
        _ => false,
    }
}

/// A time the server gave in its own clock (`X-RateLimit-Reset`), on
/// ours: measured from its `Date`, a server whose clock is hours off still
/// means "in a minute". Within a minute of ours, the difference is noise,
/// not a wrong clock (`Date` has whole seconds, a busy server sends a
/// cached one, and the answer spent time on the wire: CI saw 2 s and more),
/// and our clock, the more precise, is kept.
/// How far a server's `Date` may be from our clock before its clock is
/// taken to be wrong (see [`on_our_clock`]).
const CLOCK_NOISE: time::Duration = time::Duration::seconds(60);

fn on_our_clock(headers: &HeaderMap, at: OffsetDateTime) -> OffsetDateTime {
    let now = OffsetDateTime::now_utc();
    let their_now = headers
        .get(reqwest::header::DATE)
        .and_then(|v| v.to_str().ok())
        .and_then(|d| httpdate::parse_http_date(d).ok())
        .map(OffsetDateTime::from)
        .filter(|t| (*t - now).abs() > CLOCK_NOISE);
    match their_now {
        Some(t) => now + (at - t),
        None => at,
    }
}

fn parse_reset(v: &str) -> Option<OffsetDateTime> {
    let v = v.trim();
    if let Ok(t) = OffsetDateTime::parse(v, &time::format_description::well_known::Rfc3339) {
        return Some(t);
    }
    // Some servers send a Unix timestamp.
    v.parse::<i64>()
        .ok()
        .and_then(|s| OffsetDateTime::from_unix_timestamp(s).ok())
}

fn parse_retry_after(headers: &HeaderMap) -> Option<Duration> {
    let v = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(secs) = v.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let when = OffsetDateTime::parse(v, &time::format_description::well_known::Rfc2822).ok()?;
    let d = when - OffsetDateTime::now_utc();
    Some(Duration::from_secs(d.whole_seconds().max(0) as u64))
}

/// The server's own message from an error body, or a short fallback.
fn server_message(status: StatusCode, body: &[u8]) -> String {
    let from_json = serde_json::from_slice::<ApiErrorBody>(body)
        .ok()
        .map(|b| match b.error_description {
            Some(d) if !d.is_empty() && d != b.error => format!("{}: {}", b.error, d),
            _ => b.error,
        })
        .filter(|s| !s.trim().is_empty());
    let msg = from_json.unwrap_or_else(|| {
        status
            .canonical_reason()
            .unwrap_or("unexpected answer")
            .to_string()
    });
    // One line, bounded, and safe for a terminal.
    let one_line: String = crate::html::sanitize_line(&msg).chars().take(300).collect();
    one_line
}

fn status_error(status: StatusCode, headers: &HeaderMap, body: &[u8], token: bool) -> ApiError {
    let message = server_message(status, body);
    match status.as_u16() {
        401 if token => ApiError::Unauthorized { message },
        // Without a token there is no login to reject: the server keeps
        // this for its logged-in users.
        401 => ApiError::Status {
            code: 401,
            message: format!("this server shows it to logged-in users only ({message})"),
        },
        404 => ApiError::NotFound { message },
        422 => ApiError::Unprocessable { message },
        429 => {
            let reset = headers
                .get("x-ratelimit-reset")
                .and_then(|v| v.to_str().ok())
                .and_then(parse_reset);
            let now = OffsetDateTime::now_utc();
            let wait = reset.map(|r| {
                let d = on_our_clock(headers, r) - now;
                Duration::from_secs(d.whole_seconds().max(0) as u64)
            });
            let retry_after = parse_retry_after(headers).or(wait);
            // When it is over, on this machine's clock.
            let reset = retry_after.map(|d| now + d);
            ApiError::RateLimited { retry_after, reset }
        }
        code => ApiError::Status { code, message },
    }
}
