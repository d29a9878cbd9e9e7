//! Typed API errors, each rendering as a one-line message a user understands.
//!
//! Error messages never contain the access token: requests carry it in a
//! header, and URLs are stripped from transport errors.

use std::time::Duration;
use time::OffsetDateTime;

/// Everything that can go wrong talking to a server.
#[derive(Debug, Clone, thiserror::Error)]
pub enum ApiError {
    /// The connection failed (DNS, refused, reset, TLS, …).
    #[error("network error: {0}")]
    Network(String),
    /// The server did not answer within the read timeout.
    #[error("the server did not answer in time")]
    Timeout,
    /// 401: the token was revoked or has expired.
    #[error("the server rejected the login ({message}); log in again")]
    Unauthorized { message: String },
    /// 404 with the server's message.
    #[error("not found: {message}")]
    NotFound { message: String },
    /// 422 with the server's validation message.
    #[error("the server refused it: {message}")]
    Unprocessable { message: String },
    /// 429, with when the limit resets if the server said.
    #[error("rate limited by the server{}{}", until_hint(*.reset), retry_hint(*.retry_after))]
    RateLimited {
        /// How long until the server accepts requests again.
        retry_after: Option<Duration>,
        /// When that is, on this machine's clock (from `Retry-After`, or
        /// `X-RateLimit-Reset` measured from the server's `Date`).
        reset: Option<OffsetDateTime>,
    },
    /// The answer's body was larger than the client accepts.
    #[error("the server's answer is larger than {} MiB; refused", limit / (1024 * 1024))]
    TooLarge { limit: usize },
    /// Any other non-success status.
    #[error("server error {code}: {message}")]
    Status { code: u16, message: String },
    /// The body did not match what the endpoint returns.
    #[error("could not read the answer of {endpoint}: {message} at `{path}`")]
    Decode {
        endpoint: String,
        path: String,
        message: String,
    },
    /// Something the source cannot do (the federation node has no
    /// favourites, lists, …), in words.
    #[error("{0}")]
    Unsupported(String),
    /// A URL could not be built (bad instance address, …).
    #[error("invalid address: {0}")]
    Url(String),
}

/// ` until 14:03:21`, in local time.
fn until_hint(reset: Option<OffsetDateTime>) -> String {
    let Some(at) = reset else {
        return String::new();
    };
    let local = at.to_offset(crate::compose::Zone::System.offset_at(at));
    format!(
        " until {:02}:{:02}:{:02}",
        local.hour(),
        local.minute(),
        local.second()
    )
}

fn retry_hint(after: Option<Duration>) -> String {
    match after {
        Some(d) if d.as_secs() > 0 => format!("; try again in {} s", d.as_secs()),
        Some(_) => "; try again now".to_string(),
        None => String::new(),
    }
}

impl ApiError {
    /// A failure that a second try may not meet: a gateway that lost its
    /// backend for a moment, or the network.
    pub fn worth_retrying(&self) -> bool {
        matches!(
            self,
            ApiError::Network(_)
                | ApiError::Status {
                    code: 502..=504,
                    ..
                }
        )
    }

    /// Builds the error for a transport failure, without the URL in the message.
    pub fn from_transport(err: reqwest::Error) -> Self {
        if err.is_timeout() {
            return ApiError::Timeout;
        }
        let err = err.without_url();
        let mut msg = err.to_string();
        let mut source = std::error::Error::source(&err);
        while let Some(s) = source {
            msg.push_str(": ");
            msg.push_str(&s.to_string());
            source = s.source();
        }
        ApiError::Network(msg)
    }

    /// True when the token is no longer accepted: the account needs a new login.
    pub fn is_unauthorized(&self) -> bool {
        matches!(self, ApiError::Unauthorized { .. })
    }

    /// The HTTP status of the error, when it came from one.
    pub fn status_code(&self) -> Option<u16> {
        match self {
            ApiError::Unauthorized { .. } => Some(401),
            ApiError::NotFound { .. } => Some(404),
            ApiError::Unprocessable { .. } => Some(422),
            ApiError::RateLimited { .. } => Some(429),
            ApiError::Status { code, .. } => Some(*code),
            _ => None,
        }
    }
}
