//! The link picker: the links and attachments of a post; Enter opens one
//! outside. Part of `update`: synchronous, no I/O.

use super::{View, picker_move};
use crate::effect::Effect;
use crate::keymap::Command;
use crate::navigate::{focused_status, push_view};
use crate::state::{State, ToastKind};

/// The links and attachments of a status, to open one.
#[derive(Debug, Clone, PartialEq)]
pub struct LinkPicker {
    /// `(label, url)`.
    pub links: Vec<(String, String)>,
    pub selected: usize,
}

/// Keys in the link picker: Enter opens the link outside.
pub(crate) fn command(state: &mut State, cmd: Command) -> Option<Vec<Effect>> {
    if cmd != Command::Select {
        return picker_move(state, cmd);
    }
    let acc = state.account_mut()?;
    let chosen = match acc.views.pop() {
        Some(View::Links(l)) => l.links.get(l.selected).cloned(),
        _ => None,
    };
    let Some((label, url)) = chosen else {
        return Some(vec![]);
    };
    Some(open_inside(state, &label, &url).unwrap_or_else(|| vec![Effect::OpenUrl { url }]))
}

/// `@`: the mentions and hashtags of the focused post, in the picker
/// (Enter opens one inside trompe).
pub(crate) fn open_mentions(state: &mut State) -> Vec<Effect> {
    let Some(s) = focused_status(state).map(|s| s.original().clone()) else {
        return vec![];
    };
    let mut links: Vec<(String, String)> = s
        .mentions
        .iter()
        .map(|m| {
            (
                format!("@{}", trompe_api::html::sanitize_line(&m.acct)),
                m.url.clone(),
            )
        })
        .collect();
    links.extend(s.tags.iter().map(|t| {
        (
            format!("#{}", trompe_api::html::sanitize_line(&t.name)),
            t.url.clone(),
        )
    }));
    if links.is_empty() {
        state.toast(
            ToastKind::Info,
            "This post mentions no one and has no hashtags",
        );
        return vec![];
    }
    push_view(state, View::Links(LinkPicker { links, selected: 0 }));
    vec![]
}

/// A hashtag opens its tab, and a mention its profile, inside trompe;
/// `None` for any other link (it opens outside).
pub(crate) fn open_inside(state: &mut State, label: &str, url: &str) -> Option<Vec<Effect>> {
    let s = focused_status(state).map(|s| s.original().clone());
    if let Some(tag) = label.strip_prefix('#') {
        let tag = tag.trim();
        let known = s.as_ref().is_none_or(|s| {
            s.tags.is_empty() || s.tags.iter().any(|t| t.name.eq_ignore_ascii_case(tag))
        });
        if !tag.is_empty() && known {
            return Some(crate::cmdline::run(state, &format!("tag {tag}")));
        }
    }
    if label.starts_with('@') {
        // The mention's full address, from the post (the label may be
        // only the username).
        let acct = s.as_ref().and_then(|s| {
            s.mentions
                .iter()
                .find(|m| m.url == url)
                .map(|m| m.acct.clone())
        });
        if let Some(acct) = acct {
            return Some(crate::cmdline::run(state, &format!("profile @{acct}")));
        }
    }
    None
}

/// `o`: the links and attachments of the focused post, in a picker (one
/// plain link opens at once).
pub(crate) fn open_links(state: &mut State) -> Vec<Effect> {
    let Some(s) = focused_status(state).map(|s| s.original().clone()) else {
        return vec![];
    };
    let mut links: Vec<(String, String)> = trompe_api::html::Document::parse(&s.content)
        .links()
        .iter()
        .map(|l| {
            (
                trompe_api::html::sanitize_line(&l.text).into_owned(),
                l.url.clone(),
            )
        })
        .collect();
    for m in &s.media_attachments {
        if let Some(u) = m.url.clone().or_else(|| m.remote_url.clone()) {
            let alt = m
                .description
                .clone()
                .unwrap_or_else(|| "no alt text".into());
            links.push((
                format!(
                    "{}: {}",
                    m.kind.as_str(),
                    trompe_api::html::sanitize_line(&alt)
                ),
                u,
            ));
        }
    }
    if let Some(u) = s.url.clone() {
        links.push(("the post itself".into(), u));
    }
    links.retain(|(_, u)| u.starts_with("https://") || u.starts_with("http://"));
    match links.len() {
        0 => {
            state.toast(ToastKind::Info, "This post has no links");
            vec![]
        }
        1 if s.media_attachments.is_empty() && s.url.is_none() => vec![Effect::OpenUrl {
            url: links[0].1.clone(),
        }],
        _ => {
            push_view(state, View::Links(LinkPicker { links, selected: 0 }));
            vec![]
        }
    }
}

/// The picker's title, with its keys.
pub fn hint(km: &crate::keymap::Keymap) -> String {
    format!(
        " open — {} opens, {} closes ",
        km.key(Command::Select),
        km.key(Command::Back)
    )
}
