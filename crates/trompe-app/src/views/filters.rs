//! The filter editor: the user's filters (v2) in a list, with commands to
//! create them, add and remove keywords, switch between warning and hiding,
//! and delete them. Part of `update`: synchronous, no I/O.
//!
//! Filters are named by their title (case-insensitive) in commands; the
//! runner finds the filter on the server, applies the change and loads the
//! list again.

use trompe_api::entities::{Filter, FilterAction};

use crate::action::Action;
use crate::effect::Effect;
use crate::keymap::Command;
use crate::state::{State, ToastKind};
use crate::views::View;

/// A change to the filters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FilterChange {
    /// Create `title` with these keywords, or add them to it.
    Upsert {
        title: String,
        keywords: Vec<String>,
    },
    /// Remove one keyword.
    RemoveKeyword {
        title: String,
        keyword: String,
    },
    /// Warn (collapse behind the title) or hide.
    SetAction {
        title: String,
        action: FilterAction,
    },
    Delete {
        title: String,
    },
    /// Where it applies: `home`, `notifications`, `public`, `thread`, `account`.
    SetContext {
        title: String,
        contexts: Vec<String>,
    },
    /// When it expires: in `secs` seconds, or never.
    SetExpiry {
        title: String,
        secs: Option<u64>,
    },
}

/// The list of filters.
#[derive(Debug, Clone, Default)]
pub struct FiltersView {
    pub filters: Vec<Filter>,
    pub selected: usize,
    pub loading: bool,
    pub error: Option<String>,
}

/// Opens the list (if it is not on top already) and runs `change`.
pub(crate) fn open_filters(state: &mut State, change: Option<FilterChange>) -> Vec<Effect> {
    let account = state.active;
    let Some(acc) = state.account_mut() else {
        return vec![];
    };
    match acc.views.last_mut() {
        Some(View::Filters(f)) => f.loading = true,
        _ => acc.views.push(View::Filters(FiltersView {
            loading: true,
            ..Default::default()
        })),
    }
    vec![Effect::Filters { account, change }]
}

/// `filter TITLE = WORD[, WORD…]`, `filter-hide TITLE`, `filter-warn TITLE`,
/// `filter-unword TITLE = WORD`, `filter-delete TITLE`, `filters`.
pub(crate) fn command(state: &mut State, cmd: &str, rest: &str) -> Vec<Effect> {
    let rest = rest.trim();
    let (title, words) = match rest.split_once('=') {
        Some((t, w)) => (t.trim().to_string(), w),
        None => (rest.to_string(), ""),
    };
    let words: Vec<String> = words
        .split(',')
        .map(|w| w.trim().to_string())
        .filter(|w| !w.is_empty())
        .collect();
    let usage = |state: &mut State, text: &str| {
        state.toast(ToastKind::Info, format!("Usage: {text}"));
        vec![]
    };
    let change = match cmd {
        "filters" => None,
        "filter" if title.is_empty() || words.is_empty() => {
            return usage(state, "filter TITLE = WORD[, WORD…]");
        }
        "filter" => Some(FilterChange::Upsert {
            title,
            keywords: words,
        }),
        "filter-unword" if title.is_empty() || words.len() != 1 => {
            return usage(state, "filter-unword TITLE = WORD");
        }
        "filter-unword" => Some(FilterChange::RemoveKeyword {
            title,
            keyword: words[0].clone(),
        }),
        "filter-hide" | "filter-warn" if title.is_empty() => {
            return usage(state, "filter-hide TITLE, filter-warn TITLE");
        }
        "filter-hide" | "filter-warn" => Some(FilterChange::SetAction {
            title,
            action: if cmd == "filter-hide" {
                FilterAction::Hide
            } else {
                FilterAction::Warn
            },
        }),
        "filter-context" if title.is_empty() || words.is_empty() => {
            return usage(
                state,
                "filter-context TITLE = home, notifications, public, thread, account",
            );
        }
        "filter-context" => {
            const KNOWN: [&str; 5] = ["home", "notifications", "public", "thread", "account"];
            let contexts: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
            if let Some(bad) = contexts.iter().find(|c| !KNOWN.contains(&c.as_str())) {
                let msg = format!("Unknown context “{bad}”: use {}", KNOWN.join(", "));
                state.toast(ToastKind::Error, msg);
                return vec![];
            }
            Some(FilterChange::SetContext { title, contexts })
        }
        "filter-expires" if title.is_empty() || words.len() != 1 => {
            return usage(state, "filter-expires TITLE = 30m|12h|7d|never");
        }
        "filter-expires" => {
            let secs = if words[0].eq_ignore_ascii_case("never") {
                None
            } else {
                match trompe_api::compose::when::parse_duration(&words[0]) {
                    Ok(s) => Some(s),
                    Err(e) => {
                        state.toast(ToastKind::Error, e.to_string());
                        return vec![];
                    }
                }
            };
            Some(FilterChange::SetExpiry { title, secs })
        }
        "filter-delete" if title.is_empty() => return usage(state, "filter-delete TITLE"),
        "filter-delete" => {
            confirm_delete(state, title);
            return vec![];
        }
        _ => return vec![],
    };
    open_filters(state, change)
}

