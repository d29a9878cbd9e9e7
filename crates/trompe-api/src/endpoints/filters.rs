//! Filters (v2): create, edit and delete server-side filters, their
//! keywords and their statuses.

use serde_json::{Map, Value, json};

use super::call::{Call, seg};
use crate::entities::{
    Filter, FilterAction, FilterContext, FilterId, FilterKeyword, FilterKeywordId, FilterStatus,
    FilterStatusId, StatusId,
};
use crate::{ApiError, Client};

/// A keyword change inside [`FilterParams`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KeywordParams {
    /// An existing keyword to change or remove; `None` adds one.
    pub id: Option<FilterKeywordId>,
    /// The phrase.
    pub keyword: String,
    /// Match whole words only.
    pub whole_word: bool,
    /// Remove this keyword (with `id`).
    pub destroy: bool,
}

/// The fields of a filter when creating or updating it. On update, `None`
/// and empty lists leave the server's value alone.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FilterParams {
    /// The name.
    pub title: Option<String>,
    /// Where it applies.
    pub context: Vec<FilterContext>,
    /// Warn, hide or blur.
    pub action: Option<FilterAction>,
    /// `Some(None)`: never expires; `Some(Some(s))`: expires in `s` seconds.
    pub expires_in: Option<Option<u64>>,
    /// Keywords to add, change or remove.
    pub keywords: Vec<KeywordParams>,
}

impl FilterParams {
    fn body(&self) -> Value {
        let mut m = Map::new();
        if let Some(t) = &self.title {
            m.insert("title".into(), json!(t));
        }
        if !self.context.is_empty() {
            let ctx: Vec<&str> = self.context.iter().map(FilterContext::as_str).collect();
            m.insert("context".into(), json!(ctx));
        }
        if let Some(a) = &self.action {
            m.insert("filter_action".into(), json!(a.as_str()));
        }
        if let Some(e) = self.expires_in {
            m.insert("expires_in".into(), json!(e));
        }
        if !self.keywords.is_empty() {
            let kws: Vec<Value> = self
                .keywords
                .iter()
                .map(|k| {
                    let mut o = Map::new();
                    if let Some(id) = &k.id {
                        o.insert("id".into(), json!(id.as_str()));
                    }
                    o.insert("keyword".into(), json!(k.keyword));
                    o.insert("whole_word".into(), json!(k.whole_word));
                    if k.destroy {
                        o.insert("_destroy".into(), json!(true));
                    }
                    Value::Object(o)
                })
                .collect();
            m.insert("keywords_attributes".into(), Value::Array(kws));
        }
        Value::Object(m)
    }
}

fn filter_path(id: &FilterId) -> String {
    format!("api/v2/filters/{}", seg(id.as_str()))
}

fn keyword_path(id: &FilterKeywordId) -> String {
    format!("api/v2/filters/keywords/{}", seg(id.as_str()))
}

impl Call {
    /// `GET /api/v2/filters`.
    pub fn filters() -> Call {
        Call::get("api/v2/filters")
    }

    /// `GET /api/v2/filters/:id`.
    pub fn filter(id: &FilterId) -> Call {
        Call::get(filter_path(id))
    }

    /// `POST /api/v2/filters`.
    pub fn create_filter(params: &FilterParams) -> Call {
        Call::post("api/v2/filters").json(params.body())
    }

    /// `PUT /api/v2/filters/:id`.
    pub fn update_filter(id: &FilterId, params: &FilterParams) -> Call {
        Call::put(filter_path(id)).json(params.body())
    }

    /// `DELETE /api/v2/filters/:id`.
    pub fn delete_filter(id: &FilterId) -> Call {
        Call::delete(filter_path(id))
    }

    /// `GET /api/v2/filters/:id/keywords`.
    pub fn filter_keywords(id: &FilterId) -> Call {
        Call::get(format!("{}/keywords", filter_path(id)))
    }

    /// `POST /api/v2/filters/:id/keywords`.
    pub fn add_filter_keyword(id: &FilterId, keyword: &str, whole_word: bool) -> Call {
        Call::post(format!("{}/keywords", filter_path(id)))
            .json(json!({ "keyword": keyword, "whole_word": whole_word }))
    }

    /// `PUT /api/v2/filters/keywords/:id`.
    pub fn update_filter_keyword(id: &FilterKeywordId, keyword: &str, whole_word: bool) -> Call {
        Call::put(keyword_path(id)).json(json!({ "keyword": keyword, "whole_word": whole_word }))
    }

    /// `DELETE /api/v2/filters/keywords/:id`.
    pub fn delete_filter_keyword(id: &FilterKeywordId) -> Call {
        Call::delete(keyword_path(id))
    }

    /// `POST /api/v2/filters/:id/statuses`.
    pub fn add_filter_status(id: &FilterId, status: &StatusId) -> Call {
        Call::post(format!("{}/statuses", filter_path(id)))
            .json(json!({ "status_id": status.as_str() }))
    }

    /// `DELETE /api/v2/filters/statuses/:id`.
    pub fn delete_filter_status(id: &FilterStatusId) -> Call {
        Call::delete(format!("api/v2/filters/statuses/{}", seg(id.as_str())))
    }
}

impl Client {
    /// The user's filters.
    pub async fn filters(&self) -> Result<Vec<Filter>, ApiError> {
        self.call(&Call::filters()).await
    }

    /// One filter.
    pub async fn filter(&self, id: &FilterId) -> Result<Filter, ApiError> {
        self.call(&Call::filter(id)).await
    }

    /// Creates a filter.
    pub async fn create_filter(&self, params: &FilterParams) -> Result<Filter, ApiError> {
        self.call(&Call::create_filter(params)).await
    }

    /// Changes a filter.
    pub async fn update_filter(
        &self,
        id: &FilterId,
        params: &FilterParams,
    ) -> Result<Filter, ApiError> {
        self.call(&Call::update_filter(id, params)).await
    }

    /// Deletes a filter.
    pub async fn delete_filter(&self, id: &FilterId) -> Result<(), ApiError> {
        self.call_unit(&Call::delete_filter(id)).await
    }

    /// A filter's keywords.
    pub async fn filter_keywords(&self, id: &FilterId) -> Result<Vec<FilterKeyword>, ApiError> {
        self.call(&Call::filter_keywords(id)).await
    }

    /// Adds a keyword to a filter.
    pub async fn add_filter_keyword(
        &self,
        id: &FilterId,
        keyword: &str,
        whole_word: bool,
    ) -> Result<FilterKeyword, ApiError> {
        self.call(&Call::add_filter_keyword(id, keyword, whole_word))
            .await
    }

    /// Changes a keyword.
    pub async fn update_filter_keyword(
        &self,
        id: &FilterKeywordId,
        keyword: &str,
        whole_word: bool,
    ) -> Result<FilterKeyword, ApiError> {
        self.call(&Call::update_filter_keyword(id, keyword, whole_word))
            .await
    }

    /// Removes a keyword.
    pub async fn delete_filter_keyword(&self, id: &FilterKeywordId) -> Result<(), ApiError> {
        self.call_unit(&Call::delete_filter_keyword(id)).await
    }

    /// Adds a status to a filter.
    pub async fn add_filter_status(
        &self,
        id: &FilterId,
        status: &StatusId,
    ) -> Result<FilterStatus, ApiError> {
        self.call(&Call::add_filter_status(id, status)).await
    }

    /// Removes a status from a filter.
    pub async fn delete_filter_status(&self, id: &FilterStatusId) -> Result<(), ApiError> {
        self.call_unit(&Call::delete_filter_status(id)).await
    }
}
