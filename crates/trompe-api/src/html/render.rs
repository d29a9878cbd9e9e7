//! Status HTML → styled, wrapped lines.
//!
//! Rendering happens in two stages so that a terminal resize only re-wraps:
//!
//! 1. [`Document::parse`] pre-processes the HTML (see `prep`), lets html2text
//!    lay out the blocks (paragraphs, `<br>`, quotes, lists, `<pre>`) at an
//!    effectively unlimited width, and turns the result into *logical lines*:
//!    a structural prefix (quote bars, list bullets and indentation) plus
//!    sanitised, styled content. Links are collected into a table,
//!    deduplicated by URL, and classified as URL, mention or hashtag.
//! 2. [`Document::layout`] wraps every logical line to the requested width
//!    with our own grapheme-aware wrapper (html2text measures and splits by
//!    `char`, which breaks emoji ZWJ sequences and combining marks), repeating
//!    quote bars and list indentation on continuation lines.
//!
//! [`render_html`] does both. The result never contains a line wider than the
//! width (see [`crate::html::wrap_text`] for the one-column caveat), nothing
//! in it can drive the terminal, and no input makes it panic: if html2text
//! fails (or the document is absurdly deep) the tag-stripped text is wrapped
//! instead.
//!
//! html2text is asked for `"\0…"` markers as list and quote prefixes; NUL
//! cannot come out of the HTML parser (the sanitised input has none, and
//! `&#0;` decodes to U+FFFD), so the markers are unambiguous.

use std::collections::HashMap;

use html2text::render::{RichAnnotation, TaggedLine, TaggedLineElement, TextDecorator};
use unicode_segmentation::GraphemeCursor;

use super::prep::prepare;
use super::sanitize::{Mode, sanitize_into, sanitize_line};
use super::strip::html_to_text;
use super::wrap::{PLACEHOLDER, VLine, display_width, wrap_ranges};

/// Width given to html2text: large enough that it never wraps real content,
/// small enough to stay clear of any arithmetic overflow.
const RENDER_WIDTH: usize = 1 << 20;

/// What a link points at, told apart by its text (`@…`, `#…`) or, failing
/// that, by the shape of its URL (`/tags/…`, `/@name`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum LinkKind {
    /// An ordinary link (also images).
    Url,
    /// A mention of an account.
    Mention,
    /// A hashtag.
    Hashtag,
}

/// An entry of the link table of a rendered status.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Link {
    /// The target (sanitised, otherwise as the server sent it).
    pub url: String,
    /// The displayed text of its first occurrence, e.g. `"@bob"`, `"#rust"`,
    /// `"example.com/very…"`.
    pub text: String,
    /// Mention, hashtag or plain URL.
    pub kind: LinkKind,
}

/// Where a link span points: its index into [`RichText::links`] (or
/// [`Document::links`]) and the link's kind, for styling.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct LinkRef {
    /// Index into the link table (0-based; markers show `index + 1`).
    pub index: usize,
    /// Same as `links[index].kind`.
    pub kind: LinkKind,
}

/// Semantic style of a span; the UI maps it to theme styles.
#[derive(Clone, Copy, Default, PartialEq, Eq, Debug, Hash)]
pub struct SpanStyle {
    /// Part of a link.
    pub link: Option<LinkRef>,
    /// A `[n]` link marker added by [`LinkMarkers`] (then `link` is set too).
    pub marker: bool,
    /// `<strong>`, `<b>`, headings.
    pub strong: bool,
    /// `<em>`, `<i>`.
    pub emphasis: bool,
    /// Inline `<code>` or a `<pre>` block.
    pub code: bool,
    /// `<del>`, `<s>`.
    pub strike: bool,
    /// Inside a `<blockquote>` (including its `"│ "` bar).
    pub quote: bool,
}

/// A piece of text with one style. Never contains control characters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StyledSpan {
    /// The text.
    pub text: String,
    /// Its style.
    pub style: SpanStyle,
}

/// One screen line.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StyledLine {
    /// The spans, left to right.
    pub spans: Vec<StyledSpan>,
}

impl StyledLine {
    /// Display width in columns.
    pub fn width(&self) -> usize {
        self.spans.iter().map(|s| display_width(&s.text)).sum()
    }

