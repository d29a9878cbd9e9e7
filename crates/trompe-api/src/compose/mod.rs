//! Composing posts without a UI: the character counter (the server's
//! rules), the [`Draft`] model, the checks made before sending, drafts on
//! disk with a debounced autosave, sending a draft (uploads, then the post
//! or the edit), and reading times and durations as users type them.
//!
//! Must not import ratatui or crossterm: the compose pane in `ui/` and
//! `trompe post` both use it. Everything but [`send()`] and the
//! [`DraftStore`] is pure.

pub mod counter;
pub mod draft;
pub mod drafts;
pub mod language;
pub mod limits;
pub mod send;
pub mod when;

pub use counter::{CharCount, Entity, EntityKind, count, entities};
pub use draft::{Draft, DraftMedia, DraftPoll, QuoteOf, ReplyTo, reply_mentions, reply_visibility};
pub use drafts::{Autosave, DraftStore, DraftsError, should_autosave};
pub use language::{default_language, language_from_env, language_of_locale};
pub use limits::{Limits, MediaFile, Problem, Warning, inspect_file, mime_for};
pub use send::{OnProgress, SendError, SendProgress, Sent, edit_params, send, status_params};
pub use when::{WhenError, Zone, format_local, parse_duration, parse_schedule};
