//! Media: upload (`POST /api/v2/media`, multipart), waiting for the server
//! to process it, and updating its description and focal point.
//!
//! Mastodon answers an upload with 202 and `url: null` while it is still
//! processing the file, then `GET /api/v1/media/:id` answers 206 until it is
//! done and 200 after. Some servers answer the upload with 200 straight
//! away; both are handled. Servers without v2 get `POST /api/v1/media`.

use std::sync::Arc;
use std::time::Duration;

use reqwest::Method;
use reqwest::multipart::{Form, Part};
use serde::Serialize;

use super::call::{Call, seg};
use super::compose::json_body;
use crate::client::decode;
use crate::entities::{MediaAttachment, MediaId};
use crate::{ApiError, Client};

/// Called with (bytes sent, total bytes) while an upload is in flight.
pub type Progress = Arc<dyn Fn(u64, u64) + Send + Sync>;

/// A file to upload.
#[derive(Debug, Clone)]
pub struct Upload {
    /// The file name sent to the server.
    pub file_name: String,
    /// The content.
    pub data: Arc<Vec<u8>>,
    /// Its MIME type.
    pub mime: String,
    /// Alt text.
    pub description: Option<String>,
    /// Focal point, each coordinate from -1.0 to 1.0.
    pub focus: Option<(f64, f64)>,
}

/// How long to wait for the server to process an upload: polls start after
/// `initial`, the delay grows by half each time up to `max_delay`, and the
/// wait gives up after `timeout`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ProcessingWait {
    /// First delay.
    pub initial: Duration,
    /// Longest delay between two polls.
    pub max_delay: Duration,
    /// Give up after this long.
    pub timeout: Duration,
}

impl Default for ProcessingWait {
    fn default() -> Self {
        ProcessingWait {
            initial: Duration::from_millis(200),
            max_delay: Duration::from_secs(2),
            timeout: Duration::from_secs(120),
        }
    }
}

/// Size of the pieces an upload is streamed in (and progress reported for).
const CHUNK: usize = 64 * 1024;

/// The `focus` parameter for a focal point (`"x,y"`).
pub fn focus_string(focus: (f64, f64)) -> String {
    format!("{:.2},{:.2}", focus.0, focus.1)
}

fn upload_form(upload: &Upload, progress: Option<Progress>) -> Result<Form, ApiError> {
    let data = upload.data.clone();
    let total = data.len() as u64;
    let ranges: Vec<(usize, usize)> = (0..data.len())
        .step_by(CHUNK)
        .map(|start| (start, (start + CHUNK).min(data.len())))
        .collect();
    let stream = futures::stream::iter(ranges.into_iter().map(move |(a, b)| {
        if let Some(p) = &progress {
            p(b as u64, total);
        }
        Ok::<Vec<u8>, std::io::Error>(data[a..b].to_vec())
    }));
    let part = Part::stream_with_length(reqwest::Body::wrap_stream(stream), total)
        .file_name(upload.file_name.clone())
        .mime_str(&upload.mime)
        .map_err(|_| ApiError::Network(format!("invalid media type `{}`", upload.mime)))?;
    let mut form = Form::new().part("file", part);
    if let Some(d) = upload.description.as_ref().filter(|d| !d.is_empty()) {
        form = form.text("description", d.clone());
    }
    if let Some(f) = upload.focus {
        form = form.text("focus", focus_string(f));
    }
    Ok(form)
}

/// The body of `PUT /api/v1/media/:id`.
#[derive(Serialize)]
struct MediaUpdate<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    focus: Option<String>,
}

impl Client {
    /// Uploads a file. The answer may still be processing (`url` is `None`):
    /// see [`Client::wait_for_media`].
    pub async fn upload_media(
        &self,
        upload: &Upload,
        progress: Option<Progress>,
    ) -> Result<MediaAttachment, ApiError> {
        match self
            .upload_to("api/v2/media", upload, progress.clone())
            .await
        {
            Err(ApiError::NotFound { .. }) => {
                self.upload_to("api/v1/media", upload, progress).await
            }
            other => other,
        }
    }

    async fn upload_to(
        &self,
        path: &str,
        upload: &Upload,
        progress: Option<Progress>,
    ) -> Result<MediaAttachment, ApiError> {
        let rb = self
            .request(Method::POST, self.url(path)?)
            .multipart(upload_form(upload, progress)?);
        let (_, body) = self.send(rb, path).await?;
        decode(path, &body)
    }

    /// `GET /api/v1/media/:id` (206 and no `url` while processing).
    pub async fn media(&self, id: &MediaId) -> Result<MediaAttachment, ApiError> {
        self.call(&Call::media(id)).await
    }

    /// Polls until the server has processed `media` (it has a `url`), with
    /// a growing delay; [`ApiError::Timeout`] when `wait.timeout` passes first.
    pub async fn wait_for_media(
        &self,
        media: MediaAttachment,
        wait: &ProcessingWait,
    ) -> Result<MediaAttachment, ApiError> {
        if media.url.is_some() {
            return Ok(media);
        }
        let started = tokio::time::Instant::now();
        let mut delay = wait.initial;
        loop {
            if started.elapsed() + delay > wait.timeout {
                return Err(ApiError::Timeout);
            }
            tokio::time::sleep(delay).await;
            let m = self.media(&media.id).await?;
            if m.url.is_some() {
                return Ok(m);
            }
            delay = (delay * 3 / 2).min(wait.max_delay);
        }
    }

    /// `PUT /api/v1/media/:id`: changes the alt text and focal point of an
    /// attachment not yet attached to a status.
    pub async fn update_media(
        &self,
        id: &MediaId,
        description: Option<&str>,
        focus: Option<(f64, f64)>,
    ) -> Result<MediaAttachment, ApiError> {
        self.call(&Call::update_media(id, description, focus)?)
            .await
    }
}

impl Call {
    /// `GET /api/v1/media/:id`.
    pub fn media(id: &MediaId) -> Call {
        Call::get(format!("api/v1/media/{}", seg(id.as_str())))
    }

    /// `PUT /api/v1/media/:id` with a new description and focal point.
    pub fn update_media(
        id: &MediaId,
        description: Option<&str>,
        focus: Option<(f64, f64)>,
    ) -> Result<Call, ApiError> {
        let path = format!("api/v1/media/{}", seg(id.as_str()));
        let body = json_body(
            &path,
            &MediaUpdate {
                description,
                focus: focus.map(focus_string),
            },
        )?;
        // A form: mastodon-mock ignores a JSON body here.
        Ok(Call::put(path).json(body).form_encoded())
    }
}
