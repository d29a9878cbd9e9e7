//! A tiny, forgiving HTML tokenizer.
//!
//! It is not a conforming HTML parser (html5ever is used for real rendering);
//! it only finds tags, comments and text well enough to pre-process Mastodon
//! HTML (hide `invisible` spans, check nesting depth) and to strip tags when
//! the real renderer cannot be used. It never panics and only ever slices the
//! input at ASCII bytes, so every slice is on a character boundary.

/// One piece of an HTML string. All `&str`s borrow from the input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Token<'a> {
    /// Character data between tags (entities not decoded).
    Text(&'a str),
    /// `<name attrs…>`; `attrs` is everything after the name, up to (not
    /// including) the closing `>` (and a trailing `/`, if any).
    Start {
        name: &'a str,
        attrs: &'a str,
        self_closing: bool,
    },
    /// `</name …>`.
    End { name: &'a str },
    /// A comment, doctype, processing instruction or other markup to ignore.
    Other,
}

/// A token together with its byte range in the input.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Spanned<'a> {
    pub token: Token<'a>,
    pub start: usize,
    pub end: usize,
}

/// Elements whose content is raw text (no tags inside).
fn is_raw_text(name: &str) -> bool {
    [
        "script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript",
    ]
    .iter()
    .any(|n| name.eq_ignore_ascii_case(n))
}

/// Void elements: never have an end tag.
pub(crate) fn is_void(name: &str) -> bool {
    [
        "br", "img", "hr", "wbr", "input", "meta", "link", "area", "base", "col", "embed", "param",
        "source", "track",
    ]
    .iter()
    .any(|n| name.eq_ignore_ascii_case(n))
}

/// Iterator over the tokens of an HTML string.
pub(crate) struct Tokens<'a> {
    src: &'a str,
    pos: usize,
    /// When inside a raw-text element, its name: the next token is the raw
    /// text up to the matching end tag.
    raw: Option<&'a str>,
}

impl<'a> Tokens<'a> {
    pub(crate) fn new(src: &'a str) -> Self {
        Tokens {
            src,
            pos: 0,
            raw: None,
        }
    }
}

/// Find `needle` (ASCII) in `hay` starting at `from`, ignoring ASCII case.
fn find_ci(hay: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    if needle.is_empty() || hay.len() < needle.len() {
        return None;
    }
    (from..=hay.len() - needle.len())
        .find(|&i| hay[i..i + needle.len()].eq_ignore_ascii_case(needle))
}

impl<'a> Iterator for Tokens<'a> {
    type Item = Spanned<'a>;

    fn next(&mut self) -> Option<Spanned<'a>> {
        let src = self.src;
        let b = src.as_bytes();
        let start = self.pos;
        if start >= b.len() {
            return None;
        }

        if let Some(name) = self.raw.take() {
            // Raw text runs until `</name`.
            let mut needle = Vec::with_capacity(name.len() + 2);
            needle.extend_from_slice(b"</");
            needle.extend_from_slice(name.as_bytes());
            let end = find_ci(b, start, &needle).unwrap_or(b.len());
            self.pos = end;
            if end > start {
                return Some(Spanned {
                    token: Token::Text(&src[start..end]),
                    start,
                    end,
                });
            }
        }

        let start = self.pos;
        if b[start] != b'<' {
            let end = memchr_lt(b, start + 1);
            self.pos = end;
            return Some(Spanned {
                token: Token::Text(&src[start..end]),
                start,
                end,
            });
        }

        let next = b.get(start + 1).copied().unwrap_or(0);
        if next.is_ascii_alphabetic() {
            let (name_end, tag_end, self_closing) = scan_tag(b, start + 1);
            let name = &src[start + 1..name_end];
            let terminated = tag_end > name_end && b.get(tag_end - 1) == Some(&b'>');
            let mut attrs = &src[name_end..if terminated { tag_end - 1 } else { tag_end }];
            if self_closing {
                attrs = attrs.trim_end();
                attrs = attrs.strip_suffix('/').unwrap_or(attrs);
            }
            self.pos = tag_end;
            if is_raw_text(name) && !self_closing {
                self.raw = Some(name);
            }
            return Some(Spanned {
                token: Token::Start {
                    name,
                    attrs,
                    self_closing,
                },
                start,
                end: tag_end,
            });
        }
        if next == b'/' && b.get(start + 2).is_some_and(|c| c.is_ascii_alphabetic()) {
            let (name_end, tag_end, _) = scan_tag(b, start + 2);
            let name = &src[start + 2..name_end];
            self.pos = tag_end;
            return Some(Spanned {
                token: Token::End { name },
                start,
                end: tag_end,
            });
        }
        if src[start..].starts_with("<!--") {
            let end = src[start + 4..]
                .find("-->")
                .map_or(b.len(), |i| start + 4 + i + 3);
            self.pos = end;
            return Some(Spanned {
                token: Token::Other,
                start,
                end,
            });
        }
        if next == b'!' || next == b'?' || next == b'/' {
            // Doctype, bogus comment, `</>` or `</ x>`: up to the next `>`.
            let end = b[start + 1..]
                .iter()
                .position(|&c| c == b'>')
                .map_or(b.len(), |i| start + 1 + i + 1);
            self.pos = end;
            return Some(Spanned {
                token: Token::Other,
                start,
                end,
            });
        }
        // A literal '<' in text.
        let end = memchr_lt(b, start + 1);
        self.pos = end;
        Some(Spanned {
            token: Token::Text(&src[start..end]),
            start,
            end,
        })
    }
}