fn confirm_delete(state: &mut State, title: String) {
    if let Some(acc) = state.account_mut() {
        acc.views.push(View::Confirm {
            text: format!(
                "Delete the filter “{}”? What it hides shows again.",
                trompe_api::html::sanitize_line(&title)
            ),
            action: Box::new(Action::FilterChangeConfirmed(FilterChange::Delete {
                title,
            })),
        });
    }
}

fn top(state: &mut State) -> Option<&mut FiltersView> {
    crate::views::top_view(state, View::filters_mut)
}

/// The filters arrived (after `done`, a change in words, if any).
pub(crate) fn loaded(
    state: &mut State,
    account: usize,
    done: Option<String>,
    result: Result<Vec<Filter>, trompe_api::ApiError>,
) -> Vec<Effect> {
    // The posts already loaded are matched again against them, in place.
    if let Ok(filters) = &result {
        crate::filtering::apply(state, account, filters);
    }
    let view = crate::views::find_view(state, account, View::filters_mut);
    let mut failed = None;
    match (result, view) {
        (Ok(filters), Some(f)) => {
            f.loading = false;
            f.error = None;
            f.filters = filters;
            f.selected = f.selected.min(f.filters.len().saturating_sub(1));
        }
        (Err(e), Some(f)) => {
            f.loading = false;
            f.error = Some(e.to_string());
            failed = Some(e);
        }
        (Err(e), None) => failed = Some(e),
        (Ok(_), None) => {}
    }
    match (failed, done) {
        (Some(e), _) => state.toast(ToastKind::Error, format!("Filters: {e}")),
        (None, Some(what)) => state.toast(ToastKind::Info, what),
        (None, None) => {}
    }
    vec![]
}

/// Keys in the list: j/k move, Enter switches warn and hide, x deletes
/// (after asking), r reloads.
pub(crate) fn view_command(state: &mut State, cmd: Command) -> Option<Vec<Effect>> {
    let f = top(state)?;
    if let Some(d) = crate::views::delta_of(cmd) {
        f.selected = crate::views::moved(f.selected, d, f.filters.len());
        return Some(vec![]);
    }
    let current = f.filters.get(f.selected).cloned();
    match cmd {
        Command::Refresh => Some(open_filters(state, None)),
        Command::Select => {
            let Some(filter) = current else {
                return Some(vec![]);
            };
            let action = match filter.filter_action {
                FilterAction::Hide => FilterAction::Warn,
                _ => FilterAction::Hide,
            };
            Some(open_filters(
                state,
                Some(FilterChange::SetAction {
                    title: filter.title,
                    action,
                }),
            ))
        }
        Command::DeleteFilter => {
            if let Some(filter) = current {
                confirm_delete(state, filter.title);
            }
            Some(vec![])
        }
        Command::OpenProfile | Command::OpenLinks | Command::StartVote | Command::Reject => {
            Some(vec![])
        }
        _ => None,
    }
}

/// The hint after the title.
pub fn hint(km: &crate::keymap::Keymap) -> String {
    format!(
        " — {}: warn ↔ hide · {} deletes · :filter TITLE = WORDS adds",
        km.key(Command::Select),
        km.key(Command::DeleteFilter)
    )
}
