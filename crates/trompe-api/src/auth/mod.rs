//! Logging in: app registration (cached per instance), the OAuth
//! authorization-code flow with PKCE over a loopback redirect or a pasted
//! code, WebFinger for handles, and the token store (keyring, or a 0600
//! file). Must not import ratatui or crossterm. Tokens never reach logs or
//! error messages.

pub mod apps;
pub mod flow;
pub mod tokens;
pub mod webfinger;

use crate::ApiError;

/// The scopes trompe asks for.
pub const SCOPES: &[&str] = &["read", "write", "follow", "push"];

/// The out-of-band redirect, for the paste-the-code flow.
pub const OOB: &str = "urn:ietf:wg:oauth:2.0:oob";

/// Everything that can go wrong while logging in, each with a message that
/// says what to do.
#[derive(Debug, Clone, thiserror::Error)]
pub enum AuthError {
    #[error("`{0}` is not an instance address")]
    BadInput(String),
    #[error("could not reach {instance}: {message}")]
    UnknownInstance { instance: String, message: String },
    #[error(
        "{0} does not look like a Mastodon-compatible server (no instance information at /api/v2/instance or /api/v1/instance)"
    )]
    NotMastodon(String),
    #[error("could not find {handle}: {message}")]
    WebFinger { handle: String, message: String },
    #[error("the app could not be registered on {instance}: {message}")]
    Registration { instance: String, message: String },
    #[error("the authorization was denied in the browser")]
    Denied,
    #[error(
        "the browser came back with a different state: the answer was not for this login, so it was refused"
    )]
    StateMismatch,
    #[error(
        "no answer from the browser after {0} s; if no browser can reach this machine, use `trompe login --paste`"
    )]
    Timeout(u64),
    #[error("the server refused the code: {0}")]
    Exchange(String),
    #[error("no code was given")]
    NoCode,
    #[error("the new token does not work: {0}")]
    Verify(ApiError),
    #[error("{0}")]
    Io(String),
    #[error("token store: {0}")]
    Store(String),
}
