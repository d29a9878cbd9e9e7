//! The filter list: one filter per two rows, its action and where it
//! applies, then its keywords.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::api::entities::FilterAction;
use crate::app::views::filters::FiltersView;
use crate::html::{sanitize_line, truncate_to_width};
use crate::ui::Theme;
use crate::ui::widgets::put_line;

/// Draws the filter list.
pub fn render(
    buf: &mut Buffer,
    area: Rect,
    f: &FiltersView,
    km: &crate::app::keymap::Keymap,
    theme: &Theme,
) {
    if area.height == 0 {
        return;
    }
    let w = area.width as usize;
    put_line(
        buf,
        area,
        area.y,
        &Line::from(vec![
            Span::styled(" Filters", theme.strong),
            Span::styled(crate::app::views::filters::hint(km), theme.dim),
        ]),
    );
    let status = match (&f.error, f.loading) {
        (Some(e), _) => Some((format!("Could not load them: {e} — r retries"), theme.error)),
        (None, true) if f.filters.is_empty() => Some(("Loading…".to_string(), theme.dim)),
        (None, false) if f.filters.is_empty() => Some((
            "No filters. :filter TITLE = WORD creates one.".to_string(),
            theme.dim,
        )),
        _ => None,
    };
    let has_status = status.is_some();
    if let Some((text, style)) = status {
        put_line(
            buf,
            area,
            area.y + 1,
            &Line::from(Span::styled(
                truncate_to_width(&format!(" {}", sanitize_line(&text)), w),
                style,
            )),
        );
        if f.filters.is_empty() {
            return;
        }
    }
    let body = area.height.saturating_sub(2) as usize;
    let fit = (body / 2).max(1);
    let first = f.selected.saturating_sub(fit - 1);
    let mut y = area.y + 1 + u16::from(has_status);
    let bottom = area.y + area.height;
    for (i, filter) in f.filters.iter().enumerate().skip(first) {
        if y >= bottom {
            break;
        }
        let sel = i == f.selected;
        let action = match filter.filter_action {
            FilterAction::Hide => "hide",
            FilterAction::Blur => "blur media",
            _ => "warn",
        };
        let contexts: Vec<&str> = filter.context.iter().map(|c| c.as_str()).collect();
        let expires = filter
            .expires_at
            .map(|t| {
                format!(
                    " · until {:04}-{:02}-{:02}",
                    t.year(),
                    u8::from(t.month()),
                    t.day()
                )
            })
            .unwrap_or_default();
        let line = Line::from(vec![
            Span::styled(
                if sel { "▶ " } else { "  " },
                if sel {
                    theme.selected_gutter
                } else {
                    theme.text
                },
            ),
            Span::styled(
                sanitize_line(&filter.title).into_owned(),
                if sel {
                    theme.selected_name
                } else {
                    theme.display_name
                },
            ),
            Span::styled(format!(" [{action}]"), theme.info),
            Span::styled(format!(" in {}{expires}", contexts.join(", ")), theme.dim),
        ]);
        put_line(buf, area, y, &line);
        y += 1;
        if y >= bottom {
            break;
        }
        let words: Vec<String> = filter
            .keywords
            .iter()
            .map(|k| {
                let k2 = sanitize_line(&k.keyword).into_owned();
                if k.whole_word { k2 } else { format!("{k2}*") }
            })
            .collect();
        let mut second = format!(
            "    words: {}",
            if words.is_empty() {
                "(none)".into()
            } else {
                words.join(", ")
            }
        );
        if !filter.statuses.is_empty() {
            let n = filter.statuses.len();
            second.push_str(&format!(" · {n} post{}", if n == 1 { "" } else { "s" }));
        }
        put_line(
            buf,
            area,
            y,
            &Line::from(Span::styled(truncate_to_width(&second, w), theme.text)),
        );
        y += 1;
    }
}
