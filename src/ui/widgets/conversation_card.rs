//! One direct conversation as a card: who it is with and whether it has
//! unread messages, then its last message.

use ratatui::text::{Line, Span};

use crate::api::entities::Conversation;
use crate::html::{sanitize_line, truncate_to_width};

use super::status_card::{CardContext, GUTTER, nested_card};

/// The lines of a conversation card.
pub fn conversation_lines(c: &Conversation, cx: CardContext<'_>) -> Vec<Line<'static>> {
    let theme = cx.theme;
    let inner = cx.width.saturating_sub(GUTTER).max(1) as usize;
    let with: Vec<String> = c
        .accounts
        .iter()
        .map(|a| format!("@{}", sanitize_line(&a.acct)))
        .collect();
    let with = if with.is_empty() {
        "yourself".to_string()
    } else {
        with.join(", ")
    };
    let gutter = if cx.selected {
        Span::styled("▌ ", theme.selected_gutter)
    } else {
        Span::raw("  ")
    };
    let mut head = vec![
        gutter.clone(),
        Span::styled(
            truncate_to_width(&format!("✉ with {with}"), inner.saturating_sub(9)),
            if cx.selected {
                theme.selected_name
            } else {
                theme.display_name
            },
        ),
    ];
    if c.unread {
        head.push(Span::styled(" · unread", theme.info));
    }
    let mut out = vec![Line::from(head)];
    match &c.last_status {
        Some(s) => {
            out.extend(nested_card(s, cx, &gutter));
        }
        None => {
            out.push(Line::from(vec![
                gutter,
                Span::styled("(no message left)", theme.dim),
            ]));
            out.push(Line::default());
        }
    }
    out
}
