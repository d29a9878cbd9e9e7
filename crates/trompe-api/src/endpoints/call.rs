//! [`Call`]: one request to one endpoint, described as data.
//!
//! Every endpoint of the API-surface modules is built here once, as a
//! `Call::…` constructor, and run two ways: the typed `Client` methods decode
//! the answer into entities (for the TUI), while the CLI runs the same `Call`
//! as `serde_json::Value` so that `--json` keeps every field the server sent,
//! including those the entities do not know.

use reqwest::Method;
use reqwest::header::LINK;
use serde::de::DeserializeOwned;
use serde_json::Value;
use url::Url;

use crate::client::decode;
use crate::page::parse_link_header;
use crate::{ApiError, Client, Page, PageQuery};

/// A request: method, path relative to the instance, query and JSON body.
#[derive(Debug, Clone, PartialEq)]
pub struct Call {
    /// The HTTP method.
    pub method: Method,
    /// The path, e.g. `api/v1/statuses/1/favourite`.
    pub path: String,
    /// Query parameters, in order; array parameters repeat their `key[]`.
    pub query: Vec<(String, String)>,
    /// The JSON body, if any.
    pub body: Option<Value>,
    /// Send `body` form-encoded instead of as JSON (see [`Call::form_encoded`]).
    pub form: bool,
}

impl Call {
    fn new(method: Method, path: impl Into<String>) -> Call {
        Call {
            method,
            path: path.into(),
            query: Vec::new(),
            body: None,
            form: false,
        }
    }

    /// A GET request.
    pub fn get(path: impl Into<String>) -> Call {
        Call::new(Method::GET, path)
    }

    /// A POST request (no body until [`Call::json`]).
    pub fn post(path: impl Into<String>) -> Call {
        Call::new(Method::POST, path)
    }

    /// A PUT request.
    pub fn put(path: impl Into<String>) -> Call {
        Call::new(Method::PUT, path)
    }

    /// A DELETE request.
    pub fn delete(path: impl Into<String>) -> Call {
        Call::new(Method::DELETE, path)
    }

    /// Adds a query parameter.
    pub fn query(mut self, key: &str, value: impl Into<String>) -> Call {
        self.query.push((key.to_string(), value.into()));
        self
    }

    /// Adds a query parameter when `value` is set.
    pub fn query_opt(self, key: &str, value: Option<impl Into<String>>) -> Call {
        match value {
            Some(v) => self.query(key, v),
            None => self,
        }
    }

    /// Adds one `key` parameter per value (`key` usually ends in `[]`).
    pub fn query_all<I, S>(mut self, key: &str, values: I) -> Call
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        for v in values {
            self.query.push((key.to_string(), v.into()));
        }
        self
    }

    /// Adds the cursor parameters of a page.
    pub fn page(mut self, page: &PageQuery) -> Call {
        for (k, v) in page.pairs() {
            self.query.push((k.to_string(), v));
        }
        self
    }

    /// Sets the JSON body.
    pub fn json(mut self, body: Value) -> Call {
        self.body = Some(body);
        self
    }

    /// Sends the body as `application/x-www-form-urlencoded`. Mastodon takes
    /// either, but some servers read only forms on some endpoints
    /// (mastodon-mock: `PUT /api/v1/media/:id` ignores a JSON body,
    /// `POST /api/v1/domain_blocks` refuses one), so flat bodies of those
    /// endpoints go as forms, which every server reads.
    pub fn form_encoded(mut self) -> Call {
        self.form = true;
        self
    }
}

/// The fields of a flat JSON object as form pairs: arrays repeat `key[]`,
/// `null`s are left out.
fn form_pairs(body: &Value) -> Vec<(String, String)> {
    fn scalar(v: &Value) -> Option<String> {
        match v {
            Value::Null => None,
            Value::String(s) => Some(s.clone()),
            other => Some(other.to_string()),
        }
    }
    let mut pairs = Vec::new();
    if let Value::Object(map) = body {
        for (k, v) in map {
            match v {
                Value::Array(items) => pairs.extend(
                    items
                        .iter()
                        .filter_map(scalar)
                        .map(|x| (format!("{k}[]"), x)),
                ),
                other => pairs.extend(scalar(other).map(|x| (k.clone(), x))),
            }
        }
    }
    pairs
}

/// Percent-encodes one path segment (ids, tag names, domains).
pub fn seg(s: &str) -> String {
    super::timelines::encode_segment(s)
}

impl Client {
    async fn run_call(
        &self,
        call: &Call,
    ) -> Result<(reqwest::header::HeaderMap, Vec<u8>), ApiError> {
        let url = self.url(&call.path)?;
        let mut rb = self.request(call.method.clone(), url).query(&call.query);
        if let Some(b) = &call.body {
            rb = if call.form {
                rb.form(&form_pairs(b))
            } else {
                rb.json(b)
            };
        }
        self.send(rb, &call.path).await
    }

    /// Runs a call and decodes the answer (`T = serde_json::Value` keeps it raw).
    pub async fn call<T: DeserializeOwned>(&self, call: &Call) -> Result<T, ApiError> {
        let (_, body) = self.run_call(call).await?;
        // Some servers answer actions with an empty body instead of `{}`.
        if body.iter().all(u8::is_ascii_whitespace) {
            return decode(&call.path, b"{}");
        }
        decode(&call.path, &body)
    }

    /// Runs a call whose answer does not matter beyond its success.
    pub async fn call_unit(&self, call: &Call) -> Result<(), ApiError> {
        self.run_call(call).await.map(|_| ())
    }

    /// Runs a call and returns the decoded answer with the `Link` cursors
    /// (`next` → older, `prev` → newer).
    pub async fn call_linked<T: DeserializeOwned>(
        &self,
        call: &Call,
    ) -> Result<(T, Option<Url>, Option<Url>), ApiError> {
        let (headers, body) = self.run_call(call).await?;
        let value = decode(&call.path, &body)?;
        let (next, prev) = links(self, &headers);
        Ok((value, next, prev))
    }

    /// Runs a call answered by a JSON array and a `Link` header.
    pub async fn call_page<T: DeserializeOwned>(&self, call: &Call) -> Result<Page<T>, ApiError> {
        let (items, next, prev) = self.call_linked::<Vec<T>>(call).await?;
        Ok(Page { items, next, prev })
    }

    /// Follows a `Link` cursor of an earlier page, keeping the answer's shape
    /// (an array for most lists, an object for grouped notifications).
    pub async fn call_at<T: DeserializeOwned>(
        &self,
        url: &Url,
    ) -> Result<(T, Option<Url>, Option<Url>), ApiError> {
        if url.origin() != self.base().origin() {
            return Err(ApiError::Url(
                "a pagination link points to another server".into(),
            ));
        }
        let label = url.path().to_string();
        let rb = self.request(Method::GET, url.clone());
        let (headers, body) = self.send(rb, &label).await?;
        let value = decode(&label, &body)?;
        let (next, prev) = links(self, &headers);
        Ok((value, next, prev))
    }
}

/// The `next` and `prev` cursors of a `Link` header.
fn links(client: &Client, headers: &reqwest::header::HeaderMap) -> (Option<Url>, Option<Url>) {
    headers
        .get(LINK)
        .and_then(|v| v.to_str().ok())
        .map(|v| parse_link_header(v, client.base()))
        .unwrap_or((None, None))
}
