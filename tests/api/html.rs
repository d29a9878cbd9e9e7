//! Integration tests for `trompe::html`: the sanitiser, status rendering of
//! real Mastodon HTML, and Unicode-safe wrapping.

#![allow(clippy::unwrap_used)]

use std::borrow::Cow;

use trompe::html::*;

const WIDTHS: [u16; 4] = [1, 5, 20, 80];

fn texts(r: &RichText) -> Vec<String> {
    r.lines.iter().map(StyledLine::text).collect()
}

fn assert_fits(r: &RichText, width: u16, what: &str) {
    for l in &r.lines {
        let t = l.text();
        assert!(
            l.width() <= usize::from(width),
            "{what} @ {width}: {t:?} is {} wide",
            l.width()
        );
        // Also by the plain unicode-width measure the UI may use.
        assert!(
            unicode_width::UnicodeWidthStr::width(t.as_str()) <= usize::from(width),
            "{what} @ {width}: {t:?}"
        );
    }
}

fn no_controls(s: &str) -> bool {
    !s.chars().any(|c| {
        (c.is_control() && c != '\n')
            || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}')
    })
}

// ---------------------------------------------------------------- sanitiser

#[test]
fn sanitizer_removes_sequences_and_payloads() {
    let evil = "a\x1bb\x1b[31mred\x1b[0m\x1b[2Jc\x1b]52;c;ZXZpbA==\x07d\
                \x1b]8;;http://evil\x1b\\text\x1b]8;;\x1b\\e\x07f\0g\u{202e}h\u{9b}31mi";
    let clean = sanitize(evil);
    assert_eq!(clean, "aredcdtextefghi");
    for bad in [
        "\x1b", "[31m", "[2J", "52;", "ZXZpbA", "evil", "8;;", "\x07", "\0", "\u{202e}", "\u{9b}",
    ] {
        assert!(!clean.contains(bad), "{bad:?} left in {clean:?}");
    }
    // The ESC 'b' pair is a two-byte escape sequence: both characters go.
    assert!(no_controls(&clean));
    assert_eq!(
        sanitize_line("name\nwith\tbreaks\x1b[1m!"),
        "name with breaks!"
    );
}

#[test]
fn sanitizer_borrows_clean_strings() {
    for s in ["plain", "multi\nline", "日本語 🦀 café مرحبا", ""] {
        assert!(matches!(sanitize(s), Cow::Borrowed(_)), "{s:?}");
    }
    assert!(matches!(sanitize_line("one line"), Cow::Borrowed(_)));
}

#[test]
fn sanitizer_unterminated_sequences() {
    assert_eq!(sanitize("ok\x1b]52;c;AAAA"), "ok");
    assert_eq!(sanitize("ok\x1bP"), "ok");
    assert_eq!(sanitize("ok\x1b["), "ok");
    assert_eq!(sanitize("ok\x1b"), "ok");
    assert_eq!(sanitize("ok\u{9d}"), "ok");
}

#[test]
fn html_render_is_sanitised() {
    let html = "<p>a\x1b]52;c;ZXZpbA==\x07b&#27;[31mc&#x9d;0;x\x07d\u{202e}e<a href=\"https://e.com/\x1b[1m\">l\x1b[2Jk</a></p>";
    let r = render_html(html, 80);
    let t = r.plain_text();
    assert!(no_controls(&t), "{t:?}");
    assert!(t.starts_with("ab"), "{t:?}");
    assert!(t.contains("lk"), "{t:?}");
    assert!(no_controls(&r.links[0].url));
    assert!(no_controls(&strip_html(html)));
}

// ------------------------------------------------------ Mastodon rendering

const STATUS: &str = concat!(
    r#"<p>Hello <span class="h-card" translate="no"><a href="https://mastodon.social/@bob" class="u-url mention">@<span>bob</span></a></span>, "#,
    r#"look at <a href="https://example.com/very/long/path/to/something" rel="nofollow noopener" target="_blank"><span class="invisible">https://</span><span class="ellipsis">example.com/very/long/pat</span><span class="invisible">h/to/something</span></a> "#,
    r#"<a href="https://mastodon.social/tags/rust" class="mention hashtag" rel="tag">#<span>rust</span></a></p>"#,
    r#"<p>Second line<br>after a break, with <code>inline_code()</code> and <strong>bold</strong> <em>em</em> <del>gone</del></p>"#,
    r#"<p>again <span class="h-card"><a href="https://mastodon.social/@bob" class="u-url mention">@<span>bob</span></a></span></p>"#,
);

