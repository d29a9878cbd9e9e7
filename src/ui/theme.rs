//! Themes: 31 semantic style slots, filled from TOML theme files.
//!
//! The built-in themes (`themes/*.toml` in the repository) are compiled
//! into the binary. `[ui] theme = "NAME"` (or a path to a file) picks one;
//! a file may set only some slots, and the others keep those of the theme
//! it `extends` (the default one unless it says). Colours degrade to the
//! terminal's depth (truecolor, 256, 16), and `NO_COLOR` gives a
//! monochrome theme in which every state keeps a text, symbol or modifier.

use ratatui::style::{Color, Modifier, Style};

macro_rules! slots {
    ($($name:ident),* $(,)?) => {
        /// The styles of everything trompe draws, by meaning.
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub struct Theme {
            $(pub $name: Style,)*
        }

        /// The slot names, as theme files spell them.
        pub const SLOTS: &[&str] = &[$(stringify!($name)),*];

        impl Theme {
            /// The style of slot `name`, to change.
            pub fn slot_mut(&mut self, name: &str) -> Option<&mut Style> {
                match name {
                    $(stringify!($name) => Some(&mut self.$name),)*
                    _ => None,
                }
            }

            /// Every slot's style, changed by `f`.
            fn map(mut self, f: impl Fn(&str, Style) -> Style) -> Theme {
                $(self.$name = f(stringify!($name), self.$name);)*
                self
            }
        }
    };
}

slots!(
    text,
    dim,
    display_name,
    acct,
    selected_gutter,
    selected_name,
    boost,
    reply,
    cw_banner,
    link,
    mention,
    hashtag,
    code,
    quote,
    strong,
    emphasis,
    strike,
    counts,
    favourited,
    media,
    missing_alt,
    tab_active,
    tab_inactive,
    status_bar,
    live,
    reconnecting,
    error,
    info,
    banner,
    help_key,
    border,
);

impl Default for Theme {
    /// The 16-ANSI-colour palette (the `ansi16` theme): what the tests draw
    /// with, and what every other theme degrades towards.
    fn default() -> Self {
        let fg = Style::default();
        Theme {
            text: fg,
            dim: Style::default().fg(Color::DarkGray),
            display_name: Style::default().add_modifier(Modifier::BOLD),
            acct: Style::default().fg(Color::DarkGray),
            selected_gutter: Style::default().fg(Color::Cyan),
            selected_name: Style::default()
                .fg(Color::Cyan)
                .add_modifier(Modifier::BOLD),
            boost: Style::default().fg(Color::Green),
            reply: Style::default().fg(Color::DarkGray),
            cw_banner: Style::default().fg(Color::Yellow),
            link: Style::default()
                .fg(Color::Blue)
                .add_modifier(Modifier::UNDERLINED),
            mention: Style::default().fg(Color::Magenta),
            hashtag: Style::default().fg(Color::Cyan),
            code: Style::default().fg(Color::Yellow),
            quote: Style::default()
                .fg(Color::DarkGray)
                .add_modifier(Modifier::ITALIC),
            strong: Style::default().add_modifier(Modifier::BOLD),
            emphasis: Style::default().add_modifier(Modifier::ITALIC),
            strike: Style::default().add_modifier(Modifier::CROSSED_OUT),
            counts: Style::default().fg(Color::DarkGray),
            favourited: Style::default().fg(Color::Yellow),
            media: Style::default().fg(Color::Blue),
            missing_alt: Style::default().fg(Color::Red),
            tab_active: Style::default()
                .fg(Color::Black)
                .bg(Color::Cyan)
                .add_modifier(Modifier::BOLD),
            tab_inactive: Style::default().fg(Color::Gray),
            status_bar: Style::default().fg(Color::White).bg(Color::DarkGray),
            live: Style::default().fg(Color::Green).bg(Color::DarkGray),
            reconnecting: Style::default().fg(Color::Yellow).bg(Color::DarkGray),
            error: Style::default().fg(Color::White).bg(Color::Red),
            info: Style::default().fg(Color::Black).bg(Color::Cyan),
            banner: Style::default()
                .fg(Color::White)
                .bg(Color::Red)
                .add_modifier(Modifier::BOLD),
            help_key: Style::default()
                .fg(Color::Cyan)
                .add_modifier(Modifier::BOLD),
            border: Style::default().fg(Color::Cyan),
        }
    }
}

