//! The [`Draft`]: everything a post will be, kept as data so it can be saved,
//! restored, checked and sent again after a failure.
//!
//! A draft carries an idempotency key made when it is created and kept for
//! its whole life: every attempt to send it (a retry after a timeout, after a
//! crash and a restore) sends the same `Idempotency-Key`, so the server
//! creates the post at most once.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::counter::{self, CharCount};
use super::limits::{Limits, MIN_SCHEDULE_SECS, Problem, Warning};
use crate::entities::{
    AccountId, MediaAttachment, MediaId, Status, StatusId, StatusSource, Visibility,
};

/// A post being written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Draft {
    /// The draft's id, also its file name in the drafts directory.
    pub id: String,
    /// The account it is written as (`user@instance`), when known.
    #[serde(default)]
    pub account: Option<String>,
    /// The text.
    #[serde(default)]
    pub text: String,
    /// The content warning; empty for none.
    #[serde(default)]
    pub cw: String,
    /// Who will see it.
    #[serde(default)]
    pub visibility: Visibility,
    /// ISO 639 language code; `None` lets the server choose.
    #[serde(default)]
    pub language: Option<String>,
    /// Marks the media (or the post) sensitive.
    #[serde(default)]
    pub sensitive: bool,
    /// Attachments, in order.
    #[serde(default)]
    pub media: Vec<DraftMedia>,
    /// A poll (not together with media).
    #[serde(default)]
    pub poll: Option<DraftPoll>,
    /// The post this replies to.
    #[serde(default)]
    pub reply_to: Option<ReplyTo>,
    /// The published post this edits.
    #[serde(default)]
    pub edit_of: Option<StatusId>,
    /// The post this quotes.
    #[serde(default)]
    pub quote_of: Option<QuoteOf>,
    /// Who may quote this post (`public`, `followers`, `nobody`); `None`
    /// keeps the account's default. Sent only to servers with quote posts.
    #[serde(default)]
    pub quote_policy: Option<String>,
    /// When to publish; `None` publishes now.
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub scheduled_at: Option<OffsetDateTime>,
    /// Sent as `Idempotency-Key` with every attempt to post this draft.
    pub idempotency_key: String,
    /// When the draft was started.
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    /// When it last changed.
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
    /// Why the last attempt to post it failed, if it did.
    #[serde(default)]
    pub last_error: Option<String>,
}

/// One attachment of a draft.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DraftMedia {
    /// The local file; `None` for media already on the server (edits, redrafts).
    #[serde(default)]
    pub path: Option<PathBuf>,
    /// The alt text.
    #[serde(default)]
    pub description: String,
    /// Focal point, each coordinate from -1.0 to 1.0.
    #[serde(default)]
    pub focus: Option<(f64, f64)>,
    /// The server's id once uploaded: a retry does not upload it again.
    #[serde(default)]
    pub uploaded: Option<MediaId>,
    /// The description the server has, to know when it must be updated.
    #[serde(default)]
    pub server_description: Option<String>,
    /// The focal point the server has, to know when it must be updated.
    #[serde(default)]
    pub server_focus: Option<(f64, f64)>,
    /// Whether the server has finished processing it.
    #[serde(default)]
    pub processed: bool,
    /// Preview URL, once the server has one.
    #[serde(default)]
    pub preview_url: Option<String>,
}

impl DraftMedia {
    /// A local file to upload, with its alt text.
    pub fn file(path: impl Into<PathBuf>, description: impl Into<String>) -> DraftMedia {
        DraftMedia {
            path: Some(path.into()),
            description: description.into(),
            focus: None,
            uploaded: None,
            server_description: None,
            server_focus: None,
            processed: false,
            preview_url: None,
        }
    }

    /// An attachment that is already on the server.
    pub fn existing(m: &MediaAttachment) -> DraftMedia {
        let description = m.description.clone().unwrap_or_default();
        let focus = m
            .meta
            .as_ref()
            .and_then(|meta| meta.focus)
            .map(|f| (f.x, f.y));
        DraftMedia {
            path: None,
            focus,
            server_focus: focus,
            uploaded: Some(m.id.clone()),
            server_description: Some(description.clone()),
            description,
            processed: true,
            preview_url: m.preview_url.clone().or_else(|| m.url.clone()),
        }
    }

    /// Whether the server's alt text differs from the draft's.
    pub fn description_changed(&self) -> bool {
        self.uploaded.is_some() && self.server_description.as_deref() != Some(&self.description)
    }

