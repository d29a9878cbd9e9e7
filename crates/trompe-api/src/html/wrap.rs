//! Display-width aware wrapping and truncation of plain text.
//!
//! Widths are measured per extended grapheme cluster with `unicode-width`
//! (the same way the terminal UI lays out cells), and a grapheme cluster is
//! never split across lines, with one exception forced by the width limit: a
//! single cluster wider than the whole line (say a malformed 20-emoji ZWJ
//! chain, which terminals draw as separate emoji anyway) is split between its
//! characters. A single *character* wider than the line (a CJK ideograph or an
//! emoji when the width is 1) cannot be shown at all and is replaced by `"…"`
//! ([`PLACEHOLDER`]), so that the width guarantee holds for every width ≥ 1.
//! A width of 0 yields no lines.

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

use super::sanitize::{Mode, sanitize_line, sanitize_mode};

/// What a character that is wider than the whole available width is shown
/// as (only happens for width 1 or for characters wider than 2 columns).
pub const PLACEHOLDER: &str = "…";

/// Display width of one grapheme cluster (or any string) as `unicode-width`
/// computes it.
#[inline]
pub(crate) fn str_width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// Display width of a character, measured as a one-character string.
fn char_width(c: char) -> usize {
    let mut buf = [0u8; 4];
    str_width(c.encode_utf8(&mut buf))
}

/// Width of a string in terminal columns: the sum of the widths of its
/// grapheme clusters (how the UI places them in cells).
///
/// ```
/// use trompe_api::html::display_width;
/// assert_eq!(display_width("abc"), 3);
/// assert_eq!(display_width("日本"), 4);
/// assert_eq!(display_width("e\u{301}"), 1);
/// ```
pub fn display_width(s: &str) -> usize {
    if s.bytes().all(|b| (0x20..0x7f).contains(&b)) {
        return s.len();
    }
    s.graphemes(true).map(str_width).sum()
}

/// Word-wrap plain text to `width` display columns.
///
/// The text is sanitised first (see [`sanitize()`](super::sanitize())); each
/// `'\n'`-separated line is wrapped on its own, breaking at spaces and, for
/// words longer than a line, between grapheme clusters. Spaces at a break are
/// dropped; leading spaces of a line are kept if they fit. An empty string
/// gives no lines; a width of 0 gives no lines. Every returned line is at
/// most `width` columns wide by [`display_width`].
pub fn wrap_text(s: &str, width: u16) -> Vec<String> {
    let mut out = Vec::new();
    if width == 0 {
        return out;
    }
    let s = sanitize_mode(s, Mode::Multiline);
    let mut vlines = Vec::new();
    for line in s.lines() {
        vlines.clear();
        wrap_ranges(line, usize::from(width), false, &[], &mut vlines);
        out.extend(vlines.iter().map(|v| {
            if v.placeholder {
                PLACEHOLDER.to_owned()
            } else {
                line[v.start..v.end].to_owned()
            }
        }));
    }
    out
}

/// Cut `s` to at most `width` display columns, ending with `"…"` when
/// something was cut. The text is sanitised as a single line (newlines and
/// tabs become spaces).
///
/// ```
/// use trompe_api::html::truncate_to_width;
/// assert_eq!(truncate_to_width("hello world", 8), "hello w…");
/// assert_eq!(truncate_to_width("hello", 8), "hello");
/// ```
pub fn truncate_to_width(s: &str, width: usize) -> String {
    let s = sanitize_line(s);
    if display_width(&s) <= width {
        return s.into_owned();
    }
    let mut out = String::new();
    if width == 0 {
        return out;
    }
    let budget = width - 1; // room for the ellipsis
    let mut used = 0;
    for g in s.graphemes(true) {
        let w = str_width(g);
        if used + w > budget {
            break;
        }
        used += w;
        out.push_str(g);
    }
    out.push_str(PLACEHOLDER);
    out
}

/// One wrapped line: a byte range of the source text, or a placeholder
/// standing for a character too wide for the line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct VLine {
    pub start: usize,
    pub end: usize,
    /// Show [`PLACEHOLDER`] instead of `start..end`.
    pub placeholder: bool,
}

/// State of the line being filled.
struct Filler<'a, 'o> {
    text: &'a str,
    width: usize,
    out: &'o mut Vec<VLine>,
    /// Preformatted: keep spaces at line ends.
    hard: bool,
    start: usize,
    /// End of everything placed so far.
    end: usize,
    /// End of the last non-space grapheme placed.
    end_ns: usize,
    w: usize,
    has: bool,
}

impl Filler<'_, '_> {
    fn flush(&mut self) {
        let end = if self.hard {
            self.end
        } else {
            self.end_ns.max(self.start)
        };
        self.out.push(VLine {
            start: self.start,
            end,
            placeholder: false,
        });
        self.has = false;
        self.w = 0;
    }

    fn begin(&mut self, at: usize) {
        self.start = at;
        self.end = at;
        self.end_ns = at;
        self.has = true;
    }