/// The themes built into the binary: (name, file).
pub const BUILT_IN: &[(&str, &str)] = &[
    ("dark", include_str!("../../themes/dark.toml")),
    ("light", include_str!("../../themes/light.toml")),
    (
        "high-contrast",
        include_str!("../../themes/high-contrast.toml"),
    ),
    (
        "solarized-dark",
        include_str!("../../themes/solarized-dark.toml"),
    ),
    ("gruvbox", include_str!("../../themes/gruvbox.toml")),
    ("ansi16", include_str!("../../themes/ansi16.toml")),
];

/// The theme used when none is chosen.
pub const DEFAULT_THEME: &str = "dark";

/// How many colours the terminal shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColorDepth {
    /// 24-bit colour.
    TrueColor,
    /// The 256-colour palette.
    Ansi256,
    /// The 16 ANSI colours.
    Ansi16,
    /// No colour at all (`NO_COLOR`).
    Monochrome,
}

impl ColorDepth {
    /// From the environment: `NO_COLOR` (any non-empty value) turns colour
    /// off; `COLORTERM=truecolor|24bit` is truecolor; a `TERM` naming 256
    /// colours is 256; `TERM=dumb` has none; anything else has 16.
    pub fn detect(env: impl Fn(&str) -> Option<String>) -> ColorDepth {
        if env("NO_COLOR").is_some_and(|v| !v.is_empty()) {
            return ColorDepth::Monochrome;
        }
        let colorterm = env("COLORTERM").unwrap_or_default().to_lowercase();
        if colorterm == "truecolor" || colorterm == "24bit" {
            return ColorDepth::TrueColor;
        }
        let term = env("TERM").unwrap_or_default().to_lowercase();
        if term == "dumb" {
            ColorDepth::Monochrome
        } else if term.contains("256") || term.contains("direct") {
            ColorDepth::Ansi256
        } else {
            ColorDepth::Ansi16
        }
    }

    /// From this process's environment.
    pub fn from_env() -> ColorDepth {
        ColorDepth::detect(|k| std::env::var(k).ok())
    }
}

/// A theme that could not be loaded, with where.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}{}: {message}", line.map(|l| format!(":{l}")).unwrap_or_default())]
pub struct ThemeError {
    /// The theme's name or file.
    pub file: String,
    /// The line, when known.
    pub line: Option<usize>,
    /// What is wrong, with a suggestion where there is one.
    pub message: String,
}

/// A theme's name and one-line description, from its file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThemeInfo {
    pub name: String,
    pub description: String,
}

/// The line (1-based) where `key = …` is first set in `text`.
fn line_of(text: &str, key: &str) -> Option<usize> {
    text.lines()
        .position(|l| {
            let l = l.trim_start();
            l.strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with('='))
        })
        .map(|i| i + 1)
}

/// The closest of `options` to `word`, when it is close enough to be a typo.
pub fn suggest<'a>(word: &str, options: &[&'a str]) -> Option<&'a str> {
    let distance = |a: &str, b: &str| -> usize {
        let b: Vec<char> = b.chars().collect();
        let mut prev: Vec<usize> = (0..=b.len()).collect();
        for (i, ca) in a.chars().enumerate() {
            let mut cur = vec![i + 1];
            for (j, cb) in b.iter().enumerate() {
                let sub = prev[j] + usize::from(ca != *cb);
                cur.push(sub.min(prev[j + 1] + 1).min(cur[j] + 1));
            }
            prev = cur;
        }
        prev[b.len()]
    };
    options
        .iter()
        .map(|o| (distance(word, o), *o))
        .filter(|(d, o)| *d <= (o.len() / 3).max(2))
        .min_by_key(|(d, _)| *d)
        .map(|(_, o)| o)
}

