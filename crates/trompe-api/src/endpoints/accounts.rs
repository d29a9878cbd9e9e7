//! Accounts: the logged-in user, profiles, relationships (follow, mute,
//! block, notes), followers and following, follow requests, the mute and
//! block lists, and domain blocks.

use serde_json::{Map, Value, json};

use super::call::{Call, seg};
use crate::entities::{Account, AccountId, Relationship};
use crate::{ApiError, Client, Page, PageQuery};

/// Options of a follow. `None` leaves the server's default (or, for an
/// existing follow, the current setting).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FollowOptions {
    /// Show their boosts in the home timeline.
    pub reblogs: Option<bool>,
    /// Notify when they post.
    pub notify: Option<bool>,
    /// Only these languages (ISO 639-1) from them.
    pub languages: Option<Vec<String>>,
}

/// Options of a mute.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MuteOptions {
    /// Also mute their notifications (Mastodon's default is true).
    pub notifications: Option<bool>,
    /// Seconds until the mute ends; `None` or 0 for ever.
    pub duration: Option<u64>,
}

fn account_path(id: &AccountId, action: &str) -> String {
    format!("api/v1/accounts/{}/{action}", seg(id.as_str()))
}

impl Call {
    /// `GET /api/v1/accounts/verify_credentials`.
    pub fn verify_credentials() -> Call {
        Call::get("api/v1/accounts/verify_credentials")
    }

    /// `GET /api/v1/accounts/:id`.
    pub fn account(id: &AccountId) -> Call {
        Call::get(format!("api/v1/accounts/{}", seg(id.as_str())))
    }

    /// `GET /api/v1/accounts/lookup?acct=`: an account known to the server by
    /// `user` or `user@domain` (no WebFinger; see search for that).
    pub fn lookup_account(acct: &str) -> Call {
        Call::get("api/v1/accounts/lookup").query("acct", acct.trim_start_matches('@'))
    }

    /// `GET /api/v1/accounts/relationships?id[]=…`.
    pub fn relationships(ids: &[AccountId]) -> Call {
        Call::get("api/v1/accounts/relationships")
            .query_all("id[]", ids.iter().map(|i| i.as_str().to_string()))
    }

    /// `POST /api/v1/accounts/:id/follow`.
    pub fn follow(id: &AccountId, opts: &FollowOptions) -> Call {
        let mut body = Map::new();
        if let Some(r) = opts.reblogs {
            body.insert("reblogs".into(), Value::Bool(r));
        }
        if let Some(n) = opts.notify {
            body.insert("notify".into(), Value::Bool(n));
        }
        if let Some(l) = &opts.languages {
            body.insert("languages".into(), json!(l));
        }
        Call::post(account_path(id, "follow")).json(Value::Object(body))
    }

    /// `POST /api/v1/accounts/:id/unfollow` (also withdraws a pending request).
    pub fn unfollow(id: &AccountId) -> Call {
        Call::post(account_path(id, "unfollow"))
    }

    /// `POST /api/v1/accounts/:id/remove_from_followers`.
    pub fn remove_from_followers(id: &AccountId) -> Call {
        Call::post(account_path(id, "remove_from_followers"))
    }

    /// `POST /api/v1/accounts/:id/mute`.
    pub fn mute(id: &AccountId, opts: &MuteOptions) -> Call {
        let mut body = Map::new();
        if let Some(n) = opts.notifications {
            body.insert("notifications".into(), Value::Bool(n));
        }
        if let Some(d) = opts.duration {
            body.insert("duration".into(), json!(d));
        }
        Call::post(account_path(id, "mute")).json(Value::Object(body))
    }

    /// `POST /api/v1/accounts/:id/unmute`.
    pub fn unmute(id: &AccountId) -> Call {
        Call::post(account_path(id, "unmute"))
    }

    /// `POST /api/v1/accounts/:id/block`.
    pub fn block(id: &AccountId) -> Call {
        Call::post(account_path(id, "block"))
    }

    /// `POST /api/v1/accounts/:id/unblock`.
    pub fn unblock(id: &AccountId) -> Call {
        Call::post(account_path(id, "unblock"))
    }

    /// `POST /api/v1/accounts/:id/note`: the user's private note (empty clears it).
    pub fn account_note(id: &AccountId, comment: &str) -> Call {
        Call::post(account_path(id, "note")).json(json!({ "comment": comment }))
    }

    /// `GET /api/v1/accounts/:id/followers`.
    pub fn followers(id: &AccountId, page: &PageQuery) -> Call {
        Call::get(account_path(id, "followers")).page(page)
    }

    /// `GET /api/v1/accounts/:id/following`.
    pub fn following(id: &AccountId, page: &PageQuery) -> Call {
        Call::get(account_path(id, "following")).page(page)
    }

    /// `GET /api/v1/follow_requests`: accounts asking to follow the user.
    pub fn follow_requests(page: &PageQuery) -> Call {
        Call::get("api/v1/follow_requests").page(page)
    }

    /// `POST /api/v1/follow_requests/:id/authorize`.
    pub fn authorize_follow_request(id: &AccountId) -> Call {
        Call::post(format!(
            "api/v1/follow_requests/{}/authorize",
            seg(id.as_str())
        ))
    }

    /// `POST /api/v1/follow_requests/:id/reject`.
    pub fn reject_follow_request(id: &AccountId) -> Call {
        Call::post(format!(
            "api/v1/follow_requests/{}/reject",
            seg(id.as_str())
        ))
    }

    /// `GET /api/v1/mutes`.
    pub fn mutes(page: &PageQuery) -> Call {
        Call::get("api/v1/mutes").page(page)
    }