#[test]
fn mastodon_status() {
    let r = render_html(STATUS, 200);
    assert_eq!(
        texts(&r),
        [
            "Hello @bob, look at example.com/very/long/pat… #rust",
            "",
            "Second line",
            "after a break, with inline_code() and bold em gone",
            "",
            "again @bob",
        ]
    );
    // The link table: deduplicated by URL, in order of appearance.
    assert_eq!(
        r.links,
        [
            Link {
                url: "https://mastodon.social/@bob".into(),
                text: "@bob".into(),
                kind: LinkKind::Mention
            },
            Link {
                url: "https://example.com/very/long/path/to/something".into(),
                text: "example.com/very/long/pat…".into(),
                kind: LinkKind::Url
            },
            Link {
                url: "https://mastodon.social/tags/rust".into(),
                text: "#rust".into(),
                kind: LinkKind::Hashtag
            },
        ]
    );
    let span = |line: usize, text: &str| {
        r.lines[line]
            .spans
            .iter()
            .find(|s| s.text == text)
            .unwrap_or_else(|| panic!("no span {text:?} in {:?}", r.lines[line]))
    };
    assert_eq!(
        span(0, "@bob").style.link,
        Some(LinkRef {
            index: 0,
            kind: LinkKind::Mention
        })
    );
    assert_eq!(
        span(0, "#rust").style.link,
        Some(LinkRef {
            index: 2,
            kind: LinkKind::Hashtag
        })
    );
    assert_eq!(
        span(0, "example.com/very/long/pat…")
            .style
            .link
            .map(|l| l.index),
        Some(1)
    );
    assert_eq!(span(5, "@bob").style.link.map(|l| l.index), Some(0));
    assert!(span(3, "inline_code()").style.code);
    assert!(span(3, "bold").style.strong);
    assert!(span(3, "em").style.emphasis);
    assert!(span(3, "gone").style.strike);
    assert_eq!(span(3, "after a break, with ").style, SpanStyle::default());
}

#[test]
fn mastodon_status_wrapped() {
    for w in WIDTHS {
        let r = render_html(STATUS, w);
        assert_fits(&r, w, "status");
        assert_eq!(r.links.len(), 3);
        let all: String = r
            .plain_text()
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        if w > 1 {
            assert!(all.contains("example.com/very/long/pat…"), "{w}: {all}");
            assert!(all.contains("@bob") && all.contains("#rust"));
        }
    }
    let r = render_html(STATUS, 20);
    // A link broken over lines keeps its style on every piece.
    let pieces: Vec<&StyledSpan> = r
        .lines
        .iter()
        .flat_map(|l| &l.spans)
        .filter(|s| s.style.link.map(|l| l.index) == Some(1))
        .collect();
    let joined: String = pieces.iter().map(|s| s.text.as_str()).collect();
    assert_eq!(joined, "example.com/very/long/pat…");
}

#[test]
fn link_markers() {
    let opts = RenderOptions {
        link_markers: LinkMarkers::Urls,
    };
    let r = render_html_with(STATUS, 200, &opts);
    assert_eq!(
        texts(&r)[0],
        "Hello @bob, look at example.com/very/long/pat…[2] #rust"
    );
    let opts = RenderOptions {
        link_markers: LinkMarkers::All,
    };
    let r = render_html_with(STATUS, 200, &opts);
    assert_eq!(
        texts(&r)[0],
        "Hello @bob[1], look at example.com/very/long/pat…[2] #rust[3]"
    );
    for w in WIDTHS {
        assert_fits(&render_html_with(STATUS, w, &opts), w, "markers");
    }
}

