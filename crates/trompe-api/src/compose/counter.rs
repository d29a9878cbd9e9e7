//! The character counter, with the rules Mastodon's `StatusLengthValidator`
//! applies on the server:
//!
//! - the content warning and the text are counted together;
//! - text that is blank (only whitespace) counts for nothing;
//! - every URL with a scheme (`https://`, `http://`, `dat://`, `dweb://`,
//!   `ipfs://`, `ipns://`, `ssb://`, `gopher://`, `gemini://`) counts as
//!   `characters_reserved_per_url` (23 on Mastodon), however long it is;
//! - a mention `@user@domain` counts as `@user`;
//! - what remains is counted in extended grapheme clusters (Ruby's
//!   `each_grapheme_cluster`): `👍🏽`, `👨‍👩‍👧` and `é` written as `e` plus a
//!   combining accent each count as one, a CJK character counts as one.
//!
//! URLs and mentions are found the way Mastodon's extractor (twitter-text
//! with Mastodon's overrides) finds them, with one simplification: a domain's
//! last label must be alphabetic (two letters or more) or punycode, where
//! twitter-text checks it against the list of top-level domains. So
//! `http://localhost/` and `http://127.0.0.1/` are plain text, as on Mastodon.

use unicode_segmentation::UnicodeSegmentation;

/// URL schemes Mastodon's extractor links (and so counts as a fixed length).
const SCHEMES: &[&str] = &[
    "https://",
    "http://",
    "dat://",
    "dweb://",
    "ipfs://",
    "ipns://",
    "ssb://",
    "gopher://",
    "gemini://",
];

/// A URL or a mention found in a text, as byte offsets into it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entity {
    /// Byte offset of the first character.
    pub start: usize,
    /// Byte offset just past the last character.
    pub end: usize,
    /// What it is.
    pub kind: EntityKind,
}

/// The kind of an [`Entity`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EntityKind {
    /// A link; counts as `characters_reserved_per_url`.
    Url,
    /// A mention; `username` is without `@`, `domain` is the part after the
    /// second `@`, which the counter ignores.
    Mention {
        /// The user name.
        username: String,
        /// The instance, for a remote mention.
        domain: Option<String>,
    },
}

/// How a text measures against the instance's limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CharCount {
    /// Characters used, counted as the server counts them.
    pub used: usize,
    /// The instance's maximum.
    pub max: usize,
}

impl CharCount {
    /// Characters left; negative past the limit.
    pub fn remaining(&self) -> i64 {
        self.max as i64 - self.used as i64
    }

    /// Whether the server would refuse the post for its length.
    pub fn is_over(&self) -> bool {
        self.used > self.max
    }
}

/// The length the server gives the text and content warning of a post.
pub fn count(text: &str, cw: &str, chars_per_url: usize) -> usize {
    let mut combined = String::with_capacity(cw.len() + text.len());
    combined.push_str(cw);
    combined.push_str(&countable_text(text, chars_per_url));
    combined.graphemes(true).count()
}

/// `text` with each URL replaced by `chars_per_url` placeholder characters
/// and each remote mention cut to `@user`: what the server counts.
pub fn countable_text(text: &str, chars_per_url: usize) -> String {
    if text.chars().all(char::is_whitespace) {
        return String::new();
    }
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for e in entities(text) {
        out.push_str(&text[last..e.start]);
        match &e.kind {
            EntityKind::Url => out.extend(std::iter::repeat_n('x', chars_per_url)),
            EntityKind::Mention { username, .. } => {
                out.push('@');
                out.push_str(username);
            }
        }
        last = e.end;
    }
    out.push_str(&text[last..]);
    out
}

/// URLs and mentions in `text`, in order, without overlaps (an earlier
/// entity wins, as in twitter-text's `remove_overlapping_entities`).
pub fn entities(text: &str) -> Vec<Entity> {
    let mut all = urls(text);
    all.extend(mentions(text));
    all.sort_by_key(|e| e.start);
    let mut kept: Vec<Entity> = Vec::with_capacity(all.len());
    for e in all {
        if kept.last().is_none_or(|prev| prev.end <= e.start) {
            kept.push(e);
        }
    }
    kept
}