    /// The text without styles.
    pub fn text(&self) -> String {
        self.spans.iter().map(|s| s.text.as_str()).collect()
    }

    /// Only whitespace (or nothing).
    pub fn is_blank(&self) -> bool {
        self.spans.iter().all(|s| s.text.trim().is_empty())
    }
}

/// A rendered status: wrapped lines plus the link table.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RichText {
    /// Lines, each at most the requested width.
    pub lines: Vec<StyledLine>,
    /// Links in order of first appearance, deduplicated by URL.
    pub links: Vec<Link>,
}

impl RichText {
    /// The lines' text joined with `'\n'`.
    pub fn plain_text(&self) -> String {
        let mut s = String::new();
        for (i, l) in self.lines.iter().enumerate() {
            if i > 0 {
                s.push('\n');
            }
            for span in &l.spans {
                s.push_str(&span.text);
            }
        }
        s
    }
}

/// Which links get a `[n]` marker after their text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum LinkMarkers {
    /// No markers: the text is exactly what the HTML shows.
    #[default]
    None,
    /// Plain URLs only (not mentions or hashtags).
    Urls,
    /// Every link.
    All,
}

/// Options for [`Document::parse_with`] and [`render_html_with`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RenderOptions {
    /// Add `[n]` markers (n = link index + 1) after links. They are part of
    /// the text when wrapping, so lines stay within the width.
    pub link_markers: LinkMarkers,
}

/// Render status HTML to lines wrapped to `width` columns, with the link
/// table. A width of 0 gives no lines (the link table is still filled).
pub fn render_html(html: &str, width: u16) -> RichText {
    Document::parse(html).render(width)
}

/// [`render_html`] with options.
pub fn render_html_with(html: &str, width: u16, options: &RenderOptions) -> RichText {
    Document::parse_with(html, options).render(width)
}

/// What kind of top-level block a line belongs to.
#[derive(Clone, Copy, PartialEq, Eq)]
enum BlockKind {
    Plain,
    Quote,
    List(ListKind),
    Pre,
}

/// The kind of list a line belongs to.
#[derive(Clone, Copy, PartialEq, Eq)]
enum ListKind {
    Bullet,
    Ordered,
    /// Indented continuation of a list item.
    Cont,
}

/// One unwrapped line: structural prefix plus styled content.
#[derive(Clone, Debug, Default)]
struct Logical {
    /// Prefix on the first screen line (`"│ "`, `"• "`, `"1. "`, indentation).
    prefix: Vec<StyledSpan>,
    /// Prefix on continuation lines (quote bars kept, bullets blanked).
    cont: Vec<StyledSpan>,
    /// Width of `prefix` (and of `cont`).
    prefix_w: usize,
    /// Content text (sanitised).
    text: String,
    /// Style runs over `text`: (end byte, style), ends increasing.
    spans: Vec<(usize, SpanStyle)>,
    /// Preformatted: wrap anywhere, keep spaces.
    hard: bool,
    /// Byte ranges of `text` never broken across lines (link markers).
    atomic: Vec<(usize, usize)>,
}

impl Logical {
    /// Append sanitised `s` with `style`; returns the byte range that got
    /// `style`.
    ///
    /// Style runs never start inside a grapheme cluster: characters that
    /// extend the previous cluster (a combining mark or ZWJ after a style
    /// change) take the previous run's style, because the UI measures and
    /// draws each span on its own.
    fn push(&mut self, s: &str, style: SpanStyle) -> (usize, usize) {
        let before = self.text.len();
        sanitize_into(s, &mut self.text, Mode::Line);
        let after = self.text.len();
        if after == before {
            return (after, after);
        }
        let mut start = before;
        if before > 0 && !self.text.as_bytes()[before].is_ascii() {
            start = cluster_boundary(&self.text, before);
            if start > before
                && let Some((end, _)) = self.spans.last_mut()
            {
                *end = start;
            }
        }
        if after > start {
            match self.spans.last_mut() {
                Some((end, st)) if *st == style => *end = after,
                _ => self.spans.push((after, style)),
            }
        }
        (start, after)
    }

