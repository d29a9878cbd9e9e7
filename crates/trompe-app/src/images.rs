//! Inline image previews: which pictures the thread view wants, and a
//! bounded in-memory cache of the decoded pictures, keyed by URL.
//!
//! The cache is plain data inside [`State`](super::State): `update` decides
//! what to fetch (at most once per URL; failures are remembered and never
//! retried in a loop) and stores what the effect runner brings back. The
//! download and the decoding happen in `effects.rs`; the terminal graphics
//! protocol objects built from these pictures belong to `ui::images`. This
//! module does no I/O and must not import ratatui.

use std::collections::HashMap;
use std::sync::Arc;

use trompe_api::entities::{MediaAttachment, MediaType, Status};

use super::Effect;
use super::state::State;
use super::views::View;

/// The default budget of the cache: decoded pixels, in bytes.
pub const DEFAULT_BUDGET: usize = 32 * 1024 * 1024;

/// At most this many previews are shown (and fetched) per status.
pub const MAX_PREVIEWS: usize = 4;

/// The smallest useful budget: the previews of one post at their largest
/// (RGBA, [`CACHED_SIDE`](crate::images::CACHED_SIDE) a side). With
/// less, each picture would evict the one before it while both are on
/// screen, and the screen would ask for them again and again.
pub const MIN_BUDGET: usize = MAX_PREVIEWS
    * (crate::images::CACHED_SIDE as usize)
    * (crate::images::CACHED_SIDE as usize)
    * 4;

/// Failures and pending requests remembered at most (they cost no pixels,
/// but they must not grow without bound either).
const MAX_EMPTY_ENTRIES: usize = 1024;

/// Decoded pictures are scaled down to fit this square before they are
/// cached: a preview a dozen rows high never needs more.
pub const CACHED_SIDE: u32 = 1024;

/// A decoded picture, cheap to clone. Its `Debug` prints the size only (a
/// derived one would print every pixel into the log).
#[derive(Clone, PartialEq)]
pub struct PreviewImage(pub Arc<image::DynamicImage>);

impl PreviewImage {
    /// Wraps a decoded picture.
    pub fn new(image: image::DynamicImage) -> Self {
        PreviewImage(Arc::new(image))
    }

    /// The bytes its pixels take in memory.
    pub fn bytes(&self) -> usize {
        self.0.as_bytes().len()
    }

    /// Width and height in pixels.
    pub fn dimensions(&self) -> (u32, u32) {
        (self.0.width(), self.0.height())
    }
}

impl std::fmt::Debug for PreviewImage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (w, h) = self.dimensions();
        write!(f, "PreviewImage({w}×{h}, {} bytes)", self.bytes())
    }
}

/// Where one preview stands.
#[derive(Debug, Clone, PartialEq)]
pub enum Preview {
    /// Requested; the runner is fetching and decoding it.
    Loading,
    /// Decoded and ready to draw.
    Ready(PreviewImage),
    /// Could not be fetched or decoded (the reason, for the log and tests).
    Failed(String),
}

#[derive(Debug, Clone)]
struct Entry {
    preview: Preview,
    /// The cache clock when it was last requested or stored.
    used: u64,
}

/// A bounded cache of decoded previews by URL, with least-recently-used
/// eviction of the pictures when their pixels exceed the budget.
#[derive(Debug, Clone)]
pub struct ImageCache {
    enabled: bool,
    budget: usize,
    used_bytes: usize,
    clock: u64,
    entries: HashMap<String, Entry>,
    /// How many fetches were asked for (tests and the log read it).
    pub fetches: u64,
}

impl Default for ImageCache {
    fn default() -> Self {
        ImageCache::new(true, DEFAULT_BUDGET)
    }
}

impl ImageCache {
    /// A cache that holds up to `budget` bytes of pixels; when `enabled`
    /// is false nothing is ever requested.
    pub fn new(enabled: bool, budget: usize) -> Self {
        ImageCache {
            enabled,
            budget,
            used_bytes: 0,
            clock: 0,
            entries: HashMap::new(),
            fetches: 0,
        }
    }

