//! Hashtags (get, follow, unfollow, the followed ones) and trends
//! (trending statuses and tags).

use super::call::{Call, seg};
use crate::entities::{Status, Tag};
use crate::{ApiError, Client, Page, PageQuery};

fn tag_path(name: &str, action: &str) -> String {
    let name = name.trim().trim_start_matches('#');
    if action.is_empty() {
        format!("api/v1/tags/{}", seg(name))
    } else {
        format!("api/v1/tags/{}/{action}", seg(name))
    }
}

impl Call {
    /// `GET /api/v1/tags/:name`.
    pub fn tag(name: &str) -> Call {
        Call::get(tag_path(name, ""))
    }

    /// `POST /api/v1/tags/:name/follow`.
    pub fn follow_tag(name: &str) -> Call {
        Call::post(tag_path(name, "follow"))
    }

    /// `POST /api/v1/tags/:name/unfollow`.
    pub fn unfollow_tag(name: &str) -> Call {
        Call::post(tag_path(name, "unfollow"))
    }

    /// `GET /api/v1/followed_tags`.
    pub fn followed_tags(page: &PageQuery) -> Call {
        Call::get("api/v1/followed_tags").page(page)
    }

    /// `GET /api/v1/trends/tags`.
    pub fn trending_tags(limit: Option<u32>, offset: Option<u32>) -> Call {
        Call::get("api/v1/trends/tags")
            .query_opt("limit", limit.map(|l| l.to_string()))
            .query_opt("offset", offset.map(|o| o.to_string()))
    }

    /// `GET /api/v1/trends/statuses`.
    pub fn trending_statuses(limit: Option<u32>, offset: Option<u32>) -> Call {
        Call::get("api/v1/trends/statuses")
            .query_opt("limit", limit.map(|l| l.to_string()))
            .query_opt("offset", offset.map(|o| o.to_string()))
    }
}

impl Client {
    /// A hashtag, with whether the user follows it.
    pub async fn tag(&self, name: &str) -> Result<Tag, ApiError> {
        self.call(&Call::tag(name)).await
    }

    /// Follows a hashtag (its posts show in home).
    pub async fn follow_tag(&self, name: &str) -> Result<Tag, ApiError> {
        self.call(&Call::follow_tag(name)).await
    }

    /// Unfollows a hashtag.
    pub async fn unfollow_tag(&self, name: &str) -> Result<Tag, ApiError> {
        self.call(&Call::unfollow_tag(name)).await
    }

    /// One page of the followed hashtags.
    pub async fn followed_tags(&self, page: &PageQuery) -> Result<Page<Tag>, ApiError> {
        self.call_page(&Call::followed_tags(page)).await
    }

    /// Trending hashtags.
    pub async fn trending_tags(&self, limit: Option<u32>) -> Result<Page<Tag>, ApiError> {
        self.call_page(&Call::trending_tags(limit, None)).await
    }

    /// Trending statuses.
    pub async fn trending_statuses(&self, limit: Option<u32>) -> Result<Page<Status>, ApiError> {
        self.call_page(&Call::trending_statuses(limit, None)).await
    }
}