    fn push_prefix(&mut self, first: &str, cont: &str, style: SpanStyle) {
        self.prefix_w += display_width(first);
        for (v, s) in [(&mut self.prefix, first), (&mut self.cont, cont)] {
            match v.last_mut() {
                Some(last) if last.style == style => last.text.push_str(s),
                _ => v.push(StyledSpan {
                    text: s.to_owned(),
                    style,
                }),
            }
        }
    }

    fn block_kind(&self) -> BlockKind {
        match self.prefix.first() {
            Some(p) if p.style.quote => BlockKind::Quote,
            Some(p) if p.text.starts_with('•') => BlockKind::List(ListKind::Bullet),
            Some(p) if p.text.starts_with(|c: char| c.is_ascii_digit() || c == '-') => {
                BlockKind::List(ListKind::Ordered)
            }
            Some(_) => BlockKind::List(ListKind::Cont),
            None if self.hard => BlockKind::Pre,
            None => BlockKind::Plain,
        }
    }

    fn is_blank(&self) -> bool {
        self.text.trim().is_empty() && self.prefix.iter().all(|s| s.text.trim().is_empty())
    }

    /// This line with its prefix moved into the content (for widths too
    /// narrow to repeat the prefix).
    fn inlined(&self) -> Logical {
        let mut l = Logical {
            hard: self.hard,
            ..Logical::default()
        };
        for p in &self.prefix {
            l.push(&p.text, p.style);
        }
        let off = l.text.len();
        l.text.push_str(&self.text);
        l.atomic = self
            .atomic
            .iter()
            .map(|&(a, b)| (a + off, b + off))
            .collect();
        for &(end, style) in &self.spans {
            match l.spans.last_mut() {
                Some((e, st)) if *st == style => *e = off + end,
                _ => l.spans.push((off + end, style)),
            }
        }
        l
    }
}

/// Parsed, width-independent form of a status. Cache it and call
/// [`layout`](Self::layout) again when the width changes.
#[derive(Clone, Debug, Default)]
pub struct Document {
    lines: Vec<Logical>,
    links: Vec<Link>,
}

impl Document {
    /// Parse status HTML with default options.
    pub fn parse(html: &str) -> Document {
        Self::parse_with(html, &RenderOptions::default())
    }

    /// Parse status HTML. Never panics; falls back to the tag-stripped text
    /// when the HTML cannot be rendered.
    pub fn parse_with(html: &str, options: &RenderOptions) -> Document {
        let prepared = prepare(html);
        if !prepared.too_deep {
            let src: &str = &prepared.html;
            let result = crate::recover::catch(|| {
                html2text::config::with_decorator(Markers)
                    .raw_mode(true)
                    .allow_width_overflow()
                    .unicode_strikeout(false)
                    .lines_from_read(src.as_bytes(), RENDER_WIDTH)
            });
            if let Ok(Ok(lines)) = result {
                return Builder::new(options).build(lines);
            }
        }
        Self::from_plain(&html_to_text(&prepared.html))
    }

    /// A document of unstyled text lines.
    fn from_plain(text: &str) -> Document {
        let mut doc = Document::default();
        for line in text.lines() {
            let mut l = Logical::default();
            l.push(line, SpanStyle::default());
            doc.lines.push(l);
        }
        doc.tidy();
        doc
    }

    /// The link table.
    pub fn links(&self) -> &[Link] {
        &self.links
    }

    /// Wrap to `width` columns. No returned line is wider than `width` (as
    /// measured by [`display_width`]); a width of 0 gives no lines.
    pub fn layout(&self, width: u16) -> Vec<StyledLine> {
        let w = usize::from(width);
        let mut out = Vec::with_capacity(self.lines.len());
        if w == 0 {
            return out;
        }
        let mut vl = Vec::new();
        for l in &self.lines {
            if l.prefix_w > 0 && l.prefix_w * 2 > w {
                layout_one(&l.inlined(), w, &mut vl, &mut out);
            } else {
                layout_one(l, w, &mut vl, &mut out);
            }
        }
        out
    }

    /// [`layout`](Self::layout) plus a copy of the link table.
    pub fn render(&self, width: u16) -> RichText {
        RichText {
            lines: self.layout(width),
            links: self.links.clone(),
        }
    }

