//! Pre-processing of status HTML before it is parsed.
//!
//! * The raw HTML is sanitised (keeping tabs, which matter in `<pre>`), which
//!   also guarantees it contains no NUL: the renderer uses NUL as a private
//!   marker.
//! * Mastodon's link shortening is applied the way the web UI shows it:
//!   `<span class="invisible">…</span>` is removed and `"…"` is appended to
//!   the content of `<span class="ellipsis">`.
//! * `<ol start="N">` with an absurdly large `N` is reset (html2text does
//!   arithmetic on it that can overflow).
//! * The nesting depth is estimated so that pathologically deep documents
//!   can be rendered as plain text instead (html2text recurses on the tree).

use std::borrow::Cow;

use super::sanitize::{Mode, sanitize_mode};
use super::scan::{Token, Tokens, attr, has_class, is_void};

/// Deeper documents are rendered as plain text.
pub(crate) const MAX_DEPTH: usize = 100;

/// The result of [`prepare`].
pub(crate) struct Prepared<'a> {
    /// The HTML to parse.
    pub html: Cow<'a, str>,
    /// Element nesting exceeds [`MAX_DEPTH`].
    pub too_deep: bool,
}

/// Elements whose end tag may be omitted and which cannot nest directly in
/// themselves: they are not counted for the depth estimate.
fn auto_closing(name: &str) -> bool {
    [
        "p", "li", "dt", "dd", "tr", "td", "th", "thead", "tbody", "tfoot", "option", "optgroup",
    ]
    .iter()
    .any(|n| name.eq_ignore_ascii_case(n))
}

/// Sanitise and rewrite `html` as described in the module docs.
pub(crate) fn prepare(html: &str) -> Prepared<'_> {
    let clean = sanitize_mode(html, Mode::Html);
    let (edited, too_deep) = rewrite(&clean);
    let html = match edited {
        Some(s) => Cow::Owned(s),
        None => clean,
    };
    Prepared { html, too_deep }
}

/// Lazily built copy of a string with edits.
struct Editor<'a> {
    src: &'a str,
    out: Option<String>,
    /// `src[..copied]` has been accounted for in `out`.
    copied: usize,
}

impl Editor<'_> {
    fn sync(&mut self, upto: usize) -> &mut String {
        let src = self.src;
        let copied = self.copied;
        let out = self
            .out
            .get_or_insert_with(|| String::with_capacity(src.len() + 8));
        if upto > copied {
            out.push_str(&src[copied..upto]);
        }
        out
    }

    /// Replace `start..end` with `with`.
    fn replace(&mut self, start: usize, end: usize, with: &str) {
        self.sync(start).push_str(with);
        self.copied = end;
    }

    fn finish(mut self) -> Option<String> {
        if self.out.is_some() {
            let len = self.src.len();
            self.sync(len);
        }
        self.out
    }
}

/// Returns the rewritten HTML if anything changed, and whether the document
/// is too deep.
fn rewrite(src: &str) -> (Option<String>, bool) {
    let mut ed = Editor {
        src,
        out: None,
        copied: 0,
    };
    let mut depth = 0usize;
    let mut too_deep = false;
    // For each open <span>: is it an `ellipsis` span?
    let mut spans: Vec<bool> = Vec::new();
    // Inside an `invisible` span: (start of its start tag, nesting level).
    let mut hidden: Option<(usize, usize)> = None;

    for t in Tokens::new(src) {
        if let Some((from, level)) = hidden.as_mut() {
            match t.token {
                Token::Start {
                    name,
                    self_closing: false,
                    ..
                } if name.eq_ignore_ascii_case("span") => {
                    *level += 1;
                }
                Token::End { name } if name.eq_ignore_ascii_case("span") => {
                    *level -= 1;
                    if *level == 0 {
                        let from = *from;
                        ed.replace(from, t.end, "");
                        hidden = None;
                    }
                }
                _ => {}
            }
            continue;
        }
        match t.token {
            Token::Start {
                name,
                attrs,
                self_closing,
            } => {
                if name.eq_ignore_ascii_case("span") && !self_closing {
                    let class = attr(attrs, "class").unwrap_or("");
                    if has_class(class, "invisible") {
                        hidden = Some((t.start, 1));
                        continue;
                    }
                    spans.push(has_class(class, "ellipsis"));
                } else if name.eq_ignore_ascii_case("ol")
                    && attr(attrs, "start")
                        .and_then(|v| v.parse::<i64>().ok())
                        .is_some_and(|n| n > 1_000_000_000)
                {
                    ed.replace(t.start, t.end, "<ol>");
                }
                if !is_void(name) && !auto_closing(name) {
                    depth += 1;
                    too_deep |= depth > MAX_DEPTH;
                }
            }
            Token::End { name } => {
                if name.eq_ignore_ascii_case("span") && spans.pop() == Some(true) {
                    ed.replace(t.start, t.start, "…");
                }
                if !is_void(name) && !auto_closing(name) {
                    depth = depth.saturating_sub(1);
                }
            }
            Token::Text(_) | Token::Other => {}
        }
    }
    if let Some((from, _)) = hidden {
        // Unterminated invisible span: hide the rest.
        ed.replace(from, src.len(), "");
    }
    (ed.finish(), too_deep)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mastodon_link() {
        let h = r#"<p><a href="https://example.com/very/long" rel="nofollow noopener" target="_blank"><span class="invisible">https://</span><span class="ellipsis">example.com/very</span><span class="invisible">/long</span></a></p>"#;
        let p = prepare(h);
        assert_eq!(
            p.html,
            r#"<p><a href="https://example.com/very/long" rel="nofollow noopener" target="_blank"><span class="ellipsis">example.com/very…</span></a></p>"#
        );
        assert!(!p.too_deep);
    }

    #[test]
    fn untouched_is_borrowed() {
        let h = r#"<p>Hello <span class="h-card"><a href="https://x/@bob" class="u-url mention">@<span>bob</span></a></span></p>"#;
        assert!(matches!(prepare(h).html, Cow::Borrowed(_)));
    }

    #[test]
    fn nested_and_unterminated_invisible() {
        assert_eq!(
            prepare(r#"a<span class="invisible">b<span>c</span>d</span>e"#).html,
            "ae"
        );
        assert_eq!(prepare(r#"a<span class="invisible">b"#).html, "a");
    }

    #[test]
    fn ol_start_and_depth() {
        assert_eq!(
            prepare(r#"<ol start="9223372036854775807"><li>a</li></ol>"#).html,
            "<ol><li>a</li></ol>"
        );
        assert_eq!(
            prepare(r#"<ol start="3"><li>a</li></ol>"#).html,
            r#"<ol start="3"><li>a</li></ol>"#
        );
        assert!(prepare(&"<div>".repeat(MAX_DEPTH + 1)).too_deep);
        assert!(!prepare(&"<p>a".repeat(1000)).too_deep);
        assert!(!prepare(&"<div>a</div>".repeat(1000)).too_deep);
    }

    #[test]
    fn sanitises_raw_html() {
        assert_eq!(prepare("<p>a\x1b[31mb\0c\td</p>").html, "<p>abc\td</p>");
    }
}
