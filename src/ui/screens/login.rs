//! The login screen: the instance field, then progress ("waiting for the
//! browser…", the paste prompt), and errors with what to do.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::app::{LoginForm, LoginPhase};
use crate::html::{sanitize_line, truncate_to_width, wrap_text};
use crate::ui::Theme;
use crate::ui::widgets::put_line;

/// Draws the form centred in `area`.
pub fn render(buf: &mut Buffer, area: Rect, form: &LoginForm, first_run: bool, theme: &Theme) {
    let title = if first_run {
        " Welcome to trompe "
    } else {
        " Add an account "
    };
    let Some(inner) = crate::ui::widgets::overlay(buf, area, 72, 16, title, theme) else {
        return;
    };
    let w = inner.width.saturating_sub(2).max(1);
    let mut lines: Vec<Line<'static>> = Vec::new();
    let text = |s: &str, style| -> Vec<Line<'static>> {
        wrap_text(s, w)
            .into_iter()
            .map(|l| Line::from(Span::styled(format!(" {l}"), style)))
            .collect()
    };
    lines.extend(text("Log in to your Mastodon instance.", theme.strong));
    lines.push(Line::default());
    let field = |label: &str, value: &str, active: bool| -> Line<'static> {
        let cursor = if active { "▏" } else { "" };
        let avail = (w as usize).saturating_sub(label.len() + 2);
        let v = sanitize_line(value);
        // Show the end of a long value, where the cursor is.
        let shown: String = if crate::html::display_width(&v) > avail {
            let chars: Vec<char> = v.chars().collect();
            let skip = chars.len().saturating_sub(avail.saturating_sub(1));
            format!("…{}", chars[skip..].iter().collect::<String>())
        } else {
            v.into_owned()
        };
        Line::from(vec![
            Span::styled(format!(" {label} "), theme.dim),
            Span::styled(format!("{shown}{cursor}"), theme.help_key),
        ])
    };
    let editing = form.phase == LoginPhase::EnterInstance;
    lines.push(field("Instance:", &form.instance, editing));
    lines.push(Line::default());
    match &form.phase {
        LoginPhase::EnterInstance => {
            lines.extend(text(
                "A domain (mastodon.social), an address, or @you@domain. Enter to continue.",
                theme.dim,
            ));
        }
        LoginPhase::Preparing => lines.extend(text("Looking up the instance…", theme.dim)),
        LoginPhase::WaitingForBrowser { url } => {
            lines.extend(text(
                "Waiting for the browser… Authorize trompe there. If it did not open, visit:",
                theme.dim,
            ));
            lines.extend(text(url, theme.link));
            lines.extend(text("Esc cancels.", theme.dim));
        }
        LoginPhase::PasteCode { url } => {
            lines.extend(text(
                "Open this address in a browser, authorize trompe, then paste the code:",
                theme.dim,
            ));
            lines.extend(text(url, theme.link));
            lines.push(field("Code:", &form.code, true));
        }
        LoginPhase::Finishing => lines.extend(text("Checking the new login…", theme.dim)),
    }
    if let Some(e) = &form.error {
        lines.push(Line::default());
        lines.extend(text(e, theme.cw_banner));
    }
    let footer = crate::app::views::login::hint(first_run);
    for (i, l) in lines
        .iter()
        .enumerate()
        .take(inner.height.saturating_sub(1) as usize)
    {
        put_line(buf, inner, inner.y + i as u16, l);
    }
    let f = truncate_to_width(&format!(" {footer}"), inner.width as usize);
    put_line(
        buf,
        inner,
        inner.y + inner.height.saturating_sub(1),
        &Line::from(Span::styled(f, theme.dim)),
    );
}
