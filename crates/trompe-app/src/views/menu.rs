//! A short menu of choices (the mute duration, the visibility of a boost,
//! …), with an optional check box. Part of `update`: synchronous, no I/O.

use super::View;
use crate::effect::Effect;
use crate::keymap::Command;
use crate::state::State;

/// A menu of choices, each an action (the mute duration, the visibility of
/// a boost, …), with an optional check box toggled by Tab.
#[derive(Debug, Clone)]
pub struct MenuView {
    pub title: String,
    pub items: Vec<(String, crate::action::Action)>,
    pub selected: usize,
    /// A check box shown under the items (label, checked).
    pub check: Option<(String, bool)>,
}

impl MenuView {
    /// The selected item's action, with the check box applied to it.
    pub fn chosen(&self) -> Option<crate::action::Action> {
        let mut action = self.items.get(self.selected)?.1.clone();
        if let (
            Some((_, checked)),
            crate::action::Action::ConfirmedSocial(crate::effect::SocialOp::MuteFor {
                notifications,
                ..
            }),
        ) = (&self.check, &mut action)
        {
            *notifications = *checked;
        }
        Some(action)
    }
}

/// Keys in a menu: j/k move, Tab flips the check box, Enter runs the
/// selected item (as a follow-up, [`Effect::Then`]); other keys do nothing
/// but Esc and quitting.
pub(crate) fn command(state: &mut State, cmd: Command) -> Option<Vec<Effect>> {
    let Some(View::Menu(m)) = state.account_mut().and_then(|a| a.views.last_mut()) else {
        return None;
    };
    match cmd {
        Command::ScrollDown => m.selected = (m.selected + 1).min(m.items.len().saturating_sub(1)),
        Command::ScrollUp => m.selected = m.selected.saturating_sub(1),
        Command::NextTab | Command::PrevTab => {
            if let Some((_, c)) = m.check.as_mut() {
                *c = !*c;
            }
        }
        Command::Select => {
            let chosen = m.chosen();
            if let Some(acc) = state.account_mut() {
                acc.views.pop();
            }
            return Some(
                chosen
                    .map(|a| vec![Effect::Then(Box::new(a))])
                    .unwrap_or_default(),
            );
        }
        Command::Back | Command::Quit => return None,
        _ => {}
    }
    Some(vec![])
}

impl MenuView {
    /// The menu's title, with its keys.
    pub fn hint(&self, km: &crate::keymap::Keymap) -> String {
        format!(
            " {} — {} chooses, {} cancels ",
            trompe_api::html::sanitize_line(&self.title),
            km.key(Command::Select),
            km.key(Command::Back)
        )
    }
}
