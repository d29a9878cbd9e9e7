//! Completions for the compose pane: accounts, hashtags and custom emoji.

use crate::api::Client;
use crate::api::entities::SearchResults;
use crate::app::Action;

pub(super) async fn complete(client: &Client, word: String) -> Action {
    let rest = word[1..].to_string();
    let items: Vec<String> = if let Some(code) = word.strip_prefix(':') {
        let code = code.to_lowercase();
        client
            .get::<Vec<crate::api::entities::CustomEmoji>>("api/v1/custom_emojis", &[])
            .await
            .map(|list| {
                list.into_iter()
                    .filter(|e| e.shortcode.to_lowercase().starts_with(&code))
                    .take(6)
                    .map(|e| format!(":{}:", e.shortcode))
                    .collect()
            })
            .unwrap_or_default()
    } else {
        let kind = if word.starts_with('@') {
            "accounts"
        } else {
            "hashtags"
        };
        client
            .get::<SearchResults>(
                "api/v2/search",
                &[("q", rest), ("type", kind.into()), ("limit", "6".into())],
            )
            .await
            .map(|r| {
                if kind == "accounts" {
                    r.accounts
                        .into_iter()
                        .map(|a| format!("@{}", a.acct))
                        .collect()
                } else {
                    r.hashtags
                        .into_iter()
                        .map(|t| format!("#{}", t.name))
                        .collect()
                }
            })
            .unwrap_or_default()
    };
    Action::Suggestions { word, items }
}