fn parse_color(v: &toml::Value) -> Result<Color, String> {
    if let Some(n) = v.as_integer() {
        return u8::try_from(n)
            .map(Color::Indexed)
            .map_err(|_| format!("{n} is not a colour of the 256-colour palette (0-255)"));
    }
    let Some(s) = v.as_str() else {
        return Err(format!("{v} is not a colour"));
    };
    let s = s.trim().to_lowercase();
    if let Some(hex) = s.strip_prefix('#') {
        if hex.len() == 6 {
            if let Ok(n) = u32::from_str_radix(hex, 16) {
                return Ok(Color::Rgb((n >> 16) as u8, (n >> 8) as u8, n as u8));
            }
        }
        return Err(format!("`{s}` is not a #rrggbb colour"));
    }
    Ok(match s.replace(['_', '-', ' '], "").as_str() {
        "default" | "reset" => Color::Reset,
        "black" => Color::Black,
        "red" => Color::Red,
        "green" => Color::Green,
        "yellow" => Color::Yellow,
        "blue" => Color::Blue,
        "magenta" => Color::Magenta,
        "cyan" => Color::Cyan,
        "gray" | "grey" => Color::Gray,
        "darkgray" | "darkgrey" => Color::DarkGray,
        "lightred" => Color::LightRed,
        "lightgreen" => Color::LightGreen,
        "lightyellow" => Color::LightYellow,
        "lightblue" => Color::LightBlue,
        "lightmagenta" => Color::LightMagenta,
        "lightcyan" => Color::LightCyan,
        "white" => Color::White,
        _ => {
            return Err(format!(
                "`{s}` is not a colour: use default, an ANSI name (red, lightblue, …), #rrggbb or 0-255"
            ));
        }
    })
}

const MODIFIERS: &[(&str, Modifier)] = &[
    ("bold", Modifier::BOLD),
    ("dim", Modifier::DIM),
    ("italic", Modifier::ITALIC),
    ("underlined", Modifier::UNDERLINED),
    ("reversed", Modifier::REVERSED),
    ("crossed_out", Modifier::CROSSED_OUT),
];

fn parse_style(v: &toml::Value) -> Result<Style, String> {
    let Some(t) = v.as_table() else {
        return Err("a style is a table: { fg = …, bg = …, mods = [...] }".into());
    };
    let mut style = Style::default();
    for (k, v) in t {
        match k.as_str() {
            "fg" => style = style.fg(parse_color(v)?),
            "bg" => style = style.bg(parse_color(v)?),
            "mods" => {
                let Some(list) = v.as_array() else {
                    return Err("mods is a list, like [\"bold\"]".into());
                };
                for m in list {
                    let name = m.as_str().unwrap_or_default();
                    let names: Vec<&str> = MODIFIERS.iter().map(|(n, _)| *n).collect();
                    match MODIFIERS.iter().find(|(n, _)| *n == name) {
                        Some((_, m)) => style = style.add_modifier(*m),
                        None => {
                            let hint = suggest(name, &names)
                                .map(|s| format!(" (did you mean `{s}`?)"))
                                .unwrap_or_default();
                            return Err(format!(
                                "`{name}` is not a modifier{hint}: {}",
                                names.join(", ")
                            ));
                        }
                    }
                }
            }
            other => {
                let hint = suggest(other, &["fg", "bg", "mods"])
                    .map(|s| format!(" (did you mean `{s}`?)"))
                    .unwrap_or_default();
                return Err(format!(
                    "`{other}` is not part of a style{hint}: fg, bg, mods"
                ));
            }
        }
    }
    Ok(style)
}

impl Theme {
    /// A built-in theme by name.
    pub fn built_in(name: &str) -> Option<Theme> {
        let (_, text) = BUILT_IN.iter().find(|(n, _)| *n == name)?;
        Theme::parse(text, name).ok().map(|(t, _)| t)
    }

