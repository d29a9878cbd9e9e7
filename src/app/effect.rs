//! Effects: what `update` asks the runner to do.

use crate::api::PageQuery;
use crate::api::endpoints::timelines::TimelineKind;

use super::action::LoadDirection;

/// Tags a request so stale results can be dropped.
pub type RequestId = u64;

/// Side effects, run by `effects::run` as tokio tasks.
#[derive(Debug, Clone)]
pub enum Effect {
    /// Fetch a page of a timeline.
    LoadTimeline {
        account: usize,
        tab: usize,
        request: RequestId,
        kind: TimelineKind,
        direction: LoadDirection,
        query: PageQuery,
        /// The `Link` URL to follow instead of building a query.
        url: Option<url::Url>,
    },
    /// Who am I (for the status bar).
    VerifyCredentials { account: usize },
    /// The instance's limits and streaming URL.
    LoadInstance { account: usize },
    /// Open the account's streaming connection.
    StartStreaming { account: usize },
    /// Reconnect the stream now (refresh key, focus regained).
    ReconnectStream { account: usize },
    /// Start logging in to `instance` (a domain, URL or handle).
    StartLogin { instance: String },
    /// The code the user pasted.
    LoginCode { code: String },
    /// Abandon a running login.
    CancelLogin,
    /// A new account's client: the runner serves it at index `account`.
    AddClient {
        account: usize,
        client: crate::api::Client,
    },
    /// Leave the event loop.
    Quit,
}
