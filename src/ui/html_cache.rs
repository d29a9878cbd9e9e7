//! Posts' HTML, parsed once and laid out once per width. A frame draws the
//! visible cards again, and converting a post's HTML is the dearest part
//! of a card (hundreds of microseconds for a long post): it is done the
//! first time a post is drawn at a width, then taken from here. The key
//! holds the post's id, a hash of its HTML (an edit is a new entry) and the
//! width (a resize is too); the styles are the renderer's semantic ones,
//! so a theme change needs nothing new. Bounded: the least recently used
//! entries go first.
//!
//! It lives in a thread-local because only the thread that draws uses it.

use std::cell::RefCell;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::rc::Rc;

use crate::html::{Document, LinkMarkers, RenderOptions, RichText};

/// Entries kept at most, of each kind (a screen shows a few dozen posts;
/// this covers scrolling back and forth through a long timeline).
const KEEP: usize = 1024;

#[derive(Default)]
struct Cache {
    documents: HashMap<(String, u64), (Rc<Document>, u64)>,
    layouts: HashMap<(String, u64, u16), (Rc<RichText>, u64)>,
    clock: u64,
    conversions: u64,
}

thread_local! {
    static CACHE: RefCell<Cache> = RefCell::new(Cache::default());
}

fn digest(html: &str) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    html.hash(&mut h);
    h.finish()
}

/// Drops the older half of `map` when it has grown past [`KEEP`].
fn trim<K: Clone + Eq + Hash, V>(map: &mut HashMap<K, (V, u64)>) {
    if map.len() <= KEEP {
        return;
    }
    let mut ages: Vec<u64> = map.values().map(|(_, used)| *used).collect();
    ages.sort_unstable();
    let cut = ages[ages.len() / 2];
    map.retain(|_, (_, used)| *used > cut);
}

/// The parsed HTML of post `id` (its links, its text).
pub fn document(id: &str, html: &str) -> Rc<Document> {
    let key = (id.to_string(), digest(html));
    CACHE.with(|c| {
        let mut c = c.borrow_mut();
        c.clock += 1;
        let now = c.clock;
        if let Some((doc, used)) = c.documents.get_mut(&key) {
            *used = now;
            return doc.clone();
        }
        c.conversions += 1;
        let doc = Rc::new(Document::parse_with(
            html,
            &RenderOptions {
                link_markers: LinkMarkers::Urls,
            },
        ));
        c.documents.insert(key, (doc.clone(), now));
        trim(&mut c.documents);
        doc
    })
}

/// The lines of post `id`'s HTML at `width` (links marked with their
/// numbers, as cards show them).
pub fn lines(id: &str, html: &str, width: u16) -> Rc<RichText> {
    let hash = digest(html);
    let key = (id.to_string(), hash, width);
    let found = CACHE.with(|c| {
        let mut c = c.borrow_mut();
        c.clock += 1;
        let now = c.clock;
        c.layouts.get_mut(&key).map(|(text, used)| {
            *used = now;
            text.clone()
        })
    });
    if let Some(text) = found {
        return text;
    }
    let text = Rc::new(document(id, html).render(width));
    CACHE.with(|c| {
        let mut c = c.borrow_mut();
        let now = c.clock;
        c.layouts.insert(key, (text.clone(), now));
        trim(&mut c.layouts);
    });
    text
}

/// How many times HTML was parsed on this thread (a benchmark and a test
/// count them across frames).
pub fn conversions() -> u64 {
    CACHE.with(|c| c.borrow().conversions)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_post_is_parsed_once_laid_out_once_per_width_and_again_after_an_edit() {
        let before = conversions();
        let a = lines(
            "t1",
            "<p>hello <a href=\"https://x.example/\">link</a></p>",
            40,
        );
        let b = lines(
            "t1",
            "<p>hello <a href=\"https://x.example/\">link</a></p>",
            40,
        );
        assert!(Rc::ptr_eq(&a, &b));
        assert_eq!(conversions(), before + 1);
        // Another width: laid out again, from the same parse.
        let narrow = lines(
            "t1",
            "<p>hello <a href=\"https://x.example/\">link</a></p>",
            8,
        );
        assert!(!Rc::ptr_eq(&a, &narrow));
        assert_eq!(conversions(), before + 1);
        assert_eq!(
            document("t1", "<p>hello <a href=\"https://x.example/\">link</a></p>")
                .links()
                .len(),
            1
        );
        // An edit: parsed again.
        let edited = lines("t1", "<p>hello, edited</p>", 40);
        assert_eq!(conversions(), before + 2);
        assert!(edited.plain_text().contains("edited"));
    }

    #[test]
    fn the_cache_stays_bounded() {
        for i in 0..(KEEP * 3) {
            lines(&format!("b{i}"), "<p>x</p>", 10);
        }
        CACHE.with(|c| {
            let c = c.borrow();
            assert!(c.layouts.len() <= KEEP + 1);
            assert!(c.documents.len() <= KEEP + 1);
        });
    }
}
