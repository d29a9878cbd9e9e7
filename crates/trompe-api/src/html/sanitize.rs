//! The one sanitiser for strings that came from a server.
//!
//! Everything a remote server sends us (display names, status text, content
//! warnings, URLs, alt text, …) must go through [`sanitize`] or
//! [`sanitize_line`] before it reaches the terminal, so that a hostile server
//! or user cannot drive the terminal (move the cursor, set the window title,
//! write the clipboard with OSC 52, plant OSC 8 hyperlinks, …) or reorder what
//! the user sees with bidirectional overrides.
//!
//! The exact rules are documented on [`sanitize`].
//!
//! A clean string is returned as [`Cow::Borrowed`] without allocating; the
//! check is a single byte scan.

use std::borrow::Cow;
use std::iter::Peekable;
use std::str::Chars;

/// How newlines and tabs are treated.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Mode {
    /// Keep `'\n'`, turn `'\t'` into a space.
    Multiline,
    /// Turn both `'\n'` and `'\t'` into a space.
    Line,
    /// Keep `'\n'` and `'\t'` (raw HTML handed to the HTML parser, which
    /// gives tabs their meaning inside `<pre>`).
    Html,
}

/// Remove terminal control characters, escape sequences (with their payload)
/// and bidirectional formatting characters from a server-provided string.
///
/// `'\n'` is kept and `'\t'` becomes a space. Returns the input borrowed when
/// nothing needed changing.
///
/// What is removed:
///
/// * C0 controls (U+0000–U+001F) except `'\n'` (kept by [`sanitize`], turned
///   into a space by [`sanitize_line`]) and `'\t'` (turned into a space);
/// * DEL (U+007F) and the C1 controls (U+0080–U+009F);
/// * complete escape sequences, payload included: `ESC [` CSI up to its final
///   byte, `ESC ]` OSC up to BEL or ST, `ESC P` DCS, `ESC X` SOS, `ESC ^` PM and
///   `ESC _` APC up to their terminator, two-byte `ESC x` sequences (with any
///   intermediate bytes), and the 8-bit forms U+009B (CSI), U+009D (OSC),
///   U+0090 (DCS), U+0098 (SOS), U+009E (PM), U+009F (APC). A string sequence
///   ends at BEL, at ST (`ESC \` or U+009C), at CAN/SUB, or at an `ESC` that
///   starts another sequence; an unterminated one swallows the rest of the
///   input. A CSI ends at its final byte or at the first byte that cannot
///   belong to it;
/// * every bidirectional formatting character: the embeddings and overrides
///   U+202A–U+202E, the isolates U+2066–U+2069, **and** the implicit marks
///   U+200E (LRM), U+200F (RLM) and U+061C (ALM). The marks cannot reorder
///   text by themselves, but terminals either ignore them or give them
///   inconsistent widths, and a cell grid has no use for them, so we drop the
///   whole family rather than reason about which ones are harmless;
/// * U+2028 LINE SEPARATOR and U+2029 PARAGRAPH SEPARATOR are treated like
///   `'\n'`;
/// * where terminals disagree on a width, the ambiguity: the emoji
///   variation selector U+FE0F after a character that is narrow by default
///   (`☀️` becomes `☀`, one cell in every terminal, where some drew two and
///   tmux one), and the zero-width joiner U+200D between two pictographs
///   (`😵‍💫` becomes `😵💫`, four cells everywhere, where some terminals
///   drew one glyph of two cells and others two of four). A joiner between
///   letters (Indic and Arabic scripts) stays.
///
/// ```
/// use trompe_api::html::sanitize;
/// assert_eq!(sanitize("a\x1b[31mred\x1b[0m"), "ared");
/// assert!(matches!(sanitize("clean"), std::borrow::Cow::Borrowed(_)));
/// ```
pub fn sanitize(s: &str) -> Cow<'_, str> {
    sanitize_mode(s, Mode::Multiline)
}

/// Like [`sanitize`], but also turns `'\n'` (and U+2028/U+2029) into a space:
/// for display names, content warnings and other single-line fields.
pub fn sanitize_line(s: &str) -> Cow<'_, str> {
    sanitize_mode(s, Mode::Line)
}