    /// Separate top-level blocks of different kinds (quote, list,
    /// preformatted, plain) by a blank line, as the web UI's margins do
    /// (html2text only does so after paragraphs); drop leading and trailing
    /// blank lines; collapse runs of blank lines (outside preformatted text)
    /// into one.
    fn tidy(&mut self) {
        let mut prev: Option<BlockKind> = None;
        let mut i = 0;
        while i < self.lines.len() {
            let l = &self.lines[i];
            if l.is_blank() && !l.hard {
                prev = None;
            } else {
                let mut kind = l.block_kind();
                if kind == BlockKind::List(ListKind::Cont) {
                    // An indented line continues the list above, if any.
                    kind = match prev {
                        Some(p @ BlockKind::List(_)) => p,
                        _ => BlockKind::Plain,
                    };
                }
                if prev.is_some_and(|p| p != kind) {
                    self.lines.insert(i, Logical::default());
                    i += 1;
                }
                prev = Some(kind);
            }
            i += 1;
        }
        let mut prev_blank = true; // drops leading blanks
        self.lines.retain(|l| {
            let blank = l.is_blank() && !l.hard;
            let keep = !(blank && prev_blank);
            prev_blank = blank;
            keep
        });
        while self.lines.last().is_some_and(Logical::is_blank) {
            self.lines.pop();
        }
    }
}

/// The first grapheme cluster boundary at or after `pos` in `text`.
fn cluster_boundary(text: &str, pos: usize) -> usize {
    let mut cursor = GraphemeCursor::new(pos, text.len(), true);
    match cursor.is_boundary(text, 0) {
        Ok(true) => pos,
        _ => cursor
            .next_boundary(text, 0)
            .ok()
            .flatten()
            .unwrap_or(text.len()),
    }
}

/// Wrap one logical line and append its screen lines to `out`.
fn layout_one(l: &Logical, w: usize, vl: &mut Vec<VLine>, out: &mut Vec<StyledLine>) {
    vl.clear();
    wrap_ranges(&l.text, w - l.prefix_w, l.hard, &l.atomic, vl);
    let mut si = 0; // first style run that may overlap the current line
    for (k, v) in vl.iter().enumerate() {
        let prefix = if k == 0 { &l.prefix } else { &l.cont };
        let mut spans = Vec::with_capacity(prefix.len() + 1);
        spans.extend_from_slice(prefix);
        while si < l.spans.len() && l.spans[si].0 <= v.start {
            si += 1;
        }
        if v.placeholder {
            let style = l.spans.get(si).map(|s| s.1).unwrap_or_default();
            spans.push(StyledSpan {
                text: PLACEHOLDER.to_owned(),
                style,
            });
        } else {
            let mut j = si;
            while j < l.spans.len() {
                let run_start = if j == 0 { 0 } else { l.spans[j - 1].0 };
                let (run_end, style) = l.spans[j];
                let a = run_start.max(v.start);
                let b = run_end.min(v.end);
                if a < b {
                    spans.push(StyledSpan {
                        text: l.text[a..b].to_owned(),
                        style,
                    });
                }
                if run_end >= v.end {
                    break;
                }
                j += 1;
            }
        }
        out.push(StyledLine { spans });
    }
}

/// The html2text decorator: rich annotations, and NUL markers as block
/// prefixes so that we can recognise (and restyle) them. Each marker has the
/// same length in bytes as the display width of what replaces it.
#[derive(Clone, Copy)]
struct Markers;

impl TextDecorator for Markers {
    type Annotation = RichAnnotation;

