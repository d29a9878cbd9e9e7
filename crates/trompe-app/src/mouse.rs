//! The mouse: the wheel scrolls, a click on a tab opens it, a click on a
//! post selects it (a double click opens its thread), and a click on a
//! link opens it: a hashtag in its tab, a mention's profile, any other
//! link outside. The terminal layer finds what is under the pointer from
//! the last frame ([`Hit`]); this part is `update`'s: synchronous, no I/O.

use crate::action::Action;
use crate::effect::Effect;
use crate::keymap::Command;
use crate::state::State;

/// What the mouse did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MouseKind {
    Click,
    DoubleClick,
    ScrollUp,
    ScrollDown,
}

/// What was under the pointer in the last frame.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Hit {
    /// Nothing that reacts to a click.
    Nothing,
    /// The tab at this index, in the tab bar.
    Tab(usize),
    /// The card of the active tab at this index, and the word clicked on
    /// (a link's text, `#tag`, `@user`, …) when there was one.
    Card { index: usize, word: Option<String> },
}

/// A word as it may appear as a link's text: without the punctuation
/// around it and an ellipsis at its end.
fn norm(s: &str) -> String {
    s.trim()
        .trim_matches(|c: char| {
            matches!(
                c,
                ',' | '.' | ';' | ':' | '!' | '?' | '(' | ')' | '"' | '\'' | '«' | '»'
            )
        })
        .trim_end_matches('…')
        .to_lowercase()
}

fn then(a: Action) -> Effect {
    Effect::Then(Box::new(a))
}

/// Applies a mouse event.
pub(crate) fn mouse(state: &mut State, kind: MouseKind, hit: Hit) -> Vec<Effect> {
    // Over a dialog, a pane or the help, only the wheel acts (as j/k do).
    let covered = state.show_help
        || state.compose.is_some()
        || state.login.is_some()
        || state.switcher.is_some()
        || state.prompt.is_some();
    match kind {
        MouseKind::ScrollDown => return vec![then(Action::Command(Command::ScrollDown))],
        MouseKind::ScrollUp => return vec![then(Action::Command(Command::ScrollUp))],
        _ if covered => return vec![],
        _ => {}
    }
    match hit {
        Hit::Nothing => vec![],
        Hit::Tab(i) => {
            if let Some(acc) = state.account_mut() {
                acc.views.clear();
            }
            super::update::goto_tab(state, i)
        }
        Hit::Card { index, word } => {
            let Some(acc) = state.account_mut() else {
                return vec![];
            };
            if !acc.views.is_empty() {
                return vec![];
            }
            let Some(tab) = acc.tab_mut() else {
                return vec![];
            };
            if index >= tab.ids.len() {
                return vec![];
            }
            let delta = index as isize - tab.selected as isize;
            let mut fx = Vec::new();
            if delta != 0 {
                fx.extend(super::update::scroll_by(state, delta));
            }
            if kind == MouseKind::DoubleClick {
                fx.push(then(Action::Command(Command::Select)));
                return fx;
            }
            if let Some(w) = word.as_deref() {
                fx.extend(open_word(state, w));
            }
            fx
        }
    }
}

/// A click on a word of the selected post: its link, if the word is one,
/// opened as the link picker opens it (a hashtag or a mention inside).
fn open_word(state: &mut State, word: &str) -> Vec<Effect> {
    let Some(s) = crate::navigate::focused_status(state).map(|s| s.original().clone()) else {
        return vec![];
    };
    let w = norm(word);
    if w.len() < 2 {
        return vec![];
    }
    let doc = trompe_api::html::Document::parse(&s.content);
    let links = doc.links();
    let shown = |l: &trompe_api::html::Link| {
        let label = norm(&trompe_api::html::sanitize_line(&l.text));
        label
            .trim_start_matches("https://")
            .trim_start_matches("http://")
            .to_string()
    };
    // A link is drawn with its number after it: `example.org/page[3]`.
    let marker = word
        .trim_end()
        .strip_suffix(']')
        .and_then(|w| w.rsplit_once('['))
        .and_then(|(text, n)| Some((norm(text), n.parse::<usize>().ok()?)));
    let by_marker = marker.and_then(|(text, n)| {
        let l = links.get(n.checked_sub(1)?)?;
        let label = shown(l);
        (text.is_empty() || label.starts_with(&text)).then_some(l)
    });
    let found = by_marker.or_else(|| {
        links.iter().find(|l| {
            let label = shown(l);
            !label.is_empty() && (label == w || label.starts_with(&w) && word.trim().ends_with('…'))
        })
    });
    let Some(l) = found else {
        return vec![];
    };
    let (label, url) = (
        trompe_api::html::sanitize_line(&l.text).into_owned(),
        l.url.clone(),
    );
    if let Some(fx) = crate::views::links::open_inside(state, &label, &url) {
        return fx;
    }
    if url.starts_with("https://") || url.starts_with("http://") {
        vec![Effect::OpenUrl { url }]
    } else {
        vec![]
    }
}
