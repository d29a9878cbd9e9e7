//! Timelines: home, local, federated, hashtags, lists, bookmarks,
//! favourites, an account's posts, trending posts, and conversations' statuses.

use crate::entities::{AccountId, ListId, Status};
use crate::{ApiError, Client, Page, PageQuery};

/// Which timeline to read.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum TimelineKind {
    /// The logged-in user's home feed.
    Home,
    /// Public posts from this instance.
    Local,
    /// Public posts from everywhere this instance knows.
    Federated,
    /// Posts with a hashtag; more tags are `any[]` (posts with any of them).
    Hashtag { tag: String, any: Vec<String> },
    /// A list's feed (the title is for display).
    List { id: ListId, title: String },
    /// The user's bookmarks.
    Bookmarks,
    /// The user's favourites.
    Favourites,
    /// An account's posts.
    Account {
        id: AccountId,
        acct: String,
        with_replies: bool,
        only_media: bool,
    },
    /// Trending posts.
    Trending,
}

impl TimelineKind {
    /// The endpoint path and its fixed query.
    pub fn endpoint(&self) -> (String, Vec<(&'static str, String)>) {
        match self {
            TimelineKind::Home => ("api/v1/timelines/home".into(), vec![]),
            TimelineKind::Local => (
                "api/v1/timelines/public".into(),
                vec![("local", "true".into())],
            ),
            TimelineKind::Federated => ("api/v1/timelines/public".into(), vec![]),
            TimelineKind::Hashtag { tag, any } => (
                format!("api/v1/timelines/tag/{}", encode_segment(tag)),
                any.iter().map(|t| ("any[]", t.clone())).collect(),
            ),
            TimelineKind::List { id, .. } => (
                format!("api/v1/timelines/list/{}", encode_segment(id.as_str())),
                vec![],
            ),
            TimelineKind::Bookmarks => ("api/v1/bookmarks".into(), vec![]),
            TimelineKind::Favourites => ("api/v1/favourites".into(), vec![]),
            TimelineKind::Account {
                id,
                with_replies,
                only_media,
                ..
            } => {
                let mut q = vec![];
                if !with_replies {
                    q.push(("exclude_replies", "true".to_string()));
                }
                if *only_media {
                    q.push(("only_media", "true".to_string()));
                }
                (
                    format!("api/v1/accounts/{}/statuses", encode_segment(id.as_str())),
                    q,
                )
            }
            TimelineKind::Trending => ("api/v1/trends/statuses".into(), vec![]),
        }
    }

    /// A short title for tabs and headings.
    pub fn title(&self) -> String {
        match self {
            TimelineKind::Home => "Home".into(),
            TimelineKind::Local => "Local".into(),
            TimelineKind::Federated => "Federated".into(),
            TimelineKind::Hashtag { tag, any } => {
                let mut t = format!("#{tag}");
                for a in any {
                    t.push_str(&format!(" #{a}"));
                }
                t
            }
            TimelineKind::List { title, .. } => title.clone(),
            TimelineKind::Bookmarks => "Bookmarks".into(),
            TimelineKind::Favourites => "Favourites".into(),
            TimelineKind::Account {
                acct,
                with_replies,
                only_media,
                ..
            } => {
                if *only_media {
                    format!("@{acct} media")
                } else if *with_replies {
                    format!("@{acct} +replies")
                } else {
                    format!("@{acct}")
                }
            }
            TimelineKind::Trending => "Trending".into(),
        }
    }

    /// The streaming stream that feeds this timeline, as trompe names
    /// streams (`user`, `public:local`, `public`, `hashtag:tag`, `list:id`).
    pub fn stream(&self) -> Option<String> {
        match self {
            TimelineKind::Home => Some("user".into()),
            TimelineKind::Local => Some("public:local".into()),
            TimelineKind::Federated => Some("public".into()),
            TimelineKind::Hashtag { tag, .. } => Some(format!("hashtag:{}", tag.to_lowercase())),
            TimelineKind::List { id, .. } => Some(format!("list:{}", id.as_str())),
            _ => None,
        }
    }
}

/// Percent-encodes one path segment (hashtags can be any script).
pub fn encode_segment(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes())
        .collect::<String>()
        .replace('+', "%20")
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
        self.get_page(&path, &query).await
    }
}
