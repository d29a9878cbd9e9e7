//! The instance page, with its announcements: it scrolls, and
//! `dismiss_announcements` marks the announcements read. Part of `update`:
//! synchronous, no I/O.

use super::View;
use crate::effect::Effect;
use crate::keymap::Command;
use crate::navigate::push_view;
use crate::state::{State, ToastKind};

/// Keys on the instance page: it scrolls; `dismiss_announcements` (x)
/// marks the announcements read.
pub(crate) fn command(state: &mut State, cmd: Command) -> Option<Vec<Effect>> {
    match cmd {
        Command::DismissAnnouncements => return Some(dismiss_announcements(state)),
        // x when `dismiss_announcements` is bound elsewhere: nothing underneath.
        Command::Reject => return Some(vec![]),
        _ => {}
    }
    let Some(View::Instance { scroll }) = state.account_mut().and_then(|a| a.views.last_mut())
    else {
        return None;
    };
    *scroll = match cmd {
        Command::ScrollDown => scroll.saturating_add(1),
        Command::PageDown => scroll.saturating_add(10),
        Command::ScrollUp => scroll.saturating_sub(1),
        Command::PageUp => scroll.saturating_sub(10),
        _ => return None,
    };
    Some(vec![])
}

/// Marks the unread announcements read, here and on the server.
fn dismiss_announcements(state: &mut State) -> Vec<Effect> {
    let account = state.active;
    let Some(list) = state.account_mut().and_then(|a| a.announcements.as_mut()) else {
        return vec![];
    };
    let mut ids = Vec::new();
    for a in list.iter_mut().filter(|a| a.read == Some(false)) {
        a.read = Some(true);
        ids.push(a.id.clone());
    }
    if ids.is_empty() {
        state.toast(ToastKind::Info, "No unread announcements");
        return vec![];
    }
    vec![Effect::DismissAnnouncements { account, ids }]
}

/// `I`: the instance page, with its announcements.
pub(crate) fn show_instance(state: &mut State) -> Vec<Effect> {
    let account = state.active;
    push_view(state, View::Instance { scroll: 0 });
    vec![
        Effect::LoadInstance { account },
        Effect::LoadAnnouncements { account },
    ]
}

/// The hint after the announcements' heading: how many are unread and the
/// key that marks them read (nothing when all are read).
pub fn announcements_hint(unread: usize, km: &crate::keymap::Keymap) -> String {
    if unread > 0 {
        format!(
            " — {unread} unread, {} marks them read",
            km.key(Command::DismissAnnouncements)
        )
    } else {
        String::new()
    }
}