    /// Are previews on?
    pub fn enabled(&self) -> bool {
        self.enabled
    }

    /// The byte budget.
    pub fn budget(&self) -> usize {
        self.budget
    }

    /// Bytes of pixels held now.
    pub fn used_bytes(&self) -> usize {
        self.used_bytes
    }

    /// Number of pictures held.
    pub fn ready_count(&self) -> usize {
        self.entries
            .values()
            .filter(|e| matches!(e.preview, Preview::Ready(_)))
            .count()
    }

    /// The URLs it knows (loading, ready or failed).
    pub fn urls(&self) -> impl Iterator<Item = &str> {
        self.entries.keys().map(String::as_str)
    }

    /// The state of the preview at `url`, if it was ever requested.
    pub fn get(&self, url: &str) -> Option<&Preview> {
        self.entries.get(url).map(|e| &e.preview)
    }

    fn tick(&mut self) -> u64 {
        self.clock += 1;
        self.clock
    }

    /// Asks for `url`: returns true when it must be fetched now (never seen,
    /// or evicted since). A known URL — loading, ready or failed — is only
    /// marked as recently used.
    pub fn request(&mut self, url: &str) -> bool {
        if !self.enabled {
            return false;
        }
        let now = self.tick();
        if let Some(e) = self.entries.get_mut(url) {
            e.used = now;
            return false;
        }
        self.entries.insert(
            url.to_string(),
            Entry {
                preview: Preview::Loading,
                used: now,
            },
        );
        self.fetches += 1;
        self.trim_empty();
        true
    }

    /// Stores the outcome of a fetch, then evicts the least recently used
    /// pictures until the budget holds. A picture larger than the whole
    /// budget is refused (remembered as failed).
    pub fn finish(&mut self, url: &str, result: Result<PreviewImage, String>) {
        let now = self.tick();
        let preview = match result {
            Ok(img) if img.bytes() > self.budget => Preview::Failed(format!(
                "larger than the image cache ({} bytes)",
                img.bytes()
            )),
            Ok(img) => Preview::Ready(img),
            Err(e) => Preview::Failed(e),
        };
        if let Some(old) = self.entries.remove(url) {
            if let Preview::Ready(img) = &old.preview {
                self.used_bytes = self.used_bytes.saturating_sub(img.bytes());
            }
        }
        if let Preview::Ready(img) = &preview {
            self.used_bytes += img.bytes();
        }
        self.entries
            .insert(url.to_string(), Entry { preview, used: now });
        self.evict(url);
        self.trim_empty();
    }

    /// Drops the least recently used pictures (never `keep`) until the
    /// pixels fit the budget.
    fn evict(&mut self, keep: &str) {
        while self.used_bytes > self.budget {
            let victim = self
                .entries
                .iter()
                .filter(|(k, e)| k.as_str() != keep && matches!(e.preview, Preview::Ready(_)))
                .min_by_key(|(_, e)| e.used)
                .map(|(k, _)| k.clone());
            let Some(k) = victim else {
                break;
            };
            if let Some(Entry {
                preview: Preview::Ready(img),
                ..
            }) = self.entries.remove(&k)
            {
                self.used_bytes = self.used_bytes.saturating_sub(img.bytes());
            }
        }
    }

    /// Keeps the pixel-less entries (failures, pending) bounded, oldest
    /// failures first.
    fn trim_empty(&mut self) {
        let empty = self
            .entries
            .values()
            .filter(|e| !matches!(e.preview, Preview::Ready(_)))
            .count();
        if empty <= MAX_EMPTY_ENTRIES {
            return;
        }
        let mut failed: Vec<(u64, String)> = self
            .entries
            .iter()
            .filter(|(_, e)| matches!(e.preview, Preview::Failed(_)))
            .map(|(k, e)| (e.used, k.clone()))
            .collect();
        failed.sort();
        for (_, k) in failed.into_iter().take(empty - MAX_EMPTY_ENTRIES) {
            self.entries.remove(&k);
        }
    }
}

