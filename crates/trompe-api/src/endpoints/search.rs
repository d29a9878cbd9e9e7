//! Search (v2): accounts, hashtags and statuses, and resolving a pasted URL
//! or `@user@domain` from any instance into this server's copy.

use super::call::Call;
use crate::entities::{Account, SearchResults, Status};
use crate::{ApiError, Client};

/// What to search for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SearchType {
    /// Accounts only.
    Accounts,
    /// Hashtags only.
    Hashtags,
    /// Statuses only.
    Statuses,
}

impl SearchType {
    /// The `type` parameter value.
    pub fn as_str(self) -> &'static str {
        match self {
            SearchType::Accounts => "accounts",
            SearchType::Hashtags => "hashtags",
            SearchType::Statuses => "statuses",
        }
    }
}

/// A search.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchQuery {
    /// The text, a URL or `@user@domain`.
    pub q: String,
    /// Only one kind of result.
    pub kind: Option<SearchType>,
    /// Look the URL or account up on its instance (WebFinger / fetch).
    pub resolve: bool,
    /// Results per kind.
    pub limit: Option<u32>,
    /// Skip this many results (for paging).
    pub offset: Option<u32>,
    /// Only accounts the user follows.
    pub following: bool,
}

impl Call {
    /// `GET /api/v2/search`.
    pub fn search(q: &SearchQuery) -> Call {
        let mut call = Call::get("api/v2/search")
            .query("q", q.q.clone())
            .query_opt("type", q.kind.map(SearchType::as_str))
            .query_opt("limit", q.limit.map(|l| l.to_string()))
            .query_opt("offset", q.offset.map(|o| o.to_string()));
        if q.resolve {
            call = call.query("resolve", "true");
        }
        if q.following {
            call = call.query("following", "true");
        }
        call
    }
}

impl Client {
    /// Searches.
    pub async fn search(&self, q: &SearchQuery) -> Result<SearchResults, ApiError> {
        self.call(&Call::search(q)).await
    }

    /// This server's copy of a status from its URL (any instance), through
    /// search with `resolve=true`.
    pub async fn resolve_status(&self, url: &str) -> Result<Status, ApiError> {
        let q = SearchQuery {
            q: url.to_string(),
            kind: Some(SearchType::Statuses),
            resolve: true,
            limit: Some(1),
            ..Default::default()
        };
        self.search(&q)
            .await?
            .statuses
            .into_iter()
            .next()
            .ok_or_else(|| ApiError::NotFound {
                message: format!("no status found at {url}"),
            })
    }

    /// An account by `user[@domain]`: the server's copy when it has one
    /// (lookup), else resolved through search (WebFinger on the server).
    pub async fn find_account(&self, acct: &str) -> Result<Account, ApiError> {
        let acct = acct.trim().trim_start_matches('@');
        match self.lookup_account(acct).await {
            Ok(a) => Ok(a),
            Err(ApiError::NotFound { .. }) => {
                let q = SearchQuery {
                    q: format!("@{acct}"),
                    kind: Some(SearchType::Accounts),
                    // Servers refuse to resolve for a visitor (no token).
                    resolve: self.token().is_some(),
                    limit: Some(5),
                    ..Default::default()
                };
                let found = self.search(&q).await?.accounts;
                let wanted = acct.to_lowercase();
                found
                    .into_iter()
                    .find(|a| {
                        a.acct.to_lowercase() == wanted || a.username.to_lowercase() == wanted
                    })
                    .ok_or_else(|| ApiError::NotFound {
                        message: format!("no account @{acct}"),
                    })
            }
            Err(e) => Err(e),
        }
    }
}
