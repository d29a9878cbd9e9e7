//! Unsent drafts: the drafts view (Enter continues one in the compose
//! pane, x deletes it), and the drafts found on disk at start-up, offered
//! when the compose pane opens. Part of `update`: synchronous, no I/O.

use trompe_api::compose::Draft;

use crate::effect::Effect;
use crate::keymap::Command;
use crate::state::{State, ToastKind};
use crate::views::View;

/// `:drafts`: opens the view and asks for the drafts on disk.
pub(crate) fn open(state: &mut State) -> Vec<Effect> {
    crate::navigate::push_view(
        state,
        View::Drafts {
            drafts: vec![],
            selected: 0,
            loading: true,
        },
    );
    vec![Effect::ListDrafts]
}

/// Keys in the view: j/k move, Enter continues the draft, x deletes it.
pub(crate) fn command(state: &mut State, cmd: Command) -> Option<Vec<Effect>> {
    let Some(View::Drafts {
        drafts, selected, ..
    }) = state.account_mut().and_then(|a| a.views.last_mut())
    else {
        return None;
    };
    match cmd {
        Command::ScrollDown | Command::ScrollUp => {
            let n = drafts.len().max(1);
            *selected = if cmd == Command::ScrollDown {
                (*selected + 1).min(n - 1)
            } else {
                selected.saturating_sub(1)
            };
            Some(vec![])
        }
        Command::Select => {
            let Some(d) = drafts.get(*selected).cloned() else {
                return Some(vec![]);
            };
            if let Some(acc) = state.account_mut() {
                acc.views.pop();
                acc.pending_draft = Some(d);
            }
            // The pane opens on the pending draft.
            Some(crate::views::compose::open(state, Command::Compose))
        }
        Command::DeleteDraft => Some(delete_selected(state)),
        // x when `delete_draft` is bound elsewhere: nothing underneath.
        Command::Reject => Some(vec![]),
        _ => None,
    }
}

/// Deletes the selected draft, on disk too.
fn delete_selected(state: &mut State) -> Vec<Effect> {
    let Some(View::Drafts {
        drafts, selected, ..
    }) = state.account_mut().and_then(|a| a.views.last_mut())
    else {
        return vec![];
    };
    let Some(id) = drafts.get(*selected).map(|d| d.id.clone()) else {
        return vec![];
    };
    drafts.retain(|d| d.id != id);
    *selected = (*selected).min(drafts.len().saturating_sub(1));
    if let Some(acc) = state.account_mut() {
        if acc.pending_draft.as_ref().is_some_and(|d| d.id == id) {
            acc.pending_draft = None;
        }
    }
    state.toast(ToastKind::Info, "Draft deleted");
    vec![Effect::DeleteDraft { id }]
}

/// The drafts on disk, newest first, for the view on top.
pub(crate) fn listed(state: &mut State, list: Vec<Draft>) -> Vec<Effect> {
    if let Some(View::Drafts {
        drafts, loading, ..
    }) = state.account_mut().and_then(|a| a.views.last_mut())
    {
        *drafts = list;
        drafts.sort_by_key(|d| std::cmp::Reverse(d.updated_at));
        *loading = false;
    }
    vec![]
}

/// Unsent drafts found at start-up: each account keeps its newest one, to
/// continue when the compose pane opens.
pub(crate) fn found(state: &mut State, drafts: Vec<Draft>) -> Vec<Effect> {
    let mut restored = 0;
    for acc in state.accounts.iter_mut() {
        let mine = drafts
            .iter()
            .filter(|d| {
                d.account
                    .as_deref()
                    .is_none_or(|a| a == acc.label || acc.label.is_empty())
            })
            .max_by_key(|d| d.updated_at);
        if let Some(d) = mine {
            if acc.pending_draft.is_none() {
                acc.pending_draft = Some(d.clone());
                restored += 1;
            }
        }
    }
    if restored > 0 {
        let c = state.keymap.key(Command::Compose);
        state.toast(
            ToastKind::Info,
            format!("An unsent draft was kept — press {c} to continue it"),
        );
    }
    vec![]
}

/// The view's title line, with its keys.
pub fn hint(km: &crate::keymap::Keymap) -> String {
    format!(
        " Drafts — {} continues, {} deletes",
        km.key(Command::Select),
        km.key(Command::DeleteDraft)
    )
}
