//! The instance's limits on a post, and the checks made before any request
//! is sent: a post the server would refuse is refused here, with a message
//! that says what to change.

use std::path::{Path, PathBuf};

use crate::entities::Instance;

/// Mastodon's minimum delay for a scheduled post.
pub const MIN_SCHEDULE_SECS: i64 = 5 * 60;

/// What the instance accepts, from `GET /api/v2/instance` (Mastodon's
/// defaults when a value is missing).
#[derive(Debug, Clone, PartialEq)]
pub struct Limits {
    /// `configuration.statuses.max_characters`.
    pub max_characters: usize,
    /// `configuration.statuses.characters_reserved_per_url`.
    pub characters_reserved_per_url: usize,
    /// `configuration.statuses.max_media_attachments`.
    pub max_media_attachments: usize,
    /// `configuration.media_attachments.supported_mime_types`; empty means unknown (anything goes).
    pub supported_mime_types: Vec<String>,
    /// `configuration.media_attachments.image_size_limit`, in bytes.
    pub image_size_limit: u64,
    /// `configuration.media_attachments.video_size_limit`, in bytes.
    pub video_size_limit: u64,
    /// `configuration.media_attachments.description_limit`, in characters.
    pub description_limit: usize,
    /// `configuration.polls.max_options`.
    pub poll_max_options: usize,
    /// `configuration.polls.max_characters_per_option`.
    pub poll_max_characters_per_option: usize,
    /// `configuration.polls.min_expiration`, in seconds.
    pub poll_min_expiration: u64,
    /// `configuration.polls.max_expiration`, in seconds.
    pub poll_max_expiration: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_characters: 500,
            characters_reserved_per_url: 23,
            max_media_attachments: 4,
            supported_mime_types: Vec::new(),
            image_size_limit: 16 * 1024 * 1024,
            video_size_limit: 99 * 1024 * 1024,
            description_limit: 1500,
            poll_max_options: 4,
            poll_max_characters_per_option: 50,
            poll_min_expiration: 300,
            poll_max_expiration: 2_629_746,
        }
    }
}

fn usize_of(v: Option<u64>, default: usize) -> usize {
    v.and_then(|v| usize::try_from(v).ok()).unwrap_or(default)
}

impl Limits {
    /// The limits an instance announces.
    pub fn from_instance(instance: &Instance) -> Limits {
        let d = Limits::default();
        let c = &instance.configuration;
        Limits {
            max_characters: usize_of(Some(instance.max_characters()), d.max_characters),
            characters_reserved_per_url: usize_of(
                Some(instance.characters_reserved_per_url()),
                d.characters_reserved_per_url,
            ),
            max_media_attachments: usize_of(
                Some(instance.max_media_attachments()),
                d.max_media_attachments,
            ),
            supported_mime_types: c.media_attachments.supported_mime_types.clone(),
            image_size_limit: c
                .media_attachments
                .image_size_limit
                .unwrap_or(d.image_size_limit),
            video_size_limit: c
                .media_attachments
                .video_size_limit
                .unwrap_or(d.video_size_limit),
            description_limit: usize_of(c.media_attachments.description_limit, d.description_limit),
            poll_max_options: usize_of(c.polls.max_options, d.poll_max_options),
            poll_max_characters_per_option: usize_of(
                c.polls.max_characters_per_option,
                d.poll_max_characters_per_option,
            ),
            poll_min_expiration: c.polls.min_expiration.unwrap_or(d.poll_min_expiration),
            poll_max_expiration: c.polls.max_expiration.unwrap_or(d.poll_max_expiration),
        }
    }
}