/// The URL to preview an attachment with: the server's preview, else (for
/// still images only) the full file. Videos, gifv and audio have a preview
/// picture at best; their `url` is not an image.
pub fn preview_url(m: &MediaAttachment) -> Option<&str> {
    fn nonempty(u: &Option<String>) -> Option<&str> {
        u.as_deref().filter(|u| !u.trim().is_empty())
    }
    match m.kind {
        MediaType::Image => nonempty(&m.preview_url).or_else(|| nonempty(&m.url)),
        MediaType::Gifv | MediaType::Video => nonempty(&m.preview_url),
        _ => None,
    }
}

/// The attachments of a status that get a preview (at most [`MAX_PREVIEWS`]).
pub fn previewable(s: &Status) -> Vec<&MediaAttachment> {
    s.original()
        .media_attachments
        .iter()
        .filter(|m| preview_url(m).is_some())
        .take(MAX_PREVIEWS)
        .collect()
}

/// The status whose previews the screen shows: the focus of a thread view
/// on top of the active account.
pub fn shown_status(state: &State) -> Option<&Status> {
    let acc = state.account()?;
    match acc.views.last()? {
        View::Thread(t) if t.error.is_none() => acc.statuses.get(&t.focus),
        _ => None,
    }
}

/// Is the sensitive media of `s` hidden (not revealed with z)?
pub fn hidden(state: &State, s: &Status) -> bool {
    let orig = s.original();
    orig.sensitive && !state.account().is_some_and(|a| state.cw_open(a, &orig.id))
}

/// The fetches the screen needs now: the previews of the status shown in
/// detail, unless they are hidden as sensitive or previews are off.
pub fn wanted(state: &mut State) -> Vec<Effect> {
    if !state.images.enabled() {
        return vec![];
    }
    let urls: Vec<String> = match shown_status(state) {
        Some(s) if !hidden(state, s) => previewable(s)
            .into_iter()
            .filter_map(preview_url)
            .map(str::to_string)
            .collect(),
        _ => return vec![],
    };
    urls.into_iter()
        .filter(|u| state.images.request(u))
        .map(|url| Effect::FetchImage { url })
        .collect()
}

/// Emoji pictures fetched at most per frame that asks for them.
const WANTED_PER_FRAME: usize = 64;

/// Pictures the screen wants (custom emoji): each fetched once, only
/// `http(s)` ones.
pub fn wanted_urls(state: &mut State, urls: Vec<String>) -> Vec<Effect> {
    urls.into_iter()
        .filter(|u| u.starts_with("https://") || u.starts_with("http://"))
        .take(WANTED_PER_FRAME)
        .filter(|u| state.images.request(u))
        .map(|url| Effect::FetchImage { url })
        .collect()
}

