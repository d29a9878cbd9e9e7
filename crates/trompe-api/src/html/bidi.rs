//! Right-to-left text in visual order. Terminals draw cells left to right
//! and few apply the Unicode bidirectional algorithm themselves (tmux does
//! not), so Arabic or Hebrew printed in logical order reads backwards.
//! Each screen line is reordered with the algorithm (UAX #9, through
//! `unicode-bidi`) as it is drawn, after wrapping, keeping the styles of
//! its spans, on a left-to-right base (so that the gutter, quote bars and
//! bullets stay on the left, and a Hebrew or Arabic sentence reads right
//! to left within it);
//! reversed runs are reversed by grapheme, so that combining marks stay on
//! their letters, and mirrored brackets are swapped. Lines with no
//! right-to-left character are left as they are, after one scan.

use std::borrow::Cow;

use unicode_bidi::BidiInfo;
use unicode_segmentation::UnicodeSegmentation;

#[cfg(test)]
use super::render::SpanStyle;
use super::render::StyledSpan;

/// Whether `s` holds a right-to-left letter (Hebrew, Arabic, Syriac,
/// Thaana, N'Ko, … and their presentation forms).
pub fn has_rtl(s: &str) -> bool {
    s.chars().any(|c| {
        matches!(
            c as u32,
            0x0590..=0x08FF | 0xFB1D..=0xFDFF | 0xFE70..=0xFEFF | 0x10800..=0x10FFF | 0x1E800..=0x1EFFF
        )
    })
}

fn mirror(c: char) -> char {
    match c {
        '(' => ')',
        ')' => '(',
        '[' => ']',
        ']' => '[',
        '{' => '}',
        '}' => '{',
        '<' => '>',
        '>' => '<',
        '«' => '»',
        '»' => '«',
        '‹' => '›',
        '›' => '‹',
        c => c,
    }
}

/// One line of plain text in visual order.
pub fn visual_str(line: &str) -> Cow<'_, str> {
    if !has_rtl(line) {
        return Cow::Borrowed(line);
    }
    Cow::Owned(
        visual(vec![(line.to_string(), ())])
            .into_iter()
            .map(|(t, ())| t)
            .collect(),
    )
}

/// The spans of one line of styled text in visual order.
pub fn visual_spans(spans: Vec<StyledSpan>) -> Vec<StyledSpan> {
    visual(spans.into_iter().map(|s| (s.text, s.style)).collect())
        .into_iter()
        .map(|(text, style)| StyledSpan { text, style })
        .collect()
}

/// The pieces of one line (text and any style) in visual order, on a
/// left-to-right base: styles kept, pieces split where a run of one
/// direction crosses them, neighbours of one style merged.
pub fn visual<S: Copy + PartialEq>(spans: Vec<(String, S)>) -> Vec<(String, S)> {
    if !spans.iter().any(|(t, _)| has_rtl(t)) {
        return spans;
    }
    // The line's text, and where each piece ends.
    let mut text = String::new();
    let mut ends: Vec<(usize, S)> = Vec::with_capacity(spans.len());
    for (t, st) in &spans {
        text.push_str(t);
        ends.push((text.len(), *st));
    }
    let style_at = |byte: usize| {
        ends.iter()
            .find(|(end, _)| byte < *end)
            .or(ends.last())
            .map(|(_, st)| *st)
    };
    let bidi = BidiInfo::new(&text, Some(unicode_bidi::Level::ltr()));
    let Some(para) = bidi.paragraphs.first() else {
        return spans;
    };
    let (levels, runs) = bidi.visual_runs(para, para.range.clone());
    let mut out: Vec<(String, S)> = Vec::new();
    let mut push = |piece: &str, style: Option<S>, flip: bool| {
        let Some(style) = style else {
            return;
        };
        let piece: Cow<'_, str> = if flip {
            Cow::Owned(piece.chars().map(mirror).collect())
        } else {
            Cow::Borrowed(piece)
        };
        match out.last_mut() {
            Some((t, st)) if *st == style => t.push_str(&piece),
            _ => out.push((piece.into_owned(), style)),
        }
    };
    for run in runs {
        let rtl = levels[run.start].is_rtl();
        let part = &text[run.clone()];
        let graphemes: Vec<(usize, &str)> = part.grapheme_indices(true).collect();
        if rtl {
            for (i, g) in graphemes.into_iter().rev() {
                push(g, style_at(run.start + i), true);
            }
        } else {
            for (i, g) in graphemes {
                push(g, style_at(run.start + i), false);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hebrew_and_arabic_read_right_to_left_and_latin_stays() {
        // "shalom" in Hebrew, typed (logically) from its first letter.
        assert_eq!(visual_str("שלום"), "םולש");
        assert_eq!(visual_str("hello world"), "hello world");
        // A sentence reads right to left; a Latin word keeps its order, and
        // on the left-to-right base of a terminal line the runs stay in
        // their places.
        assert_eq!(visual_str("שלום עולם"), "םלוע םולש");
        assert_eq!(visual_str("▌ אב abc גד"), "▌ בא abc דג");
        // Arabic with its marks on their letters.
        let s = "سَلَام";
        let v = visual_str(s);
        assert_eq!(v.chars().count(), s.chars().count());
        assert!(v.starts_with('م'), "{v}");
        // Brackets are mirrored inside a right-to-left run.
        assert_eq!(visual_str("א(ב)"), "(ב)א");
        assert_eq!(visual_str("x א(ב)"), "x (ב)א");
        assert!(matches!(visual_str("plain"), Cow::Borrowed(_)));
    }

    #[test]
    fn styles_follow_their_letters() {
        let strong = SpanStyle {
            strong: true,
            ..SpanStyle::default()
        };
        let spans = vec![
            StyledSpan {
                text: "אב".into(),
                style: strong,
            },
            StyledSpan {
                text: "גד".into(),
                style: SpanStyle::default(),
            },
        ];
        let v = visual_spans(spans);
        assert_eq!(v.len(), 2);
        assert_eq!(v[0].text, "דג");
        assert_eq!(v[0].style, SpanStyle::default());
        assert_eq!(v[1].text, "בא");
        assert_eq!(v[1].style, strong);
    }
}