    fn decorate_link_start(&mut self, url: &str) -> (String, RichAnnotation) {
        (String::new(), RichAnnotation::Link(url.to_owned()))
    }
    fn decorate_link_end(&mut self) -> String {
        String::new()
    }
    fn decorate_em_start(&self) -> (String, RichAnnotation) {
        (String::new(), RichAnnotation::Emphasis)
    }
    fn decorate_em_end(&self) -> String {
        String::new()
    }
    fn decorate_strong_start(&self) -> (String, RichAnnotation) {
        (String::new(), RichAnnotation::Strong)
    }
    fn decorate_strong_end(&self) -> String {
        String::new()
    }
    fn decorate_strikeout_start(&self) -> (String, RichAnnotation) {
        (String::new(), RichAnnotation::Strikeout)
    }
    fn decorate_strikeout_end(&self) -> String {
        String::new()
    }
    fn decorate_code_start(&self) -> (String, RichAnnotation) {
        (String::new(), RichAnnotation::Code)
    }
    fn decorate_code_end(&self) -> String {
        String::new()
    }
    fn decorate_preformat_first(&self) -> RichAnnotation {
        RichAnnotation::Preformat(false)
    }
    fn decorate_preformat_cont(&self) -> RichAnnotation {
        RichAnnotation::Preformat(true)
    }
    fn decorate_image(&mut self, src: &str, title: &str) -> (String, RichAnnotation) {
        (title.to_owned(), RichAnnotation::Image(src.to_owned()))
    }
    fn header_prefix(&self, level: usize) -> String {
        // "\0H" marks the line as a heading and is removed.
        let mut s = String::from("\0H");
        s.push_str(&"#".repeat(level.min(6)));
        s.push(' ');
        s
    }
    fn quote_prefix(&self) -> String {
        "\0>".to_owned() // → "│ "
    }
    fn unordered_item_prefix(&self) -> String {
        "\0*".to_owned() // → "• "
    }
    fn ordered_item_prefix(&self, i: i64) -> String {
        format!("\0{i}.") // → "{i}. "
    }
    fn make_subblock_decorator(&self) -> Self {
        *self
    }
}

/// The link table being built.
struct LinkTable {
    links: Vec<Link>,
    by_url: HashMap<String, usize>,
    /// The first occurrence of the link is still being read (its text is
    /// accumulating).
    open: Vec<bool>,
}

impl LinkTable {
    fn intern(&mut self, url: &str) -> usize {
        let url = sanitize_line(url);
        if let Some(&i) = self.by_url.get(url.as_ref()) {
            return i;
        }
        let i = self.links.len();
        let url = url.into_owned();
        self.by_url.insert(url.clone(), i);
        self.links.push(Link {
            url,
            text: String::new(),
            kind: LinkKind::Url,
        });
        self.open.push(true);
        i
    }
}

/// Per-line state while reading the prefix.
#[derive(Default)]
struct LineState {
    /// Still reading the structural prefix.
    in_prefix: bool,
    quote: bool,
    heading: bool,
    /// The link run currently being read.
    cur_link: Option<usize>,
}

/// Turns html2text lines into a [`Document`].
struct Builder {
    markers: LinkMarkers,
    table: LinkTable,
    lines: Vec<Logical>,
}

impl Builder {
    fn new(options: &RenderOptions) -> Self {
        Builder {
            markers: options.link_markers,
            table: LinkTable {
                links: Vec::new(),
                by_url: HashMap::new(),
                open: Vec::new(),
            },
            lines: Vec::new(),
        }
    }

    fn build(mut self, lines: Vec<TaggedLine<Vec<RichAnnotation>>>) -> Document {
        self.lines.reserve(lines.len());
        for line in lines {
            let mut l = Logical::default();
            let mut st = LineState {
                in_prefix: true,
                ..LineState::default()
            };
            for elem in line {
                let TaggedLineElement::Str(ts) = elem else {
                    continue;
                };
                let (mut style, pre) = self.style_of(&ts.tag);
                let mut s = ts.s.as_str();
                if st.in_prefix {
                    if pre {
                        st.in_prefix = false;
                    } else {
                        s = parse_prefix(s, &mut l, &mut st);
                    }
                }
                if s.is_empty() {
                    continue;
                }
                style.quote |= st.quote;
                style.strong |= st.heading;
                l.hard |= pre;
                self.push_content(&mut l, &mut st, s, style);
            }
            self.close_run(&mut l, &mut st);
            self.lines.push(l);
        }
        // Kinds are only known once each link's text is complete.
        let links = self.table.links;
        for l in &mut self.lines {
            for (_, style) in &mut l.spans {
                if let Some(r) = style.link.as_mut()
                    && let Some(link) = links.get(r.index)
                {
                    r.kind = link.kind;
                }
            }
        }
        let mut doc = Document {
            lines: self.lines,
            links,
        };
        doc.tidy();
        doc
    }

