//! The scheduled posts, as a list: e moves one to another time (the prompt
//! opens with `reschedule ID `), x cancels one (after asking), r reloads.
//! Times show in the user's zone. Part of `update`: synchronous, no I/O.

use trompe_api::entities::ScheduledStatus;

use crate::action::Action;
use crate::effect::{Effect, SocialOp};
use crate::keymap::Command;
use crate::state::{Prompt, PromptKind, State};
use crate::views::View;

/// The list of scheduled posts.
#[derive(Debug, Clone, Default)]
pub struct ScheduledView {
    pub items: Vec<ScheduledStatus>,
    pub selected: usize,
    pub loading: bool,
    pub error: Option<String>,
}

/// Opens the list (or reloads it when it is on top).
pub(crate) fn open(state: &mut State) -> Vec<Effect> {
    let account = state.active;
    let Some(acc) = state.account_mut() else {
        return vec![];
    };
    match acc.views.last_mut() {
        Some(View::Scheduled(s)) => s.loading = true,
        _ => acc.views.push(View::Scheduled(ScheduledView {
            loading: true,
            ..Default::default()
        })),
    }
    vec![Effect::LoadScheduled { account }]
}

fn top(state: &mut State) -> Option<&mut ScheduledView> {
    crate::views::top_view(state, View::scheduled_mut)
}

/// The scheduled posts arrived, soonest first.
pub(crate) fn loaded(
    state: &mut State,
    account: usize,
    result: Result<Vec<ScheduledStatus>, trompe_api::ApiError>,
) -> Vec<Effect> {
    if let Some(s) = crate::views::find_view(state, account, View::scheduled_mut) {
        s.loading = false;
        match result {
            Ok(mut items) => {
                items.sort_by_key(|i| i.scheduled_at);
                s.items = items;
                s.error = None;
                s.selected = s.selected.min(s.items.len().saturating_sub(1));
            }
            Err(e) => s.error = Some(e.to_string()),
        }
    }
    vec![]
}

/// Keys in the list: j/k move, e or Enter reschedule, x cancels (after
/// asking), r reloads.
pub(crate) fn command(state: &mut State, cmd: Command) -> Option<Vec<Effect>> {
    let s = top(state)?;
    if let Some(d) = crate::views::delta_of(cmd) {
        s.selected = crate::views::moved(s.selected, d, s.items.len());
        return Some(vec![]);
    }
    let current = s.items.get(s.selected).map(|i| i.id.as_str().to_string());
    match cmd {
        Command::Refresh => Some(open(state)),
        Command::Reschedule => {
            if let Some(id) = current {
                state.prompt = Some(Prompt {
                    kind: PromptKind::Command,
                    text: format!("reschedule {id} "),
                    history_pos: None,
                });
            }
            Some(vec![])
        }
        Command::CancelScheduled => {
            if let (Some(id), Some(acc)) = (current, state.account_mut()) {
                acc.views.push(View::Confirm {
                    text: "Cancel this scheduled post? It will not be published.".into(),
                    action: Box::new(Action::ConfirmedSocial(SocialOp::CancelScheduled(id))),
                });
            }
            Some(vec![])
        }
        Command::OpenProfile
        | Command::OpenLinks
        | Command::StartVote
        | Command::Reject
        | Command::Edit
        | Command::Select => Some(vec![]),
        _ => None,
    }
}

/// The keys that matter here, as bound in `km`.
pub fn hint(km: &crate::keymap::Keymap) -> String {
    use Command as C;
    format!(
        "{} moves one · {} cancels · {} reloads",
        km.keys_of(crate::keymap::Mode::Scheduled, C::Reschedule)
            .join(" or "),
        km.key(C::CancelScheduled),
        km.key(C::Refresh)
    )
}