    /// Whether the server's alt text or focal point differs from the draft's.
    pub fn attributes_changed(&self) -> bool {
        self.description_changed() || (self.uploaded.is_some() && self.server_focus != self.focus)
    }
}

/// A poll in a draft.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DraftPoll {
    /// The choices.
    pub options: Vec<String>,
    /// Duration in seconds.
    pub expires_in: u64,
    /// Several choices allowed.
    #[serde(default)]
    pub multiple: bool,
    /// Totals hidden until the poll ends.
    #[serde(default)]
    pub hide_totals: bool,
}

impl DraftPoll {
    /// A one-day, single-choice poll (Mastodon's web default).
    pub fn new(options: Vec<String>) -> DraftPoll {
        DraftPoll {
            options,
            expires_in: 24 * 3600,
            multiple: false,
            hide_totals: false,
        }
    }
}

/// The post a quote quotes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuoteOf {
    /// Its id.
    pub id: StatusId,
    /// Its author's `acct`.
    #[serde(default)]
    pub acct: String,
}

/// The post a reply answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReplyTo {
    /// Its id.
    pub id: StatusId,
    /// Its author's `acct`.
    #[serde(default)]
    pub acct: String,
    /// Its visibility: a reply is never more public.
    #[serde(default)]
    pub visibility: Visibility,
    /// The accounts prefilled as mentions (`acct`, without `@`).
    #[serde(default)]
    pub mentions: Vec<String>,
}

/// How public a visibility is: higher is more public. Values this client
/// does not know rank with followers-only, so a reply to such a post never
/// goes public by accident.
fn openness(v: &Visibility) -> u8 {
    match v {
        Visibility::Public => 3,
        Visibility::Unlisted => 2,
        Visibility::Private | Visibility::Other(_) => 1,
        Visibility::Direct => 0,
    }
}

/// The visibility of a reply: the user's choice, unless it is more public
/// than the parent, then the parent's.
pub fn reply_visibility(parent: &Visibility, preferred: &Visibility) -> Visibility {
    if openness(preferred) > openness(parent) {
        match parent {
            Visibility::Other(_) => Visibility::Private,
            p => p.clone(),
        }
    } else {
        preferred.clone()
    }
}

/// Who a reply to `parent` mentions: its author, then everyone it
/// mentions, without `me` and without duplicates (`acct`, no `@`).
pub fn reply_mentions(parent: &Status, me: &AccountId) -> Vec<String> {
    let parent = parent.original();
    let mut out: Vec<String> = Vec::new();
    let candidates = std::iter::once((&parent.account.id, &parent.account.acct))
        .chain(parent.mentions.iter().map(|m| (&m.id, &m.acct)));
    for (id, acct) in candidates {
        if id == me || acct.is_empty() {
            continue;
        }
        if !out.iter().any(|a| a.eq_ignore_ascii_case(acct)) {
            out.push(acct.clone());
        }
    }
    out
}

/// A new random token of `len` URL-safe characters.
fn random_token(len: usize) -> String {
    use rand::Rng;
    const CHARS: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
    let mut rng = rand::rng();
    (0..len)
        .map(|_| CHARS[rng.random_range(0..CHARS.len())] as char)
        .collect()
}

impl Draft {
    /// An empty public draft started at `now`, with a fresh id and idempotency key.
    pub fn new(now: OffsetDateTime) -> Draft {
        Draft {
            id: format!("{:011}-{}", now.unix_timestamp().max(0), random_token(6)),
            account: None,
            text: String::new(),
            cw: String::new(),
            visibility: Visibility::Public,
            language: None,
            sensitive: false,
            media: Vec::new(),
            poll: None,
            reply_to: None,
            edit_of: None,
            quote_of: None,
            quote_policy: None,
            scheduled_at: None,
            idempotency_key: random_token(32),
            created_at: now,
            updated_at: now,
            last_error: None,
        }
    }

    /// A reply to `parent` written by `me`: mentions prefilled, the content
    /// warning inherited, and the visibility `preferred` unless that is more
    /// public than the parent's.
    pub fn reply(
        parent: &Status,
        me: &AccountId,
        preferred: &Visibility,
        now: OffsetDateTime,
    ) -> Draft {
        let original = parent.original();
        let mentions = reply_mentions(original, me);
        let mut d = Draft::new(now);
        d.text = mentions
            .iter()
            .map(|a| format!("@{a} "))
            .collect::<String>();
        d.cw = original.spoiler_text.clone();
        d.visibility = reply_visibility(&original.visibility, preferred);
        d.reply_to = Some(ReplyTo {
            id: original.id.clone(),
            acct: original.account.acct.clone(),
            visibility: original.visibility.clone(),
            mentions,
        });
        d
    }

