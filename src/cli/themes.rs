//! `trompe themes`: the built-in themes, each with a sample line drawn in
//! its colours (in the colours this terminal has; plain when stdout is
//! not a terminal or `NO_COLOR` is set).

use std::io::IsTerminal;
use std::process::ExitCode;

use crate::ui::Theme;
use crate::ui::theme::{BUILT_IN, ColorDepth, DEFAULT_THEME, sgr};

/// Lists the themes.
pub fn run() -> ExitCode {
    let depth = ColorDepth::from_env();
    let colour = std::io::stdout().is_terminal() && depth != ColorDepth::Monochrome;
    for (name, text) in BUILT_IN {
        let Ok((theme, info)) = Theme::parse(text, name) else {
            continue;
        };
        let theme = theme.for_depth(depth);
        let default = if *name == DEFAULT_THEME {
            " (default)"
        } else {
            ""
        };
        crate::outln!("{name}{default}: {}", info.description);
        let paint = |style: ratatui::style::Style, s: &str| -> String {
            if colour {
                format!("{}{s}\x1b[0m", sgr(style))
            } else {
                s.to_string()
            }
        };
        let parts = [
            paint(theme.tab_active, " Home "),
            paint(theme.tab_inactive, " Local "),
            " ".to_string(),
            paint(theme.selected_gutter, "▌"),
            paint(theme.selected_name, "Alice"),
            " ".to_string(),
            paint(theme.acct, "@alice@example.org"),
            " ".to_string(),
            paint(theme.text, "ships"),
            " ".to_string(),
            paint(theme.hashtag, "#rust"),
            " ".to_string(),
            paint(theme.mention, "@bob"),
            " ".to_string(),
            paint(theme.link, "docs.rs"),
            " ".to_string(),
            paint(theme.favourited, "★ 3"),
            " ".to_string(),
            paint(theme.boost, "⟳ 2"),
            " ".to_string(),
            paint(theme.live, " ● live "),
        ];
        crate::outln!("  {}", parts.concat());
    }
    crate::outln!();
    crate::outln!(
        "Pick one with `[ui] theme = \"NAME\"` in config.toml (or a theme file's path), or try it with `trompe --theme NAME`."
    );
    ExitCode::SUCCESS
}
