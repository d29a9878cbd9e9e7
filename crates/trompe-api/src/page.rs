//! Pagination as a value: a page of items plus the cursors from the `Link` header.

use url::Url;

/// One page of a paginated list.
#[derive(Debug, Clone, PartialEq)]
pub struct Page<T> {
    /// The items, in the server's order (newest first for timelines).
    pub items: Vec<T>,
    /// The URL of older items (`rel="next"`), if any.
    pub next: Option<Url>,
    /// The URL of newer items (`rel="prev"`), if any.
    pub prev: Option<Url>,
}

impl<T> Page<T> {
    /// Maps the items, keeping the cursors.
    pub fn map<U>(self, f: impl FnMut(T) -> U) -> Page<U> {
        Page {
            items: self.items.into_iter().map(f).collect(),
            next: self.next,
            prev: self.prev,
        }
    }
}

/// Cursor parameters shared by every paginated endpoint.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageQuery {
    pub max_id: Option<String>,
    pub min_id: Option<String>,
    pub since_id: Option<String>,
    pub limit: Option<u32>,
}

impl PageQuery {
    /// The query as `(key, value)` pairs for the URL.
    pub fn pairs(&self) -> Vec<(&'static str, String)> {
        let mut v = Vec::new();
        if let Some(x) = &self.max_id {
            v.push(("max_id", x.clone()));
        }
        if let Some(x) = &self.min_id {
            v.push(("min_id", x.clone()));
        }
        if let Some(x) = &self.since_id {
            v.push(("since_id", x.clone()));
        }
        if let Some(x) = self.limit {
            v.push(("limit", x.to_string()));
        }
        v
    }
}

/// Parses an RFC 8288 `Link` header into its `next` and `prev` URLs.
///
/// Relative references are resolved against `base`; unknown relations and
/// malformed entries are ignored.
pub fn parse_link_header(value: &str, base: &Url) -> (Option<Url>, Option<Url>) {
    let mut next = None;
    let mut prev = None;
    for entry in split_entries(value) {
        let entry = entry.trim();
        let Some(rest) = entry.strip_prefix('<') else {
            continue;
        };
        let Some(end) = rest.find('>') else {
            continue;
        };
        let target = &rest[..end];
        let params = &rest[end + 1..];
        let Ok(url) = base.join(target) else {
            continue;
        };
        for param in params.split(';') {
            let param = param.trim();
            let Some((k, v)) = param.split_once('=') else {
                continue;
            };
            if !k.trim().eq_ignore_ascii_case("rel") {
                continue;
            }
            for rel in v.trim().trim_matches('"').split_ascii_whitespace() {
                match rel.to_ascii_lowercase().as_str() {
                    "next" => next = Some(url.clone()),
                    "prev" | "previous" => prev = Some(url.clone()),
                    _ => {}
                }
            }
        }
    }
    (next, prev)
}

/// Splits on commas that are outside `<…>` (URLs may contain commas).
fn split_entries(value: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut depth = 0u32;
    let mut start = 0;
    for (i, c) in value.char_indices() {
        match c {
            '<' => depth += 1,
            '>' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => {
                out.push(&value[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(&value[start..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_mastodon_link_header() {
        let base = Url::parse("https://m.example/").unwrap();
        let h = r#"<https://m.example/api/v1/timelines/home?max_id=109>; rel="next", <https://m.example/api/v1/timelines/home?min_id=200>; rel="prev""#;
        let (n, p) = parse_link_header(h, &base);
        assert_eq!(n.unwrap().query(), Some("max_id=109"));
        assert_eq!(p.unwrap().query(), Some("min_id=200"));
    }

    #[test]
    fn tolerates_garbage_and_relative_urls() {
        let base = Url::parse("https://m.example/api/v1/x").unwrap();
        let (n, p) = parse_link_header("garbage, <x?a=1,2>; rel=next, <bad", &base);
        assert_eq!(n.unwrap().as_str(), "https://m.example/api/v1/x?a=1,2");
        assert!(p.is_none());
    }
}
