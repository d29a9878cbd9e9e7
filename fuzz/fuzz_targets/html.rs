//! Status HTML to styled lines, at several widths and with every kind of
//! link marker; the sanitiser and the plain-text paths on the same input.
//! No output line may hold a control character or be wider than asked.
#![no_main]

use libfuzzer_sys::fuzz_target;
use trompe_api::html::{self, Document, LinkMarkers, RenderOptions};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for markers in [LinkMarkers::None, LinkMarkers::Urls, LinkMarkers::All] {
        let doc = Document::parse_with(text, &RenderOptions { link_markers: markers });
        for width in [1u16, 7, 40, 100] {
            for line in doc.layout(width) {
                for span in &line.spans {
                    assert!(
                        !span.text.chars().any(|c| c.is_control()),
                        "a control character in {:?}",
                        span.text
                    );
                }
                assert!(line.width() <= usize::from(width).max(2), "{line:?}");
            }
        }
        for link in doc.links() {
            assert!(!link.url.chars().any(|c| c.is_control()));
        }
    }
    let clean = html::sanitize(text);
    assert!(!clean.contains('\u{1b}'));
    let one = html::sanitize_line(text);
    assert!(!one.chars().any(|c| c.is_control()));
    let _ = html::html_to_text(text);
    let _ = html::strip_html(text);
});