    /// Place the grapheme `s..e` of width `gw`, breaking first if it does not
    /// fit on the current line.
    fn place(&mut self, s: usize, e: usize, gw: usize, space: bool) {
        if self.has && self.w + gw > self.width {
            self.flush();
        }
        if gw > self.width {
            self.place_too_wide(s, e);
            return;
        }
        if !self.has {
            self.begin(s);
        }
        self.end = e;
        if !space {
            self.end_ns = e;
        }
        self.w += gw;
    }

    /// A grapheme wider than a whole line: place it character by character,
    /// replacing characters that can never fit. The part of the cluster on
    /// the current line is measured as a whole (`"🏳\u{fe0f}"` is 2 wide
    /// although its characters measure 1 and 0).
    fn place_too_wide(&mut self, s: usize, e: usize) {
        let text = self.text;
        let mut chars = text[s..e].char_indices().peekable();
        // Start of the cluster's piece on the current line, and the line's
        // width before it.
        let mut piece = s;
        let mut base = self.w;
        while let Some((ci, c)) = chars.next() {
            let cs = s + ci;
            let ce = cs + c.len_utf8();
            if self.has && base + str_width(&text[piece..ce]) > self.width {
                self.flush();
                piece = cs;
                base = 0;
            }
            let pw = str_width(&text[piece..ce]);
            if base + pw <= self.width {
                if !self.has {
                    self.begin(cs);
                    piece = cs;
                    base = 0;
                }
                self.end = ce;
                self.end_ns = ce;
                self.w = base + pw;
                continue;
            }
            // `c` alone is wider than the line. Swallow the zero-width
            // characters that belong to it.
            let mut pe = ce;
            while let Some(&(nci, nc)) = chars.peek() {
                if char_width(nc) != 0 {
                    break;
                }
                pe = s + nci + nc.len_utf8();
                chars.next();
            }
            if self.has {
                self.flush();
            }
            self.out.push(VLine {
                start: cs,
                end: pe,
                placeholder: true,
            });
            piece = pe;
            base = 0;
        }
    }
}

/// Wrap one line of text (no `'\n'` inside) to `width` columns, appending
/// the resulting lines to `out`. Always appends at least one line. With
/// `hard`, breaks anywhere between grapheme clusters and keeps every space
/// (for preformatted text); otherwise word-wraps at spaces. `atomic` lists
/// sorted, disjoint byte ranges (on grapheme boundaries) that are kept
/// together like a single grapheme (link markers such as `[12]`).
pub(crate) fn wrap_ranges(
    text: &str,
    width: usize,
    hard: bool,
    atomic: &[(usize, usize)],
    out: &mut Vec<VLine>,
) {
    let width = width.max(1);
    let first = out.len();
    // Fast path: the whole line fits.
    if display_width(text) <= width {
        out.push(VLine {
            start: 0,
            end: text.len(),
            placeholder: false,
        });
        return;
    }
    let mut f = Filler {
        text,
        width,
        out,
        hard,
        start: 0,
        end: 0,
        end_ns: 0,
        w: 0,
        has: false,
    };
    let mut units = Units {
        gs: text.grapheme_indices(true).peekable(),
        atomic,
        next_atomic: 0,
    };

    if hard {
        while let Some((s, e, w, _)) = units.next() {
            f.place(s, e, w, false);
        }
    } else {
        // (start, end, width) of the graphemes of the current word.
        let mut word: Vec<(usize, usize, usize)> = Vec::new();
        let mut at_start = true;
        loop {
            let mut sp_w = 0;
            let mut sp_start = None;
            while units.peek_space() {
                if let Some((s, _, _, _)) = units.next() {
                    sp_start.get_or_insert(s);
                    sp_w += 1;
                }
            }
            word.clear();
            let mut word_w = 0;
            while !units.peek_space() {
                let Some((s, e, w, _)) = units.next() else {
                    break;
                };
                word.push((s, e, w));
                word_w += w;
            }
            if word.is_empty() {
                break; // trailing spaces are dropped
            }
            // Leading spaces of the text count; after that, a space only
            // separates words on the same line.
            let keep_spaces = f.has || at_start;
            let sep = if keep_spaces { sp_w } else { 0 };
            at_start = false;
            if f.w + sep + word_w <= width {
                if let (Some(ss), true) = (sp_start, keep_spaces) {
                    if !f.has {
                        f.begin(ss);
                    }
                    f.w += sep;
                    f.end = word[0].0;
                }
                for &(s, e, w) in &word {
                    f.place(s, e, w, false);
                }
            } else if word_w <= width {
                if f.has {
                    f.flush();
                }
                for &(s, e, w) in &word {
                    f.place(s, e, w, false);
                }
            } else {
                // Too long for any line: start it on this line if at least
                // half of the line is free, else on the next.
                if f.has && f.w + sep < width && (width - f.w - sep) * 2 >= width {
                    f.w += sep;
                    f.end = word[0].0;
                } else if f.has {
                    f.flush();
                }
                for &(s, e, w) in &word {
                    f.place(s, e, w, false);
                }
            }
        }
    }
    if f.has || f.out.len() == first {
        if !f.has {
            f.start = 0;
            f.end = 0;
            f.end_ns = 0;
        }
        f.flush();
    }
}