#[test]
fn blocks_from_markdown_servers() {
    let html = concat!(
        "<p>Intro</p>",
        "<blockquote><p>quoted line one</p><p>quoted two</p></blockquote>",
        "<ul><li>first item</li><li>second <strong>bold</strong> item</li></ul>",
        "<ol start=\"9\"><li>nine</li><li>ten</li></ol>",
        "<pre><code>fn main() {\n    println!(\"hi\");\n}</code></pre>",
        "<p>end</p>",
    );
    let r = render_html(html, 80);
    assert_eq!(
        texts(&r),
        [
            "Intro",
            "",
            "│ quoted line one",
            "│ ",
            "│ quoted two",
            "",
            "• first item",
            "• second bold item",
            "",
            "9.  nine",
            "10. ten",
            "",
            "fn main() {",
            "    println!(\"hi\");",
            "}",
            "",
            "end",
        ]
    );
    assert!(r.lines[2].spans.iter().all(|s| s.style.quote));
    assert!(
        r.lines[13].spans.iter().all(|s| s.style.code),
        "{:?}",
        r.lines[13]
    );
    assert!(
        !r.lines[16]
            .spans
            .iter()
            .any(|s| s.style.code || s.style.quote)
    );

    // Narrow: continuation lines keep the quote bar and the list indentation;
    // preformatted lines are cut, not word-wrapped.
    let r = render_html(html, 12);
    assert_fits(&r, 12, "blocks");
    let t = texts(&r);
    assert!(
        t.contains(&"│ quoted".to_string()) && t.contains(&"│ line one".to_string()),
        "{t:#?}"
    );
    assert!(
        t.contains(&"• second".to_string()) && t.contains(&"  bold item".to_string()),
        "{t:#?}"
    );
    assert!(
        t.contains(&"    println!".to_string()) && t.contains(&"(\"hi\");".to_string()),
        "{t:#?}"
    );
}

#[test]
fn nested_lists_and_quotes() {
    let html = "<ul><li>outer<ul><li>inner item</li></ul></li></ul><blockquote><blockquote><p>deep</p></blockquote></blockquote>";
    let r = render_html(html, 80);
    assert_eq!(texts(&r), ["• outer", "  • inner item", "", "│ │ deep"]);
    for w in WIDTHS {
        assert_fits(&render_html(html, w), w, "nested");
    }
}

#[test]
fn trailing_blank_lines_removed() {
    let r = render_html("<p>a</p><p></p><p><br></p><p><br><br></p>", 80);
    assert_eq!(texts(&r), ["a"]);
    assert!(render_html("", 80).lines.is_empty());
    assert!(render_html("<p></p>", 80).lines.is_empty());
}

#[test]
fn hostile_and_malformed_html() {
    let inputs = [
        "<script>alert('x')</script><p>visible</p>",
        "<style>p { color: red }</style>ok",
        "<p>unclosed <b>bold <i>both",
        "</p></p><p><<<>>>&&&;&#;&#x;&#xFFFFFFFF;&#0;</p>",
        "<a href=\"javascript:alert(1)\">click</a>",
        "<img src=x onerror=alert(1)>",
        "<table><tr><td>a</td><td>b</td></tr></table>",
        "<ol start=\"9223372036854775807\"><li>a</li><li>b</li></ol>",
        "<ol start=\"-9223372036854775808\"><li>a</li><li>b</li></ol>",
        "<p>a<hr>b</p><h1>big</h1><sup>up</sup><dl><dt>t</dt><dd>d</dd></dl>",
        "<pre>\ttabbed\tcode</pre>",
        "<svg><text>in svg</text></svg><math><mi>x</mi></math>",
        "<a href=''></a><a>no href</a><a href='https://e.com/'><img src='i.png' alt='pic'></a>",
        "\u{feff}<!DOCTYPE html><html><head><title>t</title></head><body><p>body</p></body></html>",
        "<span class=\"invisible\">",
        "<span class=\"ellipsis\">",
        "<",
        "<!--",
        "<p\0>nul</p>",
    ];
    for html in inputs {
        for w in [0u16, 1, 2, 3, 5, 20, 80] {
            let r = render_html(html, w);
            if w == 0 {
                assert!(r.lines.is_empty());
            } else {
                assert_fits(&r, w, html);
            }
            assert!(no_controls(&r.plain_text()), "{html:?}");
        }
        let _ = strip_html(html);
        let _ = html_to_text(html);
    }
    let r = render_html(inputs[0], 80);
    assert_eq!(texts(&r), ["visible"]);
}

#[test]
fn deep_nesting_does_not_overflow_the_stack() {
    let n = 5000;
    let html = format!("{}x{}", "<blockquote>".repeat(n), "</blockquote>".repeat(n));
    let r = render_html(&html, 40);
    assert_eq!(texts(&r), ["x"]);
    let html = format!("{}y", "<div><span>".repeat(n));
    assert_fits(&render_html(&html, 40), 40, "deep");
}

