//! Custom emoji drawn as pictures at text size, where the terminal shows
//! pictures (kitty, iTerm2, sixel). While a frame is laid out, a card's
//! `:shortcode:` of one of its custom emoji whose picture is ready becomes
//! a two-cell marker (two private-use characters); after the frame, each
//! marker becomes a picture slot for [`super::images::Previews`], and its
//! cells are blanked. Elsewhere (halfblocks, previews off), and until the
//! picture has arrived, the shortcode stays as text. The shortcodes seen
//! without a picture are reported, for the loop to fetch them.
//!
//! The frame's table lives in a thread-local between [`begin`] and [`end`]
//! (both called by `ui::render_buffer_with`), so that the card code needs
//! no new parameter; outside a frame, [`substitute`] changes nothing.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::{HashMap, HashSet};

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use crate::api::entities::CustomEmoji;
use crate::app::images::{ImageCache, Preview};
use crate::ui::images::ImageSlot;

/// The markers: pairs of characters from Supplementary Private Use Area-A
/// (one cell each), `FIRST + 2k` and `FIRST + 2k + 1` for emoji `k`.
const FIRST: u32 = 0xF0000;
/// Emoji pictures one frame draws at most (the rest stay shortcodes).
const MAX_PER_FRAME: usize = 4096;

#[derive(Default)]
struct Frame {
    /// The pictures ready to draw, by URL.
    ready: HashSet<String>,
    /// Marker `k` → its picture's URL.
    urls: Vec<String>,
    index: HashMap<String, usize>,
    /// Emoji seen whose picture is not there yet.
    missing: Vec<String>,
}

thread_local! {
    static FRAME: RefCell<Option<Frame>> = const { RefCell::new(None) };
}

/// Starts a frame that draws custom emoji with the pictures in `cache`.
pub fn begin(cache: &ImageCache) {
    let ready = cache
        .urls()
        .filter(|u| matches!(cache.get(u), Some(Preview::Ready(_))))
        .map(str::to_string)
        .collect();
    FRAME.with(|f| {
        *f.borrow_mut() = Some(Frame {
            ready,
            ..Frame::default()
        })
    });
}

/// The picture of an emoji: its still version when the server has one.
fn picture(e: &CustomEmoji) -> &str {
    if e.static_url.is_empty() {
        &e.url
    } else {
        &e.static_url
    }
}

/// `text` with each `:shortcode:` of `emojis` whose picture is ready as a
/// marker. Outside a frame (or with no emoji in it), `text` as it is.
pub fn substitute<'t>(text: &'t str, emojis: &[CustomEmoji]) -> Cow<'t, str> {
    if emojis.is_empty() || !text.contains(':') {
        return Cow::Borrowed(text);
    }
    FRAME.with(|f| {
        let mut guard = f.borrow_mut();
        let Some(frame) = guard.as_mut() else {
            return Cow::Borrowed(text);
        };
        let mut out = Cow::Borrowed(text);
        for e in emojis {
            if e.shortcode.is_empty() || e.shortcode.contains(':') {
                continue;
            }
            let code = format!(":{}:", e.shortcode);
            if !out.contains(&code) {
                continue;
            }
            let url = picture(e);
            if !url.starts_with("http://") && !url.starts_with("https://") {
                continue;
            }
            if !frame.ready.contains(url) {
                if !frame.missing.iter().any(|m| m == url) {
                    frame.missing.push(url.to_string());
                }
                continue;
            }
            let k = match frame.index.get(url) {
                Some(k) => *k,
                None if frame.urls.len() < MAX_PER_FRAME => {
                    frame.urls.push(url.to_string());
                    frame.index.insert(url.to_string(), frame.urls.len() - 1);
                    frame.urls.len() - 1
                }
                None => continue,
            };
            let marker: String = [FIRST + 2 * k as u32, FIRST + 2 * k as u32 + 1]
                .into_iter()
                .filter_map(char::from_u32)
                .collect();
            out = Cow::Owned(out.replace(&code, &marker));
        }
        out
    })
}

/// Which emoji a marker character stands for, and whether it is the first
/// of its pair.
fn marker(c: char) -> Option<(usize, bool)> {
    let n = u32::from(c).checked_sub(FIRST)?;
    let k = (n / 2) as usize;
    (k < MAX_PER_FRAME).then_some((k, n % 2 == 0))
}