/// Sanitise with an explicit [`Mode`].
pub(crate) fn sanitize_mode(s: &str, mode: Mode) -> Cow<'_, str> {
    match first_special(s, mode) {
        None => Cow::Borrowed(s),
        Some(i) => {
            let mut out = String::with_capacity(s.len());
            out.push_str(&s[..i]);
            clean_into(&s[i..], &mut out, mode);
            Cow::Owned(out)
        }
    }
}

/// Append the sanitised form of `s` to `out`, without an intermediate
/// allocation.
pub(crate) fn sanitize_into(s: &str, out: &mut String, mode: Mode) {
    match first_special(s, mode) {
        None => out.push_str(s),
        Some(i) => {
            out.push_str(&s[..i]);
            clean_into(&s[i..], out, mode);
        }
    }
}

/// Byte index of the first character that needs attention, if any.
///
/// Works on the UTF-8 bytes directly: every character we care about is
/// recognisable from its lead byte plus at most two continuation bytes.
fn first_special(s: &str, mode: Mode) -> Option<usize> {
    let b = s.as_bytes();
    let at = |i: usize| b.get(i).copied().unwrap_or(0);
    let mut i = 0;
    while i < b.len() {
        let x = b[i];
        let special = match x {
            b'\n' => mode == Mode::Line,
            b'\t' => mode != Mode::Html,
            0x00..=0x1F | 0x7F => true,
            // U+0080..U+009F: C2 80..C2 9F
            0xC2 => matches!(at(i + 1), 0x80..=0x9F),
            // U+061C: D8 9C
            0xD8 => at(i + 1) == 0x9C,
            // U+200E, U+200F, U+2028..U+202E: E2 80 (8E | 8F | A8..AE)
            // U+2066..U+2069: E2 81 A6..A9
            // U+FE0F: EF B8 8F
            0xEF => at(i + 1) == 0xB8 && at(i + 2) == 0x8F,
            // U+200D (the joiner) too: E2 80 8D
            0xE2 => match at(i + 1) {
                0x80 => matches!(at(i + 2), 0x8D | 0x8E | 0x8F | 0xA8..=0xAE),
                0x81 => matches!(at(i + 2), 0xA6..=0xA9),
                _ => false,
            },
            _ => false,
        };
        if special {
            return Some(i);
        }
        i += 1;
    }
    None
}

/// Is `c` a character that is dropped outright (outside of any sequence)?
fn is_dropped(c: char) -> bool {
    matches!(
        c,
        '\u{0}'..='\u{1f}'
            | '\u{7f}'..='\u{9f}'
            | '\u{61c}'
            | '\u{200e}'
            | '\u{200f}'
            | '\u{202a}'..='\u{202e}'
            | '\u{2066}'..='\u{2069}'
    )
}

/// The slow path: process `s` character by character.
fn clean_into(s: &str, out: &mut String, mode: Mode) {
    let mut it = s.chars().peekable();
    // `pending` holds a character already taken from the iterator that must
    // be processed next (an ESC that interrupted a string sequence).
    let mut pending: Option<char> = None;
    while let Some(c) = pending.take().or_else(|| it.next()) {
        match c {
            '\n' | '\u{2028}' | '\u{2029}' => {
                out.push(if mode == Mode::Line { ' ' } else { '\n' });
            }
            '\t' => out.push(if mode == Mode::Html { '\t' } else { ' ' }),
            '\u{1b}' => pending = skip_escape(&mut it),
            '\u{9b}' => skip_csi(&mut it),
            '\u{90}' | '\u{98}' | '\u{9d}' | '\u{9e}' | '\u{9f}' => pending = skip_string(&mut it),
            c if is_dropped(c) => {}
            // Emoji presentation asked of a narrow character: dropped.
            '\u{fe0f}' if last_width(out) == 1 => {}
            // A joiner between two pictographs: dropped (see above).
            '\u{200d}'
                if last_char(out).is_some_and(is_pictograph)
                    && it.peek().copied().is_some_and(is_pictograph) => {}
            c => out.push(c),
        }
    }
}

