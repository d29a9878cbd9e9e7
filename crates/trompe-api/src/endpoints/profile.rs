//! The user's own profile: `PATCH /api/v1/accounts/update_credentials`.
//!
//! Only the fields set in a [`CredentialsUpdate`] are sent. The request is
//! a form (`application/x-www-form-urlencoded`, which every server reads,
//! with Mastodon's bracketed keys: `fields_attributes[0][name]`,
//! `source[privacy]`), or `multipart/form-data` with the same keys when an
//! avatar or header file goes along. [`CredentialsUpdate::pairs`] is the
//! whole encoding of the text part, so it is unit-testable.

use std::sync::Arc;

use reqwest::Method;
use reqwest::multipart::{Form, Part};
use serde::de::DeserializeOwned;

use crate::client::decode;
use crate::entities::{Account, Visibility};
use crate::{ApiError, Client};

/// The most profile fields Mastodon keeps.
pub const MAX_FIELDS: usize = 4;

/// The largest avatar or header Mastodon accepts (8 MB).
pub const MAX_IMAGE_BYTES: usize = 8 * 1024 * 1024;

/// An avatar or header image, checked by [`ProfileImage::from_bytes`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProfileImage {
    /// The file name sent to the server.
    pub file_name: String,
    /// Its MIME type, from its first bytes.
    pub mime: &'static str,
    /// The content.
    pub data: Arc<Vec<u8>>,
}

/// Why a file cannot be an avatar or header.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImageError {
    /// The file could not be read (missing, a directory, no permission).
    #[error("cannot read {path}: {message}")]
    Unreadable { path: String, message: String },
    /// The file is empty.
    #[error("{path} is empty")]
    Empty { path: String },
    /// The file is larger than the server accepts.
    #[error("{path} is {size} bytes; avatars and headers must be at most 8 MB")]
    TooLarge { path: String, size: u64 },
    /// The content is not a PNG, JPEG, GIF or WebP image.
    #[error("{path} is not a PNG, JPEG, GIF or WebP image")]
    NotAnImage { path: String },
}

/// A profile change that failed: a file refused before any request, or
/// the server's answer.
#[derive(Debug, Clone, thiserror::Error)]
pub enum ProfileError {
    /// The avatar or header file is not usable.
    #[error(transparent)]
    Image(#[from] ImageError),
    /// The request failed or the server refused it.
    #[error(transparent)]
    Api(#[from] ApiError),
}

/// The image type of `data` from its first bytes: PNG, JPEG, GIF or WebP.
pub fn sniff_image(data: &[u8]) -> Option<&'static str> {
    if data.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if data.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if data.starts_with(b"GIF87a") || data.starts_with(b"GIF89a") {
        Some("image/gif")
    } else if data.len() >= 12 && &data[..4] == b"RIFF" && &data[8..12] == b"WEBP" {
        Some("image/webp")
    } else {
        None
    }
}

impl ProfileImage {
    /// Checks the content of the file at `path` (shown in errors): not
    /// empty, at most [`MAX_IMAGE_BYTES`], and an image by its first bytes.
    pub fn from_bytes(path: &str, data: Vec<u8>) -> Result<ProfileImage, ImageError> {
        let path_s = path.to_string();
        if data.is_empty() {
            return Err(ImageError::Empty { path: path_s });
        }
        if data.len() > MAX_IMAGE_BYTES {
            return Err(ImageError::TooLarge {
                path: path_s,
                size: data.len() as u64,
            });
        }
        let mime = sniff_image(&data).ok_or(ImageError::NotAnImage {
            path: path_s.clone(),
        })?;
        let ext = mime.trim_start_matches("image/").replace("jpeg", "jpg");
        let file_name = std::path::Path::new(path)
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| format!("image.{ext}"));
        Ok(ProfileImage {
            file_name,
            mime,
            data: Arc::new(data),
        })
    }

