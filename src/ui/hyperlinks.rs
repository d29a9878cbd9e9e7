//! OSC 8 hyperlinks: after a frame is drawn, the links of the posts on
//! screen are written over themselves once more, wrapped in
//! `ESC ] 8 ; ; URL ESC \`, so that a terminal that knows OSC 8 lets the
//! user click (or ctrl-click) them. The cells keep their text and style;
//! only the link attribute is added. Only `http(s)` URLs made of printable
//! ASCII are ever written, so a server cannot smuggle a sequence through
//! one. Off where the terminal is not known to support them, and inside
//! tmux and screen (which drop or mangle them unless configured to pass
//! them).

use ratatui::buffer::Buffer;

use crate::app::State;
use crate::ui::RenderInfo;

/// A link's cells on screen: row `y`, columns `[x, x + width)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hyperlink {
    pub x: u16,
    pub y: u16,
    pub width: u16,
    pub url: String,
}

/// Whether the terminal, as its environment describes it, shows OSC 8
/// hyperlinks. `setting` is `[ui] hyperlinks` when the user set it.
pub fn supported(setting: Option<bool>, env: impl Fn(&str) -> Option<String>) -> bool {
    if let Some(on) = setting {
        return on;
    }
    let term = env("TERM").unwrap_or_default();
    if env("TMUX").is_some() || term.starts_with("screen") || term.starts_with("tmux") {
        return false;
    }
    let program = env("TERM_PROGRAM").unwrap_or_default();
    let number = |name: &str| env(name).and_then(|v| v.trim().parse::<u64>().ok());
    matches!(
        program.as_str(),
        "iTerm.app" | "WezTerm" | "vscode" | "ghostty" | "Hyper" | "Tabby" | "rio" | "contour"
    ) || env("KITTY_WINDOW_ID").is_some()
        || env("WT_SESSION").is_some()
        || env("WEZTERM_EXECUTABLE").is_some()
        || term == "xterm-kitty"
        || term == "xterm-ghostty"
        || term.starts_with("foot")
        || term == "alacritty"
        || number("VTE_VERSION").is_some_and(|v| v >= 5000)
        || number("KONSOLE_VERSION").is_some_and(|v| v >= 201200)
}

/// `url` as it may go into an OSC 8 sequence: an `http` or `https` URL,
/// normalised (non-ASCII percent-encoded), of printable ASCII only and of
/// a sane length. Anything else gets no hyperlink.
pub fn safe_uri(url: &str) -> Option<String> {
    let parsed = url::Url::parse(url.trim()).ok()?;
    if !matches!(parsed.scheme(), "http" | "https") || parsed.host_str().is_none() {
        return None;
    }
    let s = parsed.as_str();
    (s.len() <= 2048 && s.bytes().all(|b| (0x21..=0x7e).contains(&b))).then(|| s.to_string())
}

/// The links of the posts on screen, each as drawn (`example.org/page…`,
/// `#rust`, `@bob`) with where it points, from what the frame laid out.
pub fn visible_links(state: &State, info: &RenderInfo) -> Vec<(String, String)> {
    let Some(acc) = state.account() else {
        return Vec::new();
    };
    let mut ids: Vec<&str> = Vec::new();
    if let Some((r, vp)) = info.timeline {
        if let Some(tab) = acc.tab_ref(r) {
            let end = (vp.top + vp.shown).min(tab.ids.len());
            ids.extend(tab.ids[vp.top.min(end)..end].iter().map(|i| i.as_str()));
        }
    }
    if let Some(crate::app::View::Thread(t)) = acc.views.last() {
        let vp = t.viewport;
        let end = (vp.top + vp.shown.max(1)).min(t.items.len());
        ids.extend(
            t.items[vp.top.min(end)..end]
                .iter()
                .map(|(i, _)| i.as_str()),
        );
    }
    let mut out: Vec<(String, String)> = Vec::new();
    for id in ids {
        let Some(status) = acc.status(id) else {
            continue;
        };
        let orig = status.original();
        let doc = crate::ui::html_cache::document(orig.id.as_str(), &orig.content);
        for l in doc.links() {
            let text = crate::html::sanitize_line(&l.text).trim().to_string();
            let Some(url) = safe_uri(&l.url) else {
                continue;
            };
            if text.chars().count() >= 2 && !out.iter().any(|(t, u)| *t == text && *u == url) {
                out.push((text, url));
            }
        }
    }
    out
}

/// Where the `links` (text as drawn, URL) appear in the frame, row by row.
/// A text cut by a line break is not found; the first link to claim a cell
/// keeps it.
pub fn find(buf: &Buffer, links: &[(String, String)]) -> Vec<Hyperlink> {
    let area = buf.area;
    let mut out = Vec::new();
    if links.is_empty() {
        return out;
    }
    for y in area.y..area.y + area.height {
        // The row's text, and the byte where each cell's symbol starts.
        let mut row = String::new();
        let mut starts: Vec<(usize, u16)> = Vec::with_capacity(usize::from(area.width));
        for x in area.x..area.x + area.width {
            starts.push((row.len(), x));
            row.push_str(buf[(x, y)].symbol());
        }
        let cell_at = |byte: usize| {
            starts
                .partition_point(|(b, _)| *b <= byte)
                .saturating_sub(1)
        };
        let mut taken = vec![false; starts.len()];
        for (text, url) in links {
            for (at, _) in row.match_indices(text.as_str()) {
                let first = cell_at(at);
                let last = cell_at(at + text.len() - 1);
                // Include the empty cell after a wide last character.
                let mut end = last + 1;
                while end < starts.len()
                    && starts[end].0 == at + text.len()
                    && buf[(starts[end].1, y)].symbol().is_empty()
                {
                    end += 1;
                }
                if starts[first].0 != at || taken[first..end].iter().any(|t| *t) {
                    continue;
                }
                taken[first..end].iter_mut().for_each(|t| *t = true);
                out.push(Hyperlink {
                    x: starts[first].1,
                    y,
                    width: (end - first) as u16,
                    url: url.clone(),
                });
            }
        }
    }
    out
}

