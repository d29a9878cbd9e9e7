//! One notification as a card: who did what, then the status it is about.
//! Every type Mastodon sends has a sentence; an unknown type is shown with
//! its name, never dropped.

use ratatui::text::{Line, Span};

use crate::api::entities::{Notification, NotificationType};
use crate::html::{display_width, sanitize_line, truncate_to_width};
use crate::ui::time_fmt::relative;

use super::status_card::{CardContext, GUTTER, nested_card};

/// The icon and the sentence for a notification type.
pub fn describe(kind: &NotificationType) -> (&'static str, String) {
    use NotificationType::*;
    match kind {
        Mention => ("@", "mentioned you".into()),
        Status => ("◆", "posted".into()),
        Reblog => ("⟳", "boosted your post".into()),
        Follow => ("+", "followed you".into()),
        FollowRequest => ("?", "asked to follow you — Enter: accept, x: reject".into()),
        Favourite => ("★", "favourited your post".into()),
        Poll => ("▤", "A poll you voted in or made has ended".into()),
        Update => ("✎", "edited a post you interacted with".into()),
        Quote => ("❝", "quoted your post".into()),
        AdminSignUp => ("⚑", "signed up".into()),
        AdminReport => ("⚑", "filed a report".into()),
        SeveredRelationships => ("✂", "some of your follow relationships were severed".into()),
        ModerationWarning => ("⚠", "you received a moderation warning".into()),
        QuotedUpdate => ("✎", "edited a post you quoted".into()),
        AnnualReport => ("✦", "your annual report is ready".into()),
        Other(t) => ("•", format!("notification: {}", sanitize_line(t))),
    }
}

/// The lines of a notification card.
pub fn notification_lines(
    n: &Notification,
    group: Option<&crate::app::NotificationGroupInfo>,
    cx: CardContext<'_>,
) -> Vec<Line<'static>> {
    let theme = cx.theme;
    let inner = cx.width.saturating_sub(GUTTER).max(1) as usize;
    let (icon, sentence) = describe(&n.kind);
    let who = n
        .account
        .as_ref()
        .map(|a| {
            let name = sanitize_line(a.display_name_or_username());
            crate::ui::emoji::substitute(&name, &a.emojis).into_owned()
        })
        .unwrap_or_default();
    // A group reads "Zoë and 3 others favourited your post".
    let who = match group.filter(|g| g.count > 1) {
        Some(g) if g.count == 2 && g.names.len() >= 2 => {
            format!(
                "{} and {}",
                sanitize_line(&g.names[0]),
                sanitize_line(&g.names[1])
            )
        }
        Some(g) => {
            let first = g
                .names
                .first()
                .map(|f| sanitize_line(f).into_owned())
                .unwrap_or(who);
            format!("{first} and {} others", g.count - 1)
        }
        None => who,
    };
    let when = relative(n.created_at, cx.now);
    let left = match (&n.kind, who.is_empty()) {
        (_, true) => format!("{icon} {sentence}"),
        // The account of a poll notification is the poll's author.
        (NotificationType::Poll, false) => format!("{icon} The poll by {who} has ended"),
        (_, false) => format!("{icon} {who} {sentence}"),
    };
    let left = truncate_to_width(&left, inner.saturating_sub(display_width(&when) + 1));
    let pad = inner.saturating_sub(display_width(&left) + display_width(&when));
    let name_style = if cx.selected {
        theme.selected_name
    } else {
        theme.display_name
    };
    let gutter = if cx.selected {
        Span::styled("▌ ", theme.selected_gutter)
    } else {
        Span::raw("  ")
    };
    let mut out = vec![Line::from(vec![
        gutter.clone(),
        Span::styled(left, name_style),
        Span::raw(" ".repeat(pad)),
        Span::styled(when, theme.dim),
    ])];
    match &n.status {
        Some(s) => {
            // The status, indented under the sentence; never selected-styled itself.
            out.extend(nested_card(s, cx, &gutter));
        }
        None => {
            if let Some(a) = &n.account {
                let acct = truncate_to_width(&format!("@{}", sanitize_line(&a.acct)), inner);
                out.push(Line::from(vec![gutter, Span::styled(acct, theme.acct)]));
            }
            out.push(Line::default());
        }
    }
    out
}
