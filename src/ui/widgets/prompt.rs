//! The prompt line: `/` search or `:` command, with a cursor.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::app::{PromptKind, State};
use crate::html::{display_width, sanitize_line};
use crate::ui::Theme;

/// Draws the prompt on the area's first row.
pub fn render(buf: &mut Buffer, area: Rect, state: &State, theme: &Theme) {
    let Some(p) = &state.prompt else {
        return;
    };
    let (lead, hint) = match p.kind {
        PromptKind::Search => ("/", "  search: accounts, #tags, posts, pasted URLs"),
        PromptKind::Command => (
            ":",
            "  tag NAME · list NAME · bookmarks · user @ACCT · close · ? lists all",
        ),
    };
    let text = sanitize_line(&p.text);
    let avail = (area.width as usize).saturating_sub(2);
    // Keep the end of a long entry visible.
    let shown: String = if display_width(&text) > avail {
        let chars: Vec<char> = text.chars().collect();
        chars[chars.len().saturating_sub(avail.saturating_sub(1))..]
            .iter()
            .collect()
    } else {
        text.into_owned()
    };
    let mut spans = vec![
        Span::styled(lead, theme.help_key),
        Span::styled(format!("{shown}▏"), theme.text),
    ];
    if p.text.is_empty() {
        spans.push(Span::styled(hint, theme.dim));
    } else if p.kind == PromptKind::Command {
        // The commands that match what is typed (Tab completes).
        let found = crate::app::cmdline::matching_commands(&p.text);
        if !found.is_empty() && found.len() < 40 {
            let used = display_width(&shown) + 3;
            let room = (area.width as usize).saturating_sub(used + 2);
            let list = crate::html::truncate_to_width(&found.join(" · "), room);
            spans.push(Span::styled(format!("  {list}"), theme.dim));
        }
    }
    super::put_line(buf, area, area.y, &Line::from(spans));
}