/// Index of the next `<` at or after `from`, or the end.
fn memchr_lt(b: &[u8], from: usize) -> usize {
    b.get(from..)
        .and_then(|rest| rest.iter().position(|&c| c == b'<'))
        .map_or(b.len(), |i| from + i)
}

/// Scan a tag whose name starts at `name_start`. Returns (end of the name,
/// end of the tag (after `>`, or end of input), whether it ends with `/>`).
fn scan_tag(b: &[u8], name_start: usize) -> (usize, usize, bool) {
    let mut i = name_start;
    while i < b.len() && !matches!(b[i], b'\t' | b'\n' | b'\x0c' | b'\r' | b' ' | b'/' | b'>') {
        i += 1;
    }
    let name_end = i;
    let mut quote: Option<u8> = None;
    let mut prev = 0u8;
    while i < b.len() {
        let c = b[i];
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None => match c {
                b'"' | b'\'' if prev == b'=' => quote = Some(c),
                b'>' => return (name_end, i + 1, prev == b'/'),
                _ => {}
            },
        }
        if !c.is_ascii_whitespace() {
            prev = c;
        }
        i += 1;
    }
    (name_end, b.len(), false)
}

/// The value of attribute `name` in a tag's attribute string (quotes
/// removed, entities not decoded).
pub(crate) fn attr<'a>(attrs: &'a str, name: &str) -> Option<&'a str> {
    let b = attrs.as_bytes();
    let mut i = 0;
    loop {
        while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
            i += 1;
        }
        if i >= b.len() {
            return None;
        }
        let n_start = i;
        while i < b.len() && !matches!(b[i], b'=' | b'>' | b'/') && !b[i].is_ascii_whitespace() {
            i += 1;
        }
        if i == n_start {
            // A stray character such as '='; skip it.
            i += 1;
            continue;
        }
        let n_end = i;
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        let mut value = "";
        if i < b.len() && b[i] == b'=' {
            i += 1;
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            if i < b.len() && (b[i] == b'"' || b[i] == b'\'') {
                let q = b[i];
                let v_start = i + 1;
                let v_end = b[v_start..]
                    .iter()
                    .position(|&c| c == q)
                    .map_or(b.len(), |p| v_start + p);
                value = &attrs[v_start..v_end];
                i = (v_end + 1).min(b.len());
            } else {
                let v_start = i;
                while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' {
                    i += 1;
                }
                value = &attrs[v_start..i];
            }
        }
        if attrs[n_start..n_end].eq_ignore_ascii_case(name) {
            return Some(value);
        }
    }
}

/// Does the space-separated class list contain `class`?
pub(crate) fn has_class(classes: &str, class: &str) -> bool {
    classes.split_ascii_whitespace().any(|c| c == class)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(s: &str) -> Vec<Token<'_>> {
        Tokens::new(s).map(|t| t.token).collect()
    }

    #[test]
    fn basic() {
        assert_eq!(
            toks(r#"<p class="x">a &amp; b<br/></p>"#),
            vec![
                Token::Start {
                    name: "p",
                    attrs: r#" class="x""#,
                    self_closing: false
                },
                Token::Text("a &amp; b"),
                Token::Start {
                    name: "br",
                    attrs: "",
                    self_closing: true
                },
                Token::End { name: "p" },
            ]
        );
    }

    #[test]
    fn quoted_gt_and_comments() {
        assert_eq!(
            toks(r#"<a title="x>y" href='z'>t</a><!-- <b> -->u"#),
            vec![
                Token::Start {
                    name: "a",
                    attrs: r#" title="x>y" href='z'"#,
                    self_closing: false
                },
                Token::Text("t"),
                Token::End { name: "a" },
                Token::Other,
                Token::Text("u"),
            ]
        );
    }

    #[test]
    fn raw_text_and_garbage() {
        assert_eq!(
            toks("<script>if (a<b) x()</script>c"),
            vec![
                Token::Start {
                    name: "script",
                    attrs: "",
                    self_closing: false
                },
                Token::Text("if (a<b) x()"),
                Token::End { name: "script" },
                Token::Text("c"),
            ]
        );
        assert_eq!(toks("1 < 2"), vec![Token::Text("1 "), Token::Text("< 2")]);
        for s in [
            "<",
            "<a",
            "<a href=\"",
            "</",
            "</a",
            "<!--",
            "<!",
            "<a b='>",
            "é<é>",
        ] {
            let _ = toks(s);
        }
    }

    #[test]
    fn attributes() {
        let a = r#" href="https://x/@bob" class='u-url mention' data-x=1 hidden"#;
        assert_eq!(attr(a, "href"), Some("https://x/@bob"));
        assert_eq!(attr(a, "class"), Some("u-url mention"));
        assert_eq!(attr(a, "data-x"), Some("1"));
        assert_eq!(attr(a, "hidden"), Some(""));
        assert_eq!(attr(a, "rel"), None);
        assert!(has_class("u-url mention", "mention"));
        assert!(!has_class("u-url mentions", "mention"));
        assert_eq!(attr(" = =x", "x"), Some(""));
    }
}