    /// Map html2text annotations (outermost first) to a style.
    fn style_of(&mut self, tags: &[RichAnnotation]) -> (SpanStyle, bool) {
        let mut style = SpanStyle::default();
        let mut pre = false;
        for t in tags {
            match t {
                RichAnnotation::Link(url) => {
                    let index = self.table.intern(url);
                    style.link = Some(LinkRef {
                        index,
                        kind: LinkKind::Url,
                    });
                }
                RichAnnotation::Image(src) if style.link.is_none() => {
                    let index = self.table.intern(src);
                    style.link = Some(LinkRef {
                        index,
                        kind: LinkKind::Url,
                    });
                }
                RichAnnotation::Emphasis => style.emphasis = true,
                RichAnnotation::Strong => style.strong = true,
                RichAnnotation::Strikeout => style.strike = true,
                RichAnnotation::Code => style.code = true,
                RichAnnotation::Preformat(_) => {
                    style.code = true;
                    pre = true;
                }
                _ => {}
            }
        }
        (style, pre)
    }

    fn push_content(&mut self, l: &mut Logical, st: &mut LineState, s: &str, style: SpanStyle) {
        let link = style.link.map(|r| r.index);
        if link != st.cur_link {
            self.close_run(l, st);
            st.cur_link = link;
        }
        let (a, b) = l.push(s, style);
        if let Some(i) = link
            && self.table.open.get(i).copied().unwrap_or(false)
            && let Some(entry) = self.table.links.get_mut(i)
        {
            entry.text.push_str(&l.text[a..b]);
        }
    }

    /// The current link run ended: finish the link's text and kind on its
    /// first occurrence, and add a marker if wanted.
    fn close_run(&mut self, l: &mut Logical, st: &mut LineState) {
        let Some(i) = st.cur_link.take() else {
            return;
        };
        let Some(link) = self.table.links.get_mut(i) else {
            return;
        };
        if let Some(open) = self.table.open.get_mut(i)
            && *open
        {
            *open = false;
            let trimmed = link.text.trim();
            if trimmed.len() != link.text.len() {
                link.text = trimmed.to_owned();
            }
            link.kind = classify(&link.url, &link.text);
        }
        let mark = match self.markers {
            LinkMarkers::None => false,
            LinkMarkers::Urls => link.kind == LinkKind::Url,
            LinkMarkers::All => true,
        };
        if mark {
            let style = SpanStyle {
                link: Some(LinkRef {
                    index: i,
                    kind: link.kind,
                }),
                marker: true,
                quote: st.quote,
                ..SpanStyle::default()
            };
            let range = l.push(&format!("[{}]", i + 1), style);
            l.atomic.push(range);
        }
    }
}

/// Consume the structural prefix at the start of `s` (which may continue
/// from a previous element), recording it in `l`; returns the rest.
fn parse_prefix<'s>(mut s: &'s str, l: &mut Logical, st: &mut LineState) -> &'s str {
    loop {
        let b = s.as_bytes();
        let Some(&first) = b.first() else {
            return s; // the prefix may continue in the next element
        };
        let style = SpanStyle {
            quote: st.quote,
            ..SpanStyle::default()
        };
        if first == b' ' {
            let n = b.iter().take_while(|&&c| c == b' ').count();
            l.push_prefix(&s[..n], &s[..n], style);
            s = &s[n..];
            continue;
        }
        if first != 0 {
            st.in_prefix = false;
            return s;
        }
        match b.get(1) {
            Some(b'>') => {
                st.quote = true;
                let style = SpanStyle {
                    quote: true,
                    ..SpanStyle::default()
                };
                l.push_prefix("│ ", "│ ", style);
                s = &s[2..];
            }
            Some(b'*') => {
                l.push_prefix("• ", "  ", style);
                s = &s[2..];
            }
            Some(b'H') => {
                st.heading = true;
                st.in_prefix = false;
                return &s[2..];
            }
            Some(c) if c.is_ascii_digit() || *c == b'-' => {
                let k = b[1..]
                    .iter()
                    .take_while(|c| c.is_ascii_digit() || **c == b'-')
                    .count();
                if b.get(1 + k) == Some(&b'.') {
                    let mut first = String::with_capacity(k + 2);
                    first.push_str(&s[1..1 + k]);
                    first.push_str(". ");
                    let cont = " ".repeat(k + 2);
                    l.push_prefix(&first, &cont, style);
                    s = &s[k + 2..];
                } else {
                    st.in_prefix = false;
                    return &s[1..];
                }
            }
            _ => {
                st.in_prefix = false;
                return &s[1..];
            }
        }
    }
}

