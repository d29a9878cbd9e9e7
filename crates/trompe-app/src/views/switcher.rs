//! The account switcher: j/k over the accounts, Enter switches, the last
//! row adds an account. Part of `update`: synchronous, no I/O.

use super::login::LoginForm;
use crate::effect::Effect;
use crate::keymap::Command;
use crate::state::State;

/// `A`: opens the account switcher on the active account.
pub(crate) fn open(state: &mut State) -> Vec<Effect> {
    if !state.accounts.is_empty() {
        state.switcher = Some(state.active);
    }
    vec![]
}

/// Commands while the account switcher is open. The last row adds an account.
pub(crate) fn command(state: &mut State, cmd: Command) -> Vec<Effect> {
    let Some(sel) = state.switcher else {
        return vec![];
    };
    let rows = state.accounts.len() + 1;
    match cmd {
        Command::Quit => {
            state.should_quit = true;
            return vec![Effect::Quit];
        }
        Command::ScrollDown => state.switcher = Some((sel + 1) % rows),
        Command::ScrollUp => state.switcher = Some((sel + rows - 1) % rows),
        Command::Select => {
            state.switcher = None;
            if sel < state.accounts.len() {
                state.active = sel;
            } else {
                state.login = Some(LoginForm::default());
            }
        }
        Command::Back | Command::ToggleSwitcher => state.switcher = None,
        _ => {}
    }
    vec![]
}

/// The switcher's title, with its keys.
pub const HINT: &str = " accounts — Enter switches, Esc closes ";
