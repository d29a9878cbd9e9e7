//! Text pages built from server data (shown in a scrollable `View::Raw`):
//! the edit history of a post, the session's messages. Pure functions, so the pages can be tested
//! and snapshotted without a server.

use trompe_api::entities::StatusEdit;

/// The versions of an edited post, oldest first, each with its time, its
/// content warning, its text and its poll options.
pub fn edit_history(versions: &[StatusEdit]) -> String {
    let n = versions.len();
    let mut out = format!("Edit history: {n} versions\n\n");
    for (i, v) in versions.iter().enumerate() {
        let when = v
            .created_at
            .map(|t| {
                format!(
                    "{:04}-{:02}-{:02} {:02}:{:02}",
                    t.year(),
                    u8::from(t.month()),
                    t.day(),
                    t.hour(),
                    t.minute()
                )
            })
            .unwrap_or_default();
        let label = if i == 0 {
            "original"
        } else if i + 1 == n {
            "current"
        } else {
            "edit"
        };
        out.push_str(&format!("── version {} · {when} ({label})\n", i + 1));
        if !v.spoiler_text.is_empty() {
            out.push_str(&format!("CW: {}\n", v.spoiler_text));
        }
        out.push_str(&trompe_api::html::html_to_text(&v.content));
        if let Some(p) = &v.poll {
            for o in &p.options {
                out.push_str(&format!("\n  ○ {}", o.title));
            }
        }
        out.push_str("\n\n");
    }
    out
}

/// The session's messages (past toasts), newest first, each with its local
/// time and, for errors, a mark.
pub fn messages(
    messages: &std::collections::VecDeque<super::state::Message>,
    zone: trompe_api::compose::Zone,
) -> String {
    let mut out = format!("Messages: {}\n\n", messages.len());
    if messages.is_empty() {
        out.push_str("Nothing yet: messages shown at the bottom of the screen collect here.\n");
    }
    for m in messages.iter().rev() {
        let t = zone.to_local(m.at);
        let mark = match m.kind {
            super::state::ToastKind::Error => "error",
            super::state::ToastKind::Info => "",
        };
        out.push_str(&format!(
            "{:02}:{:02}:{:02} {mark:5} {}\n",
            t.hour(),
            t.minute(),
            t.second(),
            m.text
        ));
    }
    out
}
