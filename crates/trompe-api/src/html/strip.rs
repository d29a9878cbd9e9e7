//! Plain text from HTML without the full renderer.
//!
//! [`strip_html`] gives a one-line plain text (for bios, notes and other
//! one-line contexts); [`html_to_text`] keeps paragraphs and line breaks (for
//! the CLI, and as the fallback when the real renderer cannot be used). Both
//! apply Mastodon's link shortening (`invisible`/`ellipsis` spans), skip
//! `<script>`/`<style>`-like content, decode common entities, and return
//! sanitised text.

use super::prep::prepare;
use super::sanitize::{Mode, sanitize_mode};
use super::scan::{Token, Tokens};

/// The plain text of an HTML fragment on one line: tags removed, entities
/// decoded, every run of whitespace (including paragraph and line breaks)
/// collapsed to one space, trimmed, sanitised.
///
/// ```
/// use trompe_api::html::strip_html;
/// assert_eq!(strip_html("<p>Hello&nbsp;<b>world</b></p><p>bye &amp; all</p>"), "Hello\u{a0}world bye & all");
/// ```
pub fn strip_html(html: &str) -> String {
    plain(html, true)
}

/// The plain text of an HTML fragment with its structure kept as line
/// breaks: blocks (paragraphs, quotes, lists, `<pre>`) are separated by a
/// blank line, `<br>` is a line break, list items start with `"• "`,
/// whitespace inside `<pre>` is preserved. Sanitised; no trailing newline.
pub fn html_to_text(html: &str) -> String {
    plain(html, false)
}

/// Elements whose content is not shown.
fn hidden_content(name: &str) -> bool {
    [
        "script", "style", "title", "noscript", "iframe", "noembed", "noframes", "xmp", "template",
        "head",
    ]
    .iter()
    .any(|n| name.eq_ignore_ascii_case(n))
}

/// Block elements and the number of newlines that separate them from what
/// follows or precedes (2 = blank line).
fn block_break(name: &str) -> usize {
    const PARA: [&str; 16] = [
        "p",
        "blockquote",
        "pre",
        "ul",
        "ol",
        "dl",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "table",
        "figure",
        "hr",
        "details",
    ];
    const LINE: [&str; 12] = [
        "div", "li", "dt", "dd", "tr", "section", "article", "header", "footer", "aside",
        "summary", "caption",
    ];
    if PARA.iter().any(|n| name.eq_ignore_ascii_case(n)) {
        2
    } else if LINE.iter().any(|n| name.eq_ignore_ascii_case(n)) {
        1
    } else {
        0
    }
}

/// Accumulates text with collapsed whitespace and pending breaks.
struct Out {
    s: String,
    one_line: bool,
    /// Newlines to emit before the next text.
    breaks: usize,
    /// A space to emit before the next text.
    space: bool,
}

impl Out {
    fn brk(&mut self, n: usize) {
        self.breaks = self.breaks.max(n);
    }

    /// Emit pending separators before text.
    fn before_text(&mut self) {
        if self.s.is_empty() {
            self.breaks = 0;
            self.space = false;
            return;
        }
        if self.breaks > 0 {
            let trimmed = self.s.trim_end_matches(' ').len();
            self.s.truncate(trimmed);
            if self.one_line {
                self.s.push(' ');
            } else {
                let have = self.s.len() - self.s.trim_end_matches('\n').len();
                for _ in have..self.breaks {
                    self.s.push('\n');
                }
            }
        } else if self.space && !self.s.ends_with([' ', '\n']) {
            self.s.push(' ');
        }
        self.breaks = 0;
        self.space = false;
    }

    /// Append text whose whitespace collapses.
    fn text(&mut self, t: &str) {
        let mut decoded = String::new();
        let t = decode_entities(t, &mut decoded);
        for (i, word) in t.split(|c: char| c.is_ascii_whitespace()).enumerate() {
            if i > 0 {
                self.space = true;
            }
            if !word.is_empty() {
                self.before_text();
                self.s.push_str(word);
            }
        }
    }

    /// Append preformatted text (whitespace kept).
    fn pre(&mut self, t: &str) {
        let mut decoded = String::new();
        let t = decode_entities(t, &mut decoded);
        if self.one_line {
            self.text(t);
            return;
        }
        if t.is_empty() {
            return;
        }
        self.before_text();
        self.s.push_str(t);
    }

    /// A hard line break (`<br>`).
    fn line_break(&mut self) {
        if self.one_line {
            self.space = true;
        } else {
            let trimmed = self.s.trim_end_matches(' ').len();
            self.s.truncate(trimmed);
            self.s.push('\n');
            self.space = false;
        }
    }
}

