//! Custom emoji: server-defined `:shortcode:` images used in names and posts.

use serde::{Deserialize, Serialize};

use super::serde_util::null_default;

/// A custom emoji, as attached to statuses, accounts and polls.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomEmoji {
    /// The name, without colons.
    #[serde(default, deserialize_with = "null_default")]
    pub shortcode: String,
    /// URL of the (possibly animated) image.
    #[serde(default, deserialize_with = "null_default")]
    pub url: String,
    /// URL of a static version of the image.
    #[serde(default, deserialize_with = "null_default")]
    pub static_url: String,
    /// Whether the emoji is offered in the picker.
    #[serde(default, deserialize_with = "null_default")]
    pub visible_in_picker: bool,
    /// Picker category, if the server groups emoji.
    #[serde(default)]
    pub category: Option<String>,
}
