//! Reading an account's data from its server into [`Data`].

use serde_json::Value;

use super::files::{Data, Filter, Follow, Keyword, List, Mute};
use super::{Me, Paced, What, full_acct};
use crate::api::ApiError;
use crate::api::endpoints::Call;
use crate::api::endpoints::call::seg;
use crate::api::entities::AccountId;

/// Relationships are asked for this many accounts at a time.
const RELATIONSHIP_BATCH: usize = 40;

fn str_of<'v>(v: &'v Value, k: &str) -> Option<&'v str> {
    v.get(k).and_then(Value::as_str)
}

/// `id → relationship` for accounts, asked in batches.
pub async fn relationships(
    paced: &mut Paced<'_>,
    ids: &[String],
) -> Result<std::collections::HashMap<String, Value>, ApiError> {
    let mut out = std::collections::HashMap::new();
    for chunk in ids.chunks(RELATIONSHIP_BATCH) {
        let ids: Vec<AccountId> = chunk.iter().map(AccountId::new).collect();
        let rels: Vec<Value> = paced.call(&Call::relationships(&ids)).await?;
        for r in rels {
            if let Some(id) = str_of(&r, "id") {
                out.insert(id.to_string(), r);
            }
        }
    }
    Ok(out)
}

fn flag(rel: Option<&Value>, k: &str, default: bool) -> bool {
    rel.and_then(|r| r.get(k))
        .and_then(Value::as_bool)
        .unwrap_or(default)
}

/// Reads the kinds in `what` from `me`'s account (see [`super::who`]).
pub async fn export(paced: &mut Paced<'_>, me: &Me, what: &[What]) -> Result<Data, ApiError> {
    let domain = &me.domain;
    let acct_of = |v: &Value| str_of(v, "acct").map(|a| full_acct(a, domain));
    let mut data = Data::default();
    let me = &me.id;
    for &w in what {
        match w {
            What::Follows => {
                let path = format!("api/v1/accounts/{}/following", seg(me));
                let accounts: Vec<Value> = paced
                    .all(&Call::get(path).query("limit", "80"), "follows")
                    .await?;
                let ids: Vec<String> = accounts
                    .iter()
                    .filter_map(|a| str_of(a, "id").map(str::to_string))
                    .collect();
                let rels = relationships(paced, &ids).await?;
                let follows = accounts
                    .iter()
                    .filter_map(|a| {
                        let rel = str_of(a, "id").and_then(|id| rels.get(id));
                        Some(Follow {
                            acct: acct_of(a)?,
                            reblogs: flag(rel, "showing_reblogs", true),
                            notify: flag(rel, "notifying", false),
                            languages: rel
                                .and_then(|r| r.get("languages"))
                                .and_then(Value::as_array)
                                .map(|l| {
                                    l.iter()
                                        .filter_map(Value::as_str)
                                        .map(str::to_string)
                                        .collect()
                                })
                                .unwrap_or_default(),
                        })
                    })
                    .collect();
                data.follows = Some(follows);
            }
            What::Lists => {
                let lists: Vec<Value> = paced.call(&Call::get("api/v1/lists")).await?;
                let mut out = Vec::new();
                for (n, l) in lists.iter().enumerate() {
                    let Some(id) = str_of(l, "id") else { continue };
                    let path = format!("api/v1/lists/{}/accounts", seg(id));
                    let members: Vec<Value> = paced
                        .all(&Call::get(path).query("limit", "80"), "lists")
                        .await?;
                    paced.report.progress("lists", n + 1, Some(lists.len()));
                    out.push(List {
                        title: str_of(l, "title").unwrap_or_default().to_string(),
                        members: members.iter().filter_map(acct_of).collect(),
                        replies_policy: str_of(l, "replies_policy").map(str::to_string),
                        exclusive: l.get("exclusive").and_then(Value::as_bool),
                    });
                }
                data.lists = Some(out);
            }
            What::Blocks => {
                let accounts: Vec<Value> = paced
                    .all(&Call::get("api/v1/blocks").query("limit", "80"), "blocks")
                    .await?;
                data.blocks = Some(accounts.iter().filter_map(acct_of).collect());
            }
            What::Mutes => {
                let accounts: Vec<Value> = paced
                    .all(&Call::get("api/v1/mutes").query("limit", "80"), "mutes")
                    .await?;
                let ids: Vec<String> = accounts
                    .iter()
                    .filter_map(|a| str_of(a, "id").map(str::to_string))
                    .collect();
                let rels = relationships(paced, &ids).await?;
                data.mutes = Some(
                    accounts
                        .iter()
                        .filter_map(|a| {
                            let rel = str_of(a, "id").and_then(|id| rels.get(id));
                            Some(Mute {
                                acct: acct_of(a)?,
                                notifications: flag(rel, "muting_notifications", true),
                            })
                        })
                        .collect(),
                );
            }
            What::DomainBlocks => {
                let domains: Vec<Value> = paced
                    .all(
                        &Call::get("api/v1/domain_blocks").query("limit", "200"),
                        "domain-blocks",
                    )
                    .await?;
                data.domain_blocks = Some(
                    domains
                        .iter()
                        .filter_map(Value::as_str)
                        .map(str::to_string)
                        .collect(),
                );
            }
            What::Bookmarks => {
                let statuses: Vec<Value> = paced
                    .all(
                        &Call::get("api/v1/bookmarks").query("limit", "40"),
                        "bookmarks",
                    )
                    .await?;
                data.bookmarks = Some(
                    statuses
                        .iter()
                        .filter_map(|s| str_of(s, "uri").or_else(|| str_of(s, "url")))
                        .map(str::to_string)
                        .collect(),
                );
            }
            What::Filters => {
                let filters: Vec<Value> = paced.call(&Call::get("api/v2/filters")).await?;
                paced
                    .report
                    .progress("filters", filters.len(), Some(filters.len()));
                data.filters = Some(filters.iter().map(filter_of).collect());
            }
            What::FollowedTags => {
                let tags: Vec<Value> = paced
                    .all(
                        &Call::get("api/v1/followed_tags").query("limit", "100"),
                        "followed-tags",
                    )
                    .await?;
                data.followed_tags = Some(
                    tags.iter()
                        .filter_map(|t| str_of(t, "name"))
                        .map(str::to_string)
                        .collect(),
                );
            }
        }
    }
    Ok(data)
}

fn filter_of(f: &Value) -> Filter {
    Filter {
        title: str_of(f, "title").unwrap_or_default().to_string(),
        context: f
            .get("context")
            .and_then(Value::as_array)
            .map(|c| {
                c.iter()
                    .filter_map(Value::as_str)
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default(),
        action: str_of(f, "filter_action").unwrap_or("warn").to_string(),
        expires_at: str_of(f, "expires_at").map(str::to_string),
        keywords: f
            .get("keywords")
            .and_then(Value::as_array)
            .map(|k| {
                k.iter()
                    .filter_map(|k| {
                        Some(Keyword {
                            keyword: str_of(k, "keyword")?.to_string(),
                            whole_word: k
                                .get("whole_word")
                                .and_then(Value::as_bool)
                                .unwrap_or(false),
                        })
                    })
                    .collect()
            })
            .unwrap_or_default(),
    }
}
