//! The yes/no question before a destructive action. Part of `update`:
//! synchronous, no I/O.

use super::View;
use crate::effect::Effect;
use crate::keymap::Command;
use crate::state::State;

/// The confirm dialog takes its own keys ([keys.confirm]: y or Enter, n or
/// Esc by default) as Confirm and Cancel: yes replays the stored action
/// (as a follow-up, [`Effect::Then`]). Any other key leaves the question
/// open; Esc bound as Back and quitting still work.
pub(crate) fn command(state: &mut State, cmd: Command) -> Option<Vec<Effect>> {
    let yes = match cmd {
        Command::Confirm => true,
        Command::Cancel => false,
        Command::Back | Command::Quit => return None,
        _ => return Some(vec![]),
    };
    let Some(View::Confirm { action, .. }) = state.account_mut().and_then(|a| a.views.pop()) else {
        return Some(vec![]);
    };
    Some(if yes {
        vec![Effect::Then(action)]
    } else {
        vec![]
    })
}

/// The dialog's hint line: its keys, from `[keys.confirm]`.
pub fn hint(km: &crate::keymap::Keymap) -> String {
    use crate::keymap::Mode;
    let keys = |c| km.keys_of(Mode::Confirm, c).join(" / ");
    format!(
        " {}: yes    {}: no",
        keys(Command::Confirm),
        keys(Command::Cancel)
    )
}
