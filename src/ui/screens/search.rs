//! Search results: accounts, hashtags and posts.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::app::views::{SearchRow, SearchView};
use crate::html::{sanitize_line, strip_html, truncate_to_width};
use crate::ui::Theme;
use crate::ui::widgets::put_line;

use super::views::message;

pub(super) fn search(buf: &mut Buffer, area: Rect, s: &SearchView, theme: &Theme) {
    let header = format!(" Search: {}", sanitize_line(&s.query));
    put_line(
        buf,
        area,
        area.y,
        &Line::from(Span::styled(
            truncate_to_width(&header, area.width as usize),
            theme.selected_name,
        )),
    );
    let body = Rect::new(
        area.x,
        area.y + 1,
        area.width,
        area.height.saturating_sub(1),
    );
    if s.loading.is_some() {
        message(buf, body, "Searching…", theme.dim);
        return;
    }
    if let Some(e) = &s.error {
        message(
            buf,
            body,
            &format!("Search failed: {}", sanitize_line(e)),
            theme.cw_banner,
        );
        return;
    }
    let Some(r) = &s.results else {
        return;
    };
    let rows = s.rows();
    if rows.is_empty() {
        message(buf, body, "Nothing found.", theme.dim);
        return;
    }
    let w = area.width as usize;
    let height = body.height as usize;
    let first = s.selected.saturating_sub(height.saturating_sub(1));
    for (line_no, (i, row)) in rows.iter().enumerate().skip(first).take(height).enumerate() {
        let sel = i == s.selected;
        let marker = if sel { "▶ " } else { "  " };
        let text = match row {
            SearchRow::Account(k) => r.accounts.get(*k).map(|a| {
                format!(
                    "{marker}👤 {} @{}",
                    sanitize_line(a.display_name_or_username()),
                    sanitize_line(&a.acct)
                )
            }),
            SearchRow::Hashtag(k) => r
                .hashtags
                .get(*k)
                .map(|t| format!("{marker}# {}", sanitize_line(&t.name))),
            SearchRow::Status(k) => r.statuses.get(*k).map(|st| {
                format!(
                    "{marker}💬 @{}: {}",
                    sanitize_line(&st.account.acct),
                    strip_html(&st.content)
                )
            }),
        }
        .unwrap_or_default();
        let style = if sel { theme.selected_name } else { theme.text };
        put_line(
            buf,
            body,
            body.y + line_no as u16,
            &Line::from(Span::styled(truncate_to_width(&text, w), style)),
        );
    }
}