fn prev_char(text: &str, at: usize) -> Option<char> {
    text[..at].chars().next_back()
}

fn urls(text: &str) -> Vec<Entity> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < text.len() {
        let rest = &text[i..];
        let scheme = SCHEMES.iter().find(|s| {
            rest.get(..s.len())
                .is_some_and(|head| head.eq_ignore_ascii_case(s))
        });
        let preceded_ok = prev_char(text, i).is_none_or(|c| {
            !(c.is_ascii_alphanumeric() || matches!(c, '@' | '＠' | '$' | '#' | '＃'))
        });
        if let (Some(scheme), true) = (scheme, preceded_ok) {
            if let Some(len) = url_after_scheme(&rest[scheme.len()..]) {
                let end = i + scheme.len() + len;
                out.push(Entity {
                    start: i,
                    end,
                    kind: EntityKind::Url,
                });
                i = end;
                continue;
            }
        }
        i += rest.chars().next().map_or(1, char::len_utf8);
    }
    out
}

/// Characters that may be part of a domain label (twitter-text's
/// `DOMAIN_VALID_CHARS`: not punctuation, space or control).
fn domain_char(c: char) -> bool {
    !(c.is_whitespace() || c.is_control() || (c.is_ascii_punctuation() && c != '-' && c != '_'))
}

fn tld_like(label: &str) -> bool {
    let lower = label.to_ascii_lowercase();
    (label.len() >= 2 && label.chars().all(|c| c.is_ascii_alphabetic()))
        || (lower.starts_with("xn--") && lower.len() > 4)
}

fn label_ok(label: &str) -> bool {
    !label.is_empty() && !label.starts_with(['-', '_']) && !label.ends_with(['-', '_'])
}

/// The length in bytes of the domain, port, path and query after a scheme,
/// or `None` when there is no valid domain.
fn url_after_scheme(s: &str) -> Option<usize> {
    let run = s
        .char_indices()
        .find(|(_, c)| !(domain_char(*c) || *c == '.'))
        .map_or(s.len(), |(i, _)| i);
    let labels: Vec<&str> = s[..run].split('.').collect();
    // The longest prefix of labels ending in a top-level domain.
    let mut domain_len = None;
    for k in (1..labels.len()).rev() {
        if !tld_like(labels[k]) || !labels[..=k].iter().all(|l| label_ok(l)) {
            continue;
        }
        let len = labels[..=k].iter().map(|l| l.len()).sum::<usize>() + k;
        let next = s[len..].chars().next();
        if next.is_some_and(|c| c.is_ascii_alphanumeric() || matches!(c, '@' | '+' | '-')) {
            continue;
        }
        domain_len = Some(len);
        break;
    }
    let mut end = domain_len?;
    // Port.
    if let Some(port) = s[end..].strip_prefix(':') {
        let digits = port.bytes().take_while(u8::is_ascii_digit).count();
        if digits > 0 {
            end += 1 + digits;
        }
    }
    if s[end..].starts_with('/') {
        end += 1 + path_len(&s[end + 1..]);
    }
    if s[end..].starts_with('?') {
        end += query_len(&s[end + 1..]).map_or(0, |q| 1 + q);
    }
    Some(end)
}

fn path_char(c: char) -> bool {
    !(c.is_whitespace() || matches!(c, '<' | '>' | '(' | ')' | '?'))
}

fn path_end_char(c: char) -> bool {
    path_char(c)
        && !matches!(
            c,
            '!' | '*'
                | '"'
                | '\''
                | '「'
                | '」'
                | ';'
                | ':'
                | '='
                | ','
                | '.'
                | '$'
                | '%'
                | '['
                | ']'
                | '~'
                | '&'
                | '|'
                | '@'
        )
}