/// Why a draft cannot be posted as it is. Each message says what to change.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Problem {
    /// No text and no media (a poll needs a text too).
    #[error("the post has no text")]
    Empty,
    /// Over the instance's character limit.
    #[error("the post is {used} characters long; this instance allows {max}")]
    TooLong {
        /// Characters used.
        used: usize,
        /// The limit.
        max: usize,
    },
    /// More attachments than the instance allows.
    #[error("{count} attachments; this instance allows {max}")]
    TooManyMedia {
        /// Attachments in the draft.
        count: usize,
        /// The limit.
        max: usize,
    },
    /// Mastodon takes media or a poll, not both.
    #[error("a post can have media or a poll, not both")]
    MediaAndPoll,
    /// An alt text over the instance's limit.
    #[error("the description of attachment {index} is {len} characters long; the limit is {max}")]
    DescriptionTooLong {
        /// 1-based attachment number.
        index: usize,
        /// Its length.
        len: usize,
        /// The limit.
        max: usize,
    },
    /// Fewer than two poll options.
    #[error("a poll needs at least two options")]
    PollTooFewOptions,
    /// More poll options than the instance allows.
    #[error("{count} poll options; this instance allows {max}")]
    PollTooManyOptions {
        /// Options in the draft.
        count: usize,
        /// The limit.
        max: usize,
    },
    /// A blank poll option.
    #[error("poll option {index} is empty")]
    PollEmptyOption {
        /// 1-based option number.
        index: usize,
    },
    /// A poll option over the length limit.
    #[error("poll option {index} is {len} characters long; the limit is {max}")]
    PollOptionTooLong {
        /// 1-based option number.
        index: usize,
        /// Its length.
        len: usize,
        /// The limit.
        max: usize,
    },
    /// The same option twice.
    #[error("poll option {index} repeats an earlier one")]
    PollDuplicateOption {
        /// 1-based option number.
        index: usize,
    },
    /// The poll's duration is outside the instance's bounds.
    #[error("a poll must last between {min} s and {max} s (this one: {secs} s)")]
    PollExpiry {
        /// The requested duration.
        secs: u64,
        /// The minimum.
        min: u64,
        /// The maximum.
        max: u64,
    },
    /// A scheduled time less than five minutes ahead.
    #[error("a post can only be scheduled at least 5 minutes ahead")]
    ScheduleTooSoon,
    /// Published posts are edited, not scheduled.
    #[error("an edit cannot be scheduled")]
    ScheduledEdit,
    /// A file to attach cannot be read.
    #[error("cannot read {}: {message}", path.display())]
    File {
        /// The file.
        path: PathBuf,
        /// Why.
        message: String,
    },
    /// A file over the instance's size limit.
    #[error("{} is {size} bytes; this instance accepts {kind} up to {max} bytes", path.display())]
    FileTooLarge {
        /// The file.
        path: PathBuf,
        /// Its size.
        size: u64,
        /// `images` or `videos`.
        kind: &'static str,
        /// The limit.
        max: u64,
    },
    /// A file type the instance does not take.
    #[error("{} is {mime}, which this instance does not accept", path.display())]
    UnsupportedType {
        /// The file.
        path: PathBuf,
        /// Its type, guessed from the extension.
        mime: String,
    },
}

/// Advice that does not block posting.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Warning {
    /// An attachment without alt text.
    #[error("attachment {index} has no description (alt text)")]
    MissingAltText {
        /// 1-based attachment number.
        index: usize,
    },
}

/// A local file checked against the limits, ready to upload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MediaFile {
    /// Where it is.
    pub path: PathBuf,
    /// Its size in bytes.
    pub size: u64,
    /// Its type, from the extension.
    pub mime: String,
}

/// The MIME type of a file from its extension (`application/octet-stream`
/// when unknown: the server then decides).
pub fn mime_for(path: &Path) -> &'static str {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    match ext.as_str() {
        "jpg" | "jpeg" => "image/jpeg",
        "png" => "image/png",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "heic" => "image/heic",
        "heif" => "image/heif",
        "avif" => "image/avif",
        "mp4" | "m4v" => "video/mp4",
        "mov" => "video/quicktime",
        "webm" => "video/webm",
        "mp3" => "audio/mpeg",
        "ogg" | "oga" => "audio/ogg",
        "opus" => "audio/opus",
        "wav" => "audio/wave",
        "flac" => "audio/flac",
        "m4a" => "audio/mp4",
        "aac" => "audio/aac",
        _ => "application/octet-stream",
    }
}

/// Checks a file before it is attached: readable, of a type the instance
/// takes, and within its size limit. Reads the file's metadata only.
pub fn inspect_file(path: &Path, limits: &Limits) -> Result<MediaFile, Problem> {
    let meta = std::fs::metadata(path).map_err(|e| Problem::File {
        path: path.to_path_buf(),
        message: e.to_string(),
    })?;
    if !meta.is_file() {
        return Err(Problem::File {
            path: path.to_path_buf(),
            message: "not a regular file".into(),
        });
    }
    let mime = mime_for(path).to_string();
    let known = mime != "application/octet-stream";
    if known
        && !limits.supported_mime_types.is_empty()
        && !limits.supported_mime_types.contains(&mime)
    {
        return Err(Problem::UnsupportedType {
            path: path.to_path_buf(),
            mime,
        });
    }
    let (kind, max) = if mime.starts_with("image/") {
        ("images", limits.image_size_limit)
    } else {
        ("videos", limits.video_size_limit)
    };
    if meta.len() > max {
        return Err(Problem::FileTooLarge {
            path: path.to_path_buf(),
            size: meta.len(),
            kind,
            max,
        });
    }
    Ok(MediaFile {
        path: path.to_path_buf(),
        size: meta.len(),
        mime,
    })
}