/// The bytes that write `links` over the frame `buf` as OSC 8 hyperlinks:
/// the cursor and attributes are saved, each link's cells are written
/// again with their own style inside the sequence, and the cursor is
/// restored. Empty when there is nothing to link.
pub fn osc8(buf: &Buffer, links: &[Hyperlink]) -> Vec<u8> {
    let mut out = String::new();
    if links.is_empty() {
        return Vec::new();
    }
    out.push_str("\x1b7");
    for l in links {
        let Some(url) = safe_uri(&l.url) else {
            continue;
        };
        out.push_str(&format!("\x1b[{};{}H\x1b]8;;{url}\x1b\\", l.y + 1, l.x + 1));
        let mut last = None;
        for x in l.x..l.x.saturating_add(l.width) {
            if !buf.area.contains(ratatui::layout::Position { x, y: l.y }) {
                break;
            }
            let cell = &buf[(x, l.y)];
            let style = cell.style();
            if last != Some(style) {
                out.push_str("\x1b[0m");
                out.push_str(&crate::ui::theme::sgr(style));
                last = Some(style);
            }
            out.push_str(cell.symbol());
        }
        out.push_str("\x1b]8;;\x1b\\\x1b[0m");
    }
    out.push_str("\x1b8");
    out.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::layout::Rect;
    use ratatui::style::{Color, Style};

    fn env<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |k| {
            pairs
                .iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| v.to_string())
        }
    }

    #[test]
    fn known_terminals_get_links_and_multiplexers_do_not() {
        assert!(supported(None, env(&[("TERM_PROGRAM", "WezTerm")])));
        assert!(supported(None, env(&[("KITTY_WINDOW_ID", "1")])));
        assert!(supported(None, env(&[("VTE_VERSION", "7200")])));
        assert!(!supported(None, env(&[("VTE_VERSION", "4200")])));
        assert!(!supported(None, env(&[("TERM", "xterm-256color")])));
        assert!(!supported(
            None,
            env(&[
                ("TERM_PROGRAM", "WezTerm"),
                ("TMUX", "/tmp/tmux-0/default,1,0")
            ])
        ));
        assert!(!supported(None, env(&[("TERM", "screen-256color")])));
        // The setting wins both ways.
        assert!(supported(Some(true), env(&[("TMUX", "x")])));
        assert!(!supported(Some(false), env(&[("TERM_PROGRAM", "WezTerm")])));
    }

    #[test]
    fn only_printable_http_urls_are_linked() {
        assert_eq!(
            safe_uri("https://example.org/a b/é").as_deref(),
            Some("https://example.org/a%20b/%C3%A9")
        );
        assert_eq!(safe_uri("javascript:alert(1)"), None);
        assert_eq!(safe_uri("file:///etc/passwd"), None);
        // A control character is percent-encoded or refused, never passed.
        for evil in [
            "https://e.example/\u{1b}]8;;https://x\u{7}",
            "https://e.example/\u{9b}2J",
            "https://e.example/\u{7}",
        ] {
            if let Some(u) = safe_uri(evil) {
                assert!(u.bytes().all(|b| (0x21..=0x7e).contains(&b)), "{u:?}");
            }
        }
    }

    #[test]
    fn links_are_found_where_drawn_and_written_with_their_style() {
        let mut buf = Buffer::empty(Rect::new(0, 0, 40, 2));
        let style = Style::default().fg(Color::Cyan);
        buf.set_string(0, 0, "see example.org/page…[1] and #rust", Style::default());
        buf.set_string(4, 0, "example.org/page…", style);
        buf.set_string(0, 1, "界 #rust", Style::default());
        let links = vec![
            (
                "example.org/page…".to_string(),
                "https://example.org/page/long".to_string(),
            ),
            (
                "#rust".to_string(),
                "https://m.example/tags/rust".to_string(),
            ),
        ];
        let found = find(&buf, &links);
        assert_eq!(
            found,
            vec![
                Hyperlink {
                    x: 4,
                    y: 0,
                    width: 17,
                    url: "https://example.org/page/long".into()
                },
                Hyperlink {
                    x: 29,
                    y: 0,
                    width: 5,
                    url: "https://m.example/tags/rust".into()
                },
                // After a wide character, at its real column.
                Hyperlink {
                    x: 3,
                    y: 1,
                    width: 5,
                    url: "https://m.example/tags/rust".into()
                },
            ]
        );
        let bytes = String::from_utf8(osc8(&buf, &found)).unwrap();
        assert!(bytes.starts_with("\x1b7\x1b[1;5H\x1b]8;;https://example.org/page/long\x1b\\"));
        assert!(bytes.contains("\x1b[0m\x1b[36mexample.org/page…\x1b]8;;\x1b\\"));
        assert!(bytes.contains("\x1b[2;4H\x1b]8;;https://m.example/tags/rust\x1b\\"));
        assert!(bytes.ends_with("\x1b8"));
        assert!(osc8(&buf, &[]).is_empty());
    }
}