    /// A post quoting `quoted`. A private post is quoted privately (the
    /// server would refuse more); the quote policy of a private post is
    /// always `nobody` on the server, so none is set.
    pub fn quote(quoted: &Status, preferred: &Visibility, now: OffsetDateTime) -> Draft {
        let original = quoted.original();
        let mut d = Draft::new(now);
        d.visibility = match original.visibility {
            Visibility::Private => reply_visibility(&Visibility::Private, preferred),
            _ => preferred.clone(),
        };
        d.quote_of = Some(QuoteOf {
            id: original.id.clone(),
            acct: original.account.acct.clone(),
        });
        d
    }

    /// A draft editing the published `status`; `source` is its plain text
    /// from `GET /api/v1/statuses/:id/source` (without it, the text is
    /// recovered from the HTML).
    pub fn edit(status: &Status, source: Option<&StatusSource>, now: OffsetDateTime) -> Draft {
        let mut d = Draft::from_status(status, now);
        if let Some(src) = source {
            d.text = src.text.clone();
            d.cw = src.spoiler_text.clone();
        }
        d.edit_of = Some(status.id.clone());
        d
    }

    /// Delete-and-redraft: a new draft from the answer of
    /// `DELETE /api/v1/statuses/:id`, which carries the source `text`; its
    /// media are reattached without a new upload.
    pub fn redraft(deleted: &Status, now: OffsetDateTime) -> Draft {
        Draft::from_status(deleted, now)
    }

    fn from_status(status: &Status, now: OffsetDateTime) -> Draft {
        let mut d = Draft::new(now);
        d.text = status
            .text
            .clone()
            .unwrap_or_else(|| crate::html::html_to_text(&status.content));
        d.cw = status.spoiler_text.clone();
        d.visibility = status.visibility.clone();
        d.language = status.language.clone();
        d.sensitive = status.sensitive;
        d.media = status
            .media_attachments
            .iter()
            .map(DraftMedia::existing)
            .collect();
        d.poll = status.poll.as_ref().map(|p| DraftPoll {
            options: p.options.iter().map(|o| o.title.clone()).collect(),
            expires_in: p
                .expires_at
                .map(|e| (e - now).whole_seconds().max(0) as u64)
                .unwrap_or(24 * 3600),
            multiple: p.multiple,
            hide_totals: false,
        });
        d.reply_to = status.in_reply_to_id.clone().map(|id| ReplyTo {
            id,
            acct: String::new(),
            visibility: status.visibility.clone(),
            mentions: Vec::new(),
        });
        d
    }

    /// Records a change made at `now` (for autosave and the drafts list).
    pub fn touch(&mut self, now: OffsetDateTime) {
        self.updated_at = now;
    }

    /// Nothing worth keeping: no text, no content warning, no media, no poll.
    pub fn is_blank(&self) -> bool {
        let prefilled: String = self
            .reply_to
            .as_ref()
            .map(|r| r.mentions.iter().map(|a| format!("@{a} ")).collect())
            .unwrap_or_default();
        (self.text.trim().is_empty() || self.text.trim() == prefilled.trim())
            && self.cw.trim().is_empty()
            && self.media.is_empty()
            && self.poll.is_none()
    }

    /// The length as the server counts it, against the instance's limit.
    pub fn char_count(&self, limits: &Limits) -> CharCount {
        CharCount {
            used: counter::count(&self.text, &self.cw, limits.characters_reserved_per_url),
            max: limits.max_characters,
        }
    }