/// A balanced `( … )` group in a path, with at most one nested level.
fn paren_group(s: &str) -> Option<usize> {
    let mut depth = 0usize;
    let mut inner = 0usize;
    for (i, c) in s.char_indices() {
        match c {
            '(' => {
                depth += 1;
                if depth > 2 {
                    return None;
                }
            }
            ')' => {
                if depth == 0 || inner == 0 {
                    return None;
                }
                depth -= 1;
                if depth == 0 {
                    return Some(i + 1);
                }
            }
            c if path_char(c) => inner += 1,
            _ => return None,
        }
    }
    None
}

/// Length of a path after its leading `/`, trimmed so it ends on a
/// character that may end a URL (so `/foo.` leaves the full stop out).
fn path_len(s: &str) -> usize {
    let mut i = 0;
    let mut good_end = 0;
    while i < s.len() {
        let rest = &s[i..];
        if rest.starts_with('(') {
            match paren_group(rest) {
                Some(n) => {
                    i += n;
                    good_end = i;
                    continue;
                }
                None => break,
            }
        }
        let Some(c) = rest.chars().next() else { break };
        if !path_char(c) {
            break;
        }
        i += c.len_utf8();
        if path_end_char(c) {
            good_end = i;
        }
    }
    good_end
}

/// Length of a query after its `?`, ending on an allowed final character;
/// `None` when no such ending exists (the `?` is then not part of the URL).
fn query_len(s: &str) -> Option<usize> {
    let query_char = |c: char| {
        c.is_ascii_alphanumeric()
            || "!?*'();:&=+$/%#[]-_.,~|@^".contains(c)
            || (!c.is_ascii() && !c.is_whitespace())
    };
    let end_char = |c: char| {
        c.is_ascii_alphanumeric() || "_&=#/-".contains(c) || (!c.is_ascii() && !c.is_whitespace())
    };
    let mut good = None;
    for (i, c) in s.char_indices() {
        if !query_char(c) {
            break;
        }
        if end_char(c) {
            good = Some(i + c.len_utf8());
        }
    }
    good
}

/// Ruby's `[[:word:]]`: letters, marks, numbers and connector punctuation.
fn word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || is_mark(c)
}

fn is_mark(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}

/// twitter-text's `latin_accents`: a mention followed by one is not a mention.
fn latin_accent(c: char) -> bool {
    matches!(c as u32,
        0x00C0..=0x00D6 | 0x00D8..=0x00F6 | 0x00F8..=0x00FF | 0x0100..=0x024F
        | 0x0253..=0x0254 | 0x0256..=0x0257 | 0x0259 | 0x025B | 0x0263 | 0x0268
        | 0x026F | 0x0272 | 0x0289 | 0x028B | 0x02BB | 0x0300..=0x036F | 0x1E00..=0x1EFF)
}

/// Takes `[a-z0-9_]+([a-z0-9_.-]+[a-z0-9_]+)?` (Mastodon's `USERNAME_RE`).
fn username_len(s: &str) -> usize {
    let user = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let bytes = s.as_bytes();
    if !bytes.first().copied().is_some_and(user) {
        return 0;
    }
    let run = bytes
        .iter()
        .take_while(|b| user(**b) || **b == b'.' || **b == b'-')
        .count();
    // Back off to the last username character.
    bytes[..run]
        .iter()
        .rposition(|b| user(*b))
        .map_or(0, |p| p + 1)
}

/// Takes `[[:word:].-]+[[:word:]]+` (the domain of a mention).
fn mention_domain_len(s: &str) -> usize {
    let run = s
        .char_indices()
        .find(|(_, c)| !(word_char(*c) || *c == '.' || *c == '-'))
        .map_or(s.len(), |(i, _)| i);
    let end = s[..run]
        .char_indices()
        .rev()
        .find(|(_, c)| word_char(*c))
        .map_or(0, |(i, c)| i + c.len_utf8());
    // At least two characters, the last a word character.
    if s[..end].chars().count() >= 2 {
        end
    } else {
        0
    }
}