/// Grapheme clusters of a line, with atomic ranges merged into one unit.
struct Units<'a, 'r> {
    gs: std::iter::Peekable<unicode_segmentation::GraphemeIndices<'a>>,
    atomic: &'r [(usize, usize)],
    next_atomic: usize,
}

impl Units<'_, '_> {
    /// Is the next unit a plain space?
    fn peek_space(&mut self) -> bool {
        match self.gs.peek() {
            Some(&(s, g)) => {
                g == " "
                    && self
                        .atomic
                        .get(self.next_atomic)
                        .is_none_or(|&(a, _)| a > s)
            }
            None => false,
        }
    }

    /// The next unit: (start, end, width, is an atomic range).
    fn next(&mut self) -> Option<(usize, usize, usize, bool)> {
        let (s, g) = self.gs.next()?;
        while self
            .atomic
            .get(self.next_atomic)
            .is_some_and(|&(_, b)| b <= s)
        {
            self.next_atomic += 1;
        }
        let mut e = s + g.len();
        let mut w = str_width(g);
        match self.atomic.get(self.next_atomic) {
            Some(&(a, b)) if a <= s => {
                while let Some(&(s2, g2)) = self.gs.peek() {
                    if s2 >= b {
                        break;
                    }
                    e = s2 + g2.len();
                    w += str_width(g2);
                    self.gs.next();
                }
                self.next_atomic += 1;
                Some((s, e, w, true))
            }
            _ => Some((s, e, w, false)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wrap(s: &str, w: u16) -> Vec<String> {
        wrap_text(s, w)
    }

    #[test]
    fn words() {
        assert_eq!(wrap("the quick brown fox", 10), ["the quick", "brown fox"]);
        assert_eq!(wrap("the quick brown fox", 80), ["the quick brown fox"]);
        assert_eq!(wrap("a  b", 80), ["a  b"]);
        assert_eq!(wrap("  indented text", 9), ["indented", "text"]);
        assert_eq!(wrap("  indented text", 10), ["  indented", "text"]);
        assert_eq!(wrap("aaa bbb", 3), ["aaa", "bbb"]);
        assert_eq!(wrap("a\nb\n\nc", 5), ["a", "b", "", "c"]);
        assert!(wrap("", 5).is_empty());
        assert!(wrap("abc", 0).is_empty());
    }

    #[test]
    fn long_words() {
        assert_eq!(wrap("abcdefghij", 4), ["abcd", "efgh", "ij"]);
        // A word too long for any line starts on the current line only if
        // at least half of it is free.
        assert_eq!(wrap("xy abcdefghij", 4), ["xy", "abcd", "efgh", "ij"]);
        assert_eq!(wrap("xy abcdefghijklmnop", 10), ["xy abcdefg", "hijklmnop"]);
        assert_eq!(wrap("abc abcdefghij", 4), ["abc", "abcd", "efgh", "ij"]);
    }

    #[test]
    fn wide() {
        assert_eq!(
            wrap("日本語のテキスト", 5),
            ["日本", "語の", "テキ", "スト"]
        );
        assert_eq!(wrap("日本", 1), ["…", "…"]);
        assert_eq!(
            wrap("e\u{301}e\u{301}e\u{301}", 2),
            ["e\u{301}e\u{301}", "e\u{301}"]
        );
        // Joined emoji come apart (the sanitiser drops the joiners that
        // terminals disagree on): four emoji, two cells each.
        let fam = "👩\u{200d}👩\u{200d}👧\u{200d}👦";
        assert_eq!(display_width(fam), 2);
        assert_eq!(display_width(&crate::html::sanitize(fam)), 8);
        assert_eq!(wrap(fam, 5), ["👩👩", "👧👦"]);
    }

    #[test]
    fn atomic_units() {
        let text = "see link[12] ok";
        let mut out = Vec::new();
        wrap_ranges(text, 6, false, &[(8, 12)], &mut out);
        let lines: Vec<&str> = out.iter().map(|v| &text[v.start..v.end]).collect();
        assert_eq!(lines, ["see", "link", "[12]", "ok"]);
        out.clear();
        wrap_ranges(text, 3, true, &[(8, 12)], &mut out);
        // Wider than the line: split after all, nothing lost.
        let lines: Vec<&str> = out.iter().map(|v| &text[v.start..v.end]).collect();
        assert_eq!(lines.concat(), text);
        assert!(lines.iter().all(|l| display_width(l) <= 3));
    }

    #[test]
    fn truncate() {
        assert_eq!(truncate_to_width("hello", 5), "hello");
        assert_eq!(truncate_to_width("hello!", 5), "hell…");
        assert_eq!(truncate_to_width("hello", 0), "");
        assert_eq!(truncate_to_width("日本語", 4), "日…");
        assert_eq!(truncate_to_width("日本語", 1), "…");
        assert_eq!(truncate_to_width("a\nb", 5), "a b");
    }
}
