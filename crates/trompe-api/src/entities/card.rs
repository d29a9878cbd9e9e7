//! Link preview cards.

use serde::{Deserialize, Serialize};

use super::account::Account;
use super::enums::string_enum;
use super::serde_util::null_default;

string_enum! {
    /// Kind of preview card.
    #[derive(Default)]
    pub enum CardType {
        /// A link.
        #[default]
        Link = "link",
        /// A photo embed.
        Photo = "photo",
        /// A video embed.
        Video = "video",
        /// An iframe embed (not produced in practice).
        Rich = "rich",
    }
}

/// A preview of a link in a status, built from OpenGraph data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PreviewCard {
    /// The linked URL.
    #[serde(default, deserialize_with = "null_default")]
    pub url: String,
    /// Title of the linked page.
    #[serde(default, deserialize_with = "null_default")]
    pub title: String,
    /// Description of the linked page.
    #[serde(default, deserialize_with = "null_default")]
    pub description: String,
    /// Kind of card.
    #[serde(rename = "type", default, deserialize_with = "null_default")]
    pub kind: CardType,
    /// Fediverse authors of the linked page (Mastodon 4.3+).
    #[serde(default, deserialize_with = "null_default")]
    pub authors: Vec<PreviewCardAuthor>,
    /// Author name (deprecated in favour of `authors`).
    #[serde(default, deserialize_with = "null_default")]
    pub author_name: String,
    /// Author link (deprecated in favour of `authors`).
    #[serde(default, deserialize_with = "null_default")]
    pub author_url: String,
    /// Site name.
    #[serde(default, deserialize_with = "null_default")]
    pub provider_name: String,
    /// Site link.
    #[serde(default, deserialize_with = "null_default")]
    pub provider_url: String,
    /// Embed HTML.
    #[serde(default, deserialize_with = "null_default")]
    pub html: String,
    /// Preview width in pixels.
    #[serde(default, deserialize_with = "null_default")]
    pub width: u32,
    /// Preview height in pixels.
    #[serde(default, deserialize_with = "null_default")]
    pub height: u32,
    /// Thumbnail URL.
    #[serde(default)]
    pub image: Option<String>,
    /// Alt text of the thumbnail.
    #[serde(default)]
    pub image_description: Option<String>,
    /// Photo embed URL.
    #[serde(default, deserialize_with = "null_default")]
    pub embed_url: String,
    /// BlurHash of the thumbnail.
    #[serde(default)]
    pub blurhash: Option<String>,
}

/// An author of a linked page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PreviewCardAuthor {
    /// Name as given by the page.
    #[serde(default, deserialize_with = "null_default")]
    pub name: String,
    /// Link as given by the page.
    #[serde(default, deserialize_with = "null_default")]
    pub url: String,
    /// The author's fediverse account, if known.
    #[serde(default)]
    pub account: Option<Account>,
}
