//! The help overlay: j/k scroll it, other keys close it instead of acting
//! underneath. Part of `update`: synchronous, no I/O.

use crate::effect::Effect;
use crate::keymap::Command;
use crate::state::State;
use crate::update::quit;

/// While the help is open, j/k scroll it and other keys close it instead
/// of acting underneath.
pub(crate) fn command(state: &mut State, cmd: Command) -> Vec<Effect> {
    match cmd {
        Command::Quit => return quit(state),
        Command::ScrollDown => state.help_scroll = state.help_scroll.saturating_add(1),
        Command::ScrollUp => state.help_scroll = state.help_scroll.saturating_sub(1),
        Command::PageDown => state.help_scroll = state.help_scroll.saturating_add(10),
        Command::PageUp => state.help_scroll = state.help_scroll.saturating_sub(10),
        _ => close_help(state),
    }
    vec![]
}

pub(crate) fn close_help(state: &mut State) {
    state.show_help = false;
    state.help_scroll = 0;
}

/// The overlay's title: how to scroll it (when it does not fit) and close it.
pub fn hint(scrolls: bool) -> &'static str {
    if scrolls {
        " keys — j/k scroll, Esc or ? closes "
    } else {
        " keys — Esc or ? closes "
    }
}