    /// Everything that stops this draft from being posted at `now`; empty
    /// when it can be sent. Pure: files are checked when they are attached
    /// ([`super::inspect_file`]).
    pub fn problems(&self, limits: &Limits, now: OffsetDateTime) -> Vec<Problem> {
        let mut out = Vec::new();
        // As on Mastodon: only media make the text optional (a poll needs text).
        if self.text.trim().is_empty() && self.media.is_empty() {
            out.push(Problem::Empty);
        }
        let count = self.char_count(limits);
        if count.is_over() {
            out.push(Problem::TooLong {
                used: count.used,
                max: count.max,
            });
        }
        if self.media.len() > limits.max_media_attachments {
            out.push(Problem::TooManyMedia {
                count: self.media.len(),
                max: limits.max_media_attachments,
            });
        }
        if !self.media.is_empty() && self.poll.is_some() {
            out.push(Problem::MediaAndPoll);
        }
        for (i, m) in self.media.iter().enumerate() {
            let len = m.description.chars().count();
            if len > limits.description_limit {
                out.push(Problem::DescriptionTooLong {
                    index: i + 1,
                    len,
                    max: limits.description_limit,
                });
            }
        }
        if let Some(poll) = &self.poll {
            poll_problems(poll, limits, &mut out);
        }
        if let Some(at) = self.scheduled_at {
            if self.edit_of.is_some() {
                out.push(Problem::ScheduledEdit);
            } else if (at - now).whole_seconds() < MIN_SCHEDULE_SECS {
                out.push(Problem::ScheduleTooSoon);
            }
        }
        out
    }

    /// Advice shown next to the draft; does not block posting.
    pub fn warnings(&self) -> Vec<Warning> {
        self.media
            .iter()
            .enumerate()
            .filter(|(_, m)| m.description.trim().is_empty())
            .map(|(i, _)| Warning::MissingAltText { index: i + 1 })
            .collect()
    }
}

fn poll_problems(poll: &DraftPoll, limits: &Limits, out: &mut Vec<Problem>) {
    if poll.options.len() < 2 {
        out.push(Problem::PollTooFewOptions);
    }
    if poll.options.len() > limits.poll_max_options {
        out.push(Problem::PollTooManyOptions {
            count: poll.options.len(),
            max: limits.poll_max_options,
        });
    }
    for (i, o) in poll.options.iter().enumerate() {
        let len = o.chars().count();
        if o.trim().is_empty() {
            out.push(Problem::PollEmptyOption { index: i + 1 });
        } else if len > limits.poll_max_characters_per_option {
            out.push(Problem::PollOptionTooLong {
                index: i + 1,
                len,
                max: limits.poll_max_characters_per_option,
            });
        }
        if poll.options[..i].iter().any(|p| p.trim() == o.trim()) {
            out.push(Problem::PollDuplicateOption { index: i + 1 });
        }
    }
    if poll.expires_in < limits.poll_min_expiration || poll.expires_in > limits.poll_max_expiration
    {
        out.push(Problem::PollExpiry {
            secs: poll.expires_in,
            min: limits.poll_min_expiration,
            max: limits.poll_max_expiration,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reply_visibility_is_never_more_public() {
        use Visibility::*;
        assert_eq!(reply_visibility(&Public, &Unlisted), Unlisted);
        assert_eq!(reply_visibility(&Private, &Public), Private);
        assert_eq!(reply_visibility(&Direct, &Public), Direct);
        assert_eq!(reply_visibility(&Unlisted, &Direct), Direct);
        assert_eq!(reply_visibility(&Other("local".into()), &Public), Private);
    }

    #[test]
    fn problems_are_found_before_sending() {
        let now = OffsetDateTime::UNIX_EPOCH + time::Duration::days(20_000);
        let limits = Limits::default();
        let mut d = Draft::new(now);
        assert_eq!(d.problems(&limits, now), vec![Problem::Empty]);
        d.text = "x".repeat(501);
        assert!(matches!(
            d.problems(&limits, now)[..],
            [Problem::TooLong {
                used: 501,
                max: 500
            }]
        ));
        d.text = "hi".into();
        d.media.push(DraftMedia::file("/a.png", ""));
        d.poll = Some(DraftPoll::new(vec!["a".into(), "a".into()]));
        let p = d.problems(&limits, now);
        assert!(p.contains(&Problem::MediaAndPoll));
        assert!(p.contains(&Problem::PollDuplicateOption { index: 2 }));
        assert_eq!(d.warnings(), vec![Warning::MissingAltText { index: 1 }]);
        d.media.clear();
        d.poll = None;
        d.scheduled_at = Some(now + time::Duration::minutes(2));
        assert_eq!(d.problems(&limits, now), vec![Problem::ScheduleTooSoon]);
        d.scheduled_at = Some(now + time::Duration::minutes(6));
        assert!(d.problems(&limits, now).is_empty());
    }

    #[test]
    fn keys_and_ids_are_fresh() {
        let now = OffsetDateTime::UNIX_EPOCH;
        let (a, b) = (Draft::new(now), Draft::new(now));
        assert_ne!(a.id, b.id);
        assert_ne!(a.idempotency_key, b.idempotency_key);
        assert_eq!(a.idempotency_key.len(), 32);
    }
}
