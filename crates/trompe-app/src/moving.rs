//! `:move ACCOUNT`: move everything but your posts (follows, lists,
//! blocks, mutes, domain blocks, bookmarks, filters, followed tags) from
//! the account in use to another of yours. The plan comes first, and the
//! move waits for a yes. Part of `update`: synchronous, no I/O.

use crate::action::Action;
use crate::effect::Effect;
use crate::state::{State, ToastKind};
use crate::views::View;

/// What a move would do, from a dry run against the target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MovePlan {
    /// One line per kind: `follows  12 to do · 1 already there`.
    pub lines: Vec<String>,
    /// Changes it would make.
    pub changes: usize,
}

fn label(state: &State, account: usize) -> String {
    state
        .accounts
        .get(account)
        .map(|a| a.label.clone())
        .unwrap_or_default()
}

/// `:move NAME`: checks the target and asks the runner for the plan.
pub(crate) fn start(state: &mut State, arg: &str) -> Vec<Effect> {
    let name = arg.trim().trim_start_matches('@');
    if name.is_empty() {
        state.toast(
            ToastKind::Error,
            "usage: :move ACCOUNT (user@instance, or its number in the switcher) — one of your other accounts; it receives your follows, lists, blocks, mutes, bookmarks, filters and followed tags",
        );
        return vec![];
    }
    let from = state.active;
    // `:move 2`: the second account of the switcher.
    let by_number = name
        .parse::<usize>()
        .ok()
        .filter(|n| (1..=state.accounts.len()).contains(n))
        .map(|n| n - 1);
    let matches: Vec<usize> = state
        .accounts
        .iter()
        .enumerate()
        .filter(|(i, a)| {
            if by_number.is_some() {
                return by_number == Some(*i);
            }
            let l = a.label.to_lowercase();
            let n = name.to_lowercase();
            l == n || l.starts_with(&format!("{n}@")) || l.ends_with(&format!("@{n}"))
        })
        .map(|(i, _)| i)
        .collect();
    let to = match matches.as_slice() {
        [one] => *one,
        [] => {
            state.toast(
                ToastKind::Error,
                format!("no account of yours matches `{name}` (the account switcher lists them)"),
            );
            return vec![];
        }
        _ => {
            state.toast(
                ToastKind::Error,
                format!("`{name}` matches several accounts: give user@instance"),
            );
            return vec![];
        }
    };
    if to == from {
        state.toast(
            ToastKind::Error,
            "that is the account in use: switch to the account to move from, then :move the other",
        );
        return vec![];
    }
    if state
        .accounts
        .iter()
        .enumerate()
        .any(|(i, a)| (i == from || i == to) && a.node)
    {
        state.toast(
            ToastKind::Error,
            "the federation node has no lists, blocks or bookmarks to move",
        );
        return vec![];
    }
    state.toast(
        ToastKind::Info,
        format!(
            "Planning the move to {}: reading both accounts…",
            label(state, to)
        ),
    );
    vec![Effect::MovePlan { from, to }]
}

/// The plan came: ask, or say there is nothing to do.
pub(crate) fn planned(
    state: &mut State,
    from: usize,
    to: usize,
    result: Result<MovePlan, String>,
) -> Vec<Effect> {
    let plan = match result {
        Ok(p) => p,
        Err(e) => {
            state.toast(ToastKind::Error, format!("could not plan the move: {e}"));
            return vec![];
        }
    };
    let (from_l, to_l) = (label(state, from), label(state, to));
    if plan.changes == 0 {
        state.toast(
            ToastKind::Info,
            format!("Nothing to move: {to_l} already has everything {from_l} has"),
        );
        return vec![];
    }
    let text = format!(
        "Move to {to_l}? {} change(s):\n\n{}\n\nYour posts and followers stay on {from_l}.",
        plan.changes,
        plan.lines.join("\n")
    );
    if let Some(acc) = state.accounts.get_mut(state.active) {
        acc.views.push(View::Confirm {
            text,
            action: Box::new(Action::ConfirmedMove { from, to }),
        });
    }
    vec![]
}

/// Yes: run it.
pub(crate) fn confirmed(state: &mut State, from: usize, to: usize) -> Vec<Effect> {
    state.toast(
        ToastKind::Info,
        format!("Moving to {}… (progress shows here)", label(state, to)),
    );
    vec![Effect::Move { from, to }]
}

/// A stage of the move began.
pub(crate) fn progress(state: &mut State, text: String) -> Vec<Effect> {
    state.toast(ToastKind::Info, text);
    vec![]
}

/// The move ended: its report in a page.
pub(crate) fn done(
    state: &mut State,
    to: usize,
    result: Result<Vec<String>, String>,
) -> Vec<Effect> {
    let to_l = label(state, to);
    match result {
        Ok(lines) => {
            state.toast(ToastKind::Info, format!("Moved to {to_l}"));
            let text = format!("Move to {to_l}\n\n{}", lines.join("\n"));
            if let Some(acc) = state.accounts.get_mut(state.active) {
                acc.views.push(View::Raw { text, scroll: 0 });
            }
        }
        Err(e) => state.toast(
            ToastKind::Error,
            format!("the move stopped: {e}. What was done is kept; :move again goes on from there"),
        ),
    }
    vec![]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::AccountState;

    fn state() -> State {
        State::new(
            vec![
                AccountState::new("alice@old.example", "old.example"),
                AccountState::new("alice@new.example", "new.example"),
            ],
            time::OffsetDateTime::UNIX_EPOCH,
        )
    }

    fn last(s: &State) -> String {
        s.messages
            .back()
            .map(|m| m.text.clone())
            .unwrap_or_default()
    }

    #[test]
    fn the_target_is_named_by_address_domain_or_number() {
        for arg in [
            "alice@new.example",
            "@alice@new.example",
            "new.example",
            "2",
        ] {
            let mut s = state();
            let effects = start(&mut s, arg);
            assert!(
                matches!(effects.as_slice(), [Effect::MovePlan { from: 0, to: 1 }]),
                "{arg}: {effects:?}"
            );
        }
    }

    #[test]
    fn a_wrong_target_is_said_and_nothing_runs() {
        let mut s = state();
        assert!(start(&mut s, "").is_empty());
        assert!(last(&s).starts_with("usage: :move"));
        assert!(start(&mut s, "bob@elsewhere.example").is_empty());
        assert!(last(&s).contains("no account of yours matches"));
        assert!(start(&mut s, "1").is_empty());
        assert!(last(&s).contains("the account in use"));
        assert!(start(&mut s, "alice").is_empty());
        assert!(last(&s).contains("matches several accounts"));
    }

    #[test]
    fn nothing_to_move_asks_nothing_and_a_plan_asks_first() {
        let mut s = state();
        let plan = MovePlan {
            lines: vec![],
            changes: 0,
        };
        planned(&mut s, 0, 1, Ok(plan));
        assert!(s.accounts[0].views.is_empty());
        assert!(last(&s).starts_with("Nothing to move"));
        let plan = MovePlan {
            lines: vec!["  follows        3".into()],
            changes: 3,
        };
        planned(&mut s, 0, 1, Ok(plan));
        match s.accounts[0].views.last() {
            Some(View::Confirm { text, action }) => {
                assert!(text.contains("3 change(s)"), "{text}");
                assert!(matches!(**action, Action::ConfirmedMove { from: 0, to: 1 }));
            }
            other => panic!("{other:?}"),
        }
    }
}
