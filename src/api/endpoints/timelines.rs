//! Timelines: home, local, federated (and later hashtag, list, …).

use crate::api::entities::Status;
use crate::api::{ApiError, Client, Page, PageQuery};

/// Which timeline to read.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum TimelineKind {
    /// The logged-in user's home feed.
    Home,
    /// Public posts from this instance.
    Local,
    /// Public posts from everywhere this instance knows.
    Federated,
}

impl TimelineKind {
    /// The endpoint path and its fixed query.
    pub fn endpoint(&self) -> (&'static str, Vec<(&'static str, String)>) {
        match self {
            TimelineKind::Home => ("api/v1/timelines/home", vec![]),
            TimelineKind::Local => ("api/v1/timelines/public", vec![("local", "true".into())]),
            TimelineKind::Federated => ("api/v1/timelines/public", vec![]),
        }
    }
}

impl Client {
    /// One page of a timeline.
    pub async fn timeline(
        &self,
        kind: &TimelineKind,
        page: &PageQuery,
    ) -> Result<Page<Status>, ApiError> {
        let (path, mut query) = kind.endpoint();
        query.extend(page.pairs());
        self.get_page(path, &query).await
    }
}
