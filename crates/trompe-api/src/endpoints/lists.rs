//! Lists: create, rename, delete, and manage members.

use serde_json::{Map, Value, json};

use super::call::{Call, seg};
use crate::entities::{Account, AccountId, List, ListId, RepliesPolicy};
use crate::{ApiError, Client, Page, PageQuery};

/// The settings of a list when creating or updating it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListParams {
    /// The name.
    pub title: String,
    /// Which replies it shows; `None` keeps the server's value.
    pub replies_policy: Option<RepliesPolicy>,
    /// Whether its members are hidden from home; `None` keeps it.
    pub exclusive: Option<bool>,
}

impl ListParams {
    fn body(&self) -> Value {
        let mut m = Map::new();
        m.insert("title".into(), json!(self.title));
        if let Some(p) = &self.replies_policy {
            m.insert("replies_policy".into(), json!(p.as_str()));
        }
        if let Some(e) = self.exclusive {
            m.insert("exclusive".into(), json!(e));
        }
        Value::Object(m)
    }
}

fn list_path(id: &ListId) -> String {
    format!("api/v1/lists/{}", seg(id.as_str()))
}

fn ids_body(ids: &[AccountId]) -> Value {
    json!({ "account_ids": ids.iter().map(|i| i.as_str()).collect::<Vec<_>>() })
}

impl Call {
    /// `GET /api/v1/lists`.
    pub fn lists() -> Call {
        Call::get("api/v1/lists")
    }

    /// `GET /api/v1/lists/:id`.
    pub fn list(id: &ListId) -> Call {
        Call::get(list_path(id))
    }

    /// `POST /api/v1/lists`.
    pub fn create_list(params: &ListParams) -> Call {
        Call::post("api/v1/lists").json(params.body())
    }

    /// `PUT /api/v1/lists/:id`.
    pub fn update_list(id: &ListId, params: &ListParams) -> Call {
        Call::put(list_path(id)).json(params.body())
    }

    /// `DELETE /api/v1/lists/:id`.
    pub fn delete_list(id: &ListId) -> Call {
        Call::delete(list_path(id))
    }

    /// `GET /api/v1/lists/:id/accounts`.
    pub fn list_accounts(id: &ListId, page: &PageQuery) -> Call {
        Call::get(format!("{}/accounts", list_path(id))).page(page)
    }

    /// `POST /api/v1/lists/:id/accounts` (the accounts must be followed).
    pub fn add_to_list(id: &ListId, accounts: &[AccountId]) -> Call {
        Call::post(format!("{}/accounts", list_path(id))).json(ids_body(accounts))
    }

    /// `DELETE /api/v1/lists/:id/accounts`.
    pub fn remove_from_list(id: &ListId, accounts: &[AccountId]) -> Call {
        Call::delete(format!("{}/accounts", list_path(id))).json(ids_body(accounts))
    }

    /// `GET /api/v1/accounts/:id/lists`: the user's lists that hold an account.
    pub fn account_lists(id: &AccountId) -> Call {
        Call::get(format!("api/v1/accounts/{}/lists", seg(id.as_str())))
    }
}

impl Client {
    /// The user's lists.
    pub async fn lists(&self) -> Result<Vec<List>, ApiError> {
        self.call(&Call::lists()).await
    }

    /// One list.
    pub async fn list(&self, id: &ListId) -> Result<List, ApiError> {
        self.call(&Call::list(id)).await
    }

    /// Creates a list.
    pub async fn create_list(&self, params: &ListParams) -> Result<List, ApiError> {
        self.call(&Call::create_list(params)).await
    }

    /// Renames a list or changes its settings.
    pub async fn update_list(&self, id: &ListId, params: &ListParams) -> Result<List, ApiError> {
        self.call(&Call::update_list(id, params)).await
    }

    /// Deletes a list.
    pub async fn delete_list(&self, id: &ListId) -> Result<(), ApiError> {
        self.call_unit(&Call::delete_list(id)).await
    }

    /// One page of a list's members.
    pub async fn list_accounts(
        &self,
        id: &ListId,
        page: &PageQuery,
    ) -> Result<Page<Account>, ApiError> {
        self.call_page(&Call::list_accounts(id, page)).await
    }

    /// Adds accounts to a list.
    pub async fn add_to_list(&self, id: &ListId, accounts: &[AccountId]) -> Result<(), ApiError> {
        self.call_unit(&Call::add_to_list(id, accounts)).await
    }

    /// Removes accounts from a list.
    pub async fn remove_from_list(
        &self,
        id: &ListId,
        accounts: &[AccountId],
    ) -> Result<(), ApiError> {
        self.call_unit(&Call::remove_from_list(id, accounts)).await
    }

    /// The user's lists that hold an account.
    pub async fn account_lists(&self, id: &AccountId) -> Result<Vec<List>, ApiError> {
        self.call(&Call::account_lists(id)).await
    }
}
