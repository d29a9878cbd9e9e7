//! Media attachments and their metadata.

use serde::{Deserialize, Serialize};

use super::enums::string_enum;
use super::ids::MediaId;
use super::serde_util::{lenient, null_default};

string_enum! {
    /// Kind of attachment.
    #[derive(Default)]
    pub enum MediaType {
        /// Unsupported or unrecognised file type (a value the API itself sends).
        #[default]
        Unknown = "unknown",
        /// Still image.
        Image = "image",
        /// Looping, soundless animation.
        Gifv = "gifv",
        /// Video clip.
        Video = "video",
        /// Audio track.
        Audio = "audio",
    }
}

/// A file attached to a status.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MediaAttachment {
    /// The attachment id.
    pub id: MediaId,
    /// Kind of media.
    #[serde(rename = "type", default, deserialize_with = "null_default")]
    pub kind: MediaType,
    /// Full-size file; `None` while the server is still processing it.
    #[serde(default)]
    pub url: Option<String>,
    /// Scaled-down preview.
    #[serde(default)]
    pub preview_url: Option<String>,
    /// Original location on a remote server.
    #[serde(default)]
    pub remote_url: Option<String>,
    /// Dimensions, duration, focal point…; `None` also when malformed.
    #[serde(default, deserialize_with = "lenient")]
    pub meta: Option<Meta>,
    /// Alt text.
    #[serde(default)]
    pub description: Option<String>,
    /// BlurHash placeholder.
    #[serde(default)]
    pub blurhash: Option<String>,
}

/// Attachment metadata. Free-form on the server side: every part is optional.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Meta {
    /// The original file.
    #[serde(default)]
    pub original: Option<MetaDimensions>,
    /// The preview.
    #[serde(default)]
    pub small: Option<MetaDimensions>,
    /// Focal point for cropping.
    #[serde(default)]
    pub focus: Option<Focus>,
    /// Duration as text, e.g. `"0:01:28.65"`.
    #[serde(default)]
    pub length: Option<String>,
    /// Duration in seconds.
    #[serde(default)]
    pub duration: Option<f64>,
    /// Frames per second.
    #[serde(default)]
    pub fps: Option<f64>,
    /// `"WIDTHxHEIGHT"`.
    #[serde(default)]
    pub size: Option<String>,
    /// Width in pixels.
    #[serde(default)]
    pub width: Option<u32>,
    /// Height in pixels.
    #[serde(default)]
    pub height: Option<u32>,
    /// Width / height.
    #[serde(default)]
    pub aspect: Option<f64>,
    /// Audio codec description.
    #[serde(default)]
    pub audio_encode: Option<String>,
    /// Audio sample rate description.
    #[serde(default)]
    pub audio_bitrate: Option<String>,
    /// Audio channel layout, e.g. `"stereo"`.
    #[serde(default)]
    pub audio_channels: Option<String>,
}

/// Size and timing of one version (`original` or `small`) of an attachment.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct MetaDimensions {
    /// Width in pixels.
    #[serde(default)]
    pub width: Option<u32>,
    /// Height in pixels.
    #[serde(default)]
    pub height: Option<u32>,
    /// `"WIDTHxHEIGHT"`.
    #[serde(default)]
    pub size: Option<String>,
    /// Width / height.
    #[serde(default)]
    pub aspect: Option<f64>,
    /// Frame rate as a fraction, e.g. `"100/3"`.
    #[serde(default)]
    pub frame_rate: Option<String>,
    /// Duration in seconds.
    #[serde(default)]
    pub duration: Option<f64>,
    /// Bits per second.
    #[serde(default)]
    pub bitrate: Option<u64>,
}

/// Focal point, each coordinate from -1.0 to 1.0 (centre is 0, 0).
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct Focus {
    /// Horizontal position.
    #[serde(default, deserialize_with = "null_default")]
    pub x: f64,
    /// Vertical position.
    #[serde(default, deserialize_with = "null_default")]
    pub y: f64,
}