    /// The theme used when none is chosen.
    pub fn default_theme() -> Theme {
        Theme::built_in(DEFAULT_THEME).unwrap_or_default()
    }

    /// Parses a theme file; `source` names it in errors. Slots it does not
    /// set keep those of the theme it `extends` (the default theme).
    pub fn parse(text: &str, source: &str) -> Result<(Theme, ThemeInfo), ThemeError> {
        let err = |line: Option<usize>, message: String| ThemeError {
            file: source.to_string(),
            line,
            message,
        };
        let table: toml::Table = toml::from_str(text).map_err(|e| {
            let line = e
                .span()
                .map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1);
            err(line, e.message().trim().to_string())
        })?;
        for key in table.keys() {
            if !["name", "description", "extends", "slots"].contains(&key.as_str()) {
                let hint = suggest(key, &["name", "description", "extends", "slots"])
                    .map(|s| format!(" (did you mean `{s}`?)"))
                    .unwrap_or_default();
                return Err(err(
                    line_of(text, key),
                    format!("unknown key `{key}`{hint}"),
                ));
            }
        }
        let mut theme = match table.get("extends").and_then(|v| v.as_str()) {
            Some(base) if base != source => Theme::built_in(base).ok_or_else(|| {
                err(
                    line_of(text, "extends"),
                    format!(
                        "no built-in theme `{base}` to extend: {}",
                        BUILT_IN
                            .iter()
                            .map(|(n, _)| *n)
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                )
            })?,
            _ if source == DEFAULT_THEME || BUILT_IN.iter().any(|(n, _)| *n == source) => {
                Theme::default()
            }
            _ => Theme::default_theme(),
        };
        let info = ThemeInfo {
            name: table
                .get("name")
                .and_then(|v| v.as_str())
                .unwrap_or(source)
                .to_string(),
            description: table
                .get("description")
                .and_then(|v| v.as_str())
                .unwrap_or_default()
                .to_string(),
        };
        if let Some(slots) = table.get("slots") {
            let Some(slots) = slots.as_table() else {
                return Err(err(
                    line_of(text, "slots"),
                    "[slots] must be a table".into(),
                ));
            };
            for (name, value) in slots {
                let Some(slot) = theme.slot_mut(name) else {
                    let hint = suggest(name, SLOTS)
                        .map(|s| format!(" (did you mean `{s}`?)"))
                        .unwrap_or_default();
                    return Err(err(
                        line_of(text, name),
                        format!("`{name}` is not a style slot{hint}"),
                    ));
                };
                *slot = parse_style(value)
                    .map_err(|m| err(line_of(text, name), format!("{name}: {m}")))?;
            }
        }
        Ok((theme, info))
    }

    /// A theme by built-in name, or from a file (a value with a `/` or
    /// ending in `.toml`).
    pub fn load(name_or_path: &str) -> Result<(Theme, ThemeInfo), ThemeError> {
        let v = name_or_path.trim();
        if let Some((name, text)) = BUILT_IN.iter().find(|(n, _)| *n == v) {
            return Theme::parse(text, name);
        }
        if v.contains('/') || v.ends_with(".toml") {
            let path = crate::config::expand_home(v);
            let text = std::fs::read_to_string(&path).map_err(|e| ThemeError {
                file: path.display().to_string(),
                line: None,
                message: e.to_string(),
            })?;
            return Theme::parse(&text, &path.display().to_string());
        }
        let names: Vec<&str> = BUILT_IN.iter().map(|(n, _)| *n).collect();
        let hint = suggest(v, &names)
            .map(|s| format!("did you mean `{s}`? "))
            .unwrap_or_default();
        Err(ThemeError {
            file: v.to_string(),
            line: None,
            message: format!(
                "no such theme; {hint}the built-in ones are {}, or give a file's path",
                names.join(", ")
            ),
        })
    }

