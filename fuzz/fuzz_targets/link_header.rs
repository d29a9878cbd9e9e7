//! The `Link` header of a paginated answer.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(value) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(base) = url::Url::parse("https://example.org/api/v1/timelines/home") else {
        return;
    };
    let (next, prev) = trompe_api::page::parse_link_header(value, &base);
    for u in next.iter().chain(prev.iter()) {
        assert!(!u.as_str().chars().any(|c| c.is_control()));
    }
});
