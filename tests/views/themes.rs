//! Themes on screen: the light theme's colours where its slots say (the
//! cells' styles, not only their text), and the monochrome theme of
//! `NO_COLOR`, where no cell has a colour and states keep a modifier.

use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};
use trompe::ui::Theme;
use trompe::ui::theme::ColorDepth;
use trompe_testkit::*;

/// The first cell whose symbol starts the text `needle` on some row.
fn find(buf: &Buffer, needle: &str) -> (u16, u16) {
    let rows = rows(buf);
    for (y, row) in rows.iter().enumerate() {
        if let Some(byte) = row.find(needle) {
            let x = unicode_width::UnicodeWidthStr::width(&row[..byte]) as u16;
            return (x, y as u16);
        }
    }
    panic!("`{needle}` is not on screen:\n{}", rows.join("\n"));
}

fn rgb(hex: u32) -> Color {
    Color::Rgb((hex >> 16) as u8, (hex >> 8) as u8, hex as u8)
}

#[test]
fn the_light_theme_colours_each_slot_and_changes_no_text() {
    let state = state_with(sample_home());
    let light = Theme::load("light").unwrap().0;
    for (w, h) in [(80, 24), (200, 60)] {
        let buf = render_with(&state, w, h, &light);
        assert_eq!(
            rows(&buf),
            rows(&render(&state, w, h)),
            "same text at {w}x{h}"
        );
        let (x, y) = find(&buf, "Home");
        let tab = &buf[(x, y)];
        assert_eq!(tab.bg, rgb(0x0969da), "the active tab");
        assert!(tab.modifier.contains(Modifier::BOLD));
        let (x, y) = find(&buf, "#rust");
        assert_eq!(buf[(x, y)].fg, rgb(0x1b7c83), "a hashtag");
        let (x, y) = find(&buf, "▌");
        assert_eq!(buf[(x, y)].fg, rgb(0x0969da), "the selection's gutter");
    }
}

#[test]
fn no_color_draws_no_colour_and_keeps_states_visible() {
    let state = state_with(sample_home());
    let mono = Theme::default_theme().for_depth(ColorDepth::Monochrome);
    for (w, h) in [(80, 24), (200, 60)] {
        let buf = render_with(&state, w, h, &mono);
        for cell in buf.content() {
            assert_eq!((cell.fg, cell.bg), (Color::Reset, Color::Reset), "{cell:?}");
        }
        let (x, y) = find(&buf, "Home");
        assert!(
            buf[(x, y)].modifier.contains(Modifier::REVERSED),
            "the active tab"
        );
        let (x, y) = find(&buf, "▌");
        assert!(
            buf[(x, y)].modifier.contains(Modifier::BOLD),
            "the selection"
        );
    }
    insta::assert_snapshot!(rows(&render_with(&state, 80, 24, &mono)).join("\n"));
}