/// The last character written, a variation selector skipped.
fn last_char(out: &str) -> Option<char> {
    out.chars().rev().find(|c| *c != '\u{fe0f}')
}

fn last_width(out: &str) -> usize {
    out.chars()
        .next_back()
        .and_then(unicode_width::UnicodeWidthChar::width)
        .unwrap_or(0)
}

/// Emoji and pictographic symbols (the blocks where joined sequences are
/// made).
fn is_pictograph(c: char) -> bool {
    matches!(
        c as u32,
        0x2190..=0x21FF
            | 0x2300..=0x23FF
            | 0x2600..=0x27BF
            | 0x2B00..=0x2BFF
            | 0x1F000..=0x1FAFF
    )
}

/// Skip what follows an ESC. Returns an ESC to reprocess if a string
/// sequence was interrupted by a new escape sequence.
fn skip_escape(it: &mut Peekable<Chars<'_>>) -> Option<char> {
    let &next = it.peek()?;
    match next {
        '[' => {
            it.next();
            skip_csi(it);
            None
        }
        ']' | 'P' | 'X' | '^' | '_' => {
            it.next();
            skip_string(it)
        }
        '\u{20}'..='\u{2f}' => {
            // nF sequence: intermediates then one final byte.
            while matches!(it.peek(), Some('\u{20}'..='\u{2f}')) {
                it.next();
            }
            if matches!(it.peek(), Some('\u{30}'..='\u{7e}')) {
                it.next();
            }
            None
        }
        '\u{30}'..='\u{7e}' => {
            // Two-byte sequence (Fp, Fe, Fs): ESC 7, ESC c, ESC D, lone ST…
            it.next();
            None
        }
        // A lone ESC: drop it, process the next character normally.
        _ => None,
    }
}

/// Skip a CSI body: parameter and intermediate bytes, then the final byte.
/// Stops without consuming at a character that cannot be part of a CSI.
fn skip_csi(it: &mut Peekable<Chars<'_>>) {
    while let Some(&c) = it.peek() {
        match c {
            '\u{20}'..='\u{3f}' => {
                it.next();
            }
            '\u{40}'..='\u{7e}' => {
                it.next();
                return;
            }
            _ => return,
        }
    }
}

