//! Sending a draft: check it, upload what is not uploaded yet (waiting for
//! the server to process it), bring alt texts up to date, then post, edit
//! or schedule it.
//!
//! Every step writes its result back into the draft (uploaded media ids,
//! the descriptions the server has, the last error), so a draft kept after
//! a failure is retried from where it stopped: nothing is uploaded twice,
//! and the post carries the draft's idempotency key, so it is created at
//! most once however many times it is retried.

use std::sync::Arc;

use time::OffsetDateTime;

use super::draft::Draft;
use super::limits::{Limits, Problem, mime_for};
use crate::endpoints::compose::{EditParams, MediaAttribute, PollParams, Posted, StatusParams};
use crate::endpoints::media::{ProcessingWait, Upload, focus_string};
use crate::entities::{ScheduledStatus, Status};
use crate::{ApiError, Client};

/// Where a send is, for a progress display.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SendProgress {
    /// Uploading attachment `index` (1-based) of `count`: `sent` of `total` bytes.
    Uploading {
        /// 1-based attachment number.
        index: usize,
        /// Attachments to upload in all.
        count: usize,
        /// Bytes sent.
        sent: u64,
        /// Bytes in the file.
        total: u64,
    },
    /// Waiting for the server to process attachment `index`.
    Processing {
        /// 1-based attachment number.
        index: usize,
    },
    /// Sending the post itself.
    Posting,
}

/// Receives [`SendProgress`] updates (from any task).
pub type OnProgress = Arc<dyn Fn(SendProgress) + Send + Sync>;

/// What the server made of the draft.
#[derive(Debug, Clone, PartialEq)]
pub enum Sent {
    /// A new post, published.
    Posted(Box<Status>),
    /// The edited post.
    Edited(Box<Status>),
    /// A post scheduled for later.
    Scheduled(Box<ScheduledStatus>),
}

impl Sent {
    /// The web address of the post, when it has one (a scheduled post has none yet).
    pub fn url(&self) -> Option<&str> {
        match self {
            Sent::Posted(s) | Sent::Edited(s) => s.url.as_deref().or(Some(s.uri.as_str())),
            Sent::Scheduled(_) => None,
        }
    }
}

/// Why a draft was not sent. The draft itself is untouched except for what
/// succeeded (uploads) and `last_error`.
#[derive(Debug, Clone, thiserror::Error)]
pub enum SendError {
    /// Refused before any request: the server would refuse it too.
    #[error("{}", join(.0))]
    Invalid(Vec<Problem>),
    /// An attachment's file could not be read.
    #[error("attachment {index}: cannot read {path}: {message}")]
    File {
        /// 1-based attachment number.
        index: usize,
        /// The file.
        path: String,
        /// Why.
        message: String,
    },
    /// An attachment could not be uploaded or updated.
    #[error("attachment {index}: {source}")]
    Media {
        /// 1-based attachment number.
        index: usize,
        /// The server's answer.
        source: ApiError,
    },
    /// The server is still processing an attachment.
    #[error(
        "attachment {index} is still being processed by the server; try again in a moment (it will not be uploaded again)"
    )]
    Processing {
        /// 1-based attachment number.
        index: usize,
    },
    /// The post (or edit) itself failed.
    #[error("{0}")]
    Api(ApiError),
}

fn join(problems: &[Problem]) -> String {
    problems
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("; ")
}

impl SendError {
    /// The API error behind this failure, if one.
    pub fn api_error(&self) -> Option<&ApiError> {
        match self {
            SendError::Media { source, .. } => Some(source),
            SendError::Api(e) => Some(e),
            _ => None,
        }
    }
}

/// The poll parameters of a draft.
fn poll_params(draft: &Draft) -> Option<PollParams> {
    draft.poll.as_ref().map(|p| PollParams {
        options: p.options.iter().map(|o| o.trim().to_string()).collect(),
        expires_in: p.expires_in,
        multiple: p.multiple,
        hide_totals: p.hide_totals,
    })
}

/// The body of the new post a draft makes (uploaded media only).
pub fn status_params(draft: &Draft) -> StatusParams {
    StatusParams {
        status: draft.text.clone(),
        media_ids: draft
            .media
            .iter()
            .filter_map(|m| m.uploaded.clone())
            .collect(),
        poll: poll_params(draft),
        in_reply_to_id: draft.reply_to.as_ref().map(|r| r.id.clone()),
        sensitive: draft.sensitive,
        spoiler_text: draft.cw.clone(),
        visibility: Some(draft.visibility.clone()),
        language: draft.language.clone(),
        scheduled_at: draft.scheduled_at,
        quoted_status_id: draft.quote_of.as_ref().map(|q| q.id.clone()),
        quote_approval_policy: draft.quote_policy.clone(),
    }
}