fn plain(html: &str, one_line: bool) -> String {
    let prepared = prepare(html);
    let src: &str = &prepared.html;
    let mut out = Out {
        s: String::with_capacity(src.len()),
        one_line,
        breaks: 0,
        space: false,
    };
    let mut hide_until: Option<&str> = None;
    let mut pre_depth = 0usize;
    for t in Tokens::new(src) {
        if let Some(name) = hide_until {
            if matches!(t.token, Token::End { name: n } if n.eq_ignore_ascii_case(name)) {
                hide_until = None;
            }
            continue;
        }
        match t.token {
            Token::Text(text) => {
                if pre_depth > 0 {
                    out.pre(text);
                } else {
                    out.text(text);
                }
            }
            Token::Start {
                name, self_closing, ..
            } => {
                if hidden_content(name) {
                    if !self_closing {
                        hide_until = Some(name);
                    }
                } else if name.eq_ignore_ascii_case("br") {
                    out.line_break();
                } else {
                    out.brk(block_break(name));
                    if name.eq_ignore_ascii_case("pre") {
                        pre_depth += 1;
                    } else if name.eq_ignore_ascii_case("li") && !one_line {
                        out.before_text();
                        out.s.push_str("• ");
                    }
                }
            }
            Token::End { name } => {
                if name.eq_ignore_ascii_case("pre") {
                    pre_depth = pre_depth.saturating_sub(1);
                }
                out.brk(block_break(name));
            }
            Token::Other => {}
        }
    }
    let mut s = out.s;
    let trimmed = s.trim_end().len();
    s.truncate(trimmed);
    let mode = if one_line {
        Mode::Line
    } else {
        Mode::Multiline
    };
    let s = match sanitize_mode(&s, mode) {
        std::borrow::Cow::Borrowed(_) => s,
        std::borrow::Cow::Owned(o) => o,
    };
    if one_line {
        // Entities may have produced whitespace runs or edges.
        if s.contains("  ") || s.starts_with(' ') || s.ends_with(' ') {
            return s
                .split(' ')
                .filter(|w| !w.is_empty())
                .collect::<Vec<_>>()
                .join(" ");
        }
    }
    s
}

/// Named entities we decode (the ones servers actually emit, plus common
/// typography). Unknown entities are left as written.
const ENTITIES: &[(&str, &str)] = &[
    ("amp", "&"),
    ("lt", "<"),
    ("gt", ">"),
    ("quot", "\""),
    ("apos", "'"),
    ("nbsp", "\u{a0}"),
    ("hellip", "…"),
    ("mdash", "—"),
    ("ndash", "–"),
    ("lsquo", "‘"),
    ("rsquo", "’"),
    ("ldquo", "“"),
    ("rdquo", "”"),
    ("laquo", "«"),
    ("raquo", "»"),
    ("middot", "·"),
    ("bull", "•"),
    ("copy", "©"),
    ("reg", "®"),
    ("trade", "™"),
    ("deg", "°"),
    ("times", "×"),
    ("euro", "€"),
    ("shy", "\u{ad}"),
    ("zwj", "\u{200d}"),
    ("zwnj", "\u{200c}"),
];

/// Decode character references in `t`. Returns `t` itself when there is no
/// `&`, otherwise the decoded text written into `buf`.
pub(crate) fn decode_entities<'a>(t: &'a str, buf: &'a mut String) -> &'a str {
    if !t.contains('&') {
        return t;
    }
    buf.clear();
    let mut rest = t;
    while let Some(i) = rest.find('&') {
        buf.push_str(&rest[..i]);
        rest = &rest[i..];
        let body_end = rest[1..]
            .find(|c: char| !c.is_ascii_alphanumeric() && c != '#')
            .map_or(rest.len(), |j| j + 1);
        let body = &rest[1..body_end];
        let terminated = rest[body_end..].starts_with(';');
        let decoded: Option<char> = if !terminated {
            None
        } else if let Some(num) = body.strip_prefix('#') {
            let n = match num.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok(),
                None => num.parse::<u32>().ok(),
            };
            n.map(|n| match n {
                0 => '\u{fffd}',
                n => char::from_u32(n).unwrap_or('\u{fffd}'),
            })
        } else {
            None
        };
        if let Some(c) = decoded {
            buf.push(c);
            rest = &rest[body_end + 1..];
        } else if let Some((_, v)) = ENTITIES.iter().find(|(n, _)| terminated && *n == body) {
            buf.push_str(v);
            rest = &rest[body_end + 1..];
        } else {
            buf.push('&');
            rest = &rest[1..];
        }
    }
    buf.push_str(rest);
    buf
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_line() {
        assert_eq!(strip_html("<p>a</p><p>b<br>c</p>"), "a b c");
        assert_eq!(strip_html("  <p> a \n b </p> "), "a b");
        assert_eq!(
            strip_html("<script>alert(1)</script><style>p{}</style>x"),
            "x"
        );
        assert_eq!(
            strip_html("&lt;b&gt; &#39;q&#x27; &unknown; & &amp"),
            "<b> 'q' &unknown; & &amp"
        );
        assert_eq!(strip_html("a&#27;[31mb&#0;c"), "ab\u{fffd}c");
        assert_eq!(strip_html(""), "");
    }

    #[test]
    fn multi_line() {
        assert_eq!(html_to_text("<p>a</p><p>b<br>c</p>"), "a\n\nb\nc");
        assert_eq!(
            html_to_text("<p>x</p><ul><li>one</li><li>two</li></ul>"),
            "x\n\n• one\n• two"
        );
        assert_eq!(
            html_to_text("<pre><code>fn main() {\n    x();\n}</code></pre>"),
            "fn main() {\n    x();\n}"
        );
        assert_eq!(
            html_to_text(
                r#"<p><a href="https://e.com/a/b"><span class="invisible">https://</span><span class="ellipsis">e.com/a</span><span class="invisible">/b</span></a></p>"#
            ),
            "e.com/a…"
        );
    }

    #[test]
    fn entities() {
        let mut b = String::new();
        assert_eq!(decode_entities("a &amp; b", &mut b), "a & b");
        assert_eq!(decode_entities("&#128512;&#x1F600;", &mut b), "😀😀");
        assert_eq!(
            decode_entities("&#xD800;&#99999999999;", &mut b),
            "\u{fffd}&#99999999999;"
        );
        assert_eq!(decode_entities("&", &mut b), "&");
        assert_eq!(decode_entities("&é;", &mut b), "&é;");
    }
}