    /// The same theme in the colours the terminal has.
    pub fn for_depth(self, depth: ColorDepth) -> Theme {
        match depth {
            ColorDepth::TrueColor => self,
            ColorDepth::Ansi256 => self.map(|_, s| recolor(s, to_256)),
            ColorDepth::Ansi16 => self.map(|_, s| recolor(s, to_16)),
            ColorDepth::Monochrome => self.monochrome(),
        }
    }

    /// No colour at all. Where a state was told by colour alone, it gets a
    /// modifier; the symbols and words drawn with it (▌, ★, "live", "no
    /// alt text") stay.
    pub fn monochrome(self) -> Theme {
        self.map(|name, s| {
            let plain = Style::default().add_modifier(s.add_modifier);
            let extra = match name {
                "selected_gutter" | "selected_name" | "help_key" | "favourited" | "missing_alt"
                | "cw_banner" => Modifier::BOLD,
                "tab_active" | "status_bar" | "info" => Modifier::REVERSED,
                "error" | "banner" => Modifier::REVERSED | Modifier::BOLD,
                "link" => Modifier::UNDERLINED,
                "dim" | "acct" | "counts" | "reply" => Modifier::DIM,
                _ => Modifier::empty(),
            };
            plain.add_modifier(extra)
        })
    }
}

fn recolor(s: Style, f: fn(Color) -> Color) -> Style {
    let mut out = s;
    out.fg = s.fg.map(f);
    out.bg = s.bg.map(f);
    out
}

/// The nearest colour of the 256-colour palette (its 6×6×6 cube and gray
/// ramp) to a truecolor one; other colours stay.
fn to_256(c: Color) -> Color {
    let Color::Rgb(r, g, b) = c else { return c };
    let level = |v: u8| -> u8 {
        if v < 48 {
            0
        } else if v < 115 {
            1
        } else {
            (v - 35) / 40
        }
    };
    let steps = [0u8, 95, 135, 175, 215, 255];
    let (lr, lg, lb) = (level(r), level(g), level(b));
    let cube = (steps[lr as usize], steps[lg as usize], steps[lb as usize]);
    let gray_level = ((u16::from(r) + u16::from(g) + u16::from(b)) / 3).saturating_sub(3) / 10;
    let gray_level = gray_level.min(23) as u8;
    let gray = 8 + gray_level * 10;
    let d = |(x, y, z): (u8, u8, u8)| {
        let dx = i32::from(x) - i32::from(r);
        let dy = i32::from(y) - i32::from(g);
        let dz = i32::from(z) - i32::from(b);
        dx * dx + dy * dy + dz * dz
    };
    if d((gray, gray, gray)) < d(cube) {
        Color::Indexed(232 + gray_level)
    } else {
        Color::Indexed(16 + 36 * lr + 6 * lg + lb)
    }
}

/// The nearest of the 16 ANSI colours (by their usual xterm values).
fn to_16(c: Color) -> Color {
    let rgb = match c {
        Color::Rgb(r, g, b) => (r, g, b),
        Color::Indexed(i) if i >= 16 => indexed_rgb(i),
        other => return other,
    };
    const ANSI: [(Color, (u8, u8, u8)); 16] = [
        (Color::Black, (0, 0, 0)),
        (Color::Red, (205, 0, 0)),
        (Color::Green, (0, 205, 0)),
        (Color::Yellow, (205, 205, 0)),
        (Color::Blue, (0, 0, 238)),
        (Color::Magenta, (205, 0, 205)),
        (Color::Cyan, (0, 205, 205)),
        (Color::Gray, (229, 229, 229)),
        (Color::DarkGray, (127, 127, 127)),
        (Color::LightRed, (255, 0, 0)),
        (Color::LightGreen, (0, 255, 0)),
        (Color::LightYellow, (255, 255, 0)),
        (Color::LightBlue, (92, 92, 255)),
        (Color::LightMagenta, (255, 0, 255)),
        (Color::LightCyan, (0, 255, 255)),
        (Color::White, (255, 255, 255)),
    ];
    let d = |(x, y, z): (u8, u8, u8)| {
        let dx = i32::from(x) - i32::from(rgb.0);
        let dy = i32::from(y) - i32::from(rgb.1);
        let dz = i32::from(z) - i32::from(rgb.2);
        dx * dx + dy * dy + dz * dz
    };
    ANSI.iter()
        .min_by_key(|(_, v)| d(*v))
        .map(|(c, _)| *c)
        .unwrap_or(c)
}