    /// Reads and checks the file at `path` (a leading `~/` is the home
    /// directory). The size is checked before the file is read.
    pub async fn read(path: &str) -> Result<ProfileImage, ImageError> {
        let expanded = crate::config::expand_home(path);
        let unreadable = |e: std::io::Error| ImageError::Unreadable {
            path: path.to_string(),
            message: e.to_string(),
        };
        let meta = tokio::fs::metadata(&expanded).await.map_err(unreadable)?;
        if !meta.is_file() {
            return Err(ImageError::Unreadable {
                path: path.to_string(),
                message: "not a file".into(),
            });
        }
        if meta.len() > MAX_IMAGE_BYTES as u64 {
            return Err(ImageError::TooLarge {
                path: path.to_string(),
                size: meta.len(),
            });
        }
        let data = tokio::fs::read(&expanded).await.map_err(unreadable)?;
        ProfileImage::from_bytes(path, data)
    }
}

/// A change to the user's profile and posting defaults; `None` leaves a
/// value as it is.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CredentialsUpdate {
    /// Display name (Mastodon: at most 30 characters).
    pub display_name: Option<String>,
    /// Bio, plain text (Mastodon: at most 500 characters).
    pub note: Option<String>,
    /// All the profile fields, as (name, value); they replace the current
    /// ones, so an empty list removes them all.
    pub fields: Option<Vec<(String, String)>>,
    /// A new avatar.
    pub avatar: Option<ProfileImage>,
    /// A new header.
    pub header: Option<ProfileImage>,
    /// Follow requests need approval.
    pub locked: Option<bool>,
    /// The account is automated.
    pub bot: Option<bool>,
    /// The account is featured in discovery.
    pub discoverable: Option<bool>,
    /// Default visibility of new posts.
    pub privacy: Option<Visibility>,
    /// Default language of new posts (ISO 639-1).
    pub language: Option<String>,
    /// New posts are sensitive by default.
    pub sensitive: Option<bool>,
}

fn flag(b: bool) -> String {
    if b { "true" } else { "false" }.to_string()
}

impl CredentialsUpdate {
    /// Nothing would change.
    pub fn is_empty(&self) -> bool {
        *self == CredentialsUpdate::default()
    }

    /// Whether a file goes along (the request is multipart then).
    pub fn has_files(&self) -> bool {
        self.avatar.is_some() || self.header.is_some()
    }

    /// The text parameters, in a fixed order. Clearing every field sends
    /// one empty pair, which Mastodon reads as "no fields" (an absent
    /// `fields_attributes` would leave them as they are).
    pub fn pairs(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        let mut put = |k: &str, v: String| out.push((k.to_string(), v));
        if let Some(v) = &self.display_name {
            put("display_name", v.clone());
        }
        if let Some(v) = &self.note {
            put("note", v.clone());
        }
        if let Some(b) = self.locked {
            put("locked", flag(b));
        }
        if let Some(b) = self.bot {
            put("bot", flag(b));
        }
        if let Some(b) = self.discoverable {
            put("discoverable", flag(b));
        }
        if let Some(fields) = &self.fields {
            if fields.is_empty() {
                put("fields_attributes[0][name]", String::new());
                put("fields_attributes[0][value]", String::new());
            }
            for (i, (name, value)) in fields.iter().enumerate() {
                put(&format!("fields_attributes[{i}][name]"), name.clone());
                put(&format!("fields_attributes[{i}][value]"), value.clone());
            }
        }
        if let Some(v) = &self.privacy {
            put("source[privacy]", v.as_str().to_string());
        }
        if let Some(v) = &self.language {
            put("source[language]", v.clone());
        }
        if let Some(b) = self.sensitive {
            put("source[sensitive]", flag(b));
        }
        out
    }

    /// The multipart body: the text pairs, then the files.
    fn multipart(&self) -> Result<Form, ApiError> {
        let mut form = Form::new();
        for (k, v) in self.pairs() {
            form = form.text(k, v);
        }
        for (name, image) in [("avatar", &self.avatar), ("header", &self.header)] {
            if let Some(img) = image {
                let part = Part::bytes(img.data.as_ref().clone())
                    .file_name(img.file_name.clone())
                    .mime_str(img.mime)
                    .map_err(|_| ApiError::Network(format!("invalid media type `{}`", img.mime)))?;
                form = form.part(name, part);
            }
        }
        Ok(form)
    }
}

/// The path of the endpoint.
const PATH: &str = "api/v1/accounts/update_credentials";

impl Client {
    /// `PATCH /api/v1/accounts/update_credentials`: changes the profile and
    /// answers with the account as `verify_credentials` does (with `source`).
    pub async fn update_credentials(
        &self,
        update: &CredentialsUpdate,
    ) -> Result<Account, ApiError> {
        self.update_credentials_as(update).await
    }

