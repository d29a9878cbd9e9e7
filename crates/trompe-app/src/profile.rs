//! The `:me` commands: open your own profile, and edit it (name, bio,
//! fields, avatar, header, flags, posting defaults) through
//! `update_credentials`.
//!
//! Parsing happens here, synchronously; the request (and reading an image
//! file) runs as [`super::effect::SocialOp::UpdateProfile`] in the effect
//! runner, whose answer comes back as [`Action::ProfileUpdated`].

use trompe_api::endpoints::profile::{MAX_FIELDS, ProfileError};
use trompe_api::entities::{Account, Visibility};

use super::effect::{Effect, SocialOp};
use super::state::{State, ToastKind};
use super::views::View;

/// One change asked for with `:me …`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProfileChange {
    /// Display name.
    Name(String),
    /// Bio, plain text.
    Bio(String),
    /// Field `index` (from 0) set to (name, value), or cleared.
    Field {
        index: usize,
        pair: Option<(String, String)>,
    },
    /// Avatar from a file path (as typed; `~` is expanded by the runner).
    Avatar(String),
    /// Header from a file path.
    Header(String),
    Locked(bool),
    Bot(bool),
    Discoverable(bool),
    /// Default visibility of new posts.
    Visibility(Visibility),
    /// Default language of new posts.
    Language(String),
    /// New posts sensitive by default.
    Sensitive(bool),
}

impl ProfileChange {
    /// The toast shown when the server accepted the change.
    pub fn done_message(&self) -> String {
        let on_off = |b: bool, on: &str, off: &str| if b { on } else { off }.to_string();
        match self {
            ProfileChange::Name(n) if n.is_empty() => "Display name cleared".into(),
            ProfileChange::Name(_) => "Display name changed".into(),
            ProfileChange::Bio(b) if b.is_empty() => "Bio cleared".into(),
            ProfileChange::Bio(_) => "Bio changed".into(),
            ProfileChange::Field { index, pair: None } => format!("Field {} cleared", index + 1),
            ProfileChange::Field { index, .. } => format!("Field {} set", index + 1),
            ProfileChange::Avatar(_) => "Avatar changed".into(),
            ProfileChange::Header(_) => "Header changed".into(),
            ProfileChange::Locked(b) => on_off(
                *b,
                "Account locked: you approve each follower",
                "Account unlocked: anyone can follow you",
            ),
            ProfileChange::Bot(b) => on_off(*b, "Marked as a bot", "No longer marked as a bot"),
            ProfileChange::Discoverable(b) => on_off(
                *b,
                "Your profile may be featured in discovery",
                "Your profile is kept out of discovery",
            ),
            ProfileChange::Visibility(v) => format!("New posts default to {}", v.as_str()),
            ProfileChange::Language(l) => format!("New posts default to the language {l}"),
            ProfileChange::Sensitive(b) => on_off(
                *b,
                "New posts are marked sensitive by default",
                "New posts are not marked sensitive by default",
            ),
        }
    }
}

/// The usage of `:me`, shown when a form is not understood.
pub const USAGE: &str = "Usage: me [name TEXT | bio TEXT | field N NAME = VALUE | avatar PATH | header PATH | locked on|off | bot on|off | discoverable on|off | visibility public|unlisted|private | language CODE | sensitive on|off]";

fn on_off(s: &str) -> Option<bool> {
    match s.to_ascii_lowercase().as_str() {
        "on" | "yes" | "true" => Some(true),
        "off" | "no" | "false" => Some(false),
        _ => None,
    }
}

/// Parses what follows `me` (`rest`, as typed). `Ok(None)` is `:me` alone.
pub fn parse(rest: &str) -> Result<Option<ProfileChange>, String> {
    let rest = rest.trim();
    if rest.is_empty() {
        return Ok(None);
    }
    let (sub, arg) = match rest.split_once(char::is_whitespace) {
        Some((s, a)) => (s, a.trim()),
        None => (rest, ""),
    };
    let usage = |u: &str| Err(format!("Usage: me {u}"));
    let flag = |u: &str, f: fn(bool) -> ProfileChange| match on_off(arg) {
        Some(b) => Ok(Some(f(b))),
        None => Err(format!("Usage: me {u} on|off")),
    };
    match sub.to_lowercase().as_str() {
        "name" => Ok(Some(ProfileChange::Name(arg.to_string()))),
        "bio" | "note" => Ok(Some(ProfileChange::Bio(arg.replace("\\n", "\n")))),
        "field" => {
            let (n, def) = match arg.split_once(char::is_whitespace) {
                Some((n, d)) => (n, d.trim()),
                None => (arg, ""),
            };
            let index = match n.parse::<usize>() {
                Ok(i) if (1..=MAX_FIELDS).contains(&i) => i - 1,
                _ => {
                    return usage(
                        "field N NAME = VALUE (N from 1 to 4; nothing after N clears it)",
                    );
                }
            };
            if def.is_empty() {
                return Ok(Some(ProfileChange::Field { index, pair: None }));
            }
            match def.split_once('=') {
                Some((name, value)) if !name.trim().is_empty() => Ok(Some(ProfileChange::Field {
                    index,
                    pair: Some((name.trim().to_string(), value.trim().to_string())),
                })),
                _ => usage("field N NAME = VALUE (N from 1 to 4; nothing after N clears it)"),
            }
        }
        "avatar" | "header" if arg.is_empty() => usage(&format!("{sub} PATH")),
        "avatar" => Ok(Some(ProfileChange::Avatar(arg.to_string()))),
        "header" => Ok(Some(ProfileChange::Header(arg.to_string()))),
        "locked" => flag("locked", ProfileChange::Locked),
        "bot" => flag("bot", ProfileChange::Bot),
        "discoverable" => flag("discoverable", ProfileChange::Discoverable),
        "sensitive" => flag("sensitive", ProfileChange::Sensitive),
        "visibility" | "privacy" => match arg.to_lowercase().as_str() {
            v @ ("public" | "unlisted" | "private") => {
                Ok(Some(ProfileChange::Visibility(Visibility::from(v))))
            }
            _ => usage("visibility public|unlisted|private"),
        },
        "language" | "lang" => {
            let code = arg.to_lowercase();
            if (2..=3).contains(&code.len()) && code.chars().all(|c| c.is_ascii_lowercase()) {
                Ok(Some(ProfileChange::Language(code)))
            } else {
                usage("language CODE (ISO 639-1, like en or fr)")
            }
        }
        _ => Err(USAGE.to_string()),
    }
}