#[test]
fn document_relayout() {
    let doc = Document::parse(STATUS);
    assert_eq!(doc.links().len(), 3);
    for w in WIDTHS {
        assert_eq!(doc.render(w), render_html(STATUS, w));
    }
}

// --------------------------------------------------------- Unicode layout

/// Visible text of each sample (what the rendered output must contain,
/// ignoring the breaks the wrapper inserts).
fn samples() -> Vec<(&'static str, String)> {
    vec![
        (
            "cjk",
            "日本語のテキストはスペースなしで折り返す必要があります。中文文本也一样。한국어 텍스트"
                .to_string(),
        ),
        (
            "zwj",
            "👩\u{200d}👩\u{200d}👧\u{200d}👦".repeat(12) + " 🏳️\u{200d}🌈 👍🏽 ❤️ family",
        ),
        (
            "combining",
            "e\u{301}a\u{300}o\u{308}".repeat(20)
                + " Z\u{335}\u{321}\u{34e}a\u{336}\u{31b}l\u{337}g\u{338}o\u{334}",
        ),
        (
            "arabic",
            "مرحبا بالعالم، هذا نص عربي طويل يجب أن يلتف بشكل صحيح دون أن يضيع أي حرف".to_string(),
        ),
        ("long word", "x".repeat(10_000)),
        (
            "mixed",
            format!("see {} and 日本 then 👩\u{200d}💻 done", "y".repeat(300)),
        ),
    ]
}

fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

#[test]
fn unicode_render_fits_and_loses_nothing() {
    for (name, text) in samples() {
        // What a terminal gets: emoji joiners and selectors the terminals
        // disagree on are dropped by the sanitiser.
        let text = sanitize(&text).into_owned();
        let html = format!("<p>{text}</p>");
        for w in WIDTHS {
            let r = render_html(&html, w);
            assert_fits(&r, w, name);
            let got = squash(&r.plain_text());
            if w == 1 {
                // Characters two columns wide cannot be shown in one column
                // and become "…"; everything narrow is kept.
                let expected: String = squash(&text)
                    .chars()
                    .filter(|c| unicode_width::UnicodeWidthChar::width(*c).unwrap_or(0) < 2)
                    .collect();
                let kept: String = got.chars().filter(|c| *c != '…').collect();
                if name == "combining" || name == "arabic" || name == "long word" {
                    assert_eq!(got, squash(&text), "{name} @ 1");
                } else {
                    // Zero-width joiners and selectors go with their emoji.
                    let strip = |s: &str| {
                        s.chars()
                            .filter(|c| !matches!(c, '\u{200d}' | '\u{fe0f}'))
                            .collect::<String>()
                    };
                    assert!(strip(&kept).len() <= strip(&expected).len(), "{name}");
                }
            } else {
                assert_eq!(got, squash(&text), "{name} @ {w}");
            }
        }
    }
}

#[test]
fn unicode_wrap_text_fits_and_loses_nothing() {
    for (name, text) in samples() {
        // What a terminal gets: emoji joiners and selectors the terminals
        // disagree on are dropped by the sanitiser.
        let text = sanitize(&text).into_owned();
        for w in WIDTHS {
            let lines = wrap_text(&text, w);
            for l in &lines {
                assert!(display_width(l) <= usize::from(w), "{name} @ {w}: {l:?}");
            }
            let got = squash(&lines.concat());
            if w > 1 || name == "combining" || name == "arabic" || name == "long word" {
                assert_eq!(got, squash(&text), "{name} @ {w}");
            }
        }
    }
}

#[test]
fn graphemes_are_not_split() {
    use unicode_segmentation::UnicodeSegmentation;
    // A family emoji is four emoji once its joiners are dropped (every
    // terminal agrees on that width); a letter and its mark stay one.
    let fam = "👩\u{200d}👩\u{200d}👧\u{200d}👦";
    let text = format!("{}{}", fam.repeat(10), "e\u{301}".repeat(10));
    let parts: Vec<String> = sanitize(fam).graphemes(true).map(str::to_string).collect();
    assert_eq!(parts.len(), 4);
    for w in [2u16, 3, 5, 7] {
        for l in wrap_text(&text, w) {
            for g in l.graphemes(true) {
                assert!(
                    parts.iter().any(|p| p == g) || g == "e\u{301}",
                    "split cluster {g:?} at width {w}"
                );
            }
        }
        let r = render_html(&format!("<p>{text}</p>"), w);
        for l in &r.lines {
            for g in l.text().graphemes(true) {
                assert!(
                    parts.iter().any(|p| p == g) || g == "e\u{301}",
                    "split cluster {g:?} at width {w}"
                );
            }
        }
    }
}