    /// [`Client::update_credentials`], decoded as `T` (`serde_json::Value`
    /// keeps every field the server sent).
    pub async fn update_credentials_as<T: DeserializeOwned>(
        &self,
        update: &CredentialsUpdate,
    ) -> Result<T, ApiError> {
        let rb = self.request(Method::PATCH, self.url(PATH)?);
        let rb = if update.has_files() {
            rb.multipart(update.multipart()?)
        } else {
            rb.form(&update.pairs())
        };
        let (_, body) = self.send(rb, PATH).await?;
        decode(PATH, &body)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";

    #[test]
    fn only_set_values_are_sent_with_mastodon_keys() {
        assert!(CredentialsUpdate::default().pairs().is_empty());
        let u = CredentialsUpdate {
            display_name: Some("Ada".into()),
            fields: Some(vec![("Site".into(), "https://a.example".into())]),
            locked: Some(true),
            privacy: Some(Visibility::Unlisted),
            language: Some("fr".into()),
            sensitive: Some(false),
            ..Default::default()
        };
        let pairs = u.pairs();
        let p: Vec<(&str, &str)> = pairs
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        assert_eq!(
            p,
            vec![
                ("display_name", "Ada"),
                ("locked", "true"),
                ("fields_attributes[0][name]", "Site"),
                ("fields_attributes[0][value]", "https://a.example"),
                ("source[privacy]", "unlisted"),
                ("source[language]", "fr"),
                ("source[sensitive]", "false"),
            ]
        );
        assert!(!u.has_files());
    }

    #[test]
    fn clearing_all_fields_sends_one_empty_field() {
        let u = CredentialsUpdate {
            fields: Some(vec![]),
            ..Default::default()
        };
        assert_eq!(
            u.pairs(),
            vec![
                ("fields_attributes[0][name]".to_string(), String::new()),
                ("fields_attributes[0][value]".to_string(), String::new()),
            ]
        );
    }

    #[test]
    fn images_are_checked_by_content() {
        let img = ProfileImage::from_bytes("/tmp/me.png", PNG.to_vec()).unwrap();
        assert_eq!(img.mime, "image/png");
        assert_eq!(img.file_name, "me.png");
        assert!(matches!(
            ProfileImage::from_bytes("x.png", b"hello".to_vec()),
            Err(ImageError::NotAnImage { .. })
        ));
        assert!(matches!(
            ProfileImage::from_bytes("x.png", vec![]),
            Err(ImageError::Empty { .. })
        ));
        let mut big = PNG.to_vec();
        big.resize(MAX_IMAGE_BYTES + 1, 0);
        assert!(matches!(
            ProfileImage::from_bytes("x.png", big),
            Err(ImageError::TooLarge { .. })
        ));
        assert_eq!(sniff_image(b"GIF89a...."), Some("image/gif"));
        assert_eq!(sniff_image(b"RIFF\0\0\0\0WEBPVP8 "), Some("image/webp"));
        assert_eq!(sniff_image(&[0xFF, 0xD8, 0xFF, 0xE0]), Some("image/jpeg"));
    }

    #[tokio::test]
    async fn missing_files_are_reported_before_any_request() {
        let e = ProfileImage::read("/nonexistent/trompe/avatar.png")
            .await
            .unwrap_err();
        assert!(
            e.to_string()
                .starts_with("cannot read /nonexistent/trompe/avatar.png"),
            "{e}"
        );
        let dir = tempfile::tempdir().unwrap();
        let e = ProfileImage::read(dir.path().to_str().unwrap())
            .await
            .unwrap_err();
        assert!(e.to_string().contains("not a file"), "{e}");
    }

    #[test]
    fn a_leading_tilde_is_home() {
        let home = std::env::var("HOME").unwrap_or_default();
        if !home.is_empty() {
            assert_eq!(
                crate::config::expand_home("~/a.png"),
                std::path::Path::new(&home).join("a.png")
            );
        }
        assert_eq!(
            crate::config::expand_home("a~/b"),
            std::path::PathBuf::from("a~/b")
        );
        assert_eq!(
            crate::config::expand_home("~bob/x"),
            std::path::PathBuf::from("~bob/x")
        );
    }
}