/// Skip a control string (OSC, DCS, SOS, PM, APC) up to and including its
/// terminator. Returns `Some(ESC)` when an ESC that is not part of ST ended
/// the string: that ESC starts a new sequence and must be reprocessed.
fn skip_string(it: &mut Peekable<Chars<'_>>) -> Option<char> {
    while let Some(c) = it.next() {
        match c {
            '\u{7}' | '\u{9c}' | '\u{18}' | '\u{1a}' => return None,
            '\u{1b}' => {
                if it.peek() == Some(&'\\') {
                    it.next();
                    return None;
                }
                return Some('\u{1b}');
            }
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn owned(s: &str) -> String {
        sanitize(s).into_owned()
    }

    #[test]
    fn clean_strings_are_borrowed() {
        for s in [
            "",
            "hello",
            "line\nbreak",
            "日本語 🦀 e\u{301} مرحبا",
            "é à ¿ ÿ",          // C3 xx and C2 A0..BF must not trigger
            "\u{2010}\u{2030}", // E2 80 90, E2 80 B0
            "\u{a0}nbsp",
        ] {
            assert!(matches!(sanitize(s), Cow::Borrowed(_)), "{s:?}");
        }
        assert!(matches!(sanitize_line("one line"), Cow::Borrowed(_)));
        assert!(matches!(sanitize_line("two\nlines"), Cow::Owned(_)));
    }

    #[test]
    fn controls() {
        assert_eq!(owned("a\0b\x07c\x7fd\r\ne"), "abcd\ne");
        assert_eq!(owned("a\tb"), "a b");
        assert_eq!(sanitize_line("a\nb\tc"), "a b c");
        assert_eq!(owned("a\u{85}b\u{80}c\u{9f}"), "abc");
        assert_eq!(owned("a\u{2028}b"), "a\nb");
        assert_eq!(sanitize_mode("a\tb\nc\x01", Mode::Html), "a\tb\nc");
    }

    #[test]
    fn csi() {
        assert_eq!(owned("\x1b[31mred\x1b[0m"), "red");
        assert_eq!(owned("x\x1b[2Jy"), "xy");
        assert_eq!(owned("x\x1b[?1049hy"), "xy");
        assert_eq!(owned("x\u{9b}31my"), "xy");
        // A CSI interrupted by a non-CSI character ends there.
        assert_eq!(owned("x\x1b[31é"), "xé");
        assert_eq!(owned("x\x1b[31"), "x");
    }

    #[test]
    fn osc() {
        assert_eq!(owned("a\x1b]52;c;ZXZpbA==\x07b"), "ab");
        assert_eq!(owned("a\x1b]0;title\x1b\\b"), "ab");
        assert_eq!(owned("\x1b]8;;http://evil\x1b\\text\x1b]8;;\x1b\\"), "text");
        assert_eq!(owned("a\u{9d}8;;http://evil\u{9c}b"), "ab");
        // Unterminated: the rest is dropped.
        assert_eq!(owned("a\x1b]52;c;ZXZpbA=="), "a");
        // ESC inside a string starts a new sequence.
        assert_eq!(owned("a\x1b]0;t\x1b[31mb"), "ab");
    }

    #[test]
    fn dcs_sos_pm_apc() {
        assert_eq!(owned("a\x1bPq#0;2;0;0;0\x1b\\b"), "ab");
        assert_eq!(owned("a\x1b_Gf=100;AAAA\x1b\\b"), "ab");
        assert_eq!(owned("a\x1bXsos\x1b\\b\x1b^pm\x1b\\c"), "abc");
        assert_eq!(owned("a\u{90}dcs\u{9c}b"), "ab");
        assert_eq!(owned("a\u{9f}apc\x1b\\b"), "ab");
    }

    #[test]
    fn two_byte_escapes() {
        assert_eq!(owned("a\x1b7b\x1bcc\x1b(Bd\x1b"), "abcd");
        assert_eq!(owned("a\x1b\u{e9}"), "a\u{e9}");
    }

    #[test]
    fn bidi() {
        assert_eq!(owned("a\u{202e}b\u{202c}c"), "abc");
        assert_eq!(
            owned("a\u{2066}b\u{2069}c\u{200f}d\u{200e}e\u{61c}f"),
            "abcdef"
        );
    }

    #[test]
    fn into_appends() {
        let mut s = String::from(">");
        sanitize_into("a\x1b[1mb", &mut s, Mode::Multiline);
        sanitize_into("c", &mut s, Mode::Multiline);
        assert_eq!(s, ">abc");
    }
}

#[cfg(test)]
mod width_tests {
    use super::*;
    use unicode_segmentation::UnicodeSegmentation;
    use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

    /// The width a grapheme-aware terminal gives (ratatui measures so) and
    /// the one a per-character terminal gives (tmux, xterm) agree.
    fn unambiguous(s: &str) -> bool {
        s.graphemes(true)
            .all(|g| g.width() == g.chars().map(|c| c.width().unwrap_or(0)).sum::<usize>())
    }

    #[test]
    fn emoji_widths_are_the_same_in_every_terminal() {
        for (input, want) in [
            ("sunny ☀️ day", "sunny ☀ day"),
            ("🏳️‍🌈 pride", "🏳🌈 pride"),
            ("dizzy 😵‍💫", "dizzy 😵💫"),
            ("👩‍💻 codes", "👩💻 codes"),
            ("❤️", "❤"),
            ("keycap 1️⃣", "keycap 1⃣"),
        ] {
            let got = sanitize(input);
            assert_eq!(got, want, "{input}");
            assert!(unambiguous(&got), "{input}: {got}");
        }
        // Already wide emoji keep their selector; a joiner between letters
        // (Devanagari, Persian) stays.
        assert_eq!(sanitize("🦀️"), "🦀️");
        assert_eq!(sanitize("क्‍ष"), "क्‍ष");
        assert_eq!(sanitize("می‌خواهم"), "می‌خواهم");
        // Clean text is not copied.
        assert!(matches!(sanitize("plain 🦀 text"), Cow::Borrowed(_)));
    }
}
