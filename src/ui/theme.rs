//! Semantic style slots. Widgets ask for `theme.boost`, never a raw colour;
//! themes from `themes/*.toml` will override these defaults.

use ratatui::style::{Color, Modifier, Style};

/// The colour theme.
#[derive(Debug, Clone)]
pub struct Theme {
    pub text: Style,
    pub dim: Style,
    pub display_name: Style,
    pub acct: Style,
    pub selected_gutter: Style,
    pub selected_name: Style,
    pub boost: Style,
    pub reply: Style,
    pub cw_banner: Style,
    pub link: Style,
    pub mention: Style,
    pub hashtag: Style,
    pub code: Style,
    pub quote: Style,
    pub strong: Style,
    pub emphasis: Style,
    pub strike: Style,
    pub counts: Style,
    pub favourited: Style,
    pub media: Style,
    pub missing_alt: Style,
    pub tab_active: Style,
    pub tab_inactive: Style,
    pub status_bar: Style,
    pub live: Style,
    pub reconnecting: Style,
    pub error: Style,
    pub info: Style,
    pub banner: Style,
    pub help_key: Style,
    pub border: Style,
}

impl Default for Theme {
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