/// Ends the frame: every marker in `buf` becomes blank cells, and each
/// whole pair a slot for its picture. Returns the slots, and the pictures
/// the frame wanted and did not have.
pub fn end(buf: &mut Buffer) -> (Vec<ImageSlot>, Vec<String>) {
    let Some(frame) = FRAME.with(|f| f.borrow_mut().take()) else {
        return (Vec::new(), Vec::new());
    };
    let mut slots = Vec::new();
    if frame.urls.is_empty() {
        return (slots, frame.missing);
    }
    let area = buf.area;
    for y in area.top()..area.bottom() {
        let mut x = area.left();
        while x < area.right() {
            let found = buf[(x, y)].symbol().chars().next().and_then(marker);
            let Some((k, first)) = found else {
                x += 1;
                continue;
            };
            buf[(x, y)].set_symbol(" ");
            let pair = first
                && x + 1 < area.right()
                && buf[(x + 1, y)].symbol().chars().next().and_then(marker) == Some((k, false));
            if pair {
                buf[(x + 1, y)].set_symbol(" ");
                if let Some(url) = frame.urls.get(k) {
                    slots.push(ImageSlot {
                        area: Rect::new(x, y, 2, 1),
                        url: url.clone(),
                    });
                }
                x += 2;
            } else {
                x += 1;
            }
        }
    }
    (slots, frame.missing)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn emoji(code: &str, url: &str) -> CustomEmoji {
        serde_json::from_value(serde_json::json!({
            "shortcode": code, "url": url, "static_url": url, "visible_in_picker": true
        }))
        .unwrap()
    }

    fn cache_with(url: &str) -> ImageCache {
        let mut cache = ImageCache::new(true, 1 << 24);
        let png = trompe_demo::png::pattern_png(16, 16, (200, 120, 40));
        let img = crate::fetch_image::decode(&png).expect("decodes");
        assert!(cache.request(url));
        cache.finish(url, Ok(img));
        cache
    }

    #[test]
    fn a_ready_shortcode_becomes_a_two_cell_slot_and_the_others_stay_text() {
        let coffee = emoji("coffee", "http://x.example/coffee.png");
        let tea = emoji("tea", "http://x.example/tea.png");
        let emojis = [coffee, tea];
        // Outside a frame: nothing changes.
        assert_eq!(substitute("a :coffee: b", &emojis), "a :coffee: b");
        begin(&cache_with("http://x.example/coffee.png"));
        let line = substitute(":coffee: and :tea: and :coffee:", &emojis).into_owned();
        assert!(!line.contains(":coffee:"), "{line}");
        assert!(line.contains(":tea:"), "the picture is not here yet");
        let mut buf = Buffer::empty(Rect::new(0, 0, 40, 2));
        buf.set_string(1, 1, &line, ratatui::style::Style::default());
        // A lone marker (cut by a truncation) is blanked too.
        buf.set_string(
            39,
            0,
            line.chars().next().unwrap().to_string(),
            ratatui::style::Style::default(),
        );
        let (slots, missing) = end(&mut buf);
        assert_eq!(missing, ["http://x.example/tea.png"]);
        let at: Vec<(u16, u16)> = slots.iter().map(|s| (s.area.x, s.area.y)).collect();
        // The second is after the first pair and ` and :tea: and ` (15).
        assert_eq!(at, [(1, 1), (1 + 2 + 15, 1)]);
        assert!(
            slots
                .iter()
                .all(|s| s.area.width == 2 && s.area.height == 1)
        );
        for x in 0..40 {
            for y in 0..2 {
                let c = buf[(x, y)].symbol().chars().next().unwrap_or(' ');
                assert!(marker(c).is_none(), "a marker left at {x},{y}");
            }
        }
        // The frame is over.
        assert_eq!(substitute("a :coffee: b", &emojis), "a :coffee: b");
    }

    #[test]
    fn a_shortcode_with_a_colon_or_a_picture_not_on_the_web_is_left_alone() {
        let bad = [
            emoji("a:b", "http://x.example/a.png"),
            emoji("local", "file:///etc/passwd"),
        ];
        begin(&cache_with("file:///etc/passwd"));
        assert_eq!(substitute(":a:b: :local:", &bad), ":a:b: :local:");
        let (slots, missing) = end(&mut Buffer::empty(Rect::new(0, 0, 4, 1)));
        assert!(slots.is_empty() && missing.is_empty());
    }
}