/// The usual RGB value of a 256-palette index from 16 up.
fn indexed_rgb(i: u8) -> (u8, u8, u8) {
    if i >= 232 {
        let v = 8 + (i - 232) * 10;
        return (v, v, v);
    }
    let i = i - 16;
    let steps = [0u8, 95, 135, 175, 215, 255];
    (
        steps[usize::from(i / 36)],
        steps[usize::from((i / 6) % 6)],
        steps[usize::from(i % 6)],
    )
}

/// The SGR escape sequence of a style (for `trompe themes`' samples).
pub fn sgr(style: Style) -> String {
    let mut codes: Vec<String> = Vec::new();
    let color = |c: Color, bg: bool| -> Option<String> {
        let base = if bg { 40 } else { 30 };
        Some(match c {
            Color::Reset => return None,
            Color::Black => format!("{base}"),
            Color::Red => format!("{}", base + 1),
            Color::Green => format!("{}", base + 2),
            Color::Yellow => format!("{}", base + 3),
            Color::Blue => format!("{}", base + 4),
            Color::Magenta => format!("{}", base + 5),
            Color::Cyan => format!("{}", base + 6),
            Color::Gray => format!("{}", base + 7),
            Color::DarkGray => format!("{}", base + 60),
            Color::LightRed => format!("{}", base + 61),
            Color::LightGreen => format!("{}", base + 62),
            Color::LightYellow => format!("{}", base + 63),
            Color::LightBlue => format!("{}", base + 64),
            Color::LightMagenta => format!("{}", base + 65),
            Color::LightCyan => format!("{}", base + 66),
            Color::White => format!("{}", base + 67),
            Color::Indexed(i) => format!("{};5;{i}", base + 8),
            Color::Rgb(r, g, b) => format!("{};2;{r};{g};{b}", base + 8),
        })
    };
    for (m, code) in [
        (Modifier::BOLD, "1"),
        (Modifier::DIM, "2"),
        (Modifier::ITALIC, "3"),
        (Modifier::UNDERLINED, "4"),
        (Modifier::REVERSED, "7"),
        (Modifier::CROSSED_OUT, "9"),
    ] {
        if style.add_modifier.contains(m) {
            codes.push(code.into());
        }
    }
    codes.extend(style.fg.and_then(|c| color(c, false)));
    codes.extend(style.bg.and_then(|c| color(c, true)));
    if codes.is_empty() {
        String::new()
    } else {
        format!("\x1b[{}m", codes.join(";"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_built_in_theme_loads_and_sets_every_slot() {
        for (name, text) in BUILT_IN {
            let (_, info) = Theme::parse(text, name).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(info.name, *name);
            assert!(!info.description.is_empty(), "{name}");
            let table: toml::Table = toml::from_str(text).unwrap();
            let slots = table["slots"].as_table().unwrap();
            for s in SLOTS {
                assert!(slots.contains_key(*s), "{name} does not set {s}");
            }
            assert_eq!(slots.len(), SLOTS.len(), "{name}");
        }
        // The ansi16 file is the palette the tests draw with.
        assert_eq!(Theme::built_in("ansi16").unwrap(), Theme::default());
        assert_ne!(Theme::built_in("light").unwrap(), Theme::default());
    }

    #[test]
    fn a_broken_theme_names_its_line_and_suggests() {
        let e = Theme::parse(
            "name = \"x\"\n[slots]\nlink = { fg = \"#12345\" }\n",
            "mine.toml",
        )
        .unwrap_err();
        assert_eq!(e.line, Some(3));
        assert!(e.to_string().starts_with("mine.toml:3: link:"), "{e}");
        let e = Theme::parse("[slots]\n\nhastag = { fg = \"red\" }\n", "mine.toml").unwrap_err();
        assert_eq!(e.line, Some(3));
        assert!(e.message.contains("did you mean `hashtag`?"), "{e}");
        let e =
            Theme::parse("[slots]\nlink = { fg = \"red\", mods = [\"blod\"] }\n", "m").unwrap_err();
        assert!(e.message.contains("did you mean `bold`?"), "{e}");
        let e = Theme::parse("[slots\nlink = {}\n", "m").unwrap_err();
        assert_eq!(e.line, Some(1), "{e}");
        let e = Theme::load("solarised-dark").unwrap_err();
        assert!(e.message.contains("did you mean `solarized-dark`?"), "{e}");
    }

    #[test]
    fn a_partial_theme_keeps_the_other_slots() {
        let (t, _) = Theme::parse("[slots]\nlink = { fg = \"red\" }\n", "mine.toml").unwrap();
        let base = Theme::default_theme();
        assert_eq!(t.link, Style::default().fg(Color::Red));
        assert_eq!(t.hashtag, base.hashtag);
        let (t, _) =
            Theme::parse("extends = \"light\"\n[slots]\nlink = {}\n", "mine.toml").unwrap();
        assert_eq!(t.hashtag, Theme::built_in("light").unwrap().hashtag);
    }

    #[test]
    fn colours_degrade_to_the_terminal() {
        let env = |pairs: &'static [(&str, &str)]| {
            move |k: &str| {
                pairs
                    .iter()
                    .find(|(n, _)| *n == k)
                    .map(|(_, v)| v.to_string())
            }
        };
        assert_eq!(
            ColorDepth::detect(env(&[("COLORTERM", "truecolor")])),
            ColorDepth::TrueColor
        );
        assert_eq!(
            ColorDepth::detect(env(&[("TERM", "xterm-256color")])),
            ColorDepth::Ansi256
        );
        assert_eq!(
            ColorDepth::detect(env(&[("TERM", "xterm")])),
            ColorDepth::Ansi16
        );
        assert_eq!(
            ColorDepth::detect(env(&[("NO_COLOR", "1"), ("COLORTERM", "truecolor")])),
            ColorDepth::Monochrome
        );
        assert_eq!(to_256(Color::Rgb(0, 0, 0)), Color::Indexed(16));
        assert_eq!(to_256(Color::Rgb(255, 0, 0)), Color::Indexed(196));
        assert_eq!(to_256(Color::Rgb(128, 128, 128)), Color::Indexed(244));
        assert_eq!(to_16(Color::Rgb(250, 10, 10)), Color::LightRed);
        assert_eq!(to_16(Color::Indexed(21)), Color::Blue);
        let dark = Theme::default_theme();
        let t16 = dark.clone().for_depth(ColorDepth::Ansi16);
        let t256 = dark.clone().for_depth(ColorDepth::Ansi256);
        let mono = dark.for_depth(ColorDepth::Monochrome);
        for s in SLOTS {
            let mut a = t16.clone();
            let st = *a.slot_mut(s).unwrap();
            assert!(
                !matches!(st.fg, Some(Color::Rgb(..) | Color::Indexed(_))),
                "{s}"
            );
            let mut b = t256.clone();
            assert!(
                !matches!(b.slot_mut(s).unwrap().fg, Some(Color::Rgb(..))),
                "{s}"
            );
            let mut m = mono.clone();
            let ms = *m.slot_mut(s).unwrap();
            assert!(ms.fg.is_none() && ms.bg.is_none(), "{s}");
        }
        assert!(mono.tab_active.add_modifier.contains(Modifier::REVERSED));
    }

    #[test]
    fn sgr_sequences() {
        assert_eq!(sgr(Style::default()), "");
        assert_eq!(
            sgr(Style::default()
                .fg(Color::Rgb(1, 2, 3))
                .add_modifier(Modifier::BOLD)),
            "\x1b[1;38;2;1;2;3m"
        );
        assert_eq!(sgr(Style::default().bg(Color::DarkGray)), "\x1b[100m");
    }
}
