//! Keys → actions. Keys are named as strings (`"j"`, `"Down"`, `"ctrl-c"`),
//! so bindings can come from a config file and the help screen is generated
//! from the same table. The terminal layer turns key events into these names.

use super::action::Action;

/// One binding: the key names, what it does, and its help text.
#[derive(Debug, Clone)]
pub struct Binding {
    pub keys: &'static [&'static str],
    pub action: fn() -> Action,
    pub help: &'static str,
}

/// The default bindings, in help-screen order.
pub const BINDINGS: &[Binding] = &[
    Binding {
        keys: &["j", "Down"],
        action: || Action::ScrollDown,
        help: "next status",
    },
    Binding {
        keys: &["k", "Up"],
        action: || Action::ScrollUp,
        help: "previous status",
    },
    Binding {
        keys: &["PageDown", "ctrl-f", " "],
        action: || Action::PageDown,
        help: "page down",
    },
    Binding {
        keys: &["PageUp", "ctrl-b"],
        action: || Action::PageUp,
        help: "page up",
    },
    Binding {
        keys: &["g", "Home"],
        action: || Action::Top,
        help: "newest (top)",
    },
    Binding {
        keys: &["G", "End"],
        action: || Action::Bottom,
        help: "oldest loaded (bottom)",
    },
    Binding {
        keys: &["r", "F5"],
        action: || Action::Refresh,
        help: "refresh / retry / reconnect",
    },
    Binding {
        keys: &["z"],
        action: || Action::ToggleCw,
        help: "show/hide CW and sensitive media",
    },
    Binding {
        keys: &["Tab", "l", "Right"],
        action: || Action::NextTab,
        help: "next tab",
    },
    Binding {
        keys: &["BackTab", "h", "Left"],
        action: || Action::PrevTab,
        help: "previous tab",
    },
    Binding {
        keys: &["Enter"],
        action: || Action::Select,
        help: "open thread / choose / accept request",
    },
    Binding {
        keys: &["A"],
        action: || Action::ToggleSwitcher,
        help: "switch account / add an account",
    },
    Binding {
        keys: &["F"],
        action: || Action::CycleNotificationFilter,
        help: "notifications: next type filter",
    },
    Binding {
        keys: &["x"],
        action: || Action::Reject,
        help: "notifications: reject request / dismiss",
    },
    Binding {
        keys: &["C"],
        action: || Action::ClearNotifications,
        help: "notifications: clear all",
    },
    Binding {
        keys: &["N"],
        action: || Action::ShowRequests,
        help: "filtered notifications: requests and policy",
    },
    Binding {
        keys: &["c"],
        action: || Action::Compose,
        help: "write a post (continues an unsent draft)",
    },
    Binding {
        keys: &["R"],
        action: || Action::Reply,
        help: "reply",
    },
    Binding {
        keys: &["Q"],
        action: || Action::Quote,
        help: "quote the post (newer servers)",
    },
    Binding {
        keys: &["e"],
        action: || Action::Edit,
        help: "edit your post",
    },
    Binding {
        keys: &["f"],
        action: || Action::Favourite,
        help: "favourite / unfavourite",
    },
    Binding {
        keys: &["b"],
        action: || Action::Boost,
        help: "boost / unboost",
    },
    Binding {
        keys: &["V"],
        action: || Action::BoostMenu,
        help: "boost with a chosen visibility (public, unlisted, followers)",
    },
    Binding {
        keys: &["B"],
        action: || Action::Bookmark,
        help: "bookmark / unbookmark",
    },
    Binding {
        keys: &["E"],
        action: || Action::Redraft,
        help: "delete and redraft your post (asks first)",
    },
    Binding {
        keys: &["P"],
        action: || Action::Pin,
        help: "pin / unpin your post",
    },
    Binding {
        keys: &["m"],
        action: || Action::MuteThread,
        help: "mute / unmute the conversation",
    },
    Binding {
        keys: &["T"],
        action: || Action::Translate,
        help: "translate the post (T again hides it)",
    },
    Binding {
        keys: &["+"],
        action: || Action::Follow,
        help: "follow / unfollow the author",
    },
    Binding {
        keys: &["M"],
        action: || Action::Mute,
        help: "mute the author (for how long?) / unmute",
    },
    Binding {
        keys: &["X"],
        action: || Action::Block,
        help: "block / unblock the author (asks first)",
    },
    Binding {
        keys: &["y"],
        action: || Action::CopyLink,
        help: "copy the post's link (works over SSH)",
    },
    Binding {
        keys: &["Y"],
        action: || Action::CopyText,
        help: "copy the post's text",
    },
    Binding {
        keys: &["H"],
        action: || Action::ShowHistory,
        help: "the post's edit history",
    },
    Binding {
        keys: &["W"],
        action: || Action::ShowWho,
        help: "who favourited (Tab: boosted) the post; on a profile, its followers",
    },
    Binding {
        keys: &["J"],
        action: || Action::ShowJson,
        help: "the post's raw JSON",
    },
    Binding {
        keys: &["D"],
        action: || Action::Delete,
        help: "delete your post (asks first)",
    },
    Binding {
        keys: &["p"],
        action: || Action::OpenProfile,
        help: "author's profile",
    },
    Binding {
        keys: &["o"],
        action: || Action::OpenLinks,
        help: "open a link or attachment",
    },
    Binding {
        keys: &["v"],
        action: || Action::StartVote,
        help: "vote in the poll (v again to send)",
    },
    Binding {
        keys: &["/"],
        action: || Action::StartSearch,
        help: "search accounts, tags, posts, URLs",
    },
    Binding {
        keys: &[":"],
        action: || Action::StartCommand,
        help: "command (tag, list, bookmarks, user…)",
    },
    Binding {
        keys: &["ctrl-w"],
        action: || Action::CloseTab,
        help: "close the tab",
    },
    Binding {
        keys: &["I"],
        action: || Action::ShowInstance,
        help: "about the instance",
    },
    Binding {
        keys: &["?"],
        action: || Action::ToggleHelp,
        help: "this help",
    },
    Binding {
        keys: &["Esc"],
        action: || Action::Back,
        help: "close / back",
    },
    Binding {
        keys: &["q", "ctrl-c"],
        action: || Action::Quit,
        help: "quit",
    },
];

/// The action bound to `key`, if any.
pub fn action_for(key: &str) -> Option<Action> {
    BINDINGS
        .iter()
        .find(|b| b.keys.contains(&key))
        .map(|b| (b.action)())
}

/// How a key name is shown in the help.
pub fn display_key(key: &str) -> &str {
    match key {
        " " => "Space",
        "BackTab" => "S-Tab",
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_key_is_bound_twice() {
        let mut seen = std::collections::HashSet::new();
        for b in BINDINGS {
            for k in b.keys {
                assert!(seen.insert(*k), "{k} bound twice");
            }
        }
    }

    #[test]
    fn quit_is_bound() {
        assert!(matches!(action_for("q"), Some(Action::Quit)));
        assert!(action_for("F12").is_none());
    }
}