fn mentions(text: &str) -> Vec<Entity> {
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(off) = text[i..].find('@') {
        let at = i + off;
        i = at + 1;
        if prev_char(text, at).is_some_and(|c| c == '=' || c == '/' || word_char(c)) {
            continue;
        }
        let after_at = &text[at + 1..];
        let ulen = username_len(after_at);
        if ulen == 0 {
            continue;
        }
        let mut end = at + 1 + ulen;
        let mut domain = None;
        if let Some(d) = text[end..].strip_prefix('@') {
            let dlen = mention_domain_len(d);
            if dlen > 0 {
                domain = Some(d[..dlen].to_string());
                end += 1 + dlen;
            }
        }
        i = end;
        // twitter-text's `end_mention_match`: not followed by `@`, a Latin
        // accent or `://`.
        let after = &text[end..];
        if after.starts_with(['@', '＠']) || after.starts_with("://") {
            continue;
        }
        if after.chars().next().is_some_and(latin_accent) {
            continue;
        }
        out.push(Entity {
            start: at,
            end,
            kind: EntityKind::Mention {
                username: after_at[..ulen].to_string(),
                domain,
            },
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(text: &str) -> usize {
        count(text, "", 23)
    }

    #[test]
    fn plain_text_and_blank() {
        assert_eq!(c(""), 0);
        assert_eq!(c("hello"), 5);
        assert_eq!(c("   \n "), 0);
        assert_eq!(count("  ", "cw", 23), 2);
    }

    #[test]
    fn urls_count_as_reserved_length() {
        assert_eq!(c("https://example.com/a/very/long/path/indeed/over/23"), 23);
        assert_eq!(c("see https://example.com."), 4 + 23 + 1);
        assert_eq!(
            c("(https://en.wikipedia.org/wiki/Primer_(film))"),
            1 + 23 + 1
        );
        assert_eq!(c("https://example.com/search?q=rust&x=1 ok"), 23 + 3);
        assert_eq!(c("https://example.com/?"), 23 + 1);
        assert_eq!(c("gemini://example.org/"), 23);
        // Not URLs: no domain with a top-level domain, or glued to a word.
        assert_eq!(c("http://localhost/"), 17);
        assert_eq!(c("xhttps://example.com"), 20);
        assert_eq!(c("https://"), 8);
    }

    #[test]
    fn mentions_drop_the_domain() {
        assert_eq!(c("@alice@example.com hi"), 6 + 3);
        assert_eq!(c("@alice hi"), 9);
        assert_eq!(c("@alice@example.com."), 7);
        // An e-mail address is not a mention.
        assert_eq!(c("me@example.com"), 14);
        // A mention inside a URL is part of the URL.
        assert_eq!(c("https://example.com/@alice@example.com"), 23);
        // Ruby's `[[:word:]]` takes accented letters into the domain.
        assert_eq!(c("@alice@example.comé"), 6);
    }

    #[test]
    fn graphemes_not_bytes() {
        assert_eq!(c("héllo"), 5);
        assert_eq!(c("e\u{301}"), 1);
        assert_eq!(c("👍🏽"), 1);
        assert_eq!(c("👨‍👩‍👧"), 1);
        assert_eq!(c("日本語のテキスト"), 8);
    }

    #[test]
    fn entities_are_ordered_and_typed() {
        let e = entities("@a@b.example https://x.org/ @c");
        assert_eq!(e.len(), 3);
        assert!(
            matches!(&e[0].kind, EntityKind::Mention { username, domain: Some(d) } if username == "a" && d == "b.example")
        );
        assert_eq!(e[1].kind, EntityKind::Url);
        assert!(matches!(
            &e[2].kind,
            EntityKind::Mention { domain: None, .. }
        ));
    }
}