/// `:me …`: `text` is the whole command line (`me` included).
pub(super) fn command(state: &mut State, text: &str) -> Vec<Effect> {
    let account = state.active;
    let rest = text
        .trim_start()
        .split_once(char::is_whitespace)
        .map_or("", |(_, r)| r);
    match parse(rest) {
        Ok(None) => match state.account().and_then(|a| a.me.clone()) {
            Some(me) => super::views::profile::open_profile(state, me),
            None => {
                state.toast(ToastKind::Info, "Your account is still loading");
                vec![]
            }
        },
        Ok(Some(change)) => vec![Effect::Social {
            account,
            op: SocialOp::UpdateProfile(change),
        }],
        Err(usage) => {
            state.toast(ToastKind::Info, usage);
            vec![]
        }
    }
}

/// The answer of an update: the account becomes `me` (and the profile view
/// of it, if open), or the error is shown.
pub(super) fn updated(
    state: &mut State,
    account: usize,
    what: String,
    result: Result<Box<Account>, ProfileError>,
) {
    match result {
        Ok(me) => {
            if let Some(acc) = state.accounts.get_mut(account) {
                for v in acc.views.iter_mut() {
                    if let View::Profile(p) = v {
                        if p.account.id == me.id {
                            p.account = (*me).clone();
                        }
                    }
                }
                acc.me = Some(*me);
            }
            state.toast(ToastKind::Info, what);
        }
        Err(ProfileError::Api(e)) => super::update::api_error(state, account, &e),
        Err(e @ ProfileError::Image(_)) => state.toast(ToastKind::Error, e.to_string()),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn every_form_parses() {
        assert_eq!(parse("  "), Ok(None));
        assert_eq!(
            parse("name  Ada  Lovelace "),
            Ok(Some(ProfileChange::Name("Ada  Lovelace".into())))
        );
        assert_eq!(
            parse(r"bio Line one\nLine two"),
            Ok(Some(ProfileChange::Bio("Line one\nLine two".into())))
        );
        assert_eq!(
            parse("field 2 Site = https://a.example/x?y=1"),
            Ok(Some(ProfileChange::Field {
                index: 1,
                pair: Some(("Site".into(), "https://a.example/x?y=1".into()))
            }))
        );
        assert_eq!(
            parse("field 4"),
            Ok(Some(ProfileChange::Field {
                index: 3,
                pair: None
            }))
        );
        assert_eq!(
            parse("avatar ~/pics/me 2.png"),
            Ok(Some(ProfileChange::Avatar("~/pics/me 2.png".into())))
        );
        assert_eq!(parse("locked ON"), Ok(Some(ProfileChange::Locked(true))));
        assert_eq!(parse("bot off"), Ok(Some(ProfileChange::Bot(false))));
        assert_eq!(
            parse("visibility unlisted"),
            Ok(Some(ProfileChange::Visibility(Visibility::Unlisted)))
        );
        assert_eq!(
            parse("language FR"),
            Ok(Some(ProfileChange::Language("fr".into())))
        );
        assert_eq!(
            parse("sensitive on"),
            Ok(Some(ProfileChange::Sensitive(true)))
        );
    }

    #[test]
    fn bad_usage_is_explained() {
        for bad in [
            "field 5 a = b",
            "field 0",
            "field x",
            "field 1 no equals sign",
            "field 1 = value without a name",
            "avatar",
            "locked maybe",
            "visibility direct",
            "language french",
            "colour blue",
        ] {
            let e = parse(bad).unwrap_err();
            assert!(e.starts_with("Usage: me"), "{bad}: {e}");
        }
    }
}