/// Tell mentions, hashtags and plain links apart.
fn classify(url: &str, text: &str) -> LinkKind {
    let t = text.trim_start();
    if t.starts_with('@') {
        return LinkKind::Mention;
    }
    if t.starts_with('#') {
        return LinkKind::Hashtag;
    }
    if t.starts_with("http://")
        || t.starts_with("https://")
        || (t.contains('.') && !t.contains(' '))
    {
        // The link shows (a shortened form of) its URL.
        return LinkKind::Url;
    }
    let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    let path = after_scheme.find('/').map_or("", |i| &after_scheme[i..]);
    let path = path.split(['?', '#']).next().unwrap_or("");
    if path.contains("/tags/") || path.starts_with("/tag/") {
        LinkKind::Hashtag
    } else if path.strip_prefix("/@").is_some_and(|name| {
        let name = name.trim_end_matches('/');
        !name.is_empty() && !name.contains('/')
    }) {
        LinkKind::Mention
    } else {
        LinkKind::Url
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(r: &RichText) -> Vec<String> {
        r.lines.iter().map(StyledLine::text).collect()
    }

    #[test]
    fn paragraphs_and_br() {
        let r = render_html("<p>one<br>two</p><p>three</p>", 80);
        assert_eq!(texts(&r), ["one", "two", "", "three"]);
    }

    #[test]
    fn prefixes() {
        let r = render_html(
            "<blockquote><p>quoted text here</p></blockquote><ul><li>a b c d</li></ul><ol><li>x</li></ol>",
            80,
        );
        assert_eq!(
            texts(&r),
            ["│ quoted text here", "", "• a b c d", "", "1. x"]
        );
        assert!(r.lines[0].spans.iter().all(|s| s.style.quote));
        let r = render_html(
            "<blockquote><p>quoted text here</p></blockquote><ul><li>a b c d</li></ul>",
            8,
        );
        assert_eq!(
            texts(&r),
            ["│ quoted", "│ text", "│ here", "", "• a b c", "  d"]
        );
    }

    #[test]
    fn heading_is_strong() {
        let r = render_html("<h2>Title</h2><p>x</p>", 80);
        assert_eq!(texts(&r), ["## Title", "", "x"]);
        assert!(r.lines[0].spans.iter().all(|s| s.style.strong));
    }

    #[test]
    fn classify_links() {
        assert_eq!(classify("https://x/@bob", "@bob"), LinkKind::Mention);
        assert_eq!(classify("https://x/tags/rust", "#rust"), LinkKind::Hashtag);
        assert_eq!(
            classify("https://mastodon.social/@bob", "mastodon.social/@bob"),
            LinkKind::Url
        );
        assert_eq!(classify("https://x/@bob", "Bob"), LinkKind::Mention);
        assert_eq!(classify("https://x/@bob/123", "a post"), LinkKind::Url);
        assert_eq!(classify("https://x/tags/rust", "Rust"), LinkKind::Hashtag);
        assert_eq!(classify("https://example.com/", "my site"), LinkKind::Url);
    }

    #[test]
    fn markers() {
        let html = r#"<p><a href="https://x/@bob" class="u-url mention">@<span>bob</span></a> see <a href="https://e.com/">e.com</a></p>"#;
        let opts = RenderOptions {
            link_markers: LinkMarkers::Urls,
        };
        let r = render_html_with(html, 80, &opts);
        assert_eq!(texts(&r), ["@bob see e.com[2]"]);
        let marker = r.lines[0].spans.iter().find(|s| s.style.marker);
        assert_eq!(marker.and_then(|m| m.style.link).map(|l| l.index), Some(1));
    }

    #[test]
    fn tiny_widths_inline_prefix() {
        let r = render_html(
            "<blockquote><blockquote><p>deep</p></blockquote></blockquote>",
            5,
        );
        for l in &r.lines {
            assert!(l.width() <= 5, "{:?}", l.text());
        }
        assert_eq!(r.plain_text().replace(['\n', ' '], ""), "││deep");
    }
}
