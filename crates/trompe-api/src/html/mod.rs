//! Everything that turns server-provided text into something safe to put on
//! the terminal.
//!
//! * [`sanitize()`] / [`sanitize_line()`]: the one sanitiser for remote strings
//!   (control characters, escape sequences with their payload, bidi
//!   controls). Every string that came from a server goes through it (the
//!   renderers below already do).
//! * [`render_html`] / [`Document`]: status HTML → [`RichText`], lines of
//!   semantically styled spans wrapped to a width, plus a link table. This
//!   module knows nothing about ratatui: the UI maps [`SpanStyle`] to its
//!   theme.
//! * [`wrap_text`], [`truncate_to_width`], [`display_width`]: plain text
//!   layout by display width and grapheme cluster.
//! * [`strip_html`] (one line) and [`html_to_text`] (with line breaks): plain
//!   text of an HTML fragment.

mod bidi;
mod prep;
mod render;
mod sanitize;
mod scan;
mod strip;
mod wrap;

pub use bidi::{has_rtl, visual, visual_spans, visual_str};
pub use render::{
    Document, Link, LinkKind, LinkMarkers, LinkRef, RenderOptions, RichText, SpanStyle, StyledLine,
    StyledSpan, render_html, render_html_with,
};
pub use sanitize::{sanitize, sanitize_line};
pub use strip::{html_to_text, strip_html};
pub use wrap::{PLACEHOLDER, display_width, truncate_to_width, wrap_text};
