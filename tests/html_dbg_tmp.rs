use trompe::html::*;
#[test]
fn show() {
    let html = concat!(
        r#"<p>Hello <span class="h-card" translate="no"><a href="https://mastodon.social/@bob" class="u-url mention">@<span>bob</span></a></span>, look at <a href="https://example.com/very/long/path/to/something" rel="nofollow noopener" target="_blank"><span class="invisible">https://</span><span class="ellipsis">example.com/very/long/pat</span><span class="invisible">h/to/something</span></a> <a href="https://mastodon.social/tags/rust" class="mention hashtag" rel="tag">#<span>rust</span></a></p>"#,
        "<p>Intro</p><blockquote><p>quoted line one which is long enough to wrap</p><p>quoted two</p></blockquote>",
        "<ul><li>first item<br>second line of first</li><li>second <strong>bold</strong> item<ul><li>nested item that wraps around</li></ul></li></ul>",
        "<ol start=\"9\"><li>nine</li><li>ten</li></ol>",
        "<pre><code>fn main() {\n\tprintln!(\"hi\");\n}</code></pre>",
        "<h1>Heading</h1><p>end <img src='x.png' alt='a cat'> <a href='https://e.com/'><img src='i.png' alt='pic'></a></p>",
        "<table><tr><td>a</td><td>b</td></tr></table><dl><dt>term</dt><dd>def</dd></dl><p>x<sup>2</sup></p>",
    );
    for w in [80u16, 24, 6, 2] {
        let r = render_html_with(html, w, &RenderOptions { link_markers: LinkMarkers::Urls });
        println!("---- {w}");
        for l in &r.lines { println!("|{}|  {:?}", l.text(), l.spans.iter().map(|s| (s.text.as_str(), s.style.link.map(|l| l.index), s.style.quote, s.style.code, s.style.strong)).collect::<Vec<_>>()); }
        if w == 80 { println!("{:#?}", r.links); }
    }
}
