//! A visitor's view of an instance (`trompe --instance HOST`): no account
//! and no token, only what the instance shows the public. What needs an
//! account says so and offers to log in; what the server would refuse
//! without a token is never sent. Part of `update`: synchronous, no I/O.

use crate::action::Action;
use crate::effect::Effect;
use crate::keymap::Command;
use crate::state::State;
use crate::views::View;

/// Whether the active account is a visitor's.
pub(crate) fn active(state: &State) -> bool {
    state.account().is_some_and(|a| a.read_only)
}

/// What a key does that needs an account, in a few words (`None`: a
/// visitor may do it).
pub(crate) fn needs_account(cmd: Command) -> Option<&'static str> {
    use Command as C;
    Some(match cmd {
        C::Compose | C::Reply | C::Quote => "Posting",
        C::Edit | C::Redraft | C::Delete | C::Pin => "Changing posts",
        C::Favourite => "Favouriting",
        C::Boost | C::BoostMenu => "Boosting",
        C::Bookmark => "Bookmarking",
        C::MuteThread | C::Mute | C::Block => "Muting and blocking",
        C::Translate => "Translating",
        C::Follow => "Following",
        C::StartVote => "Voting",
        C::ClearNotifications
        | C::CycleNotificationFilter
        | C::ShowRequests
        | C::Reject
        | C::DismissRequest => "Notifications",
        C::RemoveAccount => "Removing an account",
        _ => return None,
    })
}

/// The `:` commands a visitor may run: public timelines, profiles,
/// threads, search, the instance, and the app's own.
const VISITOR_COMMANDS: &[&str] = &[
    "tag",
    "t",
    "local",
    "federated",
    "public",
    "trending",
    "trends",
    "user",
    "u",
    "profile",
    "p",
    "search",
    "s",
    "boosts",
    "replies",
    "followers",
    "following",
    "trending-tags",
    "hashtags",
    "messages",
    "instance",
    "accounts",
    "account",
    "login",
    "close",
    "quit",
    "q",
];

/// Whether a visitor may run the `:` command `name`.
pub(crate) fn command_line_allowed(name: &str) -> bool {
    name.starts_with('#') || VISITOR_COMMANDS.contains(&name)
}

/// "`what` needs an account on HOST. Log in now?" — yes opens the login
/// form with the instance filled in.
pub(crate) fn offer_login(state: &mut State, what: &str) -> Vec<Effect> {
    let Some(acc) = state.account_mut() else {
        return vec![];
    };
    let instance = acc.instance.clone();
    let text = format!(
        "You are reading {instance} without an account. {what} needs one.\n\nLog in to an account on {instance} now?"
    );
    // A server on this machine (a test instance) speaks plain http.
    let local = url::Url::parse(&format!("http://{instance}"))
        .ok()
        .and_then(|u| u.host_str().map(trompe_api::config::is_loopback))
        .unwrap_or(false);
    let instance = if local {
        format!("http://{instance}")
    } else {
        instance
    };
    acc.views.push(View::Confirm {
        text,
        action: Box::new(Action::OpenLogin { instance }),
    });
    vec![]
}

/// A server's refusal of a visitor's read (401, 403, or 422 from servers
/// that close their public timelines to visitors), in words. (Without a
/// token, the client reports a 401 as a status, never as a lost login.)
pub(crate) fn refused(host: &str, e: &trompe_api::ApiError) -> Option<String> {
    use trompe_api::ApiError as E;
    let said = match e {
        // The client words a token-less 401 itself.
        E::Status { code: 401, message } => {
            return Some(format!(
                "{host}: {}. :login logs in",
                trompe_api::html::sanitize_line(message)
            ));
        }
        E::Unprocessable { message } => message,
        E::Status { code: 403, message } => message,
        _ => return None,
    };
    let said = trompe_api::html::sanitize_line(said);
    Some(format!(
        "{host} does not show this to visitors without an account (it said: {said}). :login logs in"
    ))
}

/// Whether an effect may run for a visitor: what only an account has
/// (its credentials, markers, announcements, the stream) is not asked for.
pub(crate) fn allowed(state: &State, effect: &Effect) -> bool {
    let visitor = effect
        .account()
        .and_then(|a| state.accounts.get(a))
        .is_some_and(|a| a.read_only);
    !visitor
        || !matches!(
            effect,
            Effect::VerifyCredentials { .. }
                | Effect::LoadMarkers { .. }
                | Effect::SaveMarkers { .. }
                | Effect::LoadAnnouncements { .. }
                | Effect::DismissAnnouncements { .. }
                | Effect::StartStreaming { .. }
                | Effect::ReconnectStream { .. }
                | Effect::Subscribe { .. }
                | Effect::LoadLists { .. }
                | Effect::Filters { .. }
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reading_keys_stay_and_acting_keys_need_an_account() {
        for c in [
            Command::ScrollDown,
            Command::Select,
            Command::OpenProfile,
            Command::OpenLinks,
            Command::NextTab,
            Command::StartCommand,
            Command::ToggleHelp,
            Command::Quit,
        ] {
            assert_eq!(needs_account(c), None, "{c:?}");
        }
        for c in [Command::Favourite, Command::Compose, Command::Follow] {
            assert!(needs_account(c).is_some(), "{c:?}");
        }
        assert!(command_line_allowed("local"));
        assert!(command_line_allowed("#rust"));
        assert!(!command_line_allowed("home"));
        assert!(!command_line_allowed("bookmarks"));
    }
}
