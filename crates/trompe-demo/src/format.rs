//! Plain text → Mastodon-style status HTML, as Mastodon's own formatter does
//! for a plain-text post: paragraphs, `<br>`, linkified URLs (with the
//! `invisible`/`ellipsis` spans), mentions and hashtags.

/// What the formatter found while linkifying, so the caller can fill
/// `mentions` and `tags`.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Formatted {
    pub html: String,
    /// `(username, domain)` of each mention, in order of appearance.
    pub mentions: Vec<(String, Option<String>)>,
    /// Hashtag names, lower-cased, without `#`.
    pub tags: Vec<String>,
    /// Custom emoji shortcodes used.
    pub emojis: Vec<String>,
}

/// Escapes text for HTML.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Formats `text`; `base` is the instance URL (no trailing slash) and
/// `local_domain` the instance's own domain, used to build profile links.
pub fn format_text(text: &str, base: &str, local_domain: &str) -> Formatted {
    let mut f = Formatted::default();
    let text = text.replace("\r\n", "\n");
    let paragraphs: Vec<&str> = text
        .split("\n\n")
        .map(|p| p.trim_matches('\n'))
        .filter(|p| !p.trim().is_empty())
        .collect();
    for p in paragraphs {
        f.html.push_str("<p>");
        for (i, line) in p.split('\n').enumerate() {
            if i > 0 {
                f.html.push_str("<br />");
            }
            format_line(line, base, local_domain, &mut f);
        }
        f.html.push_str("</p>");
    }
    f
}

fn format_line(line: &str, base: &str, local_domain: &str, f: &mut Formatted) {
    let mut rest = line;
    while !rest.is_empty() {
        // Find the next token start: a URL, @mention, #tag or :emoji:.
        let next = find_token(rest);
        match next {
            None => {
                f.html.push_str(&escape(rest));
                break;
            }
            Some((start, end, kind)) => {
                f.html.push_str(&escape(&rest[..start]));
                let tok = &rest[start..end];
                match kind {
                    Tok::Url => push_link(tok, f),
                    Tok::Mention => {
                        let body = &tok[1..];
                        let (user, domain) = match body.split_once('@') {
                            Some((u, d)) => (u.to_string(), Some(d.to_string())),
                            None => (body.to_string(), None),
                        };
                        let href = match &domain {
                            Some(d) if d != local_domain => format!("https://{d}/@{user}"),
                            _ => format!("{base}/@{user}"),
                        };
                        f.html.push_str(&format!(
                            "<span class=\"h-card\" translate=\"no\"><a href=\"{}\" class=\"u-url mention\">@<span>{}</span></a></span>",
                            escape(&href),
                            escape(&user)
                        ));
                        let domain = domain.filter(|d| d != local_domain);
                        f.mentions.push((user, domain));
                    }
                    Tok::Hashtag => {
                        let name = &tok[1..];
                        f.html.push_str(&format!(
                            "<a href=\"{base}/tags/{}\" class=\"mention hashtag\" rel=\"tag\">#<span>{}</span></a>",
                            escape(&name.to_lowercase()),
                            escape(name)
                        ));
                        let lower = name.to_lowercase();
                        if !f.tags.contains(&lower) {
                            f.tags.push(lower);
                        }
                    }
                    Tok::Emoji => {
                        f.html.push_str(&escape(tok));
                        let code = tok.trim_matches(':').to_string();
                        if !f.emojis.contains(&code) {
                            f.emojis.push(code);
                        }
                    }
                }
                rest = &rest[end..];
            }
        }
    }
}

#[derive(Clone, Copy)]
enum Tok {
    Url,
    Mention,
    Hashtag,
    Emoji,
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

fn find_token(s: &str) -> Option<(usize, usize, Tok)> {
    let mut prev: Option<char> = None;
    for (i, c) in s.char_indices() {
        let at_boundary = prev.is_none_or(|p| !is_word(p) && p != '@' && p != '#' && p != '/');
        let rest = &s[i..];
        if at_boundary && (rest.starts_with("https://") || rest.starts_with("http://")) {
            let end = rest
                .find(|ch: char| ch.is_whitespace())
                .unwrap_or(rest.len());
            // Trailing punctuation is not part of the URL.
            let url = rest[..end].trim_end_matches(['.', ',', ')', '!', '?', ';', ':']);
            if url.len() > 8 {
                return Some((i, i + url.len(), Tok::Url));
            }
        }
        if at_boundary && c == '@' {
            let body = &rest[1..];
            let user_len = body.find(|ch: char| !is_word(ch)).unwrap_or(body.len());
            if user_len > 0 {
                let mut end = 1 + user_len;
                let after = &rest[end..];
                if let Some(d) = after.strip_prefix('@') {
                    let dlen = d
                        .find(|ch: char| !(is_word(ch) || ch == '.' || ch == '-' || ch == ':'))
                        .unwrap_or(d.len());
                    let domain = d[..dlen].trim_end_matches(['.', ':']);
                    if domain.contains('.') {
                        end += 1 + domain.len();
                    }
                }
                return Some((i, i + end, Tok::Mention));
            }
        }
        if at_boundary && c == '#' {
            let body = &rest[1..];
            let len = body.find(|ch: char| !is_word(ch)).unwrap_or(body.len());
            if len > 0 && !body[..len].chars().all(|ch| ch.is_ascii_digit()) {
                return Some((i, i + 1 + len, Tok::Hashtag));
            }
        }
        if c == ':' {
            let body = &rest[1..];
            let len = body
                .find(|ch: char| !(ch.is_ascii_alphanumeric() || ch == '_'))
                .unwrap_or(body.len());
            if len >= 2 && body[len..].starts_with(':') {
                return Some((i, i + len + 2, Tok::Emoji));
            }
        }
        prev = Some(c);
    }
    None
}

fn push_link(url: &str, f: &mut Formatted) {
    let (scheme, rest) = match url.find("://") {
        Some(p) => url.split_at(p + 3),
        None => ("", url),
    };
    let (shown, hidden) = if rest.chars().count() > 30 {
        let cut = rest
            .char_indices()
            .nth(30)
            .map(|(i, _)| i)
            .unwrap_or(rest.len());
        rest.split_at(cut)
    } else {
        (rest, "")
    };
    let class = if hidden.is_empty() { "" } else { "ellipsis" };
    f.html.push_str(&format!(
        "<a href=\"{}\" target=\"_blank\" rel=\"nofollow noopener\" translate=\"no\"><span class=\"invisible\">{}</span><span class=\"{}\">{}</span><span class=\"invisible\">{}</span></a>",
        escape(url),
        escape(scheme),
        class,
        escape(shown),
        escape(hidden)
    ));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_like_mastodon() {
        let f = format_text(
            "Hi @alice and @bob@other.example!\n#Rust is fun: https://example.com/a\n\n:blobcat: bye",
            "http://h",
            "h",
        );
        assert!(f.html.starts_with("<p>Hi <span class=\"h-card\""));
        assert!(f.html.contains("href=\"https://other.example/@bob\""));
        assert!(f.html.contains("<br />"));
        assert!(f.html.contains("href=\"http://h/tags/rust\""));
        assert!(f.html.contains("</p><p>:blobcat: bye</p>"));
        assert_eq!(f.tags, vec!["rust"]);
        assert_eq!(f.mentions.len(), 2);
        assert_eq!(f.emojis, vec!["blobcat"]);
    }

    #[test]
    fn escapes_html() {
        let f = format_text("<script>alert(1)</script> & co", "http://h", "h");
        assert_eq!(
            f.html,
            "<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp; co</p>"
        );
    }
}
