//! Filtered notifications: the policy, then the held requests.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::html::{sanitize_line, strip_html, truncate_to_width};
use crate::ui::Theme;
use crate::ui::widgets::put_line;

pub(super) fn requests(
    buf: &mut Buffer,
    area: Rect,
    r: &crate::app::views::RequestsView,
    km: &crate::app::keymap::Keymap,
    theme: &Theme,
) {
    use crate::app::views::POLICY_ROWS;
    let w = area.width as usize;
    let mut lines: Vec<Line<'static>> = vec![Line::from(Span::styled(
        " Notifications from… (Enter cycles accept → filter → drop)",
        theme.strong,
    ))];
    for (i, (_, label)) in POLICY_ROWS.iter().enumerate() {
        let sel = i == r.selected;
        let value = r.policy_value(i).unwrap_or("…");
        let text = format!("{}{label:<34} {value}", if sel { "▶ " } else { "  " });
        let style = if sel { theme.selected_name } else { theme.text };
        lines.push(Line::from(Span::styled(truncate_to_width(&text, w), style)));
    }
    lines.push(Line::default());
    lines.push(Line::from(Span::styled(r.hint(km), theme.strong)));
    if r.requests.is_empty() && !r.loading {
        lines.push(Line::from(Span::styled(
            "   nothing is held back",
            theme.dim,
        )));
    }
    for (k, req) in r.requests.iter().enumerate() {
        let sel = POLICY_ROWS.len() + k == r.selected;
        let preview = req
            .last_status
            .as_ref()
            .map(|s| format!(" — {}", strip_html(&s.content)))
            .unwrap_or_default();
        let text = format!(
            "{}{} @{} · {} notification{}{preview}",
            if sel { "▶ " } else { "  " },
            sanitize_line(req.account.display_name_or_username()),
            sanitize_line(&req.account.acct),
            req.notifications_count,
            if req.notifications_count == 1 {
                ""
            } else {
                "s"
            }
        );
        let style = if sel { theme.selected_name } else { theme.text };
        lines.push(Line::from(Span::styled(truncate_to_width(&text, w), style)));
    }
    if let Some(e) = &r.error {
        lines.push(Line::default());
        lines.push(Line::from(Span::styled(
            truncate_to_width(&format!(" {}", sanitize_line(e)), w),
            theme.cw_banner,
        )));
    } else if r.loading {
        lines.push(Line::from(Span::styled(" Loading…", theme.dim)));
    }
    // Keep the selection visible on short screens.
    let sel_line = if r.selected < POLICY_ROWS.len() {
        r.selected + 1
    } else {
        r.selected + 4
    };
    let start = sel_line.saturating_sub(area.height.saturating_sub(1) as usize);
    for (row, l) in lines
        .iter()
        .skip(start)
        .take(area.height as usize)
        .enumerate()
    {
        put_line(buf, area, area.y + row as u16, l);
    }
}