/// A preview was fetched and decoded, or could not be.
pub fn loaded(state: &mut State, url: String, result: Result<PreviewImage, String>) -> Vec<Effect> {
    if let Err(e) = &result {
        tracing::debug!(%url, "preview unavailable: {e}");
    }
    state.images.finish(&url, result);
    vec![]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn img(w: u32, h: u32) -> PreviewImage {
        PreviewImage::new(image::DynamicImage::ImageRgba8(image::RgbaImage::new(w, h)))
    }

    #[test]
    fn the_budget_holds_and_the_least_recently_used_goes_first() {
        // Each 16×16 RGBA picture is 1024 bytes; room for three.
        let mut c = ImageCache::new(true, 3 * 1024);
        for u in ["a", "b", "c"] {
            assert!(c.request(u));
            c.finish(u, Ok(img(16, 16)));
        }
        assert_eq!(c.used_bytes(), 3 * 1024);
        // "a" is used again, so "b" is now the oldest.
        assert!(!c.request("a"));
        assert!(c.request("d"));
        c.finish("d", Ok(img(16, 16)));
        assert_eq!(c.used_bytes(), 3 * 1024);
        assert!(c.used_bytes() <= c.budget());
        assert!(matches!(c.get("a"), Some(Preview::Ready(_))));
        assert!(c.get("b").is_none(), "the least recently used is evicted");
        assert!(matches!(c.get("c"), Some(Preview::Ready(_))));
        assert!(matches!(c.get("d"), Some(Preview::Ready(_))));
        // An evicted picture is fetched again when asked for.
        assert!(c.request("b"));
        assert_eq!(c.fetches, 5);
    }

    #[test]
    fn a_big_picture_evicts_several_and_one_over_budget_is_refused() {
        let mut c = ImageCache::new(true, 4096);
        for u in ["a", "b", "c"] {
            c.request(u);
            c.finish(u, Ok(img(16, 16)));
        }
        c.request("big");
        c.finish("big", Ok(img(16, 48))); // 3072 bytes
        assert!(c.used_bytes() <= 4096);
        assert!(matches!(c.get("big"), Some(Preview::Ready(_))));
        assert_eq!(c.ready_count(), 2);
        c.request("huge");
        c.finish("huge", Ok(img(64, 64))); // 16 KiB > the budget
        assert!(matches!(c.get("huge"), Some(Preview::Failed(_))));
        assert!(c.used_bytes() <= 4096);
        assert_eq!(c.ready_count(), 2, "a refused picture evicts nothing");
    }

    #[test]
    fn failures_are_remembered_and_not_fetched_again() {
        let mut c = ImageCache::new(true, 1 << 20);
        assert!(c.request("bad"));
        assert!(!c.request("bad"), "no second fetch while loading");
        c.finish("bad", Err("not an image".into()));
        for _ in 0..10 {
            assert!(!c.request("bad"));
        }
        assert_eq!(c.fetches, 1);
        assert_eq!(c.get("bad"), Some(&Preview::Failed("not an image".into())));
    }

    #[test]
    fn failures_stay_bounded() {
        let mut c = ImageCache::new(true, 1 << 20);
        for i in 0..(MAX_EMPTY_ENTRIES + 50) {
            let u = format!("u{i}");
            c.request(&u);
            c.finish(&u, Err("no".into()));
        }
        assert!(c.entries.len() <= MAX_EMPTY_ENTRIES);
        // The newest failure is still known.
        assert!(c.get(&format!("u{}", MAX_EMPTY_ENTRIES + 49)).is_some());
    }

    #[test]
    fn a_disabled_cache_never_asks_for_anything() {
        let mut c = ImageCache::new(false, 1 << 20);
        assert!(!c.request("a"));
        assert_eq!(c.fetches, 0);
        assert!(c.get("a").is_none());
    }

    #[test]
    fn debug_does_not_print_pixels() {
        let s = format!("{:?}", img(100, 100));
        assert!(s.len() < 60, "{s}");
    }

    #[test]
    fn preview_urls_by_kind() {
        let m = |kind: &str, url: Option<&str>, preview: Option<&str>| -> MediaAttachment {
            serde_json::from_value(serde_json::json!({
                "id": "1", "type": kind, "url": url, "preview_url": preview
            }))
            .expect("fixture")
        };
        assert_eq!(
            preview_url(&m("image", Some("u"), Some("p"))),
            Some("p"),
            "the small preview first"
        );
        assert_eq!(preview_url(&m("image", Some("u"), None)), Some("u"));
        assert_eq!(preview_url(&m("image", Some("u"), Some(""))), Some("u"));
        assert_eq!(preview_url(&m("video", Some("u"), Some("p"))), Some("p"));
        assert_eq!(preview_url(&m("gifv", Some("u"), None)), None);
        assert_eq!(preview_url(&m("audio", Some("u"), Some("p"))), None);
        assert_eq!(preview_url(&m("unknown", Some("u"), None)), None);
    }
}