/// The body of the edit a draft makes: every attachment it keeps, and the
/// alt texts that changed.
pub fn edit_params(draft: &Draft) -> EditParams {
    EditParams {
        status: draft.text.clone(),
        spoiler_text: draft.cw.clone(),
        sensitive: draft.sensitive,
        language: draft.language.clone(),
        media_ids: draft
            .media
            .iter()
            .filter_map(|m| m.uploaded.clone())
            .collect(),
        media_attributes: draft
            .media
            .iter()
            .filter(|m| m.attributes_changed())
            .filter_map(|m| {
                Some(MediaAttribute {
                    id: m.uploaded.clone()?,
                    description: m.description.clone(),
                    focus: m.focus.map(focus_string),
                })
            })
            .collect(),
        poll: poll_params(draft),
    }
}

/// Sends `draft`: checks it against `limits` at `now`, uploads its new
/// media, then posts, edits or schedules it. On failure the error is also
/// recorded in `draft.last_error`; the caller keeps (saves) the draft.
pub async fn send(
    client: &Client,
    draft: &mut Draft,
    limits: &Limits,
    now: OffsetDateTime,
    wait: &ProcessingWait,
    progress: Option<OnProgress>,
) -> Result<Sent, SendError> {
    let result = send_inner(client, draft, limits, now, wait, progress).await;
    draft.last_error = result.as_ref().err().map(ToString::to_string);
    result
}

async fn send_inner(
    client: &Client,
    draft: &mut Draft,
    limits: &Limits,
    now: OffsetDateTime,
    wait: &ProcessingWait,
    progress: Option<OnProgress>,
) -> Result<Sent, SendError> {
    let problems = draft.problems(limits, now);
    if !problems.is_empty() {
        return Err(SendError::Invalid(problems));
    }
    let report = |p: SendProgress| {
        if let Some(f) = &progress {
            f(p);
        }
    };
    upload_all(client, draft, wait, &progress).await?;
    report(SendProgress::Posting);
    if let Some(id) = draft.edit_of.clone() {
        let status = client
            .edit_status(&id, &edit_params(draft))
            .await
            .map_err(SendError::Api)?;
        sync_media(draft, &status);
        return Ok(Sent::Edited(Box::new(status)));
    }
    match client
        .post_status(&status_params(draft), &draft.idempotency_key)
        .await
        .map_err(SendError::Api)?
    {
        Posted::Status(s) => Ok(Sent::Posted(s)),
        Posted::Scheduled(s) => Ok(Sent::Scheduled(s)),
    }
}

/// Records what the server now has for each attachment.
fn sync_media(draft: &mut Draft, status: &Status) {
    for m in &mut draft.media {
        if let Some(att) = status
            .media_attachments
            .iter()
            .find(|a| Some(&a.id) == m.uploaded.as_ref())
        {
            m.server_description = Some(att.description.clone().unwrap_or_default());
            m.server_focus = m.focus;
        }
    }
}

async fn upload_all(
    client: &Client,
    draft: &mut Draft,
    wait: &ProcessingWait,
    progress: &Option<OnProgress>,
) -> Result<(), SendError> {
    let count = draft.media.len();
    let editing = draft.edit_of.is_some();
    for (i, m) in draft.media.iter_mut().enumerate() {
        let index = i + 1;
        let media_err = |source| SendError::Media { index, source };
        if m.uploaded.is_none() {
            let Some(path) = m.path.clone() else {
                return Err(SendError::File {
                    index,
                    path: String::new(),
                    message: "no file and no uploaded media".into(),
                });
            };
            let data = tokio::fs::read(&path).await.map_err(|e| SendError::File {
                index,
                path: path.display().to_string(),
                message: e.to_string(),
            })?;
            let upload = Upload {
                file_name: path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_else(|| "upload".into()),
                data: Arc::new(data),
                mime: mime_for(&path).to_string(),
                description: Some(m.description.clone()),
                focus: m.focus,
            };
            let on_bytes = progress.clone().map(|f| {
                Arc::new(move |sent, total| {
                    f(SendProgress::Uploading {
                        index,
                        count,
                        sent,
                        total,
                    })
                }) as crate::endpoints::media::Progress
            });
            let att = client
                .upload_media(&upload, on_bytes)
                .await
                .map_err(media_err)?;
            m.uploaded = Some(att.id.clone());
            m.server_description = Some(att.description.clone().unwrap_or_default());
            m.server_focus = m.focus;
            m.processed = att.url.is_some();
            m.preview_url = att.preview_url.clone().or(att.url.clone());
        }
        let Some(id) = m.uploaded.clone() else {
            continue;
        };
        if !m.processed {
            if let Some(f) = progress {
                f(SendProgress::Processing { index });
            }
            let pending = client.media(&id).await.map_err(media_err)?;
            let done = match client.wait_for_media(pending, wait).await {
                Ok(done) => done,
                Err(ApiError::Timeout) => return Err(SendError::Processing { index }),
                Err(e) => return Err(media_err(e)),
            };
            m.processed = true;
            m.preview_url = done.preview_url.clone().or(done.url.clone());
        }
        // Alt text or focal point changed after the upload: an edit carries
        // them in `media_attributes`, a new post updates the attachment first.
        if !editing && m.attributes_changed() {
            let att = client
                .update_media(&id, Some(&m.description), m.focus)
                .await
                .map_err(media_err)?;
            m.server_description = Some(att.description.unwrap_or_default());
            m.server_focus = m.focus;
        }
    }
    Ok(())
}