#[test]
fn plain_text_helpers() {
    assert_eq!(
        display_width("日本 e\u{301} 👩\u{200d}👩\u{200d}👧\u{200d}👦"),
        4 + 1 + 1 + 1 + 2
    );
    assert_eq!(truncate_to_width("Bob the Builder", 8), "Bob the…");
    assert_eq!(truncate_to_width("日本語テキスト", 5), "日本…");
    assert_eq!(truncate_to_width("\x1b[31mred", 10), "red");
    assert_eq!(wrap_text("alpha beta gamma", 11), ["alpha beta", "gamma"]);
    assert_eq!(
        strip_html(r#"<p>Bio with <a href="https://x/@a">@<span>a</span></a></p><p>and more</p>"#),
        "Bio with @a and more"
    );
    assert_eq!(html_to_text("<p>a</p><p>b<br>c</p>"), "a\n\nb\nc");
}

/// Random soups of tags, attributes, entities, escape sequences and
/// difficult characters: no panic, no control characters, no line too wide.
#[test]
fn random_html_soup() {
    const PIECES: &[&str] = &[
        "<p>",
        "</p>",
        "<br>",
        "<blockquote>",
        "</blockquote>",
        "<ul>",
        "</ul>",
        "<ol start=\"3\">",
        "</ol>",
        "<li>",
        "</li>",
        "<pre>",
        "</pre>",
        "<code>",
        "</code>",
        "<strong>",
        "</strong>",
        "<em>",
        "</em>",
        "<del>",
        "</del>",
        "<a href=\"https://e.com/x\">",
        "<a href=\"https://x/@bob\" class=\"u-url mention\">",
        "<a href=\"https://x/tags/t\">",
        "</a>",
        "<span class=\"invisible\">",
        "<span class=\"ellipsis\">",
        "<span>",
        "</span>",
        "<h3>",
        "</h3>",
        "<table><tr><td>",
        "</td></tr></table>",
        "<img src=i alt=\"alt\">",
        "<script>",
        "</script>",
        "<div>",
        "</div>",
        "<",
        ">",
        "&",
        "&amp;",
        "&#27;",
        "&#x9d;",
        "&#0;",
        "&nbsp;",
        "\x1b[31m",
        "\x1b]52;c;AA\x07",
        "\x1b]8;;u\x1b\\",
        "\u{9b}",
        "\u{202e}",
        "\t",
        "\n",
        " ",
        "  ",
        "\0",
        "word",
        "longerwordhere",
        "日本語",
        "👩\u{200d}👩\u{200d}👧\u{200d}👦",
        "e\u{301}",
        "\u{301}",
        "\u{200d}",
        "مرحبا",
        "🏳\u{fe0f}\u{200d}🌈",
        "🇯🇵🇺🇸",
        "x",
        ".",
        "@",
        "#",
        "[1]",
    ];
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let opts = [
        RenderOptions {
            link_markers: LinkMarkers::None,
        },
        RenderOptions {
            link_markers: LinkMarkers::All,
        },
    ];
    for round in 0..400 {
        let n = (next() % 40) as usize + 1;
        let html: String = (0..n)
            .map(|_| PIECES[(next() % PIECES.len() as u64) as usize])
            .collect();
        let doc = Document::parse_with(&html, &opts[round % 2]);
        for w in [0u16, 1, 2, 3, 4, 7, 13, 40] {
            let lines = doc.layout(w);
            if w == 0 {
                assert!(lines.is_empty());
            }
            for l in &lines {
                assert!(
                    l.width() <= usize::from(w),
                    "{html:?} @ {w}: {:?}",
                    l.text()
                );
                for s in &l.spans {
                    assert!(no_controls(&s.text), "{html:?}: {:?}", s.text);
                    if let Some(r) = s.style.link {
                        assert!(r.index < doc.links().len());
                        assert_eq!(r.kind, doc.links()[r.index].kind);
                    }
                }
            }
        }
        assert!(no_controls(&strip_html(&html)));
        for l in wrap_text(&html, 5) {
            assert!(display_width(&l) <= 5 && no_controls(&l));
        }
    }
}