    /// `GET /api/v1/blocks`.
    pub fn blocks(page: &PageQuery) -> Call {
        Call::get("api/v1/blocks").page(page)
    }

    /// `GET /api/v1/domain_blocks`: the blocked domains (strings).
    pub fn domain_blocks(page: &PageQuery) -> Call {
        Call::get("api/v1/domain_blocks").page(page)
    }

    /// `POST /api/v1/domain_blocks`.
    pub fn block_domain(domain: &str) -> Call {
        // A form: some servers (mastodon-mock) read only a form here.
        Call::post("api/v1/domain_blocks")
            .json(json!({ "domain": domain }))
            .form_encoded()
    }

    /// `DELETE /api/v1/domain_blocks`.
    pub fn unblock_domain(domain: &str) -> Call {
        Call::delete("api/v1/domain_blocks").query("domain", domain)
    }
}

impl Client {
    /// `GET /api/v1/accounts/verify_credentials`: who the token belongs to.
    pub async fn verify_credentials(&self) -> Result<Account, ApiError> {
        self.call(&Call::verify_credentials()).await
    }

    /// An account by id.
    pub async fn account(&self, id: &AccountId) -> Result<Account, ApiError> {
        self.call(&Call::account(id)).await
    }

    /// An account the server knows, by `user` or `user@domain`.
    pub async fn lookup_account(&self, acct: &str) -> Result<Account, ApiError> {
        self.call(&Call::lookup_account(acct)).await
    }

    /// The user's relationships with several accounts.
    pub async fn relationships(&self, ids: &[AccountId]) -> Result<Vec<Relationship>, ApiError> {
        self.call(&Call::relationships(ids)).await
    }

    /// The user's relationship with one account.
    pub async fn relationship(&self, id: &AccountId) -> Result<Relationship, ApiError> {
        self.relationships(std::slice::from_ref(id))
            .await?
            .into_iter()
            .find(|r| &r.id == id)
            .ok_or_else(|| ApiError::NotFound {
                message: "no relationship with this account".into(),
            })
    }

    /// Follows (or asks to follow, when the account is locked: `requested`).
    pub async fn follow(
        &self,
        id: &AccountId,
        opts: &FollowOptions,
    ) -> Result<Relationship, ApiError> {
        self.call(&Call::follow(id, opts)).await
    }

    /// Unfollows, or withdraws a follow request.
    pub async fn unfollow(&self, id: &AccountId) -> Result<Relationship, ApiError> {
        self.call(&Call::unfollow(id)).await
    }

    /// Removes an account from the user's followers.
    pub async fn remove_from_followers(&self, id: &AccountId) -> Result<Relationship, ApiError> {
        self.call(&Call::remove_from_followers(id)).await
    }

    /// Mutes an account.
    pub async fn mute(&self, id: &AccountId, opts: &MuteOptions) -> Result<Relationship, ApiError> {
        self.call(&Call::mute(id, opts)).await
    }

    /// Unmutes an account.
    pub async fn unmute(&self, id: &AccountId) -> Result<Relationship, ApiError> {
        self.call(&Call::unmute(id)).await
    }

    /// Blocks an account.
    pub async fn block(&self, id: &AccountId) -> Result<Relationship, ApiError> {
        self.call(&Call::block(id)).await
    }

    /// Unblocks an account.
    pub async fn unblock(&self, id: &AccountId) -> Result<Relationship, ApiError> {
        self.call(&Call::unblock(id)).await
    }

    /// Sets the user's private note about an account.
    pub async fn set_account_note(
        &self,
        id: &AccountId,
        comment: &str,
    ) -> Result<Relationship, ApiError> {
        self.call(&Call::account_note(id, comment)).await
    }

    /// One page of an account's followers.
    pub async fn followers(
        &self,
        id: &AccountId,
        page: &PageQuery,
    ) -> Result<Page<Account>, ApiError> {
        self.call_page(&Call::followers(id, page)).await
    }

    /// One page of the accounts an account follows.
    pub async fn following(
        &self,
        id: &AccountId,
        page: &PageQuery,
    ) -> Result<Page<Account>, ApiError> {
        self.call_page(&Call::following(id, page)).await
    }

    /// One page of pending follow requests to the user.
    pub async fn follow_requests(&self, page: &PageQuery) -> Result<Page<Account>, ApiError> {
        self.call_page(&Call::follow_requests(page)).await
    }

    /// Accepts a follow request.
    pub async fn authorize_follow_request(&self, id: &AccountId) -> Result<Relationship, ApiError> {
        self.call(&Call::authorize_follow_request(id)).await
    }

    /// Rejects a follow request.
    pub async fn reject_follow_request(&self, id: &AccountId) -> Result<Relationship, ApiError> {
        self.call(&Call::reject_follow_request(id)).await
    }

    /// One page of muted accounts.
    pub async fn mutes(&self, page: &PageQuery) -> Result<Page<Account>, ApiError> {
        self.call_page(&Call::mutes(page)).await
    }

    /// One page of blocked accounts.
    pub async fn blocks(&self, page: &PageQuery) -> Result<Page<Account>, ApiError> {
        self.call_page(&Call::blocks(page)).await
    }

    /// One page of blocked domains.
    pub async fn domain_blocks(&self, page: &PageQuery) -> Result<Page<String>, ApiError> {
        self.call_page(&Call::domain_blocks(page)).await
    }

    /// Blocks a whole domain.
    pub async fn block_domain(&self, domain: &str) -> Result<(), ApiError> {
        self.call_unit(&Call::block_domain(domain)).await
    }

    /// Unblocks a domain.
    pub async fn unblock_domain(&self, domain: &str) -> Result<(), ApiError> {
        self.call_unit(&Call::unblock_domain(domain)).await
    }
}
